"""Findings about relations between events: relations to events the log does not hold (or
holds retracted), relations the stored dates contradict (left out when the log is read), and
dates that relations narrow much, so that a reader sees the inference."""

from __future__ import annotations

from collections.abc import Collection, Sequence

import attrs

from mopr_timeline._checks._report import EventRef, Finding, FindingKind
from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, Certainty
from mopr_timeline.events import DatedEvent, Event
from mopr_timeline.replay import Timeline
from mopr_timeline.store import RecordedEvent, StreamNetwork

__all__ = ["as_narrowed", "contradicted_relations", "narrowed_dates", "unknown_relations"]

MUCH = 2
"""Narrowed bounds count as much tighter than the event's own date when they close an open
side, or when they span at most 1/MUCH of its days."""


def unknown_relations(events: Sequence[Event], retracted: Collection[str]) -> list[Finding]:
    """Relations of live ``events`` to an id no live event has: retracted since (its relation
    binds nothing), or unknown (a typo, or an event not recorded yet: its day is free)."""
    known = {e.id for e in events}
    findings = []
    for event in events:
        for relation in event.relations:
            if relation.event in known:
                continue
            why = (
                "which is retracted (the relation binds nothing)"
                if relation.event in retracted
                else "which no event of the log is"
            )
            findings.append(
                Finding(
                    kind=FindingKind.UNKNOWN_RELATION,
                    certainty=Certainty.CERTAIN,
                    message=f"{event.id} is dated {relation.describe()}, {why}",
                    events=(EventRef.of(event),),
                )
            )
    return findings


def contradicted_relations(
    records: Sequence[RecordedEvent], events: Sequence[Event]
) -> list[Finding]:
    """Relations (carried, or implied by the kinds) that the dates recorded before them
    contradict: a store refuses such an append, but a log written by an older release, or
    before the kinds implied the relation, may hold one. Replay leaves each out (the log still
    answers); the finding names the events and the contradiction."""
    network = StreamNetwork()
    network.feed(records)
    by_id = {e.id: e for e in events}
    return [
        Finding(
            kind=FindingKind.CONTRADICTED_RELATION,
            certainty=Certainty.CERTAIN,
            message=f"a relation of {event_id} is left out: {why}",
            events=(EventRef.of(by_id[event_id]),) if event_id in by_id else (),
        )
        for event_id, why in network.left_out
    ]


def narrowed_dates(timeline: Timeline, events: Sequence[Event]) -> list[Finding]:
    """Events whose date the relations narrow much (see ``MUCH``), with the reasons."""
    findings = []
    for event in events:
        if not event.relations and not hasattr(event, "when"):
            continue
        narrowed = timeline.bounds(event.id)
        if not narrowed.is_narrowed:
            continue
        own, date = narrowed.own, narrowed.date
        closes = (own.lo == MIN_ORDINAL < date.lo) or (date.hi < MAX_ORDINAL == own.hi)
        much = closes or (
            own.hi < MAX_ORDINAL
            and own.lo > MIN_ORDINAL
            and (date.hi - date.lo + 1) * MUCH <= own.hi - own.lo + 1
        )
        if much:
            findings.append(
                Finding(
                    kind=FindingKind.NARROWED_DATE,
                    certainty=Certainty.CERTAIN,
                    message=(
                        f"{event.id}, dated {own.text or own.bounds_text()}, is narrowed to "
                        f"{date.bounds_text()} by relations: {'; '.join(narrowed.reasons)}"
                    ),
                    events=(EventRef.of(event),),
                )
            )
    return findings


def as_narrowed(timeline: Timeline, events: Sequence[Event]) -> list[Event]:
    """``events`` with each one-day date as relations narrow it (its own text kept), for the
    findings that compare dates: an event that relations place after the founding, or after
    another claim, is not reported as possibly before it or possibly on the same day."""
    dated: list[Event] = []
    for event in events:
        if isinstance(event, DatedEvent):
            narrowed = timeline.bounds(event.id)
            if narrowed.is_narrowed:
                event = attrs.evolve(event, when=narrowed.date)
        dated.append(event)
    return dated
