"""Errors of replay: bad ``as_of`` arguments and unusable record sequences."""

from __future__ import annotations

__all__ = ["AsOfError", "ReplayError"]


class ReplayError(ValueError):
    """A request replay cannot answer: says what was asked and why it is refused."""


class AsOfError(ReplayError):
    """An ``as_of`` that is neither a stream version (int >= 0) nor an aware datetime."""

    def __init__(self, value: object, reason: str) -> None:
        self.value = value
        self.reason = reason
        super().__init__(f"as_of={value!r}: {reason}")
