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
    ("", (0, 9), (0, 99)),
    ("early ", (0, 3), (0, 33)),
    ("mid-", (4, 6), (34, 66)),
    ("late ", (7, 9), (67, 99)),
    ("towards the end of the ", (7, 9), (67, 99)),
)
"""A part of a decade: its years in the decade, and in the hundred years (``early 1800s`` is
also the first third of 1800-1899, so its bounds run from the earlier to the later year)."""


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
    part, (a, b), (c, d) = draw(st.sampled_from(_DECADE_PARTS))
    forms = [f"{part}{first}s"] + ([f"{first // 10:03d}X"] if not part else [])
    text = draw(st.sampled_from(forms))
    if first % 100 == 0 and text.endswith("s"):
        a, b = min(a, c), max(b, min(d, 9999 - first))
    return text, pendulum.Date(first + a, 1, 1), pendulum.Date(first + b, 12, 31)


def _relation(kind: str) -> Callable[[KnownText], DateText]:
    def apply(item: KnownText) -> DateText:
        text, lo, hi = item
        if kind in ("before", "earlier than"):
            return f"{kind} {text}", None, lo.subtract(days=1)
        if kind in ("after", "later than"):
            return f"{kind} {text}", hi.add(days=1), None
        if kind in ("by", "not after", "until"):
            return f"{kind} {text}", None, hi
        if kind in ("from", "not before", "no earlier than"):
            return f"{kind} {text}", lo, None
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


def _season_code(year: int, season: int, first: int, last: int) -> KnownText:
    """``1925-21``: that season of the year (python-edtf's months: winter is December), or,
    when the code is also a later year of the century (``1918-21``), the hull of the season
    and the range of years: 1918 to 1921."""
    later = year - year % 100 + season
    if season > year % 100:
        return f"{year:04d}-{season}", pendulum.Date(year, 1, 1), pendulum.Date(later, 12, 31)
    return (
        f"{year:04d}-{season}",
        pendulum.Date(year, first, 1),
        pendulum.Date(year, last, _last(year, last)),
    )


