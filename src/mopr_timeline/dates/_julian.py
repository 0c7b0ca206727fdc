"""Old Style (Julian) dates: ``25 October 1917 O.S.``, ``1917-10-25 (Julian)``.

Bounds are always days of the proleptic Gregorian calendar. A date the source gives in the
Julian calendar is read as written (its day, month and year as labels), and its bounds are
then converted: the label of each bound becomes the Gregorian day it names in the Julian
calendar. Labels keep their order in both calendars, so relations, parts and widening read on
labels stay right; a month or longer period ending on 28 February of a year that is leap only
in the Julian calendar (1700, 1800, 1900...) ends on its 29 February.

The conversion goes through the Julian Day Number with the integer arithmetic of
E. G. Richards, "Calendars", in S. E. Urban and P. K. Seidelmann (eds.), *Explanatory
Supplement to the Astronomical Almanac*, 3rd ed. (2013), ch. 15.11 (algorithms 3 and 4, with
the Julian calendar's constants); day 1 of ``datetime.date.toordinal`` (1 January of year 1,
Gregorian) is Julian Day 1721426.

A text marks its calendar at its end: ``O.S.``, ``Old Style``, ``(Julian)``; ``N.S.``,
``New Style``, ``(Gregorian)``; ``(calendar unstated)``. A date whose calendar is not stated
can be read with ``calendar="unstated"``: one day of either reading (their hull) when it may
fall before 14 February 1918, the day Soviet Russia's Gregorian calendar began (its day
before was 31 January 1918 Julian); later dates have one reading.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re

from mopr_timeline.dates._bounds import Bounds, hull
from mopr_timeline.dates._errors import DateParseError

__all__ = [
    "Calendar",
    "calendar_in",
    "gregorian_of_julian",
    "julian_bounds",
    "julian_of_gregorian",
    "unstated_bounds",
]

_JDN_OF_ORDINAL_ZERO = 1721425
_REFORM = _dt.date(1918, 2, 14).toordinal()
"""The first day of the Gregorian calendar in Soviet Russia."""


class Calendar(enum.Enum):
    """The calendar a date was written in (its bounds are always Gregorian days)."""

    GREGORIAN = "gregorian"
    JULIAN = "julian"
    UNSTATED = "unstated"


_MARK = re.compile(
    r"""(?:\s*,)?\s*(?:
      (?P<julian>\(\s*(?:O\.\s?S\.?|Old\s+Style|Julian)\s*\)|O\.\s?S\.|O\.S|OS|Old\s+Style|Julian)
     |(?P<gregorian>\(\s*(?:N\.\s?S\.?|New\s+Style|Gregorian)\s*\)|N\.\s?S\.|N\.S|NS|New\s+Style
        |Gregorian)
     |(?P<unstated>\(\s*calendar\s+unstated\s*\))
    )\Z""",
    re.IGNORECASE | re.VERBOSE,
)
WRITTEN = {Calendar.JULIAN: " (Julian)", Calendar.UNSTATED: " (calendar unstated)"}
"""What a text read with ``calendar=`` gains to keep its calendar, when it has no mark."""


def gregorian_of_julian(year: int, month: int, day: int) -> int:
    """The Gregorian ordinal of a Julian calendar day (``datetime.date.toordinal`` scale)."""
    a = (14 - month) // 12
    y = year + 4800 - a
    m = month + 12 * a - 3
    jdn = day + (153 * m + 2) // 5 + 365 * y + y // 4 - 32083
    return jdn - _JDN_OF_ORDINAL_ZERO


def julian_of_gregorian(ordinal: int) -> tuple[int, int, int]:
    """The Julian calendar ``(year, month, day)`` of a Gregorian ordinal."""
    c = ordinal + _JDN_OF_ORDINAL_ZERO + 32082
    d = (4 * c + 3) // 1461
    e = c - 1461 * d // 4
    m = (5 * e + 2) // 153
    day = e - (153 * m + 2) // 5 + 1
    month = m + 3 - 12 * (m // 10)
    year = d - 4800 + m // 10
    return year, month, day


def calendar_in(text: str, start: int, end: int) -> tuple[int, Calendar | None]:
    """Where the date in ``text[start:end]`` ends before a calendar mark, and the calendar
    the mark names (None: no mark)."""
    m = _MARK.search(text, start, end)
    if m is None or m.start() <= start:
        return end, None
    if m["julian"] is not None:
        return m.start(), Calendar.JULIAN
    if m["gregorian"] is not None:
        return m.start(), Calendar.GREGORIAN
    return m.start(), Calendar.UNSTATED


def _julian_leap_only(year: int) -> bool:
    return year % 100 == 0 and year % 400 != 0


def _converted(text: str, label: int, *, end: bool, stretch: bool) -> int:
    day = _dt.date.fromordinal(label)
    number = day.day
    if end and stretch and day.month == 2 and day.day == 28 and _julian_leap_only(day.year):
        number = 29
    ordinal = gregorian_of_julian(day.year, day.month, number)
    if ordinal < 1 or ordinal > _dt.date(9999, 12, 31).toordinal():
        raise DateParseError(
            text, f"{day.isoformat()} in the Julian calendar is outside years 1 to 9999"
        )
    return ordinal


def julian_bounds(text: str, labels: Bounds, *, whole_days: bool) -> Bounds:
    """Bounds read on Julian labels, as Gregorian days. ``whole_days`` is False when the
    latest label ends a month or longer period (so 28 February may be the 29th)."""
    lo = None if labels.lo is None else _converted(text, labels.lo, end=False, stretch=False)
    hi = (
        None if labels.hi is None else _converted(text, labels.hi, end=True, stretch=not whole_days)
    )
    return labels._replace(lo=lo, hi=hi)


def unstated_bounds(text: str, labels: Bounds, *, whole_days: bool) -> Bounds:
    """Either reading, when the date may fall before the Gregorian calendar began in
    Russia: the hull of the Gregorian and the Julian reading."""
    if labels.lo is not None and labels.lo >= _REFORM:
        return labels
    julian = julian_bounds(text, labels, whole_days=whole_days)
    either = hull((labels, julian))
    return either._replace(precision=labels.precision, qualifier=labels.qualifier)


_MARK_ENDS = frozenset("sSeEnN).dD")
"""The last characters a calendar mark can end with (a text ending otherwise has none)."""
_CALENDARS = {"gregorian": Calendar.GREGORIAN, "julian": Calendar.JULIAN}
_CALENDARS["unstated"] = Calendar.UNSTATED
_FEBRUARY_29 = re.compile(r"(?<![0-9])29(?![0-9])")


def may_have_mark(text: str, end: int) -> bool:
    """False when ``text[:end]`` cannot end with a calendar mark (most dates end in a digit)."""
    return end > 0 and text[end - 1] in _MARK_ENDS


def calendar_argument(text: str, calendar: object) -> Calendar | None:
    """``calendar=`` as given: None, ``"gregorian"``, ``"julian"``, ``"unstated"`` (or the
    enum member)."""
    if calendar is None or isinstance(calendar, Calendar):
        return calendar
    if isinstance(calendar, str) and calendar in _CALENDARS:
        return _CALENDARS[calendar]
    raise DateParseError(
        text, f"calendar= is 'gregorian', 'julian' or 'unstated', not {calendar!r}"
    )


def chosen_calendar(
    text: str, marked: Calendar | None, asked: Calendar | None, at: int
) -> Calendar:
    """The calendar a date is read in: its mark, or ``calendar=``; they must agree."""
    if marked is not None and asked is not None and marked is not asked:
        raise DateParseError(
            text,
            f"the text says it is {marked.value} but calendar={asked.value!r} was asked for",
            at,
        )
    return marked or asked or Calendar.GREGORIAN


def in_calendar(text: str, labels: Bounds, calendar: Calendar, *, whole_days: bool) -> Bounds:
    """Bounds read on labels, as Gregorian days in ``calendar``'s reading."""
    if calendar is Calendar.JULIAN:
        return julian_bounds(text, labels, whole_days=whole_days)
    if calendar is Calendar.UNSTATED:
        return unstated_bounds(text, labels, whole_days=whole_days)
    return labels


def julian_leap_day(text: str, start: int, end: int) -> tuple[str, int] | None:
    """``29 February 1900 O.S.``: a day that only the Julian calendar has. The text with 28
    for 29 (which reads in Gregorian labels) and the Gregorian ordinal of the Julian day;
    None when the text names no such day."""
    m = _FEBRUARY_29.search(text, start, end)
    if m is None:
        return None
    return text[: m.start()] + "28" + text[m.end() :], m.start()


def leap_day_ordinal(labels: Bounds) -> Bounds | None:
    """The Julian 29 February a text read as 28 February names, if it is one."""
    if labels.lo is None or labels.lo != labels.hi:
        return None
    day = _dt.date.fromordinal(labels.lo)
    if (day.month, day.day) != (2, 28) or not _julian_leap_only(day.year):
        return None
    ordinal = gregorian_of_julian(day.year, 2, 29)
    return labels._replace(lo=ordinal, hi=ordinal)
