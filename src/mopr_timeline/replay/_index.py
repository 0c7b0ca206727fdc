"""The replay index: every family of facts of a stream kept query-ready, updated as records come.

Positions are stream versions. The day bounds of every record live in two lists indexed by
position (plain lists: a load extends them by whole chunks, and their ints are the ones the
records already hold); events themselves are only read for the candidates of an answer.

What each record does is read from its kind's declared effects, never from the kind itself:
founding and dissolution events go to the organization's ``Life``; every family of facts
gets the structure of its shape (``_keyed`` for keyed families, ``_families`` for slots,
accumulated values and records) when its first event arrives. A ``Retracted`` record hides
its target (even one recorded later) and is itself final. A record of a kind that is not
registered in this process changes nothing: it is skipped with an ``UnregisteredKindWarning``.

A record of a registered kind that does not read as one (an ``UnreadableEvent``) changes
nothing either and is skipped with an ``UnreadableRecordWarning``. Records are mostly indexed
by their glance, before their events are decoded, so such a record may be found only when an
answer first decodes it: it is then taken out of every structure it was indexed into (as a
retraction takes out its target) and the answer is computed again without it. A retraction
takes effect only if it reads.
"""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable, Collection, Iterable, Mapping
from itertools import compress, count, islice
from operator import attrgetter
from typing import Any, NoReturn, TypeVar, assert_never, cast

import attrs

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, Certainty, FuzzyDate
from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Accumulates,
    Begins,
    Closes,
    Dissolves,
    Effect,
    Family,
    Founds,
    Glance,
    Opens,
    Reports,
    Retracted,
    Shape,
    Succeeds,
    UnreadableEvent,
    Vacates,
)
from mopr_timeline.replay._disputes import (
    Dispute,
    Trust,
    claim_certainties,
    combine,
    find_disputes,
    readings,
    trusted,
)
from mopr_timeline.replay._errors import (
    ReplayError,
    UnreadableRecordWarning,
    UnregisteredKindWarning,
)
from mopr_timeline.replay._families import (
    NONE_EXCLUDED,
    Accumulated,
    Excluded,
    Life,
    Records,
    SlotRegisters,
    merged,
)
from mopr_timeline.replay._intervals import IntervalIndex
from mopr_timeline.replay._keyed import KeyedRegisters
from mopr_timeline.replay._state import AsOf, Claim, OrgState
from mopr_timeline.store import LazyRecord, RecordedEvent

__all__ = ["ReplayIndex"]

Structure = KeyedRegisters | SlotRegisters | Accumulated | Records
_T = TypeVar("_T")
_Gathered = dict[str, dict[str, list[int]]]
Only = Mapping[str, Collection[str] | None]
"""Families asked for, each with the keys asked for (None: every fact of the family)."""
"""Positions read but not yet indexed: kind -> key (a country, a person, or "") -> positions."""


