"""Event kinds declared in one place: ``@event_kind`` on the kind's class, and the registry.

A kind's class says everything the rest of the library needs: its fields (attrs), whether it
is dated by one day (``DatedEvent``) or lasts (``SpanEvent``), its effects on the state (see
``_effects``), its wording in chronologies, and its stored schema. Replay, states, their
JSON, chronologies, the command line, ``check``, the hypothesis strategies and the stores'
load columns are all derived from the registered declarations.

A declaration is checked when the class is declared: every field must have a type events can
be stored as, every effect must name fields of the right type, a family must keep its shape,
and the wording must name existing fields. A wrong declaration raises ``KindError`` there and
then, never later. An event of a class that is not registered cannot be written or encoded.
"""

from __future__ import annotations

import contextlib
import enum
import string
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from types import MappingProxyType
from typing import Any, TypeVar

import attrs

from mopr_timeline.events._base import DatedEvent, Event, SpanEvent, set_field_check
from mopr_timeline.events._effects import (
    Accumulates,
    Begins,
    Closes,
    Dissolves,
    Effect,
    Founds,
    Opens,
    Reports,
    Shape,
    Succeeds,
    Vacates,
    family_name_problem,
)
from mopr_timeline.events._errors import KindError, UnknownKindError
from mopr_timeline.events._fields import (
    field_type_problem,
    is_optional,
    item_type,
    storable_validator,
    type_validator,
)

__all__ = [
    "EVENT_TYPES",
    "FAMILIES",
    "GLANCE_VERSIONS",
    "KINDS",
    "Day",
    "Family",
    "Field",
    "KindSpec",
    "Upcaster",
    "Wording",
    "event_kind",
    "forget_kind",
    "kind_of",
    "registry_scope",
    "spec_of",
]

E = TypeVar("E", bound=Event)
Upcaster = Callable[[dict[str, Any]], dict[str, Any]]
"""Turns a stored body (the event's fields) of one schema version into the next version's."""
Wording = str | Callable[[Any], str]
"""How a chronology says what happened: a format string over the event's fields
(``"{person} became the leader"``) or a function of the event."""

_RESERVED_FIELDS = frozenset({"type", "schema"})
_BASE_FIELDS = frozenset({"id", "source", "when"})
_RESERVED_NAMES = frozenset({"Event", "UnreadEvent", "UnregisteredEvent", "UnreadableEvent"})
"""Kind names that stand for the records the library cannot read (and the base class)."""


class Day(enum.Enum):
    """Where an event's day is: ``when`` (a day), ``when.start`` (a span), or nowhere."""

    DAY = "day"
    SPAN = "span"
    NONE = "none"


@attrs.frozen
class Field:
    """A field an event of the kind is given: its name, its type, and whether it is required."""

    name: str
    type: Any
    required: bool


@attrs.frozen
class Family:
    """A family of facts: its name, its shape, whether its facts are facts of the
    organization (holding only within its life: see ``_effects``), and ``label``: what one
    fact's key or value is called (``"country"``)."""

    name: str
    shape: Shape
    of_organization: bool
    label: str
    builtin: bool


@attrs.frozen(kw_only=True)
class KindSpec:
    """Everything declared about one event kind (see ``event_kind``)."""

    name: str
    cls: type[Event]
    effects: tuple[Effect, ...]
    wording: Wording = attrs.field(repr=False)
    free_text: bool
    schema: int
    upcasters: Mapping[int, Upcaster] = attrs.field(repr=False)
    day: Day
    key: str | None
    """The field indexing reads to place the event without decoding it (a keyed effect's key,
    a vacated slot's value, the retracted event), or None."""
    fields: tuple[Field, ...]
    builtin: bool
    field_check: Callable[[Any], None] | None = attrs.field(repr=False, eq=False)
    """Checks the fields declared without a validator of their own against their types."""
    glance_version: int
    """Changes whenever what a store keeps beside the event to load it (its day and key)
    would be computed differently: stored columns of another version are not trusted."""

    def describe(self, event: Any) -> str:
        """What happened, in words, without the date."""
        if isinstance(self.wording, str):
            return self.wording.format_map(_Fields(event))
        return self.wording(event)

    @property
    def families(self) -> tuple[str, ...]:
        """The families the kind's effects act on."""
        return tuple(name for effect in self.effects if (name := _family(effect)) is not None)

    @property
    def changes_state(self) -> bool:
        return bool(self.effects)