@st.composite
def _edtf_unspecified(draw: st.DrawFn, year: int) -> KnownText:
    """Seasons and X digits."""
    season, (first, last) = draw(
        st.sampled_from([(21, (3, 5)), (22, (6, 8)), (23, (9, 11)), (24, (12, 12))])
    )
    month = draw(st.integers(1, 12))
    forms: list[KnownText] = [
        _season_code(year, season, first, last),
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


_CENTURY_WORDS = (
    *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth"),
    *("tenth", "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth"),
    *("seventeenth", "eighteenth", "nineteenth", "twentieth", "twenty-first"),
)


def _nth(number: int) -> str:
    if number % 100 in (11, 12, 13):
        return f"{number}th"
    return f"{number}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(number % 10, 'th') }"


@st.composite
def _centuries(draw: st.DrawFn, year: int) -> KnownText:
    """The Nth century: 1 January of (N-1)00 (its common reading) to 31 December of N00 (its
    strict one), within years 1..9999; a part of it the hull of that part of both readings."""
    number = year // 100 + 1
    name = _nth(number)
    forms = [f"the {name} century", f"{name} century", f"{number}c", f"{name}-century"]
    if number <= len(_CENTURY_WORDS):
        forms.append(f"the {_CENTURY_WORDS[number - 1]} century")
    if number <= 21:
        forms.append(f"{name} century AD")
    text = draw(st.sampled_from(forms))
    common, strict = (number - 1) * 100, (number - 1) * 100 + 1
    part = draw(st.sampled_from(["", "early ", "mid-", "late ", "first half of the "]))
    a, b = {"": (0, 99), "early ": (0, 33), "mid-": (34, 66), "late ": (67, 99)}.get(part, (0, 49))
    text = text.removeprefix("the ") if part else text
    first = max(common + a, 1)
    last = min(strict + b, 9999)
    return f"{part}{text}", pendulum.Date(first, 1, 1), pendulum.Date(last, 12, 31)


def _hundreds(year: int) -> KnownText:
    """``1800s``: the hundred years 1800-1899 (which hold the decade 1800-1809)."""
    first = max(year - year % 100, 100)
    return f"{first}s", pendulum.Date(first, 1, 1), pendulum.Date(min(first + 99, 9999), 12, 31)


@st.composite
def _abbreviated_ranges(draw: st.DrawFn, year: int) -> KnownText:
    """``1851-52``, ``1918-21``, ``1910–30``: the years from the first to the later year of
    its century (an EDTF season such as 1918-21's spring 1918 lies within them)."""
    if year % 100 >= 98 or year < 1000:
        return _year_text(year)
    later = draw(st.integers(max(year % 100 + 1, 13), 99))
    dash = draw(st.sampled_from(["-", "–", " - "]))
    end = year - year % 100 + later
    return f"{year}{dash}{later:02d}", pendulum.Date(year, 1, 1), pendulum.Date(end, 12, 31)


@st.composite
def _numeric_days(draw: st.DrawFn, year: int) -> KnownText:
    """``7/2008`` (a month), and ``10/7/2008``: both 10 July and 7 October unless one of
    them is no day."""
    if year < 1000:
        return _year_text(year)
    a, b = draw(st.integers(1, 31)), draw(st.integers(1, 12))
    if draw(st.booleans()):
        a, b = b, a
    if draw(st.integers(0, 3)) == 0:
        return f"{b if b <= 12 else 1}/{year}", *_month_of(year, b if b <= 12 else 1)
    readings = [
        pendulum.Date(year, month, day)
        for day, month in ((a, b), (b, a))
        if month <= 12 and day <= _last(year, month)
    ]
    if not readings:
        return _year_text(year)
    return f"{a}/{b}/{year}", min(readings), max(readings)


def _month_of(year: int, month: int) -> tuple[pendulum.Date, pendulum.Date]:
    return pendulum.Date(year, month, 1), pendulum.Date(year, month, _last(year, month))


@st.composite
def _seasons(draw: st.DrawFn, year: int) -> KnownText:
    """Spring, summer, autumn (fall) in their three months; ``winter 1872`` from December of
    the year before to February of the year after (the winter ending in it or beginning)."""
    name = draw(st.sampled_from(["spring", "summer", "autumn", "fall", "winter"]))
    text = draw(st.sampled_from([f"{name} {year}", f"the {name} of {year}"]))
    text = text[0].upper() + text[1:] if draw(st.booleans()) else text
    if name == "winter" and draw(st.booleans()):
        following = draw(st.sampled_from([f"{(year + 1) % 100:02d}", f"{year + 1:04d}"]))
        if following == "00":  # 1999/00 is no year of the same century
            following = f"{year + 1:04d}"
        text = f"winter {_natural_year(year)}{draw(st.sampled_from(['/', '-']))}{following}"
        return text, pendulum.Date(year, 12, 1), pendulum.Date(year + 1, 2, _last(year + 1, 2))
    if name == "winter":
        return text, pendulum.Date(year - 1, 12, 1), pendulum.Date(year + 1, 2, _last(year + 1, 2))
    first = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9}[name]
    return (
        text,
        pendulum.Date(year, first, 1),
        pendulum.Date(year, first + 2, _last(year, first + 2)),
    )


_YEAR_PARTS = {
    **dict.fromkeys(["early ", "the beginning of ", "beginning of "], (1, 4)),
    **dict.fromkeys(["mid-", "the middle of "], (5, 8)),
    **dict.fromkeys(["late ", "the end of ", "end of ", "towards the end of "], (9, 12)),
    **{"the first half of ": (1, 6), "second half of ": (7, 12)},
    **{"first quarter of ": (1, 3), "the second quarter of ": (4, 6)},
    **{"third quarter of ": (7, 9), "the fourth quarter of ": (10, 12)},
    "the last quarter of ": (10, 12),
}


@st.composite
def _year_parts(draw: st.DrawFn, year: int) -> KnownText:
    """Thirds (early, mid, late: four months each), halves and quarters of a year."""
    part, (first, last) = draw(st.sampled_from(sorted(_YEAR_PARTS.items())))
    return (
        f"{part}{year}",
        pendulum.Date(year, first, 1),
        pendulum.Date(year, last, _last(year, last)),
    )


_MONTH_PARTS = {"early ": (1, 10), "mid-": (11, 20), "mid ": (11, 20), "late ": (21, -1)}


@st.composite
def _month_parts(draw: st.DrawFn, year: int) -> KnownText:
    """Thirds of a month: days 1-10, 11-20 and 21 to its end (``early August 1925``)."""
    part, (first, last) = draw(st.sampled_from(sorted(_MONTH_PARTS.items())))
    month = draw(st.integers(1, 12))
    name = draw(st.sampled_from([_MONTHS[month - 1], _ABBREVIATIONS[month - 1]]))
    end = _last(year, month) if last == -1 else last
    return (
        f"{part}{name} {_natural_year(year)}",
        pendulum.Date(year, month, first),
        pendulum.Date(year, month, end),
    )


