"""The day network of one stream: its events' own dates and their relations, kept narrowed
as records come.

Events enter the network only when relations relate them: an event carrying relations and
the events they name (a span event's last day too, when a relation names it, with the span
ending not before it starts), and the events the kinds' declarations pair (a closing not
before the opening it ends: see ``ImpliedPairs``). Every other event keeps its own bounds.

The network is fed the stream's records in order (``feed``). Stores consult one per stream
before an append (``check``): a batch whose relations no assignment of days can satisfy is
refused with the engine's ``ConstraintError`` naming the cycle, before anything is written.
Relations found contradictory while feeding (recorded by another writer between a check and
its append, or by an older release) are left out and listed in ``left_out``; so are implied
pairs that the stored dates contradict (a log written before the kinds implied them).
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import Any, cast

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.events import (
    KINDS,
    Day,
    Event,
    Glance,
    Retracted,
    glance_event,
)
from mopr_timeline.network import ConstraintError, DayNetwork, Edge
from mopr_timeline.store._base import RecordedEvent
from mopr_timeline.store._implied import Group, ImpliedPairs, roles_of_kind
from mopr_timeline.store._lazy import LazyRecord

__all__ = ["IMPLIED", "SPAN_ENDS", "StreamNetwork", "end_node", "needs_network"]

IMPLIED = "implied by the kinds"
"""Said of a relation that no event carries: the kinds' declarations imply it."""

SPAN_ENDS = "a span ends not before it starts"
"""Why a span event's end is not before its start."""
ENDS = "an event ends not before it starts"
"""Why the end of an event not recorded yet is not before its start."""
ONE_DAY = "an event of one day ends on it"
"""Why the end of an event of one day is its day."""

Item = Event | RecordedEvent | LazyRecord
"""What the network is fed: records of a stream, or events about to be appended."""
Dates = dict[Hashable, tuple[int | None, int | None, str]]


def end_node(event_id: str) -> tuple[str, str]:
    """The network node of a span event's last day (its first day's node is its id)."""
    return (event_id, "end")


class _Known:
    """A live event of the stream: its start's ordinal bounds and where to read it from."""

    __slots__ = ("hi", "item", "lo", "span")

    def __init__(self, lo: int, hi: int, span: bool, item: Item) -> None:
        self.lo, self.hi, self.span, self.item = lo, hi, span, item

    def event(self) -> Event:
        item = self.item
        if isinstance(item, Event):
            return item
        event = item.record().event
        self.item = event
        return event


