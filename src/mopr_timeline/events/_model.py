"""The event vocabulary of DESIGN §2: immutable, keyword-only, cited, dated records."""

from __future__ import annotations

import datetime as _dt
import uuid
from typing import Any, ClassVar

import attrs

from mopr_timeline.dates import DateParseError, FuzzyDate, FuzzySpan, parse_date, parse_span

__all__ = [
    "EVENT_TYPES",
    "CongressHeld",
    "DatedEvent",
    "DelegateGroup",
    "Dissolved",
    "Event",
    "EventError",
    "FiguresReported",
    "Founded",
    "GoverningBodyNamed",
    "LeaderAppointed",
    "LeaderLeft",
    "Occurred",
    "Retracted",
    "SectionDissolved",
    "SectionEstablished",
    "Source",
]


class EventError(ValueError):
    """An event that cannot be built: names the event type, the field and why."""

    def __init__(self, event_type: str, field: str, reason: str) -> None:
        self.event_type = event_type
        self.field = field
        self.reason = reason
        super().__init__(f"{event_type}.{field}: {reason}")


def _check_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value.strip():
        raise EventError(
            type(instance).__name__, attribute.name, f"expected non-empty text, got {value!r}"
        )


def _check_optional_text(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None:
        _check_text(instance, attribute, value)


def _check_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a whole number >= 0 or nothing, got {value!r}",
        )


def _check_texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(v, str) and v.strip() for v in value):
        raise EventError(
            type(instance).__name__, attribute.name, f"expected a tuple of texts, got {value!r}"
        )


def _as_tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _new_id() -> str:
    return uuid.uuid4().hex


@attrs.frozen(kw_only=True)
class Source:
    """A citation: the work, the pages, and the sentence quoted from it."""

    title: str = attrs.field(validator=_check_text)
    pages: str | None = attrs.field(default=None, validator=_check_optional_text)
    quotation: str | None = attrs.field(default=None, validator=_check_optional_text)

    def __str__(self) -> str:
        pages = (
            f", pp. {self.pages}"
            if self.pages and "-" in self.pages
            else (f", p. {self.pages}" if self.pages else "")
        )
        return f"{self.title}{pages}"


def _check_source(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, Source):
        raise EventError(
            type(instance).__name__, attribute.name, f"expected a Source or None, got {value!r}"
        )


def _check_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value or value != value.strip() or "\n" in value:
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a non-empty single-line text without surrounding spaces, got {value!r}",
        )


@attrs.frozen(kw_only=True)
class Event:
    """Base of every event: a stable ``id`` and an optional ``source``."""

    kind: ClassVar[str] = "Event"

    id: str = attrs.field(factory=_new_id, validator=_check_id)
    source: Source | None = attrs.field(default=None, validator=_check_source)


def _to_fuzzy_date(value: FuzzyDate | _dt.date | str) -> FuzzyDate:
    """The ``when`` of a dated event from a FuzzyDate, a day, or any ``parse_date`` text."""
    try:
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, _dt.date):
            return FuzzyDate.exact(value)
        if isinstance(value, str):
            return parse_date(value)
    except DateParseError as exc:
        raise EventError("event", "when", str(exc)) from exc
    raise EventError("event", "when", f"expected a FuzzyDate, a date or date text, got {value!r}")


def _span_converter(value: FuzzySpan | FuzzyDate | _dt.date | str) -> FuzzySpan:
    try:
        if isinstance(value, FuzzySpan):
            return value
        if isinstance(value, FuzzyDate):
            return FuzzySpan(start=value, end=value, text=value.text)
        if isinstance(value, _dt.date):
            day = FuzzyDate.exact(value)
            return FuzzySpan(start=day, end=day, text=day.text)
        if isinstance(value, str):
            return parse_span(value)
    except DateParseError as exc:
        raise EventError("CongressHeld", "when", str(exc)) from exc
    raise EventError(
        "CongressHeld", "when", f"expected a FuzzySpan, a FuzzyDate or span text, got {value!r}"
    )


@attrs.frozen(kw_only=True)
class DatedEvent(Event):
    """An event that happened on one (possibly unknown) day."""

    when: FuzzyDate = attrs.field(converter=_to_fuzzy_date)

    @property
    def start(self) -> FuzzyDate:
        """The day the event takes effect."""
        return self.when


