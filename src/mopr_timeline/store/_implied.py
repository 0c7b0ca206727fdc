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

from collections.abc import Callable

from mopr_timeline.events import (
    FAMILIES,
    KINDS,
    Closes,
    Day,
    Glance,
    Opens,
    Shape,
    Succeeds,
    Vacates,
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
    docstring). ``read(event_id, field)`` reads a field of a live event (for the values of
    ``Succeeds`` events, which their glance does not hold); ``live(event_id)`` says whether
    the stream holds a live event of a registered kind with that id (a dispute's partner)."""

    def __init__(self, read: Callable[[str, str], str], live: Callable[[str], bool]) -> None:
        self._read = read
        self._is_live = live
        self._roles: dict[str, tuple[Role, ...]] = {}
        """Kind -> its roles (cached)."""
        self._groups: dict[Group, tuple[dict[str, None], dict[str, None]]] = {}
        """Group -> (its live openings, its live closings), in order of recording."""
        self._of: dict[str, list[Group]] = {}
        """Live event id -> the groups it opens or closes."""
        self._unread: dict[str, dict[str, str]] = {}
        """Slot family -> live succeeding events not read yet (id -> value field)."""
        self._vacated: set[str] = set()
        """Slot families with a vacating event (their successions are read on arrival)."""
        self._links: dict[str, tuple[str, ...]] = {}
        """Live event id -> the ids it contradicts."""
        self._linked_by: dict[str, set[str]] = {}
        """Id -> the live events contradicting it."""

    def copy(self) -> ImpliedPairs:
        other = ImpliedPairs(self._read, self._is_live)
        other._roles = self._roles
        other._groups = {g: (dict(o), dict(c)) for g, (o, c) in self._groups.items()}
        other._of = {k: list(v) for k, v in self._of.items()}
        other._unread = {k: dict(v) for k, v in self._unread.items()}
        other._vacated = set(self._vacated)
        other._links = dict(self._links)
        other._linked_by = {k: set(v) for k, v in self._linked_by.items()}
        return other

    def acts(self, kind: str) -> bool:
        """Does an event of ``kind`` open or close a group?"""
        roles = self._roles.get(kind)
        if roles is None:
            roles = self._roles[kind] = roles_of_kind(kind)
        return bool(roles)

    def take(self, kind: str, event_id: str, key: str, links: tuple[str, ...]) -> set[Group]:
        """Take in a live event (its glance's kind, id, key and claims it contradicts);
        returns the groups whose pairs may have changed."""
        changed: set[Group] = set()
        if kind not in KINDS:
            return changed
        partners = self._linked_by.get(event_id)
        if partners:  # claims recorded earlier already contradict it: they are disputed now
            for partner in partners:
                changed.update(self._of.get(partner, ()))
        if links:
            self._links[event_id] = links
            for target in links:
                self._linked_by.setdefault(target, set()).add(event_id)
                if self._is_live(target):
                    changed.update(self._of.get(target, ()))
        if self.acts(kind):
            for family, opens, field, slot in self._roles[kind]:
                if field is not None:  # a succession: its value is read once it may pair
                    if family in self._vacated:
                        value = self._read(event_id, field)
                        changed.add(self._join(event_id, (family, value), opens=True))
                    else:
                        self._unread.setdefault(family, {})[event_id] = field
                    continue
                if slot and family not in self._vacated:
                    changed |= self._read_family(family)
                changed.add(self._join(event_id, (family, key), opens=opens))
        return changed

    def retract(self, event_id: str) -> set[Group]:
        """Take out a live event (retracted); returns the groups whose pairs may have
        changed."""
        changed: set[Group] = set()
        for group in self._of.pop(event_id, ()):
            opened, closed = self._groups[group]
            opened.pop(event_id, None)
            closed.pop(event_id, None)
            changed.add(group)
        for pending in self._unread.values():
            pending.pop(event_id, None)
        for target in self._links.pop(event_id, ()):
            self._linked_by.get(target, set()).discard(event_id)
            changed.update(self._of.get(target, ()))
        for partner in self._linked_by.get(event_id, ()):
            changed.update(self._of.get(partner, ()))
        return changed

    def pairs_of(self, group: Group) -> list[tuple[str, str]]:
        """The (opening, closing) pairs of ``group`` as the log stands."""
        held = self._groups.get(group)
        if held is None:
            return []
        opened, closed = held
        if len(opened) != 1 or not closed:
            return []
        (opening,) = opened
        if self.disputed(opening):
            return []
        return [(opening, closing) for closing in closed if not self.disputed(closing)]

    def concerns(self, glance: Glance) -> bool:
        """Must ``take`` see the event of ``glance``? When its kind opens or closes a group,
        it contradicts claims, or claims recorded earlier contradict it."""
        return self.acts(glance.kind) or bool(glance.contradicts) or glance.id in self._linked_by

    @staticmethod
    def is_slot(group: Group) -> bool:
        """Is ``group`` a slot family's value (else a keyed family's key)?"""
        family = FAMILIES.get(group[0])
        return family is not None and family.shape is Shape.SLOT

    def disputed(self, event_id: str) -> bool:
        """Is the live event a claim of a dispute (linked to another live event)?"""
        live = self._is_live
        if any(t != event_id and live(t) for t in self._links.get(event_id, ())):
            return True
        return any(s != event_id and live(s) for s in self._linked_by.get(event_id, ()))

    def _join(self, event_id: str, group: Group, *, opens: bool) -> Group:
        held = self._groups.get(group)
        if held is None:
            held = self._groups[group] = ({}, {})
        held[0 if opens else 1][event_id] = None
        self._of.setdefault(event_id, []).append(group)
        return group

    def _read_family(self, family: str) -> set[Group]:
        """A slot family got its first vacating event: read the values of its successions."""
        self._vacated.add(family)
        changed = set()
        for event_id, field in self._unread.pop(family, {}).items():
            changed.add(self._join(event_id, (family, self._read(event_id, field)), opens=True))
        return changed
