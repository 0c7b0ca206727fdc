"""FileStore runs the shared store contract, plus what only a file of hash-chained lines has."""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from store_contract import StoreContract, StoreFactory

from mopr_timeline.store import FileStore


class TestFileStore(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> StoreFactory:
        return functools.partial(FileStore, tmp_path / "events")
