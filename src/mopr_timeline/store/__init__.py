"""Append-only event stores sharing one contract: memory, JSON Lines files, SQLite, PostgreSQL."""

from mopr_timeline.store._base import (
    ConcurrencyError,
    DuplicateEventError,
    HeadFormatError,
    IntegrityError,
    RecordedEvent,
    RecordError,
    RetractionError,
    Store,
    StoreError,
    StreamNameError,
    parse_head,
    validate_stream_name,
)
from mopr_timeline.store._file import FileStore, TornTail, TornTailWarning
from mopr_timeline.store._gc import cyclic_gc_paused
from mopr_timeline.store._head import Head
from mopr_timeline.store._lazy import LazyRecord
from mopr_timeline.store._memory import MemoryStore
from mopr_timeline.store._postgres import PostgresStore
from mopr_timeline.store._relations import SPAN_ENDS, StreamNetwork, end_node
from mopr_timeline.store._select import open_store
from mopr_timeline.store._sqlite import SQLiteStore

__all__ = [
    "SPAN_ENDS",
    "ConcurrencyError",
    "DuplicateEventError",
    "FileStore",
    "Head",
    "HeadFormatError",
    "IntegrityError",
    "LazyRecord",
    "MemoryStore",
    "PostgresStore",
    "RecordError",
    "RecordedEvent",
    "RetractionError",
    "SQLiteStore",
    "Store",
    "StoreError",
    "StreamNameError",
    "StreamNetwork",
    "TornTail",
    "TornTailWarning",
    "cyclic_gc_paused",
    "end_node",
    "open_store",
    "parse_head",
    "validate_stream_name",
]
