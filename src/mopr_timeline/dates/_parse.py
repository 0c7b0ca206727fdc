"""TEMPORARY minimal parser (ISO forms only); the dates work replaces this module."""

from __future__ import annotations

import calendar
import datetime as _dt
import re

from mopr_timeline.dates._errors import DateParseError
from mopr_timeline.dates._fuzzy import FuzzyDate, FuzzySpan, Precision

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def parse_date(text: str, *, year: int | None = None) -> FuzzyDate:
    m = _ISO.match(text.strip())
    if not m:
        if text.strip() in ("", "unknown"):
            return FuzzyDate(earliest=None, latest=None, text=text, precision=Precision.UNKNOWN)
        raise DateParseError(text, "not yet supported")
    y = int(m[1])
    if m[3]:
        d = _dt.date(y, int(m[2]), int(m[3]))
        return FuzzyDate(earliest=d, latest=d, text=text)
    if m[2]:
        mo = int(m[2])
        return FuzzyDate(
            earliest=_dt.date(y, mo, 1),
            latest=_dt.date(y, mo, calendar.monthrange(y, mo)[1]),
            text=text,
            precision=Precision.MONTH,
        )
    return FuzzyDate(
        earliest=_dt.date(y, 1, 1), latest=_dt.date(y, 12, 31), text=text, precision=Precision.YEAR
    )


def parse_span(text: str, *, year: int | None = None) -> FuzzySpan:
    a, _, b = text.partition("/")
    return FuzzySpan(start=parse_date(a), end=parse_date(b or a), text=text)
