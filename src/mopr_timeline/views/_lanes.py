"""What the timeline plot draws, worked out without matplotlib: lanes of intervals and marks.

A lane is one row of the chart (a chair, a congress or a national section). Each carries
intervals, either certain (true in every refinement of the dates) or only possible, and the
fuzzy dates to mark (a dot when known to the day, a whisker over the range otherwise).
Ordinals are proleptic Gregorian day numbers, clipped to the chart's horizon.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

import attrs

from mopr_timeline.dates import FuzzyDate, FuzzySpan
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.events import (
    CongressHeld,
    Dissolved,
    Event,
    Founded,
    SectionDissolved,
    SectionEstablished,
)
from mopr_timeline.replay._chronology import ChronologyEntry, build_chronology
from mopr_timeline.views._tenures import tenures

__all__ = ["Horizon", "Interval", "Lane", "horizon_of", "lanes"]

_PERIODS = ((1924, "Sections founded by 1924"), (1927, "1925–1927"), (1930, "1928–1930"))


@attrs.frozen
class Horizon:
    """The first and last day on the chart, as ordinals."""

    lo: int
    hi: int


@attrs.frozen
class Interval:
    """From day ``lo`` to day ``hi``: ``certain`` when every refinement agrees."""

    lo: int
    hi: int
    certain: bool


@attrs.frozen(kw_only=True)
class Lane:
    """One row of the chart."""

    label: str
    group: str
    kind: str
    intervals: tuple[Interval, ...] = ()
    marks: tuple[FuzzyDate, ...] = ()
    note: str = ""


def horizon_of(events: Iterable[Event], start: FuzzyDate | None, end: FuzzyDate | None) -> Horizon:
    """The chart's span: ``start``/``end`` when given, else the known bounds padded a little."""
    known = [
        day
        for entry in build_chronology(events)
        for day in (entry.when.lo, entry.when.hi, entry.last.lo, entry.last.hi)
        if MIN_ORDINAL < day < MAX_ORDINAL
    ]
    lo = start.lo if start is not None and start.earliest is not None else None
    hi = end.hi if end is not None and end.latest is not None else None
    if lo is None:
        lo = min(known) - 365 if known else _dt.date(1920, 1, 1).toordinal()
    if hi is None:
        hi = max(known) + 365 if known else _dt.date(1950, 1, 1).toordinal()
    return Horizon(lo=lo, hi=max(hi, lo + 1))


def lanes(events: Sequence[Event], horizon: Horizon) -> list[Lane]:
    """The organization, its chairs, congresses, then sections grouped by when they were founded."""
    entries = build_chronology(events)
    org_end = next((e.when for e in entries if isinstance(e.event, Dissolved)), None)
    result = _organization(entries, horizon)
    result += [
        Lane(
            label=t.person,
            group="Chairs",
            kind="chair",
            intervals=_existence(t.start, t.end, horizon),
            marks=(t.start,) if t.end is None else (t.start, t.end),
        )
        for t in tenures(events)
    ]
    for entry in entries:
        if isinstance(entry.event, CongressHeld):
            span = entry.event.when
            result.append(
                Lane(
                    label=entry.event.name,
                    group="Congresses",
                    kind="congress",
                    marks=(span.start,) if span.start.is_exact else (_covering(span),),
                    note=_strip_preposition(entry.phrase),
                )
            )
    grouped: dict[str, list[Lane]] = {}
    for lane in _sections(entries, org_end, horizon):
        grouped.setdefault(lane.group, []).append(lane)
    for group in _group_order():
        result.extend(sorted(grouped.get(group, []), key=lambda lane: _lane_key(lane)))
    return [lane for lane in result if _visible(lane, horizon)]


def _sections(
    entries: Sequence[ChronologyEntry], org_end: FuzzyDate | None, horizon: Horizon
) -> list[Lane]:
    """One lane per country, its bar drawn from the first claim; later claims are marked too."""
    dissolved = {e.event.country: e.when for e in entries if isinstance(e.event, SectionDissolved)}
    claims: dict[str, list[ChronologyEntry]] = {}
    for entry in entries:
        if isinstance(entry.event, SectionEstablished):
            claims.setdefault(entry.event.country, []).append(entry)
    result = []
    for country, established in claims.items():
        first = established[0]
        end = dissolved.get(country, org_end)
        marks = tuple(e.when for e in established)
        own = _strip_preposition(first.phrase) if first.when.is_open else ""
        others = ", ".join(_strip_preposition(e.phrase) for e in established[1:])
        note = "; ".join(part for part in (own, others and f"also {others}") if part)
        result.append(
            Lane(
                label=country,
                group=_group(first.when),
                kind="section",
                intervals=_existence(first.when, end, horizon),
                marks=marks if end is None or end is org_end else (*marks, end),
                note=note,
            )
        )
    return result


def _lane_key(lane: Lane) -> tuple[tuple[int, int, int], str]:
    return (lane.marks[0].sort_key(), lane.label)


def _group(when: FuzzyDate) -> str:
    if when.earliest is None and when.latest is None:
        return "Date unknown"
    if when.earliest is None or when.latest is None:
        return "Only bounded (before / after)"
    for last_year, name in _PERIODS:
        if when.earliest.year <= last_year:
            return name
    return "1931 and later"


def _group_order() -> tuple[str, ...]:
    return (
        *(name for _, name in _PERIODS),
        "1931 and later",
        "Only bounded (before / after)",
        "Date unknown",
    )


def _organization(entries: Sequence[ChronologyEntry], horizon: Horizon) -> list[Lane]:
    founded = next((e for e in entries if isinstance(e.event, Founded)), None)
    if founded is None:
        return []
    end = next((e.when for e in entries if isinstance(e.event, Dissolved)), None)
    return [
        Lane(
            label=founded.event.name if isinstance(founded.event, Founded) else "",
            group="Organization",
            kind="organization",
            intervals=_existence(founded.when, end, horizon),
            marks=(founded.when,) if end is None else (founded.when, end),
        )
    ]


def _strip_preposition(phrase: str) -> str:
    return phrase.removeprefix("in ").removeprefix("on ")


def _covering(span: FuzzySpan) -> FuzzyDate:
    start, end = span.start, span.end
    if start == end:
        return start
    return FuzzyDate.from_ordinals(
        None if start.earliest is None else start.lo,
        None if end.latest is None else end.hi,
        text=f"{start}–{end}",
        precision=start.precision,
    )


def _existence(start: FuzzyDate, end: FuzzyDate | None, horizon: Horizon) -> tuple[Interval, ...]:
    """Certain from the latest possible start to the earliest possible end; possible around."""
    s_lo, s_hi = _clip(start.lo, horizon), _clip(start.hi, horizon)
    e_lo = horizon.hi if end is None else _clip(end.lo, horizon)
    e_hi = horizon.hi if end is None else _clip(end.hi, horizon)
    if s_hi >= e_lo:
        parts = [Interval(s_lo, e_hi, certain=False)]
    else:
        parts = [
            Interval(s_lo, s_hi, certain=False),
            Interval(s_hi, e_lo, certain=True),
            Interval(e_lo, e_hi, certain=False),
        ]
    return tuple(p for p in parts if p.lo < p.hi)


def _clip(day: int, horizon: Horizon) -> int:
    return max(horizon.lo, min(horizon.hi, day))


def _visible(lane: Lane, horizon: Horizon) -> bool:
    if any(i.lo < horizon.hi and i.hi > horizon.lo for i in lane.intervals):
        return True
    return any(m.lo <= horizon.hi and m.hi >= horizon.lo for m in lane.marks)
