"""Old Style (Julian) dates: the conversion, checked day by day, and the texts that use it."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline import DateParseError, parse_date, parse_span
from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.dates._julian import gregorian_of_julian, julian_of_gregorian

_JULIAN_MONTHS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _julian_days_walked() -> list[tuple[int, int, int]]:
    """An independent oracle: the Julian calendar day of every Gregorian ordinal, walked one
    day at a time from 1 January of year 1 (Gregorian), which was 3 January of year 1 in the
    Julian calendar, with the Julian rule alone (every fourth year leap)."""
    year, month, day = 1, 1, 3
    days = []
    for _ in range(MIN_ORDINAL, MAX_ORDINAL + 1):
        days.append((year, month, day))
        length = 29 if month == 2 and year % 4 == 0 else _JULIAN_MONTHS[month - 1]
        day += 1
        if day > length:
            day, month = 1, month + 1
            if month == 13:
                month, year = 1, year + 1
    return days


def test_julian_gregorian_julian_round_trip_for_every_day_both_calendars_have() -> None:
    walked = _julian_days_walked()
    for ordinal, (year, month, day) in enumerate(walked, start=MIN_ORDINAL):
        assert julian_of_gregorian(ordinal) == (year, month, day), ordinal
        assert gregorian_of_julian(year, month, day) == ordinal, (year, month, day)


def test_known_days_of_both_calendars() -> None:
    reform = dt.date(1582, 10, 15).toordinal()  # the day after 4 October 1582 (Julian)
    assert gregorian_of_julian(1582, 10, 4) == reform - 1
    assert gregorian_of_julian(1917, 10, 25) == dt.date(1917, 11, 7).toordinal()
    assert gregorian_of_julian(1918, 1, 31) == dt.date(1918, 2, 13).toordinal()


@given(st.integers(MIN_ORDINAL, MAX_ORDINAL))
def test_the_conversion_agrees_with_convertdate(ordinal: int) -> None:
    julian = pytest.importorskip("convertdate.julian")
    day = dt.date.fromordinal(ordinal)
    expected = julian.from_gregorian(day.year, day.month, day.day)
    assert julian_of_gregorian(ordinal) == tuple(expected)


@pytest.mark.parametrize(
    ("text", "calendar", "earliest", "latest"),
    [
        ("25 October 1917 O.S.", None, "1917-11-07", "1917-11-07"),
        ("25 October 1917 (O.S.)", None, "1917-11-07", "1917-11-07"),
        ("25 October 1917, Old Style", None, "1917-11-07", "1917-11-07"),
        ("7 November 1917 N.S.", None, "1917-11-07", "1917-11-07"),
        ("1917-10-25 (Julian)", None, "1917-11-07", "1917-11-07"),
        ("1917-10-25", "julian", "1917-11-07", "1917-11-07"),
        ("1917-10-25", "gregorian", "1917-10-25", "1917-10-25"),
        ("1917-10-25", "unstated", "1917-10-25", "1917-11-07"),
        ("October 1917 O.S.", None, "1917-10-14", "1917-11-13"),
        ("February 1900 O.S.", None, "1900-02-13", "1900-03-13"),  # Julian 1900 is leap
        ("29 February 1900 O.S.", None, "1900-03-13", "1900-03-13"),
        ("before 14 February 1918 O.S.", None, None, "1918-02-26"),
        ("1925", "unstated", "1925-01-01", "1925-12-31"),  # after the reform: one reading
    ],
)
def test_old_style_texts_read_to_gregorian_bounds(
    text: str, calendar: str | None, earliest: str | None, latest: str | None
) -> None:
    date = parse_date(text, calendar=calendar)
    shown = (
        None if date.earliest is None else date.earliest.isoformat(),
        None if date.latest is None else date.latest.isoformat(),
    )
    assert shown == (earliest, latest)


def test_the_text_keeps_its_calendar_for_display_and_export() -> None:
    marked = parse_date("25 October 1917 O.S.")
    assert (marked.text, marked.calendar) == ("25 October 1917 O.S.", "julian")
    asked = parse_date("1917-10-25", calendar="julian")
    assert (asked.text, asked.calendar) == ("1917-10-25 (Julian)", "julian")
    assert parse_date(asked.text) == asked  # the text alone reads back to the same date
    unstated = parse_date("1917-10-25", calendar="unstated")
    assert unstated.calendar == "unstated"
    assert unstated.ambiguous
    assert parse_date("1917-10-25").calendar == "gregorian"
    assert asked.to_edtf() == "1917-11-07"  # EDTF is Gregorian: the converted day


def test_a_span_in_old_style() -> None:
    span = parse_span("25 October–7 November 1917 O.S.")
    assert (span.start.earliest, span.end.latest) == (dt.date(1917, 11, 7), dt.date(1917, 11, 20))
    assert span.start.calendar == "julian"


def test_calendar_errors_are_our_own() -> None:
    with pytest.raises(DateParseError, match="calendar= is"):
        parse_date("1917", calendar="byzantine")
    with pytest.raises(DateParseError, match="says it is julian"):
        parse_date("25 October 1917 O.S.", calendar="gregorian")
    with pytest.raises(DateParseError, match="outside years 1 to 9999"):
        parse_date("31 December 9999 O.S.")
