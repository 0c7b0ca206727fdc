"""EDTF reading (``parse_edtf``, and ``parse_date`` where EDTF is its only reading) and
writing, checked against python-edtf as an oracle where it is right."""

from __future__ import annotations

import datetime as dt
import time

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Precision,
    parse_date,
    parse_edtf,
    parse_span,
)
from mopr_timeline.strategies import date_texts, fuzzy_dates, fuzzy_spans

D = dt.date

READ = [
    ("1925", D(1925, 1, 1), D(1925, 12, 31)),
    ("0001", D(1, 1, 1), D(1, 12, 31)),
    ("9999-12", D(9999, 12, 1), D(9999, 12, 31)),
    ("1924-02", D(1924, 2, 1), D(1924, 2, 29)),
    ("1925-08-15T10:20:30", D(1925, 8, 15), D(1925, 8, 15)),
    ("1925-08-15T23:59:59Z", D(1925, 8, 15), D(1925, 8, 15)),
    ("1925-08-15T10:20:30+05:00", D(1925, 8, 15), D(1925, 8, 15)),
    ("2001-21", D(2001, 3, 1), D(2001, 5, 31)),
    ("2001-22", D(2001, 6, 1), D(2001, 8, 31)),
    ("2001-23", D(2001, 9, 1), D(2001, 11, 30)),
    ("2001-24", D(2001, 12, 1), D(2001, 12, 31)),
    ("2001-33", D(2001, 1, 1), D(2001, 3, 31)),
    ("2001-41", D(2001, 7, 1), D(2001, 12, 31)),
    ("192X", D(1920, 1, 1), D(1929, 12, 31)),
    ("19XX", D(1900, 1, 1), D(1999, 12, 31)),
    ("1XXX", D(1000, 1, 1), D(1999, 12, 31)),
    ("19X5", D(1905, 1, 1), D(1995, 12, 31)),
    ("1984-06-XX", D(1984, 6, 1), D(1984, 6, 30)),
    ("1984-XX", D(1984, 1, 1), D(1984, 12, 31)),
    ("1984-XX-XX", D(1984, 1, 1), D(1984, 12, 31)),
    ("1984-XX-15", D(1984, 1, 15), D(1984, 12, 15)),
    ("156X-12-25", D(1560, 12, 25), D(1569, 12, 25)),
    ("XXXX-02-29", D(4, 2, 29), D(9996, 2, 29)),
    ("XXXX", None, None),
    ("[..1932]", None, D(1932, 12, 31)),
    ("[1929..]", D(1929, 1, 1), None),
    ("[1925,1927]", D(1925, 1, 1), D(1927, 12, 31)),
    ("[1925-08-01..1925-09-15]", D(1925, 8, 1), D(1925, 9, 15)),
    ("[1667, 1668, 1670..1672]", D(1667, 1, 1), D(1672, 12, 31)),
    ("[..1932-05, 1940]", None, D(1940, 12, 31)),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), READ)
