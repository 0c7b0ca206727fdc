"""A fuzzy date's bounds in words, for prose that never shows an EDTF code.

``bounds_words`` names the stretch a date's bounds cover as a historian would write it: a
day (``7 Nov. 1917``), a month (``Aug. 1925``), a season (``spring 1926``, ``winter
1926/27``), a year, a decade (``the 1920s``), a hundred years (``the 1800s``), two adjacent
alternatives of a one-of-a-set date (``1924 or 1925``, ``Aug. or Sept. 1925``), or a stretch
between two of those (``Aug. and Dec. 1921``, with ``between`` in ``bounds_phrase``). An open
bound is worded as ``by X`` or ``X or later``. ``edtf_words`` words an EDTF text: its
qualifier marks become ``c.`` and ``perhaps``, the date itself is worded from its bounds.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from mopr_timeline.dates import DateParseError, FuzzyDate, Qualifier, parse_edtf

__all__ = ["bounds_phrase", "bounds_words", "date_words", "edtf_words", "is_edtf_text"]

_MONTHS = (
    *("Jan.", "Feb.", "March", "April", "May", "June"),
    *("July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec."),
)
_SEASONS = {(3, 5): "spring", (6, 8): "summer", (9, 11): "autumn"}
_MARKS = re.compile(r"[~?%]")
_EDTF = re.compile(r"^[\[{]?[0-9X.\-~?%/,+\[\]{} ]+$")
"""A text made of EDTF's characters only (digits, X, marks, brackets, dots): a code, not words."""


def is_edtf_text(text: str) -> bool:
    """True when ``text`` is written in EDTF's characters only (``1926-21``, ``[..1932]``)."""
    return _EDTF.match(text) is not None


def date_words(when: FuzzyDate) -> str:
    """A date for a table people read: the source's text where it was words (``Aug. 1925``,
    ``before 1933``) with the context completing it in brackets (``January 1 [1932]``), else
    its bounds in words (``spring 1926`` for ``1926-21``), ``date unknown`` for no bounds and
    no text."""
    text = when.text.strip().strip('"').strip()
    if text and not is_edtf_text(text):
        return f"{text} [{when.context}]" if when.context else text
    phrase = _without_preposition(edtf_words(when, text))
    for hedged in ("perhaps on ", "perhaps in "):
        if phrase.startswith(hedged):
            return "perhaps " + phrase[len(hedged) :]
    return phrase


def _month(day: _dt.date) -> str:
    return _MONTHS[day.month - 1]


def _day(day: _dt.date) -> str:
    return f"{day.day} {_month(day)} {day.year}"


def _starts_month(day: _dt.date) -> bool:
    return day.day == 1


