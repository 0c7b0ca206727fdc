"""Reading English date phrases: ``Aug. 1925``, ``21 January 1937``, ``before 1933``, ``c. 1925``.

A phrase is any number of leading words (a relation such as ``before``, a hedge such as
``c.``, ``about``, ``maybe``, ``in`` or ``the year``), a core, and any number of trailing
words (``approx``, ``(uncertain)``, ``?``, ``AD``). The core is a natural form read here
(a year, a month, a day, a season, a decade, a century, a part of one of those such as
``early 1925`` or ``the first half of the 19th century``, a numeric date such as
``7/2008``) or an EDTF date.

``before X`` is any day before X's first, ``after X`` any day after X's last, ``by X``
(``not after X``, ``until X``) any day up to X's last, ``from X`` (``not before X``, ``no
earlier than X``) any day from X's first on; ``in``/``as of`` keep X's bounds; approximate
words (``c.``, ``about``, ``approx``) and uncertain words (``maybe``, ``?``) widen X by one
unit of its precision on each side, both together by two. Nothing else is skipped: an
unknown word is an error.

A core with more than one common reading (``1800s``: the hundred years or the decade;
``the 19th century``: 1800-1899 or 1801-1900; ``10/7/2008``; ``winter 1872``) is read as
all of them: every word applies to each reading, and the result is their hull, marked
ambiguous when the readings differ.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Literal

from mopr_timeline.dates._bounds import Ambiguous, Bounds, Read, each, settle
from mopr_timeline.dates._calendar import (
    MONTH_NAMES,
    check_day,
    check_month,
    check_year,
    day_bounds,
    days_in_month,
    month_bounds,
    shift_months,
    year_bounds,
)
from mopr_timeline.dates._edtf_read import looks_like_edtf, read_edtf_date, read_edtf_set
from mopr_timeline.dates._errors import DateParseError, MissingYearError
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL, Precision, Qualifier
from mopr_timeline.dates._marks import check_mark, refuse_repeated_hedge
from mopr_timeline.dates._widen import qualifier_of, steps_of, widen

__all__ = ["Order", "read_phrase"]

Order = Literal["dmy", "mdy"] | None
"""How a numeric date ``a/b/yyyy`` is read: day first, month first, or (None) both."""

_I = re.IGNORECASE | re.VERBOSE
_SEP_YEAR = r"(?:\s*,\s*|\s+)(?P<year>[0-9]+)"
_ORD = r"(?:st|nd|rd|th)?"
_ERA = r"(?:a\.?\s?d\.?|c\.?\s?e\.?)"
_MONTH_FIRST = re.compile(
    rf"(?P<month>[a-z]+)\.?(?:\s*(?P<day>[0-9]{{1,2}}){_ORD})?(?:{_SEP_YEAR})?", _I
)
_DAY_FIRST = re.compile(
    rf"(?P<day>[0-9]{{1,2}}){_ORD}\s+(?:of\s+)?(?P<month>[a-z]+)\.?(?:{_SEP_YEAR})?", _I
)
_YEAR_FIRST = re.compile(
    rf"(?P<year>[0-9]{{3,4}}),?\s+(?P<month>[a-z]+)\.?(?:\s+(?P<day>[0-9]{{1,2}}){_ORD})?", _I
)
_YEAR = re.compile(rf"(?:a\.?\s?d\.?\s*)?(?P<year>[0-9]+)(?:\s*{_ERA})?", _I)
_DECADE = re.compile(r"(?:the\s+)?(?P<decade>[0-9]{1,3}0)'?s", _I)
_DECADE_PART = re.compile(
    r"""(?:the\s+)?
    (?:(?P<third>early|mid|late)(?:\s*-\s*|\s+)
      |(?:(?:towards?|at|in)\s+)?the\s+(?P<edge>beginning|start|middle|end|ends)\s+of\s+(?:the\s+)?
    )
    (?P<decade>[0-9]{1,2}[1-9]0|[1-9]0)'?s""",
    _I,
)
_CENTURY = re.compile(
    rf"""(?:the\s+)?
    (?:(?P<number>[0-9]{{1,3}}){_ORD}|(?P<word>[a-z]+(?:[\s-][a-z]+)?))
    \s*-?\s*(?:century|cent\.|cent|c\.|c)
    (?:\s*{_ERA})?""",
    _I,
)
_SEASON = re.compile(
    r"""(?:the\s+)?(?P<season>spring|summer|autumn|fall|winter)
    (?:(?:\s+of)?(?:\s*,\s*|\s+)(?P<year>[0-9]+)(?:\s*[-/–]\s*(?P<next>[0-9]{2}|[0-9]{4}))?)?""",
    _I,
)
_NUMERIC = re.compile(
    r"(?P<a>[0-9]{1,2})(?P<sep>[/.])(?:(?P<b>[0-9]{1,2})(?P=sep))?(?P<year>[0-9]{4})"
)
_SHORT_NUMERIC = re.compile(r"[0-9]{1,2}([/.])(?:[0-9]{1,2}\1)?(?P<year>[0-9]{2})")
_CATALOGUE = re.compile(r"(?P<digits>[0-9]{3}-|[0-9]{2}--)")
_PART = re.compile(
    r"""(?:the\s+)?(?:
      (?P<third>early|mid|late)(?:\s*-\s*|\s+)(?:in\s+)?
     |(?:(?:towards?|at|in|near)\s+)?(?:the\s+)?(?P<edge>beginning|start|middle|end|ends|close)\s+of\s+
     |(?P<half>first|second|1st|2nd|latter)\s+half\s+of\s+
     |(?P<quarter>first|second|third|fourth|last|1st|2nd|3rd|4th)\s+quarter\s+of\s+
    )""",
    _I,
)
_PREFIX = re.compile(
    r"""(?:
      (?P<rel>before|prior\s+to|earlier\s+than|after|later\s+than|by|not?\s+later\s+than
        |not\s+before|not\s+after|no\s+earlier\s+than|not\s+earlier\s+than|until|till|from)\s+
     |(?P<approx>(?:circa|about|around|roughly|approximately
        |in\s+or\s+about|on\s+or\s+about|in\s+or\s+around)\s+)
     |(?P<abbr>(?:ca|c|approx)(?:\.\s*|\s+|(?=[0-9])))
     |(?P<tilde>~\s*)
     |(?P<unsure>(?:maybe|perhaps|possibly|probably|uncertain)\s+|uncertain\s*:\s*)
     |(?P<same>(?:as\s+of|in|on|during|throughout
        |(?:(?:a|some|one)\s+)?(?:year|month|day)\s+(?:in|during)
        |some\s*time(?:\s+(?:in|during))?|at\s+some\s+(?:point|time)\s+(?:in|during)
        |(?:in\s+)?the\s+year(?:\s+of)?|year)\s+)
    )""",
    _I,
)
_SUFFIX = re.compile(
    r"""(?:
      \s*\(\s*(?:(?P<p_unsure>uncertain|probably|possibly|perhaps|maybe|\?)
               |(?P<p_approx>approx\.?|approximately|circa|ca\.?|c\.))\s*\)
     |\s+(?P<unsure>maybe|guess|probably|possibly|perhaps|uncertain)
     |\s+(?P<approx>approx\.?|approximately|circa|ca\.|or\s+so)
     |(?:\s+|(?<=[0-9]))(?P<bce>b\.?\s?c\.?(?:\s?e\.?)?)
     |\s*(?P<mark>[?~%]+)
     |\s+(?P<era>a\.?\s?d\.?|c\.?\s?e\.?)
    )\Z""",
    _I,
)
_RELATIONS = {
    "before": "before",
    "prior to": "before",
    "earlier than": "before",
    "after": "after",
    "later than": "after",
    "by": "by",
    "no later than": "by",
    "not later than": "by",
    "not after": "by",
    "until": "by",
    "till": "by",
    "not before": "from",
    "no earlier than": "from",
    "not earlier than": "from",
    "from": "from",
}
_UNKNOWN = frozenset(
    {"", "unknown", "n.d.", "n.d", "-", "–", "—", "?", "undated", "no date", "s.d.", "date unknown"}
)
_LONGEST_UNKNOWN = max(map(len, _UNKNOWN))
_KEYWORDS = frozenset(
    {"before", "after", "by", "in", "on", "as", "of", "during", "c", "ca", "circa", "about"}
    | {"around", "approximately", "approx", "the", "early", "mid", "late", "towards", "toward"}
    | {"roughly", "maybe", "perhaps", "possibly", "probably", "uncertain", "year", "throughout"}
)
_ORDINALS = {
    word: number
    for number, word in enumerate(
        (
            *("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"),
            *("ninth", "tenth", "eleventh", "twelfth", "thirteenth", "fourteenth"),
            *("fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth"),
            "twentieth",
        ),
        start=1,
    )
}
_ORDINALS["twenty first"] = 21
_WORD = re.compile(r"[^\W\d_]+")
_SEASONS = {"spring": (3, 5), "summer": (6, 8), "autumn": (9, 11), "fall": (9, 11)}
_EDGE_PART = {
    "beginning": "early",
    "start": "early",
    "middle": "mid",
    "end": "late",
    "ends": "late",
    "close": "late",
}
_HALF = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "latter": 2}
_QUARTER = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}
_QUARTER |= {"fourth": 4, "4th": 4, "last": 4}
# Parts of a whole, as (first, last) units counted from 0: months of a year, years of a
# decade or century; days of a month count from 1 and -1 is the month's last day.
_PARTS: dict[Precision, dict[str, tuple[int, int]]] = {
    Precision.YEAR: {
        **{"early": (0, 3), "mid": (4, 7), "late": (8, 11)},
        **{"half 1": (0, 5), "half 2": (6, 11)},
        **{"quarter 1": (0, 2), "quarter 2": (3, 5), "quarter 3": (6, 8), "quarter 4": (9, 11)},
    },
    Precision.MONTH: {
        **{"early": (1, 10), "mid": (11, 20), "late": (21, -1)},
        **{"half 1": (1, 15), "half 2": (16, -1)},
    },
    Precision.DECADE: {
        **{"early": (0, 3), "mid": (4, 6), "late": (7, 9)},
        **{"half 1": (0, 4), "half 2": (5, 9)},
    },
    Precision.CENTURY: {
        **{"early": (0, 33), "mid": (34, 66), "late": (67, 99)},
        **{"half 1": (0, 49), "half 2": (50, 99)},
        **{"quarter 1": (0, 24), "quarter 2": (25, 49)},
        **{"quarter 3": (50, 74), "quarter 4": (75, 99)},
    },
}
_KNOWN_WORDS = (
    _KEYWORDS
    | MONTH_NAMES.keys()
    | _ORDINALS.keys()
    | {"twenty", "spring", "summer", "autumn", "fall", "winter", "beginning", "start", "middle"}
    | {"end", "ends", "close", "half", "quarter", "latter", "last", "a", "some", "sometime"}
    | {"one", "month", "day", "at", "near", "no", "not", "prior", "earlier", "later", "ad"}
    | {"ce", "undated", "toward", "towards", "1st", "2nd", "3rd", "4th", "until", "till", "from"}
)
_PART_WHOLE = {
    Precision.YEAR: "a year",
    Precision.MONTH: "a month",
    Precision.DECADE: "a decade",
    Precision.CENTURY: "a century",
}
_WIDEN_MONTHS = {
    Precision.YEAR: 12,
    Precision.DECADE: 120,
    Precision.CENTURY: 1200,
    Precision.MILLENNIUM: 12000,
    Precision.SEASON: 3,
    Precision.MONTH: 1,
}
_UNKNOWN_FIRST = frozenset(word[:1] for word in _UNKNOWN) | frozenset(
    word[:1].upper() for word in _UNKNOWN
)
_DECADE_YEARS = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_MONTH_INITIALS = frozenset("jfmasondJFMASOND")
_HEDGED = frozenset({Qualifier.APPROXIMATE, Qualifier.UNCERTAIN, Qualifier.UNCERTAIN_APPROXIMATE})
_UNKNOWN_BOUNDS = Bounds(None, None, Precision.UNKNOWN, Qualifier.UNKNOWN)
_EXAMPLES = "1925, Aug. 1925, 21 January 1937, the 1920s, the 19th century or 1925-08-01"


