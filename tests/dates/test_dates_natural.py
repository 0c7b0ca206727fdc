"""One example per form of English date phrase the parser reads (the table of docs/dates.md),
and the English variants issue 2 names."""

from __future__ import annotations

import datetime as dt

import pytest

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    Precision,
    Qualifier,
    parse_date,
    parse_span,
)

D = dt.date

BOUNDS_TABLE = [
    ("1923", D(1923, 1, 1), D(1923, 12, 31)),
    ("Aug. 1925", D(1925, 8, 1), D(1925, 8, 31)),
    ("August 1925", D(1925, 8, 1), D(1925, 8, 31)),
    ("Sept. 1923", D(1923, 9, 1), D(1923, 9, 30)),
    ("1925-08", D(1925, 8, 1), D(1925, 8, 31)),
    ("21 January 1937", D(1937, 1, 21), D(1937, 1, 21)),
    ("January 1, 1928", D(1928, 1, 1), D(1928, 1, 1)),
    ("1928-01-01", D(1928, 1, 1), D(1928, 1, 1)),
    ("1920s", D(1920, 1, 1), D(1929, 12, 31)),
    ("the 1930s", D(1930, 1, 1), D(1939, 12, 31)),
    ("early 1920s", D(1920, 1, 1), D(1923, 12, 31)),
    ("mid-1920s", D(1924, 1, 1), D(1926, 12, 31)),
    ("late 1920s", D(1927, 1, 1), D(1929, 12, 31)),
    ("towards the end of the 1920s", D(1927, 1, 1), D(1929, 12, 31)),
    ("before 1933", None, D(1932, 12, 31)),
    ('"before 1933"', None, D(1932, 12, 31)),
    ("before Aug. 1925", None, D(1925, 7, 31)),
    ("after 1928", D(1929, 1, 1), None),
    ("by 1932", None, D(1932, 12, 31)),
    ("as of 1924", D(1924, 1, 1), D(1924, 12, 31)),
    ("in 1924", D(1924, 1, 1), D(1924, 12, 31)),
    ("c. 1925", D(1924, 1, 1), D(1926, 12, 31)),
    ("ca. 1925", D(1924, 1, 1), D(1926, 12, 31)),
    ("circa 1925", D(1924, 1, 1), D(1926, 12, 31)),
    ("about 1925", D(1924, 1, 1), D(1926, 12, 31)),
    ("", None, None),
    ("unknown", None, None),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), BOUNDS_TABLE)
def test_each_documented_form_reads_to_its_bounds(
    text: str, earliest: dt.date | None, latest: dt.date | None
) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert date.text == text


