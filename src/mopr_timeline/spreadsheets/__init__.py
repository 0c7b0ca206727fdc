"""Spreadsheets as events: each row of a table (a CSV file, any rows of cells) becomes one
event of a kind, its cells read by the fields' declared types, all rows checked before one
batch is appended, and each event's id derived from its row so that importing the same
table again appends nothing.
"""

from mopr_timeline.spreadsheets._csv import import_csv, read_csv
from mopr_timeline.spreadsheets._import import derive_id, import_rows, importable_kinds
from mopr_timeline.spreadsheets._report import (
    AlreadyThere,
    BadRowsError,
    ImportReport,
    RowError,
    SpreadsheetError,
)

__all__ = [
    "AlreadyThere",
    "BadRowsError",
    "ImportReport",
    "RowError",
    "SpreadsheetError",
    "derive_id",
    "import_csv",
    "import_rows",
    "importable_kinds",
    "read_csv",
]
