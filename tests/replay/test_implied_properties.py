"""The implied relations against the brute-force reference: small random logs of opening and
closing kinds (the library's and the test kinds'), their dates drawn freely, so that some
closings fall before their openings."""

from __future__ import annotations

import datetime as _dt

import attrs
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from replay_reference import (
    active_events,
    implied_pairs,
    reference_state,
    refinement_count,
    retracted_ids,
    satisfying,
)
from replay_strategies import BASE, TEXTS, fuzzy_dates

import mopr_timeline as mt
from mopr_timeline import Certainty, Event, FuzzyDate
from mopr_timeline.dates import MAX_ORDINAL
from mopr_timeline.strategies import events as events_of
from wir_kinds import PeriodicalClosed, PeriodicalFounded, SecretaryAppointed

_PAIRING = (
    mt.SectionEstablished,
    mt.SectionDissolved,
    mt.LeaderAppointed,
    mt.LeaderLeft,
    PeriodicalFounded,
    PeriodicalClosed,
    SecretaryAppointed,
)
MAX_ASSIGNMENTS = 3000


@st.composite
def _small_dates(draw: st.DrawFn) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, 3))
    return FuzzyDate.from_ordinals(lo, lo + draw(st.sampled_from((0, 0, 1, 2, 3))))


@st.composite
def _raw_logs(draw: st.DrawFn, dates: st.SearchStrategy[FuzzyDate]) -> list[Event]:
    """A founding, then openings and closings of few keys with freely drawn dates (no repair:
    a closing may be dated before its opening), now and then a dispute or a retraction."""
    drawn: list[Event] = [mt.Founded(id="f", when=FuzzyDate.exact(_dt.date(1923, 1, 1)), name="O")]
    kinds = events_of(list(_PAIRING), texts=TEXTS, dates=dates, sources=st.none())
    for i in range(draw(st.integers(1, 4))):
        event = attrs.evolve(draw(kinds), id=f"e{i}")
        if i and draw(st.integers(0, 5)) == 0:
            event = attrs.evolve(event, contradicts=(f"e{draw(st.integers(0, i - 1))}",))
        drawn.append(event)
    if draw(st.booleans()):
        target = draw(st.sampled_from([e.id for e in drawn[1:]]))
        drawn.append(mt.Retracted(id="r", target=target, reason="a test retraction"))
    return drawn


def _records(events: list[Event]) -> list[mt.RecordedEvent]:
    now = _dt.datetime.now(_dt.UTC)
    return [
        mt.RecordedEvent(stream="s", version=i + 1, recorded_at=now, event=e)
        for i, e in enumerate(events)
    ]


def _size(events: list[Event]) -> int:
    total = 1
    for event in events:
        if hasattr(event, "when"):
            total *= event.when.hi - event.when.lo + 1  # type: ignore[attr-defined]
    return total


def _accepted(events: list[Event]) -> mt.Timeline:
    """The events appended one by one, those refused left out."""
    store = mt.MemoryStore()
    for event in events:
        try:
            store.append("s", [event])
        except (mt.ConstraintError, mt.RetractionError):
            continue
    return mt.Timeline(store, "s")


@settings(max_examples=200, deadline=None)
@given(_raw_logs(_small_dates()))
def test_an_append_is_refused_exactly_when_no_reading_keeps_the_implied_pairs(
    events: list[Event],
) -> None:
    assume(_size(events) <= MAX_ASSIGNMENTS)
    store = mt.MemoryStore()
    for event in events:
        trial = _records([r.event for r in store.read("s")] + [event])
        possible = bool(satisfying(active_events(trial), retracted_ids(trial)))
        try:
            store.append("s", [event])
        except mt.ConstraintError as exc:
            refused = str(exc)
        except mt.RetractionError:
            continue
        else:
            refused = ""
        assert bool(refused) is not possible, f"{event.id}: possible={possible}, {refused}"
        assert not refused or "implied by the kinds" in refused


@settings(max_examples=200, deadline=None)
@given(_raw_logs(_small_dates()))
def test_narrowed_bounds_keep_each_closing_not_before_its_opening_exactly(
    events: list[Event],
) -> None:
    assume(_size(events) <= MAX_ASSIGNMENTS)
    timeline = _accepted(events)
    records = timeline.records()
    active = active_events(records)
    solutions = satisfying(active, retracted_ids(records))
    for _, event in active:
        narrowed = timeline.bounds(event.id)
        days = [s[event.id] for s in solutions]
        assert (narrowed.date.lo, narrowed.date.hi) == (min(days), max(days)), event.id
    ids = dict(active)
    for opening, closing in implied_pairs(active):
        before, after = timeline.bounds(ids[opening].id), timeline.bounds(ids[closing].id)
        assert after.date.lo >= before.date.lo, "a leaver's earliest day precedes the appointment's"
        assert before.date.hi <= after.date.hi


@settings(max_examples=200, deadline=None)
@given(_raw_logs(fuzzy_dates(open_odds=4)), fuzzy_dates(open_odds=5))
def test_state_at_is_exact_with_implied_pairs(events: list[Event], query: FuzzyDate) -> None:
    timeline = _accepted(events)
    records = timeline.records()
    assume(refinement_count(records, query) <= 4000)
    expected = reference_state(records, query)
    state = timeline.state_at(query)
    reported = {("exists", ""): state.exists}
    for family, listed in state.families.items():
        reported.update({(family, fact.identity): fact.certainty for fact in listed})
    for fact, certainty in expected.items():
        got = reported.get(fact, Certainty.IMPOSSIBLE)
        assert got is certainty, f"{fact}: replay says {got}, every reading says {certainty}"


@settings(max_examples=200, deadline=None)
@given(_raw_logs(fuzzy_dates(open_odds=3)))
def test_nothing_closed_after_its_closing_holds_again(events: list[Event]) -> None:
    timeline = _accepted(events)
    active = active_events(timeline.records())
    ids = dict(active)
    for opening, closing in implied_pairs(active):
        last = timeline.bounds(ids[closing].id).date.hi
        if opening > closing or last >= MAX_ORDINAL:
            continue  # recorded after its closing, it may follow it on their shared day
        after = timeline.state_at(FuzzyDate.from_ordinals(last + 1, last + 1))
        spec = mt.KINDS[ids[opening].kind]
        family, field = next(
            (e.family, getattr(e, "key", None) or getattr(e, "value", None))
            for e in spec.effects
            if isinstance(e, mt.Opens | mt.Succeeds)
        )
        value = getattr(ids[opening], str(field))
        assert value not in {f.identity for f in after.facts(family)}, (family, value)
