"""The interactive timeline page: ONE self-contained HTML file, working offline from file://.

Everything is computed here, in Python, and written into the page as data: the lanes (as the
plot groups them, from ``_lanes``), the events behind each lane, the state over time
(``Timeline.segments``) and the counts of each family (``Timeline.series``). The page's
script only looks up and shows what is precomputed: the state on a day is the segment whose
first day is the last one on or before it (ISO date strings compared as text); no date or
certainty logic runs in the browser.

The timeline component is vis-timeline's standalone build, vendored as it comes from the npm
registry (``scripts/vendor_js.py``), with its license, under ``views/page/vendor``. The
page's own script, style and template live beside it in ``views/page``; every one of them is
inlined into the file written.
"""

from __future__ import annotations

import datetime as _dt
import html
import re
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from mopr_timeline.dates import FuzzyDate, FuzzySpan
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Begins,
    Closes,
    Dissolves,
    Event,
    Founds,
    Opens,
    Succeeds,
    Vacates,
)
from mopr_timeline.replay import (
    AsOf,
    ChronologyEntry,
    RangeCount,
    Segment,
    Timeline,
    build_chronology,
    count_series,
)
from mopr_timeline.views._lanes import Horizon, Lane, horizon_of, lanes, organization_name

__all__ = ["VENDORED", "PageError", "page_html", "write_page"]

VENDORED = {
    "script": "vis-timeline-graph2d.min.js",
    "style": "vis-timeline-graph2d.min.css",
    "license": "LICENSE.vis-timeline.md",
}
"""The vendored files of vis-timeline, under ``views/page/vendor``."""


class PageError(MoprTimelineError, ValueError):
    """The page cannot be written (an output path that is not an .html file, nothing to show)."""


def page_html(
    timeline: Timeline,
    *,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    as_of: AsOf = None,
    title: str | None = None,
) -> str:
    """The page for ``timeline`` (events visible ``as_of``), from ``start`` to ``end`` (by
    default the dated events' span, padded by a year), as one HTML text."""
    events = timeline.events(as_of=as_of)
    horizon = horizon_of(events, start, end)
    first, last = _dt.date.fromordinal(horizon.lo), _dt.date.fromordinal(horizon.hi)
    segments = timeline.segments(first, last, as_of=as_of)
    name = organization_name(events) or timeline.stream
    data = _page_data(timeline, events, segments, horizon, as_of)
    heading = title or f"{name}: timeline"
    return _assemble(heading, data, _charts(segments, horizon))


def write_page(
    timeline: Timeline,
    out: str | Path,
    *,
    start: FuzzyDate | None = None,
    end: FuzzyDate | None = None,
    as_of: AsOf = None,
    title: str | None = None,
) -> Path:
    """Write ``page_html(...)`` to ``out`` (a path ending in ``.html`` or ``.htm``)."""
    path = Path(out)
    if path.suffix.lower() not in (".html", ".htm"):
        raise PageError(f"{str(path)!r}: the page's file name must end in .html")
    text = page_html(timeline, start=start, end=end, as_of=as_of, title=title)
    path.write_text(text, encoding="utf-8")
    return path


# -- the data ---------------------------------------------------------------------------------


