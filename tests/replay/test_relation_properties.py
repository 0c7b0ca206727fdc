"""Relations against the brute-force reference: small random logs with relations, whose
refinements are kept only when every relation holds."""

from __future__ import annotations

import datetime as _dt

import attrs
from hypothesis import Phase, assume, given, settings
from hypothesis import strategies as st
from replay_reference import (
    FREE_ROOM,
    active_events,
    reference_state,
    retracted_ids,
    satisfying,
)
from replay_strategies import BASE, TEXTS

import mopr_timeline as mt
from mopr_timeline import Certainty, Event, FuzzyDate, FuzzySpan
from mopr_timeline.events import KINDS, Day, Shape
from mopr_timeline.strategies import logs, relations

MAX_ASSIGNMENTS = 3000
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
"""Every phase but explain: explaining a failure traces each re-run of the brute-force
reference line by line, which takes far longer than finding and shrinking it."""
FREE_DAYS = 2 * FREE_ROOM + 8
"""At most how many days an unrecorded event's day ranges over in the reference."""


@st.composite
def _closed_dates(draw: st.DrawFn) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, 3))
    return FuzzyDate.from_ordinals(lo, lo + draw(st.sampled_from((0, 0, 1, 2, 3))))


_spans = _closed_dates().map(lambda start: FuzzySpan(start=start, end=start))

_SMALL_WINDOWS = st.none() | st.sampled_from(["1 day", "2 days", "3 days"])


@st.composite
def _logs(draw: st.DrawFn) -> list[Event]:
    """A small log whose events carry up to four relations (small windows) to one another
    or to an event never recorded, none to the end of a span event."""
    events = draw(
        logs(
            max_events=5,
            max_retractions=1,
            links=False,
            texts=TEXTS,
            dates=_closed_dates(),
            spans=_spans,
            sources=st.none(),
        )
    )
    dated = [i for i, e in enumerate(events) if hasattr(e, "when")]
    ids = [events[i].id for i in dated] + ["never-recorded"]
    spans = {e.id for e in events if KINDS[e.kind].day is Day.SPAN}
    for _ in range(draw(st.integers(0, 4)) if dated else 0):
        at = draw(st.sampled_from(dated))
        relation = draw(relations(st.sampled_from(ids), _SMALL_WINDOWS))
        event = events[at]
        if relation.event == event.id or relation in event.relations:
            continue
        if relation.of == "end" and relation.event in spans:
            continue
        events[at] = attrs.evolve(event, relations=(*event.relations, relation))
    return events


def _size(events: list[Event]) -> int:
    """How many assignments of days the reference enumerates: each event's own days, and the
    free days of each unrecorded event a relation names (and of its end)."""
    total = 1
    seen: set[str] = set()  # an event appended later is unrecorded while earlier ones are checked
    free: set[tuple[str, bool]] = set()
    for event in events:
        seen.add(event.id)
        if hasattr(event, "when"):
            start = event.when.start if KINDS[event.kind].day is Day.SPAN else event.when  # type: ignore[attr-defined]
            total *= start.hi - start.lo + 1
        for relation in event.relations:
            if relation.event not in seen:
                free.add((relation.event, relation.of == "end"))
    for _, end in free:
        total *= FREE_DAYS * (FREE_DAYS if end else 1)
    return total


def _appended(events: list[Event]) -> tuple[mt.Timeline, list[tuple[Event, bool]]]:
    """Append the events one by one; for each, whether the store refused it (a contradiction;
    a retraction of a refused event is refused as such)."""
    store = mt.MemoryStore()
    outcomes = []
    for event in events:
        try:
            store.append("s", [event])
        except mt.ConstraintError:
            outcomes.append((event, True))
        except mt.RetractionError:
            continue
        else:
            outcomes.append((event, False))
    return mt.Timeline(store, "s"), outcomes


@settings(max_examples=150, deadline=None, phases=_PHASES)
@given(_logs())
def test_a_contradiction_is_refused_exactly_when_no_refinement_exists(events: list[Event]) -> None:
    assume(_size(events) <= MAX_ASSIGNMENTS)
    store = mt.MemoryStore()
    for event in events:
        before = list(store.read("s"))
        trial = [
            *before,
            mt.RecordedEvent(
                stream="s",
                version=len(before) + 1,
                recorded_at=_dt.datetime.now(_dt.UTC),
                event=event,
            ),
        ]
        possible = bool(satisfying(active_events(trial), retracted_ids(trial)))
        try:
            store.append("s", [event])
        except mt.ConstraintError as exc:
            refused = str(exc)
        except mt.RetractionError:
            continue
        else:
            refused = ""
        assert bool(refused) is not possible, f"{event.id}: possible={possible}, refused={refused}"


@settings(max_examples=150, deadline=None, phases=_PHASES)
@given(_logs())
def test_narrowed_bounds_are_exact(events: list[Event]) -> None:
    assume(_size(events) <= MAX_ASSIGNMENTS)
    timeline, _ = _appended(events)
    active = active_events(timeline.records())
    solutions = satisfying(active, retracted_ids(timeline.records()))
    assert solutions, "the store holds a log no refinement satisfies"
    for _, event in active:
        narrowed = timeline.bounds(event.id)
        days = [s[event.id] for s in solutions]
        assert (narrowed.date.lo, narrowed.date.hi) == (min(days), max(days)), event.id
        assert bool(narrowed.reasons) == narrowed.is_narrowed


@settings(max_examples=150, deadline=None, phases=_PHASES)
@given(_logs(), _closed_dates())
def test_state_at_is_sound_and_single_comparisons_exact(
    events: list[Event], query: FuzzyDate
) -> None:
    assume(_size(events) * (query.hi - query.lo + 1) <= MAX_ASSIGNMENTS)
    timeline, _ = _appended(events)
    records = timeline.records()
    expected = reference_state(records, query)
    state = timeline.state_at(query)
    reported = {("exists", ""): state.exists}
    for family, listed in state.families.items():
        reported.update({(family, fact.identity): fact.certainty for fact in listed})
    for fact, certainty in expected.items():
        got = reported.get(fact, Certainty.IMPOSSIBLE)
        if got is Certainty.CERTAIN:
            assert certainty is Certainty.CERTAIN, fact
        if got is Certainty.IMPOSSIBLE:
            assert certainty is Certainty.IMPOSSIBLE, fact
        family = mt.FAMILIES.get(fact[0])
        if family is not None and family.shape is Shape.RECORD:
            assert got is certainty, f"{fact}: one event's day against the query"


@settings(max_examples=100, deadline=None, phases=_PHASES)
@given(_logs())
def test_chronology_puts_what_is_certainly_earlier_first(events: list[Event]) -> None:
    assume(_size(events) <= MAX_ASSIGNMENTS)
    timeline, _ = _appended(events)
    active = active_events(timeline.records())
    solutions = satisfying(active, retracted_ids(timeline.records()))
    order = [entry.id for entry in timeline.chronology()]
    for _, a in active:
        for _, b in active:
            if a.id in order and b.id in order and all(s[a.id] < s[b.id] for s in solutions):
                assert order.index(a.id) < order.index(b.id), (a.id, b.id)
