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
from store_contract import StoreContract, StoreFactory

from mopr_timeline.store import SQLiteStore


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