def read_phrase(text: str, start: int, end: int, year: int | None, order: Order = None) -> Bounds:
    """Read ``text[start:end]`` (already stripped): leading words, a core, trailing words.

    An ambiguous text gives the hull of its readings (see the module docstring).
    """
    read = _read(text, start, end, year, order)
    return read if type(read) is Bounds else settle(read)


def _read(text: str, start: int, end: int, year: int | None, order: Order) -> Read:
    if start == end:
        return _UNKNOWN_BOUNDS
    first = text[start]
    if (
        first in _UNKNOWN_FIRST
        and end - start <= _LONGEST_UNKNOWN
        and text[start:end].lower() in _UNKNOWN
    ):
        return _UNKNOWN_BOUNDS
    if first.isdigit() or (not first.isalpha() and first != "~"):
        try:
            return _read_core(text, start, end, year, order)
        except DateParseError:  # read again, trailing words stripped one by one
            return _core_and_suffixes(text, start, end, year, order, False, False)
    if first in _MONTH_INITIALS:
        month_first = _MONTH_FIRST.fullmatch(text, start, end)
        if month_first is not None and month_first["month"].lower() in MONTH_NAMES:
            return _month_day_year(text, month_first, year)  # the common case, read at once
    position = start
    relation: str | None = None
    relation_at = hedge_at = start
    approximate = uncertain = False
    while position < end:
        if text[position] == "~" and looks_like_edtf(text, position, end):
            break  # EDTF's own leading mark (level 2), read with the date
        m = _PREFIX.match(text, position, end)
        if m is None:
            break
        kind = m.lastgroup
        if kind == "rel":
            if relation is not None:
                raise DateParseError(
                    text, "expected one relation such as before or after, found a second", position
                )
            relation = _RELATIONS[" ".join(m["rel"].lower().split())]
            relation_at = position
        elif kind == "unsure":
            if uncertain:
                refuse_repeated_hedge(text, "uncertain", position)
            uncertain, hedge_at = True, position
        elif kind != "same":
            if approximate:
                refuse_repeated_hedge(text, "approximate", position)
            approximate, hedge_at = True, position
        position = m.end()
    if position >= end:
        raise DateParseError(text, f"expected a date after {text[start:end]!r}", end)
    core = _core_and_suffixes(text, position, end, year, order, approximate, uncertain, hedge_at)
    if relation is None:
        return core
    if type(core) is Bounds:
        return _relate(text, core, relation, relation_at)
    return each(core, lambda reading: _relate(text, reading, relation, relation_at))


