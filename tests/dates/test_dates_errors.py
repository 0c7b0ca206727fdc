"""Bad input raises DateParseError naming the text, the position and what was expected.

Fuzzing: hypothesis text and a soup of grammar fragments never make anything else escape.
"""

from __future__ import annotations

import contextlib
import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    as_fuzzy,
    parse_date,
    parse_edtf,
    parse_span,
)

ERRORS = [
    ("1925-13", 5, "month 13 does not exist"),
    ("1925-00-01", 5, "month 0 does not exist"),
    ("1925-02-29", 8, "February 1925 has 28 days"),
    ("29 February 1925", 0, "February 1925 has 28 days"),
    ("February 30, 1924", 9, "February 1924 has 29 days"),
    ("April 31 1925", 6, "April 1925 has 30 days"),
    ("-1925", 0, "a year between 1 and 9999"),
    ("10000", 0, "a year between 1 and 9999"),
    ("Y17000", 0, "a year between 1 and 9999"),
    ("0000", 0, "a year between 1 and 9999"),
    ("Aug. 10000", 5, "a year between 1 and 9999"),
    ("Foo 1925", 0, "expected a month name"),
    ("Agust 1925", 0, "expected a month name"),
    ("before", 6, "expected a date after 'before'"),
    ("June", 4, "has no year"),
    ("1925/1927", 4, "parse_span"),
    ("{1925,1927}", 0, "not one day"),
    ("[1927..1925]", 1, "ends before it starts"),
    ("[1925", 5, "expected ']'"),
    ("[]", 1, "at least one date"),
    ("1925-08-15T25:00:00", 11, "time of day"),
    ("1984-1X", 5, "two digits or XX"),
    ("XXXX-02-30", 8, "no month '02' has a day 30"),
    ("before 0001", 0, "nothing in the calendar comes before"),
    ("after 9999", 0, "nothing in the calendar comes after"),
    ("c. unknown", 3, "expected a month name"),
    ("the 00s", 4, "years start at 1"),
    ("1925 1926", 4, "found ' 1926' after it"),
    ("@", 0, "expected a date such as"),
]


@pytest.mark.parametrize(("text", "position", "reason"), ERRORS)
def test_error_names_text_position_and_reason(text: str, position: int, reason: str) -> None:
    with pytest.raises(DateParseError) as caught:
        parse_date(text)
    error = caught.value
    assert error.text == text
    assert error.position == position
    assert reason in error.reason
    assert repr(text) in str(error)
    assert isinstance(error, ValueError)


@pytest.mark.parametrize("value", [None, 1925, 19.25, b"1925", ["1925"], dt.date(1925, 1, 1)])
def test_non_text_input_is_refused_with_our_error(value: object) -> None:
    with pytest.raises(DateParseError, match="expected a text"):
        parse_date(value)  # type: ignore[arg-type]
    with pytest.raises(DateParseError, match="expected a text"):
        parse_span(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("year", ["1925", 1925.0, True])
def test_a_year_argument_must_be_an_int(year: object) -> None:
    with pytest.raises(DateParseError, match="year= must be an int"):
        parse_date("June", year=year)  # type: ignore[arg-type]


def test_a_year_argument_out_of_range_is_refused() -> None:
    with pytest.raises(DateParseError, match="a year between 1 and 9999"):
        parse_date("June", year=0)


def test_overlong_text_is_refused_before_reading() -> None:
    with pytest.raises(DateParseError, match="at most 200 characters"):
        parse_date("1925 " * 100)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("1927–1925", "the span runs backwards"),
        ("1930-1920", "the span runs backwards"),
        ("1930 to 1920", "the span runs backwards"),
        ("1925 – 1926 – 1927", "one separator"),
        ("– 1925", "both sides"),
        ("1925/1926/1927", "one '/'"),
        ("[1925..]/1930", "not sets"),
        ("July 14–16", "has no year"),
        ("1925–16", "a bare day needs a start with a day"),
        ("July 14, 1924–32", "has 31 days"),
    ],
)
def test_span_errors(text: str, reason: str) -> None:
    with pytest.raises(DateParseError, match=reason):
        parse_span(text)


def test_model_errors_are_ours_too() -> None:
    with pytest.raises(DateParseError, match="after the latest day"):
        FuzzyDate(earliest=dt.date(1925, 2, 1), latest=dt.date(1925, 1, 1))
    with pytest.raises(DateParseError, match=r"a bound must be a datetime\.date"):
        FuzzyDate(earliest="1925", latest=None)  # type: ignore[arg-type]
    with pytest.raises(DateParseError, match="expected a date text"):
        as_fuzzy(1925)
    year = parse_date("1925")
    with pytest.raises(DateParseError, match="cannot end"):
        FuzzySpan(start=year, end=parse_date("1924"))


FRAGMENTS = [
    *("before", "after", "by", "as of", "in", "c.", "ca.", "circa", "about", "the", "s", "'s"),
    *("early", "mid-", "late", "towards the ends of", "Aug.", "Sept", "February", "of"),
    *("X", "XX", "XXXX", "-", "–", "—", "/", "..", "[", "]", "{", "}", ",", "~", "?", "%"),
    *("1925", "0", "00", "02", "13", "21", "24", "29", "31", "41", "0000", "0001", "9999"),
    *("Y", "-1", "E7", "S2", "T", "10:20:30", "Z", "+05:00", '"', "'", "“", "20th century"),
    *("1920s", "to", "from", "between", "and", "unknown", " ", "AD", "\n", "\x00"),
]
soup = st.lists(st.sampled_from(FRAGMENTS), max_size=8).map("".join)
years = st.none() | st.integers(-5, 10005)


def _only_our_error(reader: object, text: str, year: int | None) -> None:
    with contextlib.suppress(DateParseError):
        reader(text, year=year)  # type: ignore[operator]


@given(text=soup, year=years)
def test_fragment_soup_raises_only_date_parse_errors(text: str, year: int | None) -> None:
    _only_our_error(parse_date, text, year)
    _only_our_error(parse_span, text, year)


@given(text=st.text(max_size=40), year=years)
def test_arbitrary_text_raises_only_date_parse_errors(text: str, year: int | None) -> None:
    _only_our_error(parse_date, text, year)
    _only_our_error(parse_span, text, year)


@given(text=soup)
def test_whatever_parses_has_ordered_bounds_and_round_trips(text: str) -> None:
    try:
        date = parse_date(text)
    except DateParseError:
        return
    assert date.lo <= date.hi
    back = parse_edtf(date.to_edtf())
    assert (back.lo, back.hi) == (date.lo, date.hi)
