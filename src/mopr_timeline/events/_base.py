"""The base classes of every event: an id and a source; a day, or a span, it happened on.

Every event kind derives from ``DatedEvent`` (it happened on one, possibly unknown, day) or
``SpanEvent`` (it lasted from a fuzzy start to a fuzzy end, like a congress); only
``Retracted`` derives from ``Event`` itself, as it takes effect from its recording.
"""

from __future__ import annotations

import datetime as _dt
import uuid
from collections.abc import Callable
from typing import Any, ClassVar

import attrs

from mopr_timeline.dates import (
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Precision,
    Qualifier,
    parse_date,
    parse_span,
)
from mopr_timeline.events._errors import EventError
from mopr_timeline.events._relations import Relation
from mopr_timeline.events._source import Source, shown, storable, text_problem

__all__ = [
    "WRITTEN_WHEN_SET",
    "DatedEvent",
    "Event",
    "SpanEvent",
    "check_id",
    "date_problem",
    "set_field_check",
    "span_problem",
]

WRITTEN_WHEN_SET = frozenset({"contradicts", "relations"})
"""Fields of every event that its stored form holds only when they are set (not empty): every
event stored before they existed reads back as it was, and its stored bytes stay its own."""


def check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: an event id is non-empty single-line text without surrounding spaces, lone
    surrogates or NUL characters (every store can keep it as its id)."""
    if not isinstance(value, str) or not value or value != value.strip() or "\n" in value:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a non-empty single-line text without surrounding spaces, got {shown(value)}",
        )
    if not storable(value):
        raise EventError(type(instance).__name__, attribute.name, f"the id {text_problem(value)}")
    if "\x00" in value:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            "the id holds a NUL character (U+0000), which PostgreSQL cannot store as an id",
        )


def _check_source(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Source):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a Source or None, got {shown(value)}",
        )


def _new_id() -> str:
    return uuid.uuid4().hex


def _check_contradicts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``contradicts`` is a tuple of event ids, not the event's own."""
    if not isinstance(value, tuple):
        raise EventError(
            type(instance).__name__, attribute.name, f"expected a tuple of event ids, got {value!r}"
        )
    for item in value:
        check_id(instance, attribute, item)
    if instance.id in value:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"an event cannot contradict itself ({instance.id!r})",
        )
    if len(set(value)) != len(value):
        raise EventError(
            type(instance).__name__, attribute.name, f"names an event twice: {value!r}"
        )


def _check_relations(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: ``relations`` is a tuple of ``Relation`` (``mt.After(...)`` and the like),
    none to the event itself."""
    if not isinstance(value, tuple) or not all(type(item) is Relation for item in value):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a tuple of relations such as mt.After('event-id'), got {shown(value)}",
        )
    for item in value:
        if item.event == instance.id:
            raise EventError(
                type(instance).__name__,
                attribute.name,
                f"an event cannot be dated by itself ({item!r} on {instance.id!r})",
            )
    if len(set(value)) != len(value):
        raise EventError(
            type(instance).__name__, attribute.name, f"holds a relation twice: {value!r}"
        )


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


FieldCheck = Callable[[Any], None]
_field_checks: dict[type[Any], FieldCheck] = {}
"""Per declared kind, the check of its fields that have no validator of their own (set when
the kind is declared; see ``_kinds``)."""


def set_field_check(cls: type[Any], check: FieldCheck | None) -> None:
    """Make every new ``cls`` event run ``check`` on itself (None: no check)."""
    if check is None:
        _field_checks.pop(cls, None)
    else:
        _field_checks[cls] = check


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event: a stable ``id``, an optional ``source``, ``contradicts``: the
    ids of earlier-recorded claims this one competes with (its source disagrees with theirs
    about one fact; linked claims form a *dispute*, and a reading of the log picks one claim
    of each dispute), and ``relations``: how its day stands to other events' days
    (``mt.After("founded", within="3 months")``; readings keep only days satisfying them).

    ``kind`` is the name the kind is declared and stored under (the class's name unless its
    declaration gives another).
    """

    kind: ClassVar[str] = "Event"

    id: str = attrs.field(factory=_new_id, validator=check_id)
    source: Source | None = attrs.field(default=None, validator=_check_source)
    contradicts: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_check_contradicts
    )
    relations: tuple[Relation, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_check_relations
    )

    def __attrs_post_init__(self) -> None:
        if self.relations and not isinstance(self, DatedEvent | SpanEvent):
            raise EventError(
                type(self).__name__, "relations", "an event without a day takes no relations"
            )
        check = _field_checks.get(type(self))
        if check is not None:
            check(self)