def _core_and_suffixes(
    text: str,
    start: int,
    end: int,
    year: int | None,
    order: Order,
    approximate: bool,
    uncertain: bool,
    hedge_at: int | None = None,
) -> Read:
    """The core, then trailing words stripped one by one while it does not read alone.

    A failure to read is raised as the error of the last text tried; ``BC``/``BCE`` at the
    end is refused outright, as it puts the date outside the calendar.
    """
    stop = end
    while True:
        try:
            core = _read_core(text, start, stop, year, order)
            break
        except DateParseError as error:
            failure = error
        m = _SUFFIX.search(text, start, stop)
        if m is None or m.start() <= start:
            raise failure
        if m["bce"] is not None:
            raise DateParseError(
                text,
                "years before the common era (BC, BCE) are outside the calendar: "
                "a year between 1 and 9999 of the common era",
                m.start("bce"),
            )
        marks = m["mark"] or ""
        check_mark(text, marks, m.start())
        if m["approx"] or m["p_approx"] or "~" in marks or "%" in marks:
            if approximate:
                refuse_repeated_hedge(text, "approximate", m.start())
            approximate = True
        if m["unsure"] or m["p_unsure"] or "?" in marks or "%" in marks:
            if uncertain:
                refuse_repeated_hedge(text, "uncertain", m.start())
            uncertain = True
        if hedge_at is None and (approximate or uncertain):
            hedge_at = m.start()
        stop = m.start()
    if not (approximate or uncertain):
        return core
    steps = 2 if approximate and uncertain else 1
    qualifier = (
        Qualifier.UNCERTAIN_APPROXIMATE
        if steps == 2
        else (Qualifier.APPROXIMATE if approximate else Qualifier.UNCERTAIN)
    )
    at = start if hedge_at is None else hedge_at
    if type(core) is Bounds:
        return _widened(text, core, steps, qualifier, at)
    return each(core, lambda reading: _widened(text, reading, steps, qualifier, at))


