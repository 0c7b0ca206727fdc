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
