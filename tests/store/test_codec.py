"""Serialized events round trip exactly, and FileStore lines are the canonical JSON they claim."""

from __future__ import annotations

import json

from event_strategies import events
from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.events import Event, event_from_dict, event_to_dict
from mopr_timeline.store._codec import canonical_json, encode_event
from mopr_timeline.store._jsonl import encode_line, parse_line


@given(events())
def test_every_event_round_trips_through_json(event: Event) -> None:
    assert event_from_dict(json.loads(json.dumps(event_to_dict(event)))) == event


@given(events())
def test_encoding_is_canonical_and_stable(event: Event) -> None:
    text = encode_event(event)
    assert text == canonical_json(json.loads(text))
    assert encode_event(event_from_dict(json.loads(text))) == text


@given(events(), st.integers(1, 10**9), st.text("0123456789abcdef", min_size=64, max_size=64))
def test_a_line_is_the_canonical_record_and_parses_back(
    event: Event, version: int, prev: str
) -> None:
    stamp = "2026-11-28T03:00:00.000001+00:00"
    line, digest = encode_line(version, stamp, encode_event(event), prev)
    record = json.loads(line)
    assert line == canonical_json(record) + "\n"
    parsed = parse_line(line[:-1].encode(), "x:1")
    assert (parsed.version, parsed.prev, parsed.hash) == (version, prev, digest)
    assert event_from_dict(parsed.event) == event
