"""``encode_stored`` and ``glance_event``: functions generated per event class give exactly the
canonical text of ``encode_event`` and the glance as DESIGN's indexing reads it."""

from __future__ import annotations

import json
from typing import ClassVar

import attrs
import pytest
from event_strategies import events
from hypothesis import given
from hypothesis import strategies as st
from test_codec_canonical import EVERY_TYPE, RICH, reference

from mopr_timeline.events import (
    CongressHeld,
    DatedEvent,
    Event,
    Founded,
    LeaderLeft,
    Retracted,
    SectionDissolved,
    SectionEstablished,
    _serial,
    event_from_dict,
)
from mopr_timeline.events._serial import Glance, glance_event
from mopr_timeline.store import _codec
from mopr_timeline.store._base import StoreError
from mopr_timeline.store._codec import encode_event, encode_stored


def spelled_out_glance(event: Event) -> Glance:
    """The glance spelled out from its definition, type test by type test."""
    if isinstance(event, LeaderLeft):
        key = event.person
    elif isinstance(event, SectionEstablished | SectionDissolved):
        key = event.country
    elif isinstance(event, Retracted):
        key = event.target
    else:
        key = ""
    if isinstance(event, Retracted):
        return event.kind, event.id, 0, 0, key
    start = event.when.start if isinstance(event, CongressHeld) else event.when
    assert isinstance(event, CongressHeld | DatedEvent)
    return event.kind, event.id, start.lo, start.hi, key


@EVERY_TYPE
@given(data=st.data())
def test_the_stored_text_and_glance_are_encode_event_and_the_glance(
    kind: type[Event], data: st.DataObject
) -> None:
    event = data.draw(events(kind))
    assert encode_stored([event]) == [(reference(event), *spelled_out_glance(event))]
    assert glance_event(event) == spelled_out_glance(event)


def test_a_batch_of_every_kind_met_for_the_first_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_codec, "_stored_hooks", {})
    monkeypatch.setattr(_serial, "_glance_hooks", {})
    stored = encode_stored(RICH)
    assert [text for text, *_ in stored] == [encode_event(event) for event in RICH]
    assert [tuple(glance) for _, *glance in stored] == [spelled_out_glance(e) for e in RICH]
    assert [glance_event(event) for event in RICH] == [spelled_out_glance(e) for e in RICH]
    assert set(_codec._stored_hooks) == {type(event) for event in RICH}
    assert encode_stored([]) == []


@attrs.frozen(kw_only=True)
class Demoted(LeaderLeft):
    """A subclass keeps its parent's kind and key but has its own generated functions."""

    note: str = "demoted"


@attrs.frozen(kw_only=True)
class Unrelated(Event):
    """An event type outside the vocabulary, with no day."""

    kind: ClassVar[str] = "Unrelated"


def test_a_subclass_gets_functions_of_its_own() -> None:
    event = Demoted(id="d", when="1933", person="Ernst Thälmann")
    ((text, *glance),) = encode_stored([event])
    assert tuple(glance) == glance_event(event) == spelled_out_glance(event)
    assert json.loads(text)["note"] == "demoted"
    assert json.loads(text)["type"] == "LeaderLeft"
    assert glance_event(Founded(id="f", when="1922", name="MOPR"))[0] == "Founded"


def test_an_event_without_a_day_has_no_glance() -> None:
    with pytest.raises(AttributeError, match="when"):
        glance_event(Unrelated(id="u"))


def test_stored_texts_read_back() -> None:
    for (text, *_), event in zip(encode_stored(RICH), RICH, strict=True):
        assert event_from_dict(json.loads(text)) == event


def test_an_event_altered_after_its_checks_is_named_not_a_type_error() -> None:
    altered = Founded(id="altered", when="1922", name="MOPR")
    object.__setattr__(altered, "name", object())
    batch = [Founded(id="fine", when="1922", name="MOPR"), altered]
    with pytest.raises(StoreError, match="event 'altered' \\(Founded\\) cannot be written as JSON"):
        encode_stored(batch)
