"""Append-only event stores sharing one contract (STUB: the stores work replaces this)."""

from mopr_timeline.store._base import (
    ConcurrencyError,
    IntegrityError,
    RecordedEvent,
    Store,
    StoreError,
)
from mopr_timeline.store._file import FileStore
from mopr_timeline.store._memory import MemoryStore
from mopr_timeline.store._postgres import PostgresStore
from mopr_timeline.store._select import open_store
from mopr_timeline.store._sqlite import SQLiteStore

__all__ = [
    "ConcurrencyError",
    "FileStore",
    "IntegrityError",
    "MemoryStore",
    "PostgresStore",
    "RecordedEvent",
    "SQLiteStore",
    "Store",
    "StoreError",
    "open_store",
]