def test_read(text: str, earliest: dt.date | None, latest: dt.date | None) -> None:
    date = parse_edtf(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert not date.ambiguous


ALSO_RANGES = {"2001-21", "2001-22", "2001-23", "2001-24", "2001-33", "2001-41"}


@pytest.mark.parametrize(("text", "earliest", "latest"), READ)
def test_parse_date_reads_edtf_alike_unless_it_is_also_a_range(
    text: str, earliest: dt.date | None, latest: dt.date | None
) -> None:
    date = parse_date(text)
    if text not in ALSO_RANGES:
        assert (date.earliest, date.latest) == (earliest, latest)
        assert not date.ambiguous
        return
    # 2001-21 is also the abbreviated range 2001-2021: the bounds cover both readings
    assert (date.earliest, date.latest) == (D(2001, 1, 1), D(int("20" + text[-2:]), 12, 31))
    assert date.ambiguous


@pytest.mark.parametrize(
    ("text", "earliest", "latest"),
    [
        ("1925-21", D(1925, 3, 1), D(1925, 5, 31)),
        ("1925-24", D(1925, 12, 1), D(1925, 12, 31)),
        ("1905-11", D(1905, 11, 1), D(1905, 11, 30)),
        ("1912-12", D(1912, 12, 1), D(1912, 12, 31)),
    ],
)
def test_parse_date_keeps_months_and_seasons_that_are_no_later_year(
    text: str, earliest: dt.date, latest: dt.date
) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert not date.ambiguous


def test_parse_edtf_reads_nothing_but_edtf() -> None:
    for text in ["1800s", "c. 1925", "Aug. 1925", "19th century", "10/7/2008", "", '"1925"']:
        with pytest.raises(DateParseError):
            parse_edtf(text)
    with pytest.raises(DateParseError, match="parse_span"):
        parse_edtf("1925/1927")
    assert parse_edtf(" 1925-21 ").bounds_text() == "1925-03-01..1925-05-31"


WIDENED = [
    ("1925~", D(1924, 1, 1), D(1926, 12, 31)),
    ("1925?", D(1924, 1, 1), D(1926, 12, 31)),
    ("1925%", D(1923, 1, 1), D(1927, 12, 31)),
    ("1925-08~", D(1925, 7, 1), D(1925, 9, 30)),
    ("1925-01?", D(1924, 12, 1), D(1925, 2, 28)),
    ("1925-08%", D(1925, 6, 1), D(1925, 10, 31)),
    ("1925-08-15?", D(1925, 8, 14), D(1925, 8, 16)),
    ("1925-08-15%", D(1925, 8, 13), D(1925, 8, 17)),
    ("192X~", D(1910, 1, 1), D(1939, 12, 31)),
    ("2001-21~", D(2000, 12, 1), D(2001, 8, 31)),
    ("2004?-06-11", D(2003, 6, 11), D(2005, 6, 11)),
    ("2004-06~-11", D(2003, 5, 11), D(2005, 7, 11)),
    ("2004-~06-11", D(2004, 5, 11), D(2004, 7, 11)),
    ("?2004-06-~11", D(2003, 6, 10), D(2005, 6, 12)),
    ("2004-06-~11", D(2004, 6, 10), D(2004, 6, 12)),
    ("0001~", D(1, 1, 1), D(2, 12, 31)),
    ("9999%", D(9997, 1, 1), D(9999, 12, 31)),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), WIDENED)
def test_qualifiers_widen_by_units_of_precision(
    text: str, earliest: dt.date, latest: dt.date
) -> None:
    date = parse_edtf(text)
    assert (date.earliest, date.latest) == (earliest, latest)


SPANS = [
    ("1925/1927", (D(1925, 1, 1), D(1925, 12, 31)), (D(1927, 1, 1), D(1927, 12, 31))),
    ("../1932", (None, None), (D(1932, 1, 1), D(1932, 12, 31))),
    ("1929/..", (D(1929, 1, 1), D(1929, 12, 31)), (None, None)),
    ("/1932", (None, None), (D(1932, 1, 1), D(1932, 12, 31))),
    ("1925-08-15/1926", (D(1925, 8, 15), D(1925, 8, 15)), (D(1926, 1, 1), D(1926, 12, 31))),
    ("1925~/1927", (D(1924, 1, 1), D(1926, 12, 31)), (D(1927, 1, 1), D(1927, 12, 31))),
    ("1922–1925", (D(1922, 1, 1), D(1922, 12, 31)), (D(1925, 1, 1), D(1925, 12, 31))),
    ("1922—1925", (D(1922, 1, 1), D(1922, 12, 31)), (D(1925, 1, 1), D(1925, 12, 31))),
    ("1922-1925", (D(1922, 1, 1), D(1922, 12, 31)), (D(1925, 1, 1), D(1925, 12, 31))),
    ("1922 - 1925", (D(1922, 1, 1), D(1922, 12, 31)), (D(1925, 1, 1), D(1925, 12, 31))),
    ("1925-08-01-1925-09-15", (D(1925, 8, 1), D(1925, 8, 1)), (D(1925, 9, 15), D(1925, 9, 15))),
    ("from 1925 to 1927", (D(1925, 1, 1), D(1925, 12, 31)), (D(1927, 1, 1), D(1927, 12, 31))),
    ("between 1925 and 1927", (D(1925, 1, 1), D(1925, 12, 31)), (D(1927, 1, 1), D(1927, 12, 31))),
    ("March 24 – April 5, 1927", (D(1927, 3, 24), D(1927, 3, 24)), (D(1927, 4, 5), D(1927, 4, 5))),
    ("1923", (D(1923, 1, 1), D(1923, 12, 31)), (D(1923, 1, 1), D(1923, 12, 31))),
    ("from 1925", (D(1925, 1, 1), D(1925, 12, 31)), (None, None)),
]