@attrs.frozen(kw_only=True)
class Founded(DatedEvent):
    """The organization exists from here."""

    kind: ClassVar[str] = "Founded"
    name: str = attrs.field(validator=_check_text)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, validator=_check_texts)


@attrs.frozen(kw_only=True)
class Dissolved(DatedEvent):
    """The organization ends, with its leader and every section lacking its own dissolution."""

    kind: ClassVar[str] = "Dissolved"


@attrs.frozen(kw_only=True)
class LeaderAppointed(DatedEvent):
    """``person`` leads from here, replacing the previous leader."""

    kind: ClassVar[str] = "LeaderAppointed"
    person: str = attrs.field(validator=_check_text)


@attrs.frozen(kw_only=True)
class LeaderLeft(DatedEvent):
    """``person`` no longer leads; no successor is named."""

    kind: ClassVar[str] = "LeaderLeft"
    person: str = attrs.field(validator=_check_text)


@attrs.frozen(kw_only=True)
class GoverningBodyNamed(DatedEvent):
    """The governing body carries this name from here."""

    kind: ClassVar[str] = "GoverningBodyNamed"
    name: str = attrs.field(validator=_check_text)


@attrs.frozen(kw_only=True)
class SectionEstablished(DatedEvent):
    """A national section exists from here."""

    kind: ClassVar[str] = "SectionEstablished"
    country: str = attrs.field(validator=_check_text)
    name: str | None = attrs.field(default=None, validator=_check_optional_text)


@attrs.frozen(kw_only=True)
class SectionDissolved(DatedEvent):
    """That country's section ends."""

    kind: ClassVar[str] = "SectionDissolved"
    country: str = attrs.field(validator=_check_text)


@attrs.frozen(kw_only=True)
class DelegateGroup:
    """Part of a congress's delegates, e.g. 91 from the communist parties ("CP")."""

    label: str = attrs.field(validator=_check_text)
    count: int = attrs.field(validator=_check_count)


def _check_groups(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(isinstance(g, DelegateGroup) for g in value):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a tuple of DelegateGroup, got {value!r}",
        )


@attrs.frozen(kw_only=True)
class CongressHeld(Event):
    """A congress, conference or plenary session; it counts once it has begun."""

    kind: ClassVar[str] = "CongressHeld"
    when: FuzzySpan = attrs.field(converter=_span_converter)
    name: str = attrs.field(validator=_check_text)
    location: str = attrs.field(validator=_check_text)
    delegates: int | None = attrs.field(default=None, validator=_check_count)
    delegate_groups: tuple[DelegateGroup, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_check_groups
    )

    @property
    def start(self) -> FuzzyDate:
        """The day the congress began."""
        return self.when.start


@attrs.frozen(kw_only=True)
class FiguresReported(DatedEvent):
    """A reported figure, as of ``when``; ``excluding`` names countries the count leaves out."""

    kind: ClassVar[str] = "FiguresReported"
    members: int | None = attrs.field(default=None, validator=_check_count)
    sections: int | None = attrs.field(default=None, validator=_check_count)
    periodicals: int | None = attrs.field(default=None, validator=_check_count)
    languages: int | None = attrs.field(default=None, validator=_check_count)
    note: str = attrs.field(default="")
    excluding: tuple[str, ...] = attrs.field(
        default=(), converter=_as_tuple, validator=_check_texts
    )


@attrs.frozen(kw_only=True)
class Occurred(DatedEvent):
    """Something that happened and changes no state; it appears in chronologies."""

    kind: ClassVar[str] = "Occurred"
    text: str = attrs.field(validator=_check_text)
    country: str | None = attrs.field(default=None, validator=_check_optional_text)


@attrs.frozen(kw_only=True)
class Retracted(Event):
    """The ``target`` event is ignored from this event's recording on."""

    kind: ClassVar[str] = "Retracted"
    target: str = attrs.field(validator=_check_id)
    reason: str = attrs.field(validator=_check_text)


EVENT_TYPES: dict[str, type[Event]] = {
    cls.kind: cls
    for cls in (
        Founded,
        Dissolved,
        LeaderAppointed,
        LeaderLeft,
        GoverningBodyNamed,
        SectionEstablished,
        SectionDissolved,
        CongressHeld,
        FiguresReported,
        Occurred,
        Retracted,
    )
}