def _page_data(
    timeline: Timeline,
    events: Sequence[Event],
    segments: Sequence[Segment],
    horizon: Horizon,
    as_of: AsOf,
) -> dict[str, Any]:
    entries = {entry.id: entry for entry in build_chronology(events)}
    disputed = {r.event.id for claims in timeline.disputes(as_of=as_of) for r in claims}
    shown = lanes(events, horizon)
    groups: list[dict[str, Any]] = []
    rows: list[dict[str, Any]] = []
    items: list[dict[str, Any]] = []
    used_events: dict[str, dict[str, Any]] = {}
    for number, lane in enumerate(shown):
        if not groups or groups[-1]["content"] != lane.group:
            groups.append({"id": f"g{len(groups)}", "content": lane.group, "rows": []})
        row_id = f"r{number}"
        groups[-1]["rows"].append(row_id)
        own = [entries[e.id] for e in _lane_events(lane, events) if e.id in entries]
        for entry in own:
            used_events.setdefault(entry.id, _event_json(entry, disputed))
        countries = sorted({e.country for e in own if e.country})
        kinds = sorted({e.kind for e in own})
        is_disputed = any(e.id in disputed for e in own)
        text = _date_text(lane, own)
        rows.append({"id": row_id, "label": lane.label, "group": lane.group})
        for item in _lane_items(lane, horizon, text):
            items.append(
                {
                    **item,
                    "id": f"i{len(items)}",
                    "row": row_id,
                    "label": lane.label,
                    "heading": lane.group,
                    "events": [e.id for e in own],
                    "countries": countries,
                    "kinds": kinds,
                    "disputed": is_disputed,
                }
            )
    facts: list[dict[str, Any]] = []
    fact_index: dict[bytes, int] = {}
    states = []
    for segment in segments:
        state = segment.state
        listed: dict[str, list[int]] = {}
        for family, family_facts in state.to_dict().items():
            if family not in state.families:
                continue
            indexes = []
            for fact, shown_fact in zip(family_facts, state.families[family], strict=True):
                key = orjson.dumps([family, fact], option=orjson.OPT_SORT_KEYS)
                index = fact_index.get(key)
                if index is None:
                    index = fact_index[key] = len(facts)
                    facts.append(
                        {
                            "family": family,
                            "label": _fact_label(shown_fact),
                            "json": fact,
                        }
                    )
                indexes.append(index)
            listed[family] = indexes
        states.append(
            {
                "start": _iso(segment.start),
                "end": _iso(segment.end),
                "exists": state.exists.value,
                "facts": listed,
            }
        )
    families = list(segments[0].state.families) if segments else []
    all_countries = sorted({c for item in items for c in item["countries"]})
    all_kinds = sorted({k for item in items for k in item["kinds"]})
    return {
        "organization": organization_name(events) or timeline.stream,
        "stream": timeline.stream,
        "first": _dt.date.fromordinal(horizon.lo).isoformat(),
        "last": _dt.date.fromordinal(horizon.hi).isoformat(),
        "families": [{"name": f, "title": _title(f)} for f in families],
        "groups": groups,
        "rows": rows,
        "items": items,
        "events": used_events,
        "segments": states,
        "facts": facts,
        "countries": all_countries,
        "kinds": [{"name": k, "label": _kind_label(k)} for k in all_kinds],
    }


def _title(family: str) -> str:
    return family.replace("_", " ").capitalize()


def _kind_label(kind: str) -> str:
    """``SectionEstablished`` -> ``Section established``."""
    words: list[str] = []
    for char in kind:
        if char.isupper() and words:
            words.append(" ")
            words.append(char.lower())
        else:
            words.append(char)
    return "".join(words)


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _fact_label(fact: Any) -> str:
    """How the state panel names a fact: its value, its key, or a record's name and date."""
    identity = str(fact.identity)
    event = getattr(fact, "event", None)
    if event is None or getattr(fact, "key", None) is not None:
        return identity
    name = getattr(event, "name", None)
    when = getattr(event, "when", None)
    dated = f" ({when})" if isinstance(when, FuzzyDate | FuzzySpan) else ""
    return f"{name}{dated}" if name else f"{event.kind}{dated}"


def _event_json(entry: ChronologyEntry, disputed: set[str]) -> dict[str, Any]:
    """What a clicked item shows of one of its events."""
    event = entry.event
    when = getattr(event, "when", None)
    source = entry.source
    return {
        "id": event.id,
        "kind": _kind_label(event.kind),
        "text": entry.text,
        "written": _written(when),
        "bounds": _bounds(when),
        "source": None
        if source is None
        else {"title": source.title, "pages": source.pages, "quotation": source.quotation},
        "disputed": event.id in disputed,
        "competing": list(entry.competing),
    }


def _written(when: object) -> str:
    """The date as the source writes it."""
    if isinstance(when, FuzzySpan):
        return f"{_written(when.start)} – {_written(when.end)}"
    if isinstance(when, FuzzyDate):
        return when.text or str(when)
    return "no date"


def _bounds(when: object) -> str:
    """The date's bounds, earliest to latest day ("open" for an open bound)."""
    if isinstance(when, FuzzySpan):
        return f"{_bounds(when.start)}, ending {_bounds(when.end)}"
    if isinstance(when, FuzzyDate):
        lo = "open" if when.earliest is None else when.earliest.isoformat()
        hi = "open" if when.latest is None else when.latest.isoformat()
        return lo if lo == hi else f"{lo} to {hi}"
    return "none"


def _date_text(lane: Lane, own: Sequence[ChronologyEntry]) -> str:
    """The lane's dates as the sources write them: a record's date; a key's first opening,
    its closing and the other claims' dates; a holder's or the organization's start and end."""
    if lane.kind == "record":
        return lane.note or (_written(lane.marks[0]) if lane.marks else "")
    if lane.kind == "keyed":
        opened = [_written(e.when) for e in own if _acts(e, Opens)]
        closed = [_written(e.when) for e in own if _acts(e, Closes)]
        text = opened[0] if opened else ""
        if closed:
            text += f" – {closed[0]}"
        if len(opened) > 1:
            text += f" (also {', '.join(opened[1:])})"
        return text
    return " – ".join(_written(mark) for mark in lane.marks)


def _acts(entry: ChronologyEntry, effect_type: type) -> bool:
    return any(isinstance(effect, effect_type) for effect in KINDS[entry.kind].effects)


