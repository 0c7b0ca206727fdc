"""The state over time (``Timeline.segments``, ``Timeline.series``) against ``state_at`` on
every day: small random logs (every registered kind, disputes, retractions, open dates) and
the shipped MOPR log."""

from __future__ import annotations

import datetime as _dt
import itertools
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from replay_strategies import BASE, WINDOW, logs

import mopr_timeline as mt
from mopr_timeline import Certainty, Event, MemoryStore, OrgState, Timeline
from mopr_timeline.replay import Segment, UnknownFamilyError


def _timeline(events: list[Event]) -> Timeline:
    timeline = Timeline(MemoryStore())
    timeline.append(events)
    return timeline


def _facts(state: OrgState) -> dict[str, Any]:
    """What a state says, its date aside."""
    data = state.to_dict()
    del data["date"]
    return data


def _day(ordinal: int) -> _dt.date:
    return _dt.date.fromordinal(ordinal)


def _check_cover(segments: list[Segment], first: _dt.date | None, last: _dt.date | None) -> None:
    """The segments follow one another without gap from ``first`` to ``last``, each state
    differing from the next (maximal ranges)."""
    assert segments
    assert segments[0].start == first
    assert segments[-1].end == last
    for before, after in itertools.pairwise(segments):
        assert before.end is not None
        assert after.start is not None
        assert after.start == before.end + _dt.timedelta(days=1)
        assert _facts(before.state) != _facts(after.state), f"{after.start}: no change"
    for segment in segments:
        if segment.start is not None and segment.end is not None:
            assert segment.start <= segment.end


def _segment_on(segments: list[Segment], day: _dt.date) -> Segment:
    for segment in segments:
        if (segment.start is None or segment.start <= day) and (
            segment.end is None or day <= segment.end
        ):
            return segment
    raise AssertionError(f"no segment holds {day}")


@settings(max_examples=150, deadline=None)
@given(logs(max_events=6), st.sampled_from(("whole", "open", "inside")))
def test_segments_hold_state_at_on_every_day(events: list[Event], bounds: str) -> None:
    timeline = _timeline(events)
    low, high = BASE - 3, BASE + WINDOW + 3
    if bounds == "whole":
        start, end = _day(low), _day(high)
    elif bounds == "inside":
        start, end = _day(BASE + 1), _day(BASE + 2)
        low, high = BASE + 1, BASE + 2
    else:
        start = end = None
    segments = timeline.segments(start, end)
    _check_cover(segments, start, end)
    for ordinal in range(low, high + 1):
        day = _day(ordinal)
        segment = _segment_on(segments, day)
        assert _facts(segment.state) == _facts(timeline.state_at(day)), f"on {day}"
    if bounds == "open":  # the open ends hold what the calendar's first and last days hold
        for day in (_dt.date.min, _dt.date.max, _day(BASE - 400), _day(BASE + 400)):
            assert _facts(_segment_on(segments, day).state) == _facts(timeline.state_at(day))


@settings(max_examples=60, deadline=None)
@given(logs(max_events=6), st.data())
def test_segments_as_of(events: list[Event], data: st.DataObject) -> None:
    timeline = _timeline(events)
    as_of = data.draw(st.integers(0, len(events)), label="as_of")
    start, end = _day(BASE - 1), _day(BASE + WINDOW + 1)
    segments = timeline.segments(start, end, as_of=as_of)
    _check_cover(segments, start, end)
    for ordinal in range(BASE - 1, BASE + WINDOW + 2):
        day = _day(ordinal)
        expected = timeline.state_at(day, as_of=as_of)
        assert _facts(_segment_on(segments, day).state) == _facts(expected), f"on {day}"


@settings(max_examples=60, deadline=None)
@given(logs(max_events=6))
def test_series_counts_each_certainty(events: list[Event]) -> None:
    timeline = _timeline(events)
    start, end = _day(BASE - 1), _day(BASE + WINDOW + 1)
    for family in mt.FAMILIES:
        counts = timeline.series(family, start, end)
        assert counts[0].start == start
        assert counts[-1].end == end
        for ordinal in range(BASE - 1, BASE + WINDOW + 2):
            day = _day(ordinal)
            facts = timeline.state_at(day).facts(family)
            held = [c for c in counts if c.start is not None and c.start <= day]
            count = held[-1]
            assert count.end is not None
            assert day <= count.end
            certain = sum(f.certainty is Certainty.CERTAIN for f in facts)
            assert (count.certain, count.possible) == (certain, len(facts) - certain), day
            assert count.at_most == len(facts)
        for before, after in itertools.pairwise(counts):
            assert (before.certain, before.possible) != (after.certain, after.possible)


@pytest.fixture(scope="module")
def mopr() -> Timeline:
    return mt.load()


