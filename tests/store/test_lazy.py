"""Lazy reads: the glance at a stored event, LazyRecord, and what FileStore still checks."""

from __future__ import annotations

import copy
import datetime as _dt
import json
from pathlib import Path
from typing import Any

import pytest
from event_strategies import events
from hypothesis import given
from store_contract import occurred
from test_codec_stored import spelled_out_glance

from mopr_timeline.events import (
    CongressHeld,
    Event,
    Founded,
    Occurred,
    SectionEstablished,
    UnreadableEvent,
    event_to_dict,
    glance_event,
    peek_event,
)
from mopr_timeline.store import (
    DuplicateEventError,
    FileStore,
    IntegrityError,
    MemoryStore,
    RecordError,
    SQLiteStore,
)
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._jsonl import _parse_any, parse_line
from mopr_timeline.store._lazy import LazyRecord

MOMENT = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


def stored(event: Event) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(encode_event(event))
    return data


# --- peek_event -----------------------------------------------------------------------------


@given(event=events())
def test_the_glance_agrees_with_the_decoded_event(event: Event) -> None:
    glance = spelled_out_glance(event)
    assert glance_event(event) == glance
    assert peek_event(stored(event)) == glance


FOUNDED = Founded(id="f", when="c. 1922", name="MOPR")


def changed(change: dict[str, Any], event: Event = FOUNDED) -> dict[str, Any]:
    data = stored(event)
    for key, value in change.items():
        if value is ...:
            del data[key]
        else:
            data[key] = value
    return data


def when_changed(**change: Any) -> dict[str, Any]:
    data = stored(FOUNDED)
    data["when"].update(change)
    return data


@pytest.mark.parametrize(
    "data",
    [
        [1],
        changed({"type": "Abolished"}),
        changed({"type": 3}),
        changed({"schema": True}),
        changed({"schema": 0}),
        changed({"extra": 1}),
        changed({"name": ...}),
        changed({"id": 7}),
        changed({"country": None}, SectionEstablished(when="1924", country="Germany")),
        changed({"when": "1922"}),
        when_changed(earliest="1922-02-30"),
        when_changed(earliest="Jan 1922"),
        when_changed(latest=1922),
        when_changed(earliest="1925-01-01", latest="1924-12-31"),
        changed(
            {"when": {"start": stored(FOUNDED)["when"]}},
            CongressHeld(when="1924", name="I", location="M"),
        ),
    ],
    ids=[
        "not-a-dict",
        "unknown-type",
        "type-not-text",
        "bool-schema",
        "old-schema",
        "extra-field",
        "missing-field",
        "id-not-text",
        "key-not-text",
        "when-not-a-dict",
        "impossible-day",
        "not-iso",
        "day-not-text",
        "bounds-reversed",
        "span-without-end",
    ],
)
def test_anything_not_plainly_sound_gets_no_glance(data: Any) -> None:
    assert peek_event(data) is None


def test_open_bounds_are_the_ends_of_the_calendar() -> None:
    event = Occurred(when="before 1933", text="t")
    lo, hi = event.when.lo, event.when.hi
    assert lo == _dt.date(1, 1, 1).toordinal()
    assert peek_event(stored(event)) == ("Occurred", event.id, lo, hi, "", ())


# --- LazyRecord -----------------------------------------------------------------------------


def where(place: int, version: int) -> str:
    return f"somewhere:{place} (version {version})"


def test_a_lazy_record_hands_over_the_parsed_dict_once_then_parses_its_text() -> None:
    text = encode_event(FOUNDED)
    handed = {"handed": True}
    record = LazyRecord("mopr", 1, MOMENT, text, 7, where, handed)
    assert record.fields() is handed
    assert record.fields() == json.loads(text)
    assert record.location == "somewhere:7 (version 1)"


def test_a_lazy_record_decodes_once() -> None:
    record = LazyRecord("mopr", 3, MOMENT, encode_event(FOUNDED), 3, where)
    first = record.record()
    assert first.event == FOUNDED
    assert (first.stream, first.version, first.recorded_at) == ("mopr", 3, MOMENT)
    assert record.record() is first


