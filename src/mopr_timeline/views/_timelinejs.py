"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

Every slide has ``start_date`` (and ``end_date`` when the date is a range) as date objects
holding ``year``, ``month`` and ``day`` only as far as the bounds reach; ``display_date``
is the source's own text; ``group`` is the event kind or the country; ``eras`` are the
tenures of the leaders (the ``leaders`` slot family). A date open on one side is placed at
its known bound (``before 1933`` in 1932); entries with no bound at all ("date unknown")
cannot be placed and are left out.
"""

from __future__ import annotations

import datetime as _dt
import html
import json
from collections.abc import Iterable
from typing import Any, Literal

from mopr_timeline.dates import FuzzyDate
from mopr_timeline.events import Event
from mopr_timeline.replay import ChronologyEntry, describe
from mopr_timeline.views._rows import date_text
from mopr_timeline.views._tenures import Tenure, tenures

__all__ = ["GroupBy", "render_timelinejs", "timelinejs_document"]

GroupBy = Literal["kind", "country"]
"""What TimelineJS groups rows by: the event kind, or the country ("International": none)."""
DateObject = dict[str, int]


def timelinejs_document(
    entries: Iterable[ChronologyEntry],
    *,
    events: Iterable[Event] | None = None,
    group_by: GroupBy = "kind",
    title: str | None = None,
) -> dict[str, Any]:
    """The TimelineJS3 data object; eras come from ``events`` (default: the entries' events)."""
    listed = list(entries)
    slides = [slide for entry in listed if (slide := _slide(entry, group_by)) is not None]
    document: dict[str, Any] = {"events": slides}
    if title:
        document["title"] = {"text": {"headline": html.escape(title), "text": ""}}
    era_events = list(events) if events is not None else [e.event for e in listed]
    eras = [era for tenure in tenures(era_events) if (era := _era(tenure)) is not None]
    if eras:
        document["eras"] = eras
    return document


def render_timelinejs(
    entries: Iterable[ChronologyEntry],
    *,
    events: Iterable[Event] | None = None,
    group_by: GroupBy = "kind",
    title: str | None = None,
) -> str:
    """The TimelineJS3 data object as JSON text."""
    document = timelinejs_document(entries, events=events, group_by=group_by, title=title)
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def _slide(entry: ChronologyEntry, group_by: GroupBy) -> dict[str, Any] | None:
    last = entry.last
    start = _start_object(entry.when)
    if start is None:
        return None
    slide: dict[str, Any] = {
        "unique_id": entry.id,
        "start_date": start,
        "display_date": date_text(entry),
        "text": {"headline": html.escape(_headline(entry)), "text": _body(entry)},
        "group": entry.kind if group_by == "kind" else (entry.country or "International"),
    }
    end = _end_object(last)
    if end is not None and end != start:
        slide["end_date"] = end
    return slide


def _headline(entry: ChronologyEntry) -> str:
    what = describe(entry.event)
    return what[0].upper() + what[1:]


def _body(entry: ChronologyEntry) -> str:
    parts = [f"<p>{html.escape(entry.text)}</p>"]
    source = entry.source
    if source is not None:
        if source.quotation:
            parts.append(f"<blockquote>{html.escape(source.quotation)}</blockquote>")
        parts.append(f"<p><em>Source:</em> {html.escape(str(source))}</p>")
    return "".join(parts)


def _start_object(when: FuzzyDate) -> DateObject | None:
    if when.earliest is not None:
        return _date_object(when.earliest, _unit(when))
    if when.latest is not None:
        return _date_object(when.latest, _unit(when))
    return None


def _end_object(when: FuzzyDate) -> DateObject | None:
    day = when.latest if when.latest is not None else when.earliest
    return None if day is None else _date_object(day, _unit(when))


def _unit(when: FuzzyDate) -> str:
    """The coarsest unit the known bounds align to: ``year``, ``month`` or ``day``."""
    lo, hi = when.earliest, when.latest
    year = (lo is None or (lo.month, lo.day) == (1, 1)) and (
        hi is None or (hi.month, hi.day) == (12, 31)
    )
    if year and not when.is_exact:
        return "year"
    month = (lo is None or lo.day == 1) and (hi is None or hi.day == hi.days_in_month)
    return "month" if month and not when.is_exact else "day"


def _date_object(day: _dt.date, unit: str) -> DateObject:
    obj = {"year": day.year}
    if unit in ("month", "day"):
        obj["month"] = day.month
    if unit == "day":
        obj["day"] = day.day
    return obj


def _era(tenure: Tenure) -> dict[str, Any] | None:
    start = _start_object(tenure.start)
    end = None if tenure.end is None else _end_object(tenure.end)
    if start is None or end is None:
        return None
    return {
        "start_date": start,
        "end_date": end,
        "text": {"headline": html.escape(tenure.holder), "text": ""},
    }
