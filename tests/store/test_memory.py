"""MemoryStore runs the shared store contract (in-process only)."""

from __future__ import annotations

import pytest
from store_contract import StoreContract, StoreFactory

from mopr_timeline.store import MemoryStore


class TestMemoryStore(StoreContract):
    multiprocess_skip = "MemoryStore lives in one process; there is nothing to share"
    no_stored_data = "MemoryStore keeps events as objects; there is no stored data to corrupt"

    @pytest.fixture
    def make_store(self) -> StoreFactory:
        shared = MemoryStore()
        return lambda: shared