class StreamNetwork:
    """The narrowed days of one stream's events (see the module's docstring)."""

    def __init__(self) -> None:
        self.network = DayNetwork()
        self.version = 0
        """The last version fed (0: none)."""
        self.left_out: list[tuple[str, str]] = []
        """(event id, why) for each recorded event whose relations were left out, as no day
        could satisfy them with what was recorded before it."""
        self._known: dict[str, Item] = {}
        """Every live event of the stream, as fed (read further only when relations need it)."""
        self._resolved: dict[str, _Known] = {}
        self._nodes: set[str] = set()
        """Ids of the events whose days are nodes of the network."""
        self._named: dict[str, int] = {}
        """Ids named by relations (recorded or not yet) -> how many relations name them."""
        self._ends: set[str] = set()
        """Ids whose last day a relation names (``of="end"``)."""
        self._carried: dict[str, tuple[str, ...]] = {}
        """Event id -> the ids its relations name (for the events carrying relations)."""
        self.implied = ImpliedPairs(self._glance_live, self._field)
        self._unregistered: set[str] = set()
        """Ids of the live events of kinds not registered here (no dispute's partners)."""
        self.paired: dict[str, str] = {}
        """Closing event id -> the opening it is paired with, for every implied pair in the
        network (those left out as contradicted are not)."""
        self.pairs_version = 0
        """Changes whenever ``paired`` does."""
        self._pair_edges: dict[tuple[str, str], Edge] = {}
        """(opening, closing) -> the edge of each implied pair in the network."""
        self._refused: set[tuple[str, str]] = set()
        """Implied pairs left out as the stored dates contradict them."""
        self._group_pairs: dict[Group, set[tuple[str, str]]] = {}
        """Group -> its implied pairs, as last settled."""
        self._pairs_seen: tuple[int, Mapping[str, str]] = (0, MappingProxyType({}))

    def copy(self) -> StreamNetwork:
        """An independent copy (for trying a batch)."""
        other = copy.copy(self)
        other.network = self.network.copy()
        other.left_out = list(self.left_out)
        other._known = dict(self._known)
        other._resolved = dict(self._resolved)
        other._nodes = set(self._nodes)
        other._named = dict(self._named)
        other._carried = dict(self._carried)
        other._ends = set(self._ends)
        other.implied = self.implied.copy()
        other.implied._read = other._field
        other.implied._glance = other._glance_live
        other._unregistered = set(self._unregistered)
        other.paired = dict(self.paired)
        other._pair_edges = dict(self._pair_edges)
        other._refused = set(self._refused)
        other._group_pairs = {g: set(p) for g, p in self._group_pairs.items()}
        return other

    # -- reading -------------------------------------------------------------------------

    def bounds(self, node: Hashable) -> tuple[int, int] | None:
        """The narrowed ordinal bounds of a node of the network (``MIN_ORDINAL`` /
        ``MAX_ORDINAL`` for open ones), or None when the node is not in the network."""
        event_id = node[0] if isinstance(node, tuple) else node
        if event_id not in self._nodes:
            return None
        lo, hi = self.network.bounds(node)
        return (MIN_ORDINAL if lo is None else lo, MAX_ORDINAL if hi is None else hi)

    def narrowed(self) -> dict[str, tuple[int, int]]:
        """Event id -> the narrowed bounds of its (first) day, for the events whose bounds
        relations narrow."""
        found = {}
        for event_id in self._nodes:
            known = self._known_of(event_id)
            bounds = self.bounds(event_id)
            if known is not None and bounds is not None and bounds != (known.lo, known.hi):
                found[event_id] = bounds
        return found

    def pairs(self) -> Mapping[str, str]:
        """The implied pairs in force: closing id -> opening id (the same object while they
        do not change)."""
        if self._pairs_seen[0] != self.pairs_version:
            self._pairs_seen = (self.pairs_version, MappingProxyType(dict(self.paired)))
        return self._pairs_seen[1]

    def in_network(self, event_id: str) -> bool:
        return event_id in self._nodes

    def named(self) -> frozenset[str]:
        """The ids named by some relation of a live event."""
        return frozenset(self._named)

    # -- feeding -------------------------------------------------------------------------

    def feed(self, items: Iterable[Item], *, strict: bool = False) -> set[str]:
        """Take in the next records (or events) of the stream, in order; returns the ids of
        the events whose narrowed bounds changed. ``strict``: raise ``ConstraintError`` on a
        contradiction instead of leaving the relations out (the network is then unusable:
        feed a copy)."""
        items = list(items)
        if items and not isinstance(items[-1], Event):
            self.version = items[-1].version
        glances = list(map(_glance_of, items))
        needs = list(map(_needs_event, items))
        ids = [glance.id for glance in glances]
        implied = self.implied
        if (
            not any(needs)
            and self._named.keys().isdisjoint(ids)
            and not any(glance.kind == _RETRACTED for glance in glances)
        ):  # the usual chunk: no relation relates these events (yet)
            self._known.update(zip(ids, items, strict=True))
            self._unregistered.update(g.id for g in glances if g.kind not in KINDS)
            groups = implied.take(glances)
            return self._settle_pairs(groups, strict) if groups else set()
        changed: set[str] = set()
        groups = set()
        for item, glance, need in zip(items, glances, needs, strict=True):
            if glance.kind == _RETRACTED:
                groups |= implied.retract(glance.key)  # while it is still live
                changed |= self._take(item, glance, need, strict)
            else:
                changed |= self._take(item, glance, need, strict)
                if glance.kind not in KINDS:
                    self._unregistered.add(glance.id)
                groups |= implied.take([glance])
        if groups:
            changed |= self._settle_pairs(groups, strict)
        return changed

    def check(self, batch: Sequence[Event]) -> None:
        """Raise ``ConstraintError`` unless the stream with ``batch`` appended still has an
        assignment of days satisfying every relation, those the kinds imply included;
        changes nothing."""
        involved = [e for e in batch if e.relations or e.id in self._named]
        pairing = any(roles_of_kind(e.kind) for e in batch)
        if not involved and not pairing:
            return
        if not involved and not any(isinstance(e, Retracted) for e in batch):
            pairs, loosens = self.implied.trial(batch, self._live, self._paired_ids())
            try:
                self._check_pairs(batch, pairs)
                return
            except ConstraintError:
                # the new pairs cannot hold beside those in force; when the batch also sets
                # some of those aside (a claim disputing one of their events), check the
                # long way, without them
                if not loosens:
                    raise
        batch_ids = {e.id for e in batch}
        if (
            len(involved) == 1
            and not pairing
            and not any(isinstance(e, Retracted) for e in batch)
            and batch_ids.isdisjoint(r.event for r in involved[0].relations)
        ):  # one event related to recorded ones only (not to another of the batch)
            event = involved[0]
            dates, edges = self._plan(event, glance_event(event))
            self.network.check(dates, edges)
            return
        self.copy().feed(batch, strict=True)

    # -- implied pairs -------------------------------------------------------------------

    def _paired_ids(self) -> set[str]:
        """The ids of the events of the implied pairs in the network."""
        return {*self.paired, *self.paired.values()}

    def _check_pairs(self, batch: Sequence[Event], pairs: list[tuple[str, str, bool]]) -> None:
        """Raise ``ConstraintError`` unless the network with the new ``pairs`` (of ``batch``
        appended, which carries no relation) has an assignment of days."""
        new = [p for p in pairs if p[:2] not in self._pair_edges and p[:2] not in self._refused]
        if not new:
            return
        coming = {event.id: event for event in batch}
        dates: Dates = {}
        edges: list[Edge] = []
        for opening, closing, _ in new:
            for event_id in (opening, closing):
                if event_id in self._nodes or event_id in dates:
                    continue
                event = coming.get(event_id)
                if event is None:
                    self._add_own(event_id, dates, edges)
                else:
                    glance = glance_event(event)
                    span = KINDS[glance.kind].day is Day.SPAN
                    self._add_own(event_id, dates, edges, _Known(glance.lo, glance.hi, span, event))
        try:
            self.network.check(dates, [*edges, *(_pair_edge(*pair) for pair in new)])
        except ConstraintError as exc:
            raise _implied_error(exc) from None

    def _settle_pairs(self, groups: set[Group], strict: bool) -> set[str]:
        """Bring the network's implied pairs of ``groups`` up to date: drop those no longer
        implied, add the new ones (leaving out, unless ``strict``, those the dates contradict).
        Returns the ids whose narrowed bounds changed."""
        implied = self.implied
        held = [pair for group in groups for pair in self._group_pairs.pop(group, ())]
        slots: dict[tuple[str, str], bool] = {}
        for group in groups:
            for pair in implied.pairs_of(group, self._live):
                self._group_pairs.setdefault(group, set()).add(pair)
                slots[pair] = implied.is_slot(group)
        wanted = dict.fromkeys(slots)
        changed: set[str] = set()
        gone = [pair for pair in dict.fromkeys(held) if pair not in wanted]
        gone = [pair for pair in gone if pair in self._pair_edges]
        if gone:
            edges = [self._pair_edges.pop(pair) for pair in gone]
            for opening, closing in gone:
                if self.paired.get(closing) == opening:
                    del self.paired[closing]
            changed |= _ids(self.network.remove_edges(edges))
            # events left in the network by nothing but the pairs dropped leave it too
            still = {*self.paired, *self.paired.values()}
            loose = {e for pair in gone for e in pair} - still
            loose = {e for e in loose if e not in self._named and e not in self._carried}
            if loose:
                network = self.network
                moved = {e for e in loose if network.bounds(e) != network.own(e)[:2]}  # type: ignore[index]
                self._nodes -= loose
                changed |= _ids(network.remove(loose)) | moved
        new = [p for p in wanted if p not in self._pair_edges and p not in self._refused]
        if new:
            changed |= self._add_pairs([(*p, slots[p]) for p in new], strict)
        if gone or new:
            self.pairs_version += 1
        return changed

    def _add_pairs(self, pairs: list[tuple[str, str, bool]], strict: bool) -> set[str]:
        """Add implied pairs to the network, all at once when the dates allow them together,
        else one by one, leaving out (or, ``strict``, refusing) each that they contradict."""
        try:
            return self._add_pair_batch(pairs)
        except ConstraintError as exc:
            if strict:
                raise _implied_error(exc) from None
        changed: set[str] = set()
        for pair in pairs:
            try:
                changed |= self._add_pair_batch([pair])
            except ConstraintError as exc:
                self._refused.add(pair[:2])
                self.left_out.append((pair[1], str(_implied_error(exc))))
        return changed

    def _add_pair_batch(self, pairs: list[tuple[str, str, bool]]) -> set[str]:
        dates: Dates = {}
        edges: list[Edge] = []
        for opening, closing, _ in pairs:
            for event_id in (opening, closing):
                if event_id not in self._nodes and event_id not in dates:
                    self._add_own(event_id, dates, edges)
        links = [_pair_edge(*pair) for pair in pairs]
        changed = _ids(self.network.add(dates, [*edges, *links]))
        self._nodes.update(_ids(dates))
        for edge, (opening, closing, _) in zip(links, pairs, strict=True):
            self._pair_edges[opening, closing] = edge
            self.paired[closing] = opening
        return changed

    def _glance_live(self, event_id: str) -> Glance | None:
        """The glance of the live event ``event_id``, if any."""
        item = self._known.get(event_id)
        return None if item is None else _glance_of(item)

    def _live(self, event_id: str) -> bool:
        """Does the stream hold a live event of a registered kind with this id?"""
        return event_id in self._known and event_id not in self._unregistered

    def _field(self, event_id: str, field: str) -> str:
        """A field of a live event (reading it if need be)."""
        known = self._known_of(event_id)
        assert known is not None
        return cast(str, getattr(known.event(), field))

    def _take(self, item: Item, glance: Glance, need: bool, strict: bool) -> set[str]:
        if glance.kind == _RETRACTED:
            return self._retract(glance.key)
        event_id = glance.id
        self._known[event_id] = item
        if not (need or event_id in self._named):
            return set()
        known = self._known_of(event_id)
        if known is None:  # a kind not registered here, or without a day
            return set()
        event = known.event()
        relations = event.relations
        changed: set[str] = set()
        if relations or event_id in self._named:
            dates, edges = self._plan(event, glance)
            try:
                changed |= _ids(self.network.add(dates, edges))
            except ConstraintError as exc:
                if strict:
                    raise
                self.left_out.append((event_id, str(exc)))
                dates, edges = {}, []
                if event_id not in self._nodes:
                    self._add_own(event_id, dates, edges)
                try:
                    changed |= _ids(self.network.add(dates, edges))
                except ConstraintError:  # its own date contradicts relations recorded before
                    dates = {}  # it: it stays out of the network, with its own bounds
            self._nodes.update(_ids(dates))
            changed |= _ids(dates)  # entering with its own date: its narrowing is news
            for target in dict.fromkeys(r.event for r in relations):
                self._named[target] = self._named.get(target, 0) + 1
            if relations:
                self._carried[event_id] = tuple(r.event for r in relations)
                self._ends.update(r.event for r in relations if r.of == "end")
        return changed

    def _plan(self, event: Event, glance: Glance) -> tuple[Dates, list[Edge]]:
        """The dates and edges entering the network with ``event``: its own date, those of
        the recorded events its relations name that are not in it yet, and its relations."""
        dates: Dates = {}
        edges: list[Edge] = []
        if glance.id not in self._nodes:
            own = self._known_of(glance.id) or _Known(
                glance.lo, glance.hi, KINDS[glance.kind].day is Day.SPAN, event
            )
            self._add_own(glance.id, dates, edges, own)
        for relation in event.relations:
            edge = relation.edge(glance.id)
            target = self._known_of(relation.event)
            if relation.of == "end" and target is not None and not target.span:
                edge = relation.edge(glance.id, end=False)  # a day event ends on its day
            edges.append(edge)
            if relation.event not in self._nodes and target is not None:
                self._add_own(relation.event, dates, edges)
            elif target is None and relation.of == "end":
                # not recorded (yet): whatever its kind, it ends not before it starts
                edges.append(Edge(relation.event, end_node(relation.event), 0, None, ENDS))
        return dates, edges

    def _add_own(
        self, event_id: str, dates: Dates, edges: list[Edge], known: _Known | None = None
    ) -> None:
        """Add the own dates of an event's node(s) to ``dates``: its day, or a span's first
        and last day (and, to ``edges``, that the span ends not before it starts)."""
        known = known or self._known_of(event_id)
        assert known is not None
        event = known.event()
        when: Any = getattr(event, "when", None)
        start = when.start if known.span else when
        label = f"dated {when.text or start.bounds_text()}" if when is not None else "undated"
        dates[event_id] = (_open_lo(known.lo), _open_hi(known.hi), label)
        if not known.span and event_id in self._ends:
            # a relation recorded before the event named its end: a day event's end is its day
            dates[end_node(event_id)] = (_open_lo(known.lo), _open_hi(known.hi), label)
            edges.append(
                Edge(earlier=event_id, later=end_node(event_id), low=0, high=0, why=ONE_DAY)
            )
        if known.span and when is not None and event_id in self._ends:
            end = when.end
            ending = f"ending {end.text or end.bounds_text()}"
            dates[end_node(event_id)] = (_open_lo(end.lo), _open_hi(end.hi), ending)
            edges.append(
                Edge(earlier=event_id, later=end_node(event_id), low=0, high=None, why=SPAN_ENDS)
            )

    def _known_of(self, event_id: str) -> _Known | None:
        """The live event ``event_id`` with its start's bounds, if it has a day."""
        known = self._resolved.get(event_id)
        if known is None:
            item = self._known.get(event_id)
            if item is None:
                return None
            glance = _glance_of(item)
            spec = KINDS.get(glance.kind)
            if spec is None or spec.day is Day.NONE:
                return None
            known = self._resolved[event_id] = _Known(
                glance.lo, glance.hi, spec.day is Day.SPAN, item
            )
        return known

    def _retract(self, target: str) -> set[str]:
        self._resolved.pop(target, None)
        self._unregistered.discard(target)
        if self._known.pop(target, None) is None:
            return set()
        for named in self._carried.pop(target, ()):
            count = self._named.get(named, 0) - 1
            if count > 0:
                self._named[named] = count
            else:
                self._named.pop(named, None)
        for pair in [p for p in self._pair_edges if target in p]:
            del self._pair_edges[pair]
            if self.paired.get(pair[1]) == pair[0]:
                del self.paired[pair[1]]
            self.pairs_version += 1
        if target not in self._nodes:
            return set()
        self._nodes.discard(target)
        return _ids(self.network.remove([target, end_node(target)]))


