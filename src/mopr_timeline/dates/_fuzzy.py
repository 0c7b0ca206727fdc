"""FuzzyDate and FuzzySpan: one unknown day between two bounds, and something that lasts.

Only the two bounds take part in logic. Internally each bound is also kept as a proleptic
Gregorian ordinal (``datetime.date.toordinal``), with an open bound standing for the first or
last day of the calendar, so that comparisons are integer comparisons.
"""

from __future__ import annotations

import datetime as _dt
import enum
from typing import Any

import attrs
import pendulum

from mopr_timeline.dates._certainty import Certainty
from mopr_timeline.dates._errors import DateParseError

__all__ = [
    "MAX_ORDINAL",
    "MIN_ORDINAL",
    "FuzzyDate",
    "FuzzySpan",
    "Precision",
    "Qualifier",
    "as_fuzzy",
]

MIN_ORDINAL = _dt.date(1, 1, 1).toordinal()
MAX_ORDINAL = _dt.date(9999, 12, 31).toordinal()


class Precision(enum.Enum):
    """The unit the source wrote the date in (for display and for widening qualifiers)."""

    DAY = "day"
    MONTH = "month"
    SEASON = "season"
    YEAR = "year"
    DECADE = "decade"
    CENTURY = "century"
    MILLENNIUM = "millennium"
    SET = "set"
    UNKNOWN = "unknown"


class Qualifier(enum.Enum):
    """How the source hedged the date (for display; the bounds already say it all)."""

    NONE = "none"
    APPROXIMATE = "approximate"
    UNCERTAIN = "uncertain"
    UNCERTAIN_APPROXIMATE = "uncertain-approximate"
    BEFORE = "before"
    AFTER = "after"
    NO_LATER_THAN = "no-later-than"
    NO_EARLIER_THAN = "no-earlier-than"
    ONE_OF_SET = "one-of-set"
    UNKNOWN = "unknown"


def _to_pendulum(value: _dt.date | None) -> pendulum.Date | None:
    """A bound as a pendulum date (a datetime counts as its day); None stays open."""
    if value is None or type(value) is pendulum.Date:
        return value
    if isinstance(value, _dt.datetime):
        value = value.date()
    if not isinstance(value, _dt.date):
        raise DateParseError(
            repr(value), f"a bound must be a datetime.date or None, not {type(value).__name__}"
        )
    return pendulum.Date(value.year, value.month, value.day)


