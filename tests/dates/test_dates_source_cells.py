"""Every date cell of the source text parses to the bounds it states (issue 2).

The affiliates table is a literal copy of the source's "National Affiliates of MOPR" table
(country and establishment-date cell), with the bounds each cell stands for written out.
"""

from __future__ import annotations

import datetime as dt

import pytest

from mopr_timeline.dates import Precision, Qualifier, parse_date, parse_span


def _day(text: str | None) -> dt.date | None:
    return None if text is None else dt.date.fromisoformat(text)


AFFILIATES = [
    ("Albania", "", None, None),
    ("Algeria", '"before 1928"', None, "1927-12-31"),
    ("Argentina", "1926", "1926-01-01", "1926-12-31"),
    ("Australia", "1928", "1928-01-01", "1928-12-31"),
    ("Austria", "1924", "1924-01-01", "1924-12-31"),
    ("Belgium", "Aug. 1925", "1925-08-01", "1925-08-31"),
    ("Bolivia", '"before 1933"', None, "1932-12-31"),
    ("Brazil", "1927", "1927-01-01", "1927-12-31"),
    ("British Guiana", "", None, None),
    ("Bulgaria", "Sept. 1923", "1923-09-01", "1923-09-30"),
    ("Canada", "Aug. 1925", "1925-08-01", "1925-08-31"),
    ("Chile", "1930", "1930-01-01", "1930-12-31"),
    ("China", "Oct. 1925", "1925-10-01", "1925-10-31"),
    ("Colombia", "1932", "1932-01-01", "1932-12-31"),
    ("Costa Rica", "1932", "1932-01-01", "1932-12-31"),
    ("Cuba", "1929", "1929-01-01", "1929-12-31"),
    ("Czechoslovakia", "Feb. 1925", "1925-02-01", "1925-02-28"),
    ("Denmark", "1923", "1923-01-01", "1923-12-31"),
    ("Ecuador", '"before 1933"', None, "1932-12-31"),
    ("Egypt", "1928", "1928-01-01", "1928-12-31"),
    ("El Salvador", '"before 1933"', None, "1932-12-31"),
    ("Estonia", "1923", "1923-01-01", "1923-12-31"),
    ("Finland", "1924", "1924-01-01", "1924-12-31"),
    ("Formosa", "1930", "1930-01-01", "1930-12-31"),
    ("France", "1923", "1923-01-01", "1923-12-31"),
    ("Germany", "Oct. 1924", "1924-10-01", "1924-10-31"),
    ("Great Britain", "1925", "1925-01-01", "1925-12-31"),
    ("Greece", "1923", "1923-01-01", "1923-12-31"),
    ("Guatemala", "1928", "1928-01-01", "1928-12-31"),
    ("Haiti", "1928", "1928-01-01", "1928-12-31"),
    ("Hawaii", "", None, None),
    ("Hungary", "", None, None),
    ("Iceland", "", None, None),
    ("India", '"after 1928"', "1929-01-01", None),
    ("Indo-China", "", None, None),
    ("Indonesia", "1928", "1928-01-01", "1928-12-31"),
    ("Ireland", "1928", "1928-01-01", "1928-12-31"),
    ("Isle of Timor", "1933", "1933-01-01", "1933-12-31"),
    ("Italy", "April 1923", "1923-04-01", "1923-04-30"),
    ("Japan", "1928", "1928-01-01", "1928-12-31"),
    ("Java", "", None, None),
    ("Korea", "Jan. 1926", "1926-01-01", "1926-01-31"),
    ("Latvia", "", None, None),
    ("Lithuania", "1918", "1918-01-01", "1918-12-31"),
    ("Madagascar", '"before 1933"', None, "1932-12-31"),
    ("Mexico", "April 1925", "1925-04-01", "1925-04-30"),
    ("Mongolia", "1928", "1928-01-01", "1928-12-31"),
    ("Morocco", "1928", "1928-01-01", "1928-12-31"),
    ("Netherlands", "Feb. 1925", "1925-02-01", "1925-02-28"),
    ("New Zealand", "1928", "1928-01-01", "1928-12-31"),
    ("Norway", "", None, None),
    ("Palestine", "1924", "1924-01-01", "1924-12-31"),
    ("Panama", '"before 1933"', None, "1932-12-31"),
    ("Persia", "1928", "1928-01-01", "1928-12-31"),
    ("Peru", '"before 1933"', None, "1932-12-31"),
    ("Philippines", '"before 1933"', None, "1932-12-31"),
    ("Poland", "1925", "1925-01-01", "1925-12-31"),
    ("Portugal", "1925", "1925-01-01", "1925-12-31"),
    ("Puerto Rico", "", None, None),
    ("Romania", "", None, None),
    ("South Africa", "1928", "1928-01-01", "1928-12-31"),
    ("Spain", "Sept. 1925", "1925-09-01", "1925-09-30"),
    ("Sweden", "", None, None),
    ("Switzerland", "1923", "1923-01-01", "1923-12-31"),
    ("Syria", '"before 1933"', None, "1932-12-31"),
    ("Trinidad", "", None, None),
    ("Tunisia", "1928", "1928-01-01", "1928-12-31"),
    ("Turkey", "", None, None),
    ("United States of America", "1925", "1925-01-01", "1925-12-31"),
    ("Uruguay", "Feb. 1926", "1926-02-01", "1926-02-28"),
    ("Union of Soviet Socialist Republics", "1922", "1922-01-01", "1922-12-31"),
    ("Venezuela", "1931", "1931-01-01", "1931-12-31"),
    ("Yugoslavia", "March 1924", "1924-03-01", "1924-03-31"),
]


