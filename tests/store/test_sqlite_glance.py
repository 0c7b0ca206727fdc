"""SQLiteStore's glance columns: written with each event and its kind's glance version, read by
loads while that version is current, checked on decoding, and filled in when a database of an
earlier layout is upgraded."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from pathlib import Path

import pytest

from mopr_timeline import (
    CongressHeld,
    Event,
    Founded,
    IntegrityError,
    LeaderLeft,
    MemoryStore,
    RecordedEvent,
    RecordError,
    Retracted,
    SectionEstablished,
    SQLiteStore,
    Timeline,
    UnreadableRecordWarning,
)
from mopr_timeline.events import KINDS, glance_event
from mopr_timeline.store import LazyRecord
from mopr_timeline.store._codec import encode_event

LOG = [
    Founded(id="founded", when="1922", name="International Red Aid"),
    SectionEstablished(id="de", when="Aug. 1925", country="Germany", name="Rote Hilfe"),
    CongressHeld(id="c1", when="July 14-16, 1924", name="First", location="Moscow"),
    LeaderLeft(id="left", when="before 1933", person="Julian Marchlewski"),
    Retracted(id="r", target="c1", reason="duplicate"),
]

LAYOUT_1 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    event_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    event TEXT NOT NULL,
    UNIQUE (stream, version)
);
"""
LAYOUT_2 = """
CREATE TABLE events (
    id INTEGER PRIMARY KEY,
    stream TEXT NOT NULL,
    version INTEGER NOT NULL CHECK (version >= 1),
    event_id TEXT NOT NULL,
    recorded_at TEXT NOT NULL,
    event TEXT NOT NULL,
    kind TEXT,
    lo INTEGER,
    hi INTEGER,
    key TEXT,
    UNIQUE (stream, version)
);
"""
STAMP = "2026-01-01T00:00:00.000000+00:00"


def columns(database: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(
            "SELECT kind, event_id, lo, hi, key FROM events ORDER BY version"
        ).fetchall()


def stored_log(tmp_path: Path, *changes: str) -> Path:
    """A database holding ``LOG``, then altered by the SQL ``changes``."""
    database = tmp_path / "e.db"
    with SQLiteStore(database) as store:
        store.append("mopr", LOG)
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        for change in changes:
            db.execute(change)
    return database


def lazy_records(store: SQLiteStore) -> list[LazyRecord]:
    records = list(store.read_lazy("mopr"))
    assert all(isinstance(r, LazyRecord) for r in records)
    return [r for r in records if isinstance(r, LazyRecord)]


def versions(database: Path) -> list[object]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return [row[0] for row in db.execute("SELECT glance FROM events ORDER BY version")]


def test_each_row_keeps_the_glance_of_its_event_and_its_kinds_glance_version(
    tmp_path: Path,
) -> None:
    database = stored_log(tmp_path)
    assert columns(database) == [glance_event(e)[:5] for e in LOG]
    assert versions(database) == [KINDS[e.kind].glance_version for e in LOG]


@pytest.mark.parametrize("version", ["NULL", "12345", "glance + 1", "'text'"])
def test_columns_of_another_glance_version_are_not_trusted_nor_called_altered(
    tmp_path: Path, version: str
) -> None:
    """Columns written when a kind's day or key was declared otherwise (or before versions
    were kept) are not read as its glance: the event's JSON is, and nothing is 'altered'."""
    database = stored_log(
        tmp_path,
        f"UPDATE events SET glance = {version}, key = 'elsewhere', lo = 1 WHERE version = 2",
    )
    with SQLiteStore(database) as store:
        records = lazy_records(store)
        assert [r.glance() for r in records] == [glance_event(e) for e in LOG]
        timeline = Timeline(store)
        assert [r.event for r in timeline.records()] == LOG
        assert timeline.state_at("1926").section("Germany").value == "certain"


def test_a_load_takes_the_glance_from_the_columns_without_parsing_the_event(
    tmp_path: Path,
) -> None:
    database = stored_log(tmp_path, "UPDATE events SET event = 'not JSON' WHERE version = 2")
    with SQLiteStore(database) as store:
        records = lazy_records(store)
        assert records[1].glance() == glance_event(LOG[1])
        with pytest.raises(RecordError, match="not JSON text") as info:
            records[1].record()
    assert "version 2" in info.value.location


def test_a_glance_column_disagreeing_with_its_event_is_an_integrity_error(
    tmp_path: Path,
) -> None:
    database = stored_log(tmp_path, "UPDATE events SET lo = lo - 400 WHERE version = 2")
    with SQLiteStore(database) as store:
        timeline = Timeline(store)
        with pytest.raises(IntegrityError, match="disagree with the event") as info:
            timeline.records()
        with pytest.raises(IntegrityError, match="disagree with the event"):
            store.verify("mopr")
    assert "version 2" in str(info.value)


@pytest.mark.parametrize(
    "change",
    [
        "kind = NULL",
        "lo = 'early'",
        "hi = 1.5",
        "key = x'4765726d616e79'",
        "kind = NULL, lo = NULL, hi = NULL, key = NULL",
    ],
)
def test_glance_columns_of_the_wrong_type_are_not_trusted(tmp_path: Path, change: str) -> None:
    database = tmp_path / "e.db"
    with SQLiteStore(database) as store:
        store.append("mopr", LOG)
        expected = Timeline(store).state_at("1926").to_dict()
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute(f"UPDATE events SET {change} WHERE version IN (2, 4)")
    with SQLiteStore(database) as store:
        records = lazy_records(store)
        assert [r.glance() for r in records] == [glance_event(e) for e in LOG]
        assert Timeline(store).state_at("1926").to_dict() == expected


def stored_id(text: str, version: int) -> str:
    try:
        return str(json.loads(text)["id"])
    except ValueError:
        return f"id{version}"


def layout_1_database(path: Path, texts: list[str]) -> None:
    with contextlib.closing(sqlite3.connect(path)) as db, db:
        db.execute(LAYOUT_1)
        db.executemany(
            "INSERT INTO events (stream, version, event_id, recorded_at, event) "
            "VALUES ('mopr', ?, ?, ?, ?)",
            [(v, stored_id(text, v), STAMP, text) for v, text in enumerate(texts, start=1)],
        )
        db.execute("PRAGMA user_version = 1")


def test_a_layout_2_database_is_upgraded_with_its_glance_versions_filled_in(
    tmp_path: Path,
) -> None:
    database = tmp_path / "layout2.db"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute(LAYOUT_2)
        db.executemany(
            "INSERT INTO events (stream, version, event_id, recorded_at, event, kind, lo, hi, key)"
            " VALUES ('mopr', ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (
                    v,
                    e.id,
                    STAMP,
                    encode_event(e),
                    *tuple(glance_event(e))[:1],
                    *glance_event(e)[2:5],
                )
                for v, e in enumerate(LOG, start=1)
            ],
        )
        db.execute("PRAGMA user_version = 2")
    with SQLiteStore(database) as store:
        assert [r.glance() for r in lazy_records(store)] == [glance_event(e) for e in LOG]
        assert [r.event for r in store.read("mopr")] == LOG
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
    assert versions(database) == [KINDS[e.kind].glance_version for e in LOG]