class _Fields(dict[str, Any]):
    """An event's fields as a mapping for ``str.format_map``."""

    def __init__(self, event: Any) -> None:
        super().__init__()
        self._event = event

    def __missing__(self, key: str) -> Any:
        return getattr(self._event, key)


_kinds: dict[str, KindSpec] = {}
_by_class: dict[type[Any], KindSpec] = {}
_classes: dict[str, type[Event]] = {}
_families: dict[str, Family] = {}
_glance_versions: dict[str, int] = {}

KINDS: Mapping[str, KindSpec] = MappingProxyType(_kinds)
"""Every registered kind by name, in the order declared (read-only, always current)."""
EVENT_TYPES: Mapping[str, type[Event]] = MappingProxyType(_classes)
"""Every registered kind's class by name (read-only, always current)."""
FAMILIES: Mapping[str, Family] = MappingProxyType(_families)
"""Every family of facts the registered kinds act on, in the order first declared."""
GLANCE_VERSIONS: Mapping[str, int] = MappingProxyType(_glance_versions)
"""Every registered kind's ``glance_version`` by name (read by stores for every row)."""


@contextlib.contextmanager
def registry_scope() -> Iterator[None]:
    """Within the block, declare kinds (or ``forget_kind`` them) freely: afterwards the
    registry is exactly as it was before. For tests, whose kinds would otherwise stay
    registered for every later test of the process (and be drawn by the strategies)."""
    tables: tuple[dict[Any, Any], ...] = (_kinds, _by_class, _classes, _families, _glance_versions)
    saved = [dict(table) for table in tables]
    checks = {spec.cls: spec.field_check for spec in _kinds.values()}
    try:
        yield
    finally:
        for table, content in zip(tables, saved, strict=True):
            table.clear()
            table.update(content)
        for spec in _kinds.values():
            set_field_check(spec.cls, checks.get(spec.cls))
            type.__setattr__(spec.cls, "kind", spec.name)


def forget_kind(name: str) -> None:
    """Unregister the kind ``name``, as in a process that never declared it: its events can
    no longer be written, and stored ones read back as ``UnregisteredEvent``. Meant for tests,
    inside ``registry_scope``; its family stays known."""
    spec = kind_of(name)
    del _kinds[name], _classes[name], _glance_versions[name]
    _by_class.pop(spec.cls, None)


def kind_of(name: str) -> KindSpec:
    """The registered kind called ``name``, else ``UnknownKindError`` listing the known."""
    spec = _kinds.get(name)
    if spec is None:
        known = ", ".join(_kinds)
        raise UnknownKindError(
            str(name),
            f"unknown event kind {name!r}; registered kinds: {known} (a kind of your own must "
            "be declared with @mopr_timeline.event_kind before it is used)",
        )
    return spec


def spec_of(event_or_class: Event | type[Event]) -> KindSpec:
    """The registered kind of an event (or class), else ``UnknownKindError``.

    Only the registered class itself counts: a subclass of a registered kind is a kind of
    its own, and is refused until it is declared.
    """
    cls = event_or_class if isinstance(event_or_class, type) else type(event_or_class)
    spec = _by_class.get(cls)
    if spec is None:
        raise UnknownKindError(
            getattr(cls, "__name__", repr(cls)),
            f"{cls.__module__}.{cls.__qualname__} is not a registered event kind, so its "
            "events can be neither written nor read back; declare it with "
            "@mopr_timeline.event_kind(...) (see the docs: 'Your own kinds of events')",
        )
    return spec


def event_kind(
    *,
    wording: Wording,
    effects: Sequence[Effect] = (),
    name: str | None = None,
    schema: int = 1,
    upcasters: Mapping[int, Upcaster] | None = None,
    free_text: bool = False,
) -> Callable[[type[E]], type[E]]:
    """Declare and register an event kind: put it above ``@attrs.frozen(kw_only=True)``.

    ``wording`` says in a chronology what happened (a format string over the fields, or a
    function of the event); ``free_text``: the wording is a sentence of its own (shown after a
    colon). ``effects`` (none: the kind changes no state) say what the event does to the state.
    ``name`` is the stored type name (default: the class's name). ``schema`` is the version
    of the stored layout; ``upcasters[v]`` turns a stored body of version ``v`` into ``v + 1``.

    Fields without a validator of their own get one from their type, so an event of the kind
    cannot be made with a value that could not be stored and read back. Declaring a class
    again under its name (a module reloaded) replaces the earlier declaration.
    """

    def declare(cls: type[E]) -> type[E]:
        spec = _declare(
            cls,
            wording=wording,
            effects=tuple(effects),
            name=name,
            schema=schema,
            upcasters=dict(upcasters or {}),
            free_text=free_text,
            retracts=None,
        )
        _register(spec)
        return cls

    return declare