def _lane_items(lane: Lane, horizon: Horizon, text: str) -> list[dict[str, Any]]:
    """The lane's stretches (certain ones solid, possible ones pale) or, for a lane without
    any (a congress), its dates. Each carries the lane's dates as written (``text``) and what
    its bar shows (``content``): the first date on a possible stretch before the certain one,
    the last date on one after it, all of them on the certain stretch."""
    written = [m.text or str(m) for m in lane.marks]
    certain_at = next((i for i, part in enumerate(lane.intervals) if part.certain), None)
    found = []
    for i, interval in enumerate(lane.intervals):
        content = text
        if certain_at is not None and i < certain_at and written:
            content = written[0]
        elif certain_at is not None and i > certain_at and len(written) > 1:
            content = written[-1]
        found.append(
            {
                "start": _dt.date.fromordinal(interval.lo).isoformat(),
                "end": _dt.date.fromordinal(interval.hi).isoformat(),
                "certain": interval.certain,
                "text": text,
                "content": content,
            }
        )
    if not found:
        for mark in lane.marks:
            lo, hi = max(mark.lo, horizon.lo), min(mark.hi, horizon.hi)
            found.append(
                {
                    "start": _dt.date.fromordinal(lo).isoformat(),
                    "end": None if lo == hi else _dt.date.fromordinal(hi + 1).isoformat(),
                    "certain": mark.is_exact,
                    "text": text,
                    "content": text,
                }
            )
    return found


def _family_of(lane: Lane) -> str | None:
    for name in FAMILIES:
        title = _title(name)
        if lane.group == title or lane.group.startswith(f"{title}:"):
            return name
    return None


def _lane_events(lane: Lane, events: Sequence[Event]) -> list[Event]:
    """The events a lane is drawn from: the founding and dissolution for the organization,
    a holder's successions and vacatings, a record, a key's openings and closings."""
    family = _family_of(lane)
    found = []
    for event in events:
        spec = KINDS.get(event.kind)
        if spec is None:
            continue
        for effect in spec.effects:
            if _draws(lane, family, event, effect):
                found.append(event)
                break
    return found


def _draws(lane: Lane, family: str | None, event: Event, effect: object) -> bool:
    if lane.kind == "organization":
        return isinstance(effect, Founds | Dissolves)
    if getattr(effect, "family", None) != family:
        return False
    if isinstance(effect, Succeeds | Vacates):
        return lane.kind == "slot" and getattr(event, effect.value) == lane.label
    if isinstance(effect, Begins):
        shown = str(getattr(event, effect.shows[0])) if effect.shows else event.kind
        return lane.kind == "record" and shown == lane.label
    if isinstance(effect, Opens | Closes):
        return lane.kind == "keyed" and getattr(event, effect.key) == lane.label
    return False


# -- the counts charts -----------------------------------------------------------------------

_WIDTH, _HEIGHT = 720, 220
_LEFT, _RIGHT, _TOP, _BOTTOM = 44, 12, 12, 28


def _charts(segments: Sequence[Segment], horizon: Horizon) -> list[tuple[str, str, str]]:
    """For each family with a fact on some day: its name, an SVG chart of its counts over
    time (certain: a line; possible: a band up to the most that may hold) and an HTML table
    of the same counts."""
    charts = []
    for family in segments[0].state.families if segments else ():
        counts = count_series(list(segments), family)
        if not any(c.at_most for c in counts):
            continue
        charts.append((family, _svg(family, counts, horizon), _table(family, counts)))
    return charts


