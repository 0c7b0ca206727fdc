"""Events typed at the shell: ``--type``/``--when``/``--field`` flags or one JSON object.

Values arrive as text (flags) or JSON values; they are checked against the event class's
fields before the class itself validates them, so every mistake names the field and the
event type instead of surfacing as a Python error.
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from mopr_timeline.dates import DateParseError, FuzzyDate, FuzzySpan, parse_date, parse_span
from mopr_timeline.events import (
    EVENT_TYPES,
    CongressHeld,
    DelegateGroup,
    Event,
    EventError,
    Source,
)

__all__ = [
    "EventFlags",
    "EventInputError",
    "build_event",
    "event_from_flags",
    "event_from_json",
    "parse_field_flags",
]

_SOURCE_KEYS = ("title", "pages", "quotation")
_GROUP_KEYS = ("label", "count")


class EventInputError(ValueError):
    """An event described at the shell that cannot be built: what, where and why."""


@attrs.frozen(kw_only=True)
class EventFlags:
    """What ``append`` was told: the event as flags, or as one JSON object."""

    type_name: str | None = None
    when: str | None = None
    year: int | None = None
    fields: tuple[str, ...] = ()
    event_id: str | None = None
    source_title: str | None = None
    source_pages: str | None = None
    quote: str | None = None
    json_text: str | None = None


def build_event(flags: EventFlags) -> Event:
    """The event ``flags`` describe, or an ``EventInputError`` saying what is wrong."""
    described = (flags.type_name, flags.when, flags.year, flags.source_title, flags.source_pages)
    if flags.json_text is not None:
        if flags.fields or flags.quote or any(v is not None for v in described):
            raise EventInputError("give the event either as --json or as --type/--when/--field")
        if flags.event_id is not None:
            raise EventInputError(
                f'--id {flags.event_id!r}: put the id inside --json as "id" instead'
            )
        return event_from_json(flags.json_text)
    if flags.type_name is None:
        raise EventInputError("append needs --type (or --json)")
    if flags.year is not None and flags.when is None:
        raise EventInputError(f"--year {flags.year} completes --when, which is missing")
    return event_from_flags(
        flags.type_name,
        when=flags.when,
        year=flags.year,
        fields=parse_field_flags(flags.fields),
        source={
            "title": flags.source_title,
            "pages": flags.source_pages,
            "quotation": flags.quote,
        },
        event_id=flags.event_id,
    )


def parse_field_flags(flags: Iterable[str]) -> dict[str, str]:
    """``["country=Belgium", "name=..."]`` as a dict; each flag must be ``NAME=VALUE``."""
    fields: dict[str, str] = {}
    for flag in flags:
        name, sep, value = flag.partition("=")
        if not sep or not name.strip():
            raise EventInputError(f"--field {flag!r}: expected NAME=VALUE, e.g. country=Belgium")
        if name.strip() in fields:
            raise EventInputError(f"--field {name.strip()!r} is given twice")
        fields[name.strip()] = value
    return fields


def event_from_flags(
    type_name: str,
    *,
    when: str | None,
    year: int | None = None,
    fields: Mapping[str, str],
    source: Mapping[str, str | None],
    event_id: str | None,
) -> Event:
    """Build an event from flag texts; counts become numbers, ``;`` separates list items.

    ``year`` completes a ``when`` that has none (``June`` or ``July 14–16`` of 1924).
    """
    cls = _event_class(type_name)
    data: dict[str, Any] = {}
    for name, text in fields.items():
        data[name] = _from_text(cls, name, text)
    if when is not None:
        data["when"] = when if year is None else _dated(cls, when, year)
    if event_id is not None:
        data["id"] = event_id
    citation = {k: v for k, v in source.items() if v is not None}
    if citation:
        data["source"] = citation
    return _build(cls, data)


def event_from_json(text: str) -> Event:
    """Build an event from a JSON object with ``type`` and the event's fields."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise EventInputError(f"--json is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise EventInputError(f"--json must be one JSON object, got {type(data).__name__}")
    data = dict(data)
    type_name = data.pop("type", None)
    if not isinstance(type_name, str):
        raise EventInputError(f'--json needs "type", one of {", ".join(EVENT_TYPES)}')
    cls = _event_class(type_name)
    return _build(cls, data)