def declare_retraction(cls: type[E], *, target: str) -> type[E]:
    """Register the library's ``Retracted``: no day, keyed by the event it withdraws."""
    _register(
        _declare(
            cls,
            wording="",
            effects=(),
            name=None,
            schema=1,
            upcasters={},
            free_text=False,
            retracts=target,
        )
    )
    return cls


def _declare(
    cls: type[Any],
    *,
    wording: Wording,
    effects: tuple[Effect, ...],
    name: str | None,
    schema: int,
    upcasters: dict[int, Upcaster],
    free_text: bool,
    retracts: str | None,
) -> KindSpec:
    label = getattr(cls, "__name__", repr(cls))
    if not isinstance(cls, type) or not issubclass(cls, Event):
        raise KindError(label, "an event kind is a class deriving from mopr_timeline.DatedEvent")
    if "__attrs_attrs__" not in cls.__dict__:
        raise KindError(
            label, "put @attrs.frozen(kw_only=True) on the class, below @event_kind(...)"
        )
    if cls.__hash__ is None or getattr(cls, "__setattr__", None) is object.__setattr__:
        raise KindError(label, "events are immutable: declare the class with @attrs.frozen")
    kind_name = cls.__name__ if name is None else name
    if not isinstance(kind_name, str) or not kind_name.isidentifier():
        raise KindError(label, f"a kind's name is an identifier, not {kind_name!r}")
    if kind_name in _RESERVED_NAMES:
        raise KindError(
            label, f"the name {kind_name!r} is the library's for records it cannot read"
        )
    builtin = cls.__module__.startswith("mopr_timeline.")
    fields, field_check = _fields(cls, label, builtin=builtin)
    own = {field.name: field for field in fields}
    if issubclass(cls, DatedEvent):
        day = Day.DAY
    elif issubclass(cls, SpanEvent):
        day = Day.SPAN
    elif retracts is not None:
        day = Day.NONE
    else:
        raise KindError(
            label,
            "derive it from mopr_timeline.DatedEvent (it happened on one day) or "
            "mopr_timeline.SpanEvent (it lasted, like a congress)",
        )
    key = retracts
    for effect in effects:
        effect_key = _check_effect(label, effect, own)
        if effect_key is not None:
            if key is not None:
                raise KindError(
                    label, "a kind may key at most one effect (one of Opens, Closes, Vacates)"
                )
            key = effect_key
    acted_on = [family for effect in effects if (family := _family(effect)) is not None]
    if len(set(acted_on)) != len(acted_on):
        raise KindError(label, f"each family is acted on once per kind, not {acted_on}")
    life = [effect for effect in effects if isinstance(effect, Founds | Dissolves)]
    if len(life) > 1:
        raise KindError(label, "a kind founds or dissolves the organization, not both")
    _check_wording(label, wording, own, free_text)
    if isinstance(schema, bool) or not isinstance(schema, int) or schema < 1:
        raise KindError(label, f"schema is a version number >= 1, not {schema!r}")
    missing = [v for v in range(1, schema) if not callable(upcasters.get(v))]
    if missing or any(v not in range(1, schema) for v in upcasters):
        raise KindError(
            label,
            f"schema {schema} needs an upcaster for each of the versions 1 to {schema - 1} "
            f"(given: {sorted(upcasters)})",
        )
    return KindSpec(
        name=kind_name,
        cls=cls,
        effects=effects,
        wording=wording,
        free_text=free_text,
        schema=schema,
        upcasters=MappingProxyType(upcasters),
        day=day,
        key=key,
        fields=fields,
        field_check=field_check,
        builtin=builtin,
        glance_version=_glance_version(kind_name, day, key),
    )


