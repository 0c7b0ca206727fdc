"""SQLiteStore runs the shared store contract, plus its own file handling."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from store_contract import StoreContract, StoreFactory

from mopr_timeline.store import SQLiteStore


class TestSQLiteStore(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> StoreFactory:
        return functools.partial(SQLiteStore, tmp_path / "events.db")
