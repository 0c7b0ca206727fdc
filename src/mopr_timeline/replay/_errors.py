"""Errors of replay (bad ``as_of`` arguments, unusable record sequences) and its warnings
(records skipped because they cannot be read here)."""

from __future__ import annotations

from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import UnreadableEvent

__all__ = ["AsOfError", "ReplayError", "UnreadableRecordWarning", "UnregisteredKindWarning"]


class ReplayError(MoprTimelineError, ValueError):
    """A request replay cannot answer: says what was asked and why it is refused."""


class AsOfError(ReplayError):
    """An ``as_of`` that is neither a stream version (int >= 0) nor an aware datetime."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"as_of={value!r}: {reason}")


class UnregisteredKindWarning(UserWarning):
    """Records of a kind that is not registered in this process were skipped by replay.

    The stored events are intact and are read back as ``UnregisteredEvent``; declare the kind
    (import the module declaring it; ``--kinds`` at the command line) to replay them.
    """

    def __init__(self, stream: str, kind: str, versions: list[int]) -> None:
        self.stream = stream
        self.kind = kind
        self.versions = versions
        shown = ", ".join(map(str, versions[:5])) + (", ..." if len(versions) > 5 else "")
        super().__init__(
            f"stream {stream!r}: skipped {len(versions)} record(s) of the event kind {kind!r}, "
            f"which is not registered here (versions {shown}); import the module declaring "
            "it (--kinds MODULE at the command line) to replay them"
        )


class UnreadableRecordWarning(UserWarning):
    """A record of a registered kind that does not read as one was skipped by replay.

    ``event`` is the ``UnreadableEvent`` standing for it: the record's id, stored kind and
    JSON, where it is stored, the field at fault and why. The rest of the stream is replayed
    without it; ``check`` reports it, and retracting its id (``mopr-timeline retract``)
    withdraws it for good (append a corrected event beside it).
    """

    def __init__(self, stream: str, version: int, event: UnreadableEvent) -> None:
        self.stream = stream
        self.version = version
        self.event = event
        super().__init__(
            f"stream {stream!r}: skipped version {version}, {event.problem()}; retract it "
            "and append a corrected event (check lists every such record)"
        )