@attrs.frozen(kw_only=True)
class FuzzyDate:
    """ONE day that we do not know exactly: some day D with ``earliest <= D <= latest``.

    Either bound may be ``None`` (open). ``text`` is what the date was read from;
    ``precision`` and ``qualifier`` are kept for display only. ``ambiguous`` is True when the
    text had more than one common reading (``1800s``: the hundred years or the decade;
    ``10/7/2008``: 10 July or 7 October): the bounds then cover every reading.
    ``context`` completes a text that leaves part of the date to its context: ``January 1``
    written "as of January 1 of that year", the year being 1932, has ``context="1932"``;
    ``whole`` (and ``str``) shows both, ``January 1 [1932]``. It is display only: the bounds
    already say it all.
    """

    earliest: pendulum.Date | None = attrs.field(converter=_to_pendulum)
    latest: pendulum.Date | None = attrs.field(converter=_to_pendulum)
    text: str = ""
    precision: Precision = Precision.DAY
    qualifier: Qualifier = Qualifier.NONE
    ambiguous: bool = False
    context: str = ""
    lo: int = attrs.field(init=False, eq=False, repr=False)
    hi: int = attrs.field(init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        lo = MIN_ORDINAL if self.earliest is None else self.earliest.toordinal()
        hi = MAX_ORDINAL if self.latest is None else self.latest.toordinal()
        if lo > hi:
            raise DateParseError(
                self.text or f"{self.earliest}..{self.latest}",
                f"the earliest day {self.earliest} is after the latest day {self.latest}",
            )
        object.__setattr__(self, "lo", lo)
        object.__setattr__(self, "hi", hi)

    @classmethod
    def exact(cls, day: _dt.date, text: str | None = None) -> FuzzyDate:
        """The day itself, known exactly."""
        return cls(earliest=day, latest=day, text=text if text is not None else day.isoformat())

    @classmethod
    def from_ordinals(
        cls,
        lo: int | None,
        hi: int | None,
        *,
        text: str = "",
        precision: Precision = Precision.DAY,
        qualifier: Qualifier = Qualifier.NONE,
        ambiguous: bool = False,
    ) -> FuzzyDate:
        """Build from proleptic ordinals; ``None`` is an open bound."""
        return cls(
            earliest=None if lo is None else _dt.date.fromordinal(lo),
            latest=None if hi is None else _dt.date.fromordinal(hi),
            text=text,
            precision=precision,
            qualifier=qualifier,
            ambiguous=ambiguous,
        )

    @property
    def is_exact(self) -> bool:
        return self.lo == self.hi

    @property
    def is_open(self) -> bool:
        """True when at least one bound is open."""
        return self.earliest is None or self.latest is None

    def before(self, other: FuzzyDate | _dt.date) -> Certainty:
        """Is this day earlier than ``other``'s day?"""
        o = as_fuzzy(other)
        return Certainty.of(self.hi < o.lo, self.lo < o.hi)

    def after(self, other: FuzzyDate | _dt.date) -> Certainty:
        """Is this day later than ``other``'s day?"""
        o = as_fuzzy(other)
        return Certainty.of(self.lo > o.hi, self.hi > o.lo)

    def same_day(self, other: FuzzyDate | _dt.date) -> Certainty:
        """Are the two unknown days one and the same day?"""
        o = as_fuzzy(other)
        always = self.lo == self.hi == o.lo == o.hi
        return Certainty.of(always, self.lo <= o.hi and o.lo <= self.hi)

    def on_or_before(self, other: FuzzyDate | _dt.date) -> Certainty:
        """Is this day no later than ``other``'s day?"""
        o = as_fuzzy(other)
        return Certainty.of(self.hi <= o.lo, self.lo <= o.hi)

    def contains(self, day: FuzzyDate | _dt.date) -> Certainty:
        """Does ``day`` (exact or itself fuzzy) fall within this date's bounds?"""
        d = as_fuzzy(day)
        return Certainty.of(
            self.lo <= d.lo and d.hi <= self.hi, d.lo <= self.hi and self.lo <= d.hi
        )

    def sort_key(self) -> tuple[int, int, int]:
        """A key whose order is a linear extension of "certainly before".

        The anchor is the earliest day, or the latest day when the earliest is open, or the
        end of the calendar when both are open; it always lies within the bounds, so a date
        that certainly precedes another always sorts first. Ties break on earliest, then latest.
        """
        if self.earliest is not None:
            anchor = self.lo
        elif self.latest is not None:
            anchor = self.hi
        else:
            anchor = MAX_ORDINAL
        return (anchor, self.lo, self.hi)

    @property
    def whole(self) -> str:
        """The text with the context completing it in brackets (``January 1 [1932]``), or the
        text alone when it needs none."""
        return f"{self.text} [{self.context}]" if self.context else self.text

    def __str__(self) -> str:
        return self.whole or self.bounds_text()

    def bounds_text(self) -> str:
        """The bounds as ``earliest..latest`` in ISO form, ``..`` marking an open side."""
        lo = "" if self.earliest is None else self.earliest.isoformat()
        hi = "" if self.latest is None else self.latest.isoformat()
        return lo if lo == hi and lo else f"{lo}..{hi}"

    @property
    def calendar(self) -> str:
        """The calendar the text was written in: ``"gregorian"`` (also for a text that does
        not say), ``"julian"`` (``O.S.``, ``(Julian)``) or ``"unstated"``; the bounds are
        Gregorian days whatever it is."""
        from mopr_timeline.dates._julian import calendar_in

        marked = calendar_in(self.text, 0, len(self.text.rstrip().rstrip('"')))[1]
        return "gregorian" if marked is None else marked.value

    def to_edtf(self) -> str:
        """EDTF that python-edtf reads and that ``parse_edtf`` reads back to the same bounds."""
        from mopr_timeline.dates._edtf import format_edtf

        return format_edtf(self)


@attrs.frozen(kw_only=True)
class FuzzySpan:
    """Something that lasts, from a fuzzy ``start`` day to a fuzzy ``end`` day."""

    start: FuzzyDate
    end: FuzzyDate
    text: str = ""

    def __attrs_post_init__(self) -> None:
        if self.start.lo > self.end.hi:
            raise DateParseError(
                self.text or f"{self.start}/{self.end}",
                f"the span cannot end ({self.end.bounds_text()}) before it starts "
                f"({self.start.bounds_text()})",
            )

    def contains(self, day: FuzzyDate | _dt.date) -> Certainty:
        """Is ``day`` within the span (start <= day <= end), over every refinement?"""
        d = as_fuzzy(day)
        always = self.start.hi <= d.lo and d.hi <= self.end.lo
        sometimes = max(self.start.lo, d.lo) <= min(self.end.hi, d.hi)
        return Certainty.of(always, sometimes)

    @property
    def ambiguous(self) -> bool:
        """True when the start's or the end's text had more than one common reading."""
        return self.start.ambiguous or self.end.ambiguous

    def sort_key(self) -> tuple[int, int, int]:
        return self.start.sort_key()

    def __str__(self) -> str:
        return self.text or f"{self.start}/{self.end}"

    def to_edtf(self) -> str:
        """An EDTF interval ``start/end`` that ``parse_span`` reads back to the same bounds."""
        from mopr_timeline.dates._edtf import format_edtf_interval

        return format_edtf_interval(self)


_set = object.__setattr__


def read_date_of(
    lo: int | None,
    hi: int | None,
    earliest: pendulum.Date | None,
    latest: pendulum.Date | None,
    text: str,
    precision: Precision,
    qualifier: Qualifier,
    ambiguous: bool,
) -> FuzzyDate:
    """The ``FuzzyDate`` a reader made: its ordinals and their pendulum days (None: open).

    Equal to ``FuzzyDate(earliest=..., ...)`` but built without its converters, as every
    parse builds one; the bounds' order is still checked.
    """
    low = MIN_ORDINAL if lo is None else lo
    high = MAX_ORDINAL if hi is None else hi
    if low > high:
        raise DateParseError(
            text or f"{earliest}..{latest}",
            f"the earliest day {earliest} is after the latest day {latest}",
        )
    date = object.__new__(FuzzyDate)
    _set(date, "earliest", earliest)
    _set(date, "latest", latest)
    _set(date, "text", text)
    _set(date, "precision", precision)
    _set(date, "qualifier", qualifier)
    _set(date, "ambiguous", ambiguous)
    _set(date, "context", "")
    _set(date, "lo", low)
    _set(date, "hi", high)
    return date


def as_fuzzy(value: Any) -> FuzzyDate:
    """A ``FuzzyDate`` from a FuzzyDate, a ``datetime.date`` (pendulum dates too) or text."""
    if isinstance(value, FuzzyDate):
        return value
    if isinstance(value, _dt.date):
        return FuzzyDate.exact(value)
    if isinstance(value, str):
        from mopr_timeline.dates._parse import parse_date

        return parse_date(value)
    raise DateParseError(
        repr(value),
        f"expected a date text, a datetime.date or a FuzzyDate, not {type(value).__name__}",
    )
