"""The intermediate result every reader returns before a ``FuzzyDate`` is built.

A text with one reading gives one ``Bounds``. A text with several common readings gives an
``Ambiguous`` holding each reading's bounds; operations (``c.``, ``before``, ``early``...)
apply to every reading, and ``settle`` finally takes their hull: the earliest day of any
reading to the latest day of any, marked ambiguous when the readings differ.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import NamedTuple

import pendulum

from mopr_timeline.dates._fuzzy import (
    MAX_ORDINAL,
    MIN_ORDINAL,
    FuzzyDate,
    Precision,
    Qualifier,
    read_date_of,
)

__all__ = ["Ambiguous", "Bounds", "Read", "each", "hull", "settle"]


class Bounds(NamedTuple):
    """Ordinal bounds (``None``: open) with the precision and qualifier they were read with,
    and whether they are the hull of several differing readings (``ambiguous``)."""

    lo: int | None
    hi: int | None
    precision: Precision
    qualifier: Qualifier = Qualifier.NONE
    ambiguous: bool = False

    def to_date(self, text: str) -> FuzzyDate:
        lo, hi = self.lo, self.hi
        return read_date_of(
            lo,
            hi,
            None if lo is None else _day(lo),
            None if hi is None else _day(hi),
            text,
            self.precision,
            self.qualifier,
            self.ambiguous,
        )


class Ambiguous(NamedTuple):
    """The readings of a text that can be taken more than one way (two or more)."""

    readings: tuple[Bounds, ...]


Read = Bounds | Ambiguous
"""What a reader returns: one reading, or several."""


def each(read: Read, apply: Callable[[Bounds], Bounds]) -> Read:
    """``apply`` to the one reading, or to every reading of an ambiguous text."""
    if type(read) is Bounds:
        return apply(read)
    assert isinstance(read, Ambiguous)
    return Ambiguous(tuple(apply(reading) for reading in read.readings))


def _width(bounds: Bounds) -> int:
    lo = MIN_ORDINAL - 1 if bounds.lo is None else bounds.lo
    hi = MAX_ORDINAL + 1 if bounds.hi is None else bounds.hi
    return hi - lo


def hull(readings: tuple[Bounds, ...]) -> Bounds:
    """The bounds covering every reading: ambiguous when two readings' bounds differ.

    The precision and qualifier shown are the widest reading's.
    """
    lows = [reading.lo for reading in readings]
    highs = [reading.hi for reading in readings]
    widest = max(readings, key=_width)
    differ = len({(reading.lo, reading.hi) for reading in readings}) > 1
    return Bounds(
        None if None in lows else min(lo for lo in lows if lo is not None),
        None if None in highs else max(hi for hi in highs if hi is not None),
        widest.precision,
        widest.qualifier,
        differ or any(reading.ambiguous for reading in readings),
    )


def settle(read: Read) -> Bounds:
    """The bounds of a reading, or the hull of an ambiguous text's readings."""
    if type(read) is Bounds:
        return read
    assert isinstance(read, Ambiguous)
    return hull(read.readings)


def _day(ordinal: int) -> pendulum.Date:
    d = _dt.date.fromordinal(ordinal)
    return pendulum.Date(d.year, d.month, d.day)