VARIANTS = [
    ("Sept 1923", D(1923, 9, 1), D(1923, 9, 30)),
    ("Sep. 1923", D(1923, 9, 1), D(1923, 9, 30)),
    ("SEPTEMBER 1923", D(1923, 9, 1), D(1923, 9, 30)),
    ("aug 1925", D(1925, 8, 1), D(1925, 8, 31)),
    ("Feb. 1924", D(1924, 2, 1), D(1924, 2, 29)),
    ("January 1 1928", D(1928, 1, 1), D(1928, 1, 1)),
    ("January 1st, 1928", D(1928, 1, 1), D(1928, 1, 1)),
    ("21st of January 1937", D(1937, 1, 21), D(1937, 1, 21)),
    ("21 Jan. 1937", D(1937, 1, 21), D(1937, 1, 21)),
    ("  1923  ", D(1923, 1, 1), D(1923, 12, 31)),
    ("“before 1933”", None, D(1932, 12, 31)),
    ("'1925'", D(1925, 1, 1), D(1925, 12, 31)),
    ("the 1920's", D(1920, 1, 1), D(1929, 12, 31)),
    ("mid 1920s", D(1924, 1, 1), D(1926, 12, 31)),
    ("the early 1930s", D(1930, 1, 1), D(1933, 12, 31)),
    ("the beginning of the 1920s", D(1920, 1, 1), D(1923, 12, 31)),
    ("the middle of the 1920s", D(1924, 1, 1), D(1926, 12, 31)),
    ("Towards the ends of the 1920s", D(1927, 1, 1), D(1929, 12, 31)),
    ("the 20th century", D(1900, 1, 1), D(2000, 12, 31)),
    ("c.1925", D(1924, 1, 1), D(1926, 12, 31)),
    ("c. Aug. 1925", D(1925, 7, 1), D(1925, 9, 30)),
    ("about 21 January 1937", D(1937, 1, 20), D(1937, 1, 22)),
    ("circa 1920s", D(1910, 1, 1), D(1939, 12, 31)),
    ("before 21 January 1937", None, D(1937, 1, 20)),
    ("after Aug. 1925", D(1925, 9, 1), None),
    ("after the 1920s", D(1930, 1, 1), None),
    ("no later than 1932", None, D(1932, 12, 31)),
    ("before c. 1925", None, D(1923, 12, 31)),
    ("on 1928-01-01", D(1928, 1, 1), D(1928, 1, 1)),
    ("during 1936", D(1936, 1, 1), D(1936, 12, 31)),
    ("before 1925-08", None, D(1925, 7, 31)),
    ("800", D(800, 1, 1), D(800, 12, 31)),
    ("AD 33", D(33, 1, 1), D(33, 12, 31)),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), VARIANTS)
def test_english_variant(text: str, earliest: dt.date | None, latest: dt.date | None) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)


def test_year_argument_fills_a_missing_year_but_never_overrides_one() -> None:
    assert parse_date("July 14", year=1924).earliest == D(1924, 7, 14)
    assert parse_date("14 July", year=1924).latest == D(1924, 7, 14)
    assert parse_date("Aug. 1925", year=1900).earliest == D(1925, 8, 1)


@pytest.mark.parametrize(
    ("text", "precision", "qualifier"),
    [
        ("1923", Precision.YEAR, Qualifier.NONE),
        ("Aug. 1925", Precision.MONTH, Qualifier.NONE),
        ("21 January 1937", Precision.DAY, Qualifier.NONE),
        ("the 1930s", Precision.DECADE, Qualifier.NONE),
        ("before 1933", Precision.YEAR, Qualifier.BEFORE),
        ("after 1928", Precision.YEAR, Qualifier.AFTER),
        ("by 1932", Precision.YEAR, Qualifier.NO_LATER_THAN),
        ("c. 1925", Precision.YEAR, Qualifier.APPROXIMATE),
        ("", Precision.UNKNOWN, Qualifier.UNKNOWN),
    ],
)
def test_precision_and_qualifier_are_kept(
    text: str, precision: Precision, qualifier: Qualifier
) -> None:
    date = parse_date(text)
    assert (date.precision, date.qualifier) == (precision, qualifier)


def test_bounds_are_pendulum_dates_and_dates_are_hashable_values() -> None:
    date = parse_date("Aug. 1925")
    assert type(date.earliest).__module__.startswith("pendulum")
    assert hash(date) == hash(parse_date("Aug. 1925"))
    assert date == FuzzyDate(
        earliest=D(1925, 8, 1), latest=D(1925, 8, 31), text="Aug. 1925", precision=Precision.MONTH
    )


@pytest.mark.parametrize("text", ["July 14–16, 1924", "July 14-16 1924", "July 14 — 16, 1924"])
def test_a_bare_end_day_with_a_year_dates_both_ends(text: str) -> None:
    span = parse_span(text)
    assert (span.start.earliest, span.start.latest) == (D(1924, 7, 14), D(1924, 7, 14))
    assert (span.end.earliest, span.end.latest) == (D(1924, 7, 16), D(1924, 7, 16))


def test_a_bare_end_day_with_a_year_is_checked_against_that_month() -> None:
    with pytest.raises(DateParseError, match="July 1924 has 31 days"):
        parse_span("July 14–32, 1924")
