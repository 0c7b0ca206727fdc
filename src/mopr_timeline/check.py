"""``check(timeline)``: is the log intact, and where do its claims disagree?

Integrity (the store's own checks: a FileStore's hash chain and acknowledged head, versions
without gaps; records that read as their kind, dates that read back from their texts,
retractions of known events; and, given ``expect_head``, the stream's history up to that head)
decides ``CheckReport.ok``. Findings never do: a source that contradicts itself is recorded
faithfully, and ``check`` points at the contradiction with the events, dates and sources
involved. Every finding derives from the registered kinds' declarations (their effects and
fields), for the library's kinds and kinds of your own alike:

* records of a kind not registered in this process (``unregistered-kind``), one finding per
  kind with the number of records and their versions;
* records that do not read as their kind but are retracted (``unreadable-record``), one
  finding each (one still in force is an integrity error instead: see below);
* events certainly or possibly dated before the founding: the first event whose kind
  ``Founds()`` the organization (an event's day is its ``when``, or a span's start);
* founding claims that give an accumulated value (a name; aliases as a set) or a date
  differently;
* a key of a keyed family whose opening (``Opens``: a country's section, a periodical) two
  sources date differently;
* reports (kinds that ``Reports``) that may be about the same day and give a whole-number
  figure differently, compared only when they exclude the same keys;
* every count a report gives of a family (``Reports(counts={field: family})``) beside the
  [certainly, possibly] holding facts of that family that ``state_at`` derives for its date,
  leaving out the keys in its ``excluding`` field, and flagged when outside
  (``sections-outside-derived-range`` for sections, ``count-outside-derived-range`` for
  any other family);
* events without a source;
* days and spans read from a text with more than one common reading (``ambiguous-date``:
  ``1800s``, ``1918-21``, ``10/7/2008``), whose bounds cover every reading.

A record of a kind not registered here (it reads back as an ``UnregisteredEvent``) does not
make ``ok`` false. ``ok`` says whether the log itself is intact, and it is: the record is
stored whole and verified with the rest of the chain, nothing is lost, and the same log
checked where the kind is declared reads completely. Whether this process can read a kind
depends on what it imported, not on the log, and an integrity failure (exit code 1 at the
command line) would send the reader looking for tampering that never happened. What the
check could not do is said instead by a *certain* finding, listed first, naming the kind, how
many records and their versions, and how to have them read (import the module declaring the
kind; ``--kinds MODULE`` at the command line); every other finding and count is made without
those records and says nothing about them.

A record of a registered kind that does not read as one (it reads back as an
``UnreadableEvent``: written by an older version or by a bug) is an integrity error naming
its version, where it is stored, its id, the field and why: the event its writer meant is
missing from every answer, and only the log can be fixed (retract the record, append a
corrected event). Replay skips it, so the counts below are still made, without it. Once
retracted it is an ``unreadable-record`` finding only.

``CheckReport.to_dict()`` has ``stream``, ``events_checked``, ``integrity_errors``,
``findings`` (each ``kind``, ``certainty``, ``message``, ``events``), ``section_counts`` (the
sections family's counts, each ``report``, ``reported``, ``certain``, ``possible``,
``excluding``, ``within``), then, only when the log has counts of other families,
``family_counts``: the family's name to a list of the same entries with ``field`` (the
report's field holding the count) after ``report``; and ``ok``.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

from mopr_timeline._checks import (
    CheckReport,
    DisputedClaim,
    DisputeSection,
    EventRef,
    Finding,
    FindingKind,
    ReportedCount,
    SectionCount,
    ambiguous_dates,
    as_narrowed,
    before_founding,
    contradicted_relations,
    date_errors,
    dispute_sections,
    facts_on,
    link_test,
    linked_claims,
    live_events,
    narrowed_dates,
    outside_range,
    read_log,
    reported_counts,
    retraction_errors,
    text_against_derived,
    undeclared_disputes,
    unknown_claims,
    unknown_relations,
    unread_kinds,
    unreadable_records,
    unregistered_kind,
    verify_store,
    without_source,
)
from mopr_timeline._dataset import PERIODS, open_dataset_store
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import Event, Retracted, UnreadEvent
from mopr_timeline.replay import Timeline, UnreadableRecordWarning, UnregisteredKindWarning
from mopr_timeline.store import Head, Store, parse_head

__all__ = [
    "CheckError",
    "CheckReport",
    "DisputeSection",
    "DisputedClaim",
    "EventRef",
    "Finding",
    "FindingKind",
    "ReportedCount",
    "SectionCount",
    "check",
    "check_path",
    "check_store",
]


class CheckError(MoprTimelineError, TypeError):
    """``check`` was given something that is not a ``Timeline`` (``check_store``: a ``Store``)."""


def check(timeline: Timeline, *, expect_head: Head | str | None = None) -> CheckReport:
    """Check ``timeline``'s log: integrity errors, findings, reported counts.

    ``expect_head`` (a ``Head``, ``"VERSION:HASH"`` or ``"HASH"``, as ``Store.head`` gave it
    earlier) adds an integrity error unless the stream's history up to that head is the one
    recorded then; a malformed one raises ``HeadFormatError``.
    """
    if not isinstance(timeline, Timeline):
        raise CheckError(
            f"check() takes a mopr_timeline.Timeline (e.g. mopr_timeline.load()), "
            f"not {type(timeline).__name__}"
        )
    return _check(timeline.store, timeline.stream, lambda: timeline, expect_head)


def check_store(
    store: Store, stream: str = "mopr", *, expect_head: Head | str | None = None
) -> CheckReport:
    """Check ``stream`` of ``store`` directly, even when its history is too damaged to replay
    (``expect_head`` as for ``check``)."""
    if not isinstance(store, Store):
        raise CheckError(f"check_store() takes a mopr_timeline.Store, not {type(store).__name__}")
    return _check(store, stream, lambda: Timeline(store, stream), expect_head)


def check_path(
    path: str | Path | None = None,
    *,
    stream: str = "mopr",
    expect_head: Head | str | None = None,
) -> CheckReport:
    """Check a FileStore directory (None: the shipped dataset) as ``load(path)`` would open it
    (``expect_head`` as for ``check``).

    A missing directory or stream is a ``DatasetError``; a damaged log is reported, not raised.
    """
    return check_store(open_dataset_store(path, stream=stream), stream, expect_head=expect_head)


def _check(
    store: Store,
    stream: str,
    replay: Callable[[], Timeline],
    expect_head: Head | str | None,
) -> CheckReport:
    if expect_head is not None:
        parse_head(expect_head)
    errors = verify_store(store, stream, expect_head)
    records, read_errors = read_log(store, stream)
    errors += [error for error in read_errors if error not in errors]
    events = [record.event for record in records]
    unreadable, retracted_unreadable = unreadable_records(records)
    errors += unreadable
    errors += date_errors(events, PERIODS)
    errors += retraction_errors(events)
    # replay skips unreadable records: only the other integrity errors stop it
    replayable = len(errors) == len(unreadable)

    live = [
        e
        for e in live_events(events)
        if not isinstance(e, UnreadEvent) and unregistered_kind(e) is None
    ]
    timeline: Timeline | None = None
    disputes: list[tuple[Event, ...]] = linked_claims(live)
    counts: list[ReportedCount] = []
    derived: list[Finding] = []
    narrowed: list[Finding] = []
    dated: list[Event] = live  # dates as relations narrow them, once the log replays
    if replayable:
        try:
            with warnings.catch_warnings():
                # replay's warnings say what the findings and errors above already do
                warnings.simplefilter("ignore", UnregisteredKindWarning)
                warnings.simplefilter("ignore", UnreadableRecordWarning)
                timeline = replay()
                disputes = [tuple(r.event for r in d) for d in timeline.disputes()]
                facts = facts_on(timeline)
                counts = reported_counts(live, facts)
                derived = text_against_derived(live, facts)
                narrowed = narrowed_dates(timeline, [e for e in live if hasattr(e, "when")])
                dated = as_narrowed(timeline, live)
        except MoprTimelineError as exc:
            errors.append(f"replay failed: {exc}")
    findings = [
        *unread_kinds(records),
        *retracted_unreadable,
        *before_founding(dated),
        *undeclared_disputes(dated, link_test(disputes)),
        *unknown_claims(live, {e.id for e in live}),
        *unknown_relations(live, {e.target for e in events if isinstance(e, Retracted)}),
        *(contradicted_relations(records, live) if replayable else []),
        *narrowed,
        *derived,
        *outside_range(counts),
        *without_source(live),
        *ambiguous_dates(live),
    ]
    return CheckReport(
        stream=stream,
        events_checked=len(events),
        integrity_errors=tuple(errors),
        disputes=tuple(dispute_sections(disputes)),
        findings=tuple(sorted(findings, key=_finding_order)),
        counts=tuple(counts),
    )


_KIND_ORDER = {kind: position for position, kind in enumerate(FindingKind)}


def _finding_order(finding: Finding) -> tuple[int, int]:
    """By kind (declaration order), certain before possible; stable within."""
    return _KIND_ORDER[finding.kind], -finding.certainty.rank
