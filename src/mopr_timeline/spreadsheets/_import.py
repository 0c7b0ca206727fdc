"""``import_rows``: a table's rows as events of one kind, all appended in one batch or none.

Each row becomes one event: the mapped cells are read by their field's declared type
(``value_from_text``), the date cell is kept as written (a blank cell is an unknown date), and
the event's id is the row's own (an id column) or derived from the row, so importing the
same table again appends nothing. Every row is checked before anything is written; one bad
row and nothing is.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs
import orjson

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Period
from mopr_timeline.events import (
    KINDS,
    Day,
    Event,
    EventError,
    KindSpec,
    SerialError,
    Source,
    UnreadableEvent,
    UnregisteredEvent,
    describe_type,
    event_from_dict,
    event_to_dict,
    item_type,
    kind_of,
    spec_of,
    value_from_text,
)
from mopr_timeline.spreadsheets._report import (
    AlreadyThere,
    BadRowsError,
    ImportReport,
    RowError,
    SpreadsheetError,
)
from mopr_timeline.store import RecordedEvent, Store, validate_stream_name

__all__ = [
    "Plan",
    "check_header",
    "check_target",
    "derive_id",
    "import_numbered",
    "import_rows",
    "importable_kinds",
    "plan_import",
]

Row = Mapping[Any, Any]
NumberedRow = tuple[int, Row]

_RESERVED = {
    "id": "ids come from the id column (id_column) or are derived from the row",
    "when": "the date is read from the date column (when)",
    "source": "the citation is given as source (its title and pages), not read from a column",
}


def importable_kinds() -> tuple[str, ...]:
    """The registered kinds a table can be imported as (every kind dated by a day or span)."""
    return tuple(name for name, spec in KINDS.items() if spec.day is not Day.NONE)


@attrs.frozen(kw_only=True)
class Plan:
    """What to read from each row, checked against the kind before any row is read."""

    spec: KindSpec
    fields: Mapping[str, str]
    """Field name -> column."""
    when: str
    id_column: str | None
    year: int | None
    source: Source | None
    quote_row: bool
    periods: tuple[Period, ...] = ()

    @property
    def columns(self) -> list[str]:
        """The columns read, each once, in the order named."""
        named = [*self.fields.values(), self.when]
        if self.id_column is not None:
            named.append(self.id_column)
        return list(dict.fromkeys(named))


def import_rows(
    rows: Iterable[Row],
    *,
    store: Store,
    stream: str = "mopr",
    kind: str | type[Event],
    fields: Mapping[str, str],
    when: str,
    year: int | None = None,
    source: Source | None = None,
    quote_row: bool = False,
    id_column: str | None = None,
    dry_run: bool = False,
    columns: Sequence[str] | None = None,
    table: str = "rows",
    periods: Iterable[Period] = (),
) -> ImportReport:
    """Append one event of ``kind`` per row of ``rows`` to ``stream`` of ``store``.

    ``rows`` are mappings from column to cell text (a ``csv.DictReader``, say); ``fields``
    maps each field to the column holding it; ``when`` names the date column. The header
    (the columns) is ``columns``, else the reader's ``fieldnames``, else the first row's keys.
    Rows are numbered as lines of a file whose line 1 is the header (a ``csv.DictReader``'s
    own line numbers are used); ``table`` names the table in messages.

    * A date cell is kept as written (``"before 1933"`` with its quotes); a span kind's cell
      is read as a span; ``year`` completes cells without a year; a cell may name one of
      ``periods`` (``during the Spanish Civil War``); a blank cell is an unknown date.
    * An empty cell is an absent value: the field's default applies, unless the field is
      required (then the row is bad). Other cells are read by their field's declared type
      (``value_from_text``), blanks around them dropped.
    * The id is the ``id_column``'s cell, else derived from the kind, the mapped cells and the
      date cell (``derive_id``): importing the same table again appends nothing. A row whose
      event the stream already holds is counted in ``already``; a row whose id the stream
      holds for a different event is bad; two rows with one id in the table are bad.
    * ``source`` cites every event; with ``quote_row`` its quotation is the row as written
      (``Belgium | | Aug. 1925``).

    Raises ``SpreadsheetError`` before reading any row for a mapping the kind or the header
    does not allow, and ``BadRowsError`` (its ``report`` lists every bad row) when any row is
    bad: then nothing is written. ``dry_run`` checks everything and writes nothing.
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
    first: Row | None = None
    header: Sequence[Any] | None = columns
    if header is None:
        header = getattr(rows, "fieldnames", None)
    iterator: Iterator[Row] | None = None
    if header is None:
        iterator = iter(rows)
        first = next(iterator, None)
        header = [] if first is None else list(first.keys())
    check_header(plan, header, table)
    if iterator is None:
        iterator = iter(rows)
    return import_numbered(
        _numbered(rows, iterator, first),
        plan=plan,
        store=store,
        stream=stream,
        table=table,
        dry_run=dry_run,
    )


