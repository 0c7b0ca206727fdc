"""Every field of every kind, given hostile values: none can hold a value that would not read
back (issue 15, items 1, 8 and 9).

Made through the constructor or ``attrs.evolve``, a hostile value is refused when the event is
made, with an ``EventError`` naming the kind and the field (never Python's own message, such
as its digit limit). ``object.__setattr__`` on a frozen event bypasses these checks; every
store runs them again at append (``tests/store/test_hostile_appends.py``).
"""

from __future__ import annotations

import datetime as _dt
import math
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from hostile_values import CASES, LIBRARY_KINDS, SURROGATE, good
from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.events import (
    EVENT_TYPES,
    KINDS,
    MAX_WHOLE_NUMBER,
    DatedEvent,
    DelegateGroup,
    Event,
    EventError,
    FiguresReported,
    KindError,
    Occurred,
    Source,
    event_from_dict,
    event_kind,
    event_to_dict,
    registry_scope,
    value_from_text,
)


def test_the_cases_cover_every_field_of_every_library_kind() -> None:
    covered = {(kind, field) for kind, field, _ in CASES}
    every = {(kind, f.name) for kind in LIBRARY_KINDS for f in KINDS[kind].fields}
    assert covered == every
    assert len(CASES) > 200


@pytest.mark.parametrize(
    ("kind", "field", "value"), CASES, ids=[f"{k}.{f}-{i}" for i, (k, f, _) in enumerate(CASES)]
)
def test_a_hostile_value_is_refused_when_made_and_when_evolved(
    kind: str, field: str, value: Any
) -> None:
    event = good(kind)
    assert event_from_dict(event_to_dict(event)) == event
    for make in (
        lambda: EVENT_TYPES[kind](**(_fields_of(event) | {field: value})),
        lambda: attrs.evolve(event, **{field: value}),
    ):
        with pytest.raises(EventError) as info:
            make()
        assert f"{kind}.{field}:" in str(info.value) or "Source." in str(info.value)
        assert "4300" not in str(info.value)
        assert "int_max_str_digits" not in str(info.value)


def _fields_of(event: Event) -> dict[str, Any]:
    return {f.name: getattr(event, f.name) for f in attrs.fields(type(event)) if f.init}


@pytest.mark.parametrize("value", [SURROGATE, "\ud83d", "x\udc00y"])
def test_a_lone_surrogate_is_refused_in_a_source_and_a_delegate_group(value: str) -> None:
    with pytest.raises(EventError, match=r"Source\.title: the text holds a lone surrogate"):
        Source(title=value)
    with pytest.raises(EventError, match=r"Source\.quotation"):
        Source(title="t", quotation=value)
    with pytest.raises(EventError, match=r"DelegateGroup\.label"):
        DelegateGroup(label=value, count=1)


@pytest.mark.parametrize(
    "count",
    [-1, MAX_WHOLE_NUMBER + 1, 10**5000, True, 1.0, "1"],
    ids=["negative", "above", "5001-digits", "bool", "float", "text"],
)
def test_a_delegate_group_counts_like_every_count(count: Any) -> None:
    with pytest.raises(EventError, match=r"DelegateGroup\.count: expected a whole number"):
        DelegateGroup(label="CP", count=count)


def test_the_largest_count_is_accepted_and_reads_back() -> None:
    event = FiguresReported(id="r", when="1925", members=MAX_WHOLE_NUMBER, sections=0)
    assert event_from_dict(event_to_dict(event)) == event


@pytest.mark.parametrize("identifier", ["a\ud800", "a\x00b"])
def test_an_id_every_store_cannot_keep_is_refused(identifier: str) -> None:
    with pytest.raises(EventError, match=r"Occurred\.id: the id holds"):
        Occurred(id=identifier, when="1925", text="t")


def test_a_nul_character_in_a_text_is_kept() -> None:
    """PostgreSQL keeps such a key as null and peeks at the JSON: a text may hold U+0000."""
    event = Occurred(id="o", when="1925", text="a\x00b", country="Ger\x00many")
    assert event_from_dict(event_to_dict(event)) == event


@pytest.mark.parametrize(
    ("date", "reason"),
    [
        (FuzzyDate(earliest=None, latest=None, text=123), "the date's text must be text"),  # type: ignore[arg-type]
        (FuzzyDate(earliest=None, latest=None, text=SURROGATE), "lone surrogate"),
        (FuzzyDate(earliest=None, latest=None, precision="year"), "precision"),  # type: ignore[arg-type]
        (FuzzyDate(earliest=None, latest=None, qualifier=None), "qualifier"),  # type: ignore[arg-type]
    ],
)
def test_a_date_made_by_hand_must_be_storable(date: FuzzyDate, reason: str) -> None:
    with pytest.raises(EventError, match=rf"Occurred\.when: .*{reason}"):
        Occurred(id="o", when=date, text="t")
    span = FuzzySpan(start=date, end=date, text="t")
    with pytest.raises(EventError, match=rf"CongressHeld\.when: .*{reason}"):
        EVENT_TYPES["CongressHeld"](id="c", when=span, name="n", location="l")
    with pytest.raises(EventError, match=r"CongressHeld\.when: the span's text"):
        EVENT_TYPES["CongressHeld"](
            id="c",
            when=FuzzySpan(start=FuzzyDate.exact(_dt.date(1924, 1, 1)), end=date, text=5),  # type: ignore[arg-type]
            name="n",
            location="l",
        )


