"""Fuzzy dates: bounds, EDTF, and three-valued comparisons."""

from mopr_timeline.dates._certainty import Certainty
from mopr_timeline.dates._errors import DateParseError
from mopr_timeline.dates._fuzzy import (
    MAX_ORDINAL,
    MIN_ORDINAL,
    FuzzyDate,
    FuzzySpan,
    Precision,
    Qualifier,
    as_fuzzy,
)
from mopr_timeline.dates._parse import parse_date, parse_edtf, parse_span
from mopr_timeline.dates._periods import Period, read_period

__all__ = [
    "MAX_ORDINAL",
    "MIN_ORDINAL",
    "Certainty",
    "DateParseError",
    "FuzzyDate",
    "FuzzySpan",
    "Period",
    "Precision",
    "Qualifier",
    "as_fuzzy",
    "parse_date",
    "parse_edtf",
    "parse_span",
    "read_period",
]
