"""Declaring kinds: a wrong declaration fails when the class is declared, naming what is wrong;
a right one is derived everywhere (registry, families, wording, state, JSON, chronology,
stored glance), with no other file touched."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
import pytest
from hypothesis import given

import mopr_timeline as mt
import wir_kinds  # noqa: F401  (declares PeriodicalFounded, whose name is then taken)
from mopr_timeline.events import (
    KINDS,
    Day,
    KindError,
    Shape,
    UnknownKindError,
    glance_event,
    spec_of,
)
from mopr_timeline.events import kind_of as kind_named
from mopr_timeline.strategies import events

# --- a kind of this test module, declared once, used below ----------------------------------


@mt.event_kind(
    effects=[mt.Opens("memberships", key="member", shows=("section",), since="joined")],
    wording="{member} joined",
)
@attrs.frozen(kw_only=True)
class MemberJoined(mt.DatedEvent):
    """A member joined the organization (a kind declared in a test module)."""

    member: str
    section: str | None = None
    dues: int | None = None


@mt.event_kind(effects=[mt.Closes("memberships", key="member")], wording="{member} left")
@attrs.frozen(kw_only=True)
class MemberLeft(mt.DatedEvent):
    member: str


def test_a_declared_kind_is_registered_with_everything_derived() -> None:
    spec = KINDS["MemberJoined"]
    assert spec.cls is MemberJoined
    assert MemberJoined.kind == "MemberJoined"
    assert (spec.day, spec.key, spec.builtin) == (Day.DAY, "member", False)
    assert [(f.name, f.required) for f in spec.fields] == [
        ("id", False), ("source", False), ("contradicts", False), ("relations", False),
            ("when", True),
        ("member", True), ("section", False), ("dues", False),
    ]  # fmt: skip
    family = mt.FAMILIES["memberships"]
    assert (family.shape, family.label, family.of_organization) == (
        Shape.KEYED,
        "member",
        True,
    )
    event = MemberJoined(id="m", when="1926", member="Anna Seghers", section="Germany")
    assert spec.describe(event) == "Anna Seghers joined"
    assert glance_event(event)[:5] == (
        "MemberJoined",
        "m",
        event.when.lo,
        event.when.hi,
        "Anna Seghers",
    )
    assert spec_of(event) is spec is kind_named("MemberJoined")


def test_its_facts_json_and_chronology_follow_the_declaration() -> None:
    timeline = mt.Timeline(mt.MemoryStore(), "wir")
    timeline.append(
        [
            mt.Founded(id="f", when="1921", name="Workers International Relief"),
            MemberJoined(id="m1", when="1926", member="Anna Seghers", section="Germany"),
            MemberJoined(id="m2", when="1926-05", member="Käthe Kollwitz"),
            MemberLeft(id="l2", when="1930", member="Käthe Kollwitz"),
            mt.Dissolved(id="d", when="1935"),
        ]
    )
    state = timeline.state_at("1927")
    assert [(f.key, f.certainty.value) for f in state.memberships] == [
        ("Anna Seghers", "certain"),
        ("Käthe Kollwitz", "certain"),
    ]
    assert state.memberships[0].joined == state.memberships[0].event.when
    assert state.memberships[0].section == "Germany"
    assert state.certainty("memberships", "Anna Seghers") is mt.Certainty.CERTAIN
    assert state.to_dict()["memberships"][0] == {
        "member": "Anna Seghers",
        "section": "Germany",
        "certainty": "certain",
        "joined": {
            "text": "1926",
            "edtf": "1926",
            "earliest": "1926-01-01",
            "latest": "1926-12-31",
        },
        "disputed": False,
        "events": ["m1"],
    }
    assert timeline.state_at("1931").certainty("memberships", "Käthe Kollwitz").value == (
        "impossible"
    )
    assert timeline.state_at("1936").memberships == ()  # ended with the organization
    assert [e.text for e in timeline.chronology(kinds=["MemberLeft"])] == [
        "In 1930, Käthe Kollwitz left."
    ]


@given(events(MemberJoined))
def test_the_public_strategies_draw_it_and_it_round_trips(event: mt.Event) -> None:
    assert mt.event_from_dict(mt.event_to_dict(event)) == event


def test_a_field_without_a_validator_is_checked_by_its_type() -> None:
    with pytest.raises(mt.EventError, match=r"MemberJoined\.dues: expected a whole number"):
        MemberJoined(when="1926", member="x", dues="12")  # type: ignore[arg-type]
    with pytest.raises(mt.EventError, match=r"MemberJoined\.member: expected non-empty text"):
        MemberJoined(when="1926", member=" ")


def test_a_kind_declared_again_by_the_same_class_path_replaces_the_first() -> None:
    """What happens when a module is reloaded (or a docs page run twice): the class of the same
    module and qualified name takes its name over; another class may not."""

    def declare(wording: str) -> type[mt.Event]:
        @mt.event_kind(effects=[mt.Succeeds("treasurers", value="person")], wording=wording)
        @attrs.frozen(kw_only=True)
        class TreasurerNamed(mt.DatedEvent):
            person: str

        return TreasurerNamed

    first = declare("{person} became treasurer")
    second = declare("{person} was named treasurer")
    assert KINDS["TreasurerNamed"].cls is second is not first
    assert KINDS["TreasurerNamed"].describe(second(when="1925", person="X")) == (
        "X was named treasurer"
    )
    with pytest.raises(UnknownKindError):
        spec_of(first)
    before = KINDS["PeriodicalFounded"]
    with pytest.raises(KindError, match=r"already declared by wir_kinds\.PeriodicalFounded"):

        @mt.event_kind(wording="another")
        @attrs.frozen(kw_only=True)
        class PeriodicalFounded(mt.DatedEvent):  # a second class under a taken name
            title: str

    assert KINDS["PeriodicalFounded"] is before


# --- declarations that fail when the class is declared --------------------------------------


def declared(*, effects: Any = (), wording: Any = "w", **kw: Any) -> Any:
    """A decorator declaring a test kind, for the refusal cases below."""
    return mt.event_kind(effects=effects, wording=wording, **kw)


def test_a_class_without_attrs_is_refused() -> None:
    with pytest.raises(KindError, match=r"put @attrs.frozen\(kw_only=True\) on the class"):

        @declared()
        class Bare(mt.DatedEvent):
            pass


def test_a_positional_class_is_refused() -> None:
    """(A subclass of an event is frozen whatever its decorator says: attrs keeps the base's
    frozen ``__setattr__``.)"""
    with pytest.raises(KindError, match="keyword-only"):

        @declared()
        @attrs.frozen
        class Positional(mt.DatedEvent):
            title: str = ""


def test_a_class_neither_dated_nor_a_span_is_refused() -> None:
    with pytest.raises(KindError, match=r"derive it from mopr_timeline\.DatedEvent"):

        @declared()
        @attrs.frozen(kw_only=True)
        class Timeless(mt.Event):
            pass


@pytest.mark.parametrize(
    ("annotation", "problem"),
    [
        (list[str], "cannot be stored"),
        (dict[str, int], "cannot be stored"),
        (float, "cannot be stored"),
        (_dt.date, "cannot be stored"),
        (tuple[str | None, ...], "tuple items must be of one plain type"),
    ],
)
def test_a_field_of_a_type_that_cannot_be_stored_is_refused(annotation: Any, problem: str) -> None:
    odd = attrs.make_class(
        "Odd",
        {"value": attrs.field(default=None, type=annotation, kw_only=True)},
        bases=(mt.DatedEvent,),
        frozen=True,
        kw_only=True,
    )
    with pytest.raises(KindError, match=f"field 'value': .*{problem}"):
        declared()(odd)


@pytest.mark.parametrize("name", ["type", "schema", "_hidden"])
def test_reserved_field_names_are_refused(name: str) -> None:
    reserved = attrs.make_class(
        "Reserved",
        {name: attrs.field(default=1, kw_only=True)},
        bases=(mt.DatedEvent,),
        frozen=True,
        kw_only=True,
    )
    with pytest.raises(KindError, match="reserved"):
        declared()(reserved)


@pytest.mark.parametrize(
    ("effects", "problem"),
    [
        ([mt.Opens("things", key="missing")], "names the field 'missing'"),
        ([mt.Opens("things", key="count")], "must be required text"),
        ([mt.Opens("things", key="note")], "must be required text"),
        ([mt.Succeeds("things", value="count")], "must be required text"),
        ([mt.Accumulates("things", values=("count",))], "must be text or a tuple of texts"),
        ([mt.Opens("things", key="title"), mt.Vacates("others", value="title")], "at most one"),
        ([mt.Founds(), mt.Dissolves()], "not both"),
        ([mt.Begins("things"), mt.Reports("things")], "once per kind"),
        ([mt.Opens("date", key="title")], "reserved"),
        ([mt.Opens("not a name", key="title")], "identifier"),
        ([mt.Opens("leaders", key="title")], "family 'leaders' is slot"),
        ([mt.Closes("never_opened", key="title")], "no kind opens it"),
        (["Opens"], "unknown effect"),
        ([mt.Reports("things", counts={"title": "sections"})], "must be a whole number"),
        ([mt.Opens("things", key="title", since="title")], "since= names the date"),
    ],
)
def test_effects_that_do_not_fit_the_fields_are_refused(effects: Any, problem: str) -> None:
    with pytest.raises(KindError, match=problem):

        @declared(effects=effects)
        @attrs.frozen(kw_only=True)
        class Acting(mt.DatedEvent):
            title: str
            count: int = 0
            note: str | None = None

    assert "Acting" not in KINDS


def test_families_must_agree_on_ending_with_the_organization() -> None:
    with pytest.raises(KindError, match="disagree on whether family 'memberships'"):

        @declared(effects=[mt.Opens("memberships", key="member", of_organization=False)])
        @attrs.frozen(kw_only=True)
        class MemberReinstated(mt.DatedEvent):
            member: str


@pytest.mark.parametrize(
    ("kw", "problem"),
    [
        ({"wording": "{nobody} came"}, "names 'nobody'"),
        ({"wording": "{broken"}, "wording"),
        ({"wording": 3}, "format string or a function"),
        ({"schema": 2}, "needs an upcaster for each of the versions 1 to 1"),
        ({"schema": 0}, "version number"),
        ({"name": "not an identifier"}, "identifier"),
        ({"name": "Founded"}, "already declared by mopr_timeline.events._model.Founded"),
    ],
)
def test_wording_schema_and_name_are_checked(kw: dict[str, Any], problem: str) -> None:
    with pytest.raises(KindError, match=problem):

        @declared(**kw)
        @attrs.frozen(kw_only=True)
        class Worded(mt.DatedEvent):
            title: str = "t"


def test_an_undeclared_class_is_no_kind() -> None:
    @attrs.frozen(kw_only=True)
    class Loose(mt.DatedEvent):
        pass

    with pytest.raises(UnknownKindError, match="Loose is not a registered event kind"):
        spec_of(Loose(when="1925"))
    with pytest.raises(UnknownKindError, match="unknown event kind 'Loose'; registered kinds"):
        kind_named("Loose")
