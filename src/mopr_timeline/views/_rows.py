"""Flat rows for tabular formats: the columns of CSV, and the records behind JSON."""

from __future__ import annotations

import datetime as _dt

import attrs
import cattrs

from mopr_timeline.dates import FuzzyDate
from mopr_timeline.events import Source
from mopr_timeline.replay import ChronologyEntry

__all__ = [
    "CSV_COLUMNS",
    "ChronologyRecord",
    "ChronologyRow",
    "SourceRecord",
    "converter",
    "date_text",
    "edtf",
    "record",
    "row",
    "source_record",
]

converter = cattrs.Converter()
"""Unstructures the view records to plain dicts for CSV and JSON."""


@attrs.frozen(kw_only=True)
class ChronologyRow:
    """One entry, flattened: ISO bounds (empty for open ones) and the source as one line.

    For a congress, ``earliest`` is the first day it may have begun and ``latest`` the last
    day it may have ended, so spreadsheet and Palladio users see the whole meeting.
    ``certainty`` is ``certain`` or ``possible``: whether the entry falls in the range asked.
    """

    id: str
    type: str
    when: str
    earliest: str
    latest: str
    text: str
    country: str
    source: str
    disputed: str
    certainty: str


CSV_COLUMNS = tuple(field.name for field in attrs.fields(ChronologyRow))
"""The CSV header, in order; ``earliest``/``latest`` are ISO days, empty when open;
``disputed`` is ``true`` for a claim of a dispute (its text says whose claim it is);
``certainty`` is ``certain`` or ``possible``: whether the entry falls in the range asked."""


@attrs.frozen(kw_only=True)
class CitedWorkRecord:
    """What a cited work cites, as JSON: title and pages."""

    title: str
    pages: str | None


@attrs.frozen(kw_only=True)
class SourceRecord:
    """A citation as JSON: title, pages, the part of the work read, the quotation, and what
    the work cites for it."""

    title: str
    pages: str | None
    part: str | None
    quotation: str | None
    cites: CitedWorkRecord | None


@attrs.frozen(kw_only=True)
class ChronologyRecord:
    """One entry for JSON: the CSV facts plus the hedged phrase, EDTF and the full citation.

    Open bounds are ``null``; ``edtf`` is the date (a congress: its interval) in EDTF;
    ``competing`` the ids of the claims a disputed entry competes with; ``certainty``
    whether the entry falls in the range asked (``certain`` or ``possible``).
    """

    id: str
    type: str
    when: str
    phrase: str
    earliest: str | None
    latest: str | None
    edtf: str
    text: str
    country: str | None
    source: SourceRecord | None
    disputed: bool
    competing: tuple[str, ...]
    certainty: str


def date_text(entry: ChronologyEntry) -> str:
    """The source's own date text for an entry, with the context completing it
    (``January 1 [1932]``; its bounds when it has no text)."""
    text = entry.span.text if entry.span is not None else entry.when.whole
    return text.strip() or _bounds(entry.when)


def _bounds(when: FuzzyDate) -> str:
    return "unknown" if when.earliest is None and when.latest is None else when.bounds_text()


def _iso(day: _dt.date | None) -> str:
    return "" if day is None else day.isoformat()


def row(entry: ChronologyEntry) -> ChronologyRow:
    """The CSV row of an entry."""
    return ChronologyRow(
        id=entry.id,
        type=entry.kind,
        when=date_text(entry),
        earliest=_iso(entry.when.earliest),
        latest=_iso(entry.last.latest),
        text=entry.text,
        country=entry.country or "",
        source="" if entry.source is None else str(entry.source),
        disputed="true" if entry.disputed else "false",
        certainty=entry.certainty.value,
    )


def source_record(source: Source | None) -> SourceRecord | None:
    """The citation as a JSON-ready record."""
    if source is None:
        return None
    cited = source.cites
    return SourceRecord(
        title=source.title,
        pages=source.pages,
        part=source.part,
        quotation=source.quotation,
        cites=None if cited is None else CitedWorkRecord(title=cited.title, pages=cited.pages),
    )


def record(entry: ChronologyEntry) -> ChronologyRecord:
    """The JSON record of an entry."""
    return ChronologyRecord(
        id=entry.id,
        type=entry.kind,
        when=date_text(entry),
        phrase=entry.phrase,
        earliest=_iso(entry.when.earliest) or None,
        latest=_iso(entry.last.latest) or None,
        edtf=edtf(entry),
        text=entry.text,
        country=entry.country,
        source=source_record(entry.source),
        disputed=entry.disputed,
        competing=entry.competing,
        certainty=entry.certainty.value,
    )


def edtf(entry: ChronologyEntry) -> str:
    """The entry's date in EDTF: an interval for a congress, else one (possibly fuzzy) day."""
    return entry.span.to_edtf() if entry.span is not None else entry.when.to_edtf()
