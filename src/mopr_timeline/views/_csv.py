"""CSV: one row per entry with the columns ``CSV_COLUMNS`` (``id,type,when,...,certainty``).

Loads as it is in spreadsheets and in Palladio (ISO dates; an open bound is an empty cell).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from mopr_timeline.replay import ChronologyEntry
from mopr_timeline.views._rows import CSV_COLUMNS, converter, row

__all__ = ["render_csv"]


def render_csv(entries: Iterable[ChronologyEntry]) -> str:
    """The chronology as CSV text with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for entry in entries:
        writer.writerow(converter.unstructure(row(entry)))
    return out.getvalue()
