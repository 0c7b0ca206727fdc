"""The relations every history has, implied by the kinds' declared effects.

A closing is not before the opening it ends: of a keyed family (``Opens`` / ``Closes`` with
the same family and key: a section is dissolved not before it is established) and of a slot
family (``Succeeds`` / ``Vacates`` with the same family and value: a person leaves a post not
before being appointed to it). Which events pair is read from ``KINDS`` and the effects only,
whatever the kinds (the library's own or a user's).

**Which events pair.** A *group* is one family and one key (a keyed family's key, or a slot
value): its *openings* are the live events opening it (``Opens``; ``Succeeds`` with that
value), its *closings* the live events closing it (``Closes``; ``Vacates`` of that value).
A group pairs its opening with each of its closings when it has exactly one opening; each
pair says that the closing's day is not before the opening's day.

* A closing whose own date is certainly before the group's only opening (its latest day
  before the opening's earliest) ends an earlier opening that the log does not hold (yet):
  a section re-established, whose first establishment is recorded later or never. It pairs
  with nothing, so that a history recorded out of order is never refused.

* A group opened more than once (a section established, dissolved and established again; a
  person appointed twice) implies nothing: the record does not say which closing ends which
  opening, and pairing by the order of recording would refuse a consistent history recorded
  out of order.
* The order of recording does not matter otherwise: an opening recorded after its closing
  pairs with it all the same.
* A retracted event is not live: it opens or closes nothing and pairs with nothing (retracting
  the second opening of a group makes the first one pair again).
* A claim of a dispute (an event linked by ``contradicts`` to another live event, either way)
  pairs with nothing, and a group whose only opening is such a claim implies nothing: a
  reading may set the claim aside, and a relation through it would still bind the readings
  that do.
* An event without a day takes no part (only dated and span events have effects on facts).

The pairs are kept up to date as records come (``take``, ``retract``); each change names the
groups whose pairs may have changed, and ``pairs_of`` gives a group's pairs. The value of a
``Succeeds`` event is not in its glance: such events are read only once their family has a
``Vacates`` event (so a log whose slots are never vacated reads none of them).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Closes,
    Day,
    Event,
    Glance,
    Opens,
    Shape,
    Succeeds,
    Vacates,
    glance_event,
)

__all__ = ["Group", "ImpliedPairs", "Role", "roles_of_kind"]

Group = tuple[str, str]
"""A family and a key (or slot value)."""
Role = tuple[str, bool, str | None, bool]
"""What a kind does to a group: (family, opens?, the field holding the slot value when the
glance's key is not it (a ``Succeeds``), slot family?)."""


def roles_of_kind(kind: str) -> tuple[Role, ...]:
    """The groups an event of ``kind`` opens or closes: one ``Role`` per pairing effect
    (empty for a kind not registered, without a day, or with no such effect)."""
    spec = KINDS.get(kind)
    if spec is None or spec.day is Day.NONE:
        return ()
    roles: list[Role] = []
    for effect in spec.effects:
        match effect:
            case Opens() | Closes():
                roles.append((effect.family, isinstance(effect, Opens), None, False))
            case Succeeds():
                roles.append((effect.family, True, effect.value, True))
            case Vacates():
                roles.append((effect.family, False, None, True))
    return tuple(roles)


class ImpliedPairs:
    """The groups of one stream's live events, and who disputes whom (see the module's
    docstring). ``glance(event_id)`` is the glance of the stream's live event with that id
    (None when there is none); ``read(event_id, field)`` reads a field of one (the value of
    a ``Succeeds`` event, which its glance does not hold)."""

    def __init__(
        self, glance: Callable[[str], Glance | None], read: Callable[[str, str], str]
    ) -> None:
        self._glance = glance
        self._read = read
        self._roles: dict[str, tuple[Role, ...]] = {}
        """Kind -> its roles (cached)."""
        self._simple: dict[str, tuple[str, int]] = {}
        """Kind -> (family, 0 for an opening / 1 for a closing), for the kinds with one role
        whose group the glance's key names."""
        self._groups: dict[Group, tuple[list[str], list[str]]] = {}
        """Group -> (its live openings, its live closings), in order of recording."""
        self._unread: dict[str, dict[str, str]] = {}
        """Slot family -> live succeeding events not read yet (id -> value field)."""
        self._vacated: set[str] = set()
        """Slot families with a vacating event (their successions are read on arrival)."""
        self._links: dict[str, tuple[str, ...]] = {}
        """Live event id -> the ids it contradicts."""
        self._linked_by: dict[str, set[str]] = {}
        """Id -> the live events contradicting it."""

    def copy(self) -> ImpliedPairs:
        other = ImpliedPairs(self._glance, self._read)
        other._roles = self._roles
        other._simple = dict(self._simple)
        other._groups = {g: (list(o), list(c)) for g, (o, c) in self._groups.items()}
        other._unread = {k: dict(v) for k, v in self._unread.items()}
        other._vacated = set(self._vacated)
        other._links = dict(self._links)
        other._linked_by = {k: set(v) for k, v in self._linked_by.items()}
        return other

    def take(self, glances: Sequence[Glance]) -> set[Group]:
        """Take in live events by their glances (in order of recording); returns the groups
        whose pairs may have changed."""
        roles = self._roles
        for kind in {glance[0] for glance in glances}.difference(roles):
            self._roles_of(kind)
        changed: set[Group] = set()
        linked_by = self._linked_by
        for glance in [g for g in glances if g[5] or g[1] in linked_by]:
            changed |= self._linked(glance[0], glance[1], glance[5])
        groups, simple = self._groups, self._simple
        for kind, event_id, _, _, key, _ in [g for g in glances if roles[g[0]]]:
            plain = simple.get(kind)
            if plain is None:
                changed |= self._take_roles(kind, event_id, key)
                continue
            family, side = plain
            group = (family, key)
            held = groups.get(group)
            if held is None:
                held = groups[group] = ([], [])
            held[side].append(event_id)
            changed.add(group)
        return changed

    def _roles_of(self, kind: str) -> tuple[Role, ...]:
        """The roles of ``kind`` (cached, with ``_simple``)."""
        roles = self._roles.get(kind)
        if roles is None:
            roles = self._roles[kind] = roles_of_kind(kind)
            if len(roles) == 1 and roles[0][2] is None and not roles[0][3]:
                self._simple[kind] = (roles[0][0], 0 if roles[0][1] else 1)
        return roles

    def _take_roles(self, kind: str, event_id: str, key: str) -> set[Group]:
        """Take in a live event of a kind with several roles, a succession or a vacating."""
        changed: set[Group] = set()
        for family, opens, field, slot in self._roles[kind]:
            if field is not None:  # a succession: its value is read once it may pair
                if family not in self._vacated:
                    self._unread.setdefault(family, {})[event_id] = field
                    continue
                group = (family, self._read(event_id, field))
            else:
                if slot and family not in self._vacated:
                    changed |= self._read_family(family)
                group = (family, key)
            self._groups.setdefault(group, ([], []))[0 if opens else 1].append(event_id)
            changed.add(group)
        return changed

    def _linked(self, kind: str, event_id: str, links: tuple[str, ...]) -> set[Group]:
        """Note the claims ``event_id`` contradicts; the groups of the claims it disputes now
        (those it contradicts, and those recorded earlier contradicting it)."""
        changed: set[Group] = set()
        for partner in self._linked_by.get(event_id, ()):
            changed |= self.groups_of(partner)
        if links and kind in KINDS:
            self._links[event_id] = links
            for target in links:
                self._linked_by.setdefault(target, set()).add(event_id)
                changed |= self.groups_of(target)
        return changed

    def retract(self, event_id: str) -> set[Group]:
        """Take out a live event (about to be retracted: ``glance`` still sees it); returns
        the groups whose pairs may have changed."""
        changed = self.groups_of(event_id)
        for group in changed:
            opened, closed = self._groups[group]
            if event_id in opened:
                opened.remove(event_id)
            if event_id in closed:
                closed.remove(event_id)
        for pending in self._unread.values():
            pending.pop(event_id, None)
        for target in self._links.pop(event_id, ()):
            self._linked_by.get(target, set()).discard(event_id)
            changed |= self.groups_of(target)
        for partner in self._linked_by.get(event_id, ()):
            changed |= self.groups_of(partner)
        return changed

    def pairs_of(self, group: Group, live: Callable[[str], bool]) -> list[tuple[str, str]]:
        """The (opening, closing) pairs of ``group`` as the log stands (``live``: whether a
        live event of a registered kind has an id, for who disputes whom)."""
        held = self._groups.get(group)
        if held is None:
            return []
        opened, closed = held
        if len(opened) != 1 or not closed:
            return []
        (opening,) = opened
        first = self._glance(opening)
        if first is None or self._disputed(opening, live):
            return []
        return [
            (opening, closing)
            for closing in closed
            if not self._disputed(closing, live)
            and (last := self._glance(closing)) is not None
            and first.lo <= last.hi
        ]

    def trial(
        self, batch: Sequence[Event], live: Callable[[str], bool], paired: Collection[str]
    ) -> tuple[list[tuple[str, str, bool]], bool]:
        """The pairs (opening, closing, slot?) of the groups ``batch`` (no relation or
        retraction in it) touches, as they would stand with it appended, and whether its
        claims also set aside a pair in force (dispute an event of one; ``paired``: their
        ids). Changes nothing but the values read."""
        added: dict[Group, tuple[list[str], list[str]]] = {}
        own: dict[str, tuple[int, int]] = {}
        coming = {event.id for event in batch}
        disputing: set[str] = set()
        for event in batch:
            for target in event.contradicts:
                if target != event.id and (target in coming or live(target)):
                    disputing |= {event.id, target}
            for source in self._linked_by.get(event.id, ()):
                if source != event.id and live(source):
                    disputing |= {event.id, source}
        loosens = not disputing.isdisjoint(paired)
        for event in batch:
            glance = glance_event(event)
            roles = self._roles_of(glance.kind)
            for family, opens, field, _ in roles:
                key = glance.key if field is None else str(getattr(event, field))
                added.setdefault((family, key), ([], []))[0 if opens else 1].append(glance.id)
            own[glance.id] = (glance.lo, glance.hi)
        pairs: list[tuple[str, str, bool]] = []
        for group, (opening_now, closing_now) in added.items():
            held_open, held_closed = self._groups.get(group, ([], []))
            if not held_closed and not closing_now:
                continue  # nothing closes it
            opened = [*held_open, *self._unread_of(group), *opening_now]
            if len(opened) != 1:
                continue
            (opening,) = opened
            if opening in disputing or (opening not in own and self._disputed(opening, live)):
                continue
            first = own[opening][0] if opening in own else self._bound(opening, 0)
            slot = self.is_slot(group)
            for closing in [*held_closed, *closing_now]:
                if closing in disputing or (closing not in own and self._disputed(closing, live)):
                    continue
                last = own[closing][1] if closing in own else self._bound(closing, 1)
                if first <= last:
                    pairs.append((opening, closing, slot))
        return pairs, loosens

    def _unread_of(self, group: Group) -> list[str]:
        """The successions not read yet that open ``group`` (read now)."""
        family, value = group
        pending = self._unread.get(family)
        if not pending:
            return []
        return [i for i, field in pending.items() if self._read(i, field) == value]

    def _bound(self, event_id: str, side: int) -> int:
        """The earliest (0) or latest (1) own day of a live event."""
        glance = self._glance(event_id)
        assert glance is not None
        return glance.lo if side == 0 else glance.hi

    def groups_of(self, event_id: str) -> set[Group]:
        """The groups the live event ``event_id`` opens or closes."""
        glance = self._glance(event_id)
        if glance is None or glance.kind not in self._roles:
            return set()
        found = set()
        for family, _, field, _ in self._roles[glance.kind]:
            if field is None:
                found.add((family, glance.key))
            elif family in self._vacated:
                found.add((family, self._read(event_id, field)))
        return found

    @staticmethod
    def is_slot(group: Group) -> bool:
        """Is ``group`` a slot family's value (else a keyed family's key)?"""
        family = FAMILIES.get(group[0])
        return family is not None and family.shape is Shape.SLOT

    def _disputed(self, event_id: str, live: Callable[[str], bool]) -> bool:
        """Is the live event a claim of a dispute (linked to another live event)?"""
        if any(t != event_id and live(t) for t in self._links.get(event_id, ())):
            return True
        return any(s != event_id and live(s) for s in self._linked_by.get(event_id, ()))

    def _read_family(self, family: str) -> set[Group]:
        """A slot family got its first vacating event: read the values of its successions."""
        self._vacated.add(family)
        changed = set()
        for event_id, field in self._unread.pop(family, {}).items():
            group = (family, self._read(event_id, field))
            held = self._groups.setdefault(group, ([], []))
            held[0].append(event_id)
            changed.add(group)
        return changed
