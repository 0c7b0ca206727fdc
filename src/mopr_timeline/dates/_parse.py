"""``parse_date`` and ``parse_span``: the public readers for every supported date text."""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

from mopr_timeline.dates._bounds import Bounds
from mopr_timeline.dates._calendar import check_day, day_bounds
from mopr_timeline.dates._edtf_read import read_edtf_date
from mopr_timeline.dates._errors import DateParseError, MissingYearError
from mopr_timeline.dates._fuzzy import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.dates._natural import read_phrase

__all__ = ["parse_date", "parse_span"]

_QUOTES = {'"': '"', "'": "'", "“": "”", "‘": "’", "«": "»", "„": "“"}
_WIDE_DASH = re.compile(r"\s*[–—]\s*")
_HYPHEN = re.compile(r"\s*-\s*")
_WORD_RANGE = re.compile(r"\s+(?:to|until|till|through)\s+", re.IGNORECASE)
_FROM = re.compile(r"(?:from|between)\s+", re.IGNORECASE)
_AND = re.compile(r"\s+and\s+", re.IGNORECASE)
_DAY_ONLY = re.compile(r"[0-9]{1,2}")
_DAY_YEAR = re.compile(r"([0-9]{1,2}),?\s+([0-9]{1,4})")
_LETTER = re.compile(r"[^\W\d_]")
_MAX_LENGTH = 200
_OPEN = Bounds(None, None, Precision.UNKNOWN, Qualifier.UNKNOWN)


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


def parse_date(text: str, *, year: int | None = None) -> FuzzyDate:
    """Read one fuzzy day from English date phrases (``Aug. 1925``, ``before 1933``) or EDTF.

    ``year`` supplies the year when the text has none (``June`` in a table whose Year column
    says 1923). Raises ``DateParseError`` naming the text, the position and what was expected.
    """
    text = _check_text(text)
    start, end = _strip(text, 0, len(text))
    return read_phrase(text, start, end, _check_year_argument(text, year)).to_date(text)


def parse_span(text: str, *, year: int | None = None) -> FuzzySpan:
    """Read something that lasts: ``1922–1925``, ``March 24-April 5``, ``1925/1927``, ``../1932``.

    En and em dashes, hyphens, ``to``/``until`` and EDTF's ``/`` separate start and end. A
    bare day after the dash (``July 14–16``) takes the start's month and year, and a year after
    that day (``July 14–16, 1924``) is the year of both; a start with no year takes the end's.
    ``from X`` alone has an open end; any other text with no separator is a span within that
    one date.
    """
    text = _check_text(text)
    y = _check_year_argument(text, year)
    start, end = _strip(text, 0, len(text))
    if "/" in text[start:end]:
        return _interval(text, start, end)
    m = _FROM.match(text, start, end)
    if m is not None:
        start = m.end()
    cuts = [*_WIDE_DASH.finditer(text, start, end), *_WORD_RANGE.finditer(text, start, end)]
    if m is not None and m[0].lower().startswith("between"):
        cuts += _AND.finditer(text, start, end)
    if len(cuts) == 1:
        return _span_at(text, start, end, cuts[0], y)
    if cuts:
        raise DateParseError(text, "expected one separator between start and end", cuts[1].start())
    if m is not None and m[0].lower().startswith("from"):
        begun = read_phrase(text, start, end, y).to_date(text[start:end])
        return FuzzySpan(start=begun, end=_OPEN.to_date(""), text=text)
    hyphens = list(_HYPHEN.finditer(text, start, end))
    if hyphens and _LETTER.search(text, start, end):
        return _split_at_a_hyphen(text, start, end, hyphens, y)
    try:
        whole = read_phrase(text, start, end, y)
    except DateParseError:
        if not hyphens:
            raise
        return _split_at_a_hyphen(text, start, end, hyphens, y)
    date = whole.to_date(text)
    return FuzzySpan(start=date, end=date, text=text)


def _split_at_a_hyphen(
    text: str, start: int, end: int, hyphens: list[re.Match[str]], year: int | None
) -> FuzzySpan:
    """The span from the first hyphen with a date on both sides, or the whole text as one."""
    for cut in hyphens:
        try:
            return _span_at(text, start, end, cut, year)
        except DateParseError:
            continue
    date = read_phrase(text, start, end, year).to_date(text)
    return FuzzySpan(start=date, end=date, text=text)


def _span_at(text: str, start: int, end: int, cut: re.Match[str], year: int | None) -> FuzzySpan:
    a0, a1 = _strip(text, start, cut.start())
    b0, b1 = _strip(text, cut.end(), end)
    if a0 >= a1 or b0 >= b1:
        raise DateParseError(text, "expected a date on both sides of the separator", cut.start())
    right_year = year
    day_year = _DAY_YEAR.fullmatch(text, b0, b1)
    if _DAY_ONLY.fullmatch(text, b0, b1):
        left = read_phrase(text, a0, a1, year)
        right = _day_after(text, left, b0, b1)
    elif day_year is not None:
        left = read_phrase(text, a0, a1, int(day_year[2]))
        right = _day_after(text, left, day_year.start(1), day_year.end(1))
    else:
        right = read_phrase(text, b0, b1, year)
        if right.hi is not None and year is None:
            right_year = _dt.date.fromordinal(right.hi).year
        try:
            left = read_phrase(text, a0, a1, year)
        except MissingYearError:
            if right_year is None:
                raise
            left = read_phrase(text, a0, a1, right_year)
    return FuzzySpan(start=left.to_date(text[a0:a1]), end=right.to_date(text[b0:b1]), text=text)


def _day_after(text: str, left: Bounds, b0: int, b1: int) -> Bounds:
    """``16`` in ``July 14–16``: that day of the start's month and year."""
    if left.precision is not Precision.DAY or left.lo is None:
        raise DateParseError(text, "a bare day needs a start with a day, as in July 14-16", b0)
    first = _dt.date.fromordinal(left.lo)
    day = check_day(text, first.year, first.month, int(text[b0:b1]), b0)
    lo, hi = day_bounds(first.year, first.month, day)
    return Bounds(lo, hi, Precision.DAY)


def _interval(text: str, start: int, end: int) -> FuzzySpan:
    """EDTF ``start/end``; ``..`` or nothing on a side is an open (unknown) end."""
    cut = text.index("/", start, end)
    if "/" in text[cut + 1 : end]:
        raise DateParseError(text, "an EDTF interval has one '/'", text.index("/", cut + 1, end))
    sides = []
    for s0, s1 in (_strip(text, start, cut), _strip(text, cut + 1, end)):
        if text[s0:s1] in ("", ".."):
            sides.append(_OPEN.to_date(text[s0:s1]))
        elif text[s0] in "[{":
            raise DateParseError(text, "an EDTF interval's ends are dates, not sets", s0)
        else:
            sides.append(read_edtf_date(text, s0, s1).to_date(text[s0:s1]))
    return FuzzySpan(start=sides[0], end=sides[1], text=text)
