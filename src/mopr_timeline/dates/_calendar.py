"""Proleptic Gregorian arithmetic on ordinals, with checks that raise ``DateParseError``.

Every parser works on ``(lo, hi)`` ordinals (``datetime.date.toordinal``) and calls these
helpers, so the rules of the calendar (month lengths, the year range 1..9999, widening by a
unit) live in one place.
"""

from __future__ import annotations

import calendar
import datetime as _dt

from mopr_timeline.dates._errors import DateParseError, NoSuchDayError
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL

__all__ = [
    "MONTH_NAMES",
    "check_day",
    "check_month",
    "check_year",
    "day_bounds",
    "days_in_month",
    "month_bounds",
    "shift_day",
    "shift_months",
    "shift_months_same_day",
    "year_bounds",
]

MIN_YEAR = 1
MAX_YEAR = 9999

MONTH_NAMES: dict[str, int] = {}
for _number, _name in enumerate(calendar.month_name[1:], start=1):
    MONTH_NAMES[_name.lower()] = _number
    MONTH_NAMES[_name[:3].lower()] = _number
MONTH_NAMES["sept"] = 9

_DAYS = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_MONTH_TITLE = ("", *calendar.month_name[1:])


def days_in_month(year: int, month: int) -> int:
    """The length of ``month`` in ``year`` (the Gregorian leap-year rule for February)."""
    if month == 2 and calendar.isleap(year):
        return 29
    return _DAYS[month]


def check_year(text: str, year: int, position: int | None) -> int:
    """``year`` when it lies in 1..9999, else a ``DateParseError`` pointing at it."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DateParseError(
            text, f"year {year} is out of range: a year between 1 and 9999", position
        )
    return year


def check_month(text: str, month: int, position: int | None) -> int:
    """``month`` when it is 1..12, else a ``DateParseError`` pointing at it."""
    if not 1 <= month <= 12:
        raise DateParseError(
            text, f"month {month} does not exist: a month between 1 and 12", position
        )
    return month


def check_day(text: str, year: int, month: int, day: int, position: int | None) -> int:
    """``day`` when month ``month`` of ``year`` has it, else a ``DateParseError``."""
    last = days_in_month(year, month)
    if not 1 <= day <= last:
        raise NoSuchDayError(
            text,
            f"{_MONTH_TITLE[month]} {year} has {last} days, so day {day} does not exist",
            position,
        )
    return day


def year_bounds(first: int, last: int) -> tuple[int, int]:
    """Ordinals of 1 January of ``first`` and 31 December of ``last``."""
    return _dt.date(first, 1, 1).toordinal(), _dt.date(last, 12, 31).toordinal()


def month_bounds(year: int, first: int, last: int) -> tuple[int, int]:
    """Ordinals of the first day of month ``first`` and the last day of month ``last``."""
    return (
        _dt.date(year, first, 1).toordinal(),
        _dt.date(year, last, days_in_month(year, last)).toordinal(),
    )


def day_bounds(year: int, month: int, day: int) -> tuple[int, int]:
    """The ordinal of one known day, as both bounds."""
    o = _dt.date(year, month, day).toordinal()
    return o, o


def shift_months(ordinal: int, months: int, *, to_end: bool) -> int:
    """The first (or last, ``to_end``) day of the month ``months`` after ``ordinal``'s month.

    Clamped to the calendar's first and last day, so widening near year 1 or 9999 stays valid.
    """
    d = _dt.date.fromordinal(ordinal)
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if year < MIN_YEAR:
        return MIN_ORDINAL
    if year > MAX_YEAR:
        return MAX_ORDINAL
    day = days_in_month(year, month) if to_end else 1
    return _dt.date(year, month, day).toordinal()


def shift_months_same_day(ordinal: int, months: int) -> int:
    """The same day of the month ``months`` later (clamped to the month's length), clamped."""
    d = _dt.date.fromordinal(ordinal)
    year, month = divmod(d.year * 12 + d.month - 1 + months, 12)
    month += 1
    if year < MIN_YEAR:
        return MIN_ORDINAL
    if year > MAX_YEAR:
        return MAX_ORDINAL
    return _dt.date(year, month, min(d.day, days_in_month(year, month))).toordinal()


def shift_day(ordinal: int, days: int) -> int:
    """``ordinal`` moved by ``days``, clamped to the calendar."""
    return min(MAX_ORDINAL, max(MIN_ORDINAL, ordinal + days))
