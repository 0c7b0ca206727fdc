"""Consistency findings: what the log's own claims say against each other.

Every check reads the registered kinds' declarations, never particular kinds: the founding
is an event whose kind ``Founds()``, an event's day is its kind's day (``when``, a span's
start, or none), establishments are ``Opens`` claims of any keyed family, figures are the
whole-number fields of a kind that ``Reports``, and the counts set beside the log are the
``Reports.counts`` of those kinds.

Each check takes the log's live, readable events (retracted ones and records of kinds not
registered here left out) and returns findings; none of them judges which claim is right,
they only point at the disagreement and its sources.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs

from mopr_timeline._checks._report import (
    SECTIONS,
    EventRef,
    Finding,
    FindingKind,
    ReportedCount,
    quoted,
)
from mopr_timeline._checks._unread import unregistered_kind
from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import (
    Accumulates,
    Begins,
    Closes,
    Day,
    Event,
    Founds,
    KindSpec,
    Opens,
    Reports,
    Succeeds,
    Vacates,
    spec_of,
)
from mopr_timeline.replay import OrgState, Timeline

__all__ = [
    "FactsOn",
    "Linked",
    "before_founding",
    "facts_on",
    "outside_range",
    "reported_counts",
    "undeclared_disputes",
    "without_source",
]

_ADVERB = {Certainty.CERTAIN: "certainly", Certainty.POSSIBLE: "possibly"}


@attrs.frozen
class _Declared:
    """An event with its kind's declaration and its day (None: the kind has no day)."""

    event: Event
    spec: KindSpec
    day: FuzzyDate | None

    @property
    def founds(self) -> bool:
        return any(isinstance(effect, Founds) for effect in self.spec.effects)


def _declared(events: Iterable[Event]) -> list[_Declared]:
    """The events of registered kinds, each with its declaration and day."""
    declared = []
    for event in events:
        if unregistered_kind(event) is not None:
            continue
        spec = spec_of(event)
        declared.append(_Declared(event, spec, _day(event, spec)))
    return declared


def _day(event: Event, spec: KindSpec) -> FuzzyDate | None:
    when = getattr(event, "when", None)
    if spec.day is Day.SPAN and isinstance(when, FuzzySpan):
        return when.start
    if spec.day is Day.DAY and isinstance(when, FuzzyDate):
        return when
    return None


def _shown(when: FuzzyDate) -> str:
    return quoted(when.whole)


def _bounds(when: FuzzyDate) -> tuple[int, int]:
    return when.lo, when.hi


def before_founding(events: Sequence[Event]) -> list[Finding]:
    """Events dated before the founding: the log's first event whose kind ``Founds()`` the
    organization. Other founding claims are compared by ``undeclared_disputes`` instead.

    Each event *certainly* dated before it is a finding of its own; those only *possibly*
    dated before it (a date in the founding's own year, an open "before 1933") are collapsed
    into one possible finding naming them all, with their events and the founding's last. A
    wholly unknown date (a blank cell) says nothing about order and is not reported.
    """
    declared = _declared(events)
    founding = next((d for d in declared if d.founds and d.day is not None), None)
    if founding is None or founding.day is None:
        return []
    findings = []
    possibly: list[Event] = []
    for claim in declared:
        start = claim.day
        if claim.founds or start is None:
            continue
        if start.earliest is None and start.latest is None:
            continue
        certainty = start.before(founding.day)
        if certainty.is_certain:
            findings.append(
                Finding(
                    kind=FindingKind.BEFORE_FOUNDING,
                    certainty=certainty,
                    message=f"{claim.event.id} is certainly dated before the founding "
                    f"({founding.day})",
                    events=(EventRef.of(claim.event), EventRef.of(founding.event)),
                )
            )
        elif certainty.is_possible:
            possibly.append(claim.event)
    if possibly:
        findings.append(
            Finding(
                kind=FindingKind.POSSIBLY_BEFORE_FOUNDING,
                certainty=Certainty.POSSIBLE,
                message=f"{len(possibly)} claim{'s' if len(possibly) > 1 else ''} possibly "
                f"dated before the founding ({founding.day}), as their dates may fall before "
                f"it: {', '.join(event.id for event in possibly)}",
                events=(*(EventRef.of(e) for e in possibly), EventRef.of(founding.event)),
            )
        )
    return findings


