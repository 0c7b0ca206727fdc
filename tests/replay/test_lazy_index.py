"""Indexing from undecoded records: the same index and answers, events decoded only on need."""

from __future__ import annotations

import contextlib
import datetime as _dt
import gc
import json
import sqlite3
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from replay_strategies import long_logs

from mopr_timeline import (
    Certainty,
    Event,
    FileStore,
    Founded,
    LeaderAppointed,
    MemoryStore,
    RecordedEvent,
    RecordError,
    Retracted,
    SectionEstablished,
    SQLiteStore,
    Store,
    Timeline,
    UnreadableEvent,
    UnreadableRecordWarning,
)
from mopr_timeline.replay._index import ReplayIndex
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._lazy import LazyRecord

MOMENT = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


def lazy(events: list[Event]) -> list[LazyRecord]:
    return [
        LazyRecord("mopr", v, MOMENT, encode_event(e), v, lambda p, _: f"row {p}")
        for v, e in enumerate(events, start=1)
    ]


def recorded(events: list[Event]) -> list[RecordedEvent]:
    return [
        RecordedEvent(stream="mopr", version=v, recorded_at=MOMENT, event=e)
        for v, e in enumerate(events, start=1)
    ]


@given(events=long_logs())
def test_an_index_of_undecoded_records_equals_one_of_events(events: list[Event]) -> None:
    from_events, from_rows = ReplayIndex("mopr"), ReplayIndex("mopr")
    from_events.add_all(recorded(events))
    from_rows.add_all(lazy(events))
    assert from_rows.snapshot() == from_events.snapshot()
    for day in ("1924-01-01", "1924-01-20", "1924-02-15", "1924-03-10"):
        date = Timeline(MemoryStore()).state_at(day).date
        assert from_rows.state(date, None) == from_events.state(date, None)
    assert from_rows.records(len(events)) == recorded(events)


def test_only_the_events_an_answer_needs_are_decoded() -> None:
    events: list[Event] = [
        Founded(id="f", when="1922", name="MOPR"),
        LeaderAppointed(id="l", when="1922", person="Julian Marchlewski"),
        *(SectionEstablished(id=f"s{i}", when="1950", country=f"C{i}") for i in range(5)),
    ]
    index = ReplayIndex("mopr")
    index.add_all(lazy(events))
    index.state(Timeline(MemoryStore()).state_at("1930").date, None)
    decoded = [type(entry) is RecordedEvent for entry in index.entries]
    assert decoded == [True, True] + [False] * 5


def fill(store: Store, events: list[Event]) -> Store:
    store.append("mopr", events)
    return store


LOG: list[Event] = [
    Founded(id="f", when="1922", name="International Red Aid"),
    LeaderAppointed(id="l", when="1922", person="Julian Marchlewski"),
    SectionEstablished(id="g", when="1924-10", country="Germany", name="RHD"),
    SectionEstablished(id="x", when="1925", country="France"),
    Retracted(id="r", target="x", reason="wrong"),
]


@pytest.mark.parametrize("kind", ["sqlite", "file"])
def test_timelines_on_lazy_stores_answer_as_on_decoded_ones(tmp_path: Path, kind: str) -> None:
    store = SQLiteStore(tmp_path / "e.db") if kind == "sqlite" else FileStore(tmp_path)
    with fill(store, LOG):
        reference = Timeline(fill(MemoryStore(), LOG))
        timeline = Timeline(store)
        for day in ("1921", "1923", "1924-10-15", "1926"):
            assert timeline.state_at(day).to_dict() == reference.state_at(day).to_dict()
        assert timeline.records() == list(store.read("mopr"))
        assert timeline.events() == reference.events()
        assert timeline.retracted()["x"].event == reference.retracted()["x"].event
        assert timeline.events(as_of=3) == reference.events(as_of=3)


def tamper(database: Path, version: int, change: dict[str, Any]) -> int:
    db = sqlite3.connect(database)
    with db:
        rowid, text = db.execute(
            "SELECT id, event FROM events WHERE version = ?", (version,)
        ).fetchone()
        db.execute(
            "UPDATE events SET event = ? WHERE id = ?",
            (json.dumps(json.loads(text) | change), rowid),
        )
    db.close()
    return int(rowid)


def test_a_bad_field_the_index_does_not_read_is_skipped_when_an_answer_meets_it(
    tmp_path: Path,
) -> None:
    """Indexed by its sound glance, the bad record is found when an answer decodes it: it is
    taken out of the index then, the answer computed without it, with a warning naming it."""
    database = tmp_path / "e.db"
    with SQLiteStore(database) as store:
        store.append("mopr", LOG)
    row = tamper(database, 3, {"name": 17})
    with SQLiteStore(database) as store:
        timeline = Timeline(store)
        assert timeline.state_at("1923").exists is Certainty.CERTAIN
        with pytest.warns(UnreadableRecordWarning) as warned:
            state = timeline.state_at("1926")
        assert state.sections == ()
        assert state.leaders[0].value == "Julian Marchlewski"
        (warning,) = warned
        message = warning.message
        assert isinstance(message, UnreadableRecordWarning)
        assert (message.version, message.event.id, message.event.field) == (3, "g", "name")
        assert f"row {row} (stream 'mopr', version 3)" in message.event.location
        events = [r.event for r in timeline.records()]
        assert isinstance(events[2], UnreadableEvent)
        assert timeline.state_at("1926").sections == ()


