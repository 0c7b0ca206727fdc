"""The records a check produces, and their JSON-ready and readable forms.

``CheckReport.to_dict()`` keeps the form the report has always had for the library's
``"sections"`` family: ``section_counts`` is a list of ``{report, reported, certain,
possible, excluding, within}``. Counts of any other family (a report kind of your own whose
``Reports(counts={field: family})`` counts periodicals, say) follow under ``family_counts``,
a mapping from the family's name to a list of ``{report, field, reported, certain, possible,
excluding, within}`` (``field`` is the report's field holding the count); the key is there
only when the log has such counts, as a state's JSON adds a family of your own only when the
log uses it.
"""

from __future__ import annotations

import enum
from typing import Any

import attrs
import cattrs

from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import Event

__all__ = [
    "SECTIONS",
    "CheckReport",
    "DisputeSection",
    "DisputedClaim",
    "EventRef",
    "Finding",
    "FindingKind",
    "ReportedCount",
    "SectionCount",
    "quoted",
]

SECTIONS = "sections"
"""The library's family whose counts keep their own names in a report (``section_counts``,
``sections-outside-derived-range``), as they had before counts of other families existed."""


def quoted(text: str) -> str:
    """A date text in quotes that cannot be confused with its own (``'"before 1933"'``)."""
    if not text:
        return "(no date)"
    return f"'{text}'" if '"' in text else f'"{text}"'


class FindingKind(enum.Enum):
    """What a finding is about (reports list findings in this order)."""

    UNREGISTERED_KIND = "unregistered-kind"
    UNREADABLE_RECORD = "unreadable-record"
    BEFORE_FOUNDING = "before-founding"
    POSSIBLY_BEFORE_FOUNDING = "possibly-before-founding"
    UNDECLARED_DISPUTE = "undeclared-dispute"
    UNKNOWN_CLAIM = "unknown-claim"
    UNKNOWN_RELATION = "unknown-relation"
    CONTRADICTED_RELATION = "contradicted-relation"
    NARROWED_DATE = "narrowed-date"
    TEXT_AGAINST_DERIVED = "text-against-derived"
    SECTIONS_OUTSIDE_DERIVED_RANGE = "sections-outside-derived-range"
    COUNT_OUTSIDE_DERIVED_RANGE = "count-outside-derived-range"
    NO_SOURCE = "no-source"
    AMBIGUOUS_DATE = "ambiguous-date"


def _date_text(when: FuzzyDate | FuzzySpan | None) -> tuple[str, str]:
    if when is None:
        return "", ""
    if isinstance(when, FuzzySpan):
        lo = "" if when.start.earliest is None else when.start.earliest.isoformat()
        hi = "" if when.end.latest is None else when.end.latest.isoformat()
        return when.text, f"{lo}..{hi}"
    return when.whole, when.bounds_text()


@attrs.frozen(kw_only=True)
class EventRef:
    """An event as a finding names it: id, type, date as written (and its bounds), source."""

    id: str
    kind: str
    date: str
    bounds: str
    source: str | None
    quotation: str | None

    @classmethod
    def of(cls, event: Event) -> EventRef:
        date, bounds = _date_text(getattr(event, "when", None))
        return cls(
            id=event.id,
            kind=event.kind,
            date=date,
            bounds=bounds,
            source=None if event.source is None else str(event.source),
            quotation=None if event.source is None else event.source.quotation,
        )

    def to_text(self) -> str:
        date = quoted(self.date)
        if self.bounds and self.bounds != self.date:
            date += f" [{self.bounds}]"
        return f"{self.id} ({self.kind}), dated {date}, source: {self.source or 'NONE'}"


@attrs.frozen(kw_only=True)
class Finding:
    """A consistency finding: what kind, how sure, in words, and the events involved."""

    kind: FindingKind
    certainty: Certainty
    message: str
    events: tuple[EventRef, ...]


@attrs.frozen(kw_only=True)
class DisputedClaim:
    """One claim of a dispute: the event (its date as written, its source) and what it says."""

    event: EventRef
    says: str


@attrs.frozen(kw_only=True)
class DisputeSection:
    """A dispute the log declares (``contradicts``): what it is about and its claims."""

    about: str
    claims: tuple[DisputedClaim, ...]

    def to_text(self) -> list[str]:
        lines = [f"  {self.about}: {len(self.claims)} claims"]
        for claim in self.claims:
            ref = claim.event
            lines.append(f"    - {ref.id} ({ref.kind}), dated {quoted(ref.date)}: {claim.says}")
            lines.append(f"      source: {ref.source or 'NONE'}")
            if ref.quotation:
                lines.append(f"        {ref.quotation!r}")
        return lines