def plan_import(
    kind: str | type[Event],
    fields: Mapping[str, str],
    when: str,
    *,
    year: int | None = None,
    source: Source | None = None,
    quote_row: bool = False,
    id_column: str | None = None,
    periods: Iterable[Period] = (),
) -> Plan:
    """What to read from each row, checked against the kind (``SpreadsheetError`` for a
    mapping to a field the kind lacks, a required field left unmapped...); date cells may
    name one of ``periods``."""
    plan = _plan(kind, fields, when, year, source, quote_row, id_column)
    return attrs.evolve(plan, periods=tuple(periods))


def _numbered(
    rows: Iterable[Row], iterator: Iterator[Row], first: Row | None
) -> Iterator[NumberedRow]:
    """The rows with their line in the file: a reader's own line numbers (``line_num``,
    less the line breaks inside the row's cells, so a row is named by its first line), or
    2, 3, ... after a header on line 1."""
    line = 1
    if first is not None:
        line += 1
        yield line, first
    for row in iterator:
        reader_line = getattr(rows, "line_num", None)
        if isinstance(reader_line, int) and not isinstance(reader_line, bool):
            inside = sum(v.count("\n") for v in _cells(row) if isinstance(v, str))
            line = reader_line - inside
        else:
            line += 1
        yield line, row


def import_numbered(
    rows: Iterable[NumberedRow],
    *,
    plan: Plan,
    store: Store,
    stream: str,
    table: str,
    dry_run: bool,
) -> ImportReport:
    """Import rows numbered by their line, after ``plan_import``, ``check_target`` and
    ``check_header`` (see ``import_rows``)."""
    kind = plan.spec.name
    errors: list[RowError] = []
    built: list[tuple[int, Event]] = []
    first_line: dict[str, int] = {}
    count = 0
    for line, row in rows:
        if all(_blank(cell) for cell in _cells(row)):
            continue
        count += 1
        event, problems = _event(plan, line, row)
        errors.extend(problems)
        if event is None:
            continue
        earlier = first_line.setdefault(event.id, line)
        if earlier != line:
            errors.append(_duplicate(plan, line, earlier, event.id))
            continue
        built.append((line, event))
    version = store.current_version(stream)
    recorded = _recorded(store, stream, {event.id for _, event in built})
    new: list[Event] = []
    already: list[AlreadyThere] = []
    for line, event in built:
        record = recorded.get(event.id)
        if record is None:
            new.append(event)
        elif record.event == event:
            already.append(AlreadyThere(line=line, id=event.id))
        else:
            errors.append(
                RowError(
                    line=line,
                    column=plan.id_column,
                    field="id",
                    reason=f"stream {stream!r} already holds a different event with the id "
                    f"{event.id!r} (version {record.version}: {_difference(record.event, event)}); "
                    "to record this row as well, give the rows ids of their own (an id column)",
                )
            )
    errors.sort(key=lambda error: error.line)
    report = ImportReport(
        table=table,
        kind=kind,
        stream=stream,
        rows=count,
        appended=tuple(event.id for event in new),
        already=tuple(already),
        errors=tuple(errors),
        dry_run=dry_run,
    )
    if errors:
        raise BadRowsError(report)
    if dry_run or not new:
        return report
    appended = store.append(stream, new, expected_version=version)
    return attrs.evolve(report, version=appended)