def date_problem(date: FuzzyDate) -> str | None:
    """Why a ``FuzzyDate`` built by hand cannot be stored and read back (its text is not
    storable text, its precision or qualifier not one of theirs), or None."""
    text = date.text
    if not isinstance(text, str):
        return f"the date's text must be text, not {shown(text)}"
    if not storable(text):
        return f"the date's text {text_problem(text)}"
    if not isinstance(date.precision, Precision):
        return f"the date's precision must be a Precision, not {shown(date.precision)}"
    if not isinstance(date.qualifier, Qualifier):
        return f"the date's qualifier must be a Qualifier, not {shown(date.qualifier)}"
    return None


def span_problem(span: FuzzySpan) -> str | None:
    """Like ``date_problem``, for a span, its text and its two days."""
    if not isinstance(span.start, FuzzyDate) or not isinstance(span.end, FuzzyDate):
        return f"a span's start and end must be FuzzyDates, not {shown(span)}"
    text = span.text
    if not isinstance(text, str):
        return f"the span's text must be text, not {shown(text)}"
    if not storable(text):
        return f"the span's text {text_problem(text)}"
    return date_problem(span.start) or date_problem(span.end)


def _checked_date(date: FuzzyDate, self_: Any) -> FuzzyDate:
    problem = date_problem(date)
    if problem is not None:
        raise EventError(type(self_).__name__, "when", problem)
    return date


def _to_fuzzy_date(value: FuzzyDate | _dt.date | str, self_: Any) -> FuzzyDate:
    """The ``when`` of a dated event from a FuzzyDate, a day, or any ``parse_date`` text
    (a FuzzyDate made by hand is checked by ``date_problem``)."""
    try:
        if isinstance(value, FuzzyDate):
            return _checked_date(value, self_)
        if isinstance(value, _dt.date):
            return FuzzyDate.exact(value)
        if isinstance(value, str):
            return _checked_date(parse_date(value), self_)
    except DateParseError as exc:
        raise EventError(type(self_).__name__, "when", str(exc)) from exc
    raise EventError(
        type(self_).__name__,
        "when",
        f"expected a FuzzyDate, a date or date text, got {shown(value)}",
    )


def _to_fuzzy_span(value: FuzzySpan | FuzzyDate | _dt.date | str, self_: Any) -> FuzzySpan:
    """The ``when`` of a span event from a FuzzySpan, one day (fuzzy or exact) or span text
    (a span or day made by hand is checked like ``date_problem``)."""
    try:
        if isinstance(value, FuzzySpan):
            problem = span_problem(value)
            if problem is not None:
                raise EventError(type(self_).__name__, "when", problem)
            return value
        if isinstance(value, FuzzyDate):
            _checked_date(value, self_)
            return FuzzySpan(start=value, end=value, text=value.text)
        if isinstance(value, _dt.date):
            day = FuzzyDate.exact(value)
            return FuzzySpan(start=day, end=day, text=day.text)
        if isinstance(value, str):
            span = parse_span(value)
            problem = span_problem(span)
            if problem is not None:
                raise EventError(type(self_).__name__, "when", problem)
            return span
    except DateParseError as exc:
        raise EventError(type(self_).__name__, "when", str(exc)) from exc
    raise EventError(
        type(self_).__name__,
        "when",
        f"expected a FuzzySpan, a FuzzyDate or span text, got {shown(value)}",
    )


@attrs.frozen(kw_only=True)
class DatedEvent(Event):
    """An event that happened on one (possibly unknown) day."""

    when: FuzzyDate = attrs.field(converter=attrs.Converter(_to_fuzzy_date, takes_self=True))  # type: ignore[misc]

    @property
    def start(self) -> FuzzyDate:
        """The day the event takes effect."""
        return self.when


@attrs.frozen(kw_only=True)
class SpanEvent(Event):
    """Something that lasted, from a fuzzy start day to a fuzzy end day (a congress); it takes
    effect on its first day."""

    when: FuzzySpan = attrs.field(converter=attrs.Converter(_to_fuzzy_span, takes_self=True))  # type: ignore[misc]

    @property
    def start(self) -> FuzzyDate:
        """The day the event began."""
        return self.when.start
