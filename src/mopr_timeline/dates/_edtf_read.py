"""Reading EDTF (ISO 8601-2) dates: levels 0 and 1, level 2 sets, qualifiers and X digits.

Unqualified dates get exactly python-edtf's ``lower_strict()`` / ``upper_strict()`` bounds;
qualified ones widen by one unit of their precision on each side (two for ``%``; see
``_widen``), not by python-edtf's padding.
A qualifier to the right of a component applies to it and every component to its left, one
to its left applies to that component only (EDTF level 2).
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import NoReturn

from mopr_timeline.dates._bounds import Bounds
from mopr_timeline.dates._calendar import (
    check_day,
    check_month,
    day_bounds,
    days_in_month,
    month_bounds,
    year_bounds,
)
from mopr_timeline.dates._errors import DateParseError
from mopr_timeline.dates._fuzzy import Precision, Qualifier
from mopr_timeline.dates._marks import check_marks_of_components
from mopr_timeline.dates._widen import qualifier_of, steps_of, widen

__all__ = ["SEASON_MONTHS", "looks_like_edtf", "read_edtf_date", "read_edtf_set"]

_Q = r"[?~%]*"
_DATE = re.compile(
    rf"""(?P<qy>{_Q})(?P<year>[0-9X]{{4}})(?P<ry>{_Q})
    (?:-(?P<qm>{_Q})(?P<month>[0-9X]{{2}})(?P<rm>{_Q})
       (?:-(?P<qd>{_Q})(?P<day>[0-9X]{{2}})(?P<rd>{_Q})
          (?:T(?P<time>[0-9:.]+)(?P<zone>Z|[+-][0-9]{{2}}(?::?[0-9]{{2}})?)?)?
       )?
    )?""",
    re.VERBOSE,
)
_MARK_GROUPS = ("qy", "ry", "qm", "rm", "qd", "rd")
_PLAIN = re.compile(r"(?P<year>[0-9]{4})(?:-(?P<month>[0-9]{2})(?:-(?P<day>[0-9]{2}))?)?")
_TIME = re.compile(r"([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)(\.[0-9]+)?")
_EDTF_START = re.compile(r"[?~%]*(?:[0-9X]{4}|-[0-9]|Y-?[0-9])|\[|\{|\.\.")
_OVERSIZED = re.compile(r"[?~%]*(-[0-9X]+|Y-?[0-9]+(?:E[0-9]+)?(?:S[0-9]+)?|[0-9]{5,})")

#: python-edtf's season table (21-24 level 1, 25-41 level 2): first and last month.
SEASON_MONTHS: dict[int, tuple[int, int]] = {
    21: (3, 5), 22: (6, 8), 23: (9, 11), 24: (12, 12),
    25: (3, 5), 26: (6, 8), 27: (9, 11), 28: (12, 12),
    29: (9, 11), 30: (12, 12), 31: (3, 5), 32: (6, 8),
    33: (1, 3), 34: (4, 6), 35: (7, 9), 36: (10, 12),
    37: (1, 4), 38: (5, 8), 39: (9, 12), 40: (1, 6), 41: (7, 12),
}  # fmt: skip
_SEASON_UNIT = {**dict.fromkeys(range(21, 37), 3), 37: 4, 38: 4, 39: 4, 40: 6, 41: 6}


def looks_like_edtf(text: str, start: int = 0, end: int | None = None) -> bool:
    """True when ``text[start:end]`` starts as EDTF does (four digits or X, ``[``, ``..``)."""
    return _EDTF_START.match(text, start, len(text) if end is None else end) is not None


def _year_range(pattern: str) -> tuple[int, int]:
    """The first and last year (from 1) whose digits fit ``pattern`` (``X`` is any digit).

    Replacing every X by 0 (by 9) gives the smallest (largest) number that fits, so only a
    pattern that would start at year 0 needs a search.
    """
    first, last = int(pattern.replace("X", "0")), int(pattern.replace("X", "9"))
    if first == 0:
        first = next(_matching(pattern, 1, last, descending=False))
    return first, last


def _matching(pattern: str, lo: int, hi: int, *, descending: bool) -> Iterator[int]:
    """Numbers in ``lo..hi`` whose digits fit ``pattern`` (``X`` is any digit)."""
    width = len(pattern)
    numbers = range(hi, lo - 1, -1) if descending else range(lo, hi + 1)
    for n in numbers:
        digits = f"{n:0{width}d}"
        if all(p in ("X", d) for p, d in zip(pattern, digits, strict=True)):
            yield n


def _unspecified(text: str, m: re.Match[str], year: str, month: str, day: str) -> tuple[int, int]:
    """Bounds of a day pattern with ``X`` digits: its earliest and latest valid day.

    January and December have 31 days, so an unspecified month with a given day runs from
    that day in January to that day in December; only 29 February needs a leap-year search.
    """
    if "X" in month and month != "XX":
        raise DateParseError(text, f"month {month!r} must be two digits or XX", m.start("month"))
    if "X" in day and day != "XX":
        raise DateParseError(text, f"day {day!r} must be two digits or XX", m.start("day"))
    first, last = _year_range(year)
    months = (1, 12) if month == "XX" else (check_month(text, int(month), m.start("month")),) * 2
    if day == "XX":
        return (
            _dt.date(first, months[0], 1).toordinal(),
            _dt.date(last, months[1], days_in_month(last, months[1])).toordinal(),
        )
    number = int(day)
    if not 1 <= number <= (31 if month == "XX" else days_in_month(2000, months[0])):
        raise DateParseError(text, f"no month {month!r} has a day {day}", m.start("day"))
    if (months[0], number) == (2, 29):
        leap = [
            y for y in _matching(year, first, last, descending=False) if days_in_month(y, 2) == 29
        ]
        if not leap:
            raise DateParseError(text, f"no year matching {year!r} is a leap year", m.start("year"))
        first, last = leap[0], leap[-1]
    return (
        _dt.date(first, months[0], number).toordinal(),
        _dt.date(last, months[1], number).toordinal(),
    )


def _reject_out_of_range(text: str) -> None:
    m = _OVERSIZED.match(text)
    if m:
        raise DateParseError(
            text,
            f"year {m[1]!r} is out of range: a year between 1 and 9999 (four digits)",
            m.start(1),
        )


def read_edtf_date(text: str, start: int = 0, end: int | None = None) -> Bounds:
    """Read one EDTF date filling ``text[start:end]`` (the whole text by default)."""
    end = len(text) if end is None else end
    plain = _PLAIN.fullmatch(text, start, end)
    if plain is not None:
        precision, _unit, season = _precision(plain["year"], plain["month"], plain["day"])
        return Bounds(*_digit_bounds(text, plain, season), precision)
    m = _DATE.match(text, start, end)
    if m is None or m.end() != end:
        _refuse(text, start, end, m)
    year, month, day = m["year"], m["month"], m["day"]
    if m["time"] is not None and _TIME.fullmatch(m["time"]) is None:
        raise DateParseError(text, "expected a time of day hh:mm:ss", m.start("time"))
    marks = "".join(m[g] or "" for g in _MARK_GROUPS)
    if marks:
        check_marks_of_components(text, tuple((m[g], m.start(g)) for g in _MARK_GROUPS))
    precision, month_unit, season = _precision(year, month, day)
    if "X" in year or (month is not None and "X" in month) or (day is not None and "X" in day):
        if year == "XXXX" and month is None:
            if marks:
                raise DateParseError(text, "an unknown year XXXX cannot be qualified", start)
            return Bounds(None, None, Precision.UNKNOWN, Qualifier.UNKNOWN)
        if month is not None and "X" not in month and day is None:
            lo, hi = _season_or_month_x(text, m, year, month)
        else:
            lo, hi = _unspecified(text, m, year, month or "XX", day or "XX")
    else:
        lo, hi = _digit_bounds(text, m, season)
    if not marks:
        return Bounds(lo, hi, precision)
    whole, ystep, mstep, dstep = _component_steps(m)
    year_unit = 12 * 10 ** (len(year) - len(year.rstrip("X")))
    months = ystep * year_unit + mstep * (_SEASON_UNIT[season] if season else 1)
    days = dstep
    if precision is Precision.DAY:
        days += whole
    else:
        months += whole * month_unit
    lo, hi = widen(lo, hi, months=months, days=days, day_given=day is not None)
    return Bounds(lo, hi, precision, qualifier_of(marks))


def _refuse(text: str, start: int, end: int, m: re.Match[str] | None) -> NoReturn:
    """The clearest error for a text that is not one EDTF date."""
    _reject_out_of_range(text[start:end])
    stop = start if m is None else m.end()
    if m is not None and text.startswith("/", stop):
        raise DateParseError(
            text, "an EDTF interval is something that lasts: read it with parse_span", stop
        )
    raise DateParseError(
        text,
        "expected an EDTF date such as 1925, 1925-08, 1925-08-15, 192X or 1925~"
        + ("" if m is None else f", found {text[stop:end]!r} after it"),
        stop,
    )


def _digit_bounds(text: str, m: re.Match[str], season: int) -> tuple[int, int]:
    """Bounds of a date written in digits only: a year, a season, a month or a day."""
    y = int(m["year"])
    if y == 0:
        raise DateParseError(
            text, "year 0 is out of range: a year between 1 and 9999", m.start("year")
        )
    month = m["month"]
    if month is None:
        return year_bounds(y, y)
    if season:
        first, last = SEASON_MONTHS[season]
        return month_bounds(y, first, last)
    mo = check_month(text, int(month), m.start("month"))
    if m["day"] is None:
        return month_bounds(y, mo, mo)
    return day_bounds(y, mo, check_day(text, y, mo, int(m["day"]), m.start("day")))


def _component_steps(m: re.Match[str]) -> tuple[int, int, int, int]:
    """Widening steps for the whole date and for the year, month and day components alone.

    The marks after the last component qualify the whole date (level 1). Elsewhere a mark
    after a component qualifies it and the components to its left, a mark before a
    component qualifies that component only (level 2).
    """
    ry, rm, rd = m["ry"], m["rm"], m["rd"]
    if m["day"] is not None:
        whole, group_year, group_month = steps_of(rd), max(steps_of(ry), steps_of(rm)), steps_of(rm)
    elif m["month"] is not None:
        whole, group_year, group_month = steps_of(rm), steps_of(ry), 0
    else:
        whole, group_year, group_month = steps_of(ry), 0, 0
    return (
        whole,
        max(steps_of(m["qy"]), group_year),
        max(steps_of(m["qm"]), group_month),
        steps_of(m["qd"]),
    )


def _precision(year: str, month: str | None, day: str | None) -> tuple[Precision, int, int]:
    """The precision, the length in months of one year-component unit, and the season."""
    if day is not None and day != "XX":
        return Precision.DAY, 12, 0
    if month is not None and month != "XX":
        number = int(month) if month.isdigit() else 0
        if number in SEASON_MONTHS and day is None:
            return Precision.SEASON, _SEASON_UNIT[number], number
        return Precision.MONTH, 1, 0
    xs = len(year) - len(year.rstrip("X"))
    precisions = (Precision.YEAR, Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM)
    return (precisions[xs] if xs < 4 else Precision.UNKNOWN), 12 * 10**xs, 0


def _season_or_month_x(text: str, m: re.Match[str], year: str, month: str) -> tuple[int, int]:
    """``192X-08`` or ``19XX-21``: a fixed month or season in any matching year."""
    first_year, last_year = _year_range(year)
    number = int(month)
    if number in SEASON_MONTHS:
        first, last = SEASON_MONTHS[number]
    else:
        first = last = check_month(text, number, m.start("month"))
    return month_bounds(first_year, first, first)[0], month_bounds(last_year, last, last)[1]


def read_edtf_set(text: str, start: int = 0, end: int | None = None) -> Bounds:
    """Level 2 one-of-a-set ``[a, b..c, ..d, e..]`` in ``text[start:end]``: one of its days."""
    end = len(text) if end is None else end
    if text.startswith("{", start):
        raise DateParseError(
            text,
            "{...} means every member of the set, which is not one day; "
            "use [...] (one of a set) or parse_span for a range",
            start,
        )
    if not text.startswith("[", start) or text[end - 1] != "]" or end - start < 2:
        raise DateParseError(text, "expected ']' to close the set", end)
    position = start + 1
    inner = text[start + 1 : end - 1]
    if not inner.strip():
        raise DateParseError(text, "expected at least one date inside [...]", position)
    lows: list[int | None] = []
    highs: list[int | None] = []
    for part in inner.split(","):
        begin = position + len(part) - len(part.lstrip())
        low, high = _set_member(text, begin, part.strip())
        lows.append(low)
        highs.append(high)
        position += len(part) + 1
    return Bounds(
        None if None in lows else min(x for x in lows if x is not None),
        None if None in highs else max(x for x in highs if x is not None),
        Precision.SET,
        Qualifier.ONE_OF_SET,
    )


def _set_member(text: str, begin: int, member: str) -> tuple[int | None, int | None]:
    """One member of a set: a date, or a range ``a..b`` whose ``a`` or ``b`` may be left out."""
    first, dots, second = member.partition("..")
    if not dots:
        return _member(text, begin, member)
    if not first and not second:
        raise DateParseError(text, "expected a date before or after '..'", begin)
    low = None if not first else _member(text, begin, first)[0]
    high = None if not second else _member(text, begin + len(first) + 2, second)[1]
    if low is not None and high is not None and low > high:
        raise DateParseError(text, f"the range {member!r} ends before it starts", begin)
    return low, high


def _member(text: str, begin: int, member: str) -> tuple[int, int]:
    bounds = read_edtf_date(text, begin, begin + len(member))
    if bounds.lo is None or bounds.hi is None:
        raise DateParseError(text, "expected a known date inside [...], not XXXX", begin)
    return bounds.lo, bounds.hi
