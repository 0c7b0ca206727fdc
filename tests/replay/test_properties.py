"""Replay against the brute-force reference, and its bitemporal and incremental invariants."""

from __future__ import annotations

from hypothesis import assume, given
from hypothesis import strategies as st
from replay_reference import reference_state, refinement_count, unpruned_state
from replay_strategies import BASE, fuzzy_dates, logs, long_logs

from mopr_timeline import (
    Certainty,
    Event,
    FuzzyDate,
    MemoryStore,
    OrgState,
    Timeline,
)
from mopr_timeline.replay._index import ReplayIndex

MAX_REFINEMENTS = 4000


def _timeline(events: list[Event], *, batches: list[int] | None = None) -> Timeline:
    timeline = Timeline(MemoryStore())
    start = 0
    for size in batches or [len(events)]:
        timeline.append(events[start : start + size])
        start += size
    timeline.append(events[start:])
    return timeline


def _reported(state: OrgState) -> dict[tuple[str, str], Certainty]:
    """The facts of a state in the reference's vocabulary (each listed fact once)."""
    facts: list[tuple[tuple[str, str], Certainty]] = [(("exists", ""), state.exists)]
    for family, listed in state.families.items():
        facts += [((family, fact.identity), fact.certainty) for fact in listed]
    reported = dict(facts)
    assert len(reported) == len(facts), f"a fact is listed twice: {facts}"
    return reported


@given(logs(), fuzzy_dates(open_odds=5), st.data())
def test_state_is_exact_for_every_fact(
    events: list[Event], query: FuzzyDate, data: st.DataObject
) -> None:
    timeline = _timeline(events)
    as_of = data.draw(st.one_of(st.none(), st.integers(0, len(events) + 1)), label="as_of")
    visible = timeline.records(as_of=as_of)
    assume(refinement_count(visible, query) <= MAX_REFINEMENTS)
    expected = reference_state(visible, query)
    reported = _reported(timeline.state_at(query, as_of=as_of))
    for fact, certainty in reported.items():
        if fact == ("exists", ""):
            continue
        assert certainty is not Certainty.IMPOSSIBLE, f"{fact} listed although impossible"
        assert fact in expected, f"{fact} listed but no visible event sets it"
    for fact, certainty in expected.items():
        assert reported.get(fact, Certainty.IMPOSSIBLE) is certainty, (
            f"{fact}: replay says {reported.get(fact, Certainty.IMPOSSIBLE)}, "
            f"every refinement says {certainty}"
        )


@given(logs(max_events=6), fuzzy_dates(open_odds=5), st.data())
def test_as_of_equals_a_store_holding_only_those_records(
    events: list[Event], query: FuzzyDate, data: st.DataObject
) -> None:
    timeline = _timeline(events)
    version = data.draw(st.integers(0, timeline.version), label="version")
    earlier = Timeline(MemoryStore())
    earlier.append([r.event for r in timeline.records()[:version]])
    seen = timeline.state_at(query, as_of=version).to_dict()
    fresh = earlier.state_at(query).to_dict()
    assert seen.pop("as_of") == version
    fresh.pop("as_of")
    assert seen == fresh
    assert timeline.events(as_of=version) == earlier.events()
    assert timeline.retracted(as_of=version).keys() == earlier.retracted().keys()


@given(logs(max_events=8), st.lists(fuzzy_dates(), max_size=3), st.data())
def test_incremental_index_equals_index_built_at_once(
    events: list[Event], queries: list[FuzzyDate], data: st.DataObject
) -> None:
    timeline = _timeline(events)
    records = timeline.records()
    stepwise = ReplayIndex("mopr")
    for record in records:
        stepwise.add(record)
        for query in data.draw(st.lists(st.sampled_from(queries), max_size=1)) if queries else []:
            stepwise.state(query, None)
    at_once = ReplayIndex("mopr")
    at_once.add_all(records)
    assert stepwise.snapshot() == at_once.snapshot()
    for query in queries:
        assert stepwise.state(query, None) == at_once.state(query, None)


@given(logs(max_events=8), st.lists(st.integers(1, 3), max_size=4), fuzzy_dates())
def test_replay_is_deterministic(events: list[Event], batches: list[int], query: FuzzyDate) -> None:
    in_batches = _timeline(events, batches=batches)
    in_one = _timeline(events)
    first = in_batches.state_at(query)
    assert first == in_batches.state_at(query)
    assert first.to_dict() == in_one.state_at(query).to_dict()


@given(long_logs(), st.data())
def test_index_selects_every_event_that_matters(events: list[Event], data: st.DataObject) -> None:
    timeline = _timeline(events, batches=data.draw(st.lists(st.integers(1, 20), max_size=3)))
    for _ in range(3):
        lo = BASE + data.draw(st.integers(-5, 70), label="query start")
        width = data.draw(st.sampled_from((0, 0, 2, 15, None)), label="query width")
        query = FuzzyDate.from_ordinals(lo, None if width is None else lo + width)
        expected = unpruned_state(timeline.records(), query)
        reported = _reported(timeline.state_at(query))
        for fact, certainty in expected.items():
            assert reported.get(fact, Certainty.IMPOSSIBLE) is certainty, fact
        assert set(reported) <= set(expected)