def _widened(text: str, core: Bounds, steps: int, qualifier: Qualifier, position: int) -> Bounds:
    """``c. X`` / ``maybe X``: X widened by ``steps`` units of its precision on each side."""
    if core.lo is None or core.hi is None:
        raise DateParseError(
            text, "an approximate or uncertain date needs a date with both bounds", position
        )
    if core.precision is Precision.DAY:
        lo, hi = widen(core.lo, core.hi, days=steps, day_given=True)
    elif core.precision in _WIDEN_MONTHS:
        months = steps * _WIDEN_MONTHS[core.precision]
        lo, hi = widen(core.lo, core.hi, months=months, day_given=False)
    else:
        raise DateParseError(
            text,
            "only a day, month, season, year, decade or century can be approximate or uncertain",
            position,
        )
    if core.qualifier in _HEDGED and (
        qualifier is Qualifier.UNCERTAIN_APPROXIMATE
        or core.qualifier is Qualifier.UNCERTAIN_APPROXIMATE
        or core.qualifier is qualifier
    ):
        kind = "approximate" if qualifier is not Qualifier.UNCERTAIN else "uncertain"
        refuse_repeated_hedge(text, kind, position)
    if core.qualifier in _HEDGED:
        qualifier = Qualifier.UNCERTAIN_APPROXIMATE  # c. 1925? (EDTF's own mark, and a word)
    return Bounds(lo, hi, core.precision, qualifier)


