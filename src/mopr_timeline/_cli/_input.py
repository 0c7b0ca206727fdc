"""Events typed at the shell: ``--type``/``--when``/``--field`` flags or one JSON object.

Each value is read by the type its kind declares for the field (``KindSpec.fields``): a
flag's text with ``value_from_text`` (a count as a number, ``;`` between list items, a
nested record such as a delegate group by its ``from_text``), a JSON value by its shape. So
every mistake names the kind and the field, for the library's kinds and for kinds of your own
alike, instead of surfacing as a Python error.
"""

from __future__ import annotations

import json
import re
import typing
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from mopr_timeline import PERIODS
from mopr_timeline.dates import FuzzyDate, FuzzySpan
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import (
    EVENT_TYPES,
    KINDS,
    MAX_WHOLE_NUMBER,
    Event,
    EventError,
    Field,
    KindSpec,
    Source,
    describe_type,
    is_optional,
    item_type,
    value_from_text,
)

__all__ = [
    "MAX_JSON_DEPTH",
    "MAX_JSON_SIZE",
    "EventFlags",
    "EventInputError",
    "build_event",
    "event_from_flags",
    "event_from_json",
    "parse_field_flags",
]

_FLAGS = {
    "id": "--id",
    "when": "--when",
    "source": "--source-title/--source-pages/--quote",
    "contradicts": "--contradicts ID",
    "relations": "--after ID (and --before, --not-before, --not-after, --same-day)",
}
"""The fields given by flags of their own rather than ``--field``."""


class EventInputError(MoprTimelineError, ValueError):
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
    contradicts: tuple[str, ...] = ()
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
        if flags.contradicts:
            raise EventInputError(
                f"--contradicts {flags.contradicts[0]!r}: put the ids inside --json as "
                '"contradicts" instead'
            )
        return event_from_json(flags.json_text)
    if flags.type_name is None:
        raise EventInputError("append needs --type (or --json)")
    if flags.year is not None and flags.when is None:
        raise EventInputError(f"--year {flags.year} completes --when, which is missing")
    if flags.source_title is None and (flags.source_pages is not None or flags.quote is not None):
        given = "--source-pages" if flags.source_pages is not None else "--quote"
        raise EventInputError(f"{given} cites a work: give its title too (--source-title)")
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
        contradicts=flags.contradicts,
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
    contradicts: Sequence[str] = (),
) -> Event:
    """Build an event from flag texts, each read by its field's declared type.

    ``year`` completes dates without one (``--when June`` or ``July 14–16`` of 1924);
    ``contradicts`` names the claims the event competes with.
    """
    spec = _kind(type_name)
    own = {field.name: field for field in spec.fields}
    data: dict[str, Any] = {}
    for name, text in fields.items():
        if name in _FLAGS and name in own:
            raise EventInputError(
                f"{spec.name}.{name}: give it with {_FLAGS[name]}, not with --field"
            )
        field = own.get(name)
        if field is None:
            raise _unknown_field(spec, name, "--field")
        data[name] = _from_text(spec, field, text, year)
    if when is not None:
        if "when" not in own:
            raise EventInputError(f"{spec.name} has no date: leave out --when")
        data["when"] = _from_text(spec, own["when"], when, year)
    if event_id is not None:
        data["id"] = event_id
    if contradicts:
        data["contradicts"] = tuple(contradicts)
    citation = {k: v for k, v in source.items() if v is not None}
    if citation:
        data["source"] = _from_json(f"{spec.name}.source", Source, citation)
    return _build(spec, data, json_input=False)


def event_from_json(text: str) -> Event:
    """Build an event from a JSON object with ``type`` and the event's fields (dates as
    text, the source as ``{"title", "pages", "quotation"}``, lists as JSON lists).

    The text is refused before it is parsed when it is longer than ``MAX_JSON_SIZE``
    characters or nests arrays and objects deeper than ``MAX_JSON_DEPTH``; a number of more
    digits than a whole number field can hold reaches the field as too large (so its error
    names the field); ``NaN`` and ``Infinity`` are not JSON.
    """
    data = _parse_json(text)
    if not isinstance(data, dict):
        raise EventInputError(f"--json must be one JSON object, got {type(data).__name__}")
    data = dict(data)
    type_name = data.pop("type", None)
    if not isinstance(type_name, str):
        raise EventInputError(f'--json needs "type", one of {", ".join(EVENT_TYPES)}')
    spec = _kind(type_name)
    own = {field.name: field for field in spec.fields}
    values: dict[str, Any] = {}
    for name, value in data.items():
        field = own.get(name)
        if field is None:
            raise _unknown_field(spec, name, "--json")
        values[name] = _from_json(f"{spec.name}.{name}", field.type, value)
    return _build(spec, values, json_input=True)


MAX_JSON_SIZE = 1_000_000
"""The longest ``--json`` text read, in characters (an event is a few hundred)."""
MAX_JSON_DEPTH = 32
"""The deepest nesting of arrays and objects ``--json`` may have (an event has three or four
levels: the event, its source or list, a record in the list)."""
_STRINGS = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")
_LONGEST_NUMBER = len(str(MAX_WHOLE_NUMBER)) + 1