@pytest.mark.parametrize(("text", "start", "end"), SPANS)
def test_spans(
    text: str, start: tuple[dt.date | None, dt.date | None], end: tuple[dt.date | None, ...]
) -> None:
    span = parse_span(text)
    assert (span.start.earliest, span.start.latest) == start
    assert (span.end.earliest, span.end.latest) == end
    assert span.text == text


def _strict(value: time.struct_time | float) -> dt.date | None:
    if isinstance(value, float):
        return None
    return D(value.tm_year, value.tm_mon, value.tm_mday)


def _oracle(text: str) -> tuple[dt.date | None, dt.date | None]:
    parsed = edtf.parse_edtf(text)
    return _strict(parsed.lower_strict()), _strict(parsed.upper_strict())


@pytest.mark.parametrize("text", [t for t, *_ in READ if t not in ("XXXX", "XXXX-02-29")])
def test_unqualified_bounds_match_python_edtf(text: str) -> None:
    date = parse_edtf(text)
    assert (date.earliest, date.latest) == _oracle(text)


@st.composite
def unqualified_edtf(draw: st.DrawFn) -> str:
    """Unqualified EDTF strings of levels 0-2 that python-edtf reads correctly."""
    year = draw(st.integers(1, 9999))
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, 28))
    y = f"{year:04d}"
    x_year = draw(st.sampled_from([y[:3] + "X", y[:2] + "XX", y[:1] + "XXX"]))
    if int(x_year.replace("X", "0")) == 0:
        x_year = y  # python-edtf would start at year 0, outside the calendar
    single = [
        y,
        f"{y}-{month:02d}",
        f"{y}-{month:02d}-{day:02d}",
        f"{y}-{draw(st.integers(21, 41))}",
        x_year,
        f"{y}-{month:02d}-XX",
        f"{y}-XX",
        f"{y}-XX-XX",
        f"{y}-XX-{day:02d}",
        f"{y}-{month:02d}-{day:02d}T{draw(st.integers(0, 23)):02d}:30:00Z",
    ]
    other = f"{draw(st.integers(year, 9999)):04d}"
    sets = [f"[..{y}]", f"[{y}..]", f"[{y},{other}]", f"[{y}..{other}]"]
    return draw(st.sampled_from(single + sets))


@given(unqualified_edtf())
def test_oracle_python_edtf_strict_bounds(text: str) -> None:
    date = parse_edtf(text)
    assert (date.earliest, date.latest) == _oracle(text)


@given(st.sampled_from(["1925/1927", "../1932", "1929/..", "1925-08/1926-02-14", "192X/1930"]))
def test_oracle_interval_outer_bounds(text: str) -> None:
    span = parse_span(text)
    assert (span.start.earliest, span.end.latest) == _oracle(text)