class ReplayIndex:
    """Query-ready facts of the records ``1..version`` of one stream.

    Records may come with their events undecoded (``LazyRecord``): indexing needs only each
    event's kind, id, start day and key, and an event is decoded the first time an answer,
    ``record`` or ``records`` needs it. One that does not read as its kind is skipped from
    then on (see the module's docstring).
    """

    def __init__(self, stream: str) -> None:
        self.stream = stream
        self.narrowed: Mapping[str, tuple[int, int]] = {}
        """Event id -> the bounds of its day that relations narrow: records indexed from now
        on are indexed with them instead of their own (see ``Timeline``)."""
        self.paired: Mapping[str, str] = {}
        """Closing event id -> the opening the kinds pair it with (see ``Timeline``): answers
        keep the closing's day not before the opening's."""
        self._paired: dict[int, int] = {}
        self._paired_from: Mapping[str, str] = self.paired
        self.entries: list[RecordedEvent | LazyRecord] = []
        self.retractions: dict[str, int] = {}
        self.unregistered: dict[int, str] = {}
        """Position -> kind of the records whose kind is not registered (skipped)."""
        self.unreadable: dict[int, UnreadableEvent] = {}
        """Position -> the records found not to read as their kind so far (skipped)."""
        self._lo: list[int] = [0]
        self._hi: list[int] = [0]
        self._ids: list[str | None] = [None]
        self._kinds: list[str] = [""]
        self._keys: list[str] = [""]
        """By position, like ``_lo``/``_hi``/``_ids``: the kind and key each record was indexed
        by (its glance's), so that taking it out again or judging a claim reads no record."""
        self._position_of: dict[str, int] = {}
        self._ids_seen = 0
        self._links: dict[int, tuple[str, ...]] = {}
        """Position -> the ids of the claims the event there contradicts (when it does)."""
        self._hidden: set[int] = set()
        """Positions of retracted events."""
        self._disputes: list[Dispute] | None = None
        """The disputes (computed when first asked for; forgotten when an event linking
        claims, a retraction or an unreadable record comes)."""
        self._touched: dict[Dispute, set[str]] = {}
        self._families_disputed: tuple[list[Dispute], dict[str, list[Dispute]]] | None = None
        self._reaches: dict[str, tuple[IntervalIndex, list[tuple[Dispute, str]]]] = {}
        """Per keyed family, for the disputes as of ``_disputes`` (no trust): each claim's
        reach (see ``_keyed_reach``)."""
        self._life = Life(self._lo, self._hi, self._ids)
        self._families: dict[str, Structure] = {}

    @property
    def version(self) -> int:
        return len(self.entries)

    def record(self, position: int) -> RecordedEvent:
        """The record at ``position`` (a stream version), its event decoded (an
        ``UnreadableEvent`` for a record that does not read as its kind: skipped from then
        on)."""
        entry = self.entries[position - 1]
        if type(entry) is not RecordedEvent:
            lazy = cast(LazyRecord, entry)
            entry = self.entries[position - 1] = lazy.record()
            if type(entry.event) is UnreadableEvent:
                self._found_unreadable(position, entry.event, indexed=True)
        return entry

    def records(self, upto: int) -> list[RecordedEvent]:
        """The records of versions ``1..upto``, their events decoded."""
        return [self.record(p) for p in range(1, upto + 1)]

    # -- building ---------------------------------------------------------------------------

    def add_all(self, records: Iterable[RecordedEvent | LazyRecord]) -> None:
        """Index the next records of the stream, in order (loads run through here).

        Records are read in chunks and each kind's positions gathered by key; each structure
        then takes its share at once (``_apply_many``): at the end, before a retraction (which
        may have to hide one of them), and when reading fails, so that every record read is
        indexed whole. Last, the keyed families' life intervals are brought up to date, so
        that a load leaves the index ready for its first query.
        """
        gathered: _Gathered = {}
        iterator = iter(records)
        try:
            while True:
                chunk: list[RecordedEvent | LazyRecord] = []
                try:
                    chunk.extend(islice(iterator, _CHUNK))
                finally:
                    if chunk:
                        self._add_chunk(chunk, gathered)
                if len(chunk) < _CHUNK:
                    break
        finally:
            self._apply_many(gathered)
        for structure in self._families.values():
            if isinstance(structure, KeyedRegisters):
                structure.flush()

    def _add_chunk(self, chunk: list[RecordedEvent | LazyRecord], gathered: _Gathered) -> None:
        """Index ``chunk`` (the next records), gathering its positions into ``gathered``.

        The usual chunk (versions in sequence, every glance readable, no retraction, nothing
        retracted already) is taken whole; any other goes record by record (``_add_each``),
        which indexes the records before a bad one and raises there.
        """
        first = len(self.entries) + 1
        if list(map(_version, chunk)) != list(range(first, first + len(chunk))):
            self._add_each(chunk, gathered, None)
            return
        try:
            glances = _glances(chunk)
        except Exception:
            self._add_each(chunk, gathered, None)
            return
        kinds, ids, lows, highs, keys, links = zip(*glances, strict=True)
        if _RETRACTED in kinds or (
            self.retractions and not self.retractions.keys().isdisjoint(ids)
        ):
            self._add_each(chunk, gathered, glances)
            return
        self.entries.extend(chunk)
        self._ids.extend(ids)
        self._kinds.extend(kinds)
        self._keys.extend(keys)
        self._lo.extend(lows)
        self._hi.extend(highs)
        if self.narrowed:
            self._narrow(first, ids)
        if any(links):
            self._links.update((p, ids) for p, ids in zip(count(first), links) if ids)
            self._disputes = None
        _gather(gathered, zip(count(first), kinds, keys))

    def _add_each(
        self,
        chunk: list[RecordedEvent | LazyRecord],
        gathered: _Gathered,
        glances: list[Glance] | None,
    ) -> None:
        """Index ``chunk`` record by record (``glances``: theirs, when already known)."""
        entries, ids, lows, highs = self.entries, self._ids, self._lo, self._hi
        kinds, keys = self._kinds, self._keys
        retractions = self.retractions
        for i, record in enumerate(chunk):
            position = len(entries) + 1
            if record.version != position:
                self._refuse(record.version)
            kind, event_id, lo, hi, key, links = record.glance() if glances is None else glances[i]
            kinds.append(kind)
            keys.append(key)
            if kind == _RETRACTED and _unreadable(record):
                kind = _UNREADABLE
            if kind == _RETRACTED:
                self._apply_many(gathered)
                self._retract(position, key)
            entries.append(record)
            ids.append(None if kind == _RETRACTED else event_id)
            lows.append(lo)
            highs.append(hi)
            if self.narrowed:
                self._narrow(position, (event_id,))
            if links:
                self._links[position] = links
                self._disputes = None
            if kind != _RETRACTED and event_id not in retractions:
                _gather(gathered, ((position, kind, key),))
            elif kind != _RETRACTED:
                self._hidden.add(position)

    def _narrow(self, first: int, ids: Iterable[str]) -> None:
        """Give the records from ``first`` on (of ``ids``) their narrowed day bounds."""
        narrowed = self.narrowed
        for position, event_id in zip(count(first), ids):
            bounds = narrowed.get(event_id)
            if bounds is not None:
                self._lo[position], self._hi[position] = bounds

    def redate(self, days: Mapping[int, tuple[int, int]]) -> None:
        """Give the indexed events at these positions new day bounds ``(lo, hi)`` (relations
        narrowed them further, or let them go): each is taken out of the structures its kind
        puts it in and put back with its new days, instead of indexing the stream again."""
        for p, (lo, hi) in days.items():
            if (self._lo[p], self._hi[p]) == (lo, hi):
                continue
            kind, key = self._kinds[p], self._keys[p]
            live = (
                self._ids[p] is not None
                and p not in self._hidden
                and p not in self.unreadable
                and p not in self.unregistered
            )
            if live:
                self._hide(p, kind, key)
            self._lo[p], self._hi[p] = lo, hi
            if live:
                self._apply_many({kind: {key: [p]}})

    def add(self, record: RecordedEvent | LazyRecord) -> None:
        """Index the next record of the stream (its version must follow the last one)."""
        self.add_all((record,))

    def _refuse(self, version: int) -> NoReturn:
        raise ReplayError(
            f"stream {self.stream!r}: expected version {self.version + 1} next, "
            f"got version {version}"
        )

    def _retract(self, position: int, target: str) -> None:
        """Hide ``target`` from the retraction at ``position`` on (taking it out of the
        structures its glance put it in; one found unreadable is out of them already)."""
        if target in self.retractions:
            return
        self._disputes = None
        hidden = self._position(target)
        if hidden is not None:
            if hidden not in self.unreadable:
                self._hide(hidden, self._kinds[hidden], self._keys[hidden])
            self._hidden.add(hidden)
        self.retractions[target] = position

    def position_of(self, event_id: str) -> int | None:
        """The position of the event (not a retraction) with this id, if indexed."""
        return self._position(event_id)

    def _position(self, event_id: str) -> int | None:
        """The first position of an event (not a retraction) with this id, if any.

        The map from ids is only needed for retractions, so it is brought up to date here
        (from ``_ids``, by position: ``None`` for a retraction) rather than on every load;
        disputes look up their claims with ``_positions`` instead.
        """
        ids, position_of, seen = self._ids, self._position_of, self._ids_seen
        if seen < len(ids) - 1:
            fresh = dict(zip(reversed(ids[seen + 1 :]), range(len(ids) - 1, seen, -1), strict=True))
            fresh.pop(None, None)
            if position_of.keys().isdisjoint(fresh):
                position_of.update(cast(dict[str, int], fresh))
            else:
                for known, position in fresh.items():
                    position_of.setdefault(cast(str, known), position)
            self._ids_seen = len(ids) - 1
        return position_of.get(event_id)

    def _positions(self, wanted: Collection[str]) -> dict[str, int]:
        """The first position of an event (not a retraction) with each id of ``wanted`` that
        is in the stream: one pass over ``_ids`` in C (ids only, no map of every id)."""
        ids = self._ids
        found: dict[str, int] = {}
        for p in compress(count(), map(set(wanted).__contains__, ids)):
            found.setdefault(cast(str, ids[p]), p)
        return found

    def _apply_many(self, gathered: _Gathered) -> None:
        """Hand the gathered positions to the structures their kinds' effects act on, and
        empty ``gathered``. Positions ascend within each group, and none is held already."""
        for kind, groups in gathered.items():
            spec = KINDS.get(kind)
            if spec is None:
                if kind == _UNREADABLE:
                    for p in merged(groups):
                        self._found_unreadable(p, cast(UnreadableEvent, self.record(p).event))
                else:
                    self._skip(kind, groups)
                continue
            for effect in spec.effects:
                self._apply(effect, groups)
        gathered.clear()

    def _apply(self, effect: Effect, groups: dict[str, list[int]]) -> None:
        match effect:
            case Founds():
                self._life.found_many(merged(groups))
            case Dissolves():
                self._life.dissolve_many(merged(groups))
            case Opens():
                self._keyed(effect.family).open_many(groups)
                self._reaches.pop(effect.family, None)
            case Closes():
                self._keyed(effect.family).close_many(groups)
                self._reaches.pop(effect.family, None)
            case Succeeds():
                self._slot(effect.family).succeed_many(merged(groups))
            case Vacates():
                self._slot(effect.family).vacate_many(groups)
            case Accumulates():
                self._accumulated(effect.family).add_many(merged(groups))
            case Begins() | Reports():
                self._records(effect.family).add_many(merged(groups))
            case _:
                assert_never(effect)

    def _hide(self, p: int, kind: str, key: str) -> None:
        """Take the event at ``p`` out of every structure (it was retracted)."""
        spec = KINDS.get(kind)
        if spec is None:
            return
        for effect in spec.effects:
            match effect:
                case Founds():
                    self._life.forget_founding(p)
                case Dissolves():
                    self._life.forget_dissolution(p)
                case Opens():
                    self._keyed(effect.family).open(p, key, adding=False)
                case Closes():
                    self._keyed(effect.family).close(p, key, adding=False)
                case Succeeds():
                    self._slot(effect.family).forget_succession(p)
                case Vacates():
                    self._slot(effect.family).forget_vacating(p, key)
                case Accumulates():
                    self._accumulated(effect.family).forget(p)
                case Begins() | Reports():
                    self._records(effect.family).forget(p)
                case _:
                    assert_never(effect)

    def _found_unreadable(self, p: int, event: UnreadableEvent, *, indexed: bool = False) -> None:
        """The record at ``p`` does not read as its kind: note it, take it out of the
        structures its glance put it in (if it was ``indexed`` into them, and unless it is
        retracted: then it is out already), and warn, unless it is retracted."""
        if p in self.unreadable:
            return
        self.unreadable[p] = event
        self._disputes = None  # an unreadable claim takes part in no dispute
        self._families_disputed = None
        self._reaches = {}
        if self._ids[p] in self.retractions:
            return
        if indexed:
            self._hide(p, self._kinds[p], self._keys[p])
        warnings.warn(UnreadableRecordWarning(self.stream, p, event), stacklevel=3)

    def _skip(self, kind: str, groups: dict[str, list[int]]) -> None:
        """Records of a kind not registered here: noted, and skipped with a warning (one per
        kind and index)."""
        positions = merged(groups)
        known = kind in self.unregistered.values()
        for p in positions:
            self.unregistered[p] = kind
        if not known:
            warnings.warn(UnregisteredKindWarning(self.stream, kind, positions), stacklevel=2)

    # -- the structures of the families, made on first use --------------------------------

    def _structure(self, family: str, shape: Shape) -> Any:
        structure = self._families.get(family)
        if structure is None:
            structure = self._families[family] = self._new(family, shape)
        return structure

    def _new(self, family: str, shape: Shape) -> Structure:
        lo, hi, ids = self._lo, self._hi, self._ids
        match shape:
            case Shape.KEYED:
                keyed = KeyedRegisters(family, lo, hi, ids)
                keyed.paired = self._paired
                return keyed
            case Shape.SLOT:
                slot = SlotRegisters(family, lo, hi, ids)
                slot.paired = self._paired
                return slot
            case Shape.ACCUMULATING:
                return Accumulated(family, lo, hi, ids)
            case Shape.RECORD:
                return Records(family, lo, hi, ids)
            case _:
                assert_never(shape)

    def _keyed(self, family: str) -> KeyedRegisters:
        return cast(KeyedRegisters, self._structure(family, Shape.KEYED))

    def _slot(self, family: str) -> SlotRegisters:
        return cast(SlotRegisters, self._structure(family, Shape.SLOT))

    def _accumulated(self, family: str) -> Accumulated:
        return cast(Accumulated, self._structure(family, Shape.ACCUMULATING))

    def _records(self, family: str) -> Records:
        return cast(Records, self._structure(family, Shape.RECORD))

    # -- querying ---------------------------------------------------------------------------

    def state(
        self, date: FuzzyDate, as_of: AsOf, trust: Trust = None, only: Only | None = None
    ) -> OrgState:
        """The organization on ``date`` as these records tell it, over every reading of its
        disputes (only the trusted claims of a dispute where one is trusted).

        ``only`` (family -> keys, or None for every fact of the family) limits the answer to
        those families, and a keyed family's facts to those keys: each fact is the one the
        whole state holds.

        A record found unreadable while answering is taken out of the structures, and the
        answer computed again without it (``answered``).
        """
        return self.answered(lambda: self._state(date, as_of, trust, only))

    def _pairs_by_position(self) -> None:
        """Bring the positions of the paired events up to date with ``paired``."""
        if self.paired is self._paired_from:
            return
        self._paired_from = self.paired
        self._paired.clear()
        for closing, opening in self.paired.items():
            p, q = self._position(closing), self._position(opening)
            if p is not None and q is not None:
                self._paired[p] = q

    def _state(
        self, date: FuzzyDate, as_of: AsOf, trust: Trust = None, only: Only | None = None
    ) -> OrgState:
        self._pairs_by_position()
        ql, qh = date.lo, date.hi
        disputes, aside = trusted(self.disputes(), trust, self._source_of)
        by_family = self._by_family(disputes) if trust is not None else self._disputed_families()
        life = by_family.get(_LIFE, [])
        families: dict[str, tuple[Any, ...]] = {}
        for name, family in FAMILIES.items():
            if only is not None and name not in only:
                continue
            keys = None if only is None else only[name]
            structure = self._families.get(name)
            if structure is None:
                if family.builtin:
                    families[name] = ()
                continue
            own = by_family.get(name, [])
            shared = life if family.of_organization else []
            if own or shared or aside:
                facts = self._read(structure, family, ql, qh, own, shared, aside, keys)
            else:
                facts = self._scoped(structure, family, ql, qh, NONE_EXCLUDED, keys)
            families[name] = facts
        exists = combine(
            self._life.exists(ql, qh, excluded) for _, excluded in readings(life, aside)
        )
        return OrgState(
            organization=self.stream,
            date=date,
            as_of=as_of,
            exists=exists,
            families=families,
        )

    def influences(self) -> list[tuple[int, int, bool, frozenset[tuple[str, str | None]]]]:
        """What each event taking part in replay may change, and from when: its day bounds
        ``lo, hi``, whether it may change every fact of the organization (it founds or
        dissolves it), and the facts it acts on, as ``(family, key)`` (``key`` None: the whole
        family; a key for a keyed family's openings and closings). A claim of a dispute may
        change what each claim of the dispute acts on."""
        acting: dict[int, tuple[bool, frozenset[tuple[str, str | None]]]] = {}
        for p in range(1, self.version + 1):
            if not self._counts(p):
                continue
            life = False
            acts: set[tuple[str, str | None]] = set()
            for effect in KINDS[self._kinds[p]].effects:
                if isinstance(effect, Founds | Dissolves):
                    life = True
                elif isinstance(effect, Opens | Closes):
                    acts.add((effect.family, self._keys[p]))
                else:
                    acts.add((effect.family, None))
            acting[p] = life, frozenset(acts)
        for dispute in self.disputes():
            claims = [acting[p] for p in dispute.claims if p in acting]
            shared = any(life for life, _ in claims), frozenset().union(*(a for _, a in claims))
            acting.update((p, shared) for p in dispute.claims if p in acting)
        lo, hi = self._lo, self._hi
        return [(lo[p], hi[p], life, acts) for p, (life, acts) in acting.items()]

    # -- for questions over a period (``_during``) ------------------------------------------

    def answered(self, answer: Callable[[], _T]) -> _T:
        """``answer()`` (a computation reading this index's events), computed again without
        each record it finds unreadable (taken out of the structures)."""
        skipped: set[int] = set()
        while True:
            try:
                return answer()
            except _UnreadableFoundError as found:
                if found.position in skipped:  # pragma: no cover - it was taken out
                    raise AssertionError(
                        f"unreadable record {found.position} not skipped"
                    ) from None
                skipped.add(found.position)

    def day_bounds(self, p: int) -> tuple[int, int]:
        """The bounds of the day of the event at ``p`` (narrowed by relations, if any)."""
        return self._lo[p], self._hi[p]

    def structure_of(self, family: str) -> Structure | None:
        """The structure holding ``family``'s events (None before its first event)."""
        return self._families.get(family)

    @property
    def life(self) -> Life:
        """The organization's foundings and dissolutions."""
        return self._life

    def trusted_disputes(self, trust: Trust) -> tuple[list[Dispute], frozenset[int]]:
        """The disputes in force as ``trust`` leaves them, and the claims it sets aside."""
        return trusted(self.disputes(), trust, self._source_of)

    def value_at(self, p: int, family: str) -> str | None:
        """The value the event at ``p`` succeeds with in the slot ``family``."""
        return self._value_of(p, family)

    def values_at(self, p: int, family: str) -> list[str]:
        """The values the event at ``p`` gives the accumulating ``family``."""
        return self._values_of(p, family)

    # -- disputes -----------------------------------------------------------------------------

    def disputes(self) -> list[Dispute]:
        """The disputes among the events in force (kept until what they rest on changes)."""
        if not self._links:
            return []
        known = self._disputes
        if known is None:
            targets = {target for linked in self._links.values() for target in linked}
            known = find_disputes(self._links, self._positions(targets).get, self._counts)
            self._touched = {}
            self._reaches = {}
            self._disputes = known
        return known

    def _disputed_families(self) -> dict[str, list[Dispute]]:
        """``_by_family`` of the disputes in force, computed once per version."""
        disputes = self.disputes()
        known = self._families_disputed
        if known is None or known[0] is not disputes:
            known = self._families_disputed = (disputes, self._by_family(disputes))
        return known[1]

    def _by_family(self, disputes: list[Dispute]) -> dict[str, list[Dispute]]:
        """The disputes by the families their claims act on (``_LIFE``: a founding or a
        dissolution), each list in the order of ``disputes``."""
        found: dict[str, list[Dispute]] = {}
        for dispute in disputes:
            for name in self._claim_families(dispute):
                found.setdefault(name, []).append(dispute)
        return found

    def _counts(self, p: int) -> bool:
        """Does the event at ``p`` take part in replay (not retracted, kind registered)?"""
        return (
            p not in self._hidden
            and p not in self.unregistered
            and p not in self.unreadable
            and self._ids[p] is not None
        )

    def _source_of(self, p: int) -> Any:
        return self._event(p).source

    def _claim_families(self, dispute: Dispute) -> set[str]:
        """The families the claims of ``dispute`` act on (``_LIFE`` for a founding or a
        dissolution), read from their kinds' effects once per dispute."""
        touched = self._touched.get(dispute)
        if touched is None:
            touched = set()
            for p in dispute.claims:
                for effect in KINDS[self._kinds[p]].effects:
                    if isinstance(effect, Founds | Dissolves):
                        touched.add(_LIFE)
                    else:
                        touched.add(effect.family)
            self._touched[dispute] = touched
        return touched

    def _read(
        self,
        structure: Structure,
        family: Family,
        ql: int,
        qh: int,
        own: list[Dispute],
        life: list[Dispute],
        aside: frozenset[int],
        only: Collection[str] | None = None,
    ) -> tuple[Any, ...]:
        """The facts of a family over every reading of the disputes it rests on: ``own``
        (claims acting on the family) and ``life`` (claims founding or dissolving the
        organization, for a family of facts of the organization).

        Each fact is judged over the readings of only the disputes that can change it: those
        with a claim among its own events (a keyed fact's openings and closings, a value's
        givers, a record itself; for a slot, whose values all share its successions, those
        with a claim that may still be in force by the query's last day), and ``life``.
        """
        if isinstance(structure, KeyedRegisters):
            reach, entries = self._keyed_reach(structure, family, own, cache=aside == frozenset())
            by_key: dict[str, list[Dispute]] = {}
            for i in reach.overlapping(ql, qh):
                dispute, key = entries[i]
                held = by_key.setdefault(key, [])
                if dispute not in held:
                    held.append(dispute)
            base: dict[str, Any] = {}
            seen: dict[Excluded, tuple[Any, ...]] = {}
            if only is not None and life:
                keys = set(only)  # the keys asked for are judged, each over the readings
            else:
                base = {f.identity: f for f in self._scoped(structure, family, ql, qh, aside, only)}
                keys = set(base) | set(by_key)
                # a reading's facts listed whole serve to judge the keys again only when the
                # claims it sets aside open or close no key of the family (keys are listed by
                # life intervals computed with every claim in)
                reuse = not aside and all(family.name not in self._claim_families(d) for d in life)
                for _, excluded in readings(life, aside) if life else ():
                    listed = self._scoped(structure, family, ql, qh, excluded, only)
                    keys.update(f.identity for f in listed)
                    if reuse:
                        seen[excluded] = listed
                if only is not None:
                    keys.intersection_update(only)
            found: dict[str, Any] = {}
            alike: dict[tuple[Dispute, ...], list[str]] = {}
            for key in keys:
                resting = tuple(sorted(by_key.get(key, ()), key=attrgetter("claims")))
                if not resting and not life:
                    if key in base:
                        found[key] = base[key]
                    continue
                alike.setdefault(resting, []).append(key)
            # the keys resting on the same disputes are judged together: the same readings
            for resting, together in alike.items():
                judged = self._judge(
                    structure, family, ql, qh, [*resting, *life], aside, together, seen
                )
                found.update((fact.identity, fact) for fact in judged)
            return tuple(found[key] for key in sorted(found))
        if isinstance(structure, Records):
            lo = self._lo
            mine = [d for d in own if any(lo[p] <= qh for p in d.claims)]
            return self._judge(structure, family, ql, qh, mine, aside)
        if isinstance(structure, SlotRegisters):
            live = structure.live_claims(ql, qh, {p for d in own for p in d.claims})
            mine = [d for d in own if not live.isdisjoint(d.claims)]
            return self._judge(structure, family, ql, qh, [*mine, *life], aside)
        return self._judge(structure, family, ql, qh, [*own, *life], aside)

    def _keyed_reach(
        self, structure: KeyedRegisters, family: Family, own: list[Dispute], *, cache: bool
    ) -> tuple[IntervalIndex, list[tuple[Dispute, str]]]:
        """Which dispute may change which key of a keyed family on which days: each claim of
        ``own`` opening or closing a key counts from its earliest day until its reach (an
        event that is no claim has certainly superseded it); a closing of a family of the
        organization counts on every day, as it decides whether its key outlives the
        organization's dissolution. Each is an interval of an index whose
        positions number ``(dispute, key)`` entries. A query then visits only the disputes
        that may change a fact on its days, not every dispute of the log. Kept per version
        when ``cache`` (the disputes untouched by ``trust``)."""
        known = self._reaches.get(family.name) if cache else None
        if known is not None:
            return known
        claims = {p for d in own for p in d.claims}
        entries: list[tuple[Dispute, str]] = []
        reach = IntervalIndex()
        lo = self._lo
        for dispute in own:
            for p in dispute.claims:
                keyed = [
                    effect
                    for effect in KINDS[self._kinds[p]].effects
                    if isinstance(effect, Opens | Closes) and effect.family == family.name
                ]
                if not keyed:
                    continue
                key = self._keys[p]  # the kind's key field: what it opens or closes
                if isinstance(keyed[0], Closes) and family.of_organization:
                    # whether the key has a closing of its own decides, on every day after a
                    # dissolution, whether it outlives the organization: whatever its date
                    reach.add(len(entries), MIN_ORDINAL, MAX_ORDINAL)
                    entries.append((dispute, key))
                    continue
                end = structure.reach(p, key, claims)
                if lo[p] < end:
                    reach.add(len(entries), lo[p], end - 1)
                    entries.append((dispute, key))
        if cache:
            self._reaches[family.name] = (reach, entries)
        return reach, entries

    def _judge(
        self,
        structure: Structure,
        family: Family,
        ql: int,
        qh: int,
        disputes: list[Dispute],
        aside: frozenset[int],
        only: Collection[str] | None = None,
        seen: Mapping[Excluded, tuple[Any, ...]] | None = None,
    ) -> tuple[Any, ...]:
        """The facts over the readings of ``disputes``: each fact's certainty combined over
        them, with the claims of each dispute it rests on (one of whose claims is among the
        fact's events, or whose choice changes its certainty). ``seen``: every fact of the
        family in some readings, already computed (those of ``only`` are taken from them)."""
        disputes = list(dict.fromkeys(disputes))
        results: list[tuple[tuple[int, ...], dict[str, Any]]] = []
        order: dict[str, int] = {}
        wanted = None if only is None else set(only)
        for choice, excluded in readings(disputes, aside):
            known = None if seen is None else seen.get(excluded)
            if known is None:
                facts = self._scoped(structure, family, ql, qh, excluded, only)
            else:
                facts = tuple(f for f in known if wanted is None or f.identity in wanted)
            for fact in facts:
                order.setdefault(fact.identity, len(order))
            results.append((choice, {fact.identity: fact for fact in facts}))
        ids = {p: cast(str, self._ids[p]) for d in disputes for p in d.claims}
        judged = []
        for identity in sorted(order, key=order.__getitem__):
            held = [(choice, facts.get(identity)) for choice, facts in results]
            certainty = combine(
                Certainty.IMPOSSIBLE if fact is None else fact.certainty for _, fact in held
            )
            if not certainty.is_possible:
                continue
            shown = max((f for _, f in held if f is not None), key=lambda f: f.certainty.rank)
            events = sorted({e for _, f in held if f is not None for e in f.events})
            per_claim = claim_certainties(
                disputes,
                [
                    (choice, Certainty.IMPOSSIBLE if f is None else f.certainty)
                    for choice, f in held
                ],
            )
            claims = [
                Claim(
                    event=ids[p],
                    source=_cited(self._source_of(p)),
                    certainty=c,
                    when=getattr(self._event(p), "when", None),
                    about=family.name in self._claim_families(Dispute((p,))),
                )
                for dispute, by_claim in per_claim.items()
                if len(set(by_claim.values())) > 1 or any(ids[p] in events for p in dispute.claims)
                for p, c in by_claim.items()
            ]
            judged.append(
                attrs.evolve(
                    shown,
                    certainty=certainty,
                    events=tuple(events),
                    disputed=bool(claims),
                    claims=tuple(claims),
                )
            )
        return tuple(judged)

    def _scoped(
        self,
        structure: Structure,
        family: Family,
        ql: int,
        qh: int,
        excluded: Excluded,
        only: Collection[str] | None = None,
    ) -> tuple[Any, ...]:
        """The facts of a family in the readings that set ``excluded`` aside (only the
        identities ``only`` of a keyed family, when given), within the organization's life for
        a family of facts of the organization."""
        facts = self._facts(structure, ql, qh, excluded, only)
        if family.of_organization:
            facts = self._within_life(structure, facts, ql, qh, excluded, only)
        return facts

    def _facts(
        self,
        structure: Structure,
        ql: int,
        qh: int,
        excluded: Excluded = NONE_EXCLUDED,
        only: Collection[str] | None = None,
    ) -> tuple[Any, ...]:
        family = structure.family
        match structure:
            case KeyedRegisters():
                return structure.facts(ql, qh, self._event, self._key_of, excluded, only)
            case SlotRegisters():
                return structure.facts(ql, qh, lambda p: self._value_of(p, family), excluded)
            case Accumulated():
                return structure.facts(ql, qh, lambda p: self._values_of(p, family), excluded)
            case Records():
                return structure.facts(ql, qh, self._event, excluded)
            case _:
                assert_never(structure)

    def _within_life(
        self,
        structure: Structure,
        facts: tuple[Any, ...],
        ql: int,
        qh: int,
        excluded: Excluded,
        only: Collection[str] | None,
    ) -> tuple[Any, ...]:
        """The facts of a family of the organization: each also needs the organization's
        life, L(q) = "founded by q and not yet dissolved" (a keyed fact with closing events of
        its own: only "founded by q"), in the readings that set ``excluded`` aside.

        L's founding and dissolution events are not among a fact's register events (or, as
        for the names, found in every reading where the register holds), so the two vary
        independently but for the shared day q, and L is certain on the days
        ``[f_certain, d_possible - 1]`` and possible on ``[f_possible, d_certain - 1]``
        (``Life.founding_bounds``, ``dissolution_bounds``). The fact is CERTAIN iff its
        register is certain on ``[ql, qh]`` and L is certain there; else POSSIBLE iff its
        register may hold on a day of ``[ql, qh]`` where L may hold; else IMPOSSIBLE: exact.
        """
        founding = self._life.founding_bounds(excluded)
        if founding is None:
            return ()
        ending = self._life.dissolution_bounds(excluded) or (_NEVER, _NEVER)
        outlives = (
            functools.partial(structure.closes_itself, excluded=excluded)
            if isinstance(structure, KeyedRegisters)
            else _never_outlives
        )
        narrowed: dict[tuple[int, int], set[str]] = {}
        kept = []
        for fact in facts:
            end_possible, end_certain = (_NEVER, _NEVER) if outlives(fact.identity) else ending
            if founding[1] <= ql and qh < end_possible:
                kept.append(fact)
                continue
            window = (max(ql, founding[0]), min(qh, end_certain - 1))
            if window[0] > window[1]:
                continue
            held = narrowed.get(window)
            if held is None:
                within = (
                    facts if window == (ql, qh) else self._facts(structure, *window, excluded, only)
                )
                held = narrowed[window] = {f.identity for f in within}
            if fact.identity in held:
                kept.append(attrs.evolve(fact, certainty=Certainty.POSSIBLE))
        return tuple(kept)

    def _event(self, p: int) -> Any:
        """The event at ``p`` for an answer (``_UnreadableFoundError`` if it does not read)."""
        event = self.record(p).event
        if type(event) is UnreadableEvent:
            raise _UnreadableFoundError(p)
        return event

    def _key_of(self, p: int) -> str:
        """The key of the event at ``p`` (its kind's keyed field)."""
        event = self._event(p)
        return cast(str, getattr(event, KINDS[event.kind].key or ""))

    def _value_of(self, p: int, family: str) -> str | None:
        """The value the event at ``p`` succeeds with in the slot ``family`` (None for a
        dissolution clearing it)."""
        event = self._event(p)
        for effect in KINDS[event.kind].effects:
            if isinstance(effect, Succeeds) and effect.family == family:
                return cast(str, getattr(event, effect.value))
        return None

    def _values_of(self, p: int, family: str) -> list[str]:
        """The values the event at ``p`` gives the accumulating ``family``, in field order."""
        event = self._event(p)
        values: list[str] = []
        for effect in KINDS[event.kind].effects:
            if isinstance(effect, Accumulates) and effect.family == family:
                for field in effect.values:
                    value = getattr(event, field)
                    if isinstance(value, str):
                        values.append(value)
                    elif value is not None:
                        values.extend(value)
        return values

    # -- comparing --------------------------------------------------------------------------

    def snapshot(self) -> tuple[Any, ...]:
        """Everything the index holds, in a canonical form: equal for equal record sequences."""
        return (
            self.version,
            sorted(self.retractions.items()),
            sorted(self.unregistered.items()),
            sorted(self.unreadable),
            tuple(self._lo),
            tuple(self._hi),
            self._life.snapshot(),
            {name: structure.snapshot() for name, structure in sorted(self._families.items())},
        )