@attrs.frozen(kw_only=True)
class ReportedCount:
    """A count a report gives of a family's facts (its ``field``), beside the range the log
    implies for that family on the report's date.

    ``certain`` counts the facts certainly holding then, ``possible`` those at least possibly
    holding, both leaving out the keys the report excludes (``excluding``).
    """

    report: EventRef
    family: str
    field: str
    reported: int
    certain: int
    possible: int
    excluding: tuple[str, ...]

    @property
    def within(self) -> bool:
        return self.certain <= self.reported <= self.possible

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: ``report``, ``field`` (not for sections), ``reported``, ``certain``,
        ``possible``, ``excluding``, ``within``."""
        data: dict[str, Any] = {"report": _converter.unstructure(self.report)}
        if self.family != SECTIONS:
            data["field"] = self.field
        data.update(
            reported=self.reported,
            certain=self.certain,
            possible=self.possible,
            excluding=list(self.excluding),
            within=self.within,
        )
        return data


SectionCount = ReportedCount
"""The name ``ReportedCount`` had when only section counts were checked."""


@attrs.frozen(kw_only=True)
class CheckReport:
    """What ``check`` found: integrity errors (``ok`` is False when any), findings, and every
    count a report gives of a family beside the range the log implies (``counts``)."""

    stream: str
    events_checked: int
    integrity_errors: tuple[str, ...]
    disputes: tuple[DisputeSection, ...] = ()
    findings: tuple[Finding, ...]
    counts: tuple[ReportedCount, ...]

    @property
    def ok(self) -> bool:
        """True when the log's integrity holds; findings do not affect it (records of a kind
        not registered here included: the log is intact, see ``mopr_timeline.check``)."""
        return not self.integrity_errors

    @property
    def section_counts(self) -> tuple[ReportedCount, ...]:
        """The counts of national sections (the ``"sections"`` family)."""
        return tuple(count for count in self.counts if count.family == SECTIONS)

    def family_counts(self) -> dict[str, tuple[ReportedCount, ...]]:
        """The counts of every other family, by family, in the order first counted."""
        families: dict[str, list[ReportedCount]] = {}
        for count in self.counts:
            if count.family != SECTIONS:
                families.setdefault(count.family, []).append(count)
        return {family: tuple(counts) for family, counts in families.items()}

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (enums as their values; see the module docstring
        for the counts)."""
        data: dict[str, Any] = {
            "stream": self.stream,
            "events_checked": self.events_checked,
            "integrity_errors": list(self.integrity_errors),
            "disputes": _converter.unstructure(self.disputes),
            "findings": _converter.unstructure(self.findings),
            "section_counts": [count.to_dict() for count in self.section_counts],
        }
        others = self.family_counts()
        if others:
            data["family_counts"] = {
                family: [count.to_dict() for count in counts] for family, counts in others.items()
            }
        data["ok"] = self.ok
        return data

    def to_text(self) -> str:
        """A readable report: integrity first, then one section per dispute the log declares,
        then findings (those possibly dated before the founding as one line naming them),
        then the counts, by family."""
        status = "OK" if self.ok else f"FAILED ({len(self.integrity_errors)} errors)"
        lines = [
            f"Check of stream {self.stream!r}: {self.events_checked} events, integrity {status}"
        ]
        if self.integrity_errors:
            lines += ["", "Integrity errors:"]
            lines += [f"  - {error}" for error in self.integrity_errors]
        lines += ["", f"Disputes ({len(self.disputes)}):"]
        if not self.disputes:
            lines.append("  none declared")
        for dispute in self.disputes:
            lines += dispute.to_text()
        lines += ["", f"Findings ({len(self.findings)}):"]
        if not self.findings:
            lines.append("  none")
        for finding in self.findings:
            lines.append(f"  [{finding.kind.value}, {finding.certainty.value}] {finding.message}")
            if finding.kind is not FindingKind.POSSIBLY_BEFORE_FOUNDING:
                lines += [f"      {ref.to_text()}" for ref in finding.events]
        by_family: dict[str, list[ReportedCount]] = {}
        for count in self.counts:
            by_family.setdefault(count.family, []).append(count)
        for family, counts in by_family.items():
            lines += ["", f"Reported {family} vs {family} derived on the report's date:"]
            lines += [_count_line(count) for count in counts]
        return "\n".join(lines)


def _count_line(count: ReportedCount) -> str:
    verdict = "within" if count.within else "OUTSIDE"
    field = f" ({count.field})" if count.field != count.family else ""
    excluding = f", excluding {', '.join(count.excluding)}" if count.excluding else ""
    date = count.report.date or count.report.bounds
    return (
        f"  {count.report.id} ({date}): reported {count.reported}{field}, derived "
        f"[{count.certain} certain, {count.possible} possible]{excluding}: {verdict}"
    )


_converter = cattrs.Converter()
