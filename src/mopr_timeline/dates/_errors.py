"""The error every date parser raises: what was read, where it failed, and why."""

from __future__ import annotations

from mopr_timeline.errors import MoprTimelineError

__all__ = ["BackwardsSpanError", "DateParseError", "MissingYearError"]


class DateParseError(MoprTimelineError, ValueError):
    """A text that is not a date we can read.

    ``text`` is the whole input, ``position`` the 0-based offset where reading failed (or
    None when the text as a whole is at fault) and ``reason`` what was expected there.
    """

    def __init__(self, text: str, reason: str, position: int | None = None) -> None:
        self.text = text
        self.reason = reason
        self.position = position
        where = f" at position {position}" if position is not None else ""
        super().__init__(f"cannot read date {text!r}{where}: {reason}")


class MissingYearError(DateParseError):
    """A month or day with no year, and no ``year=`` to supply one (a span may lend its own)."""


class BackwardsSpanError(DateParseError):
    """A span whose end certainly comes before its start (``1930-1920``)."""


class NoSuchDayError(DateParseError):
    """A day its month does not have (``31 February 1925``)."""