def _relate(text: str, core: Bounds, relation: str, position: int) -> Bounds:
    """``before X`` ends the day before X starts, ``after X`` starts the day after X ends."""
    if relation == "before":
        if core.lo is None or core.lo <= MIN_ORDINAL:
            raise DateParseError(text, "nothing in the calendar comes before that date", position)
        return Bounds(None, core.lo - 1, core.precision, Qualifier.BEFORE)
    if relation == "after":
        if core.hi is None or core.hi >= MAX_ORDINAL:
            raise DateParseError(text, "nothing in the calendar comes after that date", position)
        return Bounds(core.hi + 1, None, core.precision, Qualifier.AFTER)
    if relation == "from":
        if core.lo is None:
            raise DateParseError(text, "'from' needs a date with an earliest day", position)
        return Bounds(core.lo, None, core.precision, Qualifier.NO_EARLIER_THAN)
    if core.hi is None:
        raise DateParseError(text, f"{relation!r} needs a date with a latest day", position)
    return Bounds(None, core.hi, core.precision, Qualifier.NO_LATER_THAN)


def _read_core(text: str, start: int, end: int, year: int | None, order: Order) -> Read:
    first = text[start]
    if first == "[" or first == "{":
        return _bracketed(text, start, end, year, order)
    if first.isdigit():
        if text[end - 1] in "sS":
            m = _DECADE.fullmatch(text, start, end)
            if m is not None:
                return _decade(text, m)
        m = _YEAR.fullmatch(text, start, end)
        if m is not None:
            return _year(text, m)
        if looks_like_edtf(text, start, end):
            try:
                return read_edtf_date(text, start, end)
            except DateParseError as error:
                return _digits_first(text, start, end, year, order, error)
        return _digits_first(text, start, end, year, order, None)
    edtf = looks_like_edtf(text, start, end)
    if first.isalpha() and not edtf:
        return _read_words(text, start, end, year, order)
    if edtf:
        return read_edtf_date(text, start, end)
    raise DateParseError(text, f"expected a date such as {_EXAMPLES}", start)


def _digits_first(
    text: str,
    start: int,
    end: int,
    year: int | None,
    order: Order,
    edtf_error: DateParseError | None,
) -> Read:
    """Natural forms opening with digits: ``21 January 1937``, ``1942 August 15``,
    ``10/7/2008``, ``19th century``, ``19c``, ``186-``."""
    m = _CENTURY.fullmatch(text, start, end)
    if m is not None and m["number"] is not None:
        return _century(text, m)
    m = _DAY_FIRST.fullmatch(text, start, end)
    if m is not None:
        return _month_day_year(text, m, year)
    m = _NUMERIC.fullmatch(text, start, end)
    if m is not None and (m["b"] is not None or m["sep"] == "/"):
        return _numeric(text, m, order)
    m = _CATALOGUE.fullmatch(text, start, end)
    if m is not None:
        return _catalogue(text, m)
    m = _YEAR_FIRST.fullmatch(text, start, end)
    if m is not None:
        return _month_day_year(text, m, year)
    m = _SHORT_NUMERIC.fullmatch(text, start, end)
    if m is not None:
        raise DateParseError(
            text,
            f"a numeric date needs its year in full: {m['year']!r} could be any century's",
            m.start("year"),
        )
    if edtf_error is None:
        raise DateParseError(text, f"expected a date such as {_EXAMPLES}", start)
    for after in range(start, end):
        if text[after] in " ,;(":  # no EDTF goes on like this: words or a second date
            raise DateParseError(
                text,
                f"expected one date, found {text[after:end]!r} after it: a second date or "
                "other words around a date are not read",
                after,
            )
    raise edtf_error


