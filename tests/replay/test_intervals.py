"""IntervalIndex against plain list filtering, through adds and removals."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.replay import ReplayError
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack

_DAY = st.integers(MIN_ORDINAL, MAX_ORDINAL)
_NEAR = st.integers(700_000, 700_400)


@st.composite
def _intervals(draw: st.DrawFn) -> tuple[int, int]:
    lo = draw(st.one_of(_NEAR, st.just(MIN_ORDINAL)))
    hi = draw(st.one_of(st.integers(max(lo, 700_000), 700_500), st.just(MAX_ORDINAL)))
    return lo, hi


@given(
    st.lists(_intervals(), max_size=150), st.sets(st.integers(0, 149), max_size=100), _NEAR, _NEAR
)
def test_overlap_and_latest_ending_match_brute_force(
    intervals: list[tuple[int, int]], removed: set[int], x: int, y: int
) -> None:
    x, y = min(x, y), max(x, y)
    index = IntervalIndex()
    for position, (lo, hi) in enumerate(intervals, start=1):
        index.add(position, lo, hi)
    kept = {}
    for position, (lo, hi) in enumerate(intervals, start=1):
        if position - 1 in removed:
            index.remove(position, lo, hi)
        else:
            kept[position] = (lo, hi)
    assert len(index) == len(kept)
    expected = {p for p, (lo, hi) in kept.items() if lo <= y and hi >= x}
    assert sorted(index.overlapping(x, y)) == sorted(expected)
    ending = [pack(lo, p) for p, (lo, hi) in kept.items() if hi <= x]
    latest = index.latest_ending_by(x)
    assert latest <= max(ending, default=NO_KEY)
    closed = [pack(lo, p) for p, (lo, hi) in kept.items() if hi <= x and lo != MIN_ORDINAL]
    assert latest >= max(closed, default=NO_KEY)
    assert (latest == NO_KEY) == (not ending)


def test_removing_an_absent_interval_changes_nothing() -> None:
    index = IntervalIndex()
    index.add(1, 10, 20)
    index.remove(2, 10, 20)
    index.remove(1, MIN_ORDINAL, 20)
    assert len(index) == 1
    assert index.overlapping(15, 15) == [1]


def test_positions_beyond_32_bits_are_refused() -> None:
    with pytest.raises(ReplayError, match="position 4294967296"):
        IntervalIndex().add(1 << 32, 1, 2)


def _brute(kept: dict[int, tuple[int, int]], x: int, y: int) -> tuple[list[int], int, int]:
    """Overlaps of ``[x, y]`` and the bounds ``latest_ending_by(x)`` must lie within."""
    overlapping = sorted(p for p, (lo, hi) in kept.items() if lo <= y and hi >= x)
    ending = [pack(lo, p) for p, (lo, hi) in kept.items() if hi <= x]
    closed = [pack(lo, p) for p, (lo, hi) in kept.items() if hi <= x and lo != MIN_ORDINAL]
    return overlapping, max(closed, default=NO_KEY), max(ending, default=NO_KEY)


@given(
    st.dictionaries(st.integers(0, 400), _intervals(), max_size=150),
    st.dictionaries(st.integers(401, 600), _intervals(), max_size=100),
    st.sets(st.integers(0, 600), max_size=120),
    _NEAR,
    _NEAR,
)
def test_intervals_added_at_once_answer_as_ones_added_one_by_one(
    first: dict[int, tuple[int, int]],
    later: dict[int, tuple[int, int]],
    removed: set[int],
    x: int,
    y: int,
) -> None:
    """``add_many`` fills an empty index at once and queues onto a held one; removals after a
    query (many at once rebuild every list) leave what one-by-one additions would."""
    x, y = min(x, y), max(x, y)
    everything = first | later
    at_once, one_by_one = IntervalIndex(), IntervalIndex()
    at_once.add_many(reversed(list(first)), lambda p: first[p][0], lambda p: first[p][1])
    at_once.overlapping(x, y)
    at_once.add_many(list(later), lambda p: later[p][0], lambda p: later[p][1])
    for position, (lo, hi) in everything.items():
        one_by_one.add(position, lo, hi)
    assert at_once.snapshot() == one_by_one.snapshot()
    for position in removed & everything.keys():
        lo, hi = everything[position]
        at_once.remove(position, lo, hi)
        one_by_one.remove(position, lo, hi)
    kept = {p: v for p, v in everything.items() if p not in removed}
    overlapping, low, high = _brute(kept, x, y)
    for index in (at_once, one_by_one):
        assert len(index) == len(kept)
        assert sorted(index.overlapping(x, y)) == overlapping
        assert low <= index.latest_ending_by(x) <= high
    assert at_once.snapshot() == one_by_one.snapshot()


def test_intervals_added_at_once_refuse_positions_beyond_32_bits() -> None:
    for bad in (-1, 1 << 32):
        with pytest.raises(ReplayError, match=f"position {bad} "):
            IntervalIndex().add_many([5, bad], {5: 10, bad: 10}.__getitem__, lambda p: p + 20)
