"""An event's encoding is the standard library's canonical JSON of its dict, byte for byte.

``encode_event`` no longer asks orjson to sort keys: ``event_to_dict`` writes them in sorted
order at every level. These tests hold that against ``json.dumps(..., sort_keys=True)`` (the
definition stored hashes depend on) for every event type and every nested value.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import attrs
import pytest
from event_strategies import events
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier, parse_date
from mopr_timeline.events import (
    EVENT_TYPES,
    CongressHeld,
    DatedEvent,
    DelegateGroup,
    Event,
    FiguresReported,
    Founded,
    KindError,
    Occurred,
    Retracted,
    SectionEstablished,
    Source,
    UnknownKindError,
    event_from_dict,
    event_kind,
    event_to_dict,
)
from mopr_timeline.store._codec import encode_event


def reference(event: Event) -> str:
    """The canonical text as the standard library spells it."""
    return json.dumps(
        event_to_dict(event), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )


def unsorted_dicts(value: Any, path: str = "") -> list[str]:
    """The paths of every dict within ``value`` whose keys are not in sorted order."""
    found = []
    if isinstance(value, dict):
        if list(value) != sorted(value):
            found.append(path or "<event>")
        for key, item in value.items():
            found += unsorted_dicts(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += unsorted_dicts(item, f"{path}[{index}]")
    return found


EVERY_TYPE = pytest.mark.parametrize(
    "kind", list(EVENT_TYPES.values()), ids=[cls.__name__ for cls in EVENT_TYPES.values()]
)


@EVERY_TYPE
@given(data=st.data())
def test_encoding_is_the_standard_librarys_canonical_json(
    kind: type[Event], data: st.DataObject
) -> None:
    event = data.draw(events(kind))
    assert encode_event(event) == reference(event)


@EVERY_TYPE
@given(data=st.data())
def test_every_dict_of_an_event_has_its_keys_in_sorted_order(
    kind: type[Event], data: st.DataObject
) -> None:
    assert unsorted_dicts(event_to_dict(data.draw(events(kind)))) == []


SOURCE = Source(title="Красная помощь \u2028 «MOPR»", pages="3-4", quotation='"\\n" \x1f 🚩')
NASTY = 'tab\there, quote" backslash\\ nul\x00 del\x7f ünï 中文 \U0001f600 \u2029'
OPEN_BEFORE = parse_date("before 1933")
OPEN_AFTER = parse_date("after 1928")
UNKNOWN = FuzzyDate(earliest=None, latest=None, precision=Precision.UNKNOWN)
ANCIENT = FuzzyDate.exact(_dt.date(7, 3, 9), text="year seven")

RICH = [
    Founded(id="f", when="c. 1922", name=NASTY, aliases=("МОПР", NASTY), source=SOURCE),
    SectionEstablished(id="s", when=OPEN_BEFORE, country="Deutschland", name=None),
    SectionEstablished(id="s2", when=OPEN_AFTER, country=NASTY, name=NASTY, source=SOURCE),
    Occurred(id="o", when=UNKNOWN, text=NASTY, country="Ísland"),
    Occurred(id="o2", when=ANCIENT, text="old"),
    CongressHeld(
        id="c",
        when=FuzzySpan(start=OPEN_BEFORE, end=parse_date("1934"), text="by 1933–1934"),
        name="1st International Conference",
        location="Moscow",
        delegates=2**40,
        delegate_groups=(DelegateGroup(label="CP", count=91), DelegateGroup(label=NASTY, count=0)),
        source=Source(title="t"),
    ),
    CongressHeld(id="c2", when="1924-07-14/1924-07-16", name="n", location="l", delegate_groups=()),
    FiguresReported(
        id="r",
        when=attrs.evolve(OPEN_AFTER, qualifier=Qualifier.UNCERTAIN_APPROXIMATE),
        members=8_900_000,
        note=NASTY,
        excluding=("USSR", "中国"),
    ),
    Retracted(id="x", target="f", reason=NASTY, source=SOURCE),
]


@pytest.mark.parametrize("event", RICH, ids=[e.id for e in RICH])
def test_sources_aliases_groups_unicode_open_bounds_and_spans_encode_canonically(
    event: Event,
) -> None:
    text = encode_event(event)
    assert text == reference(event)
    assert unsorted_dicts(json.loads(text)) == []
    assert event_from_dict(json.loads(text)) == event


def test_the_dict_is_new_every_time() -> None:
    """Changing a returned dict (or its nested dicts) changes nothing written later."""
    event = RICH[0]
    first = event_to_dict(event)
    first["when"]["earliest"] = "0001-01-01"
    first["source"]["title"] = "changed"
    first["aliases"].append("more")
    assert event_to_dict(event) != first
    assert encode_event(event) == json.dumps(
        json.loads(encode_event(event)), sort_keys=True, separators=(",", ":"), ensure_ascii=False
    )
    assert "changed" not in encode_event(event)


def test_an_event_class_may_not_name_a_field_type_or_schema() -> None:
    with pytest.raises(KindError, match="'type', 'schema'"):

        @event_kind(wording="tagged")
        @attrs.frozen(kw_only=True)
        class Tagged(DatedEvent):
            schema: int = 1

    @attrs.frozen(kw_only=True)
    class Undeclared(DatedEvent):
        schema: int = 1

    with pytest.raises(UnknownKindError, match="Undeclared"):
        event_to_dict(Undeclared(id="t", when="1925"))
