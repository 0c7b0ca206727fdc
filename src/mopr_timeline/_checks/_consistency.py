"""Consistency findings: what the log's own claims say against each other.

Each check takes the log's live events (retracted ones left out) and returns findings; none
of them judges which claim is right, they only point at the disagreement and its sources.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence

from mopr_timeline._checks._report import EventRef, Finding, FindingKind, SectionCount, quoted
from mopr_timeline.dates import Certainty, FuzzyDate
from mopr_timeline.events import (
    CongressHeld,
    DatedEvent,
    Event,
    FiguresReported,
    Founded,
    SectionEstablished,
)

__all__ = [
    "before_founding",
    "conflicting_establishments",
    "conflicting_figures",
    "conflicting_foundings",
    "outside_range",
    "section_counts",
    "without_source",
]

_FIGURES = ("members", "sections", "periodicals", "languages")
_ADVERB = {Certainty.CERTAIN: "certainly", Certainty.POSSIBLE: "possibly"}


def _start(event: Event) -> FuzzyDate | None:
    if isinstance(event, DatedEvent | CongressHeld):
        return event.start
    return None


def before_founding(events: Sequence[Event]) -> list[Finding]:
    """Events certainly or possibly dated before the founding (the log's first ``Founded``).

    A wholly unknown date (a blank cell) says nothing about order and is not reported.
    """
    founding = next((e for e in events if isinstance(e, Founded)), None)
    if founding is None:
        return []
    findings = []
    for event in events:
        start = _start(event)
        if isinstance(event, Founded) or start is None:
            continue
        if start.earliest is None and start.latest is None:
            continue
        certainty = start.before(founding.when)
        if certainty.is_possible:
            findings.append(
                Finding(
                    kind=FindingKind.BEFORE_FOUNDING,
                    certainty=certainty,
                    message=f"{event.id} is {_ADVERB[certainty]} dated before the founding "
                    f"({founding.when})",
                    events=(EventRef.of(event), EventRef.of(founding)),
                )
            )
    return findings


def conflicting_foundings(events: Sequence[Event]) -> list[Finding]:
    """Founding claims that name the organization differently or date it differently."""
    findings = []
    foundings = [e for e in events if isinstance(e, Founded)]
    for a, b in itertools.combinations(foundings, 2):
        differences = []
        if a.name != b.name:
            differences.append(f"names {a.name!r} and {b.name!r}")
        if (a.when.lo, a.when.hi) != (b.when.lo, b.when.hi):
            differences.append(f"dates {a.when} and {b.when}")
        if differences:
            findings.append(
                Finding(
                    kind=FindingKind.CONFLICTING_FOUNDING,
                    certainty=Certainty.CERTAIN,
                    message=f"two founding claims disagree: {' and '.join(differences)}",
                    events=(EventRef.of(a), EventRef.of(b)),
                )
            )
    return findings


def conflicting_establishments(events: Sequence[Event]) -> list[Finding]:
    """A country whose establishment two sources date differently.

    Certain when the two dates cannot be the same day, possible when they only may differ.
    """
    by_country: dict[str, list[SectionEstablished]] = defaultdict(list)
    for event in events:
        if isinstance(event, SectionEstablished):
            by_country[event.country].append(event)
    findings = []
    for country, claims in by_country.items():
        for a, b in itertools.combinations(claims, 2):
            if a.source == b.source or (a.when.lo, a.when.hi) == (b.when.lo, b.when.hi):
                continue
            findings.append(
                Finding(
                    kind=FindingKind.CONFLICTING_ESTABLISHMENT,
                    certainty=~a.when.same_day(b.when),
                    message=f"{country}: the section's establishment is dated {_shown(a.when)} "
                    f"by one source and {_shown(b.when)} by another",
                    events=(EventRef.of(a), EventRef.of(b)),
                )
            )
    return findings


def _shown(when: FuzzyDate) -> str:
    return quoted(when.text)


def conflicting_figures(events: Sequence[Event]) -> list[Finding]:
    """Figure reports that may be about the same day and count the same things differently.

    Only reports leaving out the same countries are compared (otherwise they count different
    things); certain when the dates are certainly the same day, possible when they may be.
    """
    reports = [e for e in events if isinstance(e, FiguresReported)]
    findings = []
    for a, b in itertools.combinations(reports, 2):
        if set(a.excluding) != set(b.excluding):
            continue
        same_day = a.when.same_day(b.when)
        if not same_day.is_possible:
            continue
        differing = [
            f"{field} {getattr(a, field)} vs {getattr(b, field)}"
            for field in _FIGURES
            if None not in (getattr(a, field), getattr(b, field))
            and getattr(a, field) != getattr(b, field)
        ]
        if differing:
            findings.append(
                Finding(
                    kind=FindingKind.CONFLICTING_FIGURES,
                    certainty=same_day,
                    message=f"figures for {_shown(a.when)} and {_shown(b.when)} "
                    f"({_ADVERB[same_day]} the same day) differ: {', '.join(differing)}",
                    events=(EventRef.of(a), EventRef.of(b)),
                )
            )
    return findings


SectionsOn = Callable[[FuzzyDate], Iterator[tuple[str, Certainty]]]
"""The (country, certainty) of every at least possibly existing section on a date."""


def section_counts(events: Sequence[Event], sections_on: SectionsOn) -> list[SectionCount]:
    """Every report's section count beside [certainly, possibly] existing sections then."""
    counts = []
    for report in events:
        if not isinstance(report, FiguresReported) or report.sections is None:
            continue
        excluded = set(report.excluding)
        certainties = [c for country, c in sections_on(report.when) if country not in excluded]
        counts.append(
            SectionCount(
                report=EventRef.of(report),
                reported=report.sections,
                certain=sum(1 for c in certainties if c.is_certain),
                possible=sum(1 for c in certainties if c.is_possible),
                excluding=report.excluding,
            )
        )
    return counts


def outside_range(counts: Sequence[SectionCount]) -> list[Finding]:
    """A finding for every section count outside its derived range."""
    return [
        Finding(
            kind=FindingKind.SECTIONS_OUTSIDE_DERIVED_RANGE,
            certainty=Certainty.CERTAIN,
            message=f"{count.report.id} reports {count.reported} sections, but the log has "
            f"{count.certain} certainly and {count.possible} possibly existing sections then",
            events=(count.report,),
        )
        for count in counts
        if not count.within
    ]


def without_source(events: Sequence[Event]) -> list[Finding]:
    """Events that cite nothing."""
    return [
        Finding(
            kind=FindingKind.NO_SOURCE,
            certainty=Certainty.CERTAIN,
            message=f"{event.id} has no source",
            events=(EventRef.of(event),),
        )
        for event in events
        if event.source is None
    ]
