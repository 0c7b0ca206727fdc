"""Writing EDTF: the most natural form that python-edtf reads and that keeps the bounds.

A ``FuzzyDate`` is one day, so its faithful EDTF is one of: a plain date at the precision its
bounds fill (``1925``, ``1925-08``, ``1925-08-15``, ``192X``, ``19XX``, a season), that date
with its qualifier when the bounds are exactly the widened date (``1925~`` for ``c. 1925``;
not for seasons, whose qualified form python-edtf cannot read),
``XXXX`` when both bounds are open, two adjacent years, months or days of a one-of-a-set date
as the set ``[1924,1925]``, and otherwise a level 2 one-of-a-set range
(``[..1932]``, ``[1929..]``, ``[1925-08-01..1925-09-15]``). Every candidate is read back
before it is returned, so a written form never changes the bounds.
"""

from __future__ import annotations

import datetime as _dt
import re

from mopr_timeline.dates._bounds import Bounds
from mopr_timeline.dates._calendar import days_in_month
from mopr_timeline.dates._edtf_read import SEASON_MONTHS, read_edtf_date
from mopr_timeline.dates._errors import DateParseError
from mopr_timeline.dates._fuzzy import FuzzyDate, FuzzySpan, Precision, Qualifier

__all__ = ["format_edtf", "format_edtf_interval"]

_MARKS = {
    Qualifier.APPROXIMATE: ("~", 1),
    Qualifier.UNCERTAIN: ("?", 1),
    Qualifier.UNCERTAIN_APPROXIMATE: ("%", 2),
}
_QUALIFIED = re.compile(r"[?~%]")
_MONTH_STEP = {
    Precision.MONTH: 1,
    Precision.YEAR: 12,
    Precision.DECADE: 120,
    Precision.CENTURY: 1200,
}


def format_edtf(date: FuzzyDate) -> str:
    """EDTF for one fuzzy day (see the module docstring for the forms chosen)."""
    if date.earliest is None and date.latest is None:
        return "XXXX"
    if date.earliest is None:
        return f"[..{_form(date.hi, _granularity(date.hi, end=True))}]"
    if date.latest is None:
        return f"[{_form(date.lo, _granularity(date.lo, end=False))}..]"
    if date.qualifier is Qualifier.ONE_OF_SET:
        pair = _pair(date.lo, date.hi)
        if pair is not None:
            return pair
    return _single(date.lo, date.hi, date.qualifier, date.precision) or _range(date.lo, date.hi)


def _pair(lo: int, hi: int) -> str | None:
    """``[1924,1925]``: one of two adjacent years, months or days that fill ``lo..hi``."""
    unit = min(
        _granularity(lo, end=False),
        _granularity(hi, end=True),
        key=(Precision.DAY, Precision.MONTH, Precision.YEAR).index,
    )
    first, second = _form(lo, unit), _form(hi, unit)
    a, b = _dt.date.fromordinal(lo), _dt.date.fromordinal(hi)
    if unit is Precision.YEAR:
        adjacent = b.year == a.year + 1
    elif unit is Precision.MONTH:
        adjacent = b.year * 12 + b.month == a.year * 12 + a.month + 1
    else:
        adjacent = hi == lo + 1
    return f"[{first},{second}]" if adjacent else None


def format_edtf_interval(span: FuzzySpan) -> str:
    """EDTF ``start/end``; an end that is not one plain or qualified date cannot be written.

    python-edtf cannot read an interval with X digits (``192X``) and a qualified or open end
    (``192X~/1930``, ``192X/..``), so such spans are refused rather than written unreadably.
    """
    start = _interval_end(span, span.start)
    end = _interval_end(span, span.end)
    if "X" in start + end and (".." in (start, end) or _QUALIFIED.search(start + end)):
        raise DateParseError(
            str(span),
            f"{start}/{end} mixes X digits with a qualified or open end, which python-edtf "
            "cannot read, so it has no interval end form here",
        )
    return f"{start}/{end}"


