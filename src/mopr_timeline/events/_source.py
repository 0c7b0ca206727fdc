"""Source: the citation every event carries, and the text checks it shares with events.

A citation names the work a fact was read in (``title``, ``pages``), where in it (``part``: a
table, a section), the passage (``quotation``), and what that work cites for it (``cites``,
a ``CitedWork``: an encyclopedia article's table whose principal source is a monograph).
Both are stored only when set (``SOURCE_WRITTEN_WHEN_SET``): a citation stored before they
existed reads as one with neither, and keeps its bytes.

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
    "SOURCE_WRITTEN_WHEN_SET",
    "CitedWork",
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


def _pages(pages: str | None) -> str:
    """``, pp. 262-263`` / ``, p. 3`` / nothing."""
    if not pages:
        return ""
    return f", pp. {pages}" if "-" in pages else f", p. {pages}"


@attrs.frozen(kw_only=True)
class CitedWork:
    """A work that a cited work cites for the passage (the principal source of a table)."""

    title: str = attrs.field(validator=check_text)
    pages: str | None = attrs.field(default=None, validator=check_optional_text)

    def __str__(self) -> str:
        return f"{self.title}{_pages(self.pages)}"


def _check_cited(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and type(value) is not CitedWork:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a CitedWork or None, got {shown(value)}",
        )


@attrs.frozen(kw_only=True)
class Source:
    """A citation: the work and its pages, where in it the fact was read (``part``: its
    affiliates table, its section on Spain), the passage quoted, and what the work cites for
    it (``cites``).

    ``str`` gives the short citation: ``Article, National Affiliates table; citing Ryle,
    pp. 262-263``.
    """

    title: str = attrs.field(validator=check_text)
    pages: str | None = attrs.field(default=None, validator=check_optional_text)
    part: str | None = attrs.field(default=None, validator=check_optional_text)
    quotation: str | None = attrs.field(default=None, validator=check_optional_text)
    cites: CitedWork | None = attrs.field(default=None, validator=_check_cited)

    def works(self) -> tuple[str, ...]:
        """The titles this citation rests on: its own work's, then the one it cites."""
        return (self.title,) if self.cites is None else (self.title, self.cites.title)

    def __str__(self) -> str:
        part = f", {self.part}" if self.part else ""
        cites = f"; citing {self.cites}" if self.cites is not None else ""
        return f"{self.title}{_pages(self.pages)}{part}{cites}"


SOURCE_WRITTEN_WHEN_SET = frozenset({"part", "cites"})
"""Fields of a citation its stored form holds only when they are set."""