def test_a_layout_1_database_is_upgraded_with_its_glances_filled_in(tmp_path: Path) -> None:
    database = tmp_path / "old.db"
    old_section = {
        "type": "SectionEstablished",
        "schema": 1,
        "id": "uk",
        "source": None,
        "when": "Aug. 1925",
        "country": "Britain",
        "group": "International Class War Prisoners Aid",
    }
    texts = [encode_event(e) for e in LOG] + [json.dumps(old_section)]
    layout_1_database(database, texts)
    with SQLiteStore(database) as store:
        upgraded = [decoded.event for decoded in store.read("mopr")]
        assert [r.glance() for r in lazy_records(store)] == [glance_event(e) for e in upgraded]
        assert store.append("mopr", [Founded(id="again", when="1923", name="MOPR")]) == 7
    with contextlib.closing(sqlite3.connect(database)) as db:
        assert db.execute("PRAGMA user_version").fetchone() == (3,)
    assert columns(database) == [
        glance_event(e)[:5] for e in [*upgraded, Founded(id="again", when="1923", name="MOPR")]
    ]


def test_an_unreadable_layout_1_row_keeps_no_glance_and_still_reports_its_fault(
    tmp_path: Path,
) -> None:
    database = tmp_path / "old.db"
    bad = json.loads(encode_event(LOG[1])) | {"schema": 9}
    layout_1_database(database, [encode_event(LOG[0]), json.dumps(bad), "{"])
    with SQLiteStore(database) as store:
        assert columns(database)[1:] == [
            (None, "de", None, None, None),
            (None, "id3", None, None, None),
        ]
        with (
            pytest.warns(UnreadableRecordWarning, match=r"version 2, .*field 'schema'"),
            pytest.raises(RecordError) as info,
        ):
            Timeline(store)
    assert info.value.field == "event"
    assert "version 3" in info.value.location


def test_a_layout_1_database_opened_read_only_is_read_without_being_upgraded(
    tmp_path: Path,
) -> None:
    database = tmp_path / "old.db"
    layout_1_database(database, [encode_event(e) for e in LOG])
    before = database.read_bytes()
    with SQLiteStore(database, read_only=True) as store:
        assert [decoded(r).event for r in store.read_lazy("mopr")] == LOG
        assert (
            Timeline(store).state_at("1926").to_dict()
            == Timeline(_memory_of(LOG)).state_at("1926").to_dict()
        )
    assert database.read_bytes() == before


def _memory_of(log: list[Event]) -> MemoryStore:
    store = MemoryStore()
    store.append("mopr", log)
    return store


def decoded(record: RecordedEvent | LazyRecord) -> RecordedEvent:
    return record.record() if isinstance(record, LazyRecord) else record
