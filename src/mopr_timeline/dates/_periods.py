"""Named periods: a date written as a period's name ("during the Spanish Civil War").

A ``Period`` is defined once, with its bounds and the work that gives them; a text naming it
(``the Spanish Civil War``, optionally after ``during`` or ``in``, in any case) reads as one
day somewhere from its first to its last day, keeping the text as written.
``parse_date(text, periods=...)`` reads such texts before any other form.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Any

import attrs
import pendulum

from mopr_timeline.dates._errors import DateParseError
from mopr_timeline.dates._fuzzy import FuzzyDate, Precision, Qualifier

__all__ = ["Period", "read_period"]

_LEAD = re.compile(r"^\s*(?:(?:during|in|throughout)\s+)?(?:the\s+)?", re.IGNORECASE)


def _folded(name: str) -> str:
    """A name compared without case, leading ``the`` or runs of blanks."""
    return " ".join(_LEAD.sub("", name).split()).casefold()


def _check_name(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not _folded(value):
        raise DateParseError(repr(value), f"a period's {attribute.name} must be non-empty text")


def _check_day(_instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
        raise DateParseError(repr(value), f"a period's {attribute.name} must be a datetime.date")


@attrs.frozen(kw_only=True)
class Period:
    """A named period with cited bounds: ``name`` (``the Spanish Civil War``), its ``first``
    and ``last`` days, and ``source``, the work giving them."""

    name: str = attrs.field(validator=_check_name)
    first: _dt.date = attrs.field(validator=_check_day)
    last: _dt.date = attrs.field(validator=_check_day)
    source: str = attrs.field(validator=_check_name)

    def __attrs_post_init__(self) -> None:
        if self.first > self.last:
            raise DateParseError(
                self.name, f"the period ends ({self.last}) before it begins ({self.first})"
            )

    def date(self, text: str) -> FuzzyDate:
        """One day within the period, written ``text``."""
        return FuzzyDate(
            earliest=pendulum.Date(self.first.year, self.first.month, self.first.day),
            latest=pendulum.Date(self.last.year, self.last.month, self.last.day),
            text=text,
            precision=Precision.DAY,
            qualifier=Qualifier.NONE,
        )

    def names(self, text: str) -> bool:
        """Does ``text`` name this period (``during the Spanish Civil War``)?"""
        return _folded(text) == _folded(self.name)


def read_period(text: str, periods: Iterable[Period]) -> FuzzyDate | None:
    """The date ``text`` names if it names one of ``periods``, else None."""
    for period in periods:
        if not isinstance(period, Period):
            raise DateParseError(text, f"periods must be Period objects, got {period!r}")
        if period.names(text):
            return period.date(text)
    return None
