"""build_chronology: order, fuzzy range filter, kinds, countries, retractions, as_of."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from views_support import sample_events

from mopr_timeline import MemoryStore, Occurred, Retracted, SectionEstablished, Timeline
from mopr_timeline.dates import Certainty
from mopr_timeline.replay._chronology import ChronologyError, build_chronology
from mopr_timeline.strategies import fuzzy_dates, logs


def ids(entries: list) -> list[str]:
    return [e.id for e in entries]


def test_order_follows_dates_then_stream_position() -> None:
    order = ids(build_chronology(sample_events()))
    assert order.index("founded") < order.index("marchlewski")  # same year: stream order
    assert order.index("marchlewski") < order.index("germany") < order.index("belgium")
    assert order.index("conference-1924") < order.index("germany")  # July before October 1924
    assert order[-1] == "albania"  # no bounds at all: last


@given(st.lists(fuzzy_dates(), min_size=1, max_size=12))
def test_never_after_an_entry_it_certainly_precedes(dates: list) -> None:
    events = [Occurred(id=f"e{i}", when=d, text="x") for i, d in enumerate(dates)]
    entries = build_chronology(events)
    for i, later in enumerate(entries):
        for earlier in entries[:i]:
            assert later.when.before(earlier.when) is not Certainty.CERTAIN


@given(st.lists(fuzzy_dates(), min_size=2, max_size=8))
def test_ties_keep_stream_order(dates: list) -> None:
    events = [Occurred(id=f"e{i}", when=d, text="x") for i, d in enumerate(dates)]
    entries = build_chronology(events)
    for a, b in itertools.pairwise(entries):
        if a.when.sort_key() == b.when.sort_key():
            assert a.position < b.position


def test_range_keeps_entries_that_possibly_fall_in_it() -> None:
    kept = ids(build_chronology(sample_events(), start="1925", end="1925"))
    assert "belgium" in kept  # Aug. 1925: certainly in
    assert "circa" in kept  # c. 1925 = 1924..1926: possibly in
    assert "bolivia" in kept  # before 1933: possibly in 1925
    assert "albania" in kept  # unknown: possibly anywhere
    assert "germany" not in kept  # Oct. 1924: certainly before
    assert "india" not in kept  # after 1928: certainly after


def test_range_keeps_a_congress_overlapping_it() -> None:
    kept = ids(build_chronology(sample_events(), start="1924-07-16", end="1924-07-20"))
    assert "conference-1924" in kept
    assert "conference-1924" not in ids(build_chronology(sample_events(), start="1924-07-17"))


def test_reversed_range_is_an_error() -> None:
    with pytest.raises(ChronologyError, match="ends"):
        build_chronology(sample_events(), start="1930", end="1920")


def test_bad_range_date_is_our_error() -> None:
    with pytest.raises(ChronologyError, match="start"):
        build_chronology(sample_events(), start="Febtember 1925")


def test_non_events_are_refused() -> None:
    with pytest.raises(ChronologyError, match="not an Event"):
        build_chronology(["1925"])  # type: ignore[list-item]


def test_kind_filter() -> None:
    entries = build_chronology(sample_events(), kinds=["LeaderAppointed"])
    assert ids(entries) == ["marchlewski", "lepeshinsky", "stasova"]


def test_unknown_kind_is_a_clear_error() -> None:
    with pytest.raises(ChronologyError, match=r"'Sectionestablished'.*known kinds"):
        build_chronology(sample_events(), kinds=["Sectionestablished"])


def test_country_filter_ignores_case() -> None:
    entries = build_chronology(sample_events(), countries=["spain", "BELGIUM"])
    assert ids(entries) == ["belgium", "fifth-regiment"]


def test_single_texts_are_single_filters() -> None:
    assert ids(build_chronology(sample_events(), kinds="LeaderLeft")) == ["stasova-left"]
    assert ids(build_chronology(sample_events(), countries="Belgium")) == ["belgium"]


def test_entry_fields() -> None:
    (entry,) = build_chronology(sample_events(), countries=["Belgium"])
    assert entry.kind == "SectionEstablished"
    assert entry.country == "Belgium"
    assert entry.source is not None
    assert entry.source.pages == "262-263"
    assert entry.text == "In Aug. 1925, the Belgium section was established."
    assert entry.when.text == "Aug. 1925"
    assert entry.span is None


def test_congress_is_placed_by_its_start_and_keeps_its_span() -> None:
    (entry,) = build_chronology(sample_events(), kinds=["CongressHeld"])
    assert entry.span is not None
    assert entry.when == entry.span.start
    assert entry.last == entry.span.end
    assert entry.text == (
        "On July 14–16, 1924, the 1st International Conference met in Moscow, with 109 delegates."
    )


def test_retracted_events_leave_the_chronology() -> None:
    events = [*sample_events(), Retracted(target="belgium", reason="misread")]
    kept = ids(build_chronology(events))
    assert "belgium" not in kept
    assert all(not isinstance(e.event, Retracted) for e in build_chronology(events))


def test_timeline_chronology_honours_retraction_and_as_of() -> None:
    timeline = Timeline(MemoryStore(), "mopr")
    timeline.append(sample_events())
    before = timeline.version
    timeline.append([Retracted(target="belgium", reason="misread")])
    timeline.append([SectionEstablished(id="canada", when="Aug. 1925", country="Canada")])
    now = ids(timeline.chronology())
    assert "belgium" not in now
    assert "canada" in now
    then = ids(timeline.chronology(as_of=before))
    assert "belgium" in then
    assert "canada" not in then


WINDOW: dict[str, Any] = {
    "min_value": dt.date(1925, 1, 1),
    "max_value": dt.date(1925, 1, 20),
    "max_width": 6,
    "allow_open": False,
}


@given(fuzzy_dates(**WINDOW), fuzzy_dates(**WINDOW), fuzzy_dates(**WINDOW))
def test_range_filter_is_exact_under_refinement(day: Any, start: Any, end: Any) -> None:
    """Kept exactly when some refinement puts the day between the range's start and end."""
    assume(start.lo <= end.hi)
    event = Occurred(id="e", when=day, text="x")
    kept = bool(build_chronology([event], start=start, end=end))
    possible = any(
        s <= d <= e
        for d in range(day.lo, day.hi + 1)
        for s in range(start.lo, min(start.hi, d) + 1)
        for e in range(max(end.lo, d), end.hi + 1)
    )
    assert kept == possible


@given(logs(max_events=8))
def test_a_claim_is_disputed_in_the_chronology_exactly_when_replay_finds_its_dispute(
    events: list,
) -> None:
    timeline = Timeline(MemoryStore(), "s")
    timeline.append(events)
    disputes = [{record.event.id for record in claims} for claims in timeline.disputes()]
    for entry in timeline.chronology():
        mine = [d for d in disputes if entry.id in d]
        assert entry.disputed is bool(mine)
        assert set(entry.competing) == (mine[0] - {entry.id} if mine else set())
        assert ("according to" in entry.text) is entry.disputed
