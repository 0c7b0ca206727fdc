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
