"""The types an event field may have, and what each of them accepts.

One table serves every use of a field's type: declaring a kind (a field of any other type is
refused then), validating (a field declared without a validator of its own gets one checking
its type, so a wrong value is refused when the event is made, never written), and reading a
value typed as text at the shell or in a spreadsheet cell.

======================  ==========================================  =========================
type                    accepts                                     as text
======================  ==========================================  =========================
``str``                 non-blank storable text                     the text
``int``                 a whole number within ``MAX_WHOLE_NUMBER``  ``1278274``, ``1,278,274``
``bool``                True or False                               yes/no, true/false, 1/0
``FuzzyDate``           a fuzzy date                                any date text
``FuzzySpan``           a fuzzy span                                any span text
``Source``              a citation                                  (not typed as text)
a frozen attrs class    an instance, its fields of these types      its ``from_text``, if any
``tuple[T, ...]``       a tuple (or list) of T                      items separated by ``;``
``T | None``            T, or None                                  an empty text is None
======================  ==========================================  =========================

Storable text is valid Unicode: without lone surrogates (see ``text_problem``). Whole numbers
lie within ``-MAX_WHOLE_NUMBER..MAX_WHOLE_NUMBER`` (2**53 - 1, the largest integer every JSON
reader keeps exactly, JavaScript's included), so that a number read back anywhere is the
number written; bools are not numbers. A date or span made by hand must have text for its
text and its own precision and qualifier (``date_problem``). The same holds inside a frozen
attrs class field (its texts may be blank there, as its own validators allow).

As text, list items are stripped of surrounding blanks and empty items are dropped. A whole
number is ASCII digits, optionally after ``-``, either plain (``1278274``) or in groups of
three separated by commas (``1,278,274``); other digits (``٣``), underscores, spaces inside
and other groupings (``12,78``) are refused.
"""

from __future__ import annotations

import re
import types
import typing
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Period,
    parse_date,
    parse_span,
)
from mopr_timeline.events._base import date_problem, span_problem
from mopr_timeline.events._errors import EventError
from mopr_timeline.events._source import Source, shown, storable, text_problem

__all__ = [
    "MAX_WHOLE_NUMBER",
    "Validator",
    "count_problem",
    "describe_type",
    "field_type_problem",
    "is_optional",
    "item_type",
    "storable_validator",
    "tuple_converter",
    "type_validator",
    "value_from_text",
]

MAX_WHOLE_NUMBER = 2**53 - 1
"""The largest whole number a field holds (9,007,199,254,740,991): the largest integer every
JSON reader keeps exactly. A count lies in ``0..MAX_WHOLE_NUMBER``, any other whole number in
``-MAX_WHOLE_NUMBER..MAX_WHOLE_NUMBER``."""

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


def _accepts(kind: Any, *, blank: bool = False) -> Callable[[Any], bool]:
    """A test of a value against ``kind`` (``T | None`` included); ``blank``: a text may be
    blank (inside a record's fields, whose own validators decide)."""
    optional = is_optional(kind)
    required = _required(kind)
    inner = item_type(required)
    test: Callable[[Any], bool]
    if required is str:
        test = _is_storable if blank else _is_text
    elif required is int:
        test = _is_whole
    elif required is bool:
        test = _is_bool
    elif inner is not None:
        item = _accepts(inner, blank=blank)
        test = lambda value: isinstance(value, tuple) and all(map(item, value))  # noqa: E731
    elif required is FuzzyDate:
        test = lambda value: isinstance(value, FuzzyDate) and date_problem(value) is None  # noqa: E731
    elif required is FuzzySpan:
        test = lambda value: isinstance(value, FuzzySpan) and span_problem(value) is None  # noqa: E731
    elif required is not Source and _is_frozen_attrs(required):
        test = _record_test(required)
    elif isinstance(required, type):
        test = lambda value: isinstance(value, required)  # noqa: E731
    else:  # pragma: no cover - refused by field_type_problem first
        raise TypeError(f"no test for {kind!r}")
    if optional:
        return lambda value: value is None or test(value)
    return test


def _record_test(cls: type[Any]) -> Callable[[Any], bool]:
    """An instance of the frozen attrs class ``cls`` whose fields hold storable values of
    their types (texts may be blank: the class's own validators decide that)."""
    fields: list[tuple[str, Callable[[Any], bool]]] | None = None

    def test(value: Any) -> bool:
        nonlocal fields
        if not isinstance(value, cls):
            return False
        if fields is None:
            resolved = attrs.fields(attrs.resolve_types(cls))
            fields = [(f.name, _accepts(f.type, blank=True)) for f in resolved if f.init]
        return all(accepts(getattr(value, name)) for name, accepts in fields)

    return test


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip()) and storable(value)


def _is_storable(value: Any) -> bool:
    return isinstance(value, str) and storable(value)


def _is_whole(value: Any) -> bool:
    return (
        isinstance(value, int)
        and not isinstance(value, bool)
        and -MAX_WHOLE_NUMBER <= value <= MAX_WHOLE_NUMBER
    )


def _is_bool(value: Any) -> bool:
    return isinstance(value, bool)


def count_problem(value: Any, *, optional: bool = False) -> str | None:
    """Why ``value`` is not a count (a whole number in ``0..MAX_WHOLE_NUMBER``; ``optional``:
    or None), or None."""
    if value is None and optional:
        return None
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_WHOLE_NUMBER:
        return None
    nothing = " or nothing" if optional else ""
    return f"expected a whole number from 0 to {MAX_WHOLE_NUMBER:,}{nothing}, got {shown(value)}"