def _plan(
    kind: str | type[Event],
    fields: Mapping[str, str],
    when: str,
    year: int | None,
    source: Source | None,
    quote_row: bool,
    id_column: str | None,
) -> Plan:
    spec = _spec(kind)
    if not isinstance(fields, Mapping):
        raise SpreadsheetError(
            f"fields maps each field to its column ({{'country': 'Country'}}), not "
            f"{type(fields).__name__}"
        )
    own = {field.name: field for field in spec.fields}
    for name, column in fields.items():
        if name in _RESERVED:
            raise SpreadsheetError(
                f"{spec.name}.{name} cannot be mapped to a column: {_RESERVED[name]}"
            )
        if name not in own:
            listed = ", ".join(
                f"{f.name} ({describe_type(f.type)})"
                for f in spec.fields
                if f.name not in _RESERVED
            )
            raise SpreadsheetError(
                f"{spec.name} has no field {name!r} to map a column to; its fields: "
                f"{listed or 'none'}"
            )
        _check_column(f"the column of {spec.name}.{name}", column)
    for field in spec.fields:
        if field.required and field.name not in _RESERVED and field.name not in fields:
            raise SpreadsheetError(
                f"{spec.name} needs {field.name!r} ({describe_type(field.type)}): map a column "
                f"to it (--map {field.name}=COLUMN at the command line)"
            )
    _check_column("the date column (when)", when)
    if id_column is not None:
        _check_column("the id column", id_column)
    if year is not None and (
        isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999
    ):
        raise SpreadsheetError(f"year must be a whole number from 1 to 9999, not {year!r}")
    if source is not None and not isinstance(source, Source):
        raise SpreadsheetError(
            f"source must be a mopr_timeline.Source, not {type(source).__name__}"
        )
    if quote_row:
        if source is None:
            raise SpreadsheetError(
                "quoting the row needs a source to quote from (its title, and pages)"
            )
        if source.quotation is not None:
            raise SpreadsheetError(
                "quoting the row replaces the source's quotation: give a source without one"
            )
    return Plan(
        spec=spec,
        fields=dict(fields),
        when=when,
        id_column=id_column,
        year=year,
        source=source,
        quote_row=bool(quote_row),
    )


def _spec(kind: str | type[Event]) -> KindSpec:
    spec = kind_of(kind) if isinstance(kind, str) else spec_of(kind)
    if spec.day is Day.NONE:
        raise SpreadsheetError(
            f"{spec.name} events cannot be imported from a table (they have no date); "
            f"importable kinds: {', '.join(importable_kinds())}"
        )
    return spec


def _check_column(what: str, column: object) -> None:
    if not isinstance(column, str) or not column.strip():
        raise SpreadsheetError(f"{what} must be a column's name, not {column!r}")


def check_target(store: Store, stream: str, dry_run: bool) -> None:
    """``store`` is a store, ``stream`` a valid stream name and ``dry_run`` a bool."""
    if not isinstance(store, Store):
        raise SpreadsheetError(
            "store must be a mopr_timeline store (e.g. open_store(...)), not "
            f"{type(store).__name__}"
        )
    validate_stream_name(stream)
    if not isinstance(dry_run, bool):
        raise SpreadsheetError(f"dry_run is True or False, not {dry_run!r}")


