"""Hypothesis strategies for small random logs: a few events over a narrow range of days.

Events of every registered kind (the library's and ``wir_kinds``'s) come from the public
``mopr_timeline.strategies.logs``, their texts drawn from two values so that facts collide
(one person appointed twice, one country established and dissolved...).
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

import wir_kinds  # noqa: F401  (registers the test kinds, so that logs draw them too)
from mopr_timeline import Event, FuzzyDate, FuzzySpan
from mopr_timeline.strategies import logs as _logs

BASE = _dt.date(1924, 1, 1).toordinal()
WINDOW = 4
TEXTS = st.sampled_from(("A", "B"))


@st.composite
def fuzzy_dates(draw: st.DrawFn, *, open_odds: int = 8) -> FuzzyDate:
    """A day in the window, or a few days wide, sometimes with an open bound."""
    lo: int | None = None
    if draw(st.integers(0, open_odds - 1)):
        lo = BASE + draw(st.integers(0, WINDOW - 1))
    hi: int | None = None
    if draw(st.integers(0, open_odds - 1)):
        start = BASE if lo is None else lo
        hi = start + draw(st.sampled_from((0, 0, 0, 1, 1, 2, 3)))
        hi = min(hi, BASE + WINDOW - 1) if lo is not None else hi
    return FuzzyDate.from_ordinals(lo, hi)


def _spans(dates: st.SearchStrategy[FuzzyDate]) -> st.SearchStrategy[FuzzySpan]:
    """Spans starting on one of ``dates`` and ending any day from there on."""
    return dates.map(
        lambda start: FuzzySpan(start=start, end=FuzzyDate.from_ordinals(start.lo, None))
    )


def logs(*, max_events: int = 5) -> st.SearchStrategy[list[Event]]:
    """A small log: dated events, now and then a retraction of some event of the log."""
    return _logs(
        max_events=max_events,
        texts=TEXTS,
        dates=fuzzy_dates(),
        spans=_spans(fuzzy_dates()),
        sources=st.none(),
    )


@st.composite
def _wide_dates(draw: st.DrawFn, *, days: int) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, days))
    width = draw(st.sampled_from((0, 0, 1, 3, 10, 40, -1, -2)))
    if width == -1:
        return FuzzyDate.from_ordinals(None, lo)
    if width == -2:
        return FuzzyDate.from_ordinals(lo, None)
    return FuzzyDate.from_ordinals(lo, lo + width)


def long_logs(*, days: int = 60, max_events: int = 60) -> st.SearchStrategy[list[Event]]:
    """Longer logs over a wider range of days, with wide and open dates (no enumeration of
    refinements; the readings of at most 5 disputes are enumerated)."""
    return _logs(
        max_events=max_events,
        max_retractions=3,
        max_links=5,
        texts=TEXTS,
        dates=_wide_dates(days=days),
        spans=_spans(_wide_dates(days=days)),
        sources=st.none(),
    )
