"""Chairs' tenures, read off the leader events: who led from when to when."""

from __future__ import annotations

from collections.abc import Iterable

import attrs

from mopr_timeline.dates import FuzzyDate
from mopr_timeline.events import Dissolved, Event, LeaderAppointed, LeaderLeft
from mopr_timeline.replay._chronology import build_chronology

__all__ = ["Tenure", "tenures"]


@attrs.frozen(kw_only=True)
class Tenure:
    """``person`` led from ``start`` to ``end`` (``None``: no end is recorded)."""

    person: str
    start: FuzzyDate
    end: FuzzyDate | None


def tenures(events: Iterable[Event]) -> list[Tenure]:
    """Each appointment runs until the next appointment, the person's leaving, or dissolution.

    Events are taken in chronology order, so retracted ones play no part.
    """
    chain = build_chronology(events, kinds=(LeaderAppointed.kind, LeaderLeft.kind, Dissolved.kind))
    result: list[Tenure] = []
    current: LeaderAppointed | None = None
    for entry in chain:
        event = entry.event
        ends = isinstance(event, LeaderAppointed | Dissolved) or (
            isinstance(event, LeaderLeft) and current is not None and event.person == current.person
        )
        if current is not None and ends:
            result.append(Tenure(person=current.person, start=current.when, end=entry.when))
            current = None
        if isinstance(event, LeaderAppointed):
            current = event
    if current is not None:
        result.append(Tenure(person=current.person, start=current.when, end=None))
    return result