def _interval_end(span: FuzzySpan, date: FuzzyDate) -> str:
    if date.earliest is None and date.latest is None:
        return ".."
    if date.earliest is not None and date.latest is not None:
        written = _single(date.lo, date.hi, date.qualifier, date.precision)
        if written is not None:
            return written
    raise DateParseError(
        str(span),
        f"{date.bounds_text()} is not one year, month, day, decade or season, so EDTF has no "
        "interval end for it",
    )


def _reads_back(text: str, lo: int, hi: int) -> bool:
    try:
        bounds: Bounds = read_edtf_date(text)
    except DateParseError:
        return False
    return bounds.lo == lo and bounds.hi == hi


def _single(lo: int, hi: int, qualifier: Qualifier, precision: Precision) -> str | None:
    """A plain date, or a qualified one, whose bounds are exactly ``lo..hi``; else None."""
    plain = _plain(lo, hi)
    if plain is not None:
        return plain
    if qualifier not in _MARKS:
        return None
    mark, steps = _MARKS[qualifier]
    start = _dt.date.fromordinal(lo)
    if precision is Precision.DAY:
        core = _plain(lo + steps, hi - steps) if hi - lo >= 2 * steps else None
    elif precision in _MONTH_STEP:
        index = start.year * 12 + start.month - 1 + steps * _MONTH_STEP[precision]
        year, month = divmod(index, 12)
        core = _core_from(year, month + 1, precision)
    else:
        core = None
    if core is None:
        return None
    candidate = core + mark
    return candidate if _reads_back(candidate, lo, hi) else None


def _core_from(year: int, month: int, precision: Precision) -> str | None:
    if not 1 <= year <= 9999:
        return None
    if precision is Precision.MONTH:
        return f"{year:04d}-{month:02d}"
    if precision is Precision.YEAR:
        return f"{year:04d}"
    if precision is Precision.DECADE:
        return f"{year // 10:03d}X"
    return f"{year // 100:02d}XX"


def _plain(lo: int, hi: int) -> str | None:
    """The unqualified EDTF date whose bounds are exactly ``lo..hi``, if there is one."""
    a = _dt.date.fromordinal(lo)
    b = _dt.date.fromordinal(hi)
    if lo == hi:
        return a.isoformat()
    if a.day != 1 or b.day != days_in_month(b.year, b.month):
        return None
    if a.year == b.year:
        if a.month == b.month:
            return f"{a.year:04d}-{a.month:02d}"
        if a.month == 1 and b.month == 12:
            return f"{a.year:04d}"
        for season, (first, last) in SEASON_MONTHS.items():
            if season <= 23 and (first, last) == (a.month, b.month):
                return f"{a.year:04d}-{season}"
        return None
    if a.month != 1 or b.month != 12:
        return None
    for width, suffix in ((10, "X"), (100, "XX"), (1000, "XXX")):
        if a.year % width == 0 and b.year == a.year + width - 1:
            return f"{a.year // width:0{4 - len(suffix)}d}{suffix}"
    return None


def _granularity(ordinal: int, *, end: bool) -> Precision:
    """The coarsest unit (year, month, day) that ``ordinal`` starts (or ends, ``end``)."""
    d = _dt.date.fromordinal(ordinal)
    if end:
        month_edge = d.day == days_in_month(d.year, d.month)
        year_edge = month_edge and d.month == 12
    else:
        month_edge = d.day == 1
        year_edge = month_edge and d.month == 1
    if year_edge:
        return Precision.YEAR
    return Precision.MONTH if month_edge else Precision.DAY


def _form(ordinal: int, unit: Precision) -> str:
    d = _dt.date.fromordinal(ordinal)
    if unit is Precision.YEAR:
        return f"{d.year:04d}"
    if unit is Precision.MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def _range(lo: int, hi: int) -> str:
    """``[a..b]`` with both ends at the same (finest needed) unit, as python-edtf requires."""
    units = (_granularity(lo, end=False), _granularity(hi, end=True))
    order = (Precision.DAY, Precision.MONTH, Precision.YEAR)
    unit = min(units, key=order.index)
    return f"[{_form(lo, unit)}..{_form(hi, unit)}]"
