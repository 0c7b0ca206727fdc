"""The replay index: every fact kind of a stream kept query-ready, updated as records come.

Positions are stream versions. Each register keeps its events' day bounds in an
``IntervalIndex`` (or, when it is per person and small, a sorted list), so a query gathers
only the candidate events of ``_register`` and folds nothing; national sections, one register
per country, live in ``_sections``. The day bounds of every record live in two lists indexed
by position (plain lists: a load extends them by whole chunks, and their ints are the ones the
records already hold); events themselves are only read for the candidates of an answer.

Semantics follow DESIGN §2-§3. The registers and their relevant events: existence (set by
``Founded``, cleared by ``Dissolved``); "p leads" (set by p's appointments, cleared by other
appointments, p's ``LeaderLeft`` and ``Dissolved``: someone else leaving never changes whether
p leads); the governing body's name (its renamings). The names are not a register: every name
a ``Founded`` claim gives accumulates, and a dissolution keeps them. A ``Retracted`` record
hides its target (even one recorded later) and is itself final.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import chain, count, islice
from operator import attrgetter
from typing import Any, NoReturn, cast

from mopr_timeline.dates import Certainty, FuzzyDate
from mopr_timeline.dates._fuzzy import MIN_ORDINAL
from mopr_timeline.events import (
    CongressHeld,
    Dissolved,
    FiguresReported,
    Founded,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    Retracted,
    SectionDissolved,
    SectionEstablished,
)
from mopr_timeline.events._serial import Glance, glance_event
from mopr_timeline.replay._errors import ReplayError
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack, unpack
from mopr_timeline.replay._register import certainty_last_in
from mopr_timeline.replay._sections import SectionRegisters, merge_groups
from mopr_timeline.replay._state import (
    AsOf,
    CongressFact,
    Fact,
    OrgState,
    ReportFact,
)
from mopr_timeline.store import RecordedEvent
from mopr_timeline.store._lazy import LazyRecord

__all__ = ["ReplayIndex"]

_Source = IntervalIndex | list[int]
_Gathered = dict[str, dict[str, list[int]]]
"""Positions read but not yet indexed: kind -> key (a country, a person, or "") -> positions."""


class ReplayIndex:
    """Query-ready facts of the records ``1..version`` of one stream.

    Records may come with their events undecoded (``LazyRecord``): indexing needs only each
    event's kind, id, start day and key, and an event is decoded the first time an answer,
    ``record`` or ``records`` needs it (raising the store's ``RecordError`` if it is bad).
    """

    def __init__(self, stream: str) -> None:
        self.stream = stream
        self.entries: list[RecordedEvent | LazyRecord] = []
        self.retractions: dict[str, int] = {}
        self._lo: list[int] = [0]
        self._hi: list[int] = [0]
        self._ids: list[str | None] = [None]
        self._position_of: dict[str, int] = {}
        self._ids_seen = 0
        self._founded = IntervalIndex()
        self._dissolved = IntervalIndex()
        self._dissolutions: list[int] = []
        self._appointed = IntervalIndex()
        self._left: dict[str, list[int]] = {}
        self._bodies = IntervalIndex()
        self._sections = SectionRegisters(self._lo, self._hi, self._dissolutions)
        self._congresses = array("q")
        self._reports = array("q")

    @property
    def version(self) -> int:
        return len(self.entries)

    def record(self, position: int) -> RecordedEvent:
        """The record at ``position`` (a stream version), its event decoded."""
        entry = self.entries[position - 1]
        if type(entry) is not RecordedEvent:
            entry = self.entries[position - 1] = cast(LazyRecord, entry).record()
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
        indexed whole. Last, the sections' life intervals are brought up to date, so that a
        load leaves the index ready for its first query.
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
        self._sections.flush()

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
        """Hide ``target`` from the retraction at ``position`` on (decoding the target first,
        so that a bad target record leaves the index as it was)."""
        if target in self.retractions:
            return
        hidden = self._position(target)
        if hidden is not None:
            kind, _, _, _, key = glance_event(self._event(hidden))
            self._hide(hidden, kind, key)
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
        """Hand the gathered positions to the structures and empty ``gathered``. Positions
        ascend and follow every position already indexed."""
        lo, hi = self._lo, self._hi
        for kind, groups in gathered.items():
            match kind:
                case Founded.kind:
                    _add_intervals(self._founded, _merged(groups), lo, hi)
                case Dissolved.kind:
                    dissolutions = _merged(groups)
                    _add_intervals(self._dissolved, dissolutions, lo, hi)
                    self._dissolutions.extend(dissolutions)
                    self._sections.dissolutions_changed()
                case LeaderAppointed.kind:
                    _add_intervals(self._appointed, _merged(groups), lo, hi)
                case LeaderLeft.kind:
                    merge_groups(self._left, groups)
                case GoverningBodyNamed.kind:
                    _add_intervals(self._bodies, _merged(groups), lo, hi)
                case SectionEstablished.kind:
                    self._sections.establish_many(groups)
                case SectionDissolved.kind:
                    self._sections.end_many(groups)
                case CongressHeld.kind:
                    _add_keys(self._congresses, _merged(groups), lo)
                case FiguresReported.kind:
                    _add_keys(self._reports, _merged(groups), lo)
                case _:
                    pass
        gathered.clear()

    def _hide(self, p: int, kind: str, key: str) -> None:
        """Take the event at ``p`` out of every structure (it was retracted)."""
        lo, hi = self._lo[p], self._hi[p]
        match kind:
            case Founded.kind:
                self._founded.remove(p, lo, hi)
            case Dissolved.kind:
                self._dissolved.remove(p, lo, hi)
                _discard(self._dissolutions, p)
                self._sections.dissolutions_changed()
            case LeaderAppointed.kind:
                self._appointed.remove(p, lo, hi)
            case LeaderLeft.kind:
                _discard(self._left.get(key, []), p)
            case GoverningBodyNamed.kind:
                self._bodies.remove(p, lo, hi)
            case SectionEstablished.kind:
                self._sections.establish(p, key, adding=False)
            case SectionDissolved.kind:
                self._sections.end(p, key, adding=False)
            case CongressHeld.kind:
                _discard_key(self._congresses, pack(lo, p))
            case FiguresReported.kind:
                _discard_key(self._reports, pack(lo, p))
            case _:
                pass

    # -- querying ---------------------------------------------------------------------------

    def state(self, date: FuzzyDate, as_of: AsOf) -> OrgState:
        """The organization on ``date`` as these records tell it."""
        ql, qh = date.lo, date.hi
        return OrgState(
            organization=self.stream,
            date=date,
            as_of=as_of,
            exists=self._exists(ql, qh),
            names=self._names(ql, qh),
            leaders=self._leaders(ql, qh),
            governing_body=self._bodies_at(ql, qh),
            sections=self._sections.facts(ql, qh, self._event),
            congresses=self._congresses_at(ql, qh),
            reports=self._reports_at(ql, qh),
        )

    def _event(self, p: int) -> Any:
        return self.record(p).event

    def _candidates(self, sources: Sequence[_Source], ql: int, qh: int) -> tuple[int, list[int]]:
        """The candidate positions of a register made of ``sources`` (see ``_register``)."""
        lo, hi = self._lo, self._hi
        latest = NO_KEY
        for source in sources:
            if isinstance(source, IntervalIndex):
                latest = max(latest, source.latest_ending_by(ql))
            else:
                own = (pack(lo[p], p) for p in source if hi[p] <= ql)
                latest = max(latest, max(own, default=NO_KEY))
        floor = MIN_ORDINAL if latest == NO_KEY else unpack(latest)[0]
        found: list[int] = []
        for source in sources:
            if isinstance(source, IntervalIndex):
                found.extend(source.overlapping(floor, qh))
            else:
                found.extend(p for p in source if lo[p] <= qh and hi[p] >= floor)
        return latest, [p for p in found if pack(hi[p], p) >= latest]

    def _certainty(
        self, positions: Iterable[int], sets: Iterable[int], ql: int, qh: int
    ) -> Certainty:
        chosen = set(sets)
        lo, hi = self._lo, self._hi
        setters: list[tuple[int, int, int]] = []
        others: list[tuple[int, int, int]] = []
        for p in positions:
            (setters if p in chosen else others).append((lo[p], hi[p], p))
        return certainty_last_in(setters, others, ql, qh)

    def _exists(self, ql: int, qh: int) -> Certainty:
        _, found = self._candidates((self._founded, self._dissolved), ql, qh)
        founded = [p for p in found if isinstance(self._event(p), Founded)]
        return self._certainty(found, founded, ql, qh)

    def _names(self, ql: int, qh: int) -> tuple[Fact, ...]:
        """Names accumulate: a name is known once any founding claim giving it has happened.

        "Some claim naming v is dated on or before q" is CERTAIN iff one such claim certainly
        is (``hi <= ql``) and POSSIBLE iff one may be (``lo <= qh``): exact, as the claims'
        days and the query day vary independently.
        """
        found = sorted(self._founded.overlapping(MIN_ORDINAL, qh))
        order: dict[str, tuple[int, int]] = {}
        certain: dict[str, bool] = {}
        for p in found:
            event: Founded = self._event(p)
            for i, name in enumerate((event.name, *event.aliases)):
                order.setdefault(name, (p, i))
                certain[name] = certain.get(name, False) or self._hi[p] <= ql
        return tuple(
            Fact(value=name, certainty=Certainty.of(certain[name], True))
            for name in sorted(order, key=order.__getitem__)
        )

    def _facts(
        self,
        found: list[int],
        setters: dict[str, list[int]],
        order: dict[str, tuple[int, int]],
        ql: int,
        qh: int,
    ) -> tuple[Fact, ...]:
        facts = []
        for value in sorted(setters, key=order.__getitem__):
            certainty = self._certainty(found, setters[value], ql, qh)
            if certainty.is_possible:
                facts.append(Fact(value=value, certainty=certainty))
        return tuple(facts)

    def _leaders(self, ql: int, qh: int) -> tuple[Fact, ...]:
        latest, base = self._candidates((self._appointed, self._dissolved), ql, qh)
        base.sort()
        order: dict[str, tuple[int, int]] = {}
        appointed: dict[str, list[int]] = {}
        for p in base:
            event = self._event(p)
            if isinstance(event, LeaderAppointed):
                order.setdefault(event.person, (p, 0))
                appointed.setdefault(event.person, []).append(p)
        facts = []
        for person in sorted(appointed, key=order.__getitem__):
            left = self._left.get(person, [])
            found = base
            if left:
                own_latest, own = self._candidates((left,), ql, qh)
                floor = max(latest, own_latest)
                found = [p for p in base + own if pack(self._hi[p], p) >= floor]
            certainty = self._certainty(found, appointed[person], ql, qh)
            if certainty.is_possible:
                facts.append(Fact(value=person, certainty=certainty))
        return tuple(facts)

    def _bodies_at(self, ql: int, qh: int) -> tuple[Fact, ...]:
        _, found = self._candidates((self._bodies,), ql, qh)
        found.sort()
        order: dict[str, tuple[int, int]] = {}
        setters: dict[str, list[int]] = {}
        for p in found:
            name = self._event(p).name
            order.setdefault(name, (p, 0))
            setters.setdefault(name, []).append(p)
        return self._facts(found, setters, order, ql, qh)

    def _congresses_at(self, ql: int, qh: int) -> tuple[CongressFact, ...]:
        facts = []
        for p in self._by_date(_prefix(self._congresses, qh)):
            event: CongressHeld = self._event(p)
            facts.append(
                CongressFact(
                    name=event.name,
                    location=event.location,
                    certainty=Certainty.of(self._hi[p] <= ql, True),
                    when=event.when,
                    event_id=event.id,
                )
            )
        return tuple(facts)

    def _reports_at(self, ql: int, qh: int) -> tuple[ReportFact, ...]:
        facts = []
        for p in self._by_date(_prefix(self._reports, qh)):
            event: FiguresReported = self._event(p)
            facts.append(
                ReportFact(
                    when=event.when,
                    members=event.members,
                    sections=event.sections,
                    periodicals=event.periodicals,
                    languages=event.languages,
                    note=event.note,
                    certainty=Certainty.of(self._hi[p] <= ql, True),
                    source=event.source,
                    event_id=event.id,
                )
            )
        return tuple(facts)

    def _by_date(self, positions: list[int]) -> list[int]:
        return sorted(positions, key=lambda p: (self._event(p).start.sort_key(), p))

    # -- comparing --------------------------------------------------------------------------

    def snapshot(self) -> tuple[Any, ...]:
        """Everything the index holds, in a canonical form: equal for equal record sequences."""
        return (
            self.version,
            sorted(self.retractions.items()),
            tuple(self._lo),
            tuple(self._hi),
            self._founded.snapshot(),
            self._dissolved.snapshot(),
            tuple(self._dissolutions),
            self._appointed.snapshot(),
            {k: tuple(v) for k, v in self._left.items() if v},
            self._bodies.snapshot(),
            self._sections.snapshot(),
            tuple(self._congresses),
            tuple(self._reports),
        )


_RETRACTED = Retracted.kind
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


def _merged(groups: dict[str, list[int]]) -> list[int]:
    """The positions of every key, in order (a kind without a key has them all under "")."""
    if len(groups) == 1:
        return next(iter(groups.values()))
    return sorted(chain.from_iterable(groups.values()))


def _add_intervals(
    index: IntervalIndex, positions: list[int], lo: list[int], hi: list[int]
) -> None:
    index.add_many(positions, lo.__getitem__, hi.__getitem__)


def _add_keys(keys: array[int], positions: list[int], lo: list[int]) -> None:
    """Merge the ``(lo, position)`` keys of ``positions`` into the sorted ``keys``."""
    keys.extend(array("q", [pack(lo[p], p) for p in positions]))
    keys[:] = array("q", sorted(keys))


def _discard(positions: list[int], p: int) -> None:
    if p in positions:
        positions.remove(p)


def _discard_key(keys: array[int], key: int) -> None:
    i = bisect_right(keys, key) - 1
    if i >= 0 and keys[i] == key:
        del keys[i]


def _prefix(keys: array[int], last_day: int) -> list[int]:
    """Positions of the keys whose day is at most ``last_day``."""
    end = bisect_right(keys, pack(last_day, (1 << 32) - 1))
    return [k & 0xFFFFFFFF for k in keys[:end]]
