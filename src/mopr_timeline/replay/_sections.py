"""National sections: one register per country, found by the life intervals of establishments.

A country's register holds its ``SectionEstablished`` events (setters) and its enders: its own
``SectionDissolved`` events, or, when it has none among the visible non-retracted events, the
organization's ``Dissolved`` events. Several establishment claims for one country (the source
contradicts itself) are simply several setters of that register, so its certainty is exact as
well; the section shown is the latest-recorded establishment that may be in force.

To find the countries worth asking without visiting every country, each establishment ``a``
gets a *life interval*: from its earliest day to the day before the first day on which some
event of its register certainly follows it in fold order and has certainly happened. After
that, ``a`` can never be the last event of its register. A query visits only the countries
with a life interval meeting the query's bounds.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable, Iterable
from typing import Any

from mopr_timeline.dates._fuzzy import MAX_ORDINAL
from mopr_timeline.events import SectionEstablished
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack
from mopr_timeline.replay._register import Span, certainty_last_in
from mopr_timeline.replay._state import SectionFact

__all__ = ["SectionRegisters", "merge_groups"]


class SectionRegisters:
    """Every country's section register, kept query-ready.

    ``lo``/``hi`` are the index's day-bound lists (by position) and ``dissolutions`` its
    sorted list of the organization's ``Dissolved`` positions; both are shared, not copied.
    """

    def __init__(self, lo: list[int], hi: list[int], dissolutions: list[int]) -> None:
        self._lo = lo
        self._hi = hi
        self._dissolutions = dissolutions
        self._established: dict[str, list[int]] = {}
        self._ended: dict[str, list[int]] = {}
        self._alive = IntervalIndex()
        self._life_end: dict[int, int] = {}
        self._dirty: set[str] = set()
        self._all_dirty = False

    def establish(self, p: int, country: str, *, adding: bool) -> None:
        _toggle(self._established.setdefault(country, []), p, adding)
        if not adding and p in self._life_end:
            self._alive.remove(p, self._lo[p], self._life_end.pop(p))
        self._dirty.add(country)

    def end(self, p: int, country: str, *, adding: bool) -> None:
        ended = self._ended.setdefault(country, [])
        _toggle(ended, p, adding)
        if not ended:
            del self._ended[country]
        self._dirty.add(country)

    def establish_many(self, groups: dict[str, list[int]]) -> None:
        """``establish`` the positions of each country (ascending, after every one held)."""
        merge_groups(self._established, groups)
        self._dirty.update(groups)

    def end_many(self, groups: dict[str, list[int]]) -> None:
        """``end`` the positions of each country (ascending, after every one held)."""
        merge_groups(self._ended, groups)
        self._dirty.update(groups)

    def dissolutions_changed(self) -> None:
        """The organization's dissolutions changed: every country may be affected."""
        self._all_dirty = True

    def flush(self) -> None:
        """Bring the life intervals up to date with the events added or retracted since.

        When every country is affected (or none has a life interval yet) they are all
        computed afresh into a new interval index, built at once.
        """
        if not (self._all_dirty or self._dirty):
            return
        if self._all_dirty or not self._life_end:
            self._life_end = {}
            self._alive = IntervalIndex()
            self._relife(self._established if self._all_dirty else self._dirty, fresh=True)
        elif self._dirty:
            self._relife(self._dirty, fresh=False)
        self._dirty.clear()
        self._all_dirty = False

    def _enders(self, country: str) -> list[int]:
        return self._ended.get(country) or self._dissolutions

    def _relife(self, countries: Iterable[str], *, fresh: bool) -> None:
        """Recompute the life intervals of the establishments of ``countries``.

        A country's register sorted by ``(lo, position)`` (a sort by position, then a stable
        sort by ``lo``) and the suffix minima of its ``hi`` give each establishment ``a`` the
        first day on which an event later in fold order (above ``(hi_a, a)``: a later ``lo``,
        or the same ``lo`` and a later position) has certainly happened. ``fresh``: there are
        no old intervals to drop.
        """
        lo, hi = self._lo, self._hi
        low, high = lo.__getitem__, hi.__getitem__
        established, ended, dissolutions = self._established, self._ended, self._dissolutions
        life_end, alive = self._life_end, self._alive
        never = MAX_ORDINAL + 1
        born: list[int] = []
        for country in countries:
            setters = established.get(country)
            if not setters:
                continue
            register = setters + (ended.get(country) or dissolutions)
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

    def facts(self, ql: int, qh: int, event_at: Callable[[int], Any]) -> tuple[SectionFact, ...]:
        """The sections that may exist on a day in ``[ql, qh]``, by country."""
        self.flush()
        countries = sorted({event_at(p).country for p in self._alive.overlapping(ql, qh)})
        facts = []
        for country in countries:
            set_latest, set_spans = self._spans(self._established[country], ql, qh)
            end_latest, end_spans = self._spans(self._enders(country), ql, qh)
            floor = max(set_latest, end_latest)
            setters = [s for s in set_spans if pack(s[1], s[2]) >= floor]
            others = [s for s in end_spans if pack(s[1], s[2]) >= floor]
            certainty = certainty_last_in(setters, others, ql, qh)
            if not certainty.is_possible:
                continue
            event: SectionEstablished = event_at(_shown(setters, others, ql, qh))
            facts.append(
                SectionFact(
                    country=country,
                    name=event.name,
                    certainty=certainty,
                    established=event.when,
                    event_id=event.id,
                )
            )
        return tuple(facts)

    def _spans(self, positions: list[int], ql: int, qh: int) -> tuple[int, list[Span]]:
        """The latest certainly-past key, and the spans of the events that may count by qh."""
        lo, hi = self._lo, self._hi
        latest = NO_KEY
        spans: list[Span] = []
        for p in positions:
            if lo[p] <= qh:
                spans.append((lo[p], hi[p], p))
                if hi[p] <= ql and pack(lo[p], p) > latest:
                    latest = pack(lo[p], p)
        return latest, spans

    def snapshot(self) -> tuple[Any, ...]:
        """Everything held, in a canonical form (for comparing indexes)."""
        self.flush()
        return (
            {k: tuple(v) for k, v in self._established.items() if v},
            {k: tuple(v) for k, v in self._ended.items()},
            self._alive.snapshot(),
            sorted(self._life_end.items()),
        )


def _shown(setters: list[Span], others: list[Span], ql: int, qh: int) -> int:
    """Of several establishments, the latest recorded that may be the one in force."""
    if len(setters) == 1:
        return setters[0][2]
    ranked = sorted(setters, key=lambda s: s[2], reverse=True)
    for shown in ranked:
        rivals = [s for s in setters if s is not shown]
        if certainty_last_in([shown], others + rivals, ql, qh).is_possible:
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


def merge_groups(lists: dict[str, list[int]], groups: dict[str, list[int]]) -> None:
    """Add each key's ``groups`` positions (sorted) to its sorted list in ``lists``; the
    lists of ``groups`` are taken over, not copied."""
    for key, positions in groups.items():
        held = lists.get(key)
        if held is None:
            lists[key] = positions
        elif not held or held[-1] < positions[0]:
            held.extend(positions)
        else:
            held.extend(positions)
            held.sort()
