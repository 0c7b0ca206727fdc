"""How approximate and uncertain dates widen: by units of their precision on each side.

``~`` and ``?`` widen a date by one unit of its precision on each side, ``%`` (both) by two.
A unit is a number of months (a year is 12, a decade 120, a season its own length) or days.
"""

from __future__ import annotations

from mopr_timeline.dates._calendar import shift_day, shift_months, shift_months_same_day
from mopr_timeline.dates._fuzzy import Qualifier

__all__ = ["qualifier_of", "steps_of", "widen"]


def qualifier_of(marks: str) -> Qualifier:
    """The display qualifier for the EDTF marks found on a date (``""`` for none)."""
    if not marks:
        return Qualifier.NONE
    if "%" in marks or ("?" in marks and "~" in marks):
        return Qualifier.UNCERTAIN_APPROXIMATE
    return Qualifier.UNCERTAIN if "?" in marks else Qualifier.APPROXIMATE


def steps_of(marks: str | None) -> int:
    """How many units the marks widen by: 2 for ``%`` or ``?`` with ``~``, else 1 (0: none)."""
    if not marks:
        return 0
    if "%" in marks or ("?" in marks and "~" in marks):
        return 2
    return 1


def widen(lo: int, hi: int, *, months: int = 0, days: int = 0, day_given: bool) -> tuple[int, int]:
    """Move ``lo`` back and ``hi`` forward by ``months`` months and then ``days`` days.

    When the day is not given, the bounds are month boundaries and stay so (``hi`` moves to
    the end of its new month); otherwise the day of the month is kept where it exists.
    """
    if months:
        if day_given:
            lo = shift_months_same_day(lo, -months)
            hi = shift_months_same_day(hi, months)
        else:
            lo = shift_months(lo, -months, to_end=False)
            hi = shift_months(hi, months, to_end=True)
    if days:
        lo = shift_day(lo, -days)
        hi = shift_day(hi, days)
    return lo, hi
