"""The library's own event kinds: an organization's founding, leaders, governing body,
national sections, congresses, reported figures and dissolution.

Each kind is declared here once, with its fields, its effects on the state and its wording
(see ``event_kind``); a kind of your own is declared the same way in your own module.
"""

from __future__ import annotations

from typing import Any

import attrs

from mopr_timeline.dates import DateParseError, parse_date
from mopr_timeline.events._base import DatedEvent, Event, SpanEvent, check_id
from mopr_timeline.events._effects import (
    Accumulates,
    Begins,
    Closes,
    Dissolves,
    Founds,
    Opens,
    Reports,
    Succeeds,
    Vacates,
)
from mopr_timeline.events._errors import EventError
from mopr_timeline.events._fields import MAX_WHOLE_NUMBER, count_problem, tuple_converter
from mopr_timeline.events._kinds import declare_retraction, event_kind
from mopr_timeline.events._serial_base import SerialError, describe
from mopr_timeline.events._serial_dates import fuzzy_to_dict
from mopr_timeline.events._source import (
    check_optional_text,
    check_text,
    shown,
    storable,
    text_problem,
)

__all__ = [
    "CongressHeld",
    "Count",
    "DelegateGroup",
    "Dissolved",
    "FiguresReported",
    "Founded",
    "GoverningBodyNamed",
    "LeaderAppointed",
    "LeaderLeft",
    "Occurred",
    "Retracted",
    "SectionDissolved",
    "SectionEstablished",
]


def _check_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: None, or a count (a whole number in ``0..MAX_WHOLE_NUMBER``)."""
    if value is None:
        return
    if type(value) is int and 0 <= value <= MAX_WHOLE_NUMBER:
        return
    problem = count_problem(value, optional=True)
    if problem is not None:
        raise EventError(type(instance).__name__, attribute.name, problem)


def _check_required_count(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a count (a whole number in ``0..MAX_WHOLE_NUMBER``)."""
    if type(value) is int and 0 <= value <= MAX_WHOLE_NUMBER:
        return
    problem = count_problem(value)
    if problem is not None:
        raise EventError(type(instance).__name__, attribute.name, problem)


def _check_texts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a tuple of non-blank storable texts."""
    if not isinstance(value, tuple):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a tuple of texts, got {shown(value)}",
        )
    for item in value:
        check_text(instance, attribute, item)


def _check_note(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: storable text, possibly empty."""
    if not isinstance(value, str):
        raise EventError(
            type(instance).__name__, attribute.name, f"expected text, got {shown(value)}"
        )
    if not storable(value):
        raise EventError(type(instance).__name__, attribute.name, f"the text {text_problem(value)}")


@event_kind(
    effects=(Founds(), Accumulates(family="names", values=("name", "aliases"))),
    wording="{name} was founded",
)
@attrs.frozen(kw_only=True)
class Founded(DatedEvent):
    """The organization exists from here; its ``name`` and ``aliases`` are its names from here
    until its dissolution (names accumulate: a second founding claim adds names, it does not
    erase the first)."""

    name: str = attrs.field(validator=check_text)
    aliases: tuple[str, ...] = attrs.field(
        default=(), converter=tuple_converter, validator=_check_texts
    )


@event_kind(effects=(Dissolves(),), wording="the organization was dissolved")
@attrs.frozen(kw_only=True)
class Dissolved(DatedEvent):
    """The organization ends, and with it its names, leader, governing body and every section
    lacking a dissolution of its own."""


@event_kind(
    effects=(Succeeds(family="leaders", value="person"),),
    wording="{person} became the leader",
)
@attrs.frozen(kw_only=True)
class LeaderAppointed(DatedEvent):
    """``person`` leads from here, replacing the previous leader."""

    person: str = attrs.field(validator=check_text)


@event_kind(
    effects=(Vacates(family="leaders", value="person"),),
    wording="{person} ceased to be the leader",
)
@attrs.frozen(kw_only=True)
class LeaderLeft(DatedEvent):
    """``person`` no longer leads; no successor is named."""

    person: str = attrs.field(validator=check_text)


@event_kind(
    effects=(Succeeds(family="governing_body", value="name"),),
    wording="the governing body was named the {name}",
)
@attrs.frozen(kw_only=True)
class GoverningBodyNamed(DatedEvent):
    """The governing body carries this name from here."""

    name: str = attrs.field(validator=check_text)


def _section_established_1_to_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept ``when`` as the source's bare text and called the name ``group``."""
    if "group" not in body:
        raise SerialError("group", "missing (schema 1 of SectionEstablished)")
    text = body.get("when")
    if not isinstance(text, str):
        raise SerialError("when", f"expected date text in schema 1, got {describe(text)}")
    try:
        when = parse_date(text)
    except DateParseError as exc:
        raise SerialError("when", exc.reason) from None
    upcast = {key: value for key, value in body.items() if key != "group"}
    upcast["when"] = fuzzy_to_dict(when)
    upcast["name"] = body["group"]
    return upcast


def _established(event: SectionEstablished) -> str:
    named = f", {event.name}," if event.name else ""
    return f"the {event.country} section{named} was established"


@event_kind(
    effects=(Opens(family="sections", key="country", shows=("name",), since="established"),),
    wording=_established,
    schema=2,
    upcasters={1: _section_established_1_to_2},
)
@attrs.frozen(kw_only=True)
class SectionEstablished(DatedEvent):
    """A national section exists from here."""

    country: str = attrs.field(validator=check_text)
    name: str | None = attrs.field(default=None, validator=check_optional_text)