def _fields(
    cls: type[Any], label: str, *, builtin: bool
) -> tuple[tuple[Field, ...], Callable[[Any], None] | None]:
    """The kind's init fields with resolved types (their types checked), and the check of
    their values: a field without a validator of its own is checked against its type
    (``type_validator``); one with a validator of its own, in a kind declared outside the
    library, that its value can be stored (``storable_validator``). The library's kinds'
    own validators check both already, as do the base classes' for ``id``, ``source`` and
    ``when``."""
    try:
        resolved = attrs.fields(attrs.resolve_types(cls))
    except Exception as exc:
        raise KindError(label, f"cannot resolve the fields' types: {exc}") from None
    fields: list[Field] = []
    checks: list[tuple[str, Any]] = []
    for field in resolved:
        if not field.init:
            continue
        if not field.kw_only:
            raise KindError(label, "fields are keyword-only: use @attrs.frozen(kw_only=True)")
        if field.name in _RESERVED_FIELDS or field.name.startswith("_"):
            raise KindError(
                label,
                f"field {field.name!r}: 'type', 'schema' and names starting with '_' are reserved",
            )
        problem = field_type_problem(field.type)
        if problem is not None:
            raise KindError(label, f"field {field.name!r}: {problem}")
        fields.append(
            Field(name=field.name, type=field.type, required=field.default is attrs.NOTHING)
        )
        if field.inherited and field.name in _BASE_FIELDS:
            continue
        if field.validator is None:
            checks.append((field.name, type_validator(field.type)))
        elif not builtin:
            checks.append((field.name, storable_validator(field.type)))
    return tuple(fields), _field_check(checks, {f.name: f for f in resolved})


def _field_check(
    checks: list[tuple[str, Any]], attributes: dict[str, attrs.Attribute[Any]]
) -> Callable[[Any], None] | None:
    if not checks:
        return None

    def check(event: Any) -> None:
        for name, validate in checks:
            validate(event, attributes[name], getattr(event, name))

    return check


def _family(effect: Effect) -> str | None:
    return None if isinstance(effect, Founds | Dissolves) else effect.family


def _check_effect(label: str, effect: Any, own: dict[str, Field]) -> str | None:
    """Check one effect against the kind's fields; returns the key field it indexes by."""
    if isinstance(effect, Founds | Dissolves):
        return None
    if not isinstance(effect, Opens | Closes | Succeeds | Vacates | Accumulates | Begins | Reports):
        raise KindError(
            label,
            f"unknown effect {effect!r}: use Founds, Dissolves, Opens, Closes, Succeeds, "
            "Vacates, Accumulates, Begins or Reports",
        )
    problem = family_name_problem(effect.family)
    if problem is not None:
        raise KindError(label, problem)
    match effect:
        case Opens() | Closes():
            _text_field(label, effect, effect.key, own)
            if isinstance(effect, Opens):
                _named_fields(label, effect, effect.shows, own)
                if not effect.since.isidentifier() or effect.since in own:
                    raise KindError(label, f"{_named(effect)}: since= names the date, not a field")
            return effect.key
        case Succeeds():
            _text_field(label, effect, effect.value, own)
            return None
        case Vacates():
            _text_field(label, effect, effect.value, own)
            return effect.value
        case Accumulates():
            if not effect.values:
                raise KindError(label, f"{_named(effect)} names no field")
            for name in _named_fields(label, effect, effect.values, own):
                kind = own[name].type
                if kind not in (str, str | None) and item_type(kind) is not str:
                    raise KindError(
                        label, f"{_named(effect)}: field {name!r} must be text or a tuple of texts"
                    )
            return None
        case Begins():
            _named_fields(label, effect, effect.shows, own)
            return None
        case Reports():
            _named_fields(label, effect, effect.shows, own)
            for field, family in effect.counts:
                _named_fields(label, effect, (field,), own)
                if own[field].type not in (int, int | None):
                    raise KindError(label, f"{_named(effect)}: {field!r} must be a whole number")
                problem = family_name_problem(family)
                if problem is not None:
                    raise KindError(label, problem)
            if effect.excluding is not None:
                _named_fields(label, effect, (effect.excluding,), own)
                if item_type(own[effect.excluding].type) is not str:
                    raise KindError(
                        label, f"{_named(effect)}: {effect.excluding!r} must be a tuple of texts"
                    )
            return None
    raise AssertionError(effect)  # pragma: no cover - every effect type is matched above


def _named(effect: Any) -> str:
    """An effect as a message names it: ``Opens('periodicals')``."""
    family = getattr(effect, "family", None)
    return f"{type(effect).__name__}({'' if family is None else repr(family)})"


def _named_fields(
    label: str, effect: Any, names: Iterable[str], own: dict[str, Field]
) -> list[str]:
    names = list(names)
    for field in names:
        if field not in own:
            raise KindError(
                label, f"{_named(effect)} names the field {field!r}, which the kind does not have"
            )
    return names


