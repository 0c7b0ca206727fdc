"""Windows such as "3 months" or "at least a year", read as the fewest and most days."""

from __future__ import annotations

import calendar
import re
from functools import cache

from mopr_timeline.dates import DateParseError

__all__ = ["WindowError", "window_days"]

_CYCLE_YEARS = 400
"""The Gregorian calendar repeats every 400 years (146,097 days, 4,800 months)."""

_NUMBERS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a couple of": 2,
    "a few": 3,
}
_UNITS = {
    "day": "day",
    "days": "day",
    "week": "week",
    "weeks": "week",
    "fortnight": "fortnight",
    "fortnights": "fortnight",
    "month": "month",
    "months": "month",
    "year": "year",
    "years": "year",
    "decade": "decade",
    "decades": "decade",
}
_WINDOW = re.compile(
    r"^\s*(?P<number>\d+|"
    + "|".join(sorted(map(re.escape, _NUMBERS), key=len, reverse=True))
    + r")\s+(?P<unit>[a-z]+)\s*$",
    re.IGNORECASE,
)


class WindowError(DateParseError):
    """A window text (``within=``, ``at_least=``) that is not a count of days, weeks, months,
    years or decades."""

    def __init__(self, text: str, reason: str) -> None:
        super().__init__(text, reason)
        # The message names a window, not a date.
        self.args = (f"cannot read window {text!r}: {reason}",)

    def __str__(self) -> str:
        return str(self.args[0])


@cache
def _month_sums() -> tuple[int, ...]:
    """Prefix sums of month lengths over two 400-year cycles (any run of months starts in
    the first and fits in the two)."""
    sums = [0]
    for year in range(2000, 2000 + 2 * _CYCLE_YEARS):
        for month in range(1, 13):
            sums.append(sums[-1] + calendar.monthrange(year, month)[1])
    return tuple(sums)


def _months(count: int) -> tuple[int, int]:
    """The fewest and most days that ``count`` consecutive calendar months last."""
    cycle_months = 12 * _CYCLE_YEARS
    cycles, rest = divmod(count, cycle_months)
    whole = cycles * _month_sums()[cycle_months]
    if rest == 0:
        return whole, whole
    sums = _month_sums()
    runs = [sums[start + rest] - sums[start] for start in range(cycle_months)]
    return whole + min(runs), whole + max(runs)


def window_days(text: str) -> tuple[int, int]:
    """The fewest and the most days a window text can mean.

    ``"10 days"`` is ``(10, 10)``, ``"two weeks"`` ``(14, 14)``; months and years vary with
    the calendar, so ``"3 months"`` is ``(89, 92)`` (three consecutive months last 89 days at
    the shortest, February to April, and 92 at the longest) and ``"1 year"`` or ``"a year"``
    ``(365, 366)``. Use the first for a lower limit (``at least``) and the second for an
    upper one (``within``): neither excludes a day the words allow. Numbers are digits or
    words up to twelve ("a", "an", "a few" = 3, "a couple of" = 2); units are days, weeks,
    fortnights, months, years and decades. Raises ``WindowError`` (a ``ValueError``) naming
    the text otherwise.
    """
    if not isinstance(text, str):
        raise WindowError(repr(text), "a window is a text such as '3 months'")
    match = _WINDOW.match(text)
    if match is None:
        raise WindowError(
            text, "expected a number and a unit (days, weeks, months, years), e.g. '3 months'"
        )
    number_text, unit_text = match["number"].lower(), match["unit"].lower()
    count = int(number_text) if number_text.isdigit() else _NUMBERS[" ".join(number_text.split())]
    unit = _UNITS.get(unit_text)
    if unit is None:
        raise WindowError(text, f"unknown unit {unit_text!r}: use days, weeks, months or years")
    if count > 100_000:
        raise WindowError(text, "a window is at most 100,000 of its units")
    if unit == "day":
        return count, count
    if unit == "week":
        return 7 * count, 7 * count
    if unit == "fortnight":
        return 14 * count, 14 * count
    if unit == "month":
        return _months(count)
    if unit == "year":
        return _months(12 * count)
    return _months(120 * count)
