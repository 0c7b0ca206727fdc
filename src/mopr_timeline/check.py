"""``check(timeline)``: is the log intact, and where do its claims disagree?

Integrity (the store's hash chain and record schema, readable records, dates that read back
from their texts, retractions of known events) decides ``CheckReport.ok``. Consistency
findings never do: a source that contradicts itself is recorded faithfully, and ``check``
points at the contradiction with the events, dates and sources involved:

* events certainly or possibly dated before the founding;
* founding claims with different names or dates;
* a country whose section two sources date differently;
* figure reports that may be about the same day and differ;
* every reported section count beside the [certainly, possibly] existing sections that
  ``state_at`` derives for its date, flagged when outside;
* events without a source.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from mopr_timeline._checks._consistency import (
    SectionsOn,
    before_founding,
    conflicting_establishments,
    conflicting_figures,
    conflicting_foundings,
    outside_range,
    section_counts,
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
    SectionCount,
)
from mopr_timeline._dataset import open_dataset_store
from mopr_timeline.dates import Certainty, FuzzyDate
from mopr_timeline.replay import ReplayError, Timeline
from mopr_timeline.store import Store, StoreError

__all__ = [
    "CheckError",
    "CheckReport",
    "EventRef",
    "Finding",
    "FindingKind",
    "SectionCount",
    "check",
    "check_path",
    "check_store",
]


class CheckError(TypeError):
    """``check`` was given something that is not a ``Timeline`` (``check_store``: a ``Store``)."""


def check(timeline: Timeline) -> CheckReport:
    """Check ``timeline``'s log: integrity errors, consistency findings, section counts."""
    if not isinstance(timeline, Timeline):
        raise CheckError(
            f"check() takes a mopr_timeline.Timeline (e.g. mopr_timeline.load()), "
            f"not {type(timeline).__name__}"
        )
    return _check(timeline.store, timeline.stream, lambda: timeline)


def check_store(store: Store, stream: str = "mopr") -> CheckReport:
    """Check ``stream`` of ``store`` directly, even when its history is too damaged to replay."""
    if not isinstance(store, Store):
        raise CheckError(f"check_store() takes a mopr_timeline.Store, not {type(store).__name__}")
    return _check(store, stream, lambda: Timeline(store, stream))


def check_path(path: str | Path | None = None, *, stream: str = "mopr") -> CheckReport:
    """Check a FileStore directory (None: the shipped dataset) as ``load(path)`` would open it.

    A missing directory or stream is a ``DatasetError``; a damaged log is reported, not raised.
    """
    return check_store(open_dataset_store(path, stream=stream), stream)


def _check(store: Store, stream: str, replay: Callable[[], Timeline]) -> CheckReport:
    errors = verify_store(store, stream)
    events, read_errors = read_log(store, stream)
    errors += [error for error in read_errors if error not in errors]
    errors += date_errors(events)
    errors += retraction_errors(events)

    live = live_events(events)
    findings = [
        *before_founding(live),
        *conflicting_foundings(live),
        *conflicting_establishments(live),
        *conflicting_figures(live),
    ]
    counts: list[SectionCount] = []
    if not errors:
        try:
            counts = section_counts(live, _sections_on(replay()))
        except (StoreError, ReplayError) as exc:
            errors.append(f"replay failed: {exc}")
    findings += outside_range(counts)
    findings += without_source(live)
    return CheckReport(
        stream=stream,
        events_checked=len(events),
        integrity_errors=tuple(errors),
        findings=tuple(sorted(findings, key=_finding_order)),
        section_counts=tuple(counts),
    )


_KIND_ORDER = {kind: position for position, kind in enumerate(FindingKind)}


def _finding_order(finding: Finding) -> tuple[int, int]:
    """By kind (declaration order), certain before possible; stable within."""
    return _KIND_ORDER[finding.kind], -finding.certainty.rank


def _sections_on(timeline: Timeline) -> SectionsOn:
    def sections_on(when: FuzzyDate) -> Iterator[tuple[str, Certainty]]:
        by_country: dict[str, Certainty] = {}
        for section in timeline.state_at(when).sections:
            known = by_country.get(section.country, Certainty.IMPOSSIBLE)
            by_country[section.country] = known | section.certainty
        yield from by_country.items()

    return sections_on
