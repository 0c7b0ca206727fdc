"""A keyed family (national sections by country...): one register per key, found by the life
intervals of its openings.

A key's register holds the events opening it (setters) and the events closing it (enders).
The organization's life (its founding and dissolution) is applied to the family's facts by
the index, not here. Several opening claims for one key (the source
contradicts itself) are simply several setters of that register, so its certainty is exact as
well; the fact shown rests on the latest-recorded opening that may be in force.

To find the keys worth asking without visiting every key, each opening ``a`` gets a *life
interval*: from its earliest day to the day before the first day on which some event of its
register certainly follows it in fold order and has certainly happened. After that, ``a`` can
never be the last event of its register. A query visits only the keys with a life interval
meeting the query's bounds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Collection, Iterable, Mapping
from typing import Any, cast

from mopr_timeline.dates import MAX_ORDINAL
from mopr_timeline.replay._families import NONE_EXCLUDED, Excluded, merge_groups
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack
from mopr_timeline.replay._register import NO_PAIRS, Span, certainty_last_in
from mopr_timeline.replay._state import KeyedFact

__all__ = ["KeyedRegisters"]


class KeyedRegisters:
    """Every key's register of one keyed family, kept query-ready.

    ``lo``/``hi`` are the index's day-bound lists and ``ids`` its event ids (by position),
    shared, not copied.
    """

    def __init__(self, family: str, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        self.family = family
        self._lo = lo
        self._hi = hi
        self._ids = ids
        self._opened: dict[str, list[int]] = {}
        self._closed: dict[str, list[int]] = {}
        self._alive = IntervalIndex()
        self._life_end: dict[int, int] = {}
        self._dirty: set[str] = set()
        self.paired: Mapping[int, int] = NO_PAIRS
        """A closing's position -> the opening's it is paired with (the index's, shared)."""

    def open(self, p: int, key: str, *, adding: bool) -> None:
        """Add (or, not ``adding``, remove) the opening at position ``p`` of ``key``."""
        _toggle(self._opened.setdefault(key, []), p, adding)
        if not adding and p in self._life_end:
            self._alive.remove(p, self._lo[p], self._life_end.pop(p))
        self._dirty.add(key)

    def close(self, p: int, key: str, *, adding: bool) -> None:
        """Add (or, not ``adding``, remove) the closing at position ``p`` of ``key``."""
        ended = self._closed.setdefault(key, [])
        _toggle(ended, p, adding)
        if not ended:
            del self._closed[key]
        self._dirty.add(key)

    def open_many(self, groups: dict[str, list[int]]) -> None:
        """``open`` the positions of each key (ascending, after every one held)."""
        merge_groups(self._opened, groups)
        self._dirty.update(groups)

    def close_many(self, groups: dict[str, list[int]]) -> None:
        """``close`` the positions of each key (ascending, after every one held)."""
        merge_groups(self._closed, groups)
        self._dirty.update(groups)

    def closes_itself(self, key: str, excluded: Excluded = NONE_EXCLUDED) -> bool:
        """Does ``key`` have closing events of its own, not set aside (so that, as a fact of
        the organization, it outlives the organization's dissolution until they come)?"""
        return any(p not in excluded for p in self._closed.get(key, ()))

    def openings(self, key: str) -> list[int]:
        """The positions of the events opening ``key`` (ascending)."""
        return self._opened.get(key, [])

    def closings(self, key: str) -> list[int]:
        """The positions of the events closing ``key`` (ascending)."""
        return self._closed.get(key, [])

    def flush(self) -> None:
        """Bring the life intervals up to date with the events added or retracted since.

        When none has a life interval yet they are all computed afresh into a new interval
        index, built at once.
        """
        if not self._dirty:
            return
        fresh = not self._life_end
        if fresh:
            self._alive = IntervalIndex()
        self._relife(self._dirty, fresh=fresh)
        self._dirty.clear()

    def _enders(self, key: str) -> list[int]:
        return self._closed.get(key, [])

    def reach(self, p: int, key: str, claims: Collection[int]) -> int:
        """The first day from which the claim at ``p`` (an opening or closing of ``key``) can
        change the key's fact in no reading: an event of the register that is no claim, later
        in fold order (above ``(hi_p, p)``), has certainly happened by then, so whether ``p``
        is believed or set aside no longer matters. ``MAX_ORDINAL + 1`` when there is none."""
        lo, hi = self._lo, self._hi
        mark = pack(hi[p], p)
        end = MAX_ORDINAL + 1
        for table in (self._opened, self._closed):
            for q in table.get(key, ()):
                if q not in claims and hi[q] < end and pack(lo[q], q) > mark:
                    end = hi[q]
        return end

    def _relife(self, keys: Iterable[str], *, fresh: bool) -> None:
        """Recompute the life intervals of the openings of ``keys``.

        A key's register sorted by ``(lo, position)`` (a sort by position, then a stable
        sort by ``lo``) and the suffix minima of its ``hi`` give each opening ``a`` the
        first day on which an event later in fold order (above ``(hi_a, a)``: a later ``lo``,
        or the same ``lo`` and a later position) has certainly happened. ``fresh``: there are
        no old intervals to drop.
        """
        lo, hi = self._lo, self._hi
        low, high = lo.__getitem__, hi.__getitem__
        opened, ended = self._opened, self._closed
        life_end, alive = self._life_end, self._alive
        never = MAX_ORDINAL + 1
        born: list[int] = []
        for key in keys:
            setters = opened.get(key)
            if not setters:
                continue
            register = setters + ended.get(key, [])
            register.sort()
            register.sort(key=low)
            lows = list(map(low, register))
            soonest = [never]
            least = never
            for day in map(high, reversed(register)):
                if day < least:
                    least = day
                soonest.append(least)
            size = len(register)
            for a in setters:
                day = hi[a]
                after = bisect_right(lows, day)
                same = bisect_left(lows, day, 0, after)
                if same < after:
                    after = bisect_right(register, a, same, after)
                end = soonest[size - after] - 1
                start = lo[a]
                if not fresh:
                    old = life_end.pop(a, None)
                    if old is not None:
                        alive.remove(a, start, old)
                if start <= end:
                    life_end[a] = end
                    born.append(a)
        alive.add_many(born, low, life_end.__getitem__)

    def facts(
        self,
        ql: int,
        qh: int,
        event_at: Callable[[int], Any],
        key_at: Callable[[int], str],
        excluded: Excluded = NONE_EXCLUDED,
        only: Collection[str] | None = None,
    ) -> tuple[KeyedFact, ...]:
        """The facts that may hold on a day in ``[ql, qh]``, by key: the keys whose openings
        live then, or (``only``) the keys given, in the readings setting ``excluded`` aside."""
        self.flush()
        if only is None:
            keys = sorted({key_at(p) for p in self._alive.overlapping(ql, qh)})
        else:
            keys = sorted(only)
        facts = []
        for key in keys:
            set_latest, set_spans = self._spans(self._opened.get(key, []), ql, qh, excluded)
            end_latest, end_spans = self._spans(self._enders(key), ql, qh, excluded)
            floor = max(set_latest, end_latest)
            setters = [s for s in set_spans if pack(s[1], s[2]) >= floor]
            others = [s for s in end_spans if pack(s[1], s[2]) >= floor]
            certainty = certainty_last_in(setters, others, ql, qh, self.paired)
            if not certainty.is_possible:
                continue
            event = event_at(_shown(setters, others, ql, qh, self.paired))
            ids = tuple(cast(str, self._ids[s[2]]) for s in sorted(setters, key=lambda s: s[2]))
            facts.append(
                KeyedFact(family=self.family, key=key, certainty=certainty, event=event, events=ids)
            )
        return tuple(facts)

    def _spans(
        self, positions: list[int], ql: int, qh: int, excluded: Excluded
    ) -> tuple[int, list[Span]]:
        """The latest certainly-past key, and the spans of the events that may count by qh
        (those ``excluded`` left out)."""
        lo, hi = self._lo, self._hi
        latest = NO_KEY
        spans: list[Span] = []
        for p in positions:
            if lo[p] <= qh and p not in excluded:
                spans.append((lo[p], hi[p], p))
                if hi[p] <= ql and pack(lo[p], p) > latest:
                    latest = pack(lo[p], p)
        return latest, spans

    def snapshot(self) -> tuple[Any, ...]:
        """Everything held, in a canonical form (for comparing indexes)."""
        self.flush()
        return (
            {k: tuple(v) for k, v in self._opened.items() if v},
            {k: tuple(v) for k, v in self._closed.items()},
            self._alive.snapshot(),
            sorted(self._life_end.items()),
        )


def _shown(
    setters: list[Span], others: list[Span], ql: int, qh: int, paired: Mapping[int, int]
) -> int:
    """Of several openings, the latest recorded that may be the one in force."""
    if len(setters) == 1:
        return setters[0][2]
    ranked = sorted(setters, key=lambda s: s[2], reverse=True)
    for shown in ranked:
        rivals = [s for s in setters if s is not shown]
        if certainty_last_in([shown], others + rivals, ql, qh, paired).is_possible:
            return shown[2]
    return ranked[0][2]


def _toggle(positions: list[int], p: int, adding: bool) -> None:
    if not adding:
        if p in positions:
            positions.remove(p)
    elif not positions or positions[-1] < p:
        positions.append(p)
    else:
        insort(positions, p)
