"""Internals of ``mopr_timeline.check``: the report records, integrity checks, records of kinds
not registered here, consistency checks derived from the kinds' declarations, and dates read
from ambiguous texts."""

from mopr_timeline._checks._ambiguous import ambiguous_dates
from mopr_timeline._checks._consistency import (
    FactsOn,
    before_founding,
    conflicting_establishments,
    conflicting_figures,
    conflicting_foundings,
    facts_on,
    outside_range,
    reported_counts,
    without_source,
)
from mopr_timeline._checks._integrity import (
    date_errors,
    live_events,
    read_log,
    retraction_errors,
    verify_store,
)
from mopr_timeline._checks._report import (
    CheckReport,
    EventRef,
    Finding,
    FindingKind,
    ReportedCount,
    SectionCount,
)
from mopr_timeline._checks._unread import unread_kinds, unreadable_records, unregistered_kind

__all__ = [
    "CheckReport",
    "EventRef",
    "FactsOn",
    "Finding",
    "FindingKind",
    "ReportedCount",
    "SectionCount",
    "ambiguous_dates",
    "before_founding",
    "conflicting_establishments",
    "conflicting_figures",
    "conflicting_foundings",
    "date_errors",
    "facts_on",
    "live_events",
    "outside_range",
    "read_log",
    "reported_counts",
    "retraction_errors",
    "unread_kinds",
    "unreadable_records",
    "unregistered_kind",
    "verify_store",
    "without_source",
]
