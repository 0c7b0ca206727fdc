"""``import_csv``: a CSV file (UTF-8, with or without Excel's byte order mark) imported with
``import_rows``, each row named by its line in the file."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from mopr_timeline.dates import Period
from mopr_timeline.events import Event, Source
from mopr_timeline.spreadsheets._import import (
    NumberedRow,
    check_header,
    check_target,
    import_numbered,
    plan_import,
)
from mopr_timeline.spreadsheets._report import ImportReport, SpreadsheetError
from mopr_timeline.store import Store

__all__ = ["import_csv", "read_csv"]

_DELIMITER_NAMES = {"tab": "\t", "\\t": "\t"}


def import_csv(
    path: str | os.PathLike[str],
    *,
    store: Store,
    stream: str = "mopr",
    kind: str | type[Event],
    fields: Mapping[str, str],
    when: str,
    delimiter: str = ",",
    year: int | None = None,
    source: Source | None = None,
    quote_row: bool = False,
    id_column: str | None = None,
    dry_run: bool = False,
    periods: Iterable[Period] = (),
) -> ImportReport:
    """Import the CSV file at ``path`` (its first line the header) as ``import_rows`` does.

    The file is read as UTF-8 (an Excel byte order mark is dropped); ``delimiter`` is one
    character (``"tab"`` or ``"\\t"`` for a tab). A file that cannot be read, is not UTF-8
    or is not CSV is a ``SpreadsheetError`` naming it; bad rows are named by their line.
    """
    plan = plan_import(
        kind,
        fields,
        when,
        year=year,
        source=source,
        quote_row=quote_row,
        id_column=id_column,
        periods=periods,
    )
    check_target(store, stream, dry_run)
    table = str(path)
    header, rows = read_csv(path, delimiter=delimiter)
    check_header(plan, header, table)
    return import_numbered(
        rows, plan=plan, store=store, stream=stream, table=table, dry_run=dry_run
    )


def read_csv(
    path: str | os.PathLike[str], *, delimiter: str = ","
) -> tuple[list[str], Iterator[NumberedRow]]:
    """The header of the CSV file at ``path`` (names without surrounding blanks) and its
    rows, each with the line it starts on; cells beyond the header are listed under None."""
    if not isinstance(path, str | os.PathLike):
        raise SpreadsheetError(f"expected the path of a CSV file, not {type(path).__name__}")
    name = str(path)
    sep = _delimiter(delimiter)
    text = _text(Path(path), name)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep)
    header: list[str] | None = None
    header_line = 0
    try:
        while header is None:
            header_line = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                raise SpreadsheetError(f"{name}: the file is empty (no header line)")
            if cells:
                header = [cell.strip() for cell in cells]
    except csv.Error as exc:
        raise SpreadsheetError(f"{name}, line {header_line}: not readable as CSV: {exc}") from None
    return header, _rows(reader, header, name)


def _rows(reader: Iterator[list[str]], header: list[str], name: str) -> Iterator[NumberedRow]:
    line_num = getattr(reader, "line_num", 0)
    while True:
        line = getattr(reader, "line_num", line_num) + 1
        try:
            cells = next(reader, None)
        except csv.Error as exc:
            raise SpreadsheetError(f"{name}, line {line}: not readable as CSV: {exc}") from None
        if cells is None:
            return
        if not cells:
            continue
        row: dict[str | None, object] = dict(zip(header, cells, strict=False))
        for column in header[len(cells) :]:
            row.setdefault(column, "")
        if len(cells) > len(header):
            row[None] = cells[len(header) :]
        yield line, row


def _delimiter(delimiter: str) -> str:
    if not isinstance(delimiter, str):
        raise SpreadsheetError(f"the delimiter is one character, not {delimiter!r}")
    sep = _DELIMITER_NAMES.get(delimiter.lower(), delimiter)
    if len(sep) != 1 or sep in '\r\n"':
        raise SpreadsheetError(
            f"the delimiter is one character (',', ';', 'tab'...) other than a quote or a "
            f"line break, not {delimiter!r}"
        )
    return sep


def _text(path: Path, name: str) -> str:
    """The file's text, or a ``SpreadsheetError`` saying why it cannot be read as UTF-8."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SpreadsheetError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise SpreadsheetError(f"{name}: a directory, not a CSV file") from None
    except OSError as exc:
        raise SpreadsheetError(f"{name}: cannot read the file: {exc.strerror or exc}") from None
    if data.startswith(b"PK\x03\x04"):
        raise SpreadsheetError(
            f"{name}: a workbook (.xlsx, .ods), not CSV; save the sheet as 'CSV UTF-8' first"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise SpreadsheetError(f"{name}: UTF-16 text, not UTF-8; save it as 'CSV UTF-8'")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SpreadsheetError(
            f"{name}, line {line}: not UTF-8 text (byte 0x{data[exc.start]:02x}); save it as "
            "'CSV UTF-8'"
        ) from None
    if "\0" in text:
        line = text[: text.index("\0")].count("\n") + 1
        raise SpreadsheetError(f"{name}, line {line}: not a text file (it holds NUL bytes)")
    return text