def test_a_lazy_record_that_is_not_json_names_its_place() -> None:
    record = LazyRecord("mopr", 2, MOMENT, "{not json", 9, where)
    with pytest.raises(RecordError) as info:
        record.record()
    assert info.value.location == "somewhere:9 (version 2)"
    assert info.value.field == "event"
    assert "not JSON" in info.value.reason


def test_a_lazy_record_of_a_bad_field_decodes_to_an_unreadable_event_naming_it() -> None:
    text = json.dumps(changed({"name": ""}))
    event = LazyRecord("mopr", 2, MOMENT, text, 9, where).record().event
    assert isinstance(event, UnreadableEvent)
    assert (event.location, event.field, event.type) == (
        "somewhere:9 (version 2)",
        "name",
        "Founded",
    )
    assert "non-empty text" in event.reason
    assert json.loads(event.stored) == json.loads(text)


# --- what the stores still check while reading lazily ---------------------------------------


def test_file_lines_as_written_parse_as_the_general_parse_does(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", [FOUNDED, *occurred(3)])
    for number, raw in enumerate(store.path("mopr").read_bytes().splitlines(), start=1):
        assert parse_line(raw, f"line {number}") == _parse_any(raw, f"line {number}")


def test_a_lazy_file_read_checks_every_hash(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", occurred(3))
    path = store.path("mopr")
    path.write_bytes(path.read_bytes().replace(b"item 1", b"item 9"))
    with pytest.raises(IntegrityError) as info:
        list(FileStore(tmp_path).read_lazy("mopr"))
    assert info.value.location == f"{path}:2"


def test_a_lazy_file_read_checks_the_chain(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", occurred(3))
    path = store.path("mopr")
    first, _, third = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(first + third)
    with pytest.raises(IntegrityError, match="hash chain is broken"):
        list(FileStore(tmp_path).read_lazy("mopr"))


def test_after_a_lazy_read_an_append_still_refuses_a_known_id(tmp_path: Path) -> None:
    FileStore(tmp_path).append("mopr", occurred(3))
    store = FileStore(tmp_path)
    assert len(list(store.read_lazy("mopr"))) == 3
    with pytest.raises(DuplicateEventError):
        store.append("mopr", occurred(1))
    assert store.append("mopr", occurred(1, prefix="new")) == 4
    assert [r.version for r in store.read_lazy("mopr", after=3)] == [4]


def test_a_lazy_sqlite_read_checks_contiguous_versions(tmp_path: Path) -> None:
    import sqlite3

    with SQLiteStore(tmp_path / "e.db") as store:
        store.append("mopr", occurred(3))
    db = sqlite3.connect(tmp_path / "e.db")
    with db:
        db.execute("UPDATE events SET version = 7 WHERE version = 2")
    db.close()
    with SQLiteStore(tmp_path / "e.db") as store, pytest.raises(IntegrityError, match="version 2"):
        list(store.read_lazy("mopr"))


def test_old_schema_records_read_lazily_are_upcast() -> None:
    old = {
        "type": "SectionEstablished",
        "schema": 1,
        "id": "rhd",
        "source": None,
        "when": "Aug. 1925",
        "country": "Germany",
        "group": "Rote Hilfe",
    }
    record = LazyRecord("mopr", 1, MOMENT, json.dumps(old), 1, where)
    assert peek_event(copy.deepcopy(old)) is None
    event = record.record().event
    assert isinstance(event, SectionEstablished)
    assert event.name == "Rote Hilfe"
    assert event_to_dict(event)["schema"] == 2


def test_a_decoded_record_answers_record_with_itself() -> None:
    store = MemoryStore()
    store.append("demo", [Founded(id="founded", when="1922", name="International Red Aid")])
    (record,) = store.read_lazy("demo")
    assert record.record() is record
