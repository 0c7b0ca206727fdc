"""``state_during`` against the brute-force reference: periods as spans over small logs."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from replay_reference import period_refinement_count, reference_during
from replay_strategies import BASE, WINDOW, logs

from mopr_timeline import (
    Certainty,
    Event,
    Founded,
    FuzzyDate,
    FuzzySpan,
    MemoryStore,
    OrgState,
    SectionEstablished,
    Timeline,
    load,
)

MAX_REFINEMENTS = 3000


@st.composite
def periods(draw: st.DrawFn) -> FuzzySpan:
    """A period in or around the logs' window: its start and end exact or a few days wide."""
    s_lo = BASE + draw(st.integers(-1, WINDOW))
    s_hi = s_lo + draw(st.sampled_from((0, 0, 1, 2)))
    e_lo = draw(st.integers(s_lo, BASE + WINDOW + 1))
    e_hi = max(e_lo, s_lo) + draw(st.sampled_from((0, 0, 1, 2)))
    start = FuzzyDate.from_ordinals(s_lo, s_hi)
    return FuzzySpan(start=start, end=FuzzyDate.from_ordinals(e_lo, e_hi))


def _reported(state: OrgState) -> dict[tuple[str, str], Certainty]:
    facts = {("exists", ""): state.exists}
    for family, listed in state.families.items():
        facts.update({(family, fact.identity): fact.certainty for fact in listed})
    return facts


def _check(events: list[Event], period: FuzzySpan, mode: str, *, exact: bool) -> None:
    timeline = Timeline(MemoryStore())
    timeline.append(events)
    visible = timeline.records()
    assume(period_refinement_count(visible, period) <= MAX_REFINEMENTS)
    expected = reference_during(visible, period, mode)
    reported = _reported(timeline.state_during(period, mode=mode))
    for fact, certainty in reported.items():
        assert fact in expected or fact == ("exists", ""), f"{fact} listed but never set"
        assert fact == ("exists", "") or certainty is not Certainty.IMPOSSIBLE, fact
    for fact, truth in expected.items():
        said = reported.get(fact, Certainty.IMPOSSIBLE)
        if exact:
            assert said is truth, f"{mode} {fact}: replay says {said}, the reference {truth}"
        else:  # sound: never certain or impossible where some reading disagrees
            assert said is truth or said is Certainty.POSSIBLE, (
                f"{mode} {fact}: replay says {said}, the reference {truth}"
            )


@given(logs(), periods(), st.sampled_from(["some", "all"]))
def test_state_during_is_sound_for_every_fact(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    _check(events, period, mode, exact=False)


@given(logs(), periods(), st.sampled_from(["some", "all"]))
def test_state_during_is_exact_when_the_start_and_end_may_be_one_day(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    assume(period.start.hi >= period.end.lo)
    _check(events, period, mode, exact=True)


@given(logs(max_events=4), periods(), st.sampled_from(["some", "all"]))
def test_state_during_is_exact_for_a_fact_set_once(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    """With a founding and sections only opened (never closed nor dissolved), a fact once true
    stays true: one day of the period decides, and the answer is exact."""
    kept = {"Founded", "SectionEstablished", "CongressHeld", "FiguresReported"}
    _check([e for e in events if e.kind in kept], period, mode, exact=True)


def test_belgium_1925_some_day_every_day_and_one_unknown_day() -> None:
    timeline = load()
    assert timeline.state_during("1925", mode="some").section("Belgium") is Certainty.CERTAIN
    assert timeline.state_during("1925", mode="all").section("Belgium") is Certainty.IMPOSSIBLE
    assert timeline.state_at("1925").section("Belgium") is Certainty.POSSIBLE


def test_a_period_is_a_span_a_date_or_a_text() -> None:
    timeline = Timeline(MemoryStore())
    timeline.append(
        [Founded(name="MOPR", when="1922"), SectionEstablished(country="Belgium", when="Aug. 1925")]
    )
    for period in ("1925", dt.date(1925, 9, 1), "from 1925 to 1926", "1925-1926"):
        assert timeline.state_during(period).sections  # listed: possible at least
    assert timeline.state_during("1925-08-15", mode="all").section("Belgium").is_possible


def test_a_bad_mode_or_period_is_our_own_error() -> None:
    from mopr_timeline import MoprTimelineError

    timeline = Timeline(MemoryStore())
    with pytest.raises(MoprTimelineError, match="mode is 'some'"):
        timeline.state_during("1925", mode="any")
    with pytest.raises(MoprTimelineError, match="a period is"):
        timeline.state_during(1925)  # type: ignore[arg-type]
