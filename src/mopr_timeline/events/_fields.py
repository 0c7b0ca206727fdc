"""The types an event field may have, and what each of them accepts.

One table serves every use of a field's type: declaring a kind (a field of any other type is
refused then), validating (a field declared without a validator of its own gets one checking
its type, so a wrong value is refused when the event is made, never written), and reading a
value typed as text at the shell or in a spreadsheet cell.

======================  ==========================================  =========================
type                    accepts                                     as text
======================  ==========================================  =========================
``str``                 non-blank text                              the text
``int``                 a whole number (not a bool)                 ``1,278,274``
``bool``                True or False                               yes/no, true/false, 1/0
``FuzzyDate``           a fuzzy date                                any date text
``FuzzySpan``           a fuzzy span                                any span text
``Source``              a citation                                  (not typed as text)
a frozen attrs class    an instance, its fields of these types      its ``from_text``, if any
``tuple[T, ...]``       a tuple (or list) of T                      items separated by ``;``
``T | None``            T, or None                                  an empty text is None
======================  ==========================================  =========================

As text, list items are stripped of surrounding blanks and empty items are dropped.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable
from typing import Any

import attrs

from mopr_timeline.dates import DateParseError, FuzzyDate, FuzzySpan, parse_date, parse_span
from mopr_timeline.events._errors import EventError
from mopr_timeline.events._source import Source

__all__ = [
    "Validator",
    "describe_type",
    "field_type_problem",
    "is_optional",
    "item_type",
    "tuple_converter",
    "type_validator",
    "value_from_text",
]

Validator = Callable[[Any, "attrs.Attribute[Any]", Any], None]

_SCALARS: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    bool: "true or false",
    FuzzyDate: "a fuzzy date",
    FuzzySpan: "a fuzzy span",
}


def is_optional(kind: Any) -> bool:
    """Is ``kind`` ``T | None``?"""
    return typing.get_origin(kind) in (types.UnionType, typing.Union) and type(None) in (
        typing.get_args(kind)
    )


def _required(kind: Any) -> Any:
    """``T`` of ``T | None``; ``kind`` itself otherwise."""
    if is_optional(kind):
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else typing.Union[tuple(rest)]  # noqa: UP007
    return kind


def item_type(kind: Any) -> Any | None:
    """``T`` of ``tuple[T, ...]`` (or of ``tuple[T, ...] | None``); None for other types."""
    kind = _required(kind)
    args = typing.get_args(kind)
    if typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis:
        return args[0]
    return None


def _is_frozen_attrs(kind: Any) -> bool:
    return isinstance(kind, type) and attrs.has(kind) and kind.__hash__ is not None


def field_type_problem(kind: Any) -> str | None:
    """Why a field of type ``kind`` cannot be stored and read back (None when it can)."""
    required = _required(kind)
    if required in _SCALARS or required is Source:
        return None
    inner = item_type(required)
    if inner is not None:
        if is_optional(inner) or item_type(inner) is not None:
            return f"tuple items must be of one plain type, not {inner!r}"
        return field_type_problem(inner)
    if _is_frozen_attrs(required):
        for field in attrs.fields(attrs.resolve_types(required)):
            problem = field_type_problem(field.type)
            if problem is not None:
                return f"{required.__name__}.{field.name}: {problem}"
        return None
    if isinstance(required, type) and attrs.has(required):
        return f"{required.__name__} is a mutable attrs class (declare it with @attrs.frozen)"
    return (
        f"type {kind!r} cannot be stored; use str, int, bool, FuzzyDate, FuzzySpan, "
        "Source, a frozen attrs class of those, tuple[T, ...] or T | None"
    )


def describe_type(kind: Any) -> str:
    """``kind`` in words, for messages: ``a whole number or nothing``, ``a list of texts``."""
    required = _required(kind)
    inner = item_type(required)
    if inner is not None:
        words = describe_type(inner).removeprefix("a ").removeprefix("an ")
        text = f"a list of {words if words.endswith('s') else words + 's'}"
    elif required is Source:
        text = "a Source"
    elif required in _SCALARS:
        text = _SCALARS[required]
    else:
        text = f"a {getattr(required, '__name__', repr(required))}"
    return f"{text} or nothing" if is_optional(kind) else text


def _accepts(kind: Any) -> Callable[[Any], bool]:
    """A test of a value against ``kind`` (``T | None`` included)."""
    optional = is_optional(kind)
    required = _required(kind)
    inner = item_type(required)
    test: Callable[[Any], bool]
    if required is str:
        test = _is_text
    elif required is int:
        test = _is_whole
    elif required is bool:
        test = _is_bool
    elif inner is not None:
        item = _accepts(inner)
        test = lambda value: isinstance(value, tuple) and all(map(item, value))  # noqa: E731
    elif required in (FuzzyDate, FuzzySpan, Source) or isinstance(required, type):
        test = lambda value: isinstance(value, required)  # noqa: E731
    else:  # pragma: no cover - refused by field_type_problem first
        raise TypeError(f"no test for {kind!r}")
    if optional:
        return lambda value: value is None or test(value)
    return test


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def type_validator(kind: Any) -> Validator:
    """A validator refusing values that are not of ``kind`` with an ``EventError``."""
    test = _accepts(kind)
    expected = describe_type(kind)
    if _required(kind) is str:
        expected = expected.replace("text", "non-empty text", 1)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not test(value):
            raise EventError(
                type(instance).__name__, attribute.name, f"expected {expected}, got {value!r}"
            )

    return validate


def tuple_converter(value: Any) -> Any:
    """A list given for a tuple field becomes a tuple (anything else is left to validate)."""
    return tuple(value) if isinstance(value, list) else value


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def value_from_text(kind: Any, text: str, *, year: int | None = None) -> Any:
    """The value of a field of type ``kind`` written as ``text`` (a shell flag, a cell).

    An empty (blank) text is None for an optional field. ``ValueError`` says what was
    expected; the caller names the field.
    """
    stripped = text.strip()
    if not stripped and is_optional(kind):
        return None
    required = _required(kind)
    inner = item_type(required)
    if inner is not None:
        return tuple(
            value_from_text(inner, item.strip(), year=year)
            for item in text.split(";")
            if item.strip()
        )
    if required is str:
        return text
    if required is int:
        try:
            return int(stripped.replace(",", "").replace("_", ""))
        except ValueError:
            raise ValueError(f"expected a whole number, got {text!r}") from None
    if required is bool:
        folded = stripped.casefold()
        if folded in _TRUE | _FALSE:
            return folded in _TRUE
        raise ValueError(f"expected yes or no (true/false), got {text!r}")
    if required in (FuzzyDate, FuzzySpan):
        try:
            if required is FuzzySpan:
                return parse_span(text, year=year)
            return parse_date(text, year=year)
        except DateParseError as exc:
            raise ValueError(str(exc)) from None
    from_text = getattr(required, "from_text", None)
    if required is not Source and callable(from_text):
        return from_text(text)
    raise ValueError(f"{describe_type(kind)} cannot be written as text (give the event as JSON)")