def test_a_record_the_index_cannot_glance_at_is_skipped_while_loading(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    with SQLiteStore(database) as store:
        store.append("mopr", LOG)
    tamper(database, 2, {"schema": 9})
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("UPDATE events SET kind = NULL WHERE version = 2")
    with SQLiteStore(database) as store:
        with pytest.warns(UnreadableRecordWarning) as warned:
            timeline = Timeline(store)
        assert timeline.state_at("1926").leaders == ()
        assert [s.key for s in timeline.state_at("1926").sections] == ["Germany"]
    (warning,) = warned
    assert "version 2" in str(warning.message)
    assert "field 'schema'" in str(warning.message)


def test_a_bad_event_behind_a_sound_stored_glance_is_skipped_when_it_is_decoded(
    tmp_path: Path,
) -> None:
    """The load trusts SQLite's glance columns; the event itself is checked on decoding."""
    database = tmp_path / "e.db"
    with SQLiteStore(database) as store:
        store.append("mopr", LOG)
    tamper(database, 2, {"schema": 9})
    with SQLiteStore(database) as store:
        timeline = Timeline(store)
        with pytest.warns(UnreadableRecordWarning, match="version 2"):
            records = timeline.records()
        assert isinstance(records[1].event, UnreadableEvent)
        assert records[1].event.field == "schema"
        assert timeline.state_at("1926").leaders == ()


def test_a_retraction_of_a_bad_record_takes_it_out_without_decoding_it() -> None:
    bad = json.loads(encode_event(LOG[2])) | {"name": 17}
    records = lazy(LOG[:2])
    records.append(LazyRecord("mopr", 3, MOMENT, json.dumps(bad), 3, lambda p, _: f"row {p}"))
    records.append(lazy([*LOG[:3], Retracted(id="r", target="g", reason="wrong")])[3])
    index = ReplayIndex("mopr")
    index.add_all(records)
    assert index.version == 4
    assert index.retractions == {"g": 4}
    assert type(index.entries[2]) is LazyRecord
    date = Timeline(MemoryStore()).state_at("1926").date
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert index.state(date, None).sections == ()
        assert isinstance(index.record(3).event, UnreadableEvent)
    assert index.unreadable == {3: index.record(3).event}


def test_an_unreadable_retraction_retracts_nothing() -> None:
    retraction = json.loads(encode_event(Retracted(id="r", target="g", reason="wrong")))
    records = lazy(LOG[:3])
    records.append(
        LazyRecord("mopr", 4, MOMENT, json.dumps(retraction | {"reason": 5}), 4, lambda *_: "4")
    )
    index = ReplayIndex("mopr")
    with pytest.warns(UnreadableRecordWarning, match="version 4"):
        index.add_all(records)
    assert index.retractions == {}
    date = Timeline(MemoryStore()).state_at("1926").date
    assert [f.key for f in index.state(date, None).sections] == ["Germany"]


class WatchingStore(MemoryStore):
    """Notes whether the cyclic collector runs while its records are read; may fail midway."""

    def __init__(self, fail_at: int | None = None) -> None:
        super().__init__()
        self.fail_at = fail_at
        self.collector_on: list[bool] = []

    def _read_lazy(self, stream: str, after: int) -> Iterator[RecordedEvent | LazyRecord]:
        for record in self._read(stream, after):
            self.collector_on.append(gc.isenabled())
            if record.version == self.fail_at:
                raise RecordError("here", "event", "broken")
            yield record


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("mopr_timeline.replay._timeline._BULK", 3)
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()


@pytest.mark.usefixtures("small_bulk")
def test_a_large_load_pauses_the_cyclic_collector_and_restores_it() -> None:
    store = WatchingStore()
    store.append("mopr", LOG)
    assert gc.isenabled()
    timeline = Timeline(store)
    assert store.collector_on == [False] * len(LOG)
    assert gc.isenabled()
    timeline.append([Founded(id="f2", when="1923", name="MOPR")])
    assert store.collector_on[-1] is True


@pytest.mark.usefixtures("small_bulk")
def test_a_failed_load_restores_the_collector() -> None:
    store = WatchingStore(fail_at=4)
    store.append("mopr", LOG)
    with pytest.raises(RecordError):
        Timeline(store)
    assert gc.isenabled()


@pytest.mark.usefixtures("small_bulk")
def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    store = WatchingStore()
    store.append("mopr", LOG)
    gc.disable()
    try:
        Timeline(store)
        assert not gc.isenabled()
    finally:
        gc.enable()