def test_the_affiliates_table_has_all_73_rows() -> None:
    assert len(AFFILIATES) == 73
    assert len({country for country, *_ in AFFILIATES}) == 73


@pytest.mark.parametrize(("country", "cell", "earliest", "latest"), AFFILIATES)
def test_affiliate_establishment_cell(
    country: str, cell: str, earliest: str | None, latest: str | None
) -> None:
    date = parse_date(cell)
    assert (date.earliest, date.latest) == (_day(earliest), _day(latest)), country
    assert date.text == cell


def test_a_blank_affiliate_cell_is_fully_open() -> None:
    date = parse_date("")
    assert date.is_open
    assert date.qualifier is Qualifier.UNKNOWN
    assert date.precision is Precision.UNKNOWN


CONGRESSES = [
    (1923, "June", ("1923-06-01", "1923-06-30"), ("1923-06-01", "1923-06-30")),
    (1924, "July 14–16", ("1924-07-14", "1924-07-14"), ("1924-07-16", "1924-07-16")),
    (1927, "March 24-April 5", ("1927-03-24", "1927-03-24"), ("1927-04-05", "1927-04-05")),
    (1932, "November", ("1932-11-01", "1932-11-30"), ("1932-11-01", "1932-11-30")),
]


@pytest.mark.parametrize(("year", "cell", "start", "end"), CONGRESSES)
def test_congress_dates_with_the_year_column(
    year: int, cell: str, start: tuple[str, str], end: tuple[str, str]
) -> None:
    span = parse_span(cell, year=year)
    assert (span.start.earliest, span.start.latest) == (_day(start[0]), _day(start[1]))
    assert (span.end.earliest, span.end.latest) == (_day(end[0]), _day(end[1]))


@pytest.mark.parametrize(
    ("year", "cell", "earliest", "latest"),
    [(1923, "June", "1923-06-01", "1923-06-30"), (1932, "November", "1932-11-01", "1932-11-30")],
)
def test_single_month_congress_cells_are_dates_too(
    year: int, cell: str, earliest: str, latest: str
) -> None:
    date = parse_date(cell, year=year)
    assert (date.earliest, date.latest) == (_day(earliest), _day(latest))


def test_a_month_without_a_year_needs_the_year_column() -> None:
    with pytest.raises(ValueError, match="has no year"):
        parse_date("June")


TENURES = [
    ("Julian Marchlewski", "1922–1925", 1922, 1925),
    ("Panteleimon Lepeshinsky", "1925–1927", 1925, 1927),
    ("Elena Stasova", "1927–1937", 1927, 1937),
]


@pytest.mark.parametrize(("person", "cell", "first", "last"), TENURES)
def test_leadership_tenures_are_spans_of_years(
    person: str, cell: str, first: int, last: int
) -> None:
    span = parse_span(cell)
    assert (span.start.earliest, span.start.latest) == (
        dt.date(first, 1, 1),
        dt.date(first, 12, 31),
    )
    assert (span.end.earliest, span.end.latest) == (dt.date(last, 1, 1), dt.date(last, 12, 31))
    assert span.text == cell, person


PROSE = [
    ("1922", "1922-01-01", "1922-12-31"),
    ("June 1923", "1923-06-01", "1923-06-30"),
    ("July 1924", "1924-07-01", "1924-07-31"),
    ("January 1, 1928", "1928-01-01", "1928-01-01"),
    ("January 1, 1931", "1931-01-01", "1931-01-01"),
    ("November 1932", "1932-11-01", "1932-11-30"),
    ("October 1934", "1934-10-01", "1934-10-31"),
    ("January 1936", "1936-01-01", "1936-01-31"),
    ("21 January 1937", "1937-01-21", "1937-01-21"),
    ("1926", "1926-01-01", "1926-12-31"),
    ("the 1930s", "1930-01-01", "1939-12-31"),
    ("Towards the ends of the 1920s", "1927-01-01", "1929-12-31"),
    ("As of 1924", "1924-01-01", "1924-12-31"),
    ("By 1932", None, "1932-12-31"),
    ("After 1924", "1925-01-01", None),
    ("in 1933", "1933-01-01", "1933-12-31"),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), PROSE)
def test_prose_dates_of_the_source(text: str, earliest: str | None, latest: str | None) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (_day(earliest), _day(latest))
