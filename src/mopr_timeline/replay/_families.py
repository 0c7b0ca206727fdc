"""The organization's life, and the structures of the slot, accumulating and record families.

Each structure keeps the stream positions of the events acting on it (their day bounds are
the index's ``lo``/``hi`` lists, shared) and answers, for a query day in ``[ql, qh]``, its
facts with exact certainties (see ``_register``); keyed families live in ``_keyed``. Events
are read (``event_at``) only for the candidates of an answer.

* ``Life``: existence, set by founding events and cleared by dissolutions.
* ``SlotRegisters``: "v holds the slot" is set by the events succeeding with v and cleared by
  the other successions and by v's own vacating events (someone else vacating never changes
  whether v holds it).
* ``Accumulated``: a value holds once an event giving it has happened.

The organization's life (a founding by the day, no dissolution yet) is applied to the facts of
the organization by the index, on top of these.
* ``Records``: each event is a fact from its first day.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from itertools import chain
from typing import Any, cast

from mopr_timeline.dates import MIN_ORDINAL, Certainty
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack, unpack
from mopr_timeline.replay._register import NO_PAIRS, certainty_last_in
from mopr_timeline.replay._state import Fact, RecordFact

__all__ = [
    "NONE_EXCLUDED",
    "Accumulated",
    "Excluded",
    "Life",
    "Records",
    "SlotRegisters",
    "merge_groups",
    "merged",
]

EventAt = Callable[[int], Any]
_Source = IntervalIndex | list[int]
Excluded = frozenset[int]
"""Positions of events a reading sets aside (the other claims of its disputes)."""
NONE_EXCLUDED: Excluded = frozenset()


def merged(groups: dict[str, list[int]]) -> list[int]:
    """The positions of every key, in order (a kind without a key has them all under "")."""
    if len(groups) == 1:
        return next(iter(groups.values()))
    return sorted(chain.from_iterable(groups.values()))


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


def _discard(positions: list[int], p: int) -> None:
    if p in positions:
        positions.remove(p)


class _Registers:
    """What every register-based structure shares: the day bounds, and the candidate and
    certainty computations of ``_register``."""

    def __init__(self, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        self._lo = lo
        self._hi = hi
        self._ids = ids
        self.paired: Mapping[int, int] = NO_PAIRS
        """A closing's position -> the opening's it is paired with (the index's, shared)."""

    def _candidates(
        self, sources: Sequence[_Source], ql: int, qh: int, excluded: Excluded = NONE_EXCLUDED
    ) -> tuple[int, list[int]]:
        """The latest certainly-past key of ``sources`` and their candidate positions: those
        that may be the last relevant event on or before the query day (see ``_register``),
        the ``excluded`` events left out."""
        lo, hi = self._lo, self._hi
        latest = NO_KEY
        for source in sources:
            if isinstance(source, IntervalIndex):
                latest = max(latest, source.latest_ending_by(ql, excluded))
            else:
                own = (pack(lo[p], p) for p in source if hi[p] <= ql and p not in excluded)
                latest = max(latest, max(own, default=NO_KEY))
        floor = MIN_ORDINAL if latest == NO_KEY else unpack(latest)[0]
        found: list[int] = []
        for source in sources:
            if isinstance(source, IntervalIndex):
                found.extend(source.overlapping(floor, qh))
            else:
                found.extend(p for p in source if lo[p] <= qh and hi[p] >= floor)
        return latest, [p for p in found if pack(hi[p], p) >= latest and p not in excluded]

    def _event_ids(self, positions: Iterable[int]) -> tuple[str, ...]:
        ids = self._ids
        return tuple(cast(str, ids[p]) for p in sorted(positions))

    def _certainty(
        self, positions: Iterable[int], sets: Iterable[int], ql: int, qh: int
    ) -> Certainty:
        chosen = set(sets)
        lo, hi = self._lo, self._hi
        setters: list[tuple[int, int, int]] = []
        others: list[tuple[int, int, int]] = []
        for p in positions:
            (setters if p in chosen else others).append((lo[p], hi[p], p))
        return certainty_last_in(setters, others, ql, qh, self.paired)


class Life(_Registers):
    """The organization's existence: its founding and dissolution events.

    ``dissolutions`` is the sorted list of the dissolutions' positions, shared with the
    families that end with the organization.
    """

    def __init__(self, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        super().__init__(lo, hi, ids)
        self.founded = IntervalIndex()
        self.dissolved = IntervalIndex()
        self.dissolutions: list[int] = []
        self._founders: set[int] = set()

    def found_many(self, positions: list[int]) -> None:
        self.founded.add_many(positions, self._lo.__getitem__, self._hi.__getitem__)
        self._founders.update(positions)

    def dissolve_many(self, positions: list[int]) -> None:
        self.dissolved.add_many(positions, self._lo.__getitem__, self._hi.__getitem__)
        held = self.dissolutions
        if held and positions and positions[0] < held[-1]:  # one put back with new days
            held.extend(positions)
            held.sort()
        else:
            held.extend(positions)

    def forget_founding(self, p: int) -> None:
        self.founded.remove(p, self._lo[p], self._hi[p])
        self._founders.discard(p)

    def forget_dissolution(self, p: int) -> None:
        self.dissolved.remove(p, self._lo[p], self._hi[p])
        _discard(self.dissolutions, p)

    @property
    def founders(self) -> set[int]:
        """The positions of the founding events."""
        return self._founders

    def founding_bounds(self, excluded: Excluded = NONE_EXCLUDED) -> tuple[int, int] | None:
        """``(possible, certain)``: the first day by which some founding may have happened
        (the least earliest day of the founding events) and the first by which one certainly
        has (their least latest day); None without a founding."""
        return _first_days(self._founders - excluded, self._lo, self._hi)

    def dissolution_bounds(self, excluded: Excluded = NONE_EXCLUDED) -> tuple[int, int] | None:
        """``(possible, certain)`` days of the first dissolution, like ``founding_bounds``."""
        return _first_days(set(self.dissolutions) - excluded, self._lo, self._hi)

    def exists(self, ql: int, qh: int, excluded: Excluded = NONE_EXCLUDED) -> Certainty:
        _, found = self._candidates((self.founded, self.dissolved), ql, qh, excluded)
        return self._certainty(found, (p for p in found if p in self._founders), ql, qh)

    def snapshot(self) -> tuple[Any, ...]:
        return (self.founded.snapshot(), self.dissolved.snapshot(), tuple(self.dissolutions))


def _first_days(positions: Iterable[int], lo: list[int], hi: list[int]) -> tuple[int, int] | None:
    """The first day on which one of the events at ``positions`` may have happened, and the
    first on which one certainly has; None when there are none."""
    listed = list(positions)
    if not listed:
        return None
    return min(lo[p] for p in listed), min(hi[p] for p in listed)


class SlotRegisters(_Registers):
    """A slot family (the chair): its successions, and its vacatings by value.
    ``value_of(p)`` reads the value an event at ``p`` succeeds with."""

    def __init__(self, family: str, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        super().__init__(lo, hi, ids)
        self.family = family
        self._setters = IntervalIndex()
        self._vacated: dict[str, list[int]] = {}

    def succeed_many(self, positions: list[int]) -> None:
        self._setters.add_many(positions, self._lo.__getitem__, self._hi.__getitem__)

    def vacate_many(self, groups: dict[str, list[int]]) -> None:
        merge_groups(self._vacated, groups)

    def forget_succession(self, p: int) -> None:
        self._setters.remove(p, self._lo[p], self._hi[p])

    def forget_vacating(self, p: int, value: str) -> None:
        _discard(self._vacated.get(value, []), p)

    @property
    def successions(self) -> IntervalIndex:
        """The events succeeding in the slot, by their day bounds."""
        return self._setters

    def vacatings(self, value: str) -> list[int]:
        """The positions of the events vacating ``value`` (ascending)."""
        return self._vacated.get(value, [])

    def live_claims(self, ql: int, qh: int, claims: Collection[int]) -> set[int]:
        """Those of ``claims`` (positions of disputed claims) that may still count on a day
        of ``[ql, qh]`` in some reading: vacatings dated by ``qh``, and successions not
        certainly superseded before ``ql`` by an event that is no claim."""
        latest = self._setters.latest_ending_by(ql, claims)
        floor = MIN_ORDINAL if latest == NO_KEY else unpack(latest)[0]
        live = {p for p in self._setters.overlapping(floor, qh) if p in claims}
        vacating = set().union(*self._vacated.values())
        live.update(p for p in claims if p in vacating and self._lo[p] <= qh)
        return live

    def facts(
        self, ql: int, qh: int, value_of: EventAt, excluded: Excluded = NONE_EXCLUDED
    ) -> tuple[Fact, ...]:
        latest, base = self._candidates((self._setters,), ql, qh, excluded)
        base.sort()
        order: dict[str, int] = {}
        setters: dict[str, list[int]] = {}
        for p in base:
            value = value_of(p)
            if value is not None:
                order.setdefault(value, p)
                setters.setdefault(value, []).append(p)
        facts = []
        for value in sorted(setters, key=order.__getitem__):
            vacated = self._vacated.get(value)
            found = base
            if vacated:
                own_latest, own = self._candidates((vacated,), ql, qh, excluded)
                floor = max(latest, own_latest)
                found = [p for p in base + own if pack(self._hi[p], p) >= floor]
            certainty = self._certainty(found, setters[value], ql, qh)
            if certainty.is_possible:
                events = self._event_ids(setters[value])
                facts.append(Fact(value=value, certainty=certainty, events=events))
        return tuple(facts)

    def snapshot(self) -> tuple[Any, ...]:
        return (self._setters.snapshot(), {k: tuple(v) for k, v in self._vacated.items() if v})


class Accumulated:
    """An accumulating family (the names): ``values_of(p)`` reads the values an event gives."""

    def __init__(self, family: str, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        self.family = family
        self._lo = lo
        self._hi = hi
        self._ids = ids
        self._givers = IntervalIndex()

    def add_many(self, positions: list[int]) -> None:
        self._givers.add_many(positions, self._lo.__getitem__, self._hi.__getitem__)

    @property
    def givers(self) -> IntervalIndex:
        """The events giving values, by their day bounds."""
        return self._givers

    def forget(self, p: int) -> None:
        self._givers.remove(p, self._lo[p], self._hi[p])

    def facts(
        self,
        ql: int,
        qh: int,
        values_of: Callable[[int], Iterable[str]],
        excluded: Excluded = NONE_EXCLUDED,
    ) -> tuple[Fact, ...]:
        """Each value: "some event giving it is dated on or before q" is CERTAIN iff one such
        event certainly is (``hi <= ql``) and POSSIBLE iff one may be (``lo <= qh``): exact, as
        the events' days and the query day vary independently."""
        found = sorted(p for p in self._givers.overlapping(MIN_ORDINAL, qh) if p not in excluded)
        order: dict[str, tuple[int, int]] = {}
        certain: dict[str, bool] = {}
        givers: dict[str, list[str]] = {}
        for p in found:
            for i, value in enumerate(values_of(p)):
                order.setdefault(value, (p, i))
                certain[value] = certain.get(value, False) or self._hi[p] <= ql
                givers.setdefault(value, []).append(cast(str, self._ids[p]))
        return tuple(
            Fact(
                value=value,
                certainty=Certainty.of(certain[value], True),
                events=tuple(givers[value]),
            )
            for value in sorted(order, key=order.__getitem__)
        )

    def snapshot(self) -> tuple[Any, ...]:
        return self._givers.snapshot()


class Records:
    """A record family (congresses, reports): each event counts from its first day."""

    def __init__(self, family: str, lo: list[int], hi: list[int], ids: list[str | None]) -> None:
        self.family = family
        self._lo = lo
        self._hi = hi
        self._ids = ids
        self._keys = array("q")

    def add_many(self, positions: list[int]) -> None:
        """Merge the ``(lo, position)`` keys of ``positions`` into the sorted keys."""
        lo = self._lo
        self._keys.extend(array("q", [pack(lo[p], p) for p in positions]))
        self._keys[:] = array("q", sorted(self._keys))

    def forget(self, p: int) -> None:
        key = pack(self._lo[p], p)
        i = bisect_right(self._keys, key) - 1
        if i >= 0 and self._keys[i] == key:
            del self._keys[i]

    def facts(
        self, ql: int, qh: int, event_at: EventAt, excluded: Excluded = NONE_EXCLUDED
    ) -> tuple[RecordFact, ...]:
        end = bisect_right(self._keys, pack(qh, (1 << 32) - 1))
        positions = [k & 0xFFFFFFFF for k in self._keys[:end]]
        positions = [p for p in positions if p not in excluded]
        positions.sort(key=lambda p: (event_at(p).start.sort_key(), p))
        return tuple(
            RecordFact(
                family=self.family,
                certainty=Certainty.of(self._hi[p] <= ql, True),
                event=event_at(p),
                events=(cast(str, self._ids[p]),),
            )
            for p in positions
        )

    def snapshot(self) -> tuple[Any, ...]:
        return tuple(self._keys)