def _bracketed(text: str, start: int, end: int, year: int | None, order: Order) -> Read:
    """An EDTF set, or a cataloguer's supplied date in brackets (``[ca. 1860]``, ``[186-?]``)."""
    try:
        return read_edtf_set(text, start, end)
    except DateParseError as error:
        inner_start, inner_end = start + 1, end - 1
        while inner_start < inner_end and text[inner_start].isspace():
            inner_start += 1
        while inner_end > inner_start and text[inner_end - 1].isspace():
            inner_end -= 1
        if text[start] != "[" or text[end - 1] != "]" or inner_start >= inner_end:
            raise
        try:
            return _read(text, inner_start, inner_end, year, order)
        except DateParseError:
            raise error from None


def _year(text: str, m: re.Match[str]) -> Bounds:
    y = check_year(text, int(m["year"]), m.start("year"))
    lo, hi = year_bounds(y, y)
    return Bounds(lo, hi, Precision.YEAR)


def _read_words(text: str, start: int, end: int, year: int | None, order: Order) -> Read:
    """English starting with a word: a month first (the common case), then the rest."""
    month_first = _MONTH_FIRST.fullmatch(text, start, end)
    if month_first is not None and month_first["month"].lower() in MONTH_NAMES:
        return _month_day_year(text, month_first, year)
    m = _DECADE.fullmatch(text, start, end)
    if m is not None:
        return _decade(text, m)
    m = _DECADE_PART.fullmatch(text, start, end)
    if m is not None:  # a part of a decade (not of a hundred years), read at once
        a, b = _DECADE_YEARS[m["third"].lower() if m["third"] else _EDGE_PART[m["edge"].lower()]]
        first = int(m["decade"])
        return Bounds(*year_bounds(first + a, first + b), Precision.DECADE)
    m = _PART.match(text, start, end)
    if m is not None and m.end() < end:
        whole = _read(text, m.end(), end, year, order)
        part = _part_name(m)
        return each(whole, lambda reading: _part_of(text, reading, part, start))
    m = _CENTURY.fullmatch(text, start, end)
    if m is not None and _century_number(m) is not None:
        return _century(text, m)
    m = _SEASON.fullmatch(text, start, end)
    if m is not None:
        return _season(text, m, year)
    m = _YEAR.fullmatch(text, start, end)
    if m is not None:
        return _year(text, m)
    if month_first is not None:
        return _month_day_year(text, month_first, year)
    word = _WORD.match(text, start, end)
    if word is not None and word[0].lower() not in _KNOWN_WORDS:
        raise DateParseError(
            text,
            "expected a month name such as Aug. or August, or a word such as before, c. or "
            f"early, found {word[0]!r}",
            start,
        )
    raise DateParseError(
        text,
        "expected a date such as Aug. 1925, January 1, 1928, before 1933, c. 1925, the 1920s "
        "or the 19th century",
        start,
    )


