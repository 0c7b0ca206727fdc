"""The replay index: every fact kind of a stream kept query-ready, updated record by record.

Positions are stream versions. Each register keeps its events' day bounds in an
``IntervalIndex`` (or, when it is per person and small, a sorted list), so a query gathers
only the candidate events of ``_register`` and folds nothing; national sections, one register
per country, live in ``_sections``. The day bounds of every record live in two int64 arrays;
events themselves are only read for the candidates of an answer.

Semantics follow DESIGN §2-§3. The registers and their relevant events: existence (set by
``Founded``, cleared by ``Dissolved``); "p leads" (set by p's appointments, cleared by other
appointments, p's ``LeaderLeft`` and ``Dissolved``: someone else leaving never changes whether
p leads); the governing body's name (its renamings). The names are not a register: every name
a ``Founded`` claim gives accumulates, and a dissolution keeps them. A ``Retracted`` record
hides its target (even one recorded later) and is itself final.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right, insort
from collections.abc import Iterable, Sequence
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
from mopr_timeline.events._serial import glance_event
from mopr_timeline.replay._errors import ReplayError
from mopr_timeline.replay._intervals import NO_KEY, IntervalIndex, pack, unpack
from mopr_timeline.replay._register import certainty_last_in
from mopr_timeline.replay._sections import SectionRegisters
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
        self._lo = array("q", [0])
        self._hi = array("q", [0])
        self._position_of: dict[str, int] = {}
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
        """Index the next records of the stream, in order (one loop: loads run through here)."""
        entries, lows, highs = self.entries, self._lo, self._hi
        position_of, retractions, apply = self._position_of, self.retractions, self._apply
        for record in records:
            position = len(entries) + 1
            if record.version != position:
                self._refuse(record.version)
            if type(record) is RecordedEvent:
                kind, event_id, lo, hi, key = glance_event(record.event)
            else:
                kind, event_id, lo, hi, key = cast(LazyRecord, record).glance()
            if kind == _RETRACTED:
                self._retract(position, key)
            entries.append(record)
            lows.append(lo)
            highs.append(hi)
            if kind == _RETRACTED:
                continue
            position_of.setdefault(event_id, position)
            if event_id not in retractions:
                apply(position, kind, key, adding=True)

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
        hidden = self._position_of.get(target)
        if hidden is not None:
            kind, _, _, _, key = glance_event(self._event(hidden))
            self._apply(hidden, kind, key, adding=False)
        self.retractions[target] = position

    def _apply(self, p: int, kind: str, key: str, *, adding: bool) -> None:
        lo, hi = self._lo[p], self._hi[p]
        match kind:
            case Founded.kind:
                _toggle(self._founded, p, lo, hi, adding)
            case Dissolved.kind:
                _toggle(self._dissolved, p, lo, hi, adding)
                _toggle_list(self._dissolutions, p, adding)
                self._sections.dissolutions_changed()
            case LeaderAppointed.kind:
                _toggle(self._appointed, p, lo, hi, adding)
            case LeaderLeft.kind:
                _toggle_list(self._left.setdefault(key, []), p, adding)
            case GoverningBodyNamed.kind:
                _toggle(self._bodies, p, lo, hi, adding)
            case SectionEstablished.kind:
                self._sections.establish(p, key, adding=adding)
            case SectionDissolved.kind:
                self._sections.end(p, key, adding=adding)
            case CongressHeld.kind:
                _toggle_key(self._congresses, pack(lo, p), adding)
            case FiguresReported.kind:
                _toggle_key(self._reports, pack(lo, p), adding)
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


def _toggle(index: IntervalIndex, p: int, lo: int, hi: int, adding: bool) -> None:
    if adding:
        index.add(p, lo, hi)
    else:
        index.remove(p, lo, hi)


def _toggle_list(positions: list[int], p: int, adding: bool) -> None:
    if adding:
        insort(positions, p)
    elif p in positions:
        positions.remove(p)


def _toggle_key(keys: array[int], key: int, adding: bool) -> None:
    if adding:
        insort(keys, key)
        return
    i = bisect_right(keys, key) - 1
    if i >= 0 and keys[i] == key:
        del keys[i]


def _prefix(keys: array[int], last_day: int) -> list[int]:
    """Positions of the keys whose day is at most ``last_day``."""
    end = bisect_right(keys, pack(last_day, (1 << 32) - 1))
    return [k & 0xFFFFFFFF for k in keys[:end]]