WRITTEN = [
    ("before 1933", "[..1932]"),
    ("after 1928", "[1929..]"),
    ("1920s", "192X"),
    ("the 20th century", "[1900..2000]"),
    ("1800s", "18XX"),
    ("1918-21", "[1918..1921]"),
    ("19XX", "19XX"),
    ("Aug. 1925", "1925-08"),
    ("21 January 1937", "1937-01-21"),
    ("c. 1925", "1925~"),
    ("c. Aug. 1925", "1925-08~"),
    ("1925%", "1925%"),
    ("mid-1920s", "[1924..1926]"),
    ("before Aug. 1925", "[..1925-07]"),
    ("[1925-08-01..1925-09-15]", "[1925-08-01..1925-09-15]"),
    ("1925-21", "1925-21"),
    ("1925-21~", "[1924-12..1925-08]"),
    ("", "XXXX"),
]


@pytest.mark.parametrize(("text", "written"), WRITTEN)
def test_to_edtf_writes_the_natural_form(text: str, written: str) -> None:
    assert parse_date(text).to_edtf() == written


def test_span_to_edtf() -> None:
    assert parse_span("1922–1925").to_edtf() == "1922/1925"
    assert parse_span("July 14–16", year=1924).to_edtf() == "1924-07-14/1924-07-16"
    assert parse_span("../1932").to_edtf() == "../1932"
    assert parse_span("/1932").to_edtf() == "../1932"


def test_a_span_end_with_no_edtf_form_is_refused_clearly() -> None:
    span = parse_span("mid-1920s – 1930")
    with pytest.raises(DateParseError, match="no interval end"):
        span.to_edtf()


def _assert_round_trip(date: FuzzyDate) -> None:
    written = date.to_edtf()
    back = parse_edtf(written)
    assert (back.earliest, back.latest) == (date.earliest, date.latest), written
    edtf.parse_edtf(written)


@given(fuzzy_dates())
def test_to_edtf_round_trips_and_python_edtf_reads_it(date: FuzzyDate) -> None:
    _assert_round_trip(date)


@given(date_texts())
def test_to_edtf_round_trips_parsed_texts(item: tuple[str, object, object]) -> None:
    _assert_round_trip(parse_date(item[0]))


@st.composite
def interval_ends(draw: st.DrawFn) -> str:
    """An EDTF date that may end an interval: plain, qualified, with X digits, or open."""
    year = f"{draw(st.integers(1000, 2999)):04d}"
    month = f"{draw(st.integers(1, 12)):02d}"
    mark = draw(st.sampled_from(["", "", "~", "?", "%"]))
    return draw(
        st.sampled_from(
            [
                *(year + mark, f"{year}-{month}{mark}", f"{year}-{month}-14{mark}"),
                *(f"{year}-22", year[:3] + "X" + mark, ".."),
            ]
        )
    )


@given(interval_ends(), interval_ends())
def test_span_to_edtf_round_trips(first: str, second: str) -> None:
    try:
        span = parse_span(f"{first}/{second}")
    except DateParseError:
        return
    refused: DateParseError | None = None
    try:
        written = span.to_edtf()
    except DateParseError as error:
        refused = error
    if refused is not None:
        assert "X" in first + second
        assert "python-edtf" in refused.reason
        return
    back = parse_span(written)
    assert (back.start.lo, back.start.hi, back.end.lo, back.end.hi) == (
        span.start.lo,
        span.start.hi,
        span.end.lo,
        span.end.hi,
    )
    edtf.parse_edtf(written)


@given(fuzzy_spans(allow_open=False))
def test_span_to_edtf_never_fails_with_anything_but_our_error(span: FuzzySpan) -> None:
    try:
        written = span.to_edtf()
    except DateParseError:
        return
    edtf.parse_edtf(written)


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("192X", Precision.DECADE),
        ("19XX", Precision.CENTURY),
        ("1XXX", Precision.MILLENNIUM),
        ("2001-21", Precision.SEASON),
        ("[1925,1927]", Precision.SET),
        ("1925-08-15T10:20:30", Precision.DAY),
    ],
)
def test_edtf_precision(text: str, precision: Precision) -> None:
    assert parse_edtf(text).precision is precision
