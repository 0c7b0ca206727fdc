"""``encode_stored`` and ``glance_event``: functions generated per event class give exactly the
canonical text of ``encode_event`` and the glance as the kind's declaration defines it."""

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
    KINDS,
    Closes,
    DatedEvent,
    Event,
    Founded,
    Glance,
    LeaderLeft,
    Opens,
    Retracted,
    SpanEvent,
    UnknownKindError,
    Vacates,
    _serial,
    event_from_dict,
    glance_event,
)
from mopr_timeline.store import _codec
from mopr_timeline.store._base import StoreError
from mopr_timeline.store._codec import encode_event, encode_stored


def key_field(event: Event) -> str | None:
    """The field a kind is indexed by, spelled out from its effects: the key of what it opens
    or closes, the value it vacates, the event a retraction withdraws."""
    if isinstance(event, Retracted):
        return "target"
    for effect in KINDS[event.kind].effects:
        if isinstance(effect, Opens | Closes):
            return effect.key
        if isinstance(effect, Vacates):
            return effect.value
    return None


def spelled_out_glance(event: Event) -> Glance:
    """The glance spelled out from its definition, type test by type test."""
    field = key_field(event)
    key = "" if field is None else getattr(event, field)
    if isinstance(event, SpanEvent):
        start = event.when.start
    elif isinstance(event, DatedEvent):
        start = event.when
    else:
        return Glance(event.kind, event.id, 0, 0, key, event.contradicts)
    return Glance(event.kind, event.id, start.lo, start.hi, key, event.contradicts)


@EVERY_TYPE
@given(data=st.data())
def test_the_stored_text_and_glance_are_encode_event_and_the_glance(
    kind: type[Event], data: st.DataObject
) -> None:
    event = data.draw(events(kind))
    # An event naming the claims it contradicts is stored with glance version 0: no column
    # holds its links, so stores read it from its text.
    version = 0 if event.contradicts else KINDS[event.kind].glance_version
    assert encode_stored([event]) == [(reference(event), *spelled_out_glance(event)[:5], version)]
    assert glance_event(event) == spelled_out_glance(event)


def test_a_batch_of_every_kind_met_for_the_first_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_codec, "_stored_hooks", {})
    monkeypatch.setattr(_serial, "_glance_hooks", {})
    stored = encode_stored(RICH)
    assert [text for text, *_ in stored] == [encode_event(event) for event in RICH]
    assert [tuple(item[1:6]) for item in stored] == [spelled_out_glance(e)[:5] for e in RICH]
    assert [glance_event(event) for event in RICH] == [spelled_out_glance(e) for e in RICH]
    assert set(_codec._stored_hooks) == {type(event) for event in RICH}
    assert encode_stored([]) == []


@attrs.frozen(kw_only=True)
class Demoted(LeaderLeft):
    """A subclass of a registered kind, not declared itself: a kind of its own, unregistered."""

    note: str = "demoted"


@attrs.frozen(kw_only=True)
class Unrelated(Event):
    """An event type outside the vocabulary, with no day."""

    kind: ClassVar[str] = "Unrelated"


def test_an_undeclared_subclass_is_neither_encoded_nor_glanced() -> None:
    event = Demoted(id="d", when="1933", person="Ernst Thälmann")
    with pytest.raises(UnknownKindError, match="Demoted is not a registered event kind"):
        encode_stored([event])
    with pytest.raises(UnknownKindError, match="Demoted"):
        glance_event(event)
    assert glance_event(Founded(id="f", when="1922", name="MOPR"))[0] == "Founded"


def test_an_undeclared_event_class_is_refused() -> None:
    with pytest.raises(UnknownKindError, match="Unrelated"):
        glance_event(Unrelated(id="u"))


def test_stored_texts_read_back() -> None:
    for stored, event in zip(encode_stored(RICH), RICH, strict=True):
        assert event_from_dict(json.loads(stored.text)) == event


def test_an_event_altered_after_its_checks_is_named_not_a_type_error() -> None:
    altered = Founded(id="altered", when="1922", name="MOPR")
    object.__setattr__(altered, "name", object())
    batch = [Founded(id="fine", when="1922", name="MOPR"), altered]
    with pytest.raises(StoreError, match="event 'altered' \\(Founded\\) cannot be written as JSON"):
        encode_stored(batch)
