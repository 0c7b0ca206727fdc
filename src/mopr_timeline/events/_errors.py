"""Errors of the event vocabulary: an event that cannot be built, a kind that cannot be
declared, a kind that is not registered."""

from __future__ import annotations

from mopr_timeline.errors import MoprTimelineError

__all__ = ["EventError", "KindError", "UnknownKindError"]


class EventError(MoprTimelineError, ValueError):
    """An event that cannot be built: names the event type, the field and why."""

    def __init__(self, event_type: str, field: str, reason: str) -> None:
        self.event_type = event_type
        self.field = field
        self.reason = reason
        super().__init__(f"{event_type}.{field}: {reason}")


class KindError(MoprTimelineError, TypeError):
    """An event kind declared wrongly: names the class, what is wrong and how to fix it."""

    def __init__(self, kind: str, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(f"event kind {kind}: {reason}")


class UnknownKindError(MoprTimelineError, ValueError):
    """An event kind that is not registered: an event of it can be neither written nor read.

    ``kind`` is the kind's name (a stored ``"type"``, or the class's name).
    """

    def __init__(self, kind: str, reason: str) -> None:
        self.kind = kind
        self.reason = reason
        super().__init__(reason)
