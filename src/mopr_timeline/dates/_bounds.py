"""The intermediate result every reader returns before a ``FuzzyDate`` is built."""

from __future__ import annotations

import datetime as _dt
from typing import NamedTuple

import pendulum

from mopr_timeline.dates._fuzzy import FuzzyDate, Precision, Qualifier

__all__ = ["Bounds"]


class Bounds(NamedTuple):
    """Ordinal bounds (``None``: open) with the precision and qualifier they were read with."""

    lo: int | None
    hi: int | None
    precision: Precision
    qualifier: Qualifier = Qualifier.NONE

    def to_date(self, text: str) -> FuzzyDate:
        lo, hi = self.lo, self.hi
        return FuzzyDate(
            earliest=None if lo is None else _day(lo),
            latest=None if hi is None else _day(hi),
            text=text,
            precision=self.precision,
            qualifier=self.qualifier,
        )


def _day(ordinal: int) -> pendulum.Date:
    d = _dt.date.fromordinal(ordinal)
    return pendulum.Date(d.year, d.month, d.day)
