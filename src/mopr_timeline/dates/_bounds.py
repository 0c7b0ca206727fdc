"""The intermediate result every reader returns before a ``FuzzyDate`` is built."""

from __future__ import annotations

from typing import NamedTuple

from mopr_timeline.dates._fuzzy import FuzzyDate, Precision, Qualifier

__all__ = ["Bounds"]


class Bounds(NamedTuple):
    """Ordinal bounds (``None``: open) with the precision and qualifier they were read with."""

    lo: int | None
    hi: int | None
    precision: Precision
    qualifier: Qualifier = Qualifier.NONE

    def to_date(self, text: str) -> FuzzyDate:
        return FuzzyDate.from_ordinals(
            self.lo, self.hi, text=text, precision=self.precision, qualifier=self.qualifier
        )
