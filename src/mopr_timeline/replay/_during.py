"""Questions over a period: does a fact hold on some day of it, or on every day of it?

A period runs from a start day S to an end day E, each possibly fuzzy (``S`` in
``[s_lo, s_hi]``, ``E`` in ``[e_lo, e_hi]``, ``S <= E``); a reading picks them too. With
``F(R, t)`` the truth of a fact on day ``t`` in a reading ``R`` (one claim of each dispute, one
day of each date), ``mode="some"`` asks for ``∃t ∈ [S, E]: F`` and ``mode="all"`` for
``∀t ∈ [S, E]: F``, CERTAIN when it is so in every reading, IMPOSSIBLE in none.

* some, possible: ``∃R ∃t ∈ [s_lo, e_hi] F``: the state at one unknown day of the hull;
* all, certain: ``∀R ∀t ∈ [s_lo, e_hi] F``: the state at the hull, likewise.
* some, certain, and all, possible, are decided by the shortest periods, which every other
  period contains. When the start and end bounds overlap (``s_hi >= e_lo``) those are the
  single days of ``W = [max(s_lo, e_lo), min(s_hi, e_hi)]``: some is certain iff the state at
  one unknown day of ``W`` is certain, all possible iff it is possible. Otherwise every
  period contains ``[a, b] = [s_hi, e_lo]``, itself a period: some is certain iff no reading
  makes the fact fail on every day of ``[a, b]``, all possible iff some reading makes it hold
  on every day of it. Both are asked of each fact by the search of ``_during_search`` over
  the fact's events (from the index: those that may be the last of its register on a day of
  ``[a, b]``, and the organization's foundings and dissolutions for a fact of the
  organization), in each reading of the disputes among them.

Exact where events' dates are independent. Relations between events (``mt.After``...) bind
dates together; the search then uses each event's narrowed bounds, taking a reading the
relations forbid into account as well: an answer may be POSSIBLE where the exact one is
CERTAIN or IMPOSSIBLE, never the reverse. So is an answer whose search is too long (over
``_MAX_READINGS`` readings of the disputes of one fact, or ``BUDGET`` steps).
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Literal, assert_never, cast

import attrs

from mopr_timeline.dates import (
    MIN_ORDINAL,
    Certainty,
    FuzzyDate,
    FuzzySpan,
    as_fuzzy,
    parse_span,
)
from mopr_timeline.events import FAMILIES, Shape
from mopr_timeline.replay._disputes import Dispute, Trust, readings
from mopr_timeline.replay._during_search import FactEvents, Span, UndecidedError, throughout
from mopr_timeline.replay._errors import ReplayError
from mopr_timeline.replay._families import Accumulated, SlotRegisters
from mopr_timeline.replay._index import ReplayIndex
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack, unpack
from mopr_timeline.replay._keyed import KeyedRegisters
from mopr_timeline.replay._state import AsOf, OrgState

__all__ = ["Mode", "Period", "period_of", "state_during"]

Mode = Literal["some", "all"]
_MAX_READINGS = 4096
"""At most this many readings of the disputes one fact rests on are searched (beyond, the
fact is POSSIBLE where the question is asked)."""

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
    period: FuzzySpan, mode: str, index: ReplayIndex, as_of: AsOf, trust: Trust
) -> OrgState:
    """The organization over ``period`` in ``mode`` (see the module docstring), as the records
    of ``index`` tell it (``as_of`` is only shown), over the readings ``trust`` leaves."""
    if mode not in ("some", "all"):
        raise PeriodError(f"mode is 'some' (on some day) or 'all' (on every day), not {mode!r}")
    return index.answered(lambda: _state_during(period, mode, index, as_of, trust))


def _state_during(
    period: FuzzySpan, mode: str, index: ReplayIndex, as_of: AsOf, trust: Trust
) -> OrgState:
    s_lo, s_hi, e_lo, e_hi = period.start.lo, period.start.hi, period.end.lo, period.end.hi

    def state(lo: int, hi: int) -> OrgState:
        return index.state(FuzzyDate.from_ordinals(lo, hi), as_of, trust)

    whole = state(s_lo, e_hi)
    if s_hi >= e_lo:
        window = state(max(s_lo, e_lo), min(s_hi, e_hi))
        return _combined(whole, period, lambda key, c: _by_window(mode, c, _certainty(window, key)))
    facts = _FactEvents(index, s_hi, e_lo, trust)
    return _combined(whole, period, lambda key, c: _by_search(mode, c, facts, key))


Key = tuple[str, str]
"""A fact as ``(family, identity)``; ``("", "")`` for the organization's existence."""


def _certainty(state: OrgState, key: Key) -> Certainty:
    family, identity = key
    if family == "":
        return state.exists
    return state.certainty(family, identity)


def _by_window(mode: str, whole: Certainty, window: Certainty) -> Certainty:
    """Some day: possible as at the hull, certain as at the window of single-day periods.
    Every day: certain as at the hull, possible as at the window."""
    if mode == "some":
        return window if window is Certainty.CERTAIN else whole
    if whole is Certainty.CERTAIN:
        return whole
    return Certainty.POSSIBLE if window.is_possible else Certainty.IMPOSSIBLE


def _by_search(mode: str, whole: Certainty, facts: _FactEvents, key: Key) -> Certainty:
    """Some day: possible as at the hull, certain unless a reading makes the fact fail on every
    day of ``[a, b]``. Every day: certain as at the hull, possible if a reading makes it hold
    on every day of ``[a, b]``."""
    if whole is not Certainty.POSSIBLE:
        return whole
    if mode == "some":
        return Certainty.POSSIBLE if facts.throughout(key, holds=False) else Certainty.CERTAIN
    return Certainty.POSSIBLE if facts.throughout(key, holds=True) else Certainty.IMPOSSIBLE


