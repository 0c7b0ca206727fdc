"""Questions over a period: does a fact hold on some day of it, or on every day of it?

A period runs from a start day S to an end day E, each possibly fuzzy (``S`` in
``[s_lo, s_hi]``, ``E`` in ``[e_lo, e_hi]``); a reading picks them too. With ``F(R, t)`` the
truth of a fact on day ``t`` in a reading ``R`` (one claim of each dispute, one day of each
date), ``mode="some"`` asks for ``∃t ∈ [S, E]: F`` and ``mode="all"`` for ``∀t ∈ [S, E]: F``,
CERTAIN when it is so in every reading, IMPOSSIBLE in none.

Each answer is read from ``state_at`` answers (one unknown day in a range ``[l, h]``: CERTAIN
iff ``∀R ∀t F``, possible iff ``∃R ∃t F``):

* some, possible: ``∃R ∃t ∈ [s_lo, e_hi] F``, the state at the hull;
* all, certain: ``∀R ∀t ∈ [s_lo, e_hi] F``, the state at the hull;
* some, certain, and all, possible, are decided by the shortest periods, which every other
  period contains. When the start and end bounds overlap (``s_hi >= e_lo``) those are single
  days, and the answers are exact: some is certain iff the state at ``[max(s_lo, e_lo),
  s_hi]`` is certain, all is possible iff the state at ``[max(s_lo, e_lo), min(s_hi, e_hi)]``
  is. Otherwise every period contains ``[a, b] = [s_hi, e_lo]``, and some is certain when the
  fact is certain on one day of it, all impossible when it is impossible on one day of it;
  the days tried are ``a``, ``b`` and the days around every date bound in between (where a
  certainty can change). This is sound; it is exact when one day decides, as for a fact that
  once it holds keeps holding through the period, or that holds until it ends; a fact that
  holds at some unknown time in every reading but on no one day in all of them (appointed and
  replaced within the period, both on unknown days) is POSSIBLE for ``some``.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any, Literal

import attrs

from mopr_timeline.dates import (
    Certainty,
    FuzzyDate,
    FuzzySpan,
    as_fuzzy,
    parse_span,
)
from mopr_timeline.replay._errors import ReplayError
from mopr_timeline.replay._state import OrgState

__all__ = ["Mode", "Period", "period_of", "state_during"]

Mode = Literal["some", "all"]
_MAX_DAYS = 200
"""At most this many days of ``[a, b]`` are tried (more only sharpen an answer: it stays
sound with fewer)."""

Period = FuzzySpan | FuzzyDate | _dt.date | str


class PeriodError(ReplayError):
    """A period or mode that ``state_during`` cannot take."""


def period_of(value: Any) -> FuzzySpan:
    """The period a value stands for: a span as it is; a date (or a text with no range in it,
    such as ``1925``) from its earliest to its latest day; a range text as ``parse_span``
    reads it."""
    if isinstance(value, FuzzySpan):
        return value
    if isinstance(value, str):
        span = parse_span(value)
        if span.start.text == span.end.text == span.text:
            return _bounds_span(span.start, value)
        return span
    if isinstance(value, FuzzyDate | _dt.date):
        date = as_fuzzy(value)
        return _bounds_span(date, str(date))
    raise PeriodError(f"a period is a FuzzySpan, a date or a date text, not {type(value).__name__}")


def _bounds_span(date: FuzzyDate, text: str) -> FuzzySpan:
    """From the date's earliest day to its latest, both known (an open bound: the first or
    last day of the calendar)."""
    start = FuzzyDate.from_ordinals(date.lo, date.lo)
    end = FuzzyDate.from_ordinals(date.hi, date.hi)
    return FuzzySpan(start=start, end=end, text=text)


def state_during(
    period: FuzzySpan,
    mode: str,
    state: Callable[[int, int], OrgState],
    days_within: Callable[[int, int], set[int]],
) -> OrgState:
    """The organization over ``period`` in ``mode`` (see the module docstring), from
    ``state`` (the state at one unknown day in ``lo..hi``) and ``days_within`` (the date
    bounds of the log's events within ``lo..hi``)."""
    if mode not in ("some", "all"):
        raise PeriodError(f"mode is 'some' (on some day) or 'all' (on every day), not {mode!r}")
    s_lo, s_hi, e_lo, e_hi = period.start.lo, period.start.hi, period.end.lo, period.end.hi
    whole = state(s_lo, e_hi)
    if s_hi >= e_lo:
        if mode == "some":
            sure = state(max(s_lo, e_lo), s_hi)
            return _combined(whole, period, lambda key, c: _some(c, sure, key))
        window = state(max(s_lo, e_lo), min(s_hi, e_hi))
        return _combined(whole, period, lambda key, c: _all(c, [window], key))
    days = _days(s_hi, e_lo, days_within(s_hi, e_lo))
    each = [state(day, day) for day in days]
    if mode == "some":
        return _combined(whole, period, lambda key, c: _some(c, None, key, each))
    return _combined(whole, period, lambda key, c: _all(c, each, key))


def _days(a: int, b: int, bounds: set[int]) -> list[int]:
    near = {day + step for day in bounds for step in (-1, 0, 1)}
    inside = sorted(day for day in near if a < day < b)
    return [a, b, *inside[: _MAX_DAYS - 2]]


Key = tuple[str, str]


def _certainty(state: OrgState, key: Key) -> Certainty:
    family, identity = key
    if family == "":
        return state.exists
    return state.certainty(family, identity)


def _some(
    whole: Certainty, sure: OrgState | None, key: Key, each: list[OrgState] | None = None
) -> Certainty:
    """Some day: possible as at the hull; certain when certain at the hull, at the window
    of single-day periods, or on one of the days tried."""
    if whole is Certainty.IMPOSSIBLE or whole is Certainty.CERTAIN:
        return whole
    if sure is not None:
        certain = _certainty(sure, key) is Certainty.CERTAIN
    else:
        certain = any(_certainty(s, key) is Certainty.CERTAIN for s in each or ())
    return Certainty.CERTAIN if certain else Certainty.POSSIBLE


def _all(whole: Certainty, each: list[OrgState], key: Key) -> Certainty:
    """Every day: certain as at the hull; impossible when impossible at the window of
    single-day periods, or on one of the days tried."""
    if whole is Certainty.CERTAIN or whole is Certainty.IMPOSSIBLE:
        return whole
    if any(_certainty(s, key) is Certainty.IMPOSSIBLE for s in each):
        return Certainty.IMPOSSIBLE
    return Certainty.POSSIBLE


def _combined(
    whole: OrgState, period: FuzzySpan, judge: Callable[[Key, Certainty], Certainty]
) -> OrgState:
    """``whole`` with every certainty judged again; facts judged impossible are left out."""
    families: dict[str, tuple[Any, ...]] = {}
    for family, facts in whole.families.items():
        kept = []
        for fact in facts:
            certainty = judge((family, fact.identity), fact.certainty)
            if certainty is not Certainty.IMPOSSIBLE:
                kept.append(attrs.evolve(fact, certainty=certainty))
        families[family] = tuple(kept)
    hull = FuzzyDate.from_ordinals(period.start.lo, period.end.hi, text=str(period))
    return attrs.evolve(
        whole,
        date=hull,
        exists=judge(("", ""), whole.exists),
        families=families,
    )
