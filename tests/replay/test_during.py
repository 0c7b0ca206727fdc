"""``state_during`` against the brute-force reference: periods as spans over small logs.

Exact for every fact in both modes on logs whose events' dates are independent (disputes,
retractions and kinds of one's own included); sound where relations tie dates together,
against a reference that keeps only the refinements in which every relation holds.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

import attrs
import pytest
from hypothesis import HealthCheck, Phase, assume, given, settings
from hypothesis import strategies as st
from replay_reference import (
    _Fold,
    _self_closed,
    active_events,
    day_bounds,
    fact_universe,
    period_refinement_count,
    reading_sets,
    reference_during,
    retracted_ids,
    satisfying,
)
from replay_strategies import BASE, TEXTS, WINDOW, logs

import mopr_timeline as mt
from mopr_timeline import (
    Certainty,
    Event,
    Founded,
    FuzzyDate,
    FuzzySpan,
    LeaderAppointed,
    MemoryStore,
    OrgState,
    RecordedEvent,
    SectionEstablished,
    Timeline,
    load,
)
from mopr_timeline.events import KINDS, Day
from mopr_timeline.strategies import logs as all_logs
from mopr_timeline.strategies import relations

MAX_REFINEMENTS = 3000
MAX_ASSIGNMENTS = 2000
_PHASES = [Phase.explicit, Phase.reuse, Phase.generate, Phase.target, Phase.shrink]
"""Every phase but explain (it traces the brute-force reference line by line)."""


@st.composite
def periods(draw: st.DrawFn) -> FuzzySpan:
    """A period in or around the logs' window: its start and end exact or a few days wide,
    the start's latest day before the end's earliest more often than not."""
    s_lo = BASE + draw(st.integers(-1, WINDOW))
    s_hi = s_lo + draw(st.sampled_from((0, 0, 1, 2)))
    e_lo = draw(st.integers(s_lo, BASE + WINDOW + 1))
    if draw(st.booleans()):
        e_lo = max(e_lo, s_hi + 1 + draw(st.integers(0, 2)))
    e_hi = max(e_lo, s_lo) + draw(st.sampled_from((0, 0, 1, 2)))
    start = FuzzyDate.from_ordinals(s_lo, s_hi)
    return FuzzySpan(start=start, end=FuzzyDate.from_ordinals(e_lo, e_hi))


def _reported(state: OrgState) -> dict[tuple[str, str], Certainty]:
    facts = {("exists", ""): state.exists}
    for family, listed in state.families.items():
        facts.update({(family, fact.identity): fact.certainty for fact in listed})
    return facts


def _compare(
    reported: dict[tuple[str, str], Certainty],
    expected: dict[tuple[str, str], Certainty],
    mode: str,
    *,
    exact: bool,
) -> None:
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


@settings(max_examples=400, deadline=None, phases=_PHASES)
@given(logs(), periods(), st.sampled_from(["some", "all"]))
def test_state_during_is_exact_for_every_fact(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    timeline = Timeline(MemoryStore())
    timeline.append(events)
    visible = timeline.records()
    assume(period_refinement_count(visible, period) <= MAX_REFINEMENTS)
    expected = reference_during(visible, period, mode)
    _compare(_reported(timeline.state_during(period, mode=mode)), expected, mode, exact=True)


@st.composite
def _near_dates(draw: st.DrawFn) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, 5))
    return FuzzyDate.from_ordinals(lo, lo + draw(st.sampled_from((0, 1, 2, 3))))


@st.composite
def _covering_periods(draw: st.DrawFn) -> FuzzySpan:
    """A period whose every reading covers most of the days of ``_near_dates``."""
    s_lo = BASE + draw(st.integers(-1, 2))
    s_hi = s_lo + draw(st.sampled_from((0, 0, 1)))
    e_lo = draw(st.integers(max(s_hi + 1, BASE + 3), BASE + 9))
    e_hi = e_lo + draw(st.sampled_from((0, 0, 1)))
    start = FuzzyDate.from_ordinals(s_lo, s_hi)
    return FuzzySpan(start=start, end=FuzzyDate.from_ordinals(e_lo, e_hi))


_TURNS = ["Founded", "Dissolved", "LeaderAppointed", "LeaderLeft", "SectionEstablished"]
_TURNS += ["SectionDissolved"]


@settings(max_examples=300, deadline=None, phases=_PHASES)
@given(
    all_logs(
        _TURNS, max_events=6, max_links=2, texts=TEXTS, dates=_near_dates(), sources=st.none()
    ),
    _covering_periods(),
    st.sampled_from(["some", "all"]),
)
def test_state_during_is_exact_where_facts_come_and_go_within_the_period(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    """Facts set and cleared on unknown days inside a period that every reading covers: the
    answer depends on how events may fall together, not on any one day."""
    timeline = Timeline(MemoryStore())
    timeline.append(events)
    visible = timeline.records()
    assume(period_refinement_count(visible, period) <= MAX_REFINEMENTS * 4)
    expected = reference_during(visible, period, mode)
    _compare(_reported(timeline.state_during(period, mode=mode)), expected, mode, exact=True)


_TITLES = ("Red Aid", "Comintern")


@settings(max_examples=200, deadline=None, phases=_PHASES)
@given(
    all_logs(
        _TURNS,
        max_events=5,
        max_links=3,
        texts=TEXTS,
        dates=_near_dates(),
        sources=st.sampled_from([None, *(mt.Source(title=title) for title in _TITLES)]),
    ),
    _covering_periods(),
    st.sampled_from(["some", "all"]),
    st.sampled_from(_TITLES),
)
def test_state_during_is_exact_according_to_a_source(
    events: list[Event], period: FuzzySpan, mode: str, title: str
) -> None:
    """``trust`` keeps, in each dispute where one is trusted, only the trusted claims."""
    timeline = Timeline(MemoryStore())
    timeline.append(events)
    visible = timeline.records()
    assume(period_refinement_count(visible, period) <= MAX_REFINEMENTS * 4)
    expected = reference_during(visible, period, mode, trust=frozenset([title]))
    reported = _reported(timeline.state_during(period, mode=mode, trust=[title]))
    _compare(reported, expected, mode, exact=True)


def test_a_search_too_long_answers_possible(monkeypatch: pytest.MonkeyPatch) -> None:
    """Given no steps at all, the search answers what is never wrong: possible."""
    from mopr_timeline.replay import _during_search

    monkeypatch.setattr(_during_search, "BUDGET", 0)
    timeline = Timeline(MemoryStore())
    timeline.append(_leaders_within(2))
    period = FuzzySpan(
        start=FuzzyDate.from_ordinals(BASE + 3, BASE + 3),
        end=FuzzyDate.from_ordinals(BASE + 9, BASE + 9),
    )
    expected = reference_during(timeline.records(), period, "some")
    assert expected[("leaders", "D")] is Certainty.CERTAIN
    reported = _reported(timeline.state_during(period, mode="some"))
    assert reported[("leaders", "D")] is Certainty.POSSIBLE
    _compare(reported, expected, "some", exact=False)


def _leaders_within(days: int) -> list[Event]:
    """A founding, then leaders appointed one after another on unknown days of a short
    stretch: many orders of appointment, few days."""
    first = BASE + 5
    people = ("A", "B", "C", "D")
    return [
        Founded(id="f", name="MOPR", when=FuzzyDate.from_ordinals(BASE, BASE)),
        *(
            LeaderAppointed(
                id=f"l{i}", person=person, when=FuzzyDate.from_ordinals(first, first + days)
            )
            for i, person in enumerate(people)
        ),
    ]


def test_a_leader_appointed_at_an_unknown_time_within_the_period_holds_at_some_time() -> None:
    """A and B are appointed on unknown days within 1-3 March 1925, A recorded after B (so that
    on a shared day A comes last). In every reading A leads on some day from 27 February to 5
    March, but on no single day in every reading: some day is certain, every day impossible."""
    timeline = Timeline(MemoryStore())
    timeline.append(
        [
            Founded(id="founded", name="MOPR", when="1922"),
            LeaderAppointed(id="b", person="B", when="between 1 March 1925 and 3 March 1925"),
            LeaderAppointed(id="a", person="A", when="between 1 March 1925 and 3 March 1925"),
        ]
    )
    period = "from 27 February 1925 to 5 March 1925"
    some = timeline.state_during(period, mode="some")
    assert some.certainty("leaders", "A") is Certainty.CERTAIN
    assert some.certainty("leaders", "B") is Certainty.POSSIBLE
    every = timeline.state_during(period, mode="all")
    assert every.certainty("leaders", "A") is Certainty.IMPOSSIBLE
    assert every.certainty("leaders", "B") is Certainty.IMPOSSIBLE
    for day in range(27, 29 + 5):  # 27 Feb .. 5 Mar, one day at a time: never certain
        date = dt.date(1925, 2, 1) + dt.timedelta(days=day - 1)
        assert timeline.state_at(date).certainty("leaders", "A") is not Certainty.CERTAIN
    visible = timeline.records()
    span = mt.parse_span(period)
    assert reference_during(visible, span, "some")[("leaders", "A")] is Certainty.CERTAIN


@pytest.mark.parametrize("mode", ["some", "all"])
def test_many_orders_of_appointment_within_a_period(mode: str) -> None:
    """Four leaders appointed within three days, periods around and within them."""
    timeline = Timeline(MemoryStore())
    timeline.append(_leaders_within(2))
    visible = timeline.records()
    for start, end in itertools.product(range(BASE + 3, BASE + 8), range(BASE + 5, BASE + 10)):
        if start > end:
            continue
        period = FuzzySpan(
            start=FuzzyDate.from_ordinals(start, start), end=FuzzyDate.from_ordinals(end, end)
        )
        expected = reference_during(visible, period, mode)
        reported = _reported(timeline.state_during(period, mode=mode))
        _compare(reported, expected, mode, exact=True)


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


# -- relations: sound ------------------------------------------------------------------------


@st.composite
def _closed_dates(draw: st.DrawFn) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, 3))
    return FuzzyDate.from_ordinals(lo, lo + draw(st.sampled_from((0, 0, 1, 2, 3))))


_CLOSED_LOGS = all_logs(
    max_events=5,
    max_retractions=1,
    max_links=1,
    texts=TEXTS,
    dates=_closed_dates(),
    spans=_closed_dates().map(lambda start: FuzzySpan(start=start, end=start)),
    sources=st.none(),
)
_RELATIONS = relations(st.just("target"), st.none() | st.sampled_from(["1 day", "2 days"]))
"""Relations to a placeholder id (each relation drawn is then given its target)."""


@st.composite
def _related_logs(draw: st.DrawFn) -> list[Event]:
    """A small log with closed dates, disputes, and up to three relations between its
    events (small windows, none to an event's end)."""
    events = draw(_CLOSED_LOGS)
    dated = [i for i, e in enumerate(events) if hasattr(e, "when")]
    for _ in range(draw(st.integers(1, 3)) if len(dated) > 1 else 0):
        at = draw(st.sampled_from(dated))
        target = events[draw(st.sampled_from([i for i in dated if i != at]))].id
        relation = attrs.evolve(draw(_RELATIONS), event=target)
        if relation in events[at].relations or relation.of == "end":
            continue
        events[at] = attrs.evolve(events[at], relations=(*events[at].relations, relation))
    return events


def _reference_related(
    records: Sequence[RecordedEvent], period: FuzzySpan, mode: str
) -> dict[tuple[str, str], Certainty] | None:
    """``reference_during`` over only the refinements in which every relation holds (None
    when none does)."""
    active = active_events(records)
    facts = fact_universe(active)
    seen: dict[tuple[str, str], set[bool]] = {f: set() for f in facts}
    combine = any if mode == "some" else all
    assignments = satisfying(active, retracted_ids(records))  # relations bind every claim
    if not assignments:
        return None
    bounds = [day_bounds(e) for _, e in active]
    first = min([lo for lo, _ in bounds] + [period.start.lo])
    last = max([hi for _, hi in bounds] + [period.end.hi])
    for reading, days in itertools.product(reading_sets(active), assignments):
        self_closed = _self_closed(reading)
        order = sorted((days[e.id], p, e) for p, e in reading)
        fold, k = _Fold(), 0
        truth: dict[tuple[str, str], dict[int, bool]] = {f: {} for f in facts}
        for day in range(first, last + 1):
            while k < len(order) and order[k][0] <= day:
                fold.apply(order[k][2])
                k += 1
            for fact in facts:
                truth[fact][day] = fold.truth(fact, self_closed)
        for start in range(period.start.lo, period.start.hi + 1):
            for end in range(max(start, period.end.lo), period.end.hi + 1):
                for fact in facts:
                    held = truth[fact]
                    seen[fact].add(combine(held[d] for d in range(start, end + 1)))
    return {f: Certainty.of(s == {True}, True in s) for f, s in seen.items() if s}


def _assignments(events: Sequence[Event]) -> int:
    total = 1
    for event in events:
        if hasattr(event, "when"):
            start = event.when.start if KINDS[event.kind].day is Day.SPAN else event.when  # type: ignore[attr-defined]
            total *= start.hi - start.lo + 1
    return total


@settings(
    max_examples=200,
    deadline=None,
    phases=_PHASES,
    suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow],
)
@given(_related_logs(), periods(), st.sampled_from(["some", "all"]))
def test_state_during_is_sound_where_relations_tie_dates(
    events: list[Event], period: FuzzySpan, mode: str
) -> None:
    assume(_assignments(events) * 2 <= MAX_ASSIGNMENTS)
    timeline = Timeline(MemoryStore())
    try:
        timeline.append(events)
    except (mt.ConstraintError, mt.RetractionError):
        assume(False)
    expected = _reference_related(timeline.records(), period, mode)
    assume(expected is not None)
    assert expected is not None
    _compare(_reported(timeline.state_during(period, mode=mode)), expected, mode, exact=False)
