"""Events to plain dicts and back, through one cattrs converter, with schema versions.

A serialized event is a JSON-ready dict: every field of the event plus ``"type"`` (the class's
``kind``) and ``"schema"`` (the version of that type's layout). Fuzzy dates are written as
``{"text", "earliest", "latest", "precision", "qualifier"}`` with ISO days or null, spans as
``{"text", "start", "end"}``. Reading is strict (every field present, no unknown field, exact
types) and validates the dates again; a record of an older schema is first upcast.
Every failure is a ``SerialError`` naming the field at fault as a dotted path.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
import typing
from collections.abc import Callable, Mapping
from typing import Any

import attrs
import cattrs
import pendulum
from cattrs.errors import ClassValidationError, IterableValidationError
from cattrs.gen import make_dict_structure_fn

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Precision,
    Qualifier,
    parse_date,
)
from mopr_timeline.events._model import EVENT_TYPES, Event, EventError

__all__ = [
    "SCHEMA_VERSIONS",
    "SerialError",
    "event_from_dict",
    "event_to_dict",
]

SCHEMA_VERSIONS: Mapping[str, int] = dict.fromkeys(EVENT_TYPES, 1) | {
    "SectionEstablished": 2,
}
"""The current schema version of every event type; records of older versions are upcast."""


class SerialError(ValueError):
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


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CACHE_LIMIT = 65536
"""Entries kept by each read cache below before it starts afresh."""
_FUZZY_KEYS = ("text", "earliest", "latest", "precision", "qualifier")
_SPAN_KEYS = ("text", "start", "end")


def _describe(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _check_keys(value: Any, keys: tuple[str, ...], what: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SerialError("", f"expected {what} object, got {_describe(value)}")
    for key in keys:
        if key not in value:
            raise SerialError(key, "missing")
    for key in value:
        if key not in keys:
            raise SerialError(str(key), f"unknown field (expected {', '.join(keys)})")
    return value


_day_cache: dict[str, pendulum.Date] = {}


def _iso_day(value: Any, field: str) -> pendulum.Date | None:
    """The day an ISO ``YYYY-MM-DD`` text names (days repeat across a log: each is read once)."""
    if value is None:
        return None
    cached = _day_cache.get(value) if isinstance(value, str) else None
    if cached is not None:
        return cached
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise SerialError(field, f"expected an ISO day YYYY-MM-DD or null, got {_describe(value)}")
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise SerialError(field, f"{value!r} is not a calendar day ({exc})") from None
    if len(_day_cache) >= _CACHE_LIMIT:
        _day_cache.clear()
    result = _day_cache[value] = pendulum.Date(day.year, day.month, day.day)
    return result


_PRECISIONS = {member.value: member for member in Precision}
_QUALIFIERS = {member.value: member for member in Qualifier}


def _member(members: dict[str, Any], value: Any, field: str) -> Any:
    """The enum member stored as ``value`` (a dict lookup: calling the enum is much slower)."""
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(members)
        raise SerialError(field, f"expected one of {allowed}, got {_describe(value)}")
    return member


def _fuzzy_to_dict(date: FuzzyDate) -> dict[str, Any]:
    """Runs for every stored event, hence ``_value_`` rather than the slower ``.value``."""
    return {
        "text": date.text,
        "earliest": None if date.earliest is None else date.earliest.isoformat(),
        "latest": None if date.latest is None else date.latest.isoformat(),
        "precision": date.precision._value_,
        "qualifier": date.qualifier._value_,
    }


_fuzzy_key = operator.itemgetter(*_FUZZY_KEYS)
_fuzzy_cache: dict[tuple[Any, ...], FuzzyDate] = {}


def _fuzzy_from_dict(value: Any, _: Any = None) -> FuzzyDate:
    """Rebuild and re-validate a FuzzyDate; equal dicts share one (immutable) instance."""
    if type(value) is dict and len(value) == len(_FUZZY_KEYS):
        try:
            cached = _fuzzy_cache.get(_fuzzy_key(value))
        except (KeyError, TypeError):
            cached = None
        if cached is not None:
            return cached
    data = _check_keys(value, _FUZZY_KEYS, "a fuzzy date")
    key = _fuzzy_key(data)
    if not isinstance(data["text"], str):
        raise SerialError("text", f"expected text, got {_describe(data['text'])}")
    try:
        date = FuzzyDate(
            earliest=_iso_day(data["earliest"], "earliest"),
            latest=_iso_day(data["latest"], "latest"),
            text=data["text"],
            precision=_member(_PRECISIONS, data["precision"], "precision"),
            qualifier=_member(_QUALIFIERS, data["qualifier"], "qualifier"),
        )
    except DateParseError as exc:
        raise SerialError("", exc.reason) from None
    if len(_fuzzy_cache) >= _CACHE_LIMIT:
        _fuzzy_cache.clear()
    _fuzzy_cache[key] = date
    return date


def _span_to_dict(span: FuzzySpan) -> dict[str, Any]:
    return {"text": span.text, "start": _fuzzy_to_dict(span.start), "end": _fuzzy_to_dict(span.end)}


def _span_from_dict(value: Any, _: Any = None) -> FuzzySpan:
    data = _check_keys(value, _SPAN_KEYS, "a fuzzy span")
    if not isinstance(data["text"], str):
        raise SerialError("text", f"expected text, got {_describe(data['text'])}")
    start = _nested(_fuzzy_from_dict, data["start"], "start")
    end = _nested(_fuzzy_from_dict, data["end"], "end")
    try:
        return FuzzySpan(start=start, end=end, text=data["text"])
    except DateParseError as exc:
        raise SerialError("", exc.reason) from None


def _nested(read: Callable[[Any], FuzzyDate], value: Any, field: str) -> FuzzyDate:
    try:
        return read(value)
    except SerialError as exc:
        raise exc.inside(field) from None


def _strict_str(value: Any, _: Any) -> str:
    if not isinstance(value, str):
        raise SerialError("", f"expected text, got {_describe(value)}")
    return value


def _strict_int(value: Any, _: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise SerialError("", f"expected a whole number, got {_describe(value)}")
    return value


def _is_homogeneous_tuple(kind: Any) -> bool:
    args = typing.get_args(kind)
    return typing.get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis


def _tuple_hook(kind: Any, converter: cattrs.Converter) -> Callable[[Any, Any], tuple[Any, ...]]:
    item_type = typing.get_args(kind)[0]
    structure_item = converter.get_structure_hook(item_type)

    def structure(value: Any, _: Any) -> tuple[Any, ...]:
        if not isinstance(value, list):
            raise SerialError("", f"expected a list, got {_describe(value)}")
        items = []
        for index, item in enumerate(value):
            try:
                items.append(structure_item(item, item_type))
            except SerialError as exc:
                raise exc.inside(index) from None
            except ClassValidationError as exc:
                raise _explain(exc).inside(index) from None
        return tuple(items)

    return structure


def _strict_attrs_hook(cls: type[Any], converter: cattrs.Converter) -> Callable[[Any, Any], Any]:
    """Structure an attrs class requiring every init field, refusing unknown ones."""
    generated = make_dict_structure_fn(cls, converter)
    names = tuple(a.name for a in attrs.fields(cls) if a.init)
    expected = frozenset(names)
    what = f"a {cls.__name__}"

    def structure(value: Any, _: Any) -> Any:
        if not isinstance(value, dict) or value.keys() != expected:
            _check_keys(value, names, what)
        try:
            return generated(value, cls)
        except EventError as exc:
            raise SerialError(exc.field, exc.reason) from None

    return structure


def _make_converter(*, detailed: bool) -> cattrs.Converter:
    """The one set of hooks; ``detailed`` adds cattrs's field paths to failures (slower)."""
    converter = cattrs.Converter(detailed_validation=detailed)
    converter.register_structure_hook(str, _strict_str)
    converter.register_structure_hook(int, _strict_int)
    converter.register_structure_hook_factory(_is_homogeneous_tuple, _tuple_hook)
    converter.register_structure_hook_factory(attrs.has, _strict_attrs_hook)
    converter.register_unstructure_hook(FuzzyDate, _fuzzy_to_dict)
    converter.register_structure_hook(FuzzyDate, _fuzzy_from_dict)
    converter.register_unstructure_hook(FuzzySpan, _span_to_dict)
    converter.register_structure_hook(FuzzySpan, _span_from_dict)
    converter.register_unstructure_hook(tuple, list)
    return converter


