"""Three-valued comparisons are sound AND exact under refinement: certain when true in every
refinement of the dates, impossible when true in none, possible otherwise.

Refinements are enumerated. Dates are drawn near the start of the calendar so that the few
days in a small window, plus the calendar's last two days, stand for every refinement: all
finite bounds lie in the window, so any later day compares like the last day does.
"""

from __future__ import annotations

import datetime as dt
import operator
from collections.abc import Callable, Iterable

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan, parse_date
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.strategies import date_texts, fuzzy_dates, fuzzy_spans, refinements

WINDOW_END = MIN_ORDINAL + 12
FIRST, LAST = dt.date(1, 1, 1), dt.date(1, 1, 12)
small_dates = fuzzy_dates(min_value=FIRST, max_value=LAST)
small_spans = fuzzy_spans(min_value=FIRST, max_value=LAST)
certainties = st.sampled_from(list(Certainty))


def _days(date: FuzzyDate) -> list[int]:
    """Every refinement of ``date`` up to order: its days in the window and the last two."""
    inside = range(date.lo, min(date.hi, WINDOW_END + 1) + 1)
    tail = [d for d in (MAX_ORDINAL - 1, MAX_ORDINAL) if date.lo <= d <= date.hi]
    return [*inside, *(d for d in tail if d > WINDOW_END + 1)]


def _expected(outcomes: Iterable[bool]) -> Certainty:
    seen = set(outcomes)
    return Certainty.of(seen == {True}, True in seen)


COMPARISONS: list[tuple[str, Callable[[int, int], bool]]] = [
    ("before", operator.lt),
    ("after", operator.gt),
    ("same_day", operator.eq),
    ("on_or_before", operator.le),
]


@pytest.mark.parametrize(("name", "relation"), COMPARISONS)
@given(a=small_dates, b=small_dates)
def test_comparison_is_exact_under_refinement(
    name: str, relation: Callable[[int, int], bool], a: FuzzyDate, b: FuzzyDate
) -> None:
    answer = getattr(a, name)(b)
    assert answer is _expected(relation(x, y) for x in _days(a) for y in _days(b))


@given(a=small_dates, b=small_dates)
def test_contains_is_exact_over_the_days_of_the_argument(a: FuzzyDate, b: FuzzyDate) -> None:
    assert a.contains(b) is _expected(a.lo <= y <= a.hi for y in _days(b))


@given(span=small_spans, day=small_dates)
def test_span_contains_is_exact_under_refinement(span: FuzzySpan, day: FuzzyDate) -> None:
    outcomes = (s <= x <= e for s in _days(span.start) for e in _days(span.end) for x in _days(day))
    assert span.contains(day) is _expected(outcomes)


@given(a=fuzzy_dates(), b=fuzzy_dates(), data=st.data())
def test_before_is_sound_on_the_whole_calendar(
    a: FuzzyDate, b: FuzzyDate, data: st.DataObject
) -> None:
    x, y = data.draw(refinements(a)), data.draw(refinements(b))
    answer = a.before(b)
    if answer is Certainty.CERTAIN:
        assert x < y
    if answer is Certainty.IMPOSSIBLE:
        assert x >= y


@given(a=fuzzy_dates(), b=fuzzy_dates())
def test_sort_key_never_puts_a_date_after_one_it_certainly_precedes(
    a: FuzzyDate, b: FuzzyDate
) -> None:
    if a.before(b) is Certainty.CERTAIN:
        assert a.sort_key() < b.sort_key()


@given(a=small_dates, b=small_dates)
def test_sort_key_is_a_linear_extension_on_small_dates(a: FuzzyDate, b: FuzzyDate) -> None:
    if a.before(b) is Certainty.CERTAIN:
        assert a.sort_key() < b.sort_key()
    if b.before(a) is Certainty.CERTAIN:
        assert b.sort_key() < a.sort_key()


def test_comparisons_accept_exact_days() -> None:
    august = parse_date("Aug. 1925")
    assert august.before(dt.date(1925, 9, 1)) is Certainty.CERTAIN
    assert august.contains(dt.date(1925, 8, 15)) is Certainty.CERTAIN
    assert august.same_day(dt.date(1925, 8, 15)) is Certainty.POSSIBLE
    assert parse_date("before 1933").before(parse_date("1933")) is Certainty.CERTAIN
    assert parse_date("before 1933").after(parse_date("1920")) is Certainty.POSSIBLE


@given(item=date_texts())
def test_parsed_bounds_are_ordered(item: tuple[str, object, object]) -> None:
    date = parse_date(item[0])
    assert date.lo <= date.hi
    if date.earliest is not None and date.latest is not None:
        assert date.earliest <= date.latest


@given(date=fuzzy_dates(max_width=60), data=st.data())
def test_refinements_lie_within_the_bounds(date: FuzzyDate, data: st.DataObject) -> None:
    day = data.draw(refinements(date))
    assert date.contains(day) is Certainty.CERTAIN


@given(a=certainties, b=certainties, c=certainties)
def test_kleene_laws(a: Certainty, b: Certainty, c: Certainty) -> None:
    assert a & b is b & a
    assert a | b is b | a
    assert (a & b) & c is a & (b & c)
    assert (a | b) | c is a | (b | c)
    assert ~(a & b) is ~a | ~b
    assert ~(a | b) is ~a & ~b
    assert ~~a is a
    assert a & (b | c) is (a & b) | (a & c)
    assert a & Certainty.CERTAIN is a
    assert a | Certainty.IMPOSSIBLE is a
    assert (a & b).rank == min(a.rank, b.rank)
    assert (a | b).rank == max(a.rank, b.rank)


def test_certainty_values_and_negation() -> None:
    assert [c.value for c in Certainty] == ["impossible", "possible", "certain"]
    assert ~Certainty.CERTAIN is Certainty.IMPOSSIBLE
    assert ~Certainty.POSSIBLE is Certainty.POSSIBLE
    assert Certainty.of(always=False, sometimes=True) is Certainty.POSSIBLE


def test_certainty_refuses_to_be_a_bool() -> None:
    with pytest.raises(TypeError, match="three-valued"):
        bool(Certainty.POSSIBLE)
