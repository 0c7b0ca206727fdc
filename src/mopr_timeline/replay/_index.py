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

import warnings
from collections.abc import Iterable
from itertools import count, islice
from operator import attrgetter
from typing import Any, NoReturn, assert_never, cast

from mopr_timeline.dates import FuzzyDate
from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Accumulates,
    Begins,
    Closes,
    Dissolves,
    Effect,
    Founds,
    Glance,
    Opens,
    Reports,
    Retracted,
    Shape,
    Succeeds,
    UnreadableEvent,
    Vacates,
    glance_event,
)
from mopr_timeline.replay._errors import (
    ReplayError,
    UnreadableRecordWarning,
    UnregisteredKindWarning,
)
from mopr_timeline.replay._families import (
    Accumulated,
    Life,
    Records,
    SlotRegisters,
    merged,
)
from mopr_timeline.replay._keyed import KeyedRegisters
from mopr_timeline.replay._state import AsOf, OrgState
from mopr_timeline.store import LazyRecord, RecordedEvent

__all__ = ["ReplayIndex"]

Structure = KeyedRegisters | SlotRegisters | Accumulated | Records
_Gathered = dict[str, dict[str, list[int]]]
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
        self.entries: list[RecordedEvent | LazyRecord] = []
        self.retractions: dict[str, int] = {}
        self.unregistered: dict[int, str] = {}
        """Position -> kind of the records whose kind is not registered (skipped)."""
        self.unreadable: dict[int, UnreadableEvent] = {}
        """Position -> the records found not to read as their kind so far (skipped)."""
        self._lo: list[int] = [0]
        self._hi: list[int] = [0]
        self._ids: list[str | None] = [None]
        self._position_of: dict[str, int] = {}
        self._ids_seen = 0
        self._life = Life(self._lo, self._hi)
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
                self._found_unreadable(position, entry.event, lazy.glance())
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
        kinds, ids, lows, highs, keys = zip(*glances, strict=True)
        if _RETRACTED in kinds or (
            self.retractions and not self.retractions.keys().isdisjoint(ids)
        ):
            self._add_each(chunk, gathered, glances)
            return
        self.entries.extend(chunk)
        self._ids.extend(ids)
        self._lo.extend(lows)
        self._hi.extend(highs)
        _gather(gathered, zip(count(first), kinds, keys))

    def _add_each(
        self,
        chunk: list[RecordedEvent | LazyRecord],
        gathered: _Gathered,
        glances: list[Glance] | None,
    ) -> None:
        """Index ``chunk`` record by record (``glances``: theirs, when already known)."""
        entries, ids, lows, highs = self.entries, self._ids, self._lo, self._hi
        retractions = self.retractions
        for i, record in enumerate(chunk):
            position = len(entries) + 1
            if record.version != position:
                self._refuse(record.version)
            kind, event_id, lo, hi, key = _glance(record) if glances is None else glances[i]
            if kind == _RETRACTED and _unreadable(record):
                kind = _UNREADABLE
            if kind == _RETRACTED:
                self._apply_many(gathered)
                self._retract(position, key)
            entries.append(record)
            ids.append(None if kind == _RETRACTED else event_id)
            lows.append(lo)
            highs.append(hi)
            if kind != _RETRACTED and event_id not in retractions:
                _gather(gathered, ((position, kind, key),))

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
        hidden = self._position(target)
        if hidden is not None and hidden not in self.unreadable:
            entry = self.entries[hidden - 1]
            indexed = entry.glance() if isinstance(entry, LazyRecord) else glance_event(entry.event)
            self._hide(hidden, indexed.kind, indexed.key)
        self.retractions[target] = position

    def _position(self, event_id: str) -> int | None:
        """The first position of an event (not a retraction) with this id, if any.

        The map from ids is only needed for retractions, so it is brought up to date here
        (from ``_ids``, by position: ``None`` for a retraction) rather than on every load.
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

    def _apply_many(self, gathered: _Gathered) -> None:
        """Hand the gathered positions to the structures their kinds' effects act on, and
        empty ``gathered``. Positions ascend and follow every position already indexed."""
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
                for structure in self._families.values():
                    if isinstance(structure, KeyedRegisters):
                        structure.dissolutions_changed()
            case Opens():
                self._keyed(effect.family).open_many(groups)
            case Closes():
                self._keyed(effect.family).close_many(groups)
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
                    for structure in self._families.values():
                        if isinstance(structure, KeyedRegisters):
                            structure.dissolutions_changed()
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

    def _found_unreadable(
        self, p: int, event: UnreadableEvent, indexed: Glance | None = None
    ) -> None:
        """The record at ``p`` does not read as its kind: note it, take it out of the
        structures its glance ``indexed`` put it in (if any, and unless it is retracted:
        then it is out already), and warn, unless it is retracted."""
        if p in self.unreadable:
            return
        self.unreadable[p] = event
        if self._ids[p] in self.retractions:
            return
        if indexed is not None:
            self._hide(p, indexed.kind, indexed.key)
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
        ends = FAMILIES[family].ends_with_organization
        lo, hi = self._lo, self._hi
        match shape:
            case Shape.KEYED:
                return KeyedRegisters(
                    family, lo, hi, self._life.dissolutions, ends_with_organization=ends
                )
            case Shape.SLOT:
                return SlotRegisters(family, lo, hi, self._life.dissolved if ends else None)
            case Shape.ACCUMULATING:
                return Accumulated(family, lo, hi)
            case Shape.RECORD:
                return Records(family, lo, hi)
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

    def state(self, date: FuzzyDate, as_of: AsOf) -> OrgState:
        """The organization on ``date`` as these records tell it.

        A record found unreadable while answering is taken out of the structures, and the
        answer computed again without it.
        """
        skipped: set[int] = set()
        while True:
            try:
                return self._state(date, as_of)
            except _UnreadableFoundError as found:
                if found.position in skipped:  # pragma: no cover - it was taken out
                    raise AssertionError(
                        f"unreadable record {found.position} not skipped"
                    ) from None
                skipped.add(found.position)

    def _state(self, date: FuzzyDate, as_of: AsOf) -> OrgState:
        ql, qh = date.lo, date.hi
        families: dict[str, tuple[Any, ...]] = {}
        for name, family in FAMILIES.items():
            structure = self._families.get(name)
            if structure is None:
                if family.builtin:
                    families[name] = ()
                continue
            families[name] = self._facts(structure, ql, qh)
        return OrgState(
            organization=self.stream,
            date=date,
            as_of=as_of,
            exists=self._life.exists(ql, qh),
            families=families,
        )

    def _facts(self, structure: Structure, ql: int, qh: int) -> tuple[Any, ...]:
        family = structure.family
        match structure:
            case KeyedRegisters():
                return structure.facts(ql, qh, self._event, self._key_of)
            case SlotRegisters():
                return structure.facts(ql, qh, lambda p: self._value_of(p, family))
            case Accumulated():
                return structure.facts(ql, qh, lambda p: self._values_of(p, family))
            case Records():
                return structure.facts(ql, qh, self._event)
            case _:
                assert_never(structure)

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
_UNREADABLE = UnreadableEvent.kind
_CHUNK = 4096
"""Records read at a time by ``add_all``."""
_version = attrgetter("version")
_event = attrgetter("event")


def _glances(chunk: list[RecordedEvent | LazyRecord]) -> list[Glance]:
    """The glances of the records of ``chunk``."""
    kinds = set(map(type, chunk))
    if kinds == {LazyRecord}:
        return list(map(LazyRecord.glance, cast(list[LazyRecord], chunk)))
    if kinds == {RecordedEvent}:
        return list(map(glance_event, map(_event, chunk)))
    return list(map(_glance, chunk))


class _UnreadableFoundError(Exception):
    """An answer met the record at ``position``, found unreadable (and now skipped)."""

    def __init__(self, position: int) -> None:
        super().__init__(position)
        self.position = position


def _unreadable(record: RecordedEvent | LazyRecord) -> bool:
    """Does the record's event not read as its kind?"""
    event = record.record().event if isinstance(record, LazyRecord) else record.event
    return type(event) is UnreadableEvent


def _glance(record: RecordedEvent | LazyRecord) -> Glance:
    return record.glance() if isinstance(record, LazyRecord) else glance_event(record.event)


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
