"""Phrases as historians and cataloguers write them (``tests/date_phrases.py``), read to the
bounds worked out by hand, and never a false precision: a text with more than one common
reading has bounds that are exactly the hull of its readings, each reading worked out here
independently of the parser (python-edtf gives the EDTF reading of ``YYYY-NN``)."""

from __future__ import annotations

import calendar
import datetime as dt
from typing import NamedTuple

import edtf
import pytest
from hypothesis import given
from hypothesis import strategies as st

from date_phrases import OWN, PUBLIC, Read, Refused
from mopr_timeline.dates import DateParseError, parse_date, parse_edtf, parse_span

D = dt.date
Bounds = tuple[D | None, D | None]


def _ids(corpus: list[Read | Refused]) -> list[str]:
    return [
        f"{item.text!r}" + (f" {item.order}" if isinstance(item, Read) else "") for item in corpus
    ]


def _check(item: Read | Refused) -> None:
    if isinstance(item, Refused):
        with pytest.raises(DateParseError) as caught:
            parse_date(item.text)
        assert item.reason in caught.value.reason
        assert caught.value.position is not None
        return
    if item.span:
        with pytest.raises(DateParseError):
            parse_date(item.text)
        span = parse_span(item.text, year=item.year)
        assert (span.start.earliest, span.end.latest) == item.bounds
        return
    date = parse_date(item.text, year=item.year, order=item.order)  # type: ignore[arg-type]
    assert (date.earliest, date.latest) == item.bounds
    assert date.ambiguous is item.ambiguous
    assert date.text == item.text


@pytest.mark.parametrize("item", PUBLIC, ids=_ids(PUBLIC))
def test_the_public_corpus(item: Read | Refused) -> None:
    _check(item)


@pytest.mark.parametrize("item", OWN, ids=_ids(OWN))
def test_our_own_corpus(item: Read | Refused) -> None:
    _check(item)


def test_the_corpora_are_as_large_as_promised() -> None:
    # python-edtf's 135 examples less 3 BCE phrases and 3 non-dates
    assert len(PUBLIC) == 129
    assert sum(isinstance(item, Read) for item in PUBLIC) == 104
    assert sum(isinstance(item, Read) for item in OWN) >= 150
    assert len({item.text for item in OWN if isinstance(item, Read) and item.order is None}) >= 150


FALSE_PRECISIONS = [
    # each was read with a narrower reading alone before
    ("1918-21", D(1918, 1, 1), D(1921, 12, 31)),
    ("1800s", D(1800, 1, 1), D(1899, 12, 31)),
    ("the 1900s", D(1900, 1, 1), D(1999, 12, 31)),
    ("1910-30", D(1910, 1, 1), D(1930, 12, 31)),
    ("the 20th century", D(1900, 1, 1), D(2000, 12, 31)),
]


@pytest.mark.parametrize(("text", "earliest", "latest"), FALSE_PRECISIONS)
def test_the_false_precisions_are_gone(text: str, earliest: D, latest: D) -> None:
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)
    assert date.ambiguous


def test_parse_edtf_keeps_the_strict_reading() -> None:
    assert parse_edtf("1918-21").bounds_text() == "1918-03-01..1918-05-31"
    assert parse_edtf("1910-30").bounds_text() == "1910-12-01..1910-12-31"
    assert not parse_edtf("1918-21").ambiguous


def test_an_order_picks_one_reading_of_a_numeric_date() -> None:
    both = parse_date("10/7/2008")
    assert both.ambiguous
    day_first = parse_date("10/7/2008", order="dmy")
    month_first = parse_date("10/7/2008", order="mdy")
    assert (day_first.earliest, month_first.earliest) == (D(2008, 7, 10), D(2008, 10, 7))
    assert not day_first.ambiguous
    assert not month_first.ambiguous
    with pytest.raises(DateParseError, match="month 25 does not exist"):
        parse_date("25/12/2008", order="mdy")
    with pytest.raises(DateParseError, match="order= is 'dmy'"):
        parse_date("10/7/2008", order="ymd")  # type: ignore[arg-type]


def test_a_span_of_an_ambiguous_text_covers_both_readings_at_each_end() -> None:
    span = parse_span("1918-21")  # 1918 to 1921, or a span within spring 1918
    assert span.start.bounds_text() == "1918-01-01..1918-12-31"
    assert span.end.bounds_text() == "1918-03-01..1921-12-31"
    assert span.ambiguous
    plain = parse_span("1851-52")
    assert (plain.start.bounds_text(), plain.end.bounds_text()) == (
        "1851-01-01..1851-12-31",
        "1852-01-01..1852-12-31",
    )
    assert not plain.ambiguous


@pytest.mark.parametrize("text", ["1930-1920", "1930–1920", "from 1930 to 1920", "1930 - 1920"])
def test_a_backwards_span_says_so(text: str) -> None:
    for read in (parse_span, parse_date):
        with pytest.raises(DateParseError, match="the span runs backwards"):
            read(text)


# --- every ambiguous form: its bounds are the hull of its readings -------------------------