def _accumulated(claim: _Declared) -> dict[str, str | tuple[str, ...]]:
    """The values a claim gives to accumulating families (a founding's name and aliases),
    by field; a value left unset (None, an empty tuple) says nothing and is left out."""
    values: dict[str, str | tuple[str, ...]] = {}
    for effect in claim.spec.effects:
        if isinstance(effect, Accumulates):
            for name in effect.values:
                value = getattr(claim.event, name)
                if value is not None and value != ():
                    values[name] = value
    return values


def _same_value(a: str | tuple[str, ...], b: str | tuple[str, ...]) -> bool:
    if isinstance(a, tuple) and isinstance(b, tuple):
        return set(a) == set(b)
    return a == b


def _value_text(value: str | tuple[str, ...]) -> str:
    return repr(list(value)) if isinstance(value, tuple) else repr(value)


Linked = Callable[[Event, Event], bool]
"""Whether two claims are already linked in one declared dispute (``contradicts``)."""


def _undeclared(a: Event, b: Event, linked: Linked) -> bool:
    """Two claims that may compete undeclared: from different sources, not linked."""
    return a.source != b.source and not linked(a, b)


def _finding(certainty: Certainty, about: str, a: Event, b: Event) -> Finding:
    return Finding(
        kind=FindingKind.UNDECLARED_DISPUTE,
        certainty=certainty,
        message=f"{about}; no contradicts link declares the dispute",
        events=(EventRef.of(a), EventRef.of(b)),
    )


def _foundings(declared: Sequence[_Declared], linked: Linked) -> list[Finding]:
    """Founding claims (events whose kind ``Founds()``) that disagree on a value they give to
    an accumulating family (a name, the aliases as a set) or on their date: one founding,
    told two ways."""
    findings = []
    foundings = [d for d in declared if d.founds]
    for a, b in itertools.combinations(foundings, 2):
        if not _undeclared(a.event, b.event, linked):
            continue
        values_a, values_b = _accumulated(a), _accumulated(b)
        differences = [
            f"{name} {_value_text(value)} vs {_value_text(values_b[name])}"
            for name, value in values_a.items()
            if name in values_b and not _same_value(value, values_b[name])
        ]
        if a.day is not None and b.day is not None and _bounds(a.day) != _bounds(b.day):
            differences.append(f"date {_shown(a.day)} vs {_shown(b.day)}")
        if differences:
            findings.append(
                _finding(
                    Certainty.CERTAIN,
                    f"two founding claims disagree: {'; '.join(differences)}",
                    a.event,
                    b.event,
                )
            )
    return findings


def _keyed(declared: Sequence[_Declared], linked: Linked) -> list[Finding]:
    """A key of a keyed family whose opening (``Opens``: a section established, a periodical
    founded) or closing (``Closes``) two sources date differently.

    Certain when the two dates cannot be the same day, possible when they only may differ.
    """
    claims: dict[str, list[tuple[Event, FuzzyDate]]] = defaultdict(list)
    for claim in declared:
        day = claim.day
        if day is None:
            continue
        for effect in claim.spec.effects:
            if isinstance(effect, Opens):
                key = getattr(claim.event, effect.key)
                claims[f"{key} ({effect.family}): {effect.since}"].append((claim.event, day))
            elif isinstance(effect, Closes):
                key = getattr(claim.event, effect.key)
                claims[f"{key} ({effect.family}): closed"].append((claim.event, day))
    return _dated_twice(claims, linked)


