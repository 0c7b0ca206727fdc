"""Source: the citation every event carries, and the text checks it shares with events.

Every text an event holds must be storable in every store and read back equal: valid Unicode,
without a lone surrogate (U+D800 to U+DFFF, which UTF-8 cannot encode). ``text_problem`` says
why a text is not.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from mopr_timeline.events._errors import EventError

__all__ = [
    "Source",
    "check_optional_text",
    "check_text",
    "shown",
    "storable",
    "text_problem",
]

_UNSTORABLE = re.compile("[\ud800-\udfff]")
_SHOWN = 60
"""Characters of a value a message shows (longer values are cut with ``...``)."""


def text_problem(text: str) -> str | None:
    """Why ``text`` cannot be stored (it holds a lone surrogate), or None."""
    found = _UNSTORABLE.search(text)
    if found is None:
        return None
    character = found.group()
    return (
        f"holds a lone surrogate (U+{ord(character):04X}) at position {found.start()}, "
        "which is not valid Unicode"
    )


def storable(text: str) -> bool:
    """Is ``text`` storable (``text_problem`` is None)? Cheap for the usual ASCII text."""
    return text.isascii() or _UNSTORABLE.search(text) is None


def shown(value: Any) -> str:
    """A short ``repr`` of ``value`` for messages: a whole number too long to print (Python
    refuses to spell one of more than 4,300 digits) as its number of digits, a long text cut."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 64:
        return f"a number of {_digits(value):,} digits"
    try:
        text = repr(value)
    except ValueError:
        return f"a {type(value).__name__}"
    return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."


def _digits(number: int) -> int:
    """The number of decimal digits of ``number`` (without a sign), without printing it."""
    number = abs(number)
    digits = int(number.bit_length() * 0.30102999566398120) + 1
    while digits > 1 and number < 10 ** (digits - 1):
        digits -= 1
    while number >= 10**digits:
        digits += 1
    return digits


def check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``value`` is text with something besides blanks, and storable
    (``text_problem``)."""
    if not isinstance(value, str) or not value.strip():
        raise EventError(
            type(instance).__name__, attribute.name, f"expected non-empty text, got {shown(value)}"
        )
    if not storable(value):
        raise EventError(type(instance).__name__, attribute.name, f"the text {text_problem(value)}")


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