def _month_day_year(text: str, m: re.Match[str], year: int | None) -> Bounds:
    name = m["month"].lower()
    month = MONTH_NAMES.get(name)
    if month is None and name in _KEYWORDS:
        raise DateParseError(text, f"expected a date after {m['month']!r}", m.end("month"))
    if month is None:
        raise DateParseError(
            text,
            "expected a month name such as Aug. or August, or a word such as before, c. or "
            f"early, found {m['month']!r}",
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


def _numeric(text: str, m: re.Match[str], order: Order) -> Read:
    """``7/2008`` (a month), or ``10/7/2008``: 10 July or 7 October unless ``order`` says."""
    y = check_year(text, int(m["year"]), m.start("year"))
    a = int(m["a"])
    if m["b"] is None:
        month = check_month(text, a, m.start("a"))
        lo, hi = month_bounds(y, month, month)
        return Bounds(lo, hi, Precision.MONTH)
    b = int(m["b"])
    if order is not None:
        (day, day_at), (month, month_at) = (
            ((a, m.start("a")), (b, m.start("b")))
            if order == "dmy"
            else ((b, m.start("b")), (a, m.start("a")))
        )
        month = check_month(text, month, month_at)
        lo, hi = day_bounds(y, month, check_day(text, y, month, day, day_at))
        return Bounds(lo, hi, Precision.DAY)
    readings = [
        Bounds(*day_bounds(y, month, day), Precision.DAY)
        for day, month in ((a, b), (b, a))
        if 1 <= month <= 12 and 1 <= day <= days_in_month(y, month)
    ]
    if not readings:
        raise DateParseError(
            text,
            f"neither {a} nor {b} gives a day and a month of {y} (day/month or month/day)",
            m.start("a"),
        )
    if len(readings) == 1 or readings[0] == readings[1]:
        return readings[0]
    return Ambiguous(tuple(readings))


def _decade(text: str, m: re.Match[str]) -> Read:
    """``1920s``; ``1800s`` (a hundred-year multiple) is also read as the hundred years."""
    first = int(m["decade"])
    if first == 0:
        raise DateParseError(
            text, "the decade 0s is out of range: years start at 1", m.start("decade")
        )
    decade = Bounds(*year_bounds(first, first + 9), Precision.DECADE)
    if first % 100:
        return decade
    return Ambiguous((Bounds(*year_bounds(first, first + 99), Precision.CENTURY), decade))


def _century_number(m: re.Match[str]) -> int | None:
    if m["number"] is not None:
        return int(m["number"])
    return _ORDINALS.get(" ".join(m["word"].lower().replace("-", " ").split()))


def _century(text: str, m: re.Match[str]) -> Ambiguous:
    """The Nth century: years (N-1)00-(N-1)99 in common use, (N-1)01-N00 strictly; both."""
    number = _century_number(m)
    at = m.start("number") if m["number"] is not None else m.start("word")
    if number is None or not 1 <= number <= 100:
        raise DateParseError(text, "a century between the 1st and the 100th", at)
    base = (number - 1) * 100
    popular = year_bounds(max(base, 1), base + 99)
    strict = year_bounds(base + 1, min(base + 100, 9999))
    return Ambiguous(
        (Bounds(*popular, Precision.CENTURY), Bounds(*strict, Precision.CENTURY)),
    )


def _catalogue(text: str, m: re.Match[str]) -> Bounds:
    """A cataloguer's decade ``186-`` (the 1860s) or century ``18--`` (1800-1899)."""
    digits = m["digits"].rstrip("-")
    if len(digits) == 3:
        first = int(digits) * 10
        if first == 0:
            raise DateParseError(text, "the decade 0s is out of range: years start at 1", 0)
        return Bounds(*year_bounds(first, first + 9), Precision.DECADE)
    first = int(digits) * 100
    return Bounds(*year_bounds(max(first, 1), first + 99), Precision.CENTURY)


def _season(text: str, m: re.Match[str], year: int | None) -> Read:
    """Spring, summer, autumn (fall): March-May, June-August, September-November.

    ``winter 1872`` is the winter ending in 1872 or the one beginning in it (December 1871
    to February 1873 in all); ``winter 1872-73`` is the one from December 1872.
    """
    if m["year"] is not None:
        y = check_year(text, int(m["year"]), m.start("year"))
    elif year is not None:
        y = check_year(text, year, None)
    else:
        raise MissingYearError(
            text, "the season has no year: write one, or pass year=", m.end("season")
        )
    name = m["season"].lower()
    if name != "winter":
        if m["next"] is not None:
            raise DateParseError(text, "only a winter runs across two years", m.start("next"))
        first, last = _SEASONS[name]
        return Bounds(*month_bounds(y, first, last), Precision.SEASON)
    december = _dt.date(y, 12, 1).toordinal()
    beginning = Bounds(december, shift_months(december, 2, to_end=True), Precision.SEASON)
    if m["next"] is not None:
        following = int(m["next"])
        if len(m["next"]) == 2:
            following += y - y % 100
        if following != y + 1:
            raise DateParseError(
                text, f"a winter runs from {y} into {y + 1}, not {following}", m.start("next")
            )
        return beginning
    january = _dt.date(y, 1, 1).toordinal()
    ending = Bounds(
        shift_months(january, -1, to_end=False),
        shift_months(january, 1, to_end=True),
        Precision.SEASON,
    )
    return Ambiguous((ending, beginning))


def _part_name(m: re.Match[str]) -> str:
    if m["third"] is not None:
        return m["third"].lower()
    if m["edge"] is not None:
        return _EDGE_PART[m["edge"].lower()]
    if m["half"] is not None:
        return f"half {_HALF[m['half'].lower()]}"
    return f"quarter {_QUARTER[m['quarter'].lower()]}"


def _part_of(text: str, whole: Bounds, part: str, position: int) -> Bounds:
    """``early``/``mid``/``late`` (thirds), halves and quarters of one year, month, decade or
    century; the part keeps the precision of its whole."""
    table = _PARTS.get(whole.precision)
    if whole.lo is None or whole.hi is None or whole.qualifier is not Qualifier.NONE or not table:
        raise DateParseError(
            text, f"{_shown_part(part)} needs a year, month, decade or century", position
        )
    if part not in table:
        raise DateParseError(
            text,
            f"{_shown_part(part)} of {_PART_WHOLE[whole.precision]} is not a whole number of "
            f"{'days' if whole.precision is Precision.MONTH else 'years'}",
            position,
        )
    a, b = table[part]
    first = _dt.date.fromordinal(whole.lo)
    last = _dt.date.fromordinal(whole.hi)
    if not _is_one_unit(whole.precision, first, last):
        raise DateParseError(
            text,
            f"{_shown_part(part)} needs one whole {_PART_WHOLE[whole.precision][2:]}, not "
            f"{first.isoformat()}..{last.isoformat()}",
            position,
        )
    if whole.precision is Precision.MONTH:
        lo = _dt.date(first.year, first.month, a).toordinal()
        end_day = days_in_month(first.year, first.month) if b == -1 else b
        return Bounds(lo, _dt.date(first.year, first.month, end_day).toordinal(), whole.precision)
    if whole.precision is Precision.YEAR:
        return Bounds(*month_bounds(first.year, a + 1, b + 1), whole.precision)
    # a century clamped at year 1 (the common reading of the 1st century, years 0-99)
    # counts its parts from year 0
    base = 0 if first.year == 1 and last.year - first.year == 98 else first.year
    lo = _dt.date(min(max(base + a, 1), 9999), 1, 1).toordinal()
    hi = _dt.date(min(base + b, last.year), 12, 31).toordinal()
    return Bounds(lo, hi, whole.precision)


def _is_one_unit(precision: Precision, first: _dt.date, last: _dt.date) -> bool:
    """Whether ``first..last`` is one whole month, year, decade or century (a century may
    lose a year at either end of the calendar)."""
    if first.month != 1 or first.day != 1 or last.month != 12 or last.day != 31:
        return precision is Precision.MONTH and (
            (first.year, first.month) == (last.year, last.month)
            and first.day == 1
            and last.day == days_in_month(last.year, last.month)
        )
    years = last.year - first.year + 1
    if precision is Precision.YEAR:
        return years == 1
    if precision is Precision.DECADE:
        return years == 10
    return precision is Precision.CENTURY and years in (99, 100)


def _shown_part(part: str) -> str:
    name, _, number = part.partition(" ")
    if not number:
        return f"{name!r}"
    ordinal = {"1": "first", "2": "second", "3": "third", "4": "fourth"}[number]
    return f"the {ordinal} {name}"


def short_end_year(text: str, start_year: int, b0: int, b1: int) -> Bounds | None:
    """``52`` (or ``52?``) after a start in 1851: the later year 1852 of the same century,
    qualified by its marks; None when the digits are not a later year of that century."""
    digits_end = b0
    while digits_end < b1 and text[digits_end].isdigit():
        digits_end += 1
    if digits_end - b0 != 2:
        return None
    number = int(text[b0:digits_end])
    if number <= start_year % 100:
        return None
    end_year = start_year - start_year % 100 + number
    lo, hi = year_bounds(end_year, end_year)
    marks = text[digits_end:b1]
    if not marks:
        return Bounds(lo, hi, Precision.YEAR)
    lo, hi = widen(lo, hi, months=12 * steps_of(marks), day_given=False)
    return Bounds(lo, hi, Precision.YEAR, qualifier_of(marks))