def _event_class(type_name: str) -> type[Event]:
    cls = EVENT_TYPES.get(type_name)
    if cls is None:
        raise EventInputError(
            f"unknown event type {type_name!r}; known types: {', '.join(EVENT_TYPES)}"
        )
    return cls


def _init_fields(cls: type[Event]) -> dict[str, attrs.Attribute[Any]]:
    """The fields a caller may give, with their annotations resolved to real types."""
    return {f.name: f for f in attrs.fields(attrs.resolve_types(cls)) if f.init}


def _from_text(cls: type[Event], name: str, text: str) -> Any:
    field = _init_fields(cls).get(name)
    if field is None:
        return text
    kind = field.type
    if typing.get_origin(kind) is tuple:
        if typing.get_args(kind)[0] is DelegateGroup:
            return [_group_from_text(cls, item) for item in _items(text)]
        return _items(text)
    if kind is int or int in typing.get_args(kind):
        try:
            return int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise EventInputError(
                f"{cls.kind}.{name}: expected a whole number, got {text!r}"
            ) from None
    return text


def _dated(cls: type[Event], when: str, year: int) -> FuzzyDate | FuzzySpan:
    try:
        if cls is CongressHeld:
            return parse_span(when, year=year)
        return parse_date(when, year=year)
    except DateParseError as exc:
        raise EventInputError(f"{cls.kind}.when: {exc}") from exc


def _items(text: str) -> list[str]:
    return [item.strip() for item in text.split(";") if item.strip()]


def _group_from_text(cls: type[Event], text: str) -> dict[str, Any]:
    count, _, label = text.strip().partition(" ")
    if not count.isdigit() or not label.strip():
        raise EventInputError(
            f"{cls.kind}.delegate_groups: expected items like '91 CP; 13 YCI', got {text!r}"
        )
    return {"label": label.strip(), "count": int(count)}


def _build(cls: type[Event], data: dict[str, Any]) -> Event:
    known = _init_fields(cls)
    for name in data:
        if name not in known:
            raise EventInputError(
                f"{cls.kind} has no field {name!r}; its fields: {', '.join(known)}"
            )
    missing = [
        name for name, field in known.items() if field.default is attrs.NOTHING and name not in data
    ]
    if missing:
        flag = "--when" if missing[0] == "when" else f"--field {missing[0]}=..."
        raise EventInputError(f"{cls.kind} needs {missing[0]!r} ({flag})")
    if "source" in data:
        data["source"] = _source(cls, data["source"])
    if "delegate_groups" in data:
        data["delegate_groups"] = _groups(cls, data["delegate_groups"])
    try:
        return cls(**data)
    except EventError as exc:
        raise EventInputError(str(exc)) from exc


def _source(cls: type[Event], value: Any) -> Source | None:
    if value is None:
        return None
    record = _record(cls, "source", value, _SOURCE_KEYS, required=("title",))
    try:
        return Source(**record)
    except EventError as exc:
        raise EventInputError(f"{cls.kind}.source: {exc}") from exc


def _groups(cls: type[Event], value: Any) -> tuple[DelegateGroup, ...]:
    if not isinstance(value, list):
        raise EventInputError(f"{cls.kind}.delegate_groups: expected a list of objects")
    groups = []
    for item in value:
        record = _record(cls, "delegate_groups", item, _GROUP_KEYS, required=_GROUP_KEYS)
        try:
            groups.append(DelegateGroup(**record))
        except EventError as exc:
            raise EventInputError(f"{cls.kind}.delegate_groups: {exc}") from exc
    return tuple(groups)


def _record(
    cls: type[Event],
    name: str,
    value: Any,
    keys: tuple[str, ...],
    *,
    required: tuple[str, ...],
) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise EventInputError(f"{cls.kind}.{name}: expected an object with {', '.join(keys)}")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise EventInputError(
            f"{cls.kind}.{name} has no field {unknown[0]!r}; its fields: {', '.join(keys)}"
        )
    missing = [k for k in required if k not in value]
    if missing:
        raise EventInputError(f"{cls.kind}.{name} needs {missing[0]!r}")
    return dict(value)
