"""What the timeline plot draws, worked out without matplotlib: lanes of intervals and marks.

A lane is one row of the chart, drawn from the kinds' declared effects: the organization
(founding to dissolution), each holder of a slot family (a chair), each record of a family
whose kinds begin something (a congress), and each key of a keyed family (a national
section). Each carries intervals, either certain (true in every refinement of the dates) or
only possible, and the fuzzy dates to mark. An open bound ("before 1933", a date unknown)
reaches back to the organization's founding and forward to its dissolution (a fact of the
organization holds only in its life), never to the chart's edge. Ordinals are proleptic
Gregorian day numbers, clipped to the chart's horizon.

The grouping lives here, once, for every view that draws lanes (the plot, the HTML page).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence

import attrs

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, FuzzyDate, FuzzySpan
from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Accumulates,
    Begins,
    Closes,
    Dissolves,
    Event,
    Founds,
    Opens,
    Shape,
    SpanEvent,
)
from mopr_timeline.replay import ChronologyEntry, build_chronology
from mopr_timeline.views._tenures import slot_families, tenures

__all__ = [
    "LANE_KINDS",
    "Horizon",
    "Interval",
    "Lane",
    "Life",
    "horizon_of",
    "is_undated",
    "lanes",
    "organization_life",
    "organization_name",
    "undated_summary",
]

LANE_KINDS = ("organization", "slot", "record", "keyed")
"""What a lane shows: the organization, a slot's holder, a record, a keyed fact."""


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
    """One row of the chart: ``kind`` is one of ``LANE_KINDS``, ``group`` its heading."""

    label: str
    group: str
    kind: str
    intervals: tuple[Interval, ...] = ()
    marks: tuple[FuzzyDate, ...] = ()
    note: str = ""


@attrs.frozen
class Life:
    """When the organization was founded and dissolved (``None``: not recorded)."""

    founded: FuzzyDate | None
    dissolved: FuzzyDate | None

    @property
    def first(self) -> int | None:
        """The first day the organization may have existed (its founding's earliest day)."""
        founded = self.founded
        return None if founded is None or founded.earliest is None else founded.lo

    @property
    def last(self) -> int | None:
        """The last day it may have existed (its dissolution's latest day)."""
        dissolved = self.dissolved
        return None if dissolved is None or dissolved.latest is None else dissolved.hi


def organization_life(events: Iterable[Event]) -> Life:
    """The dates of the first founding and the first dissolution among ``events`` (retracted
    ones left out): what an open date ("before 1933") reaches back or forward to."""
    entries = build_chronology(events)
    founded = next((e.when for e in entries if _acting(e, Founds)), None)
    dissolved = next((e.when for e in entries if _acting(e, Dissolves)), None)
    return Life(founded=founded, dissolved=dissolved)


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


def _title(family: str) -> str:
    return family.replace("_", " ").capitalize()


def _acting(entry: ChronologyEntry, effect_type: type, family: str | None = None) -> object | None:
    """The effect of ``effect_type`` (on ``family``) by which the entry's event acts, if any."""
    for effect in KINDS[entry.kind].effects:
        if isinstance(effect, effect_type) and (
            family is None or getattr(effect, "family", None) == family
        ):
            return effect
    return None


def lanes(events: Sequence[Event], horizon: Horizon) -> list[Lane]:
    """The organization, the holders of each slot family, the records of each family of
    things begun (congresses), then each keyed family's keys grouped by decade of their first
    claim."""
    entries = build_chronology(events)
    life = organization_life(events)
    org_end = life.dissolved
    result = _organization(entries, horizon)
    for family in slot_families():
        ends = life if FAMILIES[family].of_organization else Life(life.founded, None)
        result += [
            Lane(
                label=t.holder,
                group=_title(family),
                kind="slot",
                intervals=_existence(t.start, t.end, horizon, ends),
                marks=(t.start,) if t.end is None else (t.start, t.end),
            )
            for t in tenures(events, family)
        ]
    for family, info in FAMILIES.items():
        if info.shape is not Shape.RECORD:
            continue
        for entry in entries:
            begins = _acting(entry, Begins, family)
            if not isinstance(begins, Begins):
                continue
            when = entry.event.when if isinstance(entry.event, SpanEvent) else None
            label = str(getattr(entry.event, begins.shows[0])) if begins.shows else entry.kind
            result.append(
                Lane(
                    label=label,
                    group=_title(family),
                    kind="record",
                    marks=(entry.when,)
                    if when is None or when.start.is_exact
                    else (_covering(when),),
                    note=_strip_preposition(entry.phrase),
                )
            )
    for family, info in FAMILIES.items():
        if info.shape is Shape.KEYED:
            ends = life if info.of_organization else Life(life.founded, None)
            keyed = _keyed(entries, family, org_end, ends, horizon)
            result += sorted(keyed, key=_lane_key)
    return [lane for lane in result if _visible(lane, horizon)]