def _text_field(label: str, effect: Any, name: str, own: dict[str, Field]) -> None:
    _named_fields(label, effect, (name,), own)
    if own[name].type is not str or is_optional(own[name].type):
        raise KindError(
            label,
            f"{_named(effect)}: the field {name!r} must be required text (str), a key or value",
        )


def _check_wording(label: str, wording: Any, own: dict[str, Field], free_text: bool) -> None:
    if not isinstance(free_text, bool):
        raise KindError(label, f"free_text is True or False, not {free_text!r}")
    if callable(wording):
        return
    if not isinstance(wording, str):
        raise KindError(label, f"wording is a format string or a function, not {wording!r}")
    try:
        parsed = list(string.Formatter().parse(wording))
    except ValueError as exc:
        raise KindError(label, f"wording {wording!r}: {exc}") from None
    for _, field, _, _ in parsed:
        if field is None:
            continue
        root = field.split(".")[0].split("[")[0]
        if root not in own and root not in ("id", "source", "when"):
            raise KindError(label, f"wording {wording!r} names {root!r}, not a field of the kind")


def _glance_version(name: str, day: Day, key: str | None) -> int:
    """A version of what a store keeps beside an event of this kind (31 bits)."""
    return zlib.crc32(f"{name}\0{day.value}\0{key or ''}".encode()) & 0x7FFFFFFF


def _register(spec: KindSpec) -> None:
    """Add (or replace: the same class declared again) ``spec``, keeping families consistent."""
    earlier = _kinds.get(spec.name)
    if earlier is not None and (
        earlier.cls.__module__,
        earlier.cls.__qualname__,
    ) != (spec.cls.__module__, spec.cls.__qualname__):
        raise KindError(
            spec.name,
            f"the name is already declared by {earlier.cls.__module__}."
            f"{earlier.cls.__qualname__}; give this kind another name (name=...)",
        )
    candidates = {**_kinds, spec.name: spec}
    families = _derive_families(candidates.values(), spec.name)
    if earlier is not None:
        _by_class.pop(earlier.cls, None)
        set_field_check(earlier.cls, None)
    _kinds[spec.name] = spec
    _by_class[spec.cls] = spec
    _classes[spec.name] = spec.cls
    _glance_versions[spec.name] = spec.glance_version
    set_field_check(spec.cls, spec.field_check)
    _families.clear()
    _families.update(families)
    type.__setattr__(spec.cls, "kind", spec.name)


def _derive_families(specs: Iterable[KindSpec], declaring: str) -> dict[str, Family]:
    """The families of ``specs`` (in order of first mention), checking that every kind acting
    on a family agrees on its shape and that closed or vacated families are opened."""
    families: dict[str, Family] = {}
    openers: dict[str, str] = {}
    for spec in specs:
        for effect in spec.effects:
            if isinstance(effect, Founds | Dissolves):
                continue
            name, shape = effect.family, effect.shape
            known = families.get(name)
            if known is not None and known.shape is not shape:
                raise KindError(
                    declaring,
                    f"family {name!r} is {known.shape.value} (kind {openers.get(name, '?')}); "
                    f"{spec.name} acts on it as {shape.value}",
                )
            if isinstance(effect, Opens | Succeeds | Accumulates):
                ends = effect.of_organization
                if known is not None and name in openers and known.of_organization != ends:
                    raise KindError(
                        declaring,
                        f"{spec.name} and {openers[name]} disagree on whether family {name!r} "
                        "is a family of facts of the organization",
                    )
                if name not in openers:
                    label = effect.key if isinstance(effect, Opens) else "value"
                    families[name] = Family(
                        name=name,
                        shape=shape,
                        of_organization=ends,
                        label=label,
                        builtin=spec.builtin if known is None else known.builtin,
                    )
                    openers[name] = spec.name
            elif known is None:
                families[name] = Family(
                    name=name,
                    shape=shape,
                    of_organization=False,
                    label="value",
                    builtin=spec.builtin,
                )
    for name, family in families.items():
        if family.shape in (Shape.KEYED, Shape.SLOT) and name not in openers:
            raise KindError(
                declaring,
                f"family {name!r} is closed or vacated but no kind opens it "
                f"({'Opens' if family.shape is Shape.KEYED else 'Succeeds'}); declare the "
                "opening kind first",
            )
    return families