def test_dates_made_by_hand_that_are_sound_are_kept() -> None:
    date = FuzzyDate(
        earliest=_dt.date(1925, 1, 1),
        latest=_dt.date(1925, 12, 31),
        text="c. 1925",
        precision=Precision.YEAR,
        qualifier=Qualifier.APPROXIMATE,
    )
    event = Occurred(id="o", when=date, text="t")
    assert event_from_dict(event_to_dict(event)) == event


# --- kinds of your own: the same rules through the type validators --------------------------


@attrs.frozen(kw_only=True)
class Tonnage:
    """A record a kind of your own holds: its texts may be blank, its numbers must be storable."""

    cargo: str
    tons: int


def test_a_kind_of_your_own_gets_the_same_rules_for_every_field() -> None:
    with registry_scope():

        @event_kind(wording="{ship} sailed")
        @attrs.frozen(kw_only=True)
        class Sailed(DatedEvent):
            ship: str
            crew: int | None = None
            ports: tuple[str, ...] = ()
            cargo: tuple[Tonnage, ...] = ()
            checked: str = attrs.field(default="x", validator=attrs.validators.instance_of(str))
            delta: int = 0

        ok = Sailed(id="s", when="1925", ship="Kursk", delta=-MAX_WHOLE_NUMBER)
        assert event_from_dict(event_to_dict(ok)) == ok
        blank_inside = Sailed(id="s", when="1925", ship="K", cargo=(Tonnage(cargo="", tons=1),))
        assert event_from_dict(event_to_dict(blank_inside)) == blank_inside
        refused = {
            "ship": [SURROGATE, "", 5],
            "crew": [MAX_WHOLE_NUMBER + 1, 10**5000, math.nan, True],
            "ports": [(SURROGATE,), ("",)],
            "cargo": [(Tonnage(cargo=SURROGATE, tons=1),), (Tonnage(cargo="c", tons=2**60),)],
            "checked": [SURROGATE],
            "delta": [-(MAX_WHOLE_NUMBER + 1), 2**64],
        }
        for field, values in refused.items():
            for value in values:
                with pytest.raises(EventError, match=rf"Sailed\.{field}:") as info:
                    Sailed(**({"id": "s", "when": "1925", "ship": "Kursk"} | {field: value}))
                assert "4300" not in str(info.value)
        with pytest.raises(EventError, match=r"Sailed\.cargo: item 0: Tonnage\.tons: expected"):
            Sailed(id="s", when="1925", ship="K", cargo=(Tonnage(cargo="c", tons=2**60),))


@pytest.mark.parametrize("name", ["UnreadableEvent", "UnregisteredEvent", "UnreadEvent"])
def test_the_names_of_unread_records_cannot_be_declared(name: str) -> None:
    with registry_scope(), pytest.raises(KindError, match="records it cannot read"):

        @event_kind(wording="x", name=name)
        @attrs.frozen(kw_only=True)
        class Clash(DatedEvent):
            pass


# --- whole numbers typed as text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1278274", 1278274),
        ("1,278,274", 1278274),
        (" 12 ", 12),
        ("-5", -5),
        ("0", 0),
        ("999", 999),
        ("9,007,199,254,740,991", MAX_WHOLE_NUMBER),
    ],
)
def test_whole_numbers_as_text(text: str, number: int) -> None:
    assert value_from_text(int, text) == number


@pytest.mark.parametrize(
    "text",
    [
        "٣",  # ARABIC-INDIC DIGIT THREE
        "１２",  # FULLWIDTH DIGITS
        "²",
        "1_000",
        "1_0,0",
        "12,78",
        "1,2345",
        ",123",
        "123,",
        "1,,000",
        "1 000",
        "1.000",
        "+5",
        "0x10",
        "1e3",
        "",
        "--1",
        "9,007,199,254,740,992",
        "9" * 5001,
    ],
)
def test_whole_numbers_in_other_forms_are_refused_with_our_message(text: str) -> None:
    with pytest.raises(ValueError, match="expected a whole number") as info:
        value_from_text(int, text)
    assert "4300" not in str(info.value)


def test_a_huge_number_of_delegates_is_refused_by_count_not_by_python() -> None:
    with pytest.raises(ValueError, match="a number of 5,001 digits"):
        DelegateGroup.from_text("9" * 5001 + " CP")
    with pytest.raises(ValueError, match="expected a count and a label"):
        DelegateGroup.from_text("٣ CP")


@given(st.integers(-MAX_WHOLE_NUMBER, MAX_WHOLE_NUMBER))
def test_every_whole_number_reads_back_from_both_spellings(number: int) -> None:
    assert value_from_text(int, str(number)) == number
    assert value_from_text(int, f"{number:,}") == number