_converter = _make_converter(detailed=False)
_explaining_converter = _make_converter(detailed=True)


def _explain(exc: ClassValidationError | IterableValidationError) -> SerialError:
    """The first concrete failure inside a cattrs error group, with its dotted field path."""
    if isinstance(exc, ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for inner, note in with_notes:
            return _leaf(inner).inside(note.name)
        if without:
            return _leaf(without[0])
    else:
        indexed, plain = exc.group_exceptions()
        for inner, index_note in indexed:
            return _leaf(inner).inside(index_note.index)
        if plain:
            return _leaf(plain[0])
    return SerialError("", str(exc))


def _leaf(exc: BaseException) -> SerialError:
    if isinstance(exc, SerialError):
        return exc
    if isinstance(exc, ClassValidationError | IterableValidationError):
        return _explain(exc)
    if isinstance(exc, EventError):
        return SerialError(exc.field, exc.reason)
    if isinstance(exc, DateParseError):
        return SerialError("", exc.reason)
    return SerialError("", f"{type(exc).__name__}: {exc}")


# --- upcasting ------------------------------------------------------------------------------

Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _section_established_1_to_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept ``when`` as the source's bare text and called the name ``group``."""
    if "group" not in body:
        raise SerialError("group", "missing (schema 1 of SectionEstablished)")
    text = body.get("when")
    if not isinstance(text, str):
        raise SerialError("when", f"expected date text in schema 1, got {_describe(text)}")
    try:
        when = parse_date(text)
    except DateParseError as exc:
        raise SerialError("when", exc.reason) from None
    upcast = {key: value for key, value in body.items() if key != "group"}
    upcast["when"] = _fuzzy_to_dict(when)
    upcast["name"] = body["group"]
    return upcast


UPCASTERS: Mapping[tuple[str, int], Upcaster] = {
    ("SectionEstablished", 1): _section_established_1_to_2,
}
"""``(type, version) -> function`` turning a body of that version into the next version."""


# --- the two entry points -------------------------------------------------------------------


def event_to_dict(event: Event) -> dict[str, Any]:
    """The event as a JSON-ready dict tagged with ``"type"`` and ``"schema"``."""
    body: dict[str, Any] = _converter.unstructure(event)
    body["type"] = event.kind
    body["schema"] = SCHEMA_VERSIONS[event.kind]
    return body


def event_from_dict(data: Any) -> Event:
    """Rebuild the event a dict of ``event_to_dict`` (of this or an older schema) describes."""
    if not isinstance(data, dict):
        raise SerialError("", f"expected an event object, got {_describe(data)}")
    kind = data.get("type")
    if kind is None:
        raise SerialError("type", "missing")
    cls = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        known = ", ".join(sorted(EVENT_TYPES))
        raise SerialError("type", f"unknown event type {_describe(kind)} (known: {known})")
    schema = data.get("schema")
    current = SCHEMA_VERSIONS[kind]
    if schema is None:
        raise SerialError("schema", "missing")
    if isinstance(schema, bool) or not isinstance(schema, int) or not 1 <= schema <= current:
        raise SerialError(
            "schema",
            f"{kind} has schema versions 1 to {current}, got {_describe(schema)}",
        )
    body = dict(data)
    del body["type"], body["schema"]
    while schema < current:
        body = UPCASTERS[(kind, schema)](body)
        schema += 1
    try:
        event: Event = _structure_hook(cls)(body, cls)
    except Exception:
        raise _failure(body, cls) from None
    return event


_hooks: dict[type[Event], Callable[[Any, Any], Any]] = {}


def _structure_hook(cls: type[Event]) -> Callable[[Any, Any], Any]:
    """The converter's hook for ``cls``, looked up once rather than dispatched per event."""
    hook = _hooks.get(cls)
    if hook is None:
        hook = _hooks[cls] = _converter.get_structure_hook(cls)
    return hook


def _failure(body: dict[str, Any], cls: type[Event]) -> SerialError:
    """Why ``body`` is not a ``cls``: re-run with field paths switched on."""
    try:
        _explaining_converter.structure(body, cls)
    except SerialError as exc:
        return exc
    except ClassValidationError as exc:
        return _explain(exc)
    except Exception as exc:
        return _leaf(exc)
    return SerialError("", f"the record cannot be read as {cls.__name__}")