def _problem(kind: Any, value: Any, *, blank: bool) -> str:
    """Why ``value`` is not of ``kind``, as precisely as can be said (the field's test has
    already refused it)."""
    if value is None and is_optional(kind):  # pragma: no cover - accepted by the test
        return "expected nothing"
    required = _required(kind)
    inner = item_type(required)
    if isinstance(value, str) and required is str and not storable(value):
        return f"the text {text_problem(value)}"
    if isinstance(value, FuzzyDate) and required is FuzzyDate:
        return date_problem(value) or "not a storable date"
    if isinstance(value, FuzzySpan) and required is FuzzySpan:
        return span_problem(value) or "not a storable span"
    if required is int and isinstance(value, int) and not isinstance(value, bool):
        return (
            f"expected a whole number from {-MAX_WHOLE_NUMBER:,} to {MAX_WHOLE_NUMBER:,}, "
            f"got {shown(value)}"
        )
    if inner is not None and isinstance(value, tuple):
        test = _accepts(inner, blank=blank)
        for index, item in enumerate(value):
            if not test(item):
                return f"item {index}: {_problem(inner, item, blank=blank)}"
    if required is not Source and _is_frozen_attrs(required) and isinstance(value, required):
        for field in attrs.fields(attrs.resolve_types(required)):
            if field.init and not _accepts(field.type, blank=True)(getattr(value, field.name)):
                reason = _problem(field.type, getattr(value, field.name), blank=True)
                return f"{required.__name__}.{field.name}: {reason}"
    expected = describe_type(kind)
    if required is str and not blank:
        expected = expected.replace("text", "non-empty text", 1)
    return f"expected {expected}, got {shown(value)}"


def type_validator(kind: Any) -> Validator:
    """A validator refusing values that are not of ``kind`` with an ``EventError``: texts
    non-blank and storable, whole numbers within ``MAX_WHOLE_NUMBER``, records' fields
    storable values of their types."""
    return _validator(kind, blank=False)


def storable_validator(kind: Any) -> Validator:
    """A validator refusing values of ``kind`` that could not be stored and read back (texts
    may be blank): for fields with a validator of their own, which decides the rest."""
    return _validator(kind, blank=True)


def _validator(kind: Any, *, blank: bool) -> Validator:
    test = _accepts(kind, blank=blank)

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not test(value):
            raise EventError(
                type(instance).__name__, attribute.name, _problem(kind, value, blank=blank)
            )

    return validate


def tuple_converter(value: Any) -> Any:
    """A list given for a tuple field becomes a tuple (anything else is left to validate)."""
    return tuple(value) if isinstance(value, list) else value


_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})


def value_from_text(
    kind: Any, text: str, *, year: int | None = None, periods: Iterable[Period] = ()
) -> Any:
    """The value of a field of type ``kind`` written as ``text`` (a shell flag, a cell).

    A date may name one of ``periods`` (``during the Spanish Civil War``).

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
            value_from_text(inner, item.strip(), year=year, periods=periods)
            for item in text.split(";")
            if item.strip()
        )
    if required is str:
        return text
    if required is int:
        return _whole_number(stripped, text)
    if required is bool:
        folded = stripped.casefold()
        if folded in _TRUE | _FALSE:
            return folded in _TRUE
        raise ValueError(f"expected yes or no (true/false), got {text!r}")
    if required in (FuzzyDate, FuzzySpan):
        try:
            if required is FuzzySpan:
                return parse_span(text, year=year)
            return parse_date(text, year=year, periods=periods)
        except DateParseError as exc:
            raise ValueError(str(exc)) from None
    from_text = getattr(required, "from_text", None)
    if required is not Source and callable(from_text):
        return from_text(text)
    raise ValueError(f"{describe_type(kind)} cannot be written as text (give the event as JSON)")


_WHOLE = re.compile(r"-?(?:[0-9]+|[0-9]{1,3}(?:,[0-9]{3})+)", re.ASCII)
_DIGITS_READ = len(str(MAX_WHOLE_NUMBER)) + 1
"""Digits beyond which a number is refused before Python reads it (its own limit, 4,300
digits, would raise a message without the field)."""


def _whole_number(stripped: str, text: str) -> int:
    """A whole number written ``1278274`` or ``1,278,274`` (ASCII digits, optionally after
    ``-``), within ``MAX_WHOLE_NUMBER``."""
    if not _WHOLE.fullmatch(stripped):
        raise ValueError(
            f"expected a whole number such as 1278274 or 1,278,274 (ASCII digits, commas "
            f"only between groups of three), got {shown(text)}"
        )
    digits = stripped.replace(",", "").lstrip("-")
    if len(digits.lstrip("0")) > _DIGITS_READ:
        raise ValueError(
            f"expected a whole number from {-MAX_WHOLE_NUMBER:,} to {MAX_WHOLE_NUMBER:,}, got "
            f"a number of {len(digits.lstrip('0')):,} digits"
        )
    number = int(stripped.replace(",", ""))
    if not -MAX_WHOLE_NUMBER <= number <= MAX_WHOLE_NUMBER:
        raise ValueError(
            f"expected a whole number from {-MAX_WHOLE_NUMBER:,} to {MAX_WHOLE_NUMBER:,}, "
            f"got {number:,}"
        )
    return number
