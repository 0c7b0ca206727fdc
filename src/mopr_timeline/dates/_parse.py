"""``parse_date``, ``parse_span`` and ``parse_edtf``: the public readers of date texts.

``parse_date`` and ``parse_span`` read English phrases and EDTF; ``parse_edtf`` reads strict
EDTF only. A range (``1922–1925``, ``1851-52``, ``between 1925 and 1927``) is a span for
``parse_span`` and one day somewhere from its start to its end for ``parse_date``.

``YYYY-NN`` with a hyphen, where NN (13 to 99) is a later year of the same century, is
read as the abbreviated range it is in historians' texts (``1851-52``); when NN is also an
EDTF season code (21 to 41, as in ``1918-21``, spring 1918) the text has both readings, and
the result covers both and is marked ambiguous. ``YYYY-MM`` with a month 01-12 is that month.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from typing import Any, cast

from mopr_timeline.dates._alternatives import read_alternatives
from mopr_timeline.dates._bounds import Bounds, hull
from mopr_timeline.dates._calendar import check_day, check_year, day_bounds, year_bounds
from mopr_timeline.dates._edtf_read import SEASON_MONTHS, read_edtf_date, read_edtf_set
from mopr_timeline.dates._errors import (
    BackwardsSpanError,
    DateParseError,
    MissingYearError,
    NoSuchDayError,
)
from mopr_timeline.dates._fuzzy import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.dates._julian import (
    WRITTEN,
    Calendar,
    calendar_argument,
    calendar_in,
    chosen_calendar,
    in_calendar,
    julian_leap_day,
    leap_day_ordinal,
    may_have_mark,
)
from mopr_timeline.dates._natural import Order, read_phrase, short_end_year
from mopr_timeline.dates._periods import Period, read_period

__all__ = ["parse_date", "parse_edtf", "parse_span"]

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“", "(": ")"}
_WIDE_DASH = re.compile(r"\s*[–—]\s*")
_HYPHEN = re.compile(r"\s*-\s*")
_WORD_RANGE = re.compile(r"\s+(?:to|until|till|through)\s+", re.IGNORECASE)
_FROM = re.compile(r"(?:from|between)\s+", re.IGNORECASE)
_UNTIL = re.compile(r"(?:until|till)\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_SEPARATOR = re.compile(r"[–—-]|\s(?:to|until|till|through|and|or)\s", re.IGNORECASE)
_SHORT_END = re.compile(r"[0-9]{1,2}[?~%]*")
_SHORT_DECADE = re.compile(r"(?P<tens>[0-9])0'?s", re.IGNORECASE)
_BARE_DAY = re.compile(r"\d{1,2}")
"""A day of the month written alone, before a range's end that has its month and year."""
_DAY_YEAR = re.compile(r"([0-9]{1,2}),?\s+([0-9]{1,4})")
_TRAILING_YEAR = re.compile(r"(?<![0-9])[0-9]{4}\Z")
_TRAILING_DECADE = re.compile(r"(?<![0-9])(?P<century>[0-9]{2})[0-9]0'?s\Z", re.IGNORECASE)
_YEAR_HYPHEN_YEAR = re.compile(r"[0-9]{4}-[0-9]{2}")
_SLASHED = re.compile(r"(?<![0-9/.-])[0-9]{1,2}[/.](?:[0-9]{1,2}[/.])?[0-9]{4}(?![0-9/])")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_LENGTH = 200
_OPEN = Bounds(None, None, Precision.UNKNOWN, Qualifier.UNKNOWN)
_COARSENESS = {
    precision: rank
    for rank, precision in enumerate(
        (
            *(Precision.DAY, Precision.MONTH, Precision.SEASON, Precision.YEAR),
            *(Precision.DECADE, Precision.CENTURY, Precision.MILLENNIUM, Precision.SET),
            Precision.UNKNOWN,
        )
    )
}

Pair = tuple[Bounds, str, Bounds, str]
"""A span as read: its start's bounds and text, its end's bounds and text."""