def _dated_twice(
    claims: Mapping[str, list[tuple[Event, FuzzyDate]]], linked: Linked
) -> list[Finding]:
    """For each subject (``"Spain (sections): established"``), every two claims of it from
    different sources, dated differently and not linked: certain when the dates cannot be
    the same day, possible when they only may differ."""
    findings = []
    for subject, dated in claims.items():
        for (a, a_day), (b, b_day) in itertools.combinations(dated, 2):
            if _bounds(a_day) == _bounds(b_day) or not _undeclared(a, b, linked):
                continue
            findings.append(
                _finding(
                    ~a_day.same_day(b_day),
                    f"{subject} {_shown(a_day)} according to one source, "
                    f"{_shown(b_day)} according to another",
                    a,
                    b,
                )
            )
    return findings


def _slots(declared: Sequence[_Declared], linked: Linked) -> list[Finding]:
    """One value of a slot family given from two dates (``Succeeds``: a leader appointed
    1925 by one source, 1926 by another), or ended on two dates (``Vacates``).

    Different values on different days are a succession, not a dispute, and are never
    flagged; certain when the two dates cannot be the same day, possible otherwise.
    """
    claims: dict[str, list[tuple[Event, FuzzyDate]]] = defaultdict(list)
    for claim in declared:
        if claim.day is None:
            continue
        for effect in claim.spec.effects:
            if isinstance(effect, Succeeds | Vacates):
                value = getattr(claim.event, effect.value)
                verb = "from" if isinstance(effect, Succeeds) else "until"
                claims[f"{value!r} ({effect.family}): {verb}"].append((claim.event, claim.day))
    return _dated_twice(claims, linked)


def _shown_values(claim: _Declared, shows: tuple[str, ...]) -> tuple[object, ...] | None:
    """The values a record shows (``Begins.shows``), or None when it shows nothing to tell
    one record from another."""
    values = tuple(getattr(claim.event, name) for name in shows)
    return values if values and all(v is not None for v in values) else None


def _records(declared: Sequence[_Declared], linked: Linked) -> list[Finding]:
    """One record (``Begins``: a congress) shown the same way by two sources but dated
    differently: the same congress, two dates."""
    claims: dict[str, list[tuple[Event, FuzzyDate]]] = {}
    for claim in declared:
        if claim.day is None:
            continue
        for effect in claim.spec.effects:
            if isinstance(effect, Begins):
                shown = _shown_values(claim, effect.shows)
                if shown is not None:
                    subject = f"{', '.join(map(str, shown))} ({effect.family}):"
                    claims.setdefault(subject, []).append((claim.event, claim.day))
    return _dated_twice(claims, linked)


@attrs.frozen
class _Report:
    """A report (an event whose kind ``Reports``), its day, and the effect."""

    event: Event
    spec: KindSpec
    day: FuzzyDate
    effect: Reports

    @property
    def excluding(self) -> tuple[str, ...]:
        """The keys the report's counts leave out (its ``excluding`` field), if any."""
        if self.effect.excluding is None:
            return ()
        return tuple(getattr(self.event, self.effect.excluding))

    @property
    def figures(self) -> list[str]:
        """The report's figures: its kind's whole-number fields, in declaration order."""
        return [field.name for field in self.spec.fields if field.type in (int, int | None)]


def _reports(events: Sequence[Event]) -> list[_Report]:
    return [
        _Report(claim.event, claim.spec, claim.day, effect)
        for claim in _declared(events)
        if claim.day is not None
        for effect in claim.spec.effects
        if isinstance(effect, Reports)
    ]


def _figures(events: Sequence[Event], linked: Linked) -> list[Finding]:
    """Reports (kinds that ``Reports`` into the same family) that may be about the same day
    and give a figure (a whole-number field both have) differently.

    Only reports leaving out the same keys (their ``excluding`` fields) are compared, as
    otherwise they count different things; a figure one of them leaves unset is not
    compared. Certain when the dates are certainly the same day, possible when they may be.
    """
    findings = []
    for a, b in itertools.combinations(_reports(events), 2):
        if a.event is b.event or a.effect.family != b.effect.family:
            continue
        if set(a.excluding) != set(b.excluding) or not _undeclared(a.event, b.event, linked):
            continue
        same_day = a.day.same_day(b.day)
        if not same_day.is_possible:
            continue
        theirs = set(b.figures)
        differing = [
            f"{field} {first} vs {second}"
            for field in a.figures
            if field in theirs
            and None not in (first := getattr(a.event, field), second := getattr(b.event, field))
            and first != second
        ]
        if differing:
            findings.append(
                _finding(
                    same_day,
                    f"figures for {_shown(a.day)} and {_shown(b.day)} "
                    f"({_ADVERB[same_day]} the same day) differ: {', '.join(differing)}",
                    a.event,
                    b.event,
                )
            )
    return findings


