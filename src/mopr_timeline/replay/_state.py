"""OrgState: the organization on one (fuzzy) day, every fact with its Certainty.

A state holds whether the organization exists and, per family of facts (``"sections"``,
``"leaders"``, a family of your own...), the facts that are at least possible, each with its
certainty. A family's facts are ``state.facts(name)`` or ``state.<name>``. Their order is
stable: slot and accumulated values by the stream position of the earliest event that may
have set them (a founding's name before its aliases); keyed facts by key; records by date
(``sort_key`` of the start day, then stream position).

What a fact shows follows its kind's declaration: a slot or accumulated value is a
``Fact``; a keyed fact (``KeyedFact``) shows its key, the fields its opening kind ``shows``
and its date under the name ``since``; a record (``RecordFact``) shows the fields its kind
``shows`` (a report only those that are set: its figures, named counts, qualifiers).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Mapping
from typing import Any

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_unstructure_fn, override

from mopr_timeline.dates import Certainty, DateParseError, FuzzyDate, FuzzySpan
from mopr_timeline.events import (
    FAMILIES,
    Begins,
    Event,
    Opens,
    Reports,
    Source,
    spec_of,
)
from mopr_timeline.replay._errors import ReplayError

__all__ = ["AsOf", "Claim", "Fact", "KeyedFact", "OrgState", "RecordFact", "UnknownFamilyError"]

AsOf = int | _dt.datetime | None
"""A stream version, a recording time (timezone-aware), or None for everything recorded."""


class UnknownFamilyError(ReplayError, KeyError):
    """A family of facts that no registered kind acts on."""

    def __str__(self) -> str:
        return str(self.args[0])


@attrs.frozen(kw_only=True)
class Claim:
    """One claim of a dispute a fact rests on: the event, its source's short citation, and
    how sure the fact is in the readings that pick this claim.

    Not part of the fact's JSON (which names the event): the claim's own date ``when``
    (``None`` for an event without a day) and ``about``, whether the claim's event acts on the
    fact's family itself (``False``: it bears on the fact through the organization's life, a
    disputed founding or dissolution).
    """

    event: str
    source: str | None
    certainty: Certainty
    when: FuzzyDate | FuzzySpan | None = None
    about: bool = True


@attrs.frozen(kw_only=True)
class Fact:
    """A value (a name, a person) and how sure it is to hold on the day asked; ``events``
    are the ids of the events it rests on, ``disputed`` whether one of them is a claim of a
    dispute (or the fact's certainty depends on which claim of one a reading picks), and then
    ``claims`` what each claim makes of it."""

    value: str
    certainty: Certainty
    events: tuple[str, ...] = ()
    disputed: bool = False
    claims: tuple[Claim, ...] = ()

    @property
    def identity(self) -> str:
        """What the fact is about: its value."""
        return self.value


def _effect(event: Event, family: str) -> Any:
    """The effect by which ``event``'s kind acts on ``family``."""
    for effect in spec_of(event).effects:
        if getattr(effect, "family", None) == family:
            return effect
    raise AssertionError(f"{event.kind} does not act on {family!r}")  # pragma: no cover


def _event_field(fact: Any, name: str) -> Any:
    """A field of the event a fact rests on, for attribute access on the fact."""
    if name.startswith("_"):
        raise AttributeError(name)
    event = object.__getattribute__(fact, "event")
    try:
        return getattr(event, name)
    except AttributeError:
        raise AttributeError(
            f"{type(fact).__name__} of {event.kind} has no attribute {name!r}"
        ) from None


@attrs.frozen(kw_only=True)
class KeyedFact:
    """A fact of a keyed family (a country's section) that may hold on the day: its key, how
    sure, and the opening event it rests on (the latest recorded that may be in force).

    The event's fields read as the fact's own (``fact.country``, ``fact.name``), and so does
    its date under the name its kind declares (``fact.established`` for a section).
    """

    family: str
    key: str
    certainty: Certainty
    event: Event
    events: tuple[str, ...] = ()
    disputed: bool = False
    claims: tuple[Claim, ...] = ()

    @property
    def event_id(self) -> str:
        return self.event.id

    @property
    def identity(self) -> str:
        """What the fact is about: its key."""
        return self.key

    @property
    def since(self) -> FuzzyDate:
        """The date of the opening event."""
        return self.event.start  # type: ignore[attr-defined, no-any-return]

    def __getattr__(self, name: str) -> Any:
        opens: Opens = _effect(object.__getattribute__(self, "event"), self.family)
        if name == opens.since:
            return self.since
        return _event_field(self, name)

    def to_json(self) -> dict[str, Any]:
        opens: Opens = _effect(self.event, self.family)
        data: dict[str, Any] = {opens.key: self.key}
        for name in opens.shows:
            data[name] = _json_value(getattr(self.event, name))
        data["certainty"] = self.certainty.value
        data[opens.since] = _json_value(self.since)
        return _traced(data, self)


@attrs.frozen(kw_only=True)
class RecordFact:
    """A record (a congress held, figures reported) whose day may have come by the day asked,
    and how sure. The event's fields read as the fact's own (``fact.name``, ``fact.members``).
    """

    family: str
    certainty: Certainty
    event: Event
    events: tuple[str, ...] = ()
    disputed: bool = False
    claims: tuple[Claim, ...] = ()

    @property
    def event_id(self) -> str:
        return self.event.id

    @property
    def identity(self) -> str:
        """What the fact is about: the event it rests on (its id)."""
        return self.event.id

    def __getattr__(self, name: str) -> Any:
        return _event_field(self, name)

    def to_json(self) -> dict[str, Any]:
        effect: Begins | Reports = _effect(self.event, self.family)
        report = isinstance(effect, Reports)
        data: dict[str, Any] = {}
        for name in effect.shows:
            value = getattr(self.event, name)
            if report and name not in _ALWAYS_SHOWN and value in (None, (), ""):
                continue
            data[name] = _json_value(value)
        data["certainty"] = self.certainty.value
        return _traced(data, self)


def _traced(data: dict[str, Any], fact: AnyFact) -> dict[str, Any]:
    """A fact's JSON with what it rests on: ``disputed``, the ``claims`` of a disputed fact
    (each ``{"event", "source", "certainty"}``) and the ids of its ``events``."""
    data["disputed"] = fact.disputed
    if fact.disputed:
        data["claims"] = [
            {"event": c.event, "source": c.source, "certainty": c.certainty.value}
            for c in fact.claims
        ]
    data["events"] = list(fact.events)
    return data


_ALWAYS_SHOWN = frozenset({"when", "source"})
"""What a report's JSON holds even when unset; its figures and qualifiers only when set."""

AnyFact = Fact | KeyedFact | RecordFact


def _json_value(value: Any) -> Any:
    """A field's value in a state's JSON: a date as its text, EDTF and bounds (see
    ``date_json``), a source as its citation."""
    if isinstance(value, FuzzyDate | FuzzySpan):
        return date_json(value)
    if isinstance(value, Source):
        return str(value)
    return _VALUES.unstructure(value)


_VALUES = Converter()


def date_json(value: FuzzyDate | FuzzySpan) -> dict[str, Any]:
    """A date of a fact in JSON: the ``text`` the source wrote, its ``edtf``, and its bounds
    (``earliest`` and ``latest``, null when open; a span gives its ``start`` and ``end`` so).
    ``edtf`` is null for a span EDTF has no interval for."""
    if isinstance(value, FuzzySpan):
        try:
            edtf: str | None = value.to_edtf()
        except DateParseError:
            edtf = None
        return {
            "text": value.text,
            "edtf": edtf,
            "start": date_json(value.start),
            "end": date_json(value.end),
        }
    return {
        "text": value.text,
        "edtf": value.to_edtf(),
        "earliest": None if value.earliest is None else value.earliest.isoformat(),
        "latest": None if value.latest is None else value.latest.isoformat(),
    }


@attrs.frozen(kw_only=True)
class OrgState:
    """What replay can say about the organization on ``date``, as recorded up to ``as_of``.

    ``families`` maps each family of facts (those of the library's own kinds, and those of
    your own kinds that the log uses) to its facts that are at least possible; ``facts(name)``
    and the attribute ``state.<name>`` read one family.
    """

    organization: str
    date: FuzzyDate
    as_of: AsOf
    exists: Certainty
    families: Mapping[str, tuple[AnyFact, ...]] = attrs.field(hash=False)

    def facts(self, family: str) -> tuple[Any, ...]:
        """The facts of ``family`` that may hold on the day (``UnknownFamilyError`` if no
        registered kind acts on it)."""
        try:
            return self.families[family]
        except KeyError:
            if family in FAMILIES:
                return ()
            known = ", ".join(FAMILIES)
            raise UnknownFamilyError(
                f"no registered kind acts on a family {family!r} (families: {known})"
            ) from None

    def __getattr__(self, name: str) -> Any:
        if name.startswith("_"):
            raise AttributeError(name)
        families = object.__getattribute__(self, "families")
        if name in families or name in FAMILIES:
            return families.get(name, ())
        raise AttributeError(f"OrgState has no attribute or family {name!r}")

    def certainty(self, family: str, value: str) -> Certainty:
        """How sure is ``value`` (a key, a name, a person) to be a fact of ``family`` on the
        day? For records, ``value`` is the event id."""
        best = Certainty.IMPOSSIBLE
        for fact in self.facts(family):
            if fact.identity == value:
                best = best | fact.certainty
        return best

    def section(self, country: str) -> Certainty:
        """Does ``country``'s section exist on the day?"""
        return self.certainty("sections", country)

    def leader_certainty(self, person: str) -> Certainty:
        """Does ``person`` lead the organization on the day?"""
        return self.certainty("leaders", person)

    def name_certainty(self, name: str) -> Certainty:
        """Is ``name`` one of the organization's names on the day?"""
        return self.certainty("names", name)

    def body_certainty(self, name: str) -> Certainty:
        """Does the governing body carry ``name`` on the day?"""
        return self.certainty("governing_body", name)

    def congress(self, name: str) -> Certainty:
        """Has the congress called ``name`` begun by the day?"""
        sure = [c.certainty for c in self.facts("congresses") if c.name == name]
        return max(sure, key=lambda c: c.rank, default=Certainty.IMPOSSIBLE)

    def to_dict(self) -> dict[str, Any]:
        """The state as plain JSON-ready values: ``organization``, ``date`` (its text and
        bounds, null when open), ``as_of``, ``exists``, then one list per family."""
        result: dict[str, Any] = _JSON.unstructure(self)
        return result

    def _repr_html_(self) -> str:
        """The state as HTML tables (one per family, each fact marked certain or possible,
        disputed facts so marked), for Jupyter notebooks."""
        from mopr_timeline.replay._html import state_html

        return state_html(self)


def _date_json(date: FuzzyDate) -> dict[str, str | None]:
    return {
        "text": str(date),
        "earliest": None if date.earliest is None else date.earliest.isoformat(),
        "latest": None if date.latest is None else date.latest.isoformat(),
    }


def _as_of_json(as_of: AsOf) -> int | str | None:
    return as_of.isoformat() if isinstance(as_of, _dt.datetime) else as_of


def _fact_json(fact: AnyFact) -> dict[str, Any]:
    if isinstance(fact, Fact):
        return _traced({"value": fact.value, "certainty": fact.certainty.value}, fact)
    return fact.to_json()


def _state_json(state: OrgState) -> dict[str, Any]:
    data = _BASE(state)
    for family, facts in state.families.items():
        data[family] = [_fact_json(fact) for fact in facts]
    return data


def _converter() -> Converter:
    conv = Converter()
    conv.register_unstructure_hook(Certainty, lambda c: c.value)
    conv.register_unstructure_hook(OrgState, _state_json)
    return conv


_JSON = _converter()
_BASE = make_dict_unstructure_fn(
    OrgState,
    _JSON,
    date=override(unstruct_hook=_date_json),
    as_of=override(unstruct_hook=_as_of_json),
    families=override(omit=True),
)
