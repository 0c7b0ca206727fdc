"""Records ``check`` cannot read here: those of event kinds not registered in this process,
and those that do not read as their registered kind.

A log written with a kind of your own keeps its records whole where that kind is not declared
(the module declaring it was not imported): they read back as ``UnregisteredEvent``s, which
replay skips. ``check`` reports them, one finding per kind, and leaves them out of every
other finding and count.

A record of a registered kind that does not read as one (written by an older version or a
bug: a field of the wrong type, a value out of range) reads back as an ``UnreadableEvent``,
which replay skips too. Unlike an unregistered kind, this is the log's own problem, not the
process's: the event its writer meant is missing from every answer. So each one is an
integrity error (``ok`` false), naming its version, where it is stored, its id, the field and
why, until a ``Retracted`` of its id withdraws it; a retracted one is a certain
``unreadable-record`` finding only (nothing is missing any more).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from mopr_timeline._checks._report import Finding, FindingKind
from mopr_timeline.dates import Certainty
from mopr_timeline.events import (
    Event,
    Retracted,
    UnknownKindError,
    UnreadableEvent,
    UnreadEvent,
    UnregisteredEvent,
    spec_of,
)
from mopr_timeline.store import RecordedEvent

__all__ = ["unread_kinds", "unreadable_records", "unregistered_kind"]

_RANGES_SHOWN = 10


def unregistered_kind(event: Event) -> str | None:
    """The stored kind of a record whose kind is not registered here (None for an event of
    a registered kind): an ``UnregisteredEvent``, or an event whose class is no longer
    registered (a store that keeps the objects it was given)."""
    if isinstance(event, UnregisteredEvent):
        return event.type
    if isinstance(event, UnreadEvent):
        return None
    try:
        spec_of(event)
    except UnknownKindError:
        return event.kind
    return None


def unread_kinds(records: Iterable[RecordedEvent]) -> list[Finding]:
    """One certain finding per kind not registered here: the kind, how many records, their
    versions, and how to have them read."""
    versions: dict[str, list[int]] = defaultdict(list)
    for record in records:
        kind = unregistered_kind(record.event)
        if kind is not None:
            versions[kind].append(record.version)
    return [
        Finding(
            kind=FindingKind.UNREGISTERED_KIND,
            certainty=Certainty.CERTAIN,
            message=f"{_records(found)} of the event kind {kind!r}, which is not "
            f"registered here ({_versions(found)}), could not be read, so the check leaves "
            f"{_them(found)} out; import the module declaring the kind (--kinds MODULE at the "
            f"command line) to check {_them(found)}",
            events=(),
        )
        for kind, found in versions.items()
    ]


def _records(versions: list[int]) -> str:
    return "1 record" if len(versions) == 1 else f"{len(versions)} records"


def _them(versions: list[int]) -> str:
    return "it" if len(versions) == 1 else "them"


def _versions(versions: list[int]) -> str:
    """``version 7``, or versions as ranges (``versions 4-6, 9``), the first few of them
    when there are many."""
    if len(versions) == 1:
        return f"version {versions[0]}"
    ranges: list[list[int]] = []
    for version in sorted(versions):
        if ranges and version == ranges[-1][1] + 1:
            ranges[-1][1] = version
        else:
            ranges.append([version, version])
    shown = [str(lo) if lo == hi else f"{lo}-{hi}" for lo, hi in ranges[:_RANGES_SHOWN]]
    if len(ranges) > _RANGES_SHOWN:
        shown.append(f"... and {len(ranges) - _RANGES_SHOWN} more ranges")
    return "versions " + ", ".join(shown)


def unreadable_records(records: Iterable[RecordedEvent]) -> tuple[list[str], list[Finding]]:
    """The records that do not read as their kind: an integrity error for each one still in
    force, a certain finding for each one retracted."""
    listed = list(records)
    retracted = {r.event.target for r in listed if isinstance(r.event, Retracted)}
    errors: list[str] = []
    findings: list[Finding] = []
    for record in listed:
        event = record.event
        if not isinstance(event, UnreadableEvent):
            continue
        if event.id in retracted:
            findings.append(
                Finding(
                    kind=FindingKind.UNREADABLE_RECORD,
                    certainty=Certainty.CERTAIN,
                    message=f"version {record.version}, {event.problem()}; it is retracted, "
                    "so replay's skipping it loses nothing",
                    events=(),
                )
            )
        else:
            errors.append(
                f"version {record.version}, {event.problem()}; replay skips it: retract it "
                f"(mopr-timeline retract {event.id} --reason ...) and append a corrected event"
            )
    return errors, findings
