"""Errors of replay (bad ``as_of`` arguments, unusable record sequences) and its warning."""

from __future__ import annotations

from mopr_timeline.errors import MoprTimelineError

__all__ = ["AsOfError", "ReplayError", "UnregisteredKindWarning"]


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
