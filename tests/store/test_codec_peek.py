"""``peek_event`` on stored dicts: it agrees with the decoded event's glance, or says None.

The contract: None unless the dict is of the current schema with exactly its type's fields,
a text id and key, and sound days; otherwise exactly ``glance_event`` of the event it decodes
to. Stored dicts come as a store hands them out: parsed from the canonical text, and also with
their keys in another order (PostgreSQL's jsonb reorders them).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from typing import Any

import pytest
from event_strategies import events
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.events import (
    EVENT_TYPES,
    KINDS,
    Day,
    Event,
    event_from_dict,
    glance_event,
    peek_event,
)
from mopr_timeline.store._codec import encode_event, loads

EVERY_TYPE = pytest.mark.parametrize(
    "kind", list(EVENT_TYPES.values()), ids=[cls.__name__ for cls in EVENT_TYPES.values()]
)


def stored(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = loads(encode_event(event))
    return data


def reversed_keys(value: Any) -> Any:
    """The same JSON value with every object's keys in reverse order."""
    if isinstance(value, dict):
        return {key: reversed_keys(value[key]) for key in reversed(value)}
    if isinstance(value, list):
        return [reversed_keys(item) for item in value]
    return value


@EVERY_TYPE
@given(data=st.data())
def test_the_peek_is_the_glance_of_the_decoded_event(
    kind: type[Event], data: st.DataObject
) -> None:
    record = stored(data.draw(events(kind)))
    expected = glance_event(event_from_dict(copy.deepcopy(record)))
    assert peek_event(record) == expected
    assert peek_event(reversed_keys(record)) == expected


def day_dicts(record: dict[str, Any]) -> list[dict[str, Any]]:
    """The stored date the glance reads (a span event's start), if the kind has one."""
    day = KINDS[record["type"]].day
    if day is Day.NONE:
        return []
    when = record["when"]
    return [when["start"]] if day is Day.SPAN else [when]


Damage = Callable[[dict[str, Any], st.DataObject], bool]
"""Damages a stored record in place; False when the record offers nothing to damage."""


def drop_a_field(record: dict[str, Any], data: st.DataObject) -> bool:
    name = data.draw(st.sampled_from(sorted(record)))
    if name == "contradicts":  # written only when set: a record without it is whole
        return False
    del record[name]
    return True


def add_a_field(record: dict[str, Any], data: st.DataObject) -> bool:
    record[data.draw(st.text(min_size=1).filter(lambda k: k not in record))] = None
    return True


def rename_a_field(record: dict[str, Any], data: st.DataObject) -> bool:
    old = data.draw(st.sampled_from(sorted(record)))
    new = data.draw(st.text(min_size=1).filter(lambda k: k not in record))
    record[new] = record.pop(old)
    return True


def bad_type(record: dict[str, Any], data: st.DataObject) -> bool:
    record["type"] = data.draw(
        st.sampled_from([None, 3, ["Founded"], "Event", "founded", "Abolished"])
    )
    return True


def bad_schema(record: dict[str, Any], data: st.DataObject) -> bool:
    current = record["schema"]
    record["schema"] = data.draw(
        st.sampled_from([None, True, str(current), float(current), current - 1, current + 1])
    )
    return True


def id_not_text(record: dict[str, Any], data: st.DataObject) -> bool:
    record["id"] = data.draw(st.sampled_from([None, 7, ["x"], {"id": "x"}]))
    return True


def key_not_text(record: dict[str, Any], data: st.DataObject) -> bool:
    field = KINDS[record["type"]].key
    if field is None:
        return False
    record[field] = data.draw(st.sampled_from([None, 7, ["x"]]))
    return True


def when_not_a_date(record: dict[str, Any], data: st.DataObject) -> bool:
    if KINDS[record["type"]].day is Day.NONE:
        return False
    record["when"] = data.draw(st.sampled_from([None, "1924", 1924, [], {}]))
    return True


def span_without_a_part(record: dict[str, Any], data: st.DataObject) -> bool:
    if KINDS[record["type"]].day is not Day.SPAN:
        return False
    del record["when"][data.draw(st.sampled_from(["start", "end", "text"]))]
    return True


def bad_bound(record: dict[str, Any], data: st.DataObject) -> bool:
    days = day_dicts(record)
    if not days:
        return False
    bound = data.draw(st.sampled_from(["earliest", "latest"]))
    days[0][bound] = data.draw(
        st.sampled_from(["1924-02-30", "1924-1-1", "July 1924", "10000-01-01", 1924, [], ""])
    )
    return True


def missing_bound(record: dict[str, Any], data: st.DataObject) -> bool:
    days = day_dicts(record)
    if not days:
        return False
    del days[0][data.draw(st.sampled_from(["earliest", "latest"]))]
    return True


def reversed_bounds(record: dict[str, Any], _: st.DataObject) -> bool:
    days = day_dicts(record)
    if not days:
        return False
    days[0]["earliest"], days[0]["latest"] = "1925-01-01", "1924-12-31"
    return True


DAMAGES: list[Damage] = [
    drop_a_field,
    add_a_field,
    rename_a_field,
    bad_type,
    bad_schema,
    id_not_text,
    key_not_text,
    when_not_a_date,
    span_without_a_part,
    bad_bound,
    missing_bound,
    reversed_bounds,
]


@EVERY_TYPE
@given(data=st.data())
def test_a_damaged_record_gets_no_peek(kind: type[Event], data: st.DataObject) -> None:
    """Twice: refusing a record once must not make it (or its key order) pass later."""
    record = stored(data.draw(events(kind)))
    damage = data.draw(st.sampled_from(DAMAGES), label="damage")
    if not damage(record, data):
        return
    for form in (record, reversed_keys(record)):
        assert peek_event(form) is None
        assert peek_event(form) is None


@pytest.mark.parametrize("value", [None, [], "{}", 3, json.dumps({"type": "Founded"})])
def test_what_is_not_a_dict_gets_no_peek(value: Any) -> None:
    assert peek_event(value) is None
