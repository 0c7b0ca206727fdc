"""Dates written fast (sorted keys, ISO texts cached by ordinal) and read back by a glance."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.events import _serial_dates
from mopr_timeline.events._serial_dates import (
    fuzzy_bounds,
    fuzzy_from_dict,
    fuzzy_to_dict,
    span_to_dict,
)
from mopr_timeline.strategies import fuzzy_dates, fuzzy_spans

dressed_dates = st.builds(
    lambda date, text, precision, qualifier: attrs.evolve(
        date, text=text, precision=precision, qualifier=qualifier
    ),
    fuzzy_dates(),
    st.text(max_size=10),
    st.sampled_from(Precision),
    st.sampled_from(Qualifier),
)


def expected(date: FuzzyDate) -> dict[str, Any]:
    return {
        "earliest": None if date.earliest is None else date.earliest.isoformat(),
        "latest": None if date.latest is None else date.latest.isoformat(),
        "precision": date.precision.value,
        "qualifier": date.qualifier.value,
        "text": date.text,
    }


@given(dressed_dates)
def test_a_date_is_written_with_sorted_keys_and_iso_days(date: FuzzyDate) -> None:
    written = fuzzy_to_dict(date)
    assert written == expected(date)
    assert list(written) == sorted(written)
    assert fuzzy_from_dict(written) == date


@given(fuzzy_spans())
def test_a_span_is_written_with_sorted_keys(span: FuzzySpan) -> None:
    written = span_to_dict(span)
    assert list(written) == ["end", "start", "text"]
    assert written["start"] == expected(span.start)
    assert written["end"] == expected(span.end)


def test_the_caches_are_bounded_and_stay_right() -> None:
    """More distinct days and dates than the caches keep: the oldest go, answers stay right."""
    first = _dt.date(1, 1, 1).toordinal()
    limit = _serial_dates._CACHED
    for caching in (_serial_dates._day_of, _serial_dates._fuzzy_of):
        assert caching.cache_info().maxsize == limit
    days = [_dt.date.fromordinal(first + step * 37) for step in range(limit // 16)]
    for _ in range(2):
        for day in days:
            date = FuzzyDate(earliest=day, latest=day + _dt.timedelta(days=40))
            assert fuzzy_to_dict(date) == expected(date)
            assert fuzzy_from_dict(expected(date)) == date
    assert _serial_dates._fuzzy_of.cache_info().currsize <= limit


@pytest.mark.parametrize(
    "text",
    [
        "1922-01-01",
        "0007-03-09",
        "9999-12-31",
        "2020-02-29",
        "2021-02-29",
        "2020-13-01",
        "2020-W01-1",
        "20200101",
        "2020-1-01",
        "\u0662\u0660\u0662\u0660-01-01",
        "",
        "x",
    ],
)
def test_a_peeked_bound_is_the_ordinal_of_the_day_a_decode_reads(text: str) -> None:
    """``fuzzy_bounds`` reads a bound without making its day: it accepts exactly the texts
    the decoding accepts, as the same day."""
    day = _serial_dates._day_of(text)
    assert _serial_dates._ordinal(text) == (None if day is None else day.toordinal())


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (_dt.date(1, 1, 1), _dt.date(3, 2, 1)),
        (_dt.date(999, 11, 1), _dt.date(1001, 3, 31)),
        (_dt.date(1899, 12, 1), _dt.date(1900, 3, 31)),
        (_dt.date(1999, 12, 1), _dt.date(2000, 3, 31)),
        (_dt.date(9998, 12, 1), _dt.date(9999, 12, 31)),
    ],
)
def test_month_ends_leap_days_and_year_ends_are_spelled_right(
    first: _dt.date, last: _dt.date
) -> None:
    """Each day met as an earliest bound and as a latest one, read back to the same day."""
    days = [_dt.date.fromordinal(o) for o in range(first.toordinal(), last.toordinal() + 1)]
    for day in days:
        assert fuzzy_to_dict(FuzzyDate(earliest=day, latest=None))["earliest"] == day.isoformat()
        assert fuzzy_to_dict(FuzzyDate(earliest=None, latest=day))["latest"] == day.isoformat()
        assert fuzzy_from_dict(expected(FuzzyDate.exact(day))) == FuzzyDate.exact(day)


def test_years_below_1000_keep_four_digits() -> None:
    date = FuzzyDate(earliest=_dt.date(7, 3, 9), latest=_dt.date(999, 12, 31))
    assert fuzzy_to_dict(date)["earliest"] == "0007-03-09"
    assert fuzzy_to_dict(date)["latest"] == "0999-12-31"


@given(dressed_dates)
def test_the_bounds_of_a_stored_date_are_its_ordinals(date: FuzzyDate) -> None:
    assert fuzzy_bounds(fuzzy_to_dict(date)) == (date.lo, date.hi)


@pytest.mark.parametrize(
    "change",
    [
        {"earliest": "1924-02-30"},
        {"earliest": "1924-2-3"},
        {"latest": "July 1924"},
        {"latest": 1924},
        {"earliest": ["1924-01-01"]},
        {"earliest": "1925-01-01", "latest": "1924-12-31"},
    ],
)
def test_unsound_bounds_have_none(change: dict[str, Any]) -> None:
    written = fuzzy_to_dict(FuzzyDate(earliest=_dt.date(1924, 1, 1), latest=_dt.date(1924, 12, 31)))
    assert fuzzy_bounds({**written, **change}) is None


@pytest.mark.parametrize("drop", ["earliest", "latest", "text"])
def test_a_date_missing_a_key_has_no_bounds(drop: str) -> None:
    written = fuzzy_to_dict(FuzzyDate(earliest=None, latest=_dt.date(1932, 12, 31)))
    del written[drop]
    assert fuzzy_bounds(written) is None
