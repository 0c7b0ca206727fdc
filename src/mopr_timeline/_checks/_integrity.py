"""Integrity: is the stored log intact, readable, and are its dates what their texts say?

Each step collects every problem it can find instead of stopping at the first, so that one
run of ``check`` shows the whole damage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Period,
    parse_date,
    parse_span,
)
from mopr_timeline.events import Event, Retracted
from mopr_timeline.store import Head, RecordedEvent, Store, StoreError

__all__ = ["date_errors", "live_events", "read_log", "retraction_errors", "verify_store"]


def verify_store(store: Store, stream: str, expect_head: Head | str | None = None) -> list[str]:
    """The store's own verification (``Store.verify``: every record read and checked, and
    with ``expect_head`` the stream's history up to that head), as a list of its error."""
    try:
        store.verify(stream, expect_head=expect_head)
    except StoreError as exc:
        return [str(exc)]
    return []


def read_log(store: Store, stream: str) -> tuple[list[RecordedEvent], list[str]]:
    """Every record the store can read back before an error, and that error, if any.

    A record of a kind not registered here reads back whole (as an ``UnregisteredEvent``)
    and is no error: the log holding it is intact.
    """
    records: list[RecordedEvent] = []
    try:
        records.extend(store.read(stream))
    except StoreError as exc:
        return records, [str(exc)]
    return records, []


def _bounds(when: FuzzyDate | FuzzySpan) -> tuple[int, ...]:
    if isinstance(when, FuzzySpan):
        return (when.start.lo, when.start.hi, when.end.lo, when.end.hi)
    return (when.lo, when.hi)


def _shown(when: FuzzyDate | FuzzySpan) -> str:
    if isinstance(when, FuzzySpan):
        return f"{when.start.bounds_text()} / {when.end.bounds_text()}"
    return when.bounds_text()


def _year_of(when: FuzzyDate | FuzzySpan) -> int | None:
    day = when.start.earliest if isinstance(when, FuzzySpan) else when.earliest
    return None if day is None else day.year


def _reread(
    when: FuzzyDate | FuzzySpan, year: int | None, periods: tuple[Period, ...]
) -> FuzzyDate | FuzzySpan:
    if isinstance(when, FuzzySpan):
        return parse_span(when.text, year=year)
    return parse_date(when.text, year=year, periods=periods)


def date_errors(events: Sequence[Event], periods: Iterable[Period] = ()) -> list[str]:
    """Dates whose text does not read back to the stored bounds.

    A text that needs its year from context (a congress table's ``June``) is read again with
    the year the stored date starts in; a text naming one of ``periods`` is read with it.
    """
    named = tuple(periods)
    errors = []
    for event in events:
        when = getattr(event, "when", None)
        if not isinstance(when, FuzzyDate | FuzzySpan) or not when.text:
            continue
        try:
            reread = _reread(when, None, named)
        except DateParseError:
            try:
                reread = _reread(when, _year_of(when), named)
            except DateParseError as exc:
                errors.append(f"{event.id}: date {when.text!r} cannot be read: {exc}")
                continue
        if _bounds(reread) != _bounds(when):
            errors.append(
                f"{event.id}: date {when.text!r} reads as {_shown(reread)}, but the log holds "
                f"{_shown(when)}"
            )
    return errors


def retraction_errors(events: Sequence[Event]) -> list[str]:
    """Retractions whose target is not an earlier event of the stream."""
    seen: set[str] = set()
    errors = []
    for event in events:
        if isinstance(event, Retracted) and event.target not in seen:
            errors.append(
                f"{event.id}: retracts {event.target!r}, which is not an earlier event of the log"
            )
        seen.add(event.id)
    return errors


def live_events(events: Sequence[Event]) -> list[Event]:
    """The events still in force: neither retractions nor retracted."""
    retracted = {e.target for e in events if isinstance(e, Retracted)}
    return [e for e in events if not isinstance(e, Retracted) and e.id not in retracted]