@event_kind(
    effects=(Closes(family="sections", key="country"),),
    wording="the {country} section was dissolved",
)
@attrs.frozen(kw_only=True)
class SectionDissolved(DatedEvent):
    """That country's section ends."""

    country: str = attrs.field(validator=check_text)


@attrs.frozen(kw_only=True)
class DelegateGroup:
    """Part of a congress's delegates, e.g. 91 from the communist parties ("CP")."""

    label: str = attrs.field(validator=check_text)
    count: int = attrs.field(validator=_check_required_count)

    @classmethod
    def from_text(cls, text: str) -> DelegateGroup:
        """A group written ``91 CP`` (the count in ASCII digits, then the label)."""
        count, _, label = text.strip().partition(" ")
        if not (count.isascii() and count.isdigit()) or not label.strip():
            raise ValueError(f"expected a count and a label like '91 CP', got {shown(text)}")
        if len(count.lstrip("0")) > len(str(MAX_WHOLE_NUMBER)):
            raise ValueError(
                f"expected a count from 0 to {MAX_WHOLE_NUMBER:,}, got a number of "
                f"{len(count.lstrip('0')):,} digits"
            )
        return cls(label=label.strip(), count=int(count))


def _check_groups(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(g) is DelegateGroup for g in value):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a tuple of DelegateGroup, got {shown(value)}",
        )


def _congress(event: CongressHeld) -> str:
    count = f", with {event.delegates:,} delegates" if event.delegates is not None else ""
    return f"the {event.name} met in {event.location}{count}"


@event_kind(effects=(Begins(family="congresses", shows=("name", "location")),), wording=_congress)
@attrs.frozen(kw_only=True)
class CongressHeld(SpanEvent):
    """A congress, conference or plenary session; it counts once it has begun."""

    name: str = attrs.field(validator=check_text)
    location: str = attrs.field(validator=check_text)
    delegates: int | None = attrs.field(default=None, validator=_check_count)
    delegate_groups: tuple[DelegateGroup, ...] = attrs.field(
        default=(), converter=tuple_converter, validator=_check_groups
    )


@attrs.frozen(kw_only=True)
class Count:
    """A named figure of a report: ``150`` ``students``, ``275`` ``hospitals``."""

    name: str = attrs.field(validator=check_text)
    value: int = attrs.field(validator=_check_required_count)

    @classmethod
    def from_text(cls, text: str) -> Count:
        """A count written ``150 students`` (the number in ASCII digits, then its name)."""
        group = DelegateGroup.from_text(text)
        return cls(name=group.label, value=group.count)


def _check_counts(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, tuple) or not all(type(c) is Count for c in value):
        raise EventError(
            type(instance).__name__,
            attribute.name,
            f"expected a tuple of Count, got {shown(value)}",
        )
    names = [c.name for c in value]
    if len(set(names)) != len(names):
        raise EventError(type(instance).__name__, attribute.name, f"names a count twice: {names}")


_FIGURES = ("members", "sections", "periodicals", "languages")


def _figures(event: FiguresReported) -> str:
    parts = [
        f"{value:,} {label}" for label in _FIGURES if (value := getattr(event, label)) is not None
    ]
    parts += [f"{count.value:,} {count.name}" for count in event.counts]
    figures = ", ".join(parts) if parts else "figures"
    excluding = f" (excluding {', '.join(event.excluding)})" if event.excluding else ""
    subject = f"the {event.country} section " if event.country else ""
    note = f"; {event.note.rstrip('.')}" if event.note else ""
    return f"{subject}reported: {figures}{excluding}{note}"


def _figures_1_to_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 had no named ``counts`` and no ``country``: a report of the whole
    organization with none."""
    return {**body, "counts": [], "country": None}


@event_kind(
    effects=(
        Reports(
            family="reports",
            shows=("when", "country", *_FIGURES, "counts", "excluding", "note", "source"),
            counts=(("sections", "sections"),),
            excluding="excluding",
        ),
    ),
    wording=_figures,
    schema=2,
    upcasters={1: _figures_1_to_2},
)
@attrs.frozen(kw_only=True)
class FiguresReported(DatedEvent):
    """A reported figure, as of ``when``: ``members``, ``sections``, ``periodicals``,
    ``languages``, and any other named ``counts`` (``Count(name="hospitals", value=275)``);
    ``country`` names the section the figures are of (none: the whole organization);
    ``excluding`` names countries the count leaves out."""

    members: int | None = attrs.field(default=None, validator=_check_count)
    sections: int | None = attrs.field(default=None, validator=_check_count)
    periodicals: int | None = attrs.field(default=None, validator=_check_count)
    languages: int | None = attrs.field(default=None, validator=_check_count)
    counts: tuple[Count, ...] = attrs.field(
        default=(), converter=tuple_converter, validator=_check_counts
    )
    country: str | None = attrs.field(default=None, validator=check_optional_text)
    note: str = attrs.field(default="", validator=_check_note)
    excluding: tuple[str, ...] = attrs.field(
        default=(), converter=tuple_converter, validator=_check_texts
    )


def _occurred(event: Occurred) -> str:
    return event.text.strip()


@event_kind(wording=_occurred, free_text=True)
@attrs.frozen(kw_only=True)
class Occurred(DatedEvent):
    """Something that happened and changes no state; it appears in chronologies."""

    text: str = attrs.field(validator=check_text)
    country: str | None = attrs.field(default=None, validator=check_optional_text)


@attrs.frozen(kw_only=True)
class Retracted(Event):
    """The ``target`` event is ignored from this event's recording on."""

    target: str = attrs.field(validator=check_id)
    reason: str = attrs.field(validator=check_text)


declare_retraction(Retracted, target="target")
