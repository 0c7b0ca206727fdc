"""SQLiteStore runs the shared store contract, plus its own file handling."""

from __future__ import annotations

import contextlib
import functools
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from store_contract import StoreContract, StoreFactory, occurred

from mopr_timeline.store import IntegrityError, SQLiteStore, StoreError


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> StoreFactory:
        self.database = tmp_path / "events.db"
        return functools.partial(SQLiteStore, self.database)

    def tamper(self, stream: str, version: int, mutate: Callable[[dict[str, Any]], None]) -> str:
        with contextlib.closing(sqlite3.connect(self.database)) as db, db:
            rowid, text = db.execute(
                "SELECT id, event FROM events WHERE stream = ? AND version = ?", (stream, version)
            ).fetchone()
            event = json.loads(text)
            mutate(event)
            db.execute("UPDATE events SET event = ? WHERE id = ?", (json.dumps(event), rowid))
        return f"row {rowid} (stream {stream!r}, version {version})"


def test_a_newer_store_layout_is_refused(tmp_path: Path) -> None:
    database = tmp_path / "events.db"
    SQLiteStore(database).close()
    with contextlib.closing(sqlite3.connect(database)) as db:
        db.execute("PRAGMA user_version = 99")
    with pytest.raises(StoreError, match="has store layout 99; this library knows up to 3"):
        SQLiteStore(database)


def test_reopening_keeps_the_data(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        store.append("mopr", occurred(3))
    with SQLiteStore(tmp_path / "events.db") as store:
        assert store.current_version("mopr") == 3
        assert store.append("mopr", occurred(1, prefix="f"), expected_version=3) == 4


def test_a_missing_version_is_an_integrity_error(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "events.db") as store:
        store.append("mopr", occurred(3))
    with contextlib.closing(sqlite3.connect(tmp_path / "events.db")) as db, db:
        db.execute("DELETE FROM events WHERE version = 2")
    with (
        SQLiteStore(tmp_path / "events.db") as store,
        pytest.raises(IntegrityError, match="expected version 2, found 3"),
    ):
        list(store.read("mopr"))


# --- read-only stores ------------------------------------------------------------------------


def file_state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


@pytest.mark.parametrize("writer_open", [False, True], ids=["closed", "writer-holding-the-wal"])
def test_reading_read_only_leaves_the_database_file_unchanged(
    tmp_path: Path, writer_open: bool
) -> None:
    """Bytes and modification time, whether the WAL was checkpointed by the last writer or a
    writer still holds committed pages in it (a read-write open would checkpoint those)."""
    database = tmp_path / "events.db"
    writer = SQLiteStore(database)
    writer.append("mopr", occurred(30))
    if not writer_open:
        writer.close()
    else:
        writer.append("mopr", occurred(5, prefix="wal"))
    before = file_state(database)
    with SQLiteStore(database, read_only=True) as reader:
        assert reader.current_version("mopr") == (35 if writer_open else 30)
        assert len(list(reader.read("mopr"))) == reader.current_version("mopr")
        assert len(list(reader.read_lazy("mopr"))) == reader.current_version("mopr")
        assert reader.streams() == ["mopr"]
        reader.verify("mopr", expect_head=reader.head("mopr"))
    assert file_state(database) == before
    if writer_open:
        writer.close()


def test_a_read_only_store_refuses_appends_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such file"):
        SQLiteStore(tmp_path / "missing.db", read_only=True)
    assert not (tmp_path / "missing.db").exists()
    database = tmp_path / "events.db"
    SQLiteStore(database).close()
    with SQLiteStore(database, read_only=True) as reader:
        with pytest.raises(StoreError, match="opened read-only; nothing was appended"):
            reader.append("mopr", occurred(1))
        assert reader.current_version("mopr") == 0


def test_a_database_without_the_events_table_is_refused_read_only(tmp_path: Path) -> None:
    database = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("CREATE TABLE notes (x)")
    with pytest.raises(StoreError, match="holds no mopr_timeline events"):
        SQLiteStore(database, read_only=True)


# --- what is detected without an anchor, and with one -----------------------------------------


def test_deleted_last_rows_are_found_only_against_an_anchor(tmp_path: Path) -> None:
    """SQLite's transactions guarantee that an acknowledged append is durable and whole; rows
    deleted by someone with write access leave versions without gaps, so only a head recorded
    elsewhere shows them missing."""
    database = tmp_path / "events.db"
    with SQLiteStore(database) as store:
        store.append("mopr", occurred(10))
        anchor = store.head("mopr")
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM events WHERE version > 7")
    with SQLiteStore(database) as store:
        assert store.verify("mopr") == 7
        with pytest.raises(IntegrityError, match="holds 7 records: 3 records up to the head"):
            store.verify("mopr", expect_head=anchor)


def test_a_rewritten_row_is_found_only_against_an_anchor(tmp_path: Path) -> None:
    database = tmp_path / "events.db"
    with SQLiteStore(database) as store:
        store.append("mopr", occurred(5))
        anchor = store.head("mopr")
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        (text,) = db.execute("SELECT event FROM events WHERE version = 2").fetchone()
        db.execute(
            "UPDATE events SET event = ? WHERE version = 2", (text.replace("item 1", "item 9"),)
        )
    with SQLiteStore(database) as store:
        assert store.verify("mopr") == 5
        with pytest.raises(IntegrityError, match=r"hash at version 5 is .* was rewritten"):
            store.verify("mopr", expect_head=anchor)