def _ends_month(day: _dt.date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def _unit(a: _dt.date, b: _dt.date) -> str | None:
    """The one named stretch ``a..b`` is (a day, month, season, year, decade, hundred
    years), or None."""
    if a == b:
        return _day(a)
    if not (_starts_month(a) and _ends_month(b)):
        return None
    if (a.year, a.month) == (b.year, b.month):
        return f"{_month(a)} {a.year}"
    if a.year == b.year and (a.month, b.month) in _SEASONS:
        return f"{_SEASONS[a.month, b.month]} {a.year}"
    if (a.month, b.month) == (12, 2) and b.year == a.year + 1:
        return f"winter {a.year}/{b.year % 100:02d}"
    if (a.month, b.month) != (1, 12):
        return None
    if a.year == b.year:
        return str(a.year)
    years = b.year - a.year + 1
    if years in (10, 100) and a.year % years == 0:
        return f"the {a.year}s"
    return None


def _pair(a: _dt.date, b: _dt.date) -> str | None:
    """``1924 or 1925``, ``Aug. or Sept. 1925``, ``14 or 15 Aug. 1925``: two adjacent
    years, months or days that fill ``a..b``."""
    if a.month == 1 and a.day == 1 and (b.month, b.day) == (12, 31) and b.year == a.year + 1:
        return f"{a.year} or {b.year}"
    if _starts_month(a) and _ends_month(b):
        following = (a.year + (a.month == 12), a.month % 12 + 1)
        if (b.year, b.month) == following:
            first = _month(a) if a.year == b.year else f"{_month(a)} {a.year}"
            return f"{first} or {_month(b)} {b.year}"
        return None
    if (b - a).days == 1:
        if (a.year, a.month) == (b.year, b.month):
            return f"{a.day} or {b.day} {_month(a)} {a.year}"
        return f"{_day(a)} or {_day(b)}"
    return None


def _between(a: _dt.date, b: _dt.date) -> str:
    """``Aug. and Dec. 1921``, ``1924 and 1926``, ``14 and 16 Aug. 1925``: the two ends of
    the stretch, sharing what they share."""
    if _starts_month(a) and _ends_month(b):
        if a.month == 1 and (b.month, b.day) == (12, 31):
            return f"{a.year} and {b.year}"
        if a.year == b.year:
            return f"{_month(a)} and {_month(b)} {a.year}"
        return f"{_month(a)} {a.year} and {_month(b)} {b.year}"
    if (a.year, a.month) == (b.year, b.month):
        return f"{a.day} and {b.day} {_month(a)} {a.year}"
    if a.year == b.year:
        return f"{a.day} {_month(a)} and {_day(b)}"
    return f"{_day(a)} and {_day(b)}"


def _end_unit(day: _dt.date) -> str:
    """The largest unit (year, month, day) that ``day`` ends."""
    if (day.month, day.day) == (12, 31):
        return str(day.year)
    if _ends_month(day):
        return f"{_month(day)} {day.year}"
    return _day(day)


def _start_unit(day: _dt.date) -> str:
    """The largest unit (year, month, day) that ``day`` starts."""
    if (day.month, day.day) == (1, 1):
        return str(day.year)
    if day.day == 1:
        return f"{_month(day)} {day.year}"
    return _day(day)


def bounds_words(when: FuzzyDate) -> str:
    """The date's bounds in words, without ``in`` or ``on``: ``spring 1926``, ``1924 or
    1925``, ``between Aug. and Dec. 1921``, ``by 1932``."""
    return _without_preposition(bounds_phrase(when))


def _without_preposition(phrase: str) -> str:
    for word in ("in ", "on "):
        if phrase.startswith(word):
            return phrase[len(word) :]
    return phrase


def bounds_phrase(when: FuzzyDate) -> str:
    """The date's bounds as a phrase: ``in spring 1926``, ``on 7 Nov. 1917``, ``between Aug.
    and Dec. 1921``, ``in 1924 or 1925``, ``by 1932``, ``in 1929 or later``, ``date
    unknown``."""
    a, b = when.earliest, when.latest
    if a is None and b is None:
        return "date unknown"
    if a is None:
        assert b is not None
        return f"by {_end_unit(b)}"
    if b is None:
        start = _start_unit(a)
        return f"{'on' if a.day != 1 else 'in'} {start} or later"
    if when.qualifier is Qualifier.ONE_OF_SET:
        pair = _pair(a, b)
        if pair is not None:
            return f"{'on' if (b - a).days == 1 else 'in'} {pair}"
    unit = _unit(a, b)
    if unit is not None:
        return f"{'on' if a == b else 'in'} {unit}"
    return f"between {_between(a, b)}"


def _members(text: str) -> str | None:
    """``[1925,1927]``: ``in 1925 or 1927`` (each member a plain date), else None."""
    if not (text.startswith("[") and text.endswith("]") and "," in text and ".." not in text):
        return None
    words = []
    for member in text[1:-1].split(","):
        try:
            date = parse_edtf(member)
        except DateParseError:
            return None
        words.append(bounds_phrase(date))
    preposition = "on" if all(w.startswith("on ") for w in words) else "in"
    bare = [_without_preposition(w) for w in words]
    return f"{preposition} {', '.join(bare[:-1])} or {bare[-1]}"


def edtf_words(when: FuzzyDate, text: str) -> str:
    """The phrase for a date written in EDTF: its marks as ``c.`` / ``perhaps``, the date
    worded from the bounds of its unqualified form (or, when that does not read alone, from
    its own bounds)."""
    members = _members(text)
    if members is not None:
        return members
    marks = set(_MARKS.findall(text))
    core = _MARKS.sub("", text)
    base = when
    if marks and not text.startswith("["):
        try:
            base = parse_edtf(core)
        except DateParseError:
            base = when
            marks = set()
    phrase = bounds_phrase(base)
    if "%" in marks or {"~", "?"} <= marks:
        return f"perhaps c. {_without_preposition(phrase)}"
    if "~" in marks:
        return f"c. {_without_preposition(phrase)}"
    if "?" in marks:
        return f"perhaps {phrase}"
    return phrase
