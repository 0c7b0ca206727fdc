"""The brute-force reference for replay: enumerate every refinement and fold it exactly.

``reference_state`` folds the visible, non-retracted events with the plain exact-date meaning
of each kind's declared effects (whatever the kind: the library's own or a test's) for every
refinement of their dates and of the query date, and reports, per fact, which truth values it
took. Open bounds are handled by order compression: between two consecutive finite bounds only
as many days are kept as there are variables that could fall there, which preserves every
ordering of the variables (ties included).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import attrs

from mopr_timeline import Certainty, Event, FuzzyDate, RecordedEvent, Retracted
from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Accumulates,
    Begins,
    Closes,
    Day,
    Dissolves,
    Founds,
    Opens,
    Reports,
    Shape,
    Succeeds,
    Vacates,
)

Fact = tuple[str, str]
"""("exists", "") or (family, value): a slot's or accumulated value, a keyed fact's key, a
record's event id."""


def day_bounds(event: Event) -> tuple[int, int]:
    """The bounds of the day the event takes effect (a span event's first day)."""
    spec = KINDS[event.kind]
    start = event.when.start if spec.day is Day.SPAN else event.when  # type: ignore[attr-defined]
    return start.lo, start.hi


def active_events(records: Sequence[RecordedEvent]) -> list[tuple[int, Event]]:
    """(position, event) of the visible records that count: not retracted, not retractions."""
    hidden = {r.event.target for r in records if isinstance(r.event, Retracted)}
    return [
        (r.version, r.event)
        for r in records
        if not isinstance(r.event, Retracted) and r.event.id not in hidden
    ]


def _values(event: Event, effect: Accumulates) -> list[str]:
    values: list[str] = []
    for field in effect.values:
        value = getattr(event, field)
        if isinstance(value, str):
            values.append(value)
        elif value is not None:
            values.extend(value)
    return values


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
    """The state with exact dates: folded event by event in (day, position) order."""

    exists: bool = False
    slots: dict[str, str | None] = attrs.Factory(dict)
    keyed: dict[str, set[str]] = attrs.Factory(dict)
    accumulated: dict[str, list[str]] = attrs.Factory(dict)
    begun: dict[str, set[str]] = attrs.Factory(dict)

    def apply(self, event: Event, self_closed: dict[str, set[str]]) -> None:
        for effect in KINDS[event.kind].effects:
            match effect:
                case Founds():
                    self.exists = True
                case Dissolves():
                    self.exists = False
                    for name, family in FAMILIES.items():
                        if not family.ends_with_organization:
                            continue
                        if family.shape is Shape.SLOT:
                            self.slots[name] = None
                        elif family.shape is Shape.KEYED:
                            own = self_closed.get(name, set())
                            self.keyed[name] = {k for k in self.keyed.get(name, ()) if k in own}
                case Opens(family=family, key=key):
                    self.keyed.setdefault(family, set()).add(getattr(event, key))
                case Closes(family=family, key=key):
                    self.keyed.setdefault(family, set()).discard(getattr(event, key))
                case Succeeds(family=family, value=value):
                    self.slots[family] = getattr(event, value)
                case Vacates(family=family, value=value):
                    if self.slots.get(family) == getattr(event, value):
                        self.slots[family] = None
                case Accumulates(family=family):
                    known = self.accumulated.setdefault(family, [])
                    known += [v for v in _values(event, effect) if v not in known]
                case Begins(family=family) | Reports(family=family):
                    self.begun.setdefault(family, set()).add(event.id)

    def truth(self, fact: Fact) -> bool:
        family, value = fact
        if family == "exists":
            return self.exists
        shape = FAMILIES[family].shape
        if shape is Shape.SLOT:
            return self.slots.get(family) == value
        if shape is Shape.KEYED:
            return value in self.keyed.get(family, ())
        if shape is Shape.ACCUMULATING:
            return value in self.accumulated.get(family, ())
        return value in self.begun.get(family, ())


def fact_universe(active: Sequence[tuple[int, Event]]) -> list[Fact]:
    """Every fact the active events can make true."""
    facts: list[Fact] = [("exists", "")]
    for _, event in active:
        for effect in KINDS[event.kind].effects:
            match effect:
                case Accumulates(family=family):
                    facts += [(family, v) for v in _values(event, effect)]
                case Succeeds(family=family, value=value):
                    facts.append((family, getattr(event, value)))
                case Opens(family=family, key=key):
                    facts.append((family, getattr(event, key)))
                case Begins(family=family) | Reports(family=family):
                    facts.append((family, event.id))
    return list(dict.fromkeys(facts))