_RETRACTED = Retracted.kind
_NEVER = MAX_ORDINAL + 1
_LIFE = "\0life"
"""What a founding or dissolution claim acts on, among family names (none can be it)."""
"""A day after every day: no dissolution, or none that counts."""


def _never_outlives(_: str) -> bool:
    return False


def _cited(source: Any) -> str | None:
    """A claim's source as a fact's JSON names it: its short citation."""
    return None if source is None else str(source)


_UNREADABLE = UnreadableEvent.kind
_CHUNK = 4096
"""Records read at a time by ``add_all``."""
_version = attrgetter("version")


def _glances(chunk: list[RecordedEvent | LazyRecord]) -> list[Glance]:
    """The glances of the records of ``chunk``."""
    kinds = set(map(type, chunk))
    if kinds == {LazyRecord}:
        return list(map(LazyRecord.glance, cast(list[LazyRecord], chunk)))
    return [record.glance() for record in chunk]


class _UnreadableFoundError(Exception):
    """An answer met the record at ``position``, found unreadable (and now skipped)."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def _unreadable(record: RecordedEvent | LazyRecord) -> bool:
    """Does the record's event not read as its kind?"""
    event = record.record().event if isinstance(record, LazyRecord) else record.event
    return type(event) is UnreadableEvent


def _gather(gathered: _Gathered, items: Iterable[tuple[int, str, str]]) -> None:
    """Add each ``(position, kind, key)`` to the positions gathered under its kind and key."""
    for position, kind, key in items:
        groups = gathered.get(kind)
        if groups is None:
            groups = gathered[kind] = {}
        held = groups.get(key)
        if held is None:
            groups[key] = [position]
        else:
            held.append(position)