_RETRACTED = Retracted.kind


def _glance_of(item: Item) -> Glance:
    return glance_event(item) if isinstance(item, Event) else item.glance()


def _needs_event(item: Item) -> bool:
    """Must the event be read (not just glanced at)? When it may carry relations."""
    if type(item) is LazyRecord:
        return item.may_have("relations")
    event = item if isinstance(item, Event) else cast(RecordedEvent, item).event
    return bool(event.relations)


def needs_network(batch: Sequence[Event]) -> bool:
    """Must an append of ``batch`` be checked against the stream's day network? When an
    event carries relations, or opens or closes what the kinds pair."""
    return any(event.relations or roles_of_kind(event.kind) for event in batch)


def _pair_edge(opening: str, closing: str, slot: bool) -> Edge:
    """The edge of an implied pair: the closing not before the opening."""
    return Edge(
        earlier=opening,
        later=closing,
        low=0,
        high=None,
        why=f"not before its {'appointment' if slot else 'opening'} {opening}",
        back=f"not after its {'leaving' if slot else 'closing'} {closing}",
    )


def _implied_error(exc: ConstraintError) -> ConstraintError:
    """The contradiction ``exc``, saying which of its relations the kinds imply."""
    pairs = [
        f"{step.edge.later} not before {step.edge.earlier}"
        for step in exc.cycle
        if step.edge is not None and step.edge.back is not None
    ]
    if not pairs:
        return exc
    return ConstraintError(
        exc.cycle,
        note=f" ({'; '.join(dict.fromkeys(pairs))}: {IMPLIED}, as a closing is not before "
        "the opening it ends)",
    )


def _ids(nodes: Iterable[Hashable]) -> set[str]:
    return {node[0] if isinstance(node, tuple) else node for node in nodes}  # type: ignore[misc]


def _open_lo(lo: int) -> int | None:
    return None if lo <= MIN_ORDINAL else lo


def _open_hi(hi: int) -> int | None:
    return None if hi >= MAX_ORDINAL else hi