def _check_text(text: Any) -> str:
    if type(text) is str and len(text) <= _MAX_LENGTH:
        return text
    if not isinstance(text, str):
        raise DateParseError(repr(text), f"expected a text (str), not {type(text).__name__}")
    if len(text) > _MAX_LENGTH:
        raise DateParseError(
            text[:40] + "...", f"a date text is at most {_MAX_LENGTH} characters, not {len(text)}"
        )
    return text


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    """Bounds of ``text[start:end]`` without surrounding blanks and one pair of quotes."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end - start >= 2 and _QUOTES.get(text[start]) == text[end - 1]:
        return _strip(text, start + 1, end - 1)
    return start, end


def _check_year_argument(text: str, year: object) -> int | None:
    if year is None:
        return None
    if isinstance(year, bool) or not isinstance(year, int):
        raise DateParseError(text, f"year= must be an int, not {type(year).__name__}")
    return year


def _check_order(text: str, order: object) -> Order:
    if order is None:
        return None
    if order == "dmy" or order == "mdy":
        return cast(Order, order)
    raise DateParseError(text, f"order= is 'dmy' (day first) or 'mdy' (month first), not {order!r}")


def parse_date(
    text: str,
    *,
    year: int | None = None,
    order: Order = None,
    calendar: str | None = None,
    periods: Iterable[Period] = (),
) -> FuzzyDate:
    """Read one fuzzy day from English date phrases (``Aug. 1925``, ``before 1933``) or EDTF.

    ``year`` supplies the year when the text has none (``June`` in a table whose Year column
    says 1923). ``order`` (``"dmy"`` or ``"mdy"``) says how a numeric date such as
    ``10/7/2008`` is read; without it both readings are covered. A range is one day
    somewhere from its start to its end. ``calendar`` (``"gregorian"``, ``"julian"``,
    ``"unstated"``) is the calendar of a text that does not mark its own (``25 October 1917
    O.S.``, ``7 November 1917 N.S.``, ``1917-10-25 (Julian)``); bounds are Gregorian days, and
    the text keeps its calendar (``(Julian)`` is added to one that did not say it). Raises
    ``DateParseError`` naming the text, the position and what was expected. ``periods`` are
    named periods a text may name (``during the Spanish Civil War``): such a text is one day
    within the period.
    """
    text = _check_text(text)
    if periods:
        named = read_period(text, periods)
        if named is not None:
            return named
    start, end = _strip(text, 0, len(text))
    y = None if year is None else _check_year_argument(text, year)
    o = None if order is None else _check_order(text, order)
    if calendar is None and not may_have_mark(text, end):
        return read_date(text, start, end, y, o).to_date(text)
    return _in_calendar(text, start, end, y, o, calendar).to_date(_kept(text, calendar))


def _kept(text: str, calendar: object) -> str:
    """The text a date read with ``calendar=`` keeps: with its calendar said, when the text
    does not say it."""
    asked = calendar_argument(text, calendar)
    if asked in WRITTEN and calendar_in(text, *_strip(text, 0, len(text)))[1] is None:
        return text + WRITTEN[asked]
    return text


def _in_calendar(
    text: str, start: int, end: int, year: int | None, order: Order, calendar: object
) -> Bounds:
    """The date in ``text[start:end]`` read in its calendar (its mark, or ``calendar``)."""
    asked = calendar_argument(text, calendar)
    stop, marked = calendar_in(text, start, end)
    chosen = chosen_calendar(text, marked, asked, stop)
    start, stop = _strip(text, start, stop)
    if chosen is Calendar.GREGORIAN:
        return read_date(text, start, stop, year, order)
    try:
        labels = read_date(text, start, stop, year, order)
    except DateParseError:
        leap = julian_leap_day(text, start, stop)
        if leap is None:
            raise
        day = leap_day_ordinal(read_date(leap[0], start, stop, year, order))
        if day is None:
            raise
        return day  # a day only the Julian calendar has: its one reading
    return in_calendar(text, labels, chosen, whole_days=labels.precision is Precision.DAY)


def parse_span(
    text: str, *, year: int | None = None, order: Order = None, calendar: str | None = None
) -> FuzzySpan:
    """Read something that lasts: ``1922–1925``, ``March 24-April 5``, ``1925/1927``, ``../1932``.

    En and em dashes, hyphens, ``to``/``until`` and EDTF's ``/`` separate start and end. A
    bare day after the dash (``July 14–16``) takes the start's month and year, and a year after
    that day (``July 14–16, 1924``) is the year of both; two digits after a year
    (``1851-52``) are a later year of its century; a start with no year takes the end's.
    ``from X`` alone has an open end, ``until X`` alone an open start; any other text with
    no separator is a span within that one date. An EDTF interval (``/``) is read as strict
    EDTF on both sides. ``calendar`` is as for ``parse_date``; a mark at the end (``O.S.``)
    applies to both ends.
    """
    text = _check_text(text)
    y = _check_year_argument(text, year)
    o = _check_order(text, order)
    start, end = _strip(text, 0, len(text))
    chosen = Calendar.GREGORIAN
    if calendar is not None or may_have_mark(text, end):
        asked = calendar_argument(text, calendar)
        stop, marked = calendar_in(text, start, end)
        chosen = chosen_calendar(text, marked, asked, stop)
        start, end = _strip(text, start, stop)
    if (
        "/" in text[start:end]
        and _SLASHED.search(text, start, end) is None
        and not text[start].isalpha()
    ):
        first, first_text, last, last_text = _interval(text, start, end)
    else:
        first, first_text, last, last_text = read_pair(text, start, end, y, o, open_end=True)
    if chosen is not Calendar.GREGORIAN:
        mark = WRITTEN[chosen]
        day = Precision.DAY
        first = in_calendar(text, first, chosen, whole_days=first.precision is day)
        last = in_calendar(text, last, chosen, whole_days=last.precision is day)
        first_text, last_text = first_text + mark, last_text + mark
        text = _kept(text, calendar)
    return FuzzySpan(start=first.to_date(first_text), end=last.to_date(last_text), text=text)


def parse_edtf(text: str) -> FuzzyDate:
    """Read one date in strict EDTF (levels 0 and 1, level 2's sets and qualified components).

    Unlike ``parse_date`` nothing but EDTF is read: ``1918-21`` is spring 1918, ``1800s`` is
    an error. Surrounding blanks are ignored. Every ``to_edtf()`` reads back to its bounds.
    An interval (``1925/1927``) is read by ``parse_span``, whose ``/`` sides are strict EDTF.
    """
    text = _check_text(text)
    start, end = 0, len(text)
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start >= end:
        raise DateParseError(
            text, "expected an EDTF date such as 1925, 1925-08, 1925-08-15, 192X or 1925~", start
        )
    if text[start] in "[{":
        return read_edtf_set(text, start, end).to_date(text)
    return read_edtf_date(text, start, end).to_date(text)


def read_date(text: str, start: int, end: int, year: int | None, order: Order) -> Bounds:
    """The bounds of ``text[start:end]`` read as one day (see ``parse_date``)."""
    if (
        end - start >= 7
        and (text[end - 3] == "-" or text[end - 1] in "?~%")
        and _abbreviated(text, start, end) is not None
    ):
        if end - start == 7:
            return _bare_abbreviated(text, start)
        first, _, last, _ = read_pair(text, start, end, year, order, open_end=False)
        return first if first is last else _joined(first, last)
    try:
        return read_phrase(text, start, end, year, order)
    except DateParseError as error:
        if text[start] == "[" and text[end - 1] == "]" and end - start > 2:
            try:  # a cataloguer's supplied range: [between 1906 and 1912]
                return read_date(text, *_strip(text, start + 1, end - 1), year, order)
            except DateParseError:
                raise error from None
        if _SEPARATOR.search(text, start, end) is None:
            raise
        return _range_date(text, start, end, year, order, error)


def _range_date(
    text: str, start: int, end: int, year: int | None, order: Order, error: DateParseError
) -> Bounds:
    """``1922–1925`` or ``1863 or 1864`` as one day: the earliest day of the first to the
    latest day of the last (``or``: see ``read_alternatives``)."""
    try:
        either = read_alternatives(text, start, end, year, order)
    except DateParseError:
        raise error from None
    if either is not None:
        return either
    try:
        first, _, last, _ = read_pair(text, start, end, year, order, open_end=False)
    except (BackwardsSpanError, MissingYearError):
        raise
    except NoSuchDayError as side:  # says more than the whole text's failure
        raise side from None
    except DateParseError:
        raise error from None
    return first if first is last else _joined(first, last)


def _coarser(a: Precision, b: Precision) -> Precision:
    return a if _COARSENESS[a] >= _COARSENESS[b] else b


def _joined(first: Bounds, last: Bounds) -> Bounds:
    """One day from ``first``'s earliest day to ``last``'s latest."""
    return Bounds(
        first.lo,
        last.hi,
        _coarser(first.precision, last.precision),
        Qualifier.NONE,
        first.ambiguous or last.ambiguous,
    )


def _abbreviated(text: str, start: int, end: int) -> int | None:
    """The hyphen of ``YYYY-NN`` closing the text (EDTF marks may follow) when NN (13-99) is a
    later year of YYYY's century, else None: such a text is also an abbreviated range."""
    stop = end
    while stop > start and text[stop - 1] in "?~%":
        stop -= 1
    if stop - start < 7 or text[stop - 3] != "-":
        return None
    if _YEAR_HYPHEN_YEAR.match(text, stop - 7, stop) is None:
        return None
    if stop - 7 > start and text[stop - 8].isdigit():
        return None
    later = int(text[stop - 2 : stop])
    if later < 13 or later <= int(text[stop - 5 : stop - 3]):
        return None
    return stop - 3


def _bare_abbreviated(text: str, start: int) -> Bounds:
    """``1851-52`` or ``1918-21`` alone: its years; when NN is an EDTF season code, the
    season (within the first year) is the other reading, and the date is ambiguous."""
    first = check_year(text, int(text[start : start + 4]), start)
    later = int(text[start + 5 : start + 7])
    lo, hi = year_bounds(first, first - first % 100 + later)
    return Bounds(lo, hi, Precision.YEAR, Qualifier.NONE, later in SEASON_MONTHS)


def read_pair(
    text: str, start: int, end: int, year: int | None, order: Order, *, open_end: bool
) -> Pair:
    """Start and end of ``text[start:end]`` (see ``parse_span``); ``open_end`` allows
    ``from X`` alone."""
    until = _UNTIL.match(text, start, end)
    if until is not None and open_end:  # until 1937: an unknown start, the end in 1937
        return _OPEN, "", read_phrase(text, until.end(), end, year, order), text[until.end() : end]
    m = _FROM.match(text, start, end)
    if m is not None:
        start = m.end()
    hyphen = _abbreviated(text, start, end)
    if hyphen is not None:
        return _ambiguous_pair(text, start, end, hyphen, year, order)
    cuts = [*_WIDE_DASH.finditer(text, start, end), *_WORD_RANGE.finditer(text, start, end)]
    if m is not None and m[0].lower().startswith("between"):
        cuts += _AND.finditer(text, start, end)
    if len(cuts) == 1:
        return _pair_or_whole(text, start, end, cuts[0], year, order)
    if cuts:
        raise DateParseError(text, "expected one separator between start and end", cuts[1].start())
    if m is not None and m[0].lower().startswith("from"):
        if not open_end:
            raise DateParseError(
                text, "'from' with no end is a span with an open end: read it with parse_span", 0
            )
        return read_phrase(text, start, end, year, order), text[start:end], _OPEN, ""
    hyphens = list(_HYPHEN.finditer(text, start, end))
    if hyphens and _LETTER.search(text, start, end):
        return _split_at_a_hyphen(text, start, end, hyphens, year, order)
    try:
        whole = read_phrase(text, start, end, year, order)
    except DateParseError:
        if not hyphens:
            raise
        return _split_at_a_hyphen(text, start, end, hyphens, year, order)
    return whole, text, whole, text


def _ambiguous_pair(
    text: str, start: int, end: int, hyphen: int, year: int | None, order: Order
) -> Pair:
    """``1918-21``: the range 1918 to 1921 and, when it reads, the EDTF date (spring 1918)
    as a span within itself; each end covers both readings."""
    ranged: Pair | None = None
    try:
        ranged = _pair_at(text, start, end, hyphen, hyphen + 1, year, order)
    except DateParseError as error:
        failure = error
    try:
        whole: Bounds | None = read_phrase(text, start, end, year, order)
    except DateParseError:
        whole = None
    if ranged is None:
        if whole is None:
            raise failure
        return whole, text, whole, text
    if whole is None:
        return ranged
    first, first_text, last, last_text = ranged
    return hull((first, whole)), first_text, hull((last, whole)), last_text


def _pair_or_whole(
    text: str, start: int, end: int, cut: re.Match[str], year: int | None, order: Order
) -> Pair:
    """The span at the one separator, or, when its sides do not read, the whole as one date
    (``prior to 1925``); a backwards span is an error either way."""
    try:
        return _pair_at(text, start, end, cut.start(), cut.end(), year, order)
    except BackwardsSpanError:
        raise
    except DateParseError as error:
        try:
            whole = read_phrase(text, start, end, year, order)
        except DateParseError:
            raise error from None
        return whole, text, whole, text


def _split_at_a_hyphen(
    text: str, start: int, end: int, hyphens: list[re.Match[str]], year: int | None, order: Order
) -> Pair:
    """The span from the first hyphen with a date on both sides, or the whole text as one.

    When no hyphen gives a span and the whole is no date, a hyphen whose sides read but run
    backwards (``1930-1920``) is the error reported.
    """
    backwards: BackwardsSpanError | None = None
    for cut in hyphens:
        try:
            return _pair_at(text, start, end, cut.start(), cut.end(), year, order)
        except BackwardsSpanError as error:
            backwards = backwards or error
        except DateParseError:
            continue
    try:
        whole = read_phrase(text, start, end, year, order)
    except DateParseError:
        if backwards is not None:
            raise backwards from None
        raise
    return whole, text, whole, text


def _pair_at(
    text: str, start: int, end: int, cut_start: int, cut_end: int, year: int | None, order: Order
) -> Pair:
    a0, a1 = _strip(text, start, cut_start)
    b0, b1 = _strip(text, cut_end, end)
    if a0 >= a1 or b0 >= b1:
        raise DateParseError(text, "expected a date on both sides of the separator", cut_start)
    right_year = year
    day_year = _DAY_YEAR.fullmatch(text, b0, b1)
    if _SHORT_END.fullmatch(text, b0, b1):
        left = read_phrase(text, a0, a1, year, order)
        right = _short_end(text, left, a0, a1, b0, b1)
    elif day_year is not None:
        left = read_phrase(text, a0, a1, int(day_year[2]), order)
        right = _day_after(text, left, day_year.start(1), day_year.end(1))
    elif _SHORT_DECADE.fullmatch(text, b0, b1) and _TRAILING_DECADE.search(text, a0, a1):
        left = read_phrase(text, a0, a1, year, order)
        right = _short_decade(text, a0, a1, b0, b1)
    else:
        try:
            right = read_phrase(text, b0, b1, year, order)
        except MissingYearError:  # 1975 March-August: the end takes the start's year
            left = read_phrase(text, a0, a1, year, order)
            if left.lo is None:
                raise
            right = read_phrase(text, b0, b1, _dt.date.fromordinal(left.lo).year, order)
        else:
            if right.hi is not None and year is None:
                right_year = _dt.date.fromordinal(right.hi).year
            if _BARE_DAY.fullmatch(text, a0, a1) and right.precision is Precision.DAY:
                left = _day_before(text, right, a0, a1)  # 1-3 March 1925: a day of its month
            else:
                try:
                    left = read_phrase(text, a0, a1, year, order)
                except MissingYearError:
                    if right_year is None:
                        raise
                    left = read_phrase(text, a0, a1, right_year, order)
    if left.lo is not None and right.hi is not None and left.lo > right.hi:
        raise BackwardsSpanError(
            text,
            f"the span runs backwards: its end {text[b0:b1]!r} ({_shown(right)}) comes before "
            f"its start {text[a0:a1]!r} ({_shown(left)})",
            b0,
        )
    return left, text[a0:a1], right, text[b0:b1]


def _shown(bounds: Bounds) -> str:
    lo = "" if bounds.lo is None else _dt.date.fromordinal(bounds.lo).isoformat()
    hi = "" if bounds.hi is None else _dt.date.fromordinal(bounds.hi).isoformat()
    return f"{lo}..{hi}"


def _short_end(text: str, left: Bounds, a0: int, a1: int, b0: int, b1: int) -> Bounds:
    """``16`` in ``July 14–16`` (a day of the start's month), ``52`` in ``1851-52`` (a later
    year of the start's century), or ``26`` in ``25-26`` (a year, after a start year written
    with fewer than four digits)."""
    if left.precision is Precision.DAY and text[b1 - 1].isdigit():
        return _day_after(text, left, b0, b1)
    start_year = _TRAILING_YEAR.search(text, a0, a1)
    if left.precision is Precision.YEAR and start_year is not None:
        later = short_end_year(text, int(start_year[0]), b0, b1)
        if later is not None:
            return later
    elif left.precision is Precision.YEAR and text[a1 - 1].isdigit():
        return read_phrase(text, b0, b1, None)  # a start year of one to three digits: 25-26
    raise DateParseError(
        text,
        f"{text[b0:b1]!r} after the start is neither a later year of its century written with "
        "two digits (as in 1851-52) nor a day of its month (a bare day needs a start with a "
        "day, as in July 14-16)",
        b0,
    )


def _short_decade(text: str, a0: int, a1: int, b0: int, b1: int) -> Bounds:
    """``70s`` in ``1860s-70s``: a decade of the start's century."""
    century = _TRAILING_DECADE.search(text, a0, a1)
    tens = _SHORT_DECADE.fullmatch(text, b0, b1)
    assert century is not None
    assert tens is not None
    first = int(century["century"]) * 100 + int(tens["tens"]) * 10
    return read_phrase(f"{first}s", 0, len(f"{first}s"), None)


def _day_after(text: str, left: Bounds, b0: int, b1: int) -> Bounds:
    """``16`` in ``July 14–16``: that day of the start's month and year."""
    if left.precision is not Precision.DAY or left.lo is None:
        raise DateParseError(text, "a bare day needs a start with a day, as in July 14-16", b0)
    first = _dt.date.fromordinal(left.lo)
    day = check_day(text, first.year, first.month, int(text[b0:b1]), b0)
    lo, hi = day_bounds(first.year, first.month, day)
    return Bounds(lo, hi, Precision.DAY)


def _day_before(text: str, right: Bounds, a0: int, a1: int) -> Bounds:
    """``1`` in ``1-3 March 1925`` or ``between 1 and 3 March 1925``: that day of the end's
    month and year (a bare number before a day is a day, not the year 1)."""
    assert right.lo is not None
    last = _dt.date.fromordinal(right.lo)
    day = check_day(text, last.year, last.month, int(text[a0:a1]), a0)
    lo, hi = day_bounds(last.year, last.month, day)
    return Bounds(lo, hi, Precision.DAY)


def _interval(text: str, start: int, end: int) -> Pair:
    """EDTF ``start/end``; ``..`` or nothing on a side is an open (unknown) end."""
    cut = text.index("/", start, end)
    if "/" in text[cut + 1 : end]:
        raise DateParseError(text, "an EDTF interval has one '/'", text.index("/", cut + 1, end))
    sides: list[tuple[Bounds, str]] = []
    for s0, s1 in (_strip(text, start, cut), _strip(text, cut + 1, end)):
        if text[s0:s1] in ("", ".."):
            sides.append((_OPEN, text[s0:s1]))
        elif text[s0] in "[{":
            raise DateParseError(text, "an EDTF interval's ends are dates, not sets", s0)
        else:
            sides.append((read_edtf_date(text, s0, s1), text[s0:s1]))
    (first, first_text), (last, last_text) = sides
    if first.lo is not None and last.hi is not None and first.lo > last.hi:
        raise DateParseError(
            text,
            f"the span cannot end ({_shown(last)}) before it starts ({_shown(first)})",
            cut,
        )
    return first, first_text, last, last_text
