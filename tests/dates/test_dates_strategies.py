"""The public hypothesis strategies produce what they promise."""

from __future__ import annotations

import datetime as dt
import random
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import hypothesis
from hypothesis import given, settings
from hypothesis.strategies import SearchStrategy

from mopr_timeline.dates import FuzzyDate, FuzzySpan, parse_date
from mopr_timeline.strategies import date_texts, days, fuzzy_dates, fuzzy_spans, refinements

DateText = tuple[str, dt.date | None, dt.date | None]


def find(strategy: SearchStrategy[Any], condition: Callable[[Any], object]) -> Any:
    """``hypothesis.find`` with a fixed seed and room to search: rare shapes are still found,
    and the same ones on every run (no flaky "could not find an example")."""
    return hypothesis.find(
        strategy,
        condition,
        settings=settings(max_examples=20_000, database=None),
        random=random.Random(1922),
    )


@given(item=date_texts())
def test_date_texts_parse_to_their_stated_bounds(item: DateText) -> None:
    text, earliest, latest = item
    date = parse_date(text)
    assert (date.earliest, date.latest) == (earliest, latest)


def test_date_texts_cover_open_bounds_words_and_edtf() -> None:
    assert find(date_texts(), lambda item: item[1] is None and item[2] is not None)
    assert find(date_texts(), lambda item: item[2] is None and item[1] is not None)
    assert find(date_texts(), lambda item: "~" in item[0] or "%" in item[0])
    assert find(date_texts(), lambda item: "[" in item[0])
    assert find(date_texts(), lambda item: item[0].startswith("c. "))
    assert find(date_texts(), lambda item: item[0].endswith("0s"))
    assert find(date_texts(), lambda item: "X" in item[0])
    assert find(date_texts(), lambda item: "-2" in item[0] and len(item[0].strip('" ')) == 7)


@given(date=fuzzy_dates(min_value=dt.date(1920, 1, 1), max_value=dt.date(1939, 12, 31)))
def test_fuzzy_dates_keep_their_finite_bounds_in_range(date: FuzzyDate) -> None:
    for bound in (date.earliest, date.latest):
        assert bound is None or dt.date(1920, 1, 1) <= bound <= dt.date(1939, 12, 31)


def test_fuzzy_dates_include_open_bounds_unless_refused() -> None:
    assert find(fuzzy_dates(), lambda d: d.earliest is None and d.latest is None)
    assert find(fuzzy_dates(), lambda d: d.earliest is None and d.latest is not None)


@given(date=fuzzy_dates(allow_open=False, max_width=31))
def test_fuzzy_dates_options_are_honoured(date: FuzzyDate) -> None:
    assert date.earliest is not None
    assert date.latest is not None
    assert (date.latest - date.earliest).days <= 31


@given(span=fuzzy_spans())
def test_fuzzy_spans_can_end_after_they_start(span: FuzzySpan) -> None:
    assert span.start.lo <= span.end.hi


@given(day=days(dt.date(1922, 1, 1), dt.date(1941, 12, 31)))
def test_days_are_pendulum_dates_in_range(day: dt.date) -> None:
    assert type(day).__module__.startswith("pendulum")
    assert dt.date(1922, 1, 1) <= day <= dt.date(1941, 12, 31)


def test_refinements_reach_both_bounds() -> None:
    august = parse_date("Aug. 1925")
    assert find(refinements(august), lambda d: d == dt.date(1925, 8, 1))
    assert find(refinements(august), lambda d: d == dt.date(1925, 8, 31))


def test_without_hypothesis_the_import_says_which_extra_to_install() -> None:
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "try:\n    import mopr_timeline.strategies\n"
        "except ImportError as error:\n    print(error)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    message = result.stdout.strip()
    assert message == (
        "mopr_timeline.strategies needs hypothesis: pip install 'mopr_timeline[test]'"
    )
