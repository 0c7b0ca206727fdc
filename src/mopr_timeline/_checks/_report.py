"""The records a check produces, and their JSON-ready and readable forms."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import cattrs

from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import Event

__all__ = ["CheckReport", "EventRef", "Finding", "FindingKind", "SectionCount", "quoted"]


def quoted(text: str) -> str:
    """A date text in quotes that cannot be confused with its own (``'"before 1933"'``)."""
    if not text:
        return "(no date)"
    return f"'{text}'" if '"' in text else f'"{text}"'


class FindingKind(enum.Enum):
    """What a consistency finding is about."""

    BEFORE_FOUNDING = "before-founding"
    CONFLICTING_FOUNDING = "conflicting-founding"
    CONFLICTING_ESTABLISHMENT = "conflicting-establishment"
    CONFLICTING_FIGURES = "conflicting-figures"
    SECTIONS_OUTSIDE_DERIVED_RANGE = "sections-outside-derived-range"
    NO_SOURCE = "no-source"


def _date_text(when: FuzzyDate | FuzzySpan | None) -> tuple[str, str]:
    if when is None:
        return "", ""
    if isinstance(when, FuzzySpan):
        lo = "" if when.start.earliest is None else when.start.earliest.isoformat()
        hi = "" if when.end.latest is None else when.end.latest.isoformat()
        return when.text, f"{lo}..{hi}"
    return when.text, when.bounds_text()


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
class SectionCount:
    """A reported number of sections beside the range the log implies on the report's date.

    ``certain`` counts sections certainly existing, ``possible`` those at least possibly
    existing, both leaving out the countries the report excludes.
    """

    report: EventRef
    reported: int
    certain: int
    possible: int
    excluding: tuple[str, ...]

    @property
    def within(self) -> bool:
        return self.certain <= self.reported <= self.possible


@attrs.frozen(kw_only=True)
class CheckReport:
    """What ``check`` found: integrity errors (``ok`` is False when any) and findings."""

    stream: str
    events_checked: int
    integrity_errors: tuple[str, ...]
    findings: tuple[Finding, ...]
    section_counts: tuple[SectionCount, ...]

    @property
    def ok(self) -> bool:
        """True when the log's integrity holds; consistency findings do not affect it."""
        return not self.integrity_errors

    def to_dict(self) -> dict[str, Any]:
        """The report as JSON-ready data (enums as their values)."""
        data: dict[str, Any] = _converter.unstructure(self)
        data["ok"] = self.ok
        for count, entry in zip(self.section_counts, data["section_counts"], strict=True):
            entry["within"] = count.within
        return data

    def to_text(self) -> str:
        """A readable report: integrity first, then findings, then the section counts."""
        status = "OK" if self.ok else f"FAILED ({len(self.integrity_errors)} errors)"
        lines = [
            f"Check of stream {self.stream!r}: {self.events_checked} events, integrity {status}"
        ]
        if self.integrity_errors:
            lines += ["", "Integrity errors:"]
            lines += [f"  - {error}" for error in self.integrity_errors]
        lines += ["", f"Findings ({len(self.findings)}):"]
        if not self.findings:
            lines.append("  none")
        for finding in self.findings:
            lines.append(f"  [{finding.kind.value}, {finding.certainty.value}] {finding.message}")
            lines += [f"      {ref.to_text()}" for ref in finding.events]
        if self.section_counts:
            lines += ["", "Reported sections vs sections derived on the report's date:"]
        for count in self.section_counts:
            verdict = "within" if count.within else "OUTSIDE"
            excluding = f", excluding {', '.join(count.excluding)}" if count.excluding else ""
            date = count.report.date or count.report.bounds
            lines.append(
                f"  {count.report.id} ({date}): reported {count.reported}, derived "
                f"[{count.certain} certain, {count.possible} possible]{excluding}: {verdict}"
            )
        return "\n".join(lines)


_converter = cattrs.Converter()
