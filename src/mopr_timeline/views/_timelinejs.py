"""TimelineJS3 JSON (https://timeline.knightlab.com/docs/json-format.html).

Every slide has ``start_date`` (and ``end_date`` when the date is a range) as date objects
holding ``year``, ``month`` and ``day`` only as far as the bounds reach; ``display_date``
is the source's own text; ``group`` is the event kind or the country; ``eras`` are the
tenures of the leaders (the ``leaders`` slot family).

A date open on one side ("before 1933") becomes a range reaching to the organization's
founding (or, for "after", its dissolution), with a note in its text saying the date is
uncertain; without a recorded founding or dissolution it is placed at its known bound.
Entries with no bound at all ("date unknown") cannot be placed on the time axis: they are
listed on the title slide, so that the file holds every entry it was given.
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
from mopr_timeline.views._lanes import Life, organization_life
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
    era_events = list(events) if events is not None else [e.event for e in listed]
    life = organization_life(era_events)
    undated = [e for e in listed if e.when.earliest is None and e.when.latest is None]
    slides = [_slide(entry, group_by, life) for entry in listed if entry not in undated]
    document: dict[str, Any] = {"events": slides}
    if title or undated:
        document["title"] = {
            "text": {"headline": html.escape(title or "Chronology"), "text": _undated(undated)}
        }
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


def _slide(entry: ChronologyEntry, group_by: GroupBy, life: Life) -> dict[str, Any]:
    """The slide of a dated entry (at least one bound known): an open bound reaches to the
    organization's founding or dissolution when recorded."""
    first, last = entry.when, entry.last
    since = _reach(life.founded, first.earliest is None and _before(life.founded, first))
    until = _reach(life.dissolved, last.latest is None and _before(last, life.dissolved), last=True)
    start = _start_object(first) if since is None else _date_object(since[0], since[1])
    end = _end_object(last) if until is None else _date_object(until[0], until[1])
    body = _body(entry)
    if since is not None or until is not None:
        lo = f"the organization's founding ({since[2]})" if since else _day(first.earliest)
        hi = f"the organization's dissolution ({until[2]})" if until else _day(last.latest)
        body = (
            f"<p><em>Date uncertain: some day from {html.escape(lo)} to {html.escape(hi)}; "
            "the range shows every possible day.</em></p>" + body
        )
    slide: dict[str, Any] = {
        "unique_id": entry.id,
        "start_date": start,
        "display_date": date_text(entry),
        "text": {"headline": html.escape(_headline(entry)), "text": body},
        "group": entry.kind if group_by == "kind" else (entry.country or "International"),
    }
    if end is not None and end != start:
        slide["end_date"] = end
    return slide


def _before(first: FuzzyDate | None, then: FuzzyDate | None) -> bool:
    """Whether ``first`` may be on or before ``then`` (both recorded)."""
    return first is not None and then is not None and first.lo <= then.hi


def _reach(
    life: FuzzyDate | None, applies: bool, *, last: bool = False
) -> tuple[_dt.date, str, str] | None:
    """The founding's first (``last``: the dissolution's last) possible day, its unit and
    its text, when an open bound reaches to it and that day is known."""
    if not applies or life is None:
        return None
    day = life.latest if last else life.earliest
    if day is None:
        return None
    return day, _unit(life), life.text.strip().strip('"') or life.bounds_text()


def _day(day: _dt.date | None) -> str:
    return "?" if day is None else day.isoformat()


def _undated(entries: list[ChronologyEntry]) -> str:
    """The title slide's list of the entries no date places on the time axis."""
    if not entries:
        return ""
    items = "".join(
        f"<li>{html.escape(_headline(e))}"
        + ("" if e.source is None else f" <em>({html.escape(str(e.source))})</em>")
        + "</li>"
        for e in entries
    )
    count = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    return f"<p>Date unknown ({count}, not placed on the time axis):</p><ul>{items}</ul>"


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
