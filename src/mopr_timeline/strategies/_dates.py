"""Strategies for exact days, fuzzy dates and spans, date texts, and refinements."""

from __future__ import annotations

import calendar
import datetime as _dt
from collections.abc import Callable

import pendulum
from hypothesis import strategies as st

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision

__all__ = ["date_texts", "days", "fuzzy_dates", "fuzzy_spans", "refinements"]

DateText = tuple[str, pendulum.Date | None, pendulum.Date | None]
KnownText = tuple[str, pendulum.Date, pendulum.Date]

_MONTHS = calendar.month_name[1:]
_ABBREVIATIONS = (
    *("Jan.", "Feb.", "Mar.", "Apr.", "May", "Jun."),
    *("Jul.", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."),
)
_DECADE_PARTS = (
    ("", (0, 9)),
    ("early ", (0, 3)),
    ("mid-", (4, 6)),
    ("late ", (7, 9)),
    ("towards the end of the ", (7, 9)),
)


def _day(ordinal: int) -> pendulum.Date:
    d = _dt.date.fromordinal(ordinal)
    return pendulum.Date(d.year, d.month, d.day)


def _ordinal(year: int, month: int, day: int) -> int:
    return _dt.date(year, month, day).toordinal()


def _last(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def days(
    min_value: _dt.date = _dt.date(1, 1, 1), max_value: _dt.date = _dt.date(9999, 12, 31)
) -> st.SearchStrategy[pendulum.Date]:
    """Exact days between ``min_value`` and ``max_value`` (inclusive) as pendulum dates."""
    return st.integers(min_value.toordinal(), max_value.toordinal()).map(_day)


@st.composite
def fuzzy_dates(
    draw: st.DrawFn,
    *,
    min_value: _dt.date = _dt.date(1, 1, 1),
    max_value: _dt.date = _dt.date(9999, 12, 31),
    max_width: int | None = None,
    allow_open: bool = True,
) -> FuzzyDate:
    """Fuzzy dates whose finite bounds lie in ``min_value..max_value``.

    ``max_width`` caps ``latest - earliest`` in days (useful to keep refinements few);
    ``allow_open`` lets either bound, or both, be open.
    """
    lo_limit, hi_limit = min_value.toordinal(), max_value.toordinal()
    lo = draw(st.integers(lo_limit, hi_limit))
    widest = hi_limit - lo if max_width is None else min(max_width, hi_limit - lo)
    hi = lo + draw(st.integers(0, widest))
    open_lo = allow_open and draw(st.integers(0, 5)) == 0
    open_hi = allow_open and draw(st.integers(0, 5)) == 0
    return FuzzyDate.from_ordinals(
        None if open_lo else lo,
        None if open_hi else hi,
        text="",
        precision=Precision.UNKNOWN if open_lo and open_hi else Precision.DAY,
    )


@st.composite
def fuzzy_spans(
    draw: st.DrawFn,
    *,
    min_value: _dt.date = _dt.date(1, 1, 1),
    max_value: _dt.date = _dt.date(9999, 12, 31),
    max_width: int | None = None,
    allow_open: bool = True,
) -> FuzzySpan:
    """Spans from a fuzzy start to a fuzzy end that may be no earlier than the start."""
    dates = fuzzy_dates(
        min_value=min_value, max_value=max_value, max_width=max_width, allow_open=allow_open
    )
    start = draw(dates)
    end = draw(dates.filter(lambda e: start.lo <= e.hi))
    return FuzzySpan(start=start, end=end)


def refinements(date: FuzzyDate) -> st.SearchStrategy[pendulum.Date]:
    """The exact days ``date`` may be (an open bound stands for the calendar's end)."""
    return st.integers(date.lo, date.hi).map(_day)


def _natural_year(year: int) -> str:
    """Years below 100 are written with four digits, as ``January 25`` is a day, not a year."""
    return str(year) if year >= 100 else f"{year:04d}"


def _year_text(year: int) -> KnownText:
    return str(year), pendulum.Date(year, 1, 1), pendulum.Date(year, 12, 31)


@st.composite
def _month_texts(draw: st.DrawFn, year: int) -> KnownText:
    month = draw(st.integers(1, 12))
    name = draw(st.sampled_from([_MONTHS[month - 1], _ABBREVIATIONS[month - 1]]))
    text = draw(st.sampled_from([f"{name} {_natural_year(year)}", f"{year:04d}-{month:02d}"]))
    return text, pendulum.Date(year, month, 1), pendulum.Date(year, month, _last(year, month))


@st.composite
def _day_texts(draw: st.DrawFn, year: int) -> KnownText:
    month = draw(st.integers(1, 12))
    day = draw(st.integers(1, _last(year, month)))
    name = draw(st.sampled_from([_MONTHS[month - 1], _ABBREVIATIONS[month - 1]]))
    forms = [
        f"{day} {name} {_natural_year(year)}",
        f"{name} {day}, {_natural_year(year)}",
        f"{year:04d}-{month:02d}-{day:02d}",
        f"{year:04d}-{month:02d}-{day:02d}T12:30:00Z",
    ]
    exact = pendulum.Date(year, month, day)
    return draw(st.sampled_from(forms)), exact, exact


@st.composite
def _decade_texts(draw: st.DrawFn, year: int) -> KnownText:
    first = year - year % 10
    if first < 10 or first > 9990:
        return _year_text(year)
    part, (a, b) = draw(st.sampled_from(_DECADE_PARTS))
    forms = [f"{part}{first}s"] + ([f"{first // 10:03d}X"] if not part else [])
    text = draw(st.sampled_from(forms))
    return text, pendulum.Date(first + a, 1, 1), pendulum.Date(first + b, 12, 31)


def _relation(kind: str) -> Callable[[KnownText], DateText]:
    def apply(item: KnownText) -> DateText:
        text, lo, hi = item
        if kind == "before":
            return f"before {text}", None, lo.subtract(days=1)
        if kind == "after":
            return f"after {text}", hi.add(days=1), None
        if kind == "by":
            return f"by {text}", None, hi
        return f"{kind} {text}", lo, hi

    return apply


def _approximate_year(year: int, word: str) -> KnownText:
    return f"{word} {year}", pendulum.Date(year - 1, 1, 1), pendulum.Date(year + 1, 12, 31)


@st.composite
def _edtf_qualified(draw: st.DrawFn, year: int) -> DateText:
    month = draw(st.integers(1, 12))
    mark, steps = draw(st.sampled_from([("~", 1), ("?", 1), ("%", 2)]))
    if draw(st.booleans()):
        return (
            f"{year:04d}{mark}",
            pendulum.Date(year - steps, 1, 1),
            pendulum.Date(year + steps, 12, 31),
        )
    first = pendulum.Date(year, month, 1).subtract(months=steps)
    last = pendulum.Date(year, month, 1).add(months=steps)
    return (
        f"{year:04d}-{month:02d}{mark}",
        first,
        pendulum.Date(last.year, last.month, _last(last.year, last.month)),
    )


@st.composite
def _edtf_unspecified(draw: st.DrawFn, year: int) -> KnownText:
    """Seasons (python-edtf's months: winter is December) and X digits."""
    season, (first, last) = draw(
        st.sampled_from([(21, (3, 5)), (22, (6, 8)), (23, (9, 11)), (24, (12, 12))])
    )
    month = draw(st.integers(1, 12))
    forms: list[KnownText] = [
        (
            f"{year:04d}-{season}",
            pendulum.Date(year, first, 1),
            pendulum.Date(year, last, _last(year, last)),
        ),
        (
            f"{year:04d}-{month:02d}-XX",
            pendulum.Date(year, month, 1),
            pendulum.Date(year, month, _last(year, month)),
        ),
        (f"{year:04d}-XX-XX", pendulum.Date(year, 1, 1), pendulum.Date(year, 12, 31)),
    ]
    if year >= 1000:
        century = year - year % 100
        forms.append(
            (
                f"{century // 100:02d}XX",
                pendulum.Date(century, 1, 1),
                pendulum.Date(century + 99, 12, 31),
            )
        )
    return draw(st.sampled_from(forms))


@st.composite
def _edtf_sets(draw: st.DrawFn, year: int) -> DateText:
    other = draw(st.integers(year, min(year + 20, 9997)))
    form = draw(st.sampled_from(["before", "after", "pair", "range"]))
    if form == "before":
        return f"[..{year:04d}]", None, pendulum.Date(year, 12, 31)
    if form == "after":
        return f"[{year:04d}..]", pendulum.Date(year, 1, 1), None
    separator = "," if form == "pair" else ".."
    return (
        f"[{year:04d}{separator}{other:04d}]",
        pendulum.Date(year, 1, 1),
        pendulum.Date(other, 12, 31),
    )


@st.composite
def date_texts(draw: st.DrawFn, *, min_year: int = 3, max_year: int = 9997) -> DateText:
    """``(text, earliest, latest)``: a date text in any supported form and its bounds.

    Years stay within ``min_year..max_year`` (default 3..9997, so widening and "before" /
    "after" never leave the calendar). Table quotes and surrounding blanks are added at times.
    """
    year = draw(st.integers(max(min_year, 3), min(max_year, 9997)))
    plain = st.one_of(
        st.just(_year_text(year)),
        _month_texts(year),
        _day_texts(year),
    )
    item = draw(
        st.one_of(
            plain,
            _decade_texts(year),
            plain.map(_relation("before")),
            plain.map(_relation("after")),
            plain.map(_relation("by")),
            plain.map(_relation("in")),
            plain.map(_relation("as of")),
            st.sampled_from(["c.", "ca.", "circa", "about"]).map(
                lambda word: _approximate_year(year, word)
            ),
            _edtf_qualified(year),
            _edtf_unspecified(year),
            _edtf_sets(year),
            st.just(("", None, None)),
            st.just(("unknown", None, None)),
        )
    )
    text, lo, hi = item
    if draw(st.integers(0, 4)) == 0:
        text = f'"{text}"'
    if draw(st.integers(0, 4)) == 0:
        text = f"  {text} "
    return text, lo, hi
