"""The state over time: the ranges of days over which the state on an exact day stays the same.

The state on an exact day ``q`` depends on ``q`` only through how it compares with the day
bounds of the events (the earliest and latest day each may have taken effect): a fact's
certainty can change only on an event's earliest day or its latest day, and, for an event of
one exact day, on the day after (on its day it follows every event recorded before it that
may share the day; from the next day on, such an event may follow it). Those days are the
*change points*; between two of them every day has the same state.

A sweep computes the full state on the first day, then, at each change point, only the facts
the events with a bound there act on (one key of a keyed family, or a whole family; every
fact of the organization for a founding or dissolution, and for a claim of a dispute what any
of its claims acts on), and starts a new segment when the state differs. Each fact is the one
``Timeline.state_at`` gives on that day (the same computation, asked for fewer facts).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from typing import Any

import attrs

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, Certainty, FuzzyDate
from mopr_timeline.events import FAMILIES, Shape
from mopr_timeline.replay._disputes import Trust
from mopr_timeline.replay._index import ReplayIndex
from mopr_timeline.replay._state import AsOf, OrgState, UnknownFamilyError

__all__ = ["RangeCount", "Segment", "build_segments", "count_series"]


@attrs.frozen(kw_only=True)
class Segment:
    """A maximal range of days with one state: ``start`` and ``end`` are its first and last
    day (``None``: open, every day before or after), ``state`` the state on each of its days
    (its ``date`` is ``start``, or ``end`` when ``start`` is open)."""

    start: _dt.date | None
    end: _dt.date | None
    state: OrgState

    def to_dict(self) -> dict[str, Any]:
        """``start`` and ``end`` as ISO dates (null when open), and the state's ``to_dict``."""
        return {
            "start": _iso(self.start),
            "end": _iso(self.end),
            "state": self.state.to_dict(),
        }


@attrs.frozen(kw_only=True)
class RangeCount:
    """How many facts of one family hold from ``start`` to ``end`` (days as in ``Segment``):
    ``certain`` hold certainly, ``possible`` may hold (possible but not certain). At least
    ``certain`` and at most ``certain + possible`` facts hold on each of those days."""

    start: _dt.date | None
    end: _dt.date | None
    certain: int
    possible: int

    @property
    def at_most(self) -> int:
        """The most facts that may hold: ``certain + possible``."""
        return self.certain + self.possible

    def to_dict(self) -> dict[str, Any]:
        return {
            "start": _iso(self.start),
            "end": _iso(self.end),
            "certain": self.certain,
            "possible": self.possible,
        }


def _iso(day: _dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def build_segments(
    index: ReplayIndex,
    start: int | None,
    end: int | None,
    *,
    as_of: AsOf = None,
    trust: Trust = None,
) -> list[Segment]:
    """The segments of the days ``start..end`` (ordinals, None: open) of ``index``.

    A record found unreadable during the sweep is taken out of the index by ``state``; the
    sweep then runs again, so that every segment is computed without it.
    """
    while True:
        unreadable = len(index.unreadable)
        segments = list(_sweep(index, start, end, as_of, trust))
        if len(index.unreadable) == unreadable:
            return segments


_Acts = dict[str, set[str] | None]
"""Facts to compute again: family -> keys (None: the whole family)."""


def _change_points(index: ReplayIndex) -> dict[int, tuple[bool, _Acts]]:
    """Each change point, with whether every fact of the organization may change there and
    the facts that may."""
    points: dict[int, tuple[bool, _Acts]] = {}
    for lo, hi, life, acts in index.influences():
        for day in (lo, hi + 1) if lo == hi else (lo, hi):
            if not MIN_ORDINAL < day <= MAX_ORDINAL:
                continue  # an open bound: no day of the calendar on which anything changes
            held = points.get(day)
            everything = life or (held is not None and held[0])
            wanted: _Acts = {} if held is None else held[1]
            for family, key in acts:
                if family in wanted and wanted[family] is None:
                    continue
                if key is None or FAMILIES[family].shape is not Shape.KEYED:
                    wanted[family] = None
                else:
                    keys = wanted.setdefault(family, set())
                    assert keys is not None
                    keys.add(key)
            points[day] = everything, wanted
    return points


def _sweep(
    index: ReplayIndex, start: int | None, end: int | None, as_of: AsOf, trust: Trust
) -> Iterator[Segment]:
    points = _change_points(index)
    first = MIN_ORDINAL if start is None else start
    last = MAX_ORDINAL if end is None else end
    days = sorted(d for d in points if first < d <= last)
    state = index.state(FuzzyDate.from_ordinals(first, first), as_of, trust)
    begun = first
    for day in days:
        everything, wanted = points[day]
        date = FuzzyDate.from_ordinals(day, day)
        if everything:
            fresh = index.state(date, as_of, trust)
        else:
            part = index.state(date, as_of, trust, only=wanted)
            fresh = _merged(state, part, wanted, date)
        if fresh.exists is state.exists and fresh.families == state.families:
            continue
        yield _segment(state, begun, day - 1, start, end)
        state, begun = fresh, day
    yield _segment(state, begun, last, start, end)


def _merged(state: OrgState, part: OrgState, wanted: _Acts, date: FuzzyDate) -> OrgState:
    """``state`` with the facts ``wanted`` replaced by those of ``part`` (keyed facts kept in
    key order, as a state lists them), on ``date``."""
    families = dict(state.families)
    for family, keys in wanted.items():
        if family not in part.families:
            continue
        if keys is None:
            families[family] = part.families[family]
            continue
        kept = [f for f in families.get(family, ()) if f.identity not in keys]
        kept.extend(part.families[family])
        kept.sort(key=_identity)
        families[family] = tuple(kept)
    return attrs.evolve(state, date=date, exists=part.exists, families=families)


def _identity(fact: Any) -> str:
    return str(fact.identity)


def _segment(state: OrgState, begun: int, last: int, start: int | None, end: int | None) -> Segment:
    first_day = None if start is None and begun == MIN_ORDINAL else _dt.date.fromordinal(begun)
    last_day = None if end is None and last == MAX_ORDINAL else _dt.date.fromordinal(last)
    date = state.date if first_day is not None else FuzzyDate.from_ordinals(last, last)
    return Segment(start=first_day, end=last_day, state=attrs.evolve(state, date=date))


def count_series(segments: list[Segment], family: str) -> list[RangeCount]:
    """The counts of ``family``'s facts over ``segments``, runs of equal counts joined."""
    if family not in FAMILIES:
        known = ", ".join(FAMILIES)
        raise UnknownFamilyError(
            f"no registered kind acts on a family {family!r} (families: {known})"
        )
    counts: list[RangeCount] = []
    for segment in segments:
        facts = segment.state.facts(family)
        certain = sum(1 for f in facts if f.certainty is Certainty.CERTAIN)
        possible = len(facts) - certain
        if counts and (counts[-1].certain, counts[-1].possible) == (certain, possible):
            counts[-1] = attrs.evolve(counts[-1], end=segment.end)
        else:
            counts.append(
                RangeCount(start=segment.start, end=segment.end, certain=certain, possible=possible)
            )
    return counts
