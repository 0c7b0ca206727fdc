"""What every part of event (de)serialization shares: the error and the key checks."""

from __future__ import annotations

from typing import Any

from mopr_timeline.errors import MoprTimelineError

__all__ = ["SerialError", "check_keys", "describe"]


class SerialError(MoprTimelineError, ValueError):
    """A serialized event that cannot be read: ``field`` (dotted path, "" for the whole)."""

    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason
        super().__init__(f"{field}: {reason}" if field else reason)

    def inside(self, parent: str | int) -> SerialError:
        """The same error seen from the enclosing object, whose ``parent`` field holds it."""
        prefix = f"[{parent}]" if isinstance(parent, int) else str(parent)
        if not self.field:
            path = prefix
        elif self.field.startswith("["):
            path = prefix + self.field
        else:
            path = f"{prefix}.{self.field}"
        return SerialError(path, self.reason)


def describe(value: Any) -> str:
    """A short ``repr`` of a stored value for error messages."""
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def check_keys(
    value: Any, keys: tuple[str, ...], what: str, *, optional: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``value`` if it is a dict with exactly ``keys`` (and any of ``optional``), else
    ``SerialError`` naming the key."""
    if not isinstance(value, dict):
        raise SerialError("", f"expected {what} object, got {describe(value)}")
    for key in keys:
        if key not in value:
            raise SerialError(key, "missing")
    for key in value:
        if key not in keys and key not in optional:
            allowed = ", ".join((*keys, *optional))
            raise SerialError(str(key), f"unknown field (expected {allowed})")
    return value