class Reading(NamedTuple):
    """One reading: its bounds and its unit for ``c.`` (months, or 0 for a day); a range
    reading (``1918-21`` as 1918 to 1921) has ``c.``/``before``/``after`` on its start only."""

    bounds: Bounds
    months: int
    range_end: D | None = None


def _years(first: int, last: int) -> Bounds:
    return D(max(first, 1), 1, 1), D(min(last, 9999), 12, 31)


def _month_end(year: int, month: int) -> D:
    return D(year, month, calendar.monthrange(year, month)[1])


def _shift(day: D, months: int, *, to_end: bool) -> D:
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    if year < 1:
        return D(1, 1, 1)
    if year > 9999:
        return D(9999, 12, 31)
    return _month_end(year, month + 1) if to_end else D(year, month + 1, 1)


def _worded(word: str, reading: Reading) -> Bounds:
    """A reading under ``word``, worked out with the rules of docs/dates.md."""
    (lo, hi), one = reading.bounds, dt.timedelta(days=1)
    assert lo is not None
    assert hi is not None
    if reading.range_end is not None:  # the word applies to the range's start year
        start = _worded(word, Reading((lo, lo.replace(month=12, day=31)), 12))
        return start[0], reading.range_end
    if word == "before ":
        return None, lo - one
    if word == "after ":
        return hi + one, None
    if word == "c. ":
        if reading.months == 0:
            return lo - one, hi + one
        return _shift(lo, -reading.months, to_end=False), _shift(hi, reading.months, to_end=True)
    return lo, hi


def _hull(readings: list[Bounds]) -> Bounds:
    lows, highs = [r[0] for r in readings], [r[1] for r in readings]
    lo = None if None in lows else min(d for d in lows if d is not None)
    hi = None if None in highs else max(d for d in highs if d is not None)
    return lo, hi


def _contains(outer: Bounds, inner: Bounds) -> bool:
    lo_ok = outer[0] is None or (inner[0] is not None and outer[0] <= inner[0])
    hi_ok = outer[1] is None or (inner[1] is not None and inner[1] <= outer[1])
    return lo_ok and hi_ok


def _ordinal(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


@st.composite
def ambiguous_texts(draw: st.DrawFn) -> tuple[str, list[Reading]]:
    """An ambiguous form and each of its readings, worked out without the parser."""
    form = draw(st.sampled_from(["hundreds", "century", "abbreviated", "numeric", "winter"]))
    if form == "hundreds":
        first = draw(st.integers(2, 98)) * 100
        text = draw(st.sampled_from([f"{first}s", f"the {first}s", f"{first}'s"]))
        return text, [
            Reading(_years(first, first + 99), 1200),
            Reading(_years(first, first + 9), 120),
        ]
    if form == "century":
        number = draw(st.integers(2, 99))
        text = draw(
            st.sampled_from([f"the {_ordinal(number)} century", f"{number}c", f"{number}th c."])
        )
        base = (number - 1) * 100
        return text, [
            Reading(_years(base, base + 99), 1200),
            Reading(_years(base + 1, base + 100), 1200),
        ]
    if form == "abbreviated":
        code = draw(st.integers(21, 41))  # an EDTF season code, and a later year of the century
        year = draw(st.integers(10, 99)) * 100 + draw(st.integers(0, code - 1))
        text = f"{year}-{code}"
        theirs = edtf.parse_edtf(text)  # python-edtf's strict reading of the season
        low, high = theirs.lower_strict(), theirs.upper_strict()
        season = (
            D(low.tm_year, low.tm_mon, low.tm_mday),
            D(high.tm_year, high.tm_mon, high.tm_mday),
        )
        end = _years(year, year - year % 100 + code)
        return text, [Reading(end, 12, range_end=end[1]), Reading(season, 3)]
    if form == "numeric":
        year = draw(st.integers(1000, 9999))
        a = draw(st.integers(1, 12))
        b = draw(st.integers(1, 12).filter(lambda b: b != a))
        readings = [
            Reading((D(year, month, day), D(year, month, day)), 0)
            for day, month in ((a, b), (b, a))
        ]
        return f"{a}/{b}/{year}", readings
    year = draw(st.integers(2, 9998))
    return f"winter {year}", [
        Reading((D(year - 1, 12, 1), _month_end(year, 2)), 3),
        Reading((D(year, 12, 1), _month_end(year + 1, 2)), 3),
    ]


@given(ambiguous_texts(), st.sampled_from(["", "before ", "after ", "c. "]))
def test_an_ambiguous_form_has_the_hull_of_its_readings(
    item: tuple[str, list[Reading]], word: str
) -> None:
    text, readings = item
    worded = [_worded(word, reading) for reading in readings]
    date = parse_date(word + text)
    bounds = (date.earliest, date.latest)
    for reading in worded:
        assert _contains(bounds, reading), (word + text, reading, date.bounds_text())
    assert bounds == _hull(worded), (word + text, worded, date.bounds_text())
    assert date.ambiguous is (len(set(worded)) > 1)