class _FactEvents:
    """Each fact's events that may decide it on a day of ``[a, b]``, by reading."""

    def __init__(self, index: ReplayIndex, a: int, b: int, trust: Trust) -> None:
        self.index, self.a, self.b = index, a, b
        disputes, self.aside = index.trusted_disputes(trust)
        self.dispute_of: dict[int, Dispute] = {p: d for d in disputes for p in d.claims}
        self.unsure = self.aside | frozenset(self.dispute_of)
        """Positions that some reading sets aside."""
        life = index.life
        self.foundings = sorted(p for p in life.founders if p not in self.aside)
        self.dissolutions = [p for p in life.dissolutions if p not in self.aside]

    def throughout(self, key: Key, *, holds: bool) -> bool:
        """Does some reading make the fact hold (``holds``), or fail, on every day of
        ``[a, b]``? True when the search is too long (so that no answer is wrong)."""
        try:
            return any(
                throughout(events, self.a, self.b, holds=holds) for events in self._readings(key)
            )
        except UndecidedError:
            return True

    def _readings(self, key: Key) -> Iterator[FactEvents]:
        """The fact's events in each reading of the disputes they take part in."""
        family, identity = key
        structure = self.index.structure_of(family) if family else None
        closings: Sequence[int] = ()
        if family == "":
            setters, others = self._exists()
            scoped = False
        else:
            info = FAMILIES[family]
            setters, others = self._register(info.shape, family, identity)
            scoped = info.of_organization
        # a key's own closings decide whether it outlives the organization's dissolution
        outliving = structure if scoped and isinstance(structure, KeyedRegisters) else None
        if outliving is not None:
            closings = outliving.closings(identity)
        life = [*self.foundings, *self.dissolutions] if scoped else []
        touched = [*setters, *others, *life, *closings]
        disputes = list({self.dispute_of[p]: None for p in touched if p in self.dispute_of})
        if math.prod(len(d.claims) for d in disputes) > _MAX_READINGS:
            raise UndecidedError
        for _, excluded in readings(disputes, self.aside):
            outlives = outliving is not None and outliving.closes_itself(identity, excluded)
            yield FactEvents(
                setters=self._spans(setters, excluded),
                others=self._spans(others, excluded),
                scoped=scoped,
                foundings=self._spans(self.foundings, excluded) if scoped else (),
                dissolutions=(
                    self._spans(self.dissolutions, excluded) if scoped and not outlives else ()
                ),
            )

    def _spans(self, positions: Sequence[int], excluded: frozenset[int]) -> tuple[Span, ...]:
        bounds = self.index.day_bounds
        return tuple((*bounds(p), p) for p in positions if p not in excluded)

    def _exists(self) -> tuple[list[int], list[int]]:
        """The register of the organization's existence: foundings set it, dissolutions
        clear it."""
        life = self.index.life
        deciding = self._deciding((life.founded, life.dissolved))
        founders = life.founders
        return [p for p in deciding if p in founders], [p for p in deciding if p not in founders]

    def _register(self, shape: Shape, family: str, identity: str) -> tuple[list[int], list[int]]:
        """The fact's register events (setters, others) that may decide it on a day of
        ``[a, b]`` in some reading."""
        index = self.index
        structure = index.structure_of(family)
        match shape:
            case Shape.KEYED:
                keyed = cast(KeyedRegisters, structure)
                opened = set(keyed.openings(identity))
                deciding = self._deciding((keyed.openings(identity), keyed.closings(identity)))
                return [p for p in deciding if p in opened], [
                    p for p in deciding if p not in opened
                ]
            case Shape.SLOT:
                slot = cast(SlotRegisters, structure)
                vacating = slot.vacatings(identity)
                deciding = self._deciding((slot.successions, vacating))
                gone = set(vacating)
                setters = [
                    p for p in deciding if p not in gone and index.value_at(p, family) == identity
                ]
                chosen = set(setters)
                return setters, [p for p in deciding if p not in chosen]
            case Shape.ACCUMULATING:
                givers = cast(Accumulated, structure).givers.overlapping(MIN_ORDINAL, self.b)
                return [
                    p
                    for p in sorted(givers)
                    if p not in self.aside and identity in index.values_at(p, family)
                ], []
            case Shape.RECORD:
                position = index.position_of(identity)
                return ([] if position is None or position in self.aside else [position]), []
            case _:
                assert_never(shape)

    def _deciding(self, sources: Sequence[IntervalIndex | Sequence[int]]) -> list[int]:
        """The events of ``sources`` that may be the last of them on a day of ``[a, b]`` in
        some reading: dated by ``b``, and not certainly preceded in fold order (day, then
        position) by one that has certainly happened by ``a`` and that no reading sets aside
        (as the register's candidates for ``state_at``)."""
        bounds, unsure, a, b = self.index.day_bounds, self.unsure, self.a, self.b
        latest = NO_KEY
        for source in sources:
            if isinstance(source, IntervalIndex):
                latest = max(latest, source.latest_ending_by(a, unsure))
                continue
            for p in source:
                lo, hi = bounds(p)
                if hi <= a and p not in unsure:
                    latest = max(latest, pack(lo, p))
        floor = MIN_ORDINAL if latest == NO_KEY else unpack(latest)[0]
        found: set[int] = set()
        for source in sources:
            if isinstance(source, IntervalIndex):
                found.update(source.overlapping(floor, b))
            else:
                found.update(p for p in source if bounds(p)[0] <= b and bounds(p)[1] >= floor)
        return sorted(p for p in found if pack(bounds(p)[1], p) >= latest and p not in self.aside)


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
