"""Tenures in a slot family (the chair): who held it from when to when."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mopr_timeline.dates import FuzzyDate
from mopr_timeline.events import FAMILIES, KINDS, Dissolves, Event, Shape, Succeeds, Vacates
from mopr_timeline.replay import build_chronology

__all__ = ["Tenure", "slot_families", "tenures"]


@attrs.frozen(kw_only=True)
class Tenure:
    """``holder`` held the slot ``family`` from ``start`` to ``end`` (``None``: no end is
    recorded)."""

    family: str
    holder: str
    start: FuzzyDate
    end: FuzzyDate | None


def slot_families() -> tuple[str, ...]:
    """The registered slot families, in the order declared."""
    return tuple(name for name, family in FAMILIES.items() if family.shape is Shape.SLOT)


def tenures(events: Iterable[Event], family: str = "leaders") -> list[Tenure]:
    """Each succession in ``family`` runs until the next one, the holder's vacating it, or
    (for a family that ends with the organization) the dissolution.

    Events are taken in chronology order, so retracted ones play no part.
    """
    of_organization = FAMILIES[family].of_organization
    acting: dict[str, Succeeds | Vacates | Dissolves] = {}
    for name, spec in KINDS.items():
        for effect in spec.effects:
            if (isinstance(effect, Succeeds | Vacates) and effect.family == family) or (
                isinstance(effect, Dissolves) and of_organization
            ):
                acting[name] = effect
    chain = build_chronology(events, kinds=tuple(acting))
    result: list[Tenure] = []
    holder: str | None = None
    since: FuzzyDate | None = None
    for entry in chain:
        effect = acting[entry.kind]
        value = None if isinstance(effect, Dissolves) else getattr(entry.event, effect.value)
        ends = isinstance(effect, Succeeds | Dissolves) or value == holder
        if holder is not None and since is not None and ends:
            result.append(Tenure(family=family, holder=holder, start=since, end=entry.when))
            holder = since = None
        if isinstance(effect, Succeeds):
            holder, since = value, entry.when
    if holder is not None and since is not None:
        result.append(Tenure(family=family, holder=holder, start=since, end=None))
    return result
