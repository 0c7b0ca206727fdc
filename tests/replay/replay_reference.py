"""The brute-force reference for replay: enumerate every refinement and fold it exactly.

``reference_state`` folds the visible, non-retracted events with the plain exact-date rules
of DESIGN §2-§3 for every refinement of their dates and of the query date, and reports, per
fact, which truth values it took. Open bounds are handled by order compression: between two
consecutive finite bounds only as many days are kept as there are variables that could fall
there, which preserves every ordering of the variables (ties included).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from mopr_timeline import (
    Certainty,
    CongressHeld,
    Dissolved,
    Event,
    FiguresReported,
    Founded,
    FuzzyDate,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    RecordedEvent,
    Retracted,
    SectionDissolved,
    SectionEstablished,
)
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL

Fact = tuple[str, str]
"""("exists", "") / ("name", n) / ("leader", p) / ("body", n) / ("section", c) /
("congress", id) / ("report", id)."""


def _day_bounds(event: Event) -> tuple[int, int]:
    if isinstance(event, CongressHeld):
        return event.when.start.lo, event.when.start.hi
    when = event.when  # type: ignore[attr-defined]
    return when.lo, when.hi


def active_events(records: Sequence[RecordedEvent]) -> list[tuple[int, Event]]:
    """(position, event) of the visible records that count: not retracted, not retractions."""
    hidden = {r.event.target for r in records if isinstance(r.event, Retracted)}
    return [
        (r.version, r.event)
        for r in records
        if not isinstance(r.event, Retracted) and r.event.id not in hidden
    ]


def _universe(intervals: Sequence[tuple[int, int]]) -> list[int]:
    """Days enough to realise every ordering of variables ranging over ``intervals``."""
    ends = sorted({b for iv in intervals for b in iv} | {MIN_ORDINAL, MAX_ORDINAL})
    days: list[int] = []
    for left, right in itertools.pairwise(ends):
        days.append(left)
        room = sum(1 for lo, hi in intervals if lo <= left and right <= hi)
        days.extend(range(left + 1, min(right, left + 1 + room)))
    days.append(ends[-1])
    return days


@attrs.define
class _Fold:
    exists: bool = False
    names: tuple[str, ...] = ()
    leader: str | None = None
    body: str | None = None
    sections: set[str] = attrs.Factory(set)
    begun: set[str] = attrs.Factory(set)

    def apply(self, event: Event, self_ended: set[str]) -> None:
        match event:
            case Founded():
                self.exists = True
                new = (event.name, *event.aliases)
                self.names = (*self.names, *(n for n in new if n not in self.names))
            case Dissolved():
                self.exists = False
                self.leader = None
                self.sections = {c for c in self.sections if c in self_ended}
            case LeaderAppointed():
                self.leader = event.person
            case LeaderLeft():
                if self.leader == event.person:
                    self.leader = None
            case GoverningBodyNamed():
                self.body = event.name
            case SectionEstablished():
                self.sections.add(event.country)
            case SectionDissolved():
                self.sections.discard(event.country)
            case CongressHeld() | FiguresReported():
                self.begun.add(event.id)

    def truths(self, facts: Sequence[Fact]) -> tuple[bool, ...]:
        values = {
            "exists": lambda _: self.exists,
            "name": lambda v: v in self.names,
            "leader": lambda v: self.leader == v,
            "body": lambda v: self.body == v,
            "section": lambda v: v in self.sections,
            "congress": lambda v: v in self.begun,
            "report": lambda v: v in self.begun,
        }
        return tuple(values[kind](value) for kind, value in facts)


def fact_universe(active: Sequence[tuple[int, Event]]) -> list[Fact]:
    facts: list[Fact] = [("exists", "")]
    for _, event in active:
        match event:
            case Founded():
                facts += [("name", n) for n in (event.name, *event.aliases)]
            case LeaderAppointed():
                facts.append(("leader", event.person))
            case GoverningBodyNamed():
                facts.append(("body", event.name))
            case SectionEstablished():
                facts.append(("section", event.country))
            case CongressHeld():
                facts.append(("congress", event.id))
            case FiguresReported():
                facts.append(("report", event.id))
    return list(dict.fromkeys(facts))


def reference_state(records: Sequence[RecordedEvent], query: FuzzyDate) -> dict[Fact, Certainty]:
    """The exact certainty of every fact the visible records can make true, by enumeration."""
    active = active_events(records)
    facts = fact_universe(active)
    self_ended = {e.country for _, e in active if isinstance(e, SectionDissolved)}
    dated = [(p, e, _day_bounds(e)) for p, e in active]
    days = _universe([b for _, _, b in dated] + [(query.lo, query.hi)])
    domains = [[d for d in days if lo <= d <= hi] for _, _, (lo, hi) in dated]
    query_days = [d for d in days if query.lo <= d <= query.hi]
    seen: dict[Fact, set[bool]] = {f: set() for f in facts}
    for choice in itertools.product(*domains):
        order = sorted((day, p, e) for day, (p, e, _) in zip(choice, dated, strict=True))
        fold = _Fold()
        i = 0
        for q in query_days:
            while i < len(order) and order[i][0] <= q:
                fold.apply(order[i][2], self_ended)
                i += 1
            for fact, truth in zip(facts, fold.truths(facts), strict=True):
                seen[fact].add(truth)
    return {f: Certainty.of(s == {True}, True in s) for f, s in seen.items()}


def refinement_count(records: Sequence[RecordedEvent], query: FuzzyDate) -> int:
    """How many refinements ``reference_state`` would enumerate (to keep examples small)."""
    dated = [_day_bounds(e) for _, e in active_events(records)]
    days = _universe([*dated, (query.lo, query.hi)])
    count = sum(1 for d in days if query.lo <= d <= query.hi)
    for lo, hi in dated:
        count *= sum(1 for d in days if lo <= d <= hi)
    return count


def unpruned_state(records: Sequence[RecordedEvent], query: FuzzyDate) -> dict[Fact, Certainty]:
    """Each register fact judged over ALL its relevant events, with no index and no pruning.

    ``certainty_last_in`` is itself checked against ``reference_state``; this oracle scales
    to logs too long to enumerate, so it checks the index's candidate selection.
    """
    from mopr_timeline.replay._register import certainty_last_in

    active = active_events(records)
    ql, qh = query.lo, query.hi
    self_ended = {e.country for _, e in active if isinstance(e, SectionDissolved)}

    def judge(relevant: list[tuple[int, Event]], sets: set[int]) -> Certainty:
        spans = [(*_day_bounds(e), p) for p, e in relevant]
        setters = [s for s in spans if s[2] in sets]
        return certainty_last_in(setters, [s for s in spans if s[2] not in sets], ql, qh)

    def of(*kinds: type[Event]) -> list[tuple[int, Event]]:
        return [(p, e) for p, e in active if isinstance(e, kinds)]

    result: dict[Fact, Certainty] = {}
    founded = of(Founded, Dissolved)
    result["exists", ""] = judge(founded, {p for p, e in founded if isinstance(e, Founded)})
    for kind, value in fact_universe(active):
        if kind == "name":
            spans = [
                _day_bounds(e)
                for _, e in of(Founded)
                if value in (e.name, *e.aliases)  # type: ignore[attr-defined]
            ]
            result[kind, value] = Certainty.of(
                any(hi <= ql for _, hi in spans), any(lo <= qh for lo, _ in spans)
            )
            continue
        if kind == "leader":
            relevant = [
                (p, e)
                for p, e in of(LeaderAppointed, LeaderLeft, Dissolved)
                if not isinstance(e, LeaderLeft) or e.person == value
            ]
            sets = {p for p, e in relevant if isinstance(e, LeaderAppointed) and e.person == value}
        elif kind == "body":
            relevant = of(GoverningBodyNamed)
            sets = {p for p, e in relevant if e.name == value}  # type: ignore[attr-defined]
        elif kind == "section":
            enders = (SectionDissolved,) if value in self_ended else (Dissolved,)
            relevant = [
                (p, e)
                for p, e in of(SectionEstablished, *enders)
                if getattr(e, "country", value) == value
            ]
            sets = {p for p, e in relevant if isinstance(e, SectionEstablished)}
        elif kind in ("congress", "report"):
            (lo, hi) = next(_day_bounds(e) for _, e in active if e.id == value)
            result[kind, value] = Certainty.of(hi <= ql, lo <= qh)
            continue
        else:
            continue
        result[kind, value] = judge(relevant, sets)
    return result