@st.composite
def _alternatives(draw: st.DrawFn, year: int) -> KnownText:
    """``1924 or 1925``, ``Aug. or Sept. 1925`` (the first alternative takes the last's
    year): one day from the first's earliest to the last's latest."""
    if year < 9997 and draw(st.booleans()):
        other = draw(st.integers(year + 1, min(year + 3, 9997)))
        return f"{year} or {other}", pendulum.Date(year, 1, 1), pendulum.Date(other, 12, 31)
    month = draw(st.integers(1, 11))
    later = draw(st.integers(month + 1, 12))
    names = [draw(st.sampled_from([_MONTHS[m - 1], _ABBREVIATIONS[m - 1]])) for m in (month, later)]
    return (
        f"{names[0]} or {names[1]} {_natural_year(year)}",
        pendulum.Date(year, month, 1),
        pendulum.Date(year, later, _last(year, later)),
    )


@st.composite
def _hedged_years(draw: st.DrawFn, year: int) -> KnownText:
    """Approximate or uncertain years written as cataloguers do: one year each side; both
    an approximate and an uncertain word: two."""
    one = [
        *(f"c{year}", f"ca{year}", f"c.{year}", f"c {year}", f"ca. {year}", f"approx {year}"),
        *(f"{year} approx", f"{year} approx.", f"{year} approximately", f"around {year}"),
        *(f"roughly {year}", f"~ {year}", f"maybe {year}", f"{year} maybe", f"{year} guess"),
        *(f"{year} (uncertain)", f"uncertain: {year}", f"probably {year}", f"{year}?"),
        *(f"in or about {year}", f"{year} (?)"),
    ]
    two = [f"uncertain: approx {year}", f"maybe c. {year}", f"c. {year}?"]
    if draw(st.integers(0, 4)) == 0:
        text, steps = draw(st.sampled_from(two)), 2
    else:
        text, steps = draw(st.sampled_from(one)), 1
    return text, pendulum.Date(max(year - steps, 1), 1, 1), pendulum.Date(year + steps, 12, 31)


def _year_words(year: int, form: str) -> KnownText:
    return form.format(year), pendulum.Date(year, 1, 1), pendulum.Date(year, 12, 31)


@st.composite
def _year_ranges(draw: st.DrawFn, year: int) -> KnownText:
    """``1922–1925``, ``from 1922 to 1925``, ``between 1922 and 1925``, ``1922 or 1925``:
    one day from the first year's first day to the last year's last."""
    other = draw(st.integers(year, min(year + 30, 9997)))
    form = draw(
        st.sampled_from(["{}–{}", "{}-{}", "{} - {}", "from {} to {}", "between {} and {}"])
    )
    if draw(st.integers(0, 3)) == 0:
        form = "{} or {}"
    return form.format(year, other), pendulum.Date(year, 1, 1), pendulum.Date(other, 12, 31)


@st.composite
def date_texts(draw: st.DrawFn, *, min_year: int = 3, max_year: int = 9997) -> DateText:
    """``(text, earliest, latest)``: a date text in any supported form and its bounds.

    The forms historians and cataloguers write are there too (centuries, ``1800s``,
    ``1851-52``, ``10/7/2008``, seasons (``winter 1926/27``), parts of a year or a month,
    ``c1860``, ``1862 (uncertain)``, ranges read as one day, ``1924 or 1925``, ``Aug. or
    Sept. 1925``, ``not before``, ``not after``, ``until``, ``from``); a text with more than
    one common reading has the bounds that cover them all. Years stay within
    ``min_year..max_year`` (default 3..9997, so widening and "before" / "after" never leave
    the calendar). Table quotes and surrounding blanks are added at times.
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
            plain.map(_relation("not after")),
            plain.map(_relation("until")),
            plain.map(_relation("from")),
            plain.map(_relation("not before")),
            plain.map(_relation("no earlier than")),
            plain.map(_relation("in")),
            plain.map(_relation("as of")),
            plain.map(_relation("earlier than")),
            plain.map(_relation("later than")),
            st.sampled_from(["c.", "ca.", "circa", "about"]).map(
                lambda word: _approximate_year(year, word)
            ),
            _edtf_qualified(year),
            _edtf_unspecified(year),
            _edtf_sets(year),
            _centuries(year),
            st.just(_hundreds(year)),
            _abbreviated_ranges(year),
            _numeric_days(year),
            _seasons(year),
            _year_parts(year),
            _month_parts(year),
            _alternatives(year),
            _hedged_years(year),
            _year_ranges(year),
            st.sampled_from(["the year {}", "{} AD", "AD {}", "{} CE", "a year in {}"]).map(
                lambda form: _year_words(year, form)
            ),
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
