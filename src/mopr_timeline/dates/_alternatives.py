"""``1924 or 1925``, ``Aug. or Sept. 1925``: one day in one of a few dates (EDTF ``[a,b]``).

The alternatives are read one by one; one that has no year (``Aug.`` in ``Aug. or Sept.
1925``) takes the year of the last alternative. A fuzzy date has two bounds, so the day lies
from the earliest day of any alternative to the latest day of any (for ``1924 or 1926`` that
includes 1925); the date is marked one-of-a-set, and EDTF writes two adjacent alternatives
as the set ``[1924,1925]``.
"""

from __future__ import annotations

import datetime as _dt
import re

from mopr_timeline.dates._bounds import Bounds, hull
from mopr_timeline.dates._errors import MissingYearError
from mopr_timeline.dates._fuzzy import Precision, Qualifier
from mopr_timeline.dates._natural import Order, read_phrase

__all__ = ["read_alternatives"]

_OR = re.compile(r"\s+or\s+", re.IGNORECASE)
_COARSENESS = (
    *(Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR),
    *(Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM, Precision.SET),
    Precision.UNKNOWN,
)


def read_alternatives(
    text: str, start: int, end: int, year: int | None, order: Order
) -> Bounds | None:
    """The bounds of ``A or B [or C...]`` in ``text[start:end]``, or None when the text has
    no ``or`` between two dates (a ``DateParseError`` when an alternative does not read)."""
    cuts = list(_OR.finditer(text, start, end))
    if not cuts:
        return None
    pieces: list[tuple[int, int]] = []
    begin = start
    for cut in cuts:
        pieces.append((begin, cut.start()))
        begin = cut.end()
    pieces.append((begin, end))
    last = read_phrase(text, *pieces[-1], year, order)
    lent = year
    if last.hi is not None:
        lent = _dt.date.fromordinal(last.hi).year if year is None else year
    readings = [_alternative(text, a, b, year, lent, order) for a, b in pieces[:-1]]
    readings.append(last)
    either = hull(tuple(readings))
    return either._replace(
        qualifier=Qualifier.ONE_OF_SET,
        precision=max((r.precision for r in readings), key=_COARSENESS.index),
        ambiguous=any(r.ambiguous for r in readings),
    )


def _alternative(
    text: str, a: int, b: int, year: int | None, lent: int | None, order: Order
) -> Bounds:
    try:
        return read_phrase(text, a, b, year, order)
    except MissingYearError:
        if lent is None:
            raise
        return read_phrase(text, a, b, lent, order)