def test_mopr_segments_hold_state_at(mopr: Timeline) -> None:
    """On the first and last day of every segment of the MOPR log, the day before and after
    each, and 300 random days of the organization's life."""
    segments = mopr.segments()
    _check_cover(segments, None, None)
    days: set[_dt.date] = set()
    for segment in segments:
        for day in (segment.start, segment.end):
            if day is not None:
                days.update((day, day - _dt.timedelta(days=1), day + _dt.timedelta(days=1)))
    rng = random.Random(17)
    first, last = _dt.date(1920, 1, 1).toordinal(), _dt.date(1950, 12, 31).toordinal()
    days.update(_day(rng.randint(first, last)) for _ in range(300))
    for day in sorted(days):
        assert _facts(_segment_on(segments, day).state) == _facts(mopr.state_at(day)), day


def test_mopr_segments_on_the_issues_days(mopr: Timeline) -> None:
    segments = mopr.segments("1922", "1947")
    assert segments[0].start == _dt.date(1922, 1, 1)
    assert segments[-1].end == _dt.date(1947, 12, 31)
    for text in ("1925-12-31", "1933-01-01", "1936-01-01", "1945-06-01"):
        day = _dt.date.fromisoformat(text)
        segment = _segment_on(segments, day)
        assert segment.state.to_dict() | {"date": None} == mopr.state_at(
            segment.start
        ).to_dict() | {"date": None}
        assert _facts(segment.state) == _facts(mopr.state_at(day))


def test_mopr_segments_trusting_a_source(mopr: Timeline) -> None:
    """Segments by the state according to one source of each MOPR dispute."""
    for claims in mopr.disputes():
        source = claims[-1].event.source
        assert source is not None
        segments = mopr.segments("1920", "1950", trust=[source.title])
        for segment in segments:
            for day in (segment.start, segment.end):
                assert day is not None
                expected = mopr.state_at(day, trust=[source.title])
                assert _facts(segment.state) == _facts(expected), (source.title, day)


def test_mopr_series_sections(mopr: Timeline) -> None:
    counts = mopr.series("sections", "1922", "1947")
    on = {c.start: c for c in counts}
    day = _dt.date(1933, 1, 1)
    count = next(c for c in counts if c.start is not None and c.start <= day <= (c.end or day))
    facts = mopr.state_at(day).sections
    assert count.certain == sum(f.certainty is Certainty.CERTAIN for f in facts)
    assert count.at_most == len(facts)
    assert count.to_dict()["start"] == count.start.isoformat() if count.start else True
    assert len(on) == len(counts)


def test_series_of_an_unknown_family_is_our_error(mopr: Timeline) -> None:
    with pytest.raises(UnknownFamilyError, match="sectoins"):
        mopr.series("sectoins")


def test_segments_with_start_after_end_is_our_error(mopr: Timeline) -> None:
    with pytest.raises(mt.ReplayError, match="after end"):
        mopr.segments("1940", "1930")


def test_segments_of_an_empty_log_is_one_open_segment() -> None:
    segments = Timeline(MemoryStore()).segments()
    assert len(segments) == 1
    assert segments[0].start is None
    assert segments[0].end is None
    assert segments[0].state.exists is Certainty.IMPOSSIBLE


def test_series_of_a_family_of_your_own() -> None:
    """``wir_kinds`` declares a keyed family (periodicals) outside the library."""
    import wir_kinds

    timeline = _timeline(wir_kinds.wir_log())
    own = [name for name, f in mt.FAMILIES.items() if not f.builtin]
    assert own
    for family in own:
        counts = timeline.series(family)
        assert any(c.at_most for c in counts), family
        for count in counts:
            day = count.start or count.end
            assert day is not None
            facts = timeline.state_at(day).facts(family)
            certain = sum(f.certainty is Certainty.CERTAIN for f in facts)
            assert (count.certain, count.possible) == (certain, len(facts) - certain)


def test_the_day_after_an_exact_day_is_a_change_point() -> None:
    """A appointed some day of 1-10 January, B (recorded after) on 5 January exactly: on the
    5th B certainly follows A, so A cannot lead; from the 6th A may have come after B."""
    events = [
        mt.Founded(id="f", when=mt.parse_date("1923"), name="O"),
        mt.LeaderAppointed(
            id="a", when=mt.FuzzyDate.from_ordinals(_ord(1, 1), _ord(1, 10)), person="A"
        ),
        mt.LeaderAppointed(id="b", when=mt.parse_date("1924-01-05"), person="B"),
    ]
    timeline = _timeline(events)
    segments = timeline.segments("1924-01-01", "1924-01-31")
    starts = [s.start for s in segments]
    assert _dt.date(1924, 1, 6) in starts
    assert timeline.state_at("1924-01-05").leader_certainty("A") is Certainty.IMPOSSIBLE
    assert timeline.state_at("1924-01-06").leader_certainty("A") is Certainty.POSSIBLE
    for day in range(_ord(1, 1), _ord(1, 31) + 1):
        expected = _facts(timeline.state_at(_day(day)))
        assert _facts(_segment_on(segments, _day(day)).state) == expected, _day(day)


def _ord(month: int, day: int) -> int:
    return _dt.date(1924, month, day).toordinal()
