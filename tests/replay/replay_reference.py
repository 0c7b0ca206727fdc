"""The brute-force reference for replay: enumerate every refinement and fold it exactly.

Refinements are kept only when they satisfy the relations the kinds imply (``implied_pairs``,
written here afresh from the rule the docs state: a group of one family and key with exactly
one live opening, not a disputed claim, pairs it with each undisputed closing that its own
date lets follow the opening, whose day is then not before the opening's).

``reference_state`` folds the visible, non-retracted events with the plain exact-date meaning
of each kind's declared effects (whatever the kind: the library's own or a test's) for every
refinement of their dates and of the query date, and reports, per fact, which truth values it
took. Open bounds are handled by order compression: between two consecutive finite bounds only
as many days are kept as there are variables that could fall there, which preserves every
ordering of the variables (ties included).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Collection, Sequence

import attrs

from mopr_timeline import Certainty, Event, FuzzyDate, FuzzySpan, RecordedEvent, Retracted
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


Pair = tuple[int, int]
"""(opening position, closing position): the closing's day is not before the opening's."""


def implied_pairs(active: Sequence[tuple[int, Event]]) -> list[Pair]:
    """The pairs the kinds imply among the active events (see the module's docstring)."""
    disputed = {p for dispute in disputes_of(active) for p in dispute}
    groups: dict[tuple[str, str], tuple[list[int], list[int]]] = {}
    for p, event in active:
        if KINDS[event.kind].day is Day.NONE:
            continue
        for effect in KINDS[event.kind].effects:
            match effect:
                case Opens(family=family, key=key) | Succeeds(family=family, value=key):
                    groups.setdefault((family, getattr(event, key)), ([], []))[0].append(p)
                case Closes(family=family, key=key) | Vacates(family=family, value=key):
                    groups.setdefault((family, getattr(event, key)), ([], []))[1].append(p)
    pairs: list[Pair] = []
    at = dict(active)
    for opened, closed in groups.values():
        if len(opened) == 1 and opened[0] not in disputed:
            first = day_bounds(at[opened[0]])[0]
            pairs += [
                (opened[0], c)
                for c in closed
                if c not in disputed and first <= day_bounds(at[c])[1]
            ]
    return pairs


def pairs_hold(days: dict[int, int], pairs: Sequence[Pair]) -> bool:
    """Do the days (by position) keep every closing not before its opening?"""
    return all(days[o] <= days[c] for o, c in pairs if o in days and c in days)


def narrowed_by_pairs(
    active: Sequence[tuple[int, Event]], pairs: Sequence[Pair]
) -> dict[int, tuple[int, int]]:
    """Each active event's day bounds narrowed by ``pairs`` alone (no relations): a closing's
    earliest day is at least its opening's, an opening's latest at most each closing's (the
    library's and the test kinds' pairs form stars around one opening: one pass is exact)."""
    bounds = {p: day_bounds(e) for p, e in active}
    for o, c in pairs:
        (olo, ohi), (clo, chi) = bounds[o], bounds[c]
        bounds[c] = (max(clo, olo), chi)
    for o, c in pairs:
        (olo, ohi), (_, chi) = bounds[o], bounds[c]
        bounds[o] = (olo, min(ohi, chi))
    return bounds


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
    founded: bool = False
    dissolved: bool = False
    slots: dict[str, str | None] = attrs.Factory(dict)
    keyed: dict[str, set[str]] = attrs.Factory(dict)
    accumulated: dict[str, list[str]] = attrs.Factory(dict)
    begun: dict[str, set[str]] = attrs.Factory(dict)

    def apply(self, event: Event) -> None:
        for effect in KINDS[event.kind].effects:
            match effect:
                case Founds():
                    self.exists = True
                    self.founded = True
                case Dissolves():
                    self.exists = False
                    self.dissolved = True
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

    def truth(self, fact: Fact, self_closed: dict[str, set[str]]) -> bool:
        """Is ``fact`` true now? A fact of the organization also needs a founding so far and
        no dissolution yet (a keyed fact with closing events of its own: only a founding)."""
        family, value = fact
        if family == "exists":
            return self.exists
        info = FAMILIES[family]
        if info.of_organization:
            outlives = info.shape is Shape.KEYED and value in self_closed.get(family, ())
            if not self.founded or (self.dissolved and not outlives):
                return False
        if info.shape is Shape.SLOT:
            return self.slots.get(family) == value
        if info.shape is Shape.KEYED:
            return value in self.keyed.get(family, ())
        if info.shape is Shape.ACCUMULATING:
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


def disputes_of(active: Sequence[tuple[int, Event]]) -> list[list[int]]:
    """The disputes among the active events: claims linked by ``contradicts``, directly or
    through others (positions, ascending), by a plain search of the links."""
    position = {e.id: p for p, e in active}
    neighbours: dict[int, set[int]] = {p: set() for p, _ in active}
    for p, event in active:
        for target in event.contradicts:
            if target in position and position[target] != p:
                neighbours[p].add(position[target])
                neighbours[position[target]].add(p)
    seen: set[int] = set()
    disputes = []
    for p in sorted(neighbours):
        if p in seen or not neighbours[p]:
            continue
        group, todo = set(), [p]
        while todo:
            q = todo.pop()
            if q not in group:
                group.add(q)
                todo.extend(neighbours[q])
        seen |= group
        disputes.append(sorted(group))
    return disputes


def reading_sets(
    active: Sequence[tuple[int, Event]], trust: frozenset[str] | None = None
) -> list[list[tuple[int, Event]]]:
    """The active events of each reading: one claim of each dispute kept, the others set
    aside (only trusted claims, where a dispute has one, when ``trust`` names source titles)."""
    choices = []
    for dispute in disputes_of(active):
        trusted = [
            p
            for p in dispute
            if trust is not None
            and (source := dict(active)[p].source) is not None
            and source.title in trust
        ]
        choices.append([(p, dispute) for p in (trusted or dispute)])
    result = []
    for picked in itertools.product(*choices):
        aside = {q for p, dispute in picked for q in dispute if q != p}
        result.append([(p, e) for p, e in active if p not in aside])
    return result


def reference_state(
    records: Sequence[RecordedEvent], query: FuzzyDate, trust: frozenset[str] | None = None
) -> dict[Fact, Certainty]:
    """The exact certainty of every fact the visible records can make true, by enumerating
    every reading: one claim of each dispute, and one day of every date."""
    active = active_events(records)
    facts = fact_universe(active)
    seen: dict[Fact, set[bool]] = {f: set() for f in facts}
    retracted = retracted_ids(records)
    pairs = implied_pairs(active)
    for reading in reading_sets(active, trust):
        _enumerate(reading, query, facts, seen, retracted, pairs)
    return {f: Certainty.of(s == {True}, True in s) for f, s in seen.items()}


def _enumerate(
    active: Sequence[tuple[int, Event]],
    query: FuzzyDate,
    facts: Sequence[Fact],
    seen: dict[Fact, set[bool]],
    retracted: Collection[str] = (),
    pairs: Sequence[Pair] = (),
) -> None:
    """Add to ``seen`` every fact's truth in every refinement of ``active``'s dates that
    satisfies their relations and the implied ``pairs`` (``retracted``: the ids whose
    relations bind nothing)."""
    self_closed = _self_closed(active)
    dated = [(p, e, day_bounds(e)) for p, e in active]
    bounds = [b for _, _, b in dated] + [(query.lo, query.hi)]
    related, free = relations_among(active, retracted)
    days = _every_day(bounds) if related else _universe(bounds)
    domains = [[d for d in days if lo <= d <= hi] for _, _, (lo, hi) in dated]
    domains += [_free_days(bounds)] * len(free)
    query_days = [d for d in days if query.lo <= d <= query.hi]
    ids = [e.id for _, e, _ in dated] + free
    positions = [p for p, _, _ in dated]
    for choice in itertools.product(*domains):
        if related and not relations_hold(dict(zip(ids, choice, strict=True)), related):
            continue
        if pairs and not pairs_hold(dict(zip(positions, choice, strict=False)), pairs):
            continue
        order = sorted((day, p, e) for day, (p, e, _) in zip(choice, dated, strict=False))
        fold = _Fold()
        i = 0
        for q in query_days:
            while i < len(order) and order[i][0] <= q:
                fold.apply(order[i][2])
                i += 1
            for fact in facts:
                seen[fact].add(fold.truth(fact, self_closed))


def _every_day(intervals: Sequence[tuple[int, int]]) -> list[int]:
    """Every day of the intervals' range (windows of relations count days: no compression);
    the intervals must be closed."""
    assert all(lo > MIN_ORDINAL and hi < MAX_ORDINAL for lo, hi in intervals), intervals
    return list(range(min(lo for lo, _ in intervals), max(hi for _, hi in intervals) + 1))


Related = list[tuple[str, str, int | None, int | None]]
"""(earlier id, later id, low, high): the later day minus the earlier in [low, high]."""

FREE_ROOM = 20
"""How far beyond the known days an unrecorded event's day is tried (tests keep windows and
relations few, so that this is room enough)."""


def relations_among(
    active: Sequence[tuple[int, Event]], retracted: Collection[str] = ()
) -> tuple[Related, list[str]]:
    """The relations of the active events, as differences of their (first) days, and the ids
    they name that no event of the log has (unrecorded: a day like any other, free of bounds).
    A relation to a retracted event binds nothing. A relation to the end of a span event is
    not supported here (tests leave those out)."""
    present = {e.id: e for _, e in active}
    found: Related = []
    free: dict[str, None] = {}
    for _, event in active:
        for relation in event.relations:
            target = present.get(relation.event)
            if target is None and relation.event in retracted:
                continue
            if target is None:
                free[relation.event] = None
            else:
                assert relation.of != "end" or KINDS[target.kind].day is not Day.SPAN
            edge = relation.edge(event.id, end=False)
            earlier, later = str(edge.earlier), str(edge.later)
            if target is None and relation.of == "end":
                # an unrecorded event's end: a day of its own, not before its start
                end = f"{relation.event}\0end"
                free[end] = None
                found.append((relation.event, end, 0, None))
                earlier, later = (end, later) if earlier == relation.event else (earlier, end)
            found.append((earlier, later, edge.low, edge.high))
    return found, list(free)


def relations_hold(days: dict[str, int], related: Related) -> bool:
    """Do the days ``days`` (by event id) satisfy every relation of ``related``?"""
    for earlier, later, low, high in related:
        gap = days[later] - days[earlier]
        if (low is not None and gap < low) or (high is not None and gap > high):
            return False
    return True


def retracted_ids(records: Sequence[RecordedEvent]) -> set[str]:
    return {r.event.target for r in records if isinstance(r.event, Retracted)}


def _free_days(bounds: Sequence[tuple[int, int]]) -> range:
    if not bounds:
        return range(-FREE_ROOM, FREE_ROOM)
    return range(min(lo for lo, _ in bounds) - FREE_ROOM, max(hi for _, hi in bounds) + FREE_ROOM)


def satisfying(
    active: Sequence[tuple[int, Event]], retracted: Collection[str] = ()
) -> list[dict[str, int]]:
    """Every assignment of days (by event id) to the active events' (first) days, within
    their own bounds (closed), and to the unrecorded events their relations name, satisfying
    every relation."""
    related, free = relations_among(active, retracted)
    id_at = {p: e.id for p, e in active}
    related += [(id_at[o], id_at[c], 0, None) for o, c in implied_pairs(active)]
    bounds = [day_bounds(e) for _, e in active]
    ids = [e.id for _, e in active] + free
    domains = [range(lo, hi + 1) for lo, hi in bounds] + [_free_days(bounds)] * len(free)
    return [
        days
        for choice in itertools.product(*domains)
        if relations_hold(days := dict(zip(ids, choice, strict=True)), related)
    ]


def refinement_count(records: Sequence[RecordedEvent], query: FuzzyDate) -> int:
    """How many refinements ``reference_state`` would enumerate (to keep examples small)."""
    total = 0
    for active in reading_sets(active_events(records)):
        dated = [day_bounds(e) for _, e in active]
        days = _universe([*dated, (query.lo, query.hi)])
        count = sum(1 for d in days if query.lo <= d <= query.hi)
        for lo, hi in dated:
            count *= sum(1 for d in days if lo <= d <= hi)
        total += count
    return total


def unpruned_state(records: Sequence[RecordedEvent], query: FuzzyDate) -> dict[Fact, Certainty]:
    """Every fact over every reading of the disputes, each reading judged by ``_unpruned``."""
    active = active_events(records)
    pairs = implied_pairs(active)
    judged: dict[Fact, list[Certainty]] = {}
    for reading in reading_sets(active):
        for fact, certainty in _unpruned(reading, query, pairs).items():
            judged.setdefault(fact, []).append(certainty)
    count = len(reading_sets(active))
    result = {}
    for fact, certainties in judged.items():
        certainties += [Certainty.IMPOSSIBLE] * (count - len(certainties))
        result[fact] = Certainty.of(
            all(c is Certainty.CERTAIN for c in certainties),
            any(c.is_possible for c in certainties),
        )
    return result


def _unpruned(
    active: Sequence[tuple[int, Event]], query: FuzzyDate, pairs: Sequence[Pair]
) -> dict[Fact, Certainty]:
    """Each register fact judged over ALL its relevant events, with no index and no pruning
    (their days narrowed by the implied ``pairs``, and kept in order by them).

    ``certainty_last_in`` is itself checked against ``reference_state``; this oracle scales
    to logs too long to enumerate, so it checks the index's candidate selection (and the life
    scoping of facts of the organization, judged the same way as the index does it: their
    register at the query, and again from the first day a founding may have happened).
    """
    from mopr_timeline.replay._register import certainty_last_in

    ql, qh = query.lo, query.hi
    self_closed = _self_closed(active)
    paired = {c: o for o, c in pairs}
    bounds = narrowed_by_pairs(active, pairs)

    def effects(event: Event) -> list[object]:
        return list(KINDS[event.kind].effects)

    def judge(relevant: list[tuple[int, Event]], sets: set[int], lo: int, hi: int) -> Certainty:
        spans = [(*bounds[p], p) for p, _ in relevant]
        setters = [s for s in spans if s[2] in sets]
        others = [s for s in spans if s[2] not in sets]
        return certainty_last_in(setters, others, lo, hi, paired)

    def acting(kind: type, family: str | None = None) -> list[tuple[int, Event]]:
        return [
            (p, e)
            for p, e in active
            if any(
                isinstance(x, kind) and (family is None or getattr(x, "family", None) == family)
                for x in effects(e)
            )
        ]

    def field_of(event: Event, kind: type, family: str, name: str) -> object:
        effect = next(
            x
            for x in effects(event)
            if isinstance(x, kind) and getattr(x, "family", None) == family
        )
        return getattr(event, getattr(effect, name))

    dissolutions = acting(Dissolves)
    life = acting(Founds) + dissolutions
    registers: dict[Fact, tuple[list[tuple[int, Event]], set[int]]] = {
        ("exists", ""): (life, {p for p, _ in acting(Founds)})
    }
    result: dict[Fact, Certainty] = {}
    for family, value in fact_universe(active):
        if family == "exists":
            continue
        info = FAMILIES[family]
        if info.shape is Shape.RECORD:
            (lo, hi) = next(day_bounds(e) for _, e in active if e.id == value)
            result[family, value] = Certainty.of(hi <= ql, lo <= qh)
            continue
        if info.shape is Shape.ACCUMULATING:
            giving = [
                (p, e)
                for p, e in acting(Accumulates, family)
                if value in _values(e, next(x for x in effects(e) if isinstance(x, Accumulates)))  # type: ignore[arg-type]
            ]
            registers[family, value] = (giving, {p for p, _ in giving})
        elif info.shape is Shape.SLOT:
            setters = acting(Succeeds, family)
            vacating = [
                (p, e)
                for p, e in acting(Vacates, family)
                if field_of(e, Vacates, family, "value") == value
            ]
            sets = {p for p, e in setters if field_of(e, Succeeds, family, "value") == value}
            registers[family, value] = (setters + vacating, sets)
        else:
            opening = [
                (p, e)
                for p, e in acting(Opens, family)
                if field_of(e, Opens, family, "key") == value
            ]
            closing = [
                (p, e)
                for p, e in acting(Closes, family)
                if field_of(e, Closes, family, "key") == value
            ]
            registers[family, value] = (opening + closing, {p for p, _ in opening})
    founding = [day_bounds(e) for _, e in acting(Founds)]
    ending = [day_bounds(e) for _, e in dissolutions]
    for fact, (relevant, sets) in registers.items():
        certainty = judge(relevant, sets, ql, qh)
        family, value = fact
        if family != "exists" and FAMILIES[family].of_organization:
            outlives = FAMILIES[family].shape is Shape.KEYED and value in self_closed.get(
                family, ()
            )
            certainty = _within_life(
                certainty,
                founding,
                [] if outlives else ending,
                ql,
                qh,
                lambda lo, hi, r=relevant, s=sets: judge(r, s, lo, hi),  # type: ignore[misc]
            )
        result[fact] = certainty
    return result


def _within_life(
    certainty: Certainty,
    founding: list[tuple[int, int]],
    ending: list[tuple[int, int]],
    ql: int,
    qh: int,
    judge: Callable[[int, int], Certainty],
) -> Certainty:
    """A fact of the organization: its register's certainty (``judge`` gives it for any
    range of query days), and the organization's life: a founding by the day and none of the
    ``ending`` dissolutions yet."""
    if not founding:
        return Certainty.IMPOSSIBLE
    f_possible, f_certain = min(lo for lo, _ in founding), min(hi for _, hi in founding)
    never = MAX_ORDINAL + 1
    d_possible = min((lo for lo, _ in ending), default=never)
    d_certain = min((hi for _, hi in ending), default=never)
    if f_certain <= ql and qh < d_possible:
        return certainty
    lo, hi = max(ql, f_possible), min(qh, d_certain - 1)
    if lo > hi:
        return Certainty.IMPOSSIBLE
    narrowed = certainty if (lo, hi) == (ql, qh) else judge(lo, hi)
    return Certainty.POSSIBLE if narrowed.is_possible else Certainty.IMPOSSIBLE


def reference_during(
    records: Sequence[RecordedEvent],
    period: FuzzySpan,
    mode: str,
    trust: frozenset[str] | None = None,
) -> dict[Fact, Certainty]:
    """The exact certainty of every fact over a period, by enumerating every reading: one
    claim of each dispute, one day of every date, and the period's start and end days (start
    on or before end). ``mode="some"``: the fact holds on at least one day from start to end;
    ``"all"``: on every one of them."""
    active = active_events(records)
    facts = fact_universe(active)
    seen: dict[Fact, set[bool]] = {f: set() for f in facts}
    pairs = implied_pairs(active)
    for reading in reading_sets(active, trust):
        _enumerate_period(reading, period, mode, facts, seen, pairs)
    return {f: Certainty.of(s == {True}, True in s) for f, s in seen.items()}


def _enumerate_period(
    active: Sequence[tuple[int, Event]],
    period: FuzzySpan,
    mode: str,
    facts: Sequence[Fact],
    seen: dict[Fact, set[bool]],
    pairs: Sequence[Pair] = (),
) -> None:
    """Add to ``seen`` every fact's answer in every refinement of ``active`` and the period
    that keeps the implied ``pairs``.

    The truth of a fact changes only on days events fall on; every such day, and the
    period's start and end, are days of the universe, so the universe days from start to end
    show every value the fact takes in between."""
    self_closed = _self_closed(active)
    dated = [(p, e, day_bounds(e)) for p, e in active]
    start, end = period.start, period.end
    days = _universe([b for _, _, b in dated] + [(start.lo, start.hi), (end.lo, end.hi)])
    domains = [[d for d in days if lo <= d <= hi] for _, _, (lo, hi) in dated]
    periods = [
        (i, j)
        for i, s in enumerate(days)
        if start.lo <= s <= start.hi
        for j, e in enumerate(days)
        if end.lo <= e <= end.hi and s <= e
    ]
    combine = any if mode == "some" else all
    positions = [p for p, _, _ in dated]
    for choice in itertools.product(*domains):
        if pairs and not pairs_hold(dict(zip(positions, choice, strict=True)), pairs):
            continue
        order = sorted((day, p, e) for day, (p, e, _) in zip(choice, dated, strict=True))
        fold = _Fold()
        truth: dict[Fact, list[bool]] = {fact: [] for fact in facts}
        k = 0
        for day in days:
            while k < len(order) and order[k][0] <= day:
                fold.apply(order[k][2])
                k += 1
            for fact in facts:
                truth[fact].append(fold.truth(fact, self_closed))
        for fact in facts:
            values = truth[fact]
            for i, j in periods:
                seen[fact].add(combine(values[i : j + 1]))


def period_refinement_count(records: Sequence[RecordedEvent], period: FuzzySpan) -> int:
    """How many refinements ``reference_during`` would fold (to keep examples small)."""
    total = 0
    for active in reading_sets(active_events(records)):
        dated = [day_bounds(e) for _, e in active]
        days = _universe(
            [*dated, (period.start.lo, period.start.hi), (period.end.lo, period.end.hi)]
        )
        count = len(days)
        for lo, hi in dated:
            count *= sum(1 for d in days if lo <= d <= hi)
        total += count
    return total