def _svg(family: str, counts: Sequence[RangeCount], horizon: Horizon) -> str:
    top = max(c.at_most for c in counts) or 1
    span = max(horizon.hi + 1 - horizon.lo, 1)

    def x(ordinal: int) -> float:
        return _LEFT + (ordinal - horizon.lo) / span * (_WIDTH - _LEFT - _RIGHT)

    def y(value: int) -> float:
        return _TOP + (1 - value / top) * (_HEIGHT - _TOP - _BOTTOM)

    upper: list[str] = []
    lower: list[str] = []
    line: list[str] = []
    for count in counts:
        lo = horizon.lo if count.start is None else count.start.toordinal()
        hi = (horizon.hi if count.end is None else count.end.toordinal()) + 1
        upper += [f"{x(lo):.1f},{y(count.at_most):.1f}", f"{x(hi):.1f},{y(count.at_most):.1f}"]
        lower += [f"{x(lo):.1f},{y(count.certain):.1f}", f"{x(hi):.1f},{y(count.certain):.1f}"]
        line += lower[-2:]
    band = " ".join(upper + lower[::-1])
    ticks = []
    first_year = _dt.date.fromordinal(horizon.lo).year + 1
    last_year = _dt.date.fromordinal(horizon.hi).year
    step = next((s for s in (1, 2, 5, 10, 20, 50) if (last_year - first_year) / s <= 10), 100)
    for year in range(-(-first_year // step) * step, last_year + 1, step):
        at = x(_dt.date(year, 1, 1).toordinal())
        ticks.append(
            f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{_HEIGHT - _BOTTOM}" '
            f'y2="{_HEIGHT - _BOTTOM + 4}" class="axis"/>'
            f'<text x="{at:.1f}" y="{_HEIGHT - 8}" text-anchor="middle">{year}</text>'
        )
    for value in sorted({0, top // 2, top}):
        ticks.append(
            f'<line x1="{_LEFT - 4}" x2="{_WIDTH - _RIGHT}" y1="{y(value):.1f}" '
            f'y2="{y(value):.1f}" class="grid"/>'
            f'<text x="{_LEFT - 6}" y="{y(value) + 4:.1f}" text-anchor="end">{value}</text>'
        )
    title = _title(family)
    peak = max(counts, key=lambda c: c.certain)
    summary = (
        f"{title} over time: at most {top} at once; the most certain at once is "
        f"{peak.certain}, from {_iso(peak.start) or 'the start'} to {_iso(peak.end) or 'the end'}."
    )
    return (
        f'<svg class="counts" viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" '
        f'aria-labelledby="chart-{family}-title chart-{family}-desc" '
        f'data-family="{html.escape(family)}">'
        f'<title id="chart-{family}-title">{html.escape(title)}: facts certain and possible '
        f"over time</title>"
        f'<desc id="chart-{family}-desc">{html.escape(summary)}</desc>'
        f"{''.join(ticks)}"
        f'<polygon class="possible-band" points="{band}"/>'
        f'<polyline class="certain-line" points="{" ".join(line)}"/>'
        "</svg>"
    )


def _table(family: str, counts: Sequence[RangeCount]) -> str:
    rows = "".join(
        f"<tr><td>{_iso(c.start) or '…'}</td><td>{_iso(c.end) or '…'}</td>"
        f"<td>{c.certain}</td><td>{c.possible}</td></tr>"
        for c in counts
    )
    return (
        f'<table class="counts-table" data-family="{html.escape(family)}">'
        f"<caption>{html.escape(_title(family))}: counts by range of days</caption>"
        "<thead><tr><th scope=col>From</th><th scope=col>To</th><th scope=col>Certain</th>"
        "<th scope=col>Possible (not certain)</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
    )


# -- the page --------------------------------------------------------------------------------


def _asset(*parts: str) -> str:
    return resources.files("mopr_timeline.views").joinpath("page", *parts).read_text("utf-8")


_CLOSING = re.compile(r"</(script|style)", re.IGNORECASE)


def _script_safe(text: str) -> str:
    """Script or style text that cannot end the element it is inlined in (``</script`` is
    written ``<\\/script``, the same text in a JavaScript string or regular expression)."""
    return _CLOSING.sub(lambda m: "<\\/" + m.group(1), text)


def _assemble(heading: str, data: dict[str, Any], charts: list[tuple[str, str, str]]) -> str:
    # "<" only occurs within JSON strings, where \u003c is the same character
    payload = orjson.dumps(data).decode("utf-8").replace("<", "\\u003c")
    shown = next((f for f, _, _ in charts if f == _FIRST_CHART), charts[0][0] if charts else "")
    options = "".join(
        f'<option value="{html.escape(family)}"{" selected" if family == shown else ""}>'
        f"{html.escape(_title(family))}</option>"
        for family, _, _ in charts
    )
    figures = "".join(
        f'<figure class="chart" data-family="{html.escape(family)}"'
        f"{'' if family == shown else ' hidden'}>{svg}"
        f"<details><summary>{html.escape(_title(family))}: the counts as a table</summary>"
        f"{table}</details></figure>"
        for family, svg, table in charts
    )
    vendor_license = _asset("vendor", VENDORED["license"])
    values = {
        "title": html.escape(heading),
        "vendor_style": _script_safe(_asset("vendor", VENDORED["style"])),
        "page_style": _script_safe(_asset("page.css")),
        "vendor_script": _script_safe(_asset("vendor", VENDORED["script"])),
        "page_script": _script_safe(_asset("page.js")),
        "data": payload,
        "chart_options": options,
        "charts": figures,
        "vendor_license": html.escape(vendor_license),
    }
    # one pass over the template: the texts put in are not searched for markers again
    return _MARKER.sub(lambda m: values[m.group(1)], _asset("page.html"))


_FIRST_CHART = "sections"
"""The family whose counts the page shows first, when it has any."""
_MARKER = re.compile(r"\{\{(\w+)\}\}")
