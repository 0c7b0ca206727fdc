"""Disputes as ``check`` shows them, and free-text claims naming a slot's contested value.

A dispute (claims linked by ``contradicts``, directly or through others) is shown as one
section: what it is about, read from its claims' effects, and each claim with its date as
written, what it claims in words, and its source. Replay finds the disputes
(``Timeline.disputes()``); when the log cannot be replayed, ``linked_claims`` finds them from
the live events' links the same way, so that the other findings can still leave declared
disputes out.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Sequence

from mopr_timeline._checks._consistency import FactsOn, Linked
from mopr_timeline._checks._report import (
    DisputedClaim,
    DisputeSection,
    EventRef,
    Finding,
    FindingKind,
    quoted,
)
from mopr_timeline._checks._unread import unregistered_kind
from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import (
    FAMILIES,
    Accumulates,
    Begins,
    Closes,
    Day,
    Effect,
    Event,
    Founds,
    Opens,
    Reports,
    Shape,
    Succeeds,
    Vacates,
    spec_of,
)
from mopr_timeline.replay import claim_groups

__all__ = [
    "dispute_sections",
    "link_test",
    "linked_claims",
    "text_against_derived",
    "unknown_claims",
]


def linked_claims(events: Sequence[Event]) -> list[tuple[Event, ...]]:
    """The disputes among ``events`` (live and of registered kinds): claims linked by
    ``contradicts`` directly or through others, each in log order."""
    return claim_groups(events)


def unknown_claims(events: Sequence[Event], known: Collection[str]) -> list[Finding]:
    """Events whose ``contradicts`` names an id that no live event of the log has (``known``):
    a typo, or a claim retracted since, so the dispute it meant is not declared."""
    return [
        Finding(
            kind=FindingKind.UNKNOWN_CLAIM,
            certainty=Certainty.CERTAIN,
            message=f"{event.id} contradicts {target!r}, which no live event of the log is",
            events=(EventRef.of(event),),
        )
        for event in events
        for target in event.contradicts
        if target not in known
    ]


def link_test(disputes: Iterable[Sequence[Event]]) -> Linked:
    """Whether two claims are in one of ``disputes``."""
    group = {event.id: n for n, dispute in enumerate(disputes) for event in dispute}

    def linked(a: Event, b: Event) -> bool:
        return a.id in group and group.get(b.id) == group[a.id]

    return linked


def _about(effect: Effect, event: Event) -> str | None:
    if isinstance(effect, Founds):
        return "the founding"
    if isinstance(effect, Opens | Closes):
        return f"{getattr(event, effect.key)} ({effect.family})"
    if isinstance(effect, Succeeds | Vacates | Accumulates | Begins | Reports):
        return effect.family
    return None


def _subjects(event: Event) -> list[str]:
    if unregistered_kind(event) is not None:
        return []
    return [
        about for effect in spec_of(event).effects if (about := _about(effect, event)) is not None
    ]


def dispute_sections(disputes: Sequence[Sequence[Event]]) -> list[DisputeSection]:
    """One section per dispute: what its claims are about (what every claim's effects share,
    else each claim's subjects), and each claim with what it says."""
    sections = []
    for dispute in disputes:
        subjects = [_subjects(event) for event in dispute]
        shared = [s for s in subjects[0] if all(s in other for other in subjects[1:])]
        if shared:
            about = shared[0]
        else:
            seen = dict.fromkeys(s for listed in subjects for s in listed[:1])
            about = " / ".join(seen) or "claims without effects"
        claims = tuple(
            DisputedClaim(
                event=EventRef.of(event),
                says="" if unregistered_kind(event) is not None else spec_of(event).describe(event),
            )
            for event in dispute
        )
        sections.append(DisputeSection(about=about, claims=claims))
    return sections


def _day(event: Event) -> FuzzyDate | None:
    when = getattr(event, "when", None)
    spec = spec_of(event)
    if spec.day is Day.SPAN and isinstance(when, FuzzySpan):
        return when.start
    if spec.day is Day.DAY and isinstance(when, FuzzyDate):
        return when
    return None


def _named(text: str, value: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(value)}(?!\w)", text) is not None


def text_against_derived(events: Sequence[Event], facts: FactsOn) -> list[Finding]:
    """A free-text claim (a kind declared ``free_text``) naming a value of a slot family
    (one that a ``Succeeds`` claim of the log gives it) that the log does not derive as
    certain on the claim's day, while a value that replaced it (given by a claim certainly
    dated later) is possible then: the text may use what the log says was already replaced
    (Stasova "deputy head of the Central Committee" as of 1 January 1928, when the log has
    the Central Committee renamed "After 1924"). Certain when the named value cannot hold
    that day, possible when it may.

    A value nothing replaced (the latest name, under an open "After 1924") and a value no
    successor is possible beside (a past leader named after the slot emptied) are not
    flagged. The message adds every other slot value the text names, with its certainty that
    day, so that a role the text gives can be read against the log's.
    """
    slots = {name for name, family in FAMILIES.items() if family.shape is Shape.SLOT}
    values: dict[str, dict[str, Event]] = {}
    for event in events:
        if unregistered_kind(event) is not None:
            continue
        for effect in spec_of(event).effects:
            if isinstance(effect, Succeeds) and effect.family in slots:
                value = getattr(event, effect.value)
                values.setdefault(effect.family, {}).setdefault(value, event)
    findings = []
    for event in events:
        if unregistered_kind(event) is not None or not spec_of(event).free_text:
            continue
        day = _day(event)
        if day is None or (day.earliest is None and day.latest is None):
            continue
        text = spec_of(event).describe(event)
        named: list[tuple[str, str, Certainty, dict[str, Certainty]]] = []
        for family, given in values.items():
            for value in given:
                if _named(text, value):
                    held = dict(facts(family, day))
                    named.append((family, value, held.get(value, Certainty.IMPOSSIBLE), held))
        for family, value, certainty, held in named:
            named_by = values[family][value]
            others = {
                v: c
                for v, c in held.items()
                if v != value and c.is_possible and _succeeds(values[family].get(v), named_by)
            }
            if certainty.is_certain or not others:
                continue
            beside = ", ".join(
                f"{other!r} {c.value} ({given_by.id}, {quoted(_when(given_by))})"
                for other, c in others.items()
                if (given_by := values[family].get(other)) is not None
            )
            context = "; ".join(
                f"{v!r} ({f}) {c.value}" for f, v, c, _ in named if (f, v) != (family, value)
            )
            findings.append(
                Finding(
                    kind=FindingKind.TEXT_AGAINST_DERIVED,
                    certainty=Certainty.CERTAIN
                    if not certainty.is_possible
                    else Certainty.POSSIBLE,
                    message=f"{event.id} (dated {quoted(day.whole)}) names {value!r} "
                    f"({family}), which the log derives as {certainty.value} on that day, "
                    f"beside {beside}" + (f"; it also names {context}" if context else ""),
                    events=(
                        EventRef.of(event),
                        *(
                            EventRef.of(values[family][other])
                            for other in others
                            if other in values[family]
                        ),
                    ),
                )
            )
    return findings


def _succeeds(later: Event | None, earlier: Event) -> bool:
    """Whether ``later`` is certainly dated after ``earlier`` (it replaced its value)."""
    if later is None:
        return False
    after, before = _day(later), _day(earlier)
    return after is not None and before is not None and before.before(after).is_certain


def _when(event: Event) -> str:
    day = _day(event)
    return "" if day is None else day.whole