class _TooLong:
    """A JSON number of more digits than any whole number field holds (read as this rather
    than as a number: the field's check then names the field and says the number is too
    large, and Python never reads thousands of digits)."""

    def __init__(self, text: str) -> None:
        self.digits = len(text.lstrip("-").lstrip("0"))

    def __repr__(self) -> str:
        return f"a number of {self.digits:,} digits"


def _json_int(text: str) -> int | _TooLong:
    return _TooLong(text) if len(text) > _LONGEST_NUMBER else int(text)


def _no_constant(name: str) -> None:
    raise EventInputError(f"--json is not valid JSON: {name} is not a JSON number")


def _parse_json(text: str) -> Any:
    """``text`` parsed as JSON, after checking its size and depth (see ``event_from_json``)."""
    if len(text) > MAX_JSON_SIZE:
        raise EventInputError(
            f"--json is {len(text):,} characters long; an event is at most {MAX_JSON_SIZE:,}"
        )
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub('""', text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_JSON_DEPTH:
        raise EventInputError(
            f"--json nests arrays and objects {deepest:,} levels deep; an event needs at most "
            f"{MAX_JSON_DEPTH}"
        )
    try:
        return json.loads(text, parse_int=_json_int, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise EventInputError(f"--json is not valid JSON: {exc}") from exc
    except RecursionError:  # pragma: no cover - the depth is checked above
        raise EventInputError("--json nests too deeply") from None


def _kind(type_name: str) -> KindSpec:
    spec = KINDS.get(type_name)
    if spec is None:
        raise EventInputError(
            f"unknown event type {type_name!r}; known types: {', '.join(EVENT_TYPES)} "
            "(a kind of your own: load the module declaring it with --kinds MODULE)"
        )
    return spec


def _unknown_field(spec: KindSpec, name: str, where: str) -> EventInputError:
    given = [f for f in spec.fields if where == "--json" or f.name not in _FLAGS]
    listed = ", ".join(f"{f.name} ({describe_type(f.type)})" for f in given) or "none"
    return EventInputError(f"{spec.name} has no field {name!r}; its fields: {listed}")


def _from_text(spec: KindSpec, field: Field, text: str, year: int | None) -> Any:
    """A flag's text read by the field's type; list items lose their surrounding blanks."""
    if item_type(field.type) is not None:
        text = ";".join(item.strip() for item in text.split(";"))
    try:
        return value_from_text(field.type, text, year=year, periods=PERIODS)
    except ValueError as exc:
        raise EventInputError(f"{spec.name}.{field.name}: {exc}") from None


def _plain(kind: Any) -> Any:
    """``T`` of ``T | None``."""
    if is_optional(kind):
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else kind
    return kind


def _from_json(path: str, kind: Any, value: Any) -> Any:
    """A JSON value as a value of the field type ``kind``; ``path`` names it in messages.

    Dates come as text, lists as lists, records (a source, a delegate group, a record of your
    own) as objects of their fields (or as text, for a record with ``from_text``); anything
    else is passed as it is to the event, whose own checks name the field.
    """
    if value is None:
        return None
    inner = item_type(kind)
    if inner is not None:
        if not isinstance(value, list):
            raise EventInputError(f"{path}: expected {describe_type(kind)} (a JSON list)")
        return tuple(_from_json(f"{path}[{i}]", inner, item) for i, item in enumerate(value))
    plain = _plain(kind)
    if plain in (FuzzyDate, FuzzySpan) and isinstance(value, str):
        try:
            return value_from_text(plain, value)
        except ValueError as exc:
            raise EventInputError(f"{path}: {exc}") from None
    if isinstance(plain, type) and attrs.has(plain) and not isinstance(value, plain):
        if isinstance(value, str) and plain is not Source:
            try:
                return value_from_text(plain, value)
            except ValueError as exc:
                raise EventInputError(f"{path}: {exc}") from None
        return _record(path, plain, value)
    return value


def _record(path: str, cls: type[Any], value: Any) -> Any:
    fields = {f.name: f for f in attrs.fields(attrs.resolve_types(cls)) if f.init}
    if not isinstance(value, dict):
        raise EventInputError(f"{path}: expected an object with {', '.join(fields)}")
    unknown = [key for key in value if key not in fields]
    if unknown:
        raise EventInputError(
            f"{path} has no field {unknown[0]!r}; its fields: {', '.join(fields)}"
        )
    missing = [n for n, f in fields.items() if f.default is attrs.NOTHING and n not in value]
    if missing:
        raise EventInputError(f"{path} needs {missing[0]!r}")
    args = {k: _from_json(f"{path}.{k}", fields[k].type, v) for k, v in value.items()}
    try:
        return cls(**args)
    except EventError as exc:
        raise EventInputError(f"{path}.{exc.field}: {exc.reason}") from None


def _build(spec: KindSpec, data: dict[str, Any], *, json_input: bool) -> Event:
    for field in spec.fields:
        if field.required and field.name not in data:
            if json_input:
                how = f'"{field.name}" in --json'
            elif field.name in _FLAGS:
                how = _FLAGS[field.name]
            else:
                how = f"--field {field.name}=..."
            raise EventInputError(
                f"{spec.name} needs {field.name!r} ({describe_type(field.type)}): {how}"
            )
    try:
        return spec.cls(**data)
    except EventError as exc:
        raise EventInputError(str(exc)) from exc