def check_header(plan: Plan, header: Sequence[Any], table: str) -> None:
    """Every column the plan reads is in the header, once."""
    names = [name for name in header if isinstance(name, str)]
    if not names:
        raise SpreadsheetError(f"{table}: the table is empty (no header line)")
    uses: dict[str, list[str]] = {column: [] for column in plan.columns}
    for name, column in plan.fields.items():
        uses[column].append(name)
    uses[plan.when].append("when")
    if plan.id_column is not None:
        uses[plan.id_column].append("id")
    missing = [column for column in plan.columns if column not in names]
    if missing:
        shown = ", ".join(f"{c!r} (for {', '.join(uses[c])})" for c in missing)
        hint = _hint(missing, names)
        raise SpreadsheetError(
            f"{table}: the header has no column {shown}; its columns: "
            f"{', '.join(repr(n) for n in names)}{hint}"
        )
    twice = [column for column in plan.columns if names.count(column) > 1]
    if twice:
        raise SpreadsheetError(
            f"{table}: the header has the column {twice[0]!r} more than once; rename one of them"
        )


def _hint(missing: Sequence[str], names: Sequence[str]) -> str:
    folded = {name.strip().casefold(): name for name in names}
    for column in missing:
        near = folded.get(column.strip().casefold())
        if near is not None:
            return f" (did you mean {near!r}?)"
    if len(names) == 1:
        for delimiter, called in ((";", "';'"), ("\t", "a tab"), ("|", "'|'"), (",", "','")):
            if delimiter in names[0]:
                return f" (one column only: is the delimiter {called}?)"
    return ""


def _cells(row: Row) -> Iterator[Any]:
    """Every cell of ``row``, those a reader put beyond the header (a list) included."""
    for value in row.values():
        if isinstance(value, list):
            yield from value
        else:
            yield value


def _blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _text(row: Row, column: str) -> str:
    value = row.get(column)
    return "" if value is None else value if isinstance(value, str) else str(value)


def _event(plan: Plan, line: int, row: Row) -> tuple[Event | None, list[RowError]]:
    """The row's event, or the row's errors (every bad cell of it)."""
    spec = plan.spec
    own = {field.name: field for field in spec.fields}
    errors: list[RowError] = []
    data: dict[str, Any] = {}
    extra = [cell for cell in row.get(None) or () if not _blank(cell)] if None in row else []
    if extra:
        errors.append(
            RowError(
                line=line,
                column=None,
                field=None,
                reason=f"the row has {len(extra)} more non-empty cell(s) than the header has "
                "columns (a cell holding the delimiter without quotes?)",
            )
        )
    cells: dict[str, str] = {}
    for name, column in plan.fields.items():
        field = own[name]
        cell = _text(row, column)
        if not cell.strip():
            if field.required:
                errors.append(
                    RowError(
                        line=line,
                        column=column,
                        field=name,
                        reason=f"empty, but {spec.name}.{name} is required "
                        f"({describe_type(field.type)})",
                    )
                )
            continue
        cells[name] = cell.strip()
        try:
            data[name] = value_from_text(
                field.type, _tidy(field.type, cell), year=plan.year, periods=plan.periods
            )
        except ValueError as exc:
            errors.append(RowError(line=line, column=column, field=name, reason=str(exc)))
    date = _text(row, plan.when)
    day = FuzzySpan if spec.day is Day.SPAN else FuzzyDate
    try:
        data["when"] = value_from_text(day, date, year=plan.year, periods=plan.periods)
    except ValueError as exc:
        errors.append(RowError(line=line, column=plan.when, field="when", reason=str(exc)))
    if plan.id_column is not None:
        event_id = _text(row, plan.id_column).strip()
        if not event_id:
            errors.append(
                RowError(
                    line=line,
                    column=plan.id_column,
                    field="id",
                    reason="empty: every row needs an id in the id column",
                )
            )
    else:
        event_id = derive_id(spec, cells, date)
    if errors:
        return None, errors
    source = plan.source
    if source is not None and plan.quote_row:
        source = attrs.evolve(source, quotation=_as_written(row))
    try:
        event = spec.cls(id=event_id, source=source, **data)
    except EventError as exc:
        return None, [_field_error(plan, line, exc.field, exc.reason)]
    problem = _round_trip_problem(spec, event)
    if problem is not None:
        return None, [_field_error(plan, line, *problem)]
    return event, []


