"""Internals of ``mopr_timeline.check``: the report records, integrity checks, records of kinds
not registered here, the disputes the log declares, consistency checks derived from the kinds'
declarations, and dates read from ambiguous texts."""

from mopr_timeline._checks._ambiguous import ambiguous_dates
from mopr_timeline._checks._consistency import (
    FactsOn,
    Linked,
    before_founding,
    facts_on,
    outside_range,
    reported_counts,
    undeclared_disputes,
    without_source,
)
from mopr_timeline._checks._disputes import (
    dispute_sections,
    link_test,
    linked_claims,
    text_against_derived,
    unknown_claims,
)
from mopr_timeline._checks._integrity import (
    date_errors,
    live_events,
    read_log,
    retraction_errors,
    verify_store,
)
from mopr_timeline._checks._relations import (
    as_narrowed,
    contradicted_relations,
    narrowed_dates,
    unknown_relations,
)
from mopr_timeline._checks._report import (
    CheckReport,
    DisputedClaim,
    DisputeSection,
    EventRef,
    Finding,
    FindingKind,
    ReportedCount,
    SectionCount,
)
from mopr_timeline._checks._unread import unread_kinds, unreadable_records, unregistered_kind

__all__ = [
    "CheckReport",
    "DisputeSection",
    "DisputedClaim",
    "EventRef",
    "FactsOn",
    "Finding",
    "FindingKind",
    "Linked",
    "ReportedCount",
    "SectionCount",
    "ambiguous_dates",
    "as_narrowed",
    "before_founding",
    "contradicted_relations",
    "date_errors",
    "dispute_sections",
    "facts_on",
    "link_test",
    "linked_claims",
    "live_events",
    "narrowed_dates",
    "outside_range",
    "read_log",
    "reported_counts",
    "retraction_errors",
    "text_against_derived",
    "undeclared_disputes",
    "unknown_claims",
    "unknown_relations",
    "unread_kinds",
    "unreadable_records",
    "unregistered_kind",
    "verify_store",
    "without_source",
]
