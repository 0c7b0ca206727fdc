"""Reading English date phrases: ``Aug. 1925``, ``21 January 1937``, ``before 1933``, ``c. 1925``.

A phrase is an optional relation (``before``, ``after``, ``by``), an optional hedge (``in``,
``as of``, ``c.``, ``about``), and a core: a natural form read here or an EDTF date.
``before X`` is any day before X's first, ``after X`` any day after X's last, ``by X`` any
day up to X's last; ``in``/``as of`` keep X's bounds, and ``c.``/``about`` widen them by one
unit of X's precision on each side.
"""

from __future__ import annotations

import re

from mopr_timeline.dates._bounds import Bounds
from mopr_timeline.dates._calendar import (
    MONTH_NAMES,
    check_day,
    check_year,
    day_bounds,
    month_bounds,
    year_bounds,
)
from mopr_timeline.dates._edtf_read import looks_like_edtf, read_edtf_date, read_edtf_set
from mopr_timeline.dates._errors import DateParseError, MissingYearError
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL, Precision, Qualifier
from mopr_timeline.dates._widen import widen

__all__ = ["read_phrase"]

_I = re.IGNORECASE | re.VERBOSE
_SEP_YEAR = r"(?:\s*,\s*|\s+)(?P<year>[0-9]+)"
_ORD = r"(?:st|nd|rd|th)?"
_MONTH_FIRST = re.compile(
    rf"(?P<month>[a-z]+)\.?(?:\s*(?P<day>[0-9]{{1,2}}){_ORD})?(?:{_SEP_YEAR})?", _I
)
_DAY_FIRST = re.compile(
    rf"(?P<day>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>[a-z]+)\.?(?:{_SEP_YEAR})?", _I
)
_YEAR = re.compile(r"(?:a\.?d\.?\s*)?(?P<year>[0-9]+)(?:\s*a\.?d\.?)?", _I)
_DECADE = re.compile(
    r"""(?:the\s+)?
    (?:(?P<part>early|mid|late)(?:\s*-\s*|\s+)
      |(?:(?:towards?|at|in)\s+)?the\s+(?P<phrase>beginning|start|middle|end|ends)\s+of\s+(?:the\s+)?
    )?
    (?P<decade>[0-9]{1,3}0)'?s""",
    _I,
)
_CENTURY = re.compile(r"(?:the\s+)?(?P<century>[0-9]{1,2})(?:st|nd|rd|th)\s+century", _I)
_RELATION = re.compile(
    r"(?P<rel>before|after|by|no\s+later\s+than|not\s+later\s+than|prior\s+to)\s+", _I
)
_HEDGE = re.compile(
    r"(?:(?P<same>as\s+of|in|on|during)\s+"
    r"|(?P<approx>circa|about|around|approximately)\s+"
    r"|(?P<abbr>c|ca|approx)\.\s*)",
    _I,
)
_UNKNOWN = frozenset({"", "unknown", "n.d.", "-", "–", "—", "?"})
_LONGEST_UNKNOWN = max(map(len, _UNKNOWN))
_KEYWORDS = frozenset(
    {"before", "after", "by", "in", "on", "as", "of", "during", "c", "ca", "circa", "about"}
    | {"around", "approximately", "approx", "the", "early", "mid", "late", "towards", "toward"}
)
_PART_YEARS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_PHRASE_PART = {
    "beginning": "early",
    "start": "early",
    "middle": "mid",
    "end": "late",
    "ends": "late",
}
_WIDEN_MONTHS = {
    Precision.YEAR: 12,
    Precision.DECADE: 120,
    Precision.CENTURY: 1200,
    Precision.MILLENNIUM: 12000,
    Precision.SEASON: 3,
    Precision.MONTH: 1,
}


def read_phrase(text: str, start: int, end: int, year: int | None) -> Bounds:
    """Read ``text[start:end]`` (already stripped) as a relation, a hedge and a core."""
    if end - start <= _LONGEST_UNKNOWN and text[start:end].lower() in _UNKNOWN:
        return Bounds(None, None, Precision.UNKNOWN, Qualifier.UNKNOWN)
    if not text[start].isalpha():
        return _read_core(text, start, end, year)
    relation = _RELATION.match(text, start, end)
    if relation is not None:
        start = relation.end()
    hedge = _HEDGE.match(text, start, end)
    if hedge is not None:
        start = hedge.end()
    if start >= end:
        raise DateParseError(text, "expected a date after the word", start)
    core = _read_core(text, start, end, year)
    if hedge is not None and hedge["same"] is None:
        core = _approximate(text, core, hedge.start())
    if relation is not None:
        core = _relate(text, core, relation["rel"].lower(), relation.start())
    return core


def _approximate(text: str, core: Bounds, position: int) -> Bounds:
    """``c. X``: X widened by one unit of its precision on each side."""
    if core.lo is None or core.hi is None:
        raise DateParseError(text, "an approximate date needs a date with both bounds", position)
    if core.precision is Precision.DAY:
        lo, hi = widen(core.lo, core.hi, days=1, day_given=True)
    elif core.precision in _WIDEN_MONTHS:
        lo, hi = widen(core.lo, core.hi, months=_WIDEN_MONTHS[core.precision], day_given=False)
    else:
        raise DateParseError(
            text, "only a day, month, season, year, decade or century can be approximate", position
        )
    return Bounds(lo, hi, core.precision, Qualifier.APPROXIMATE)