def undeclared_disputes(events: Sequence[Event], linked: Linked) -> list[Finding]:
    """Probable disputes no ``contradicts`` link declares: two claims about one fact, from
    different sources (their ``Source`` differs), not already in one dispute, that disagree.

    What makes two claims about one fact follows their effects' shape:

    * founding (``Founds()``): every founding claim is about the one founding; they disagree
      on a date or on a value given to an accumulating family (a name; aliases as a set);
    * keyed (``Opens``, ``Closes``): the opening (closing) of one key, dated differently;
    * slot (``Succeeds``, ``Vacates``): one value taking (leaving) the slot, dated
      differently; different values are a succession;
    * record (``Begins``): one record shown the same way (its ``shows`` fields, all set),
      dated differently; (``Reports``) reports of one family possibly about the same day,
      excluding the same keys, with a figure given differently;
    * accumulating values given by other kinds (a name adopted) are never flagged: a family
      that accumulates holds every value it is given, so two of them do not compete.
    """
    declared = _declared(events)
    return [
        *_foundings(declared, linked),
        *_keyed(declared, linked),
        *_slots(declared, linked),
        *_records(declared, linked),
        *_figures(events, linked),
    ]


FactsOn = Callable[[str, FuzzyDate], Iterable[tuple[str, Certainty]]]
"""For a family and a date: every at least possibly holding fact's key (a keyed fact's key,
a slot's or an accumulated value, a record's event id) with its certainty."""


def facts_on(timeline: Timeline) -> FactsOn:
    """What ``timeline.state_at`` derives for a family on a date (each date replayed once)."""
    states: dict[FuzzyDate, OrgState] = {}

    def on(family: str, when: FuzzyDate) -> Iterable[tuple[str, Certainty]]:
        state = states.get(when)
        if state is None:
            state = states[when] = timeline.state_at(when)
        by_key: dict[str, Certainty] = {}
        for fact in state.families.get(family, ()):
            key = fact.identity
            by_key[key] = by_key.get(key, Certainty.IMPOSSIBLE) | fact.certainty
        return by_key.items()

    return on


def reported_counts(events: Sequence[Event], facts: FactsOn) -> list[ReportedCount]:
    """Every count a report gives of a family (``Reports.counts``, when set) beside the
    [certainly, possibly] holding facts of that family on the report's date, leaving out the
    keys the report excludes."""
    counts = []
    for report in _reports(events):
        excluding = report.excluding
        for field, family in report.effect.counts:
            reported = getattr(report.event, field)
            if reported is None:
                continue
            certainties = [c for key, c in facts(family, report.day) if key not in excluding]
            counts.append(
                ReportedCount(
                    report=EventRef.of(report.event),
                    family=family,
                    field=field,
                    reported=reported,
                    certain=sum(1 for c in certainties if c.is_certain),
                    possible=sum(1 for c in certainties if c.is_possible),
                    excluding=excluding,
                )
            )
    return counts


def outside_range(counts: Sequence[ReportedCount]) -> list[Finding]:
    """A finding for every count outside its derived range."""
    return [
        Finding(
            kind=FindingKind.SECTIONS_OUTSIDE_DERIVED_RANGE
            if count.family == SECTIONS
            else FindingKind.COUNT_OUTSIDE_DERIVED_RANGE,
            certainty=Certainty.CERTAIN,
            message=f"{count.report.id} reports {count.reported} {count.family}"
            f"{'' if count.field == count.family else f' ({count.field})'}, but the log has "
            f"{count.certain} certainly and {count.possible} possibly existing "
            f"{count.family} then",
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