def _self_closed(active: Sequence[tuple[int, Event]]) -> dict[str, set[str]]:
    """Per keyed family, the keys closed by events of their own."""
    closed: dict[str, set[str]] = {}
    for _, event in active:
        for effect in KINDS[event.kind].effects:
            if isinstance(effect, Closes):
                closed.setdefault(effect.family, set()).add(getattr(event, effect.key))
    return closed


def reference_state(records: Sequence[RecordedEvent], query: FuzzyDate) -> dict[Fact, Certainty]:
    """The exact certainty of every fact the visible records can make true, by enumeration."""
    active = active_events(records)
    facts = fact_universe(active)
    self_closed = _self_closed(active)
    dated = [(p, e, day_bounds(e)) for p, e in active]
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
                fold.apply(order[i][2], self_closed)
                i += 1
            for fact in facts:
                seen[fact].add(fold.truth(fact))
    return {f: Certainty.of(s == {True}, True in s) for f, s in seen.items()}


def refinement_count(records: Sequence[RecordedEvent], query: FuzzyDate) -> int:
    """How many refinements ``reference_state`` would enumerate (to keep examples small)."""
    dated = [day_bounds(e) for _, e in active_events(records)]
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
    self_closed = _self_closed(active)

    def effects(event: Event) -> list[object]:
        return list(KINDS[event.kind].effects)

    def judge(relevant: list[tuple[int, Event]], sets: set[int]) -> Certainty:
        spans = [(*day_bounds(e), p) for p, e in relevant]
        setters = [s for s in spans if s[2] in sets]
        return certainty_last_in(setters, [s for s in spans if s[2] not in sets], ql, qh)

    def acting(kind: type, family: str | None = None) -> list[tuple[int, Event]]:
        return [
            (p, e)
            for p, e in active
            if any(
                isinstance(x, kind) and (family is None or getattr(x, "family", None) == family)
                for x in effects(e)
            )
        ]

    def effect_of(event: Event, kind: type, family: str) -> object:
        return next(x for x in effects(event) if isinstance(x, kind) and x.family == family)  # type: ignore[attr-defined]

    dissolutions = acting(Dissolves)
    life = acting(Founds) + dissolutions
    result: dict[Fact, Certainty] = {("exists", ""): judge(life, {p for p, _ in acting(Founds)})}
    for family, value in fact_universe(active):
        if family == "exists":
            continue
        info = FAMILIES[family]
        if info.shape is Shape.ACCUMULATING:
            spans = [
                day_bounds(e)
                for _, e in acting(Accumulates, family)
                if value in _values(e, effect_of(e, Accumulates, family))  # type: ignore[arg-type]
            ]
            result[family, value] = Certainty.of(
                any(hi <= ql for _, hi in spans), any(lo <= qh for lo, _ in spans)
            )
        elif info.shape is Shape.RECORD:
            (lo, hi) = next(day_bounds(e) for _, e in active if e.id == value)
            result[family, value] = Certainty.of(hi <= ql, lo <= qh)
        elif info.shape is Shape.SLOT:
            setters = acting(Succeeds, family)
            vacating = [
                (p, e)
                for p, e in acting(Vacates, family)
                if getattr(e, effect_of(e, Vacates, family).value) == value  # type: ignore[attr-defined]
            ]
            clearing = dissolutions if info.ends_with_organization else []
            sets = {
                p
                for p, e in setters
                if getattr(e, effect_of(e, Succeeds, family).value) == value  # type: ignore[attr-defined]
            }
            result[family, value] = judge(setters + vacating + clearing, sets)
        else:
            opening = [
                (p, e)
                for p, e in acting(Opens, family)
                if getattr(e, effect_of(e, Opens, family).key) == value  # type: ignore[attr-defined]
            ]
            closing = [
                (p, e)
                for p, e in acting(Closes, family)
                if getattr(e, effect_of(e, Closes, family).key) == value  # type: ignore[attr-defined]
            ]
            if value not in self_closed.get(family, set()):
                closing = dissolutions if info.ends_with_organization else []
            result[family, value] = judge(opening + closing, {p for p, _ in opening})
    return result