def _relate(text: str, core: Bounds, relation: str, position: int) -> Bounds:
    """``before X`` ends the day before X starts, ``after X`` starts the day after X ends."""
    if relation in ("before", "prior to"):
        if core.lo is None or core.lo <= MIN_ORDINAL:
            raise DateParseError(text, "nothing in the calendar comes before that date", position)
        return Bounds(None, core.lo - 1, core.precision, Qualifier.BEFORE)
    if relation == "after":
        if core.hi is None or core.hi >= MAX_ORDINAL:
            raise DateParseError(text, "nothing in the calendar comes after that date", position)
        return Bounds(core.hi + 1, None, core.precision, Qualifier.AFTER)
    if core.hi is None:
        raise DateParseError(text, f"{relation!r} needs a date with a latest day", position)
    return Bounds(None, core.hi, core.precision, Qualifier.NO_LATER_THAN)


def _read_core(text: str, start: int, end: int, year: int | None) -> Bounds:
    first = text[start]
    if first == "[" or first == "{":
        return read_edtf_set(text, start, end)
    edtf = looks_like_edtf(text, start, end)
    if first.isalpha() and not edtf:
        return _read_words(text, start, end, year)
    if first.isdigit() and text[end - 1] in "sS":
        m = _DECADE.fullmatch(text, start, end)
        if m is not None:
            return _decade(text, m)
    m = _YEAR.fullmatch(text, start, end)
    if m is not None:
        return _year(text, m)
    if edtf:
        return read_edtf_date(text, start, end)
    m = _DAY_FIRST.fullmatch(text, start, end)
    if m is not None:
        return _month_day_year(text, m, year)
    raise DateParseError(
        text,
        "expected a date such as 1925, Aug. 1925, 21 January 1937, the 1920s or 1925-08-01",
        start,
    )


def _year(text: str, m: re.Match[str]) -> Bounds:
    y = check_year(text, int(m["year"]), m.start("year"))
    lo, hi = year_bounds(y, y)
    return Bounds(lo, hi, Precision.YEAR)


def _read_words(text: str, start: int, end: int, year: int | None) -> Bounds:
    """English starting with a word: a month first (the common case), then the rest."""
    month_first = _MONTH_FIRST.fullmatch(text, start, end)
    if month_first is not None and month_first["month"].lower() in MONTH_NAMES:
        return _month_day_year(text, month_first, year)
    m = _DECADE.fullmatch(text, start, end)
    if m is not None:
        return _decade(text, m)
    m = _CENTURY.fullmatch(text, start, end)
    if m is not None:
        return _century(text, m)
    m = _YEAR.fullmatch(text, start, end)
    if m is not None:
        return _year(text, m)
    if month_first is not None:
        return _month_day_year(text, month_first, year)
    raise DateParseError(
        text,
        "expected a date such as Aug. 1925, January 1, 1928, before 1933, c. 1925 or the 1920s",
        start,
    )


def _century(text: str, m: re.Match[str]) -> Bounds:
    number = int(m["century"])
    if not 1 <= number <= 99:
        raise DateParseError(text, "a century between 1st and 99th", m.start("century"))
    lo, hi = year_bounds(number * 100 - 99, number * 100)
    return Bounds(lo, hi, Precision.CENTURY)


def _month_day_year(text: str, m: re.Match[str], year: int | None) -> Bounds:
    name = m["month"].lower()
    month = MONTH_NAMES.get(name)
    if month is None and name in _KEYWORDS:
        raise DateParseError(text, f"expected a date after {m['month']!r}", m.end("month"))
    if month is None:
        raise DateParseError(
            text,
            f"expected a month name such as Aug. or August, found {m['month']!r}",
            m.start("month"),
        )
    if m["year"] is not None:
        y = check_year(text, int(m["year"]), m.start("year"))
    elif year is not None:
        y = check_year(text, year, None)
    else:
        raise MissingYearError(
            text,
            "the date has no year: write one, or pass year= (e.g. a table's Year column)",
            m.end(),
        )
    if m["day"] is None:
        lo, hi = month_bounds(y, month, month)
        return Bounds(lo, hi, Precision.MONTH)
    day = check_day(text, y, month, int(m["day"]), m.start("day"))
    lo, hi = day_bounds(y, month, day)
    return Bounds(lo, hi, Precision.DAY)


def _decade(text: str, m: re.Match[str]) -> Bounds:
    first = int(m["decade"])
    if first == 0:
        raise DateParseError(
            text, "the decade 0s is out of range: years start at 1", m.start("decade")
        )
    part = m["part"] or (_PHRASE_PART[m["phrase"].lower()] if m["phrase"] else None)
    if part is None:
        lo, hi = year_bounds(first, first + 9)
    else:
        a, b = _PART_YEARS[part.lower()]
        lo, hi = year_bounds(first + a, first + b)
    return Bounds(lo, hi, Precision.DECADE)