def _keyed(
    entries: Sequence[ChronologyEntry],
    family: str,
    org_end: FuzzyDate | None,
    life: Life,
    horizon: Horizon,
) -> list[Lane]:
    """One lane per key, its bar drawn from the first claim; later claims are marked too."""
    closed: dict[str, FuzzyDate] = {}
    claims: dict[str, list[ChronologyEntry]] = {}
    for entry in entries:
        closing = _acting(entry, Closes, family)
        if isinstance(closing, Closes):
            closed.setdefault(getattr(entry.event, closing.key), entry.when)
        opening = _acting(entry, Opens, family)
        if isinstance(opening, Opens):
            claims.setdefault(getattr(entry.event, opening.key), []).append(entry)
    result = []
    for key, opened in claims.items():
        first = opened[0]
        end = closed.get(key, life.dissolved)
        marks = tuple(e.when for e in opened)
        own = _strip_preposition(first.phrase) if first.when.is_open else ""
        others = ", ".join(_strip_preposition(e.phrase) for e in opened[1:])
        note = "; ".join(part for part in (own, others and f"also {others}") if part)
        result.append(
            Lane(
                label=key,
                group=_group(_title(family), first.when),
                kind="keyed",
                intervals=_existence(first.when, end, horizon, life),
                marks=marks if end is None or end is org_end else (*marks, end),
                note=note,
            )
        )
    return result


def _lane_key(lane: Lane) -> tuple[int, tuple[int, int, int], str]:
    """Dated groups by decade first, then those only bounded, then those with no date."""
    first = lane.marks[0]
    rank = 2 if first.earliest is None and first.latest is None else int(first.is_open)
    return (rank, first.sort_key(), lane.label)


def _group(title: str, when: FuzzyDate) -> str:
    """The heading of a keyed fact's lane: the decade of its first claim, if bounded."""
    if when.earliest is None and when.latest is None:
        return f"{title}: date unknown"
    if when.earliest is None or when.latest is None:
        return f"{title}: only bounded (before / after)"
    return f"{title}: {when.earliest.year // 10 * 10}s"


def organization_name(events: Iterable[Event]) -> str | None:
    """The name the first founding event gives (the first value of its ``Accumulates``
    effect), if any: what titles a chronology or a plot."""
    for event in events:
        spec = KINDS.get(event.kind)
        if spec is None or not any(isinstance(e, Founds) for e in spec.effects):
            continue
        for effect in spec.effects:
            if isinstance(effect, Accumulates):
                value = getattr(event, effect.values[0])
                name = value if isinstance(value, str) else next(iter(value), None)
                if name:
                    return str(name)
        return None
    return None


def _organization(entries: Sequence[ChronologyEntry], horizon: Horizon) -> list[Lane]:
    founded = next((e for e in entries if _acting(e, Founds)), None)
    if founded is None:
        return []
    end = next((e.when for e in entries if _acting(e, Dissolves)), None)
    return [
        Lane(
            label=organization_name([founded.event]) or "",
            group="Organization",
            kind="organization",
            intervals=_existence(founded.when, end, horizon, Life(None, None)),
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


def _existence(
    start: FuzzyDate, end: FuzzyDate | None, horizon: Horizon, life: Life
) -> tuple[Interval, ...]:
    """Certain from the latest possible start to the earliest possible end; possible around.

    A fact of the organization holds only in its life, so a bar starts no earlier than the
    founding (certain from its latest day) when ``life`` records it: an open start ("before
    1933", a date unknown) reaches back to the founding. No end, or an open one ("after
    1930"), runs to the dissolution (or the chart's edge); a recorded end is kept as it is,
    since a key closed on its own may outlive the organization.
    """
    founded, dissolved = life.founded, life.dissolved
    born_lo = horizon.lo if founded is None or founded.earliest is None else founded.lo
    born_hi = born_lo if founded is None or founded.latest is None else founded.hi
    gone_hi = horizon.hi if dissolved is None or dissolved.latest is None else dissolved.hi
    gone_lo = gone_hi if dissolved is None or dissolved.earliest is None else dissolved.lo
    s_lo = _clip(max(start.lo, born_lo), horizon)
    s_hi = _clip(max(min(start.hi, gone_hi), born_hi), horizon)
    e_lo = _clip(gone_lo if end is None else end.lo, horizon)
    e_hi = _clip(gone_hi if end is None or end.latest is None else end.hi, horizon)
    if s_hi >= e_lo:
        parts = [Interval(s_lo, e_hi, certain=False)]
    else:
        parts = [
            Interval(s_lo, s_hi, certain=False),
            Interval(s_hi, e_lo, certain=True),
            Interval(e_lo, e_hi, certain=False),
        ]
    return tuple(p for p in parts if p.lo < p.hi)


def is_undated(lane: Lane) -> bool:
    """A keyed fact's lane whose first claim has no date at all ("date unknown")."""
    first = lane.marks[0] if lane.marks else None
    return lane.kind == "keyed" and (
        first is None or (first.earliest is None and first.latest is None)
    )


def undated_summary(rows: Sequence[Lane]) -> str:
    """One line naming the undated lanes, by family: "Sections with no date (14): Albania,
    British Guiana, ..."; empty when there are none."""
    families: dict[str, list[str]] = {}
    for lane in rows:
        if is_undated(lane):
            families.setdefault(lane.group.split(":")[0], []).append(lane.label)
    return "; ".join(
        f"{family} with no date ({len(labels)}): {', '.join(labels)}"
        for family, labels in families.items()
    )


def _clip(day: int, horizon: Horizon) -> int:
    return max(horizon.lo, min(horizon.hi, day))


def _visible(lane: Lane, horizon: Horizon) -> bool:
    if any(i.lo < horizon.hi and i.hi > horizon.lo for i in lane.intervals):
        return True
    return any(m.lo <= horizon.hi and m.hi >= horizon.lo for m in lane.marks)
