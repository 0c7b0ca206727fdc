"""Source: the citation every event carries, and the text checks it shares with events."""

from __future__ import annotations

from typing import Any

import attrs

from mopr_timeline.events._errors import EventError

__all__ = ["Source", "check_optional_text", "check_text"]


def check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``value`` is text with something besides blanks."""
    if not isinstance(value, str) or not value.strip():
        raise EventError(
            type(instance).__name__, attribute.name, f"expected non-empty text, got {value!r}"
        )


def check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``value`` is None or text with something besides blanks."""
    if value is not None:
        check_text(instance, attribute, value)


@attrs.frozen(kw_only=True)
class Source:
    """A citation: the work, the pages, and the sentence quoted from it."""

    title: str = attrs.field(validator=check_text)
    pages: str | None = attrs.field(default=None, validator=check_optional_text)
    quotation: str | None = attrs.field(default=None, validator=check_optional_text)

    def __str__(self) -> str:
        pages = (
            f", pp. {self.pages}"
            if self.pages and "-" in self.pages
            else (f", p. {self.pages}" if self.pages else "")
        )
        return f"{self.title}{pages}"