def _tidy(kind: Any, cell: str) -> str:
    """The cell without surrounding blanks, and without blanks around a list's items."""
    if item_type(kind) is not None:
        return ";".join(item.strip() for item in cell.split(";"))
    return cell.strip()


def _field_error(plan: Plan, line: int, field: str, reason: str) -> RowError:
    columns = {**plan.fields, "when": plan.when}
    if plan.id_column is not None:
        columns["id"] = plan.id_column
    name = field.split(".")[0] or None
    return RowError(line=line, column=columns.get(name or ""), field=name, reason=reason)


def _round_trip_problem(spec: KindSpec, event: Event) -> tuple[str, str] | None:
    """For a kind of your own: the field that would not read back equal once stored, and why
    (the store refuses such an event; here the row is named)."""
    if spec.builtin:
        return None
    try:
        back = event_from_dict(orjson.loads(orjson.dumps(event_to_dict(event))))
    except (TypeError, ValueError) as exc:
        field = exc.field if isinstance(exc, SerialError) else ""
        return field, f"would not read back once stored: {exc}"
    if back == event:
        return None
    field = next(
        (f.name for f in spec.fields if getattr(back, f.name) != getattr(event, f.name)), ""
    )
    return field, (
        f"would read back as {getattr(back, field, back)!r}, not {getattr(event, field, event)!r}"
    )


def _duplicate(plan: Plan, line: int, earlier: int, event_id: str) -> RowError:
    if plan.id_column is not None:
        return RowError(
            line=line,
            column=plan.id_column,
            field="id",
            reason=f"the id {event_id!r} is also the id of line {earlier}",
        )
    return RowError(
        line=line,
        column=None,
        field=None,
        reason=f"the same {plan.spec.name} as line {earlier} (the same mapped cells and "
        "date); remove one of the two rows, or give each row its own id (an id column)",
    )


def _recorded(store: Store, stream: str, ids: set[str]) -> dict[str, RecordedEvent]:
    """The records of ``stream`` holding any of ``ids``."""
    if not ids:
        return {}
    return {record.event.id: record for record in store.read(stream) if record.event.id in ids}


def _difference(stored: Event, new: Event) -> str:
    if isinstance(stored, UnregisteredEvent):
        return f"an event of the kind {stored.type}, not registered here"
    if isinstance(stored, UnreadableEvent):
        return f"a record of the kind {stored.type} that cannot be read ({stored.reason})"
    if type(stored) is not type(new):
        return f"a {stored.kind}"
    names = [f.name for f in spec_of(new).fields if getattr(stored, f.name) != getattr(new, f.name)]
    if not names:
        return f"a {stored.kind} that differs"
    return f"a {stored.kind} whose {', '.join(names)} {'differs' if len(names) == 1 else 'differ'}"


def _as_written(row: Row) -> str:
    """The row's cells in order, ``|`` between them: ``Belgium | | Aug. 1925``."""
    cells = ["" if cell is None else str(cell).strip() for cell in _cells(row)]
    return "|".join(f" {cell} " if cell else " " for cell in cells).strip()


_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str, limit: int = 40) -> str:
    plain = unicodedata.normalize("NFKD", _CAMEL.sub("-", text))
    ascii_text = plain.encode("ascii", "ignore").decode().lower()
    return _NOT_SLUG.sub("-", ascii_text).strip("-")[:limit].strip("-")


def derive_id(spec: KindSpec, cells: Mapping[str, str], date: str) -> str:
    """A row's stable id: a readable prefix (the kind, and its key's or first cell's text)
    and 12 hex digits of a SHA-256 of the kind, the mapped non-empty cells by field (blanks
    around them dropped) and the date cell. The same row gives the same id in any stream or
    store, whatever the column names or their order."""
    content = json.dumps(
        [spec.name, sorted(cells.items()), date.strip()],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    digest = hashlib.sha256(content.encode("utf-8")).hexdigest()[:12]
    key = spec.key if spec.key in cells else next(iter(cells), None)
    words = [_slug(spec.name), _slug(cells[key]) if key is not None else ""]
    return "-".join([word for word in words if word] + [digest])
