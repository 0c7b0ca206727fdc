"""open_store: pick the store a location names (URL, database file, ``memory:`` or directory)."""

from __future__ import annotations

import os
import re
from pathlib import Path

from mopr_timeline.store._base import Store, StoreError
from mopr_timeline.store._file import FileStore
from mopr_timeline.store._memory import MemoryStore
from mopr_timeline.store._postgres import PostgresStore
from mopr_timeline.store._sqlite import SQLiteStore

__all__ = ["SQLITE_SUFFIXES", "open_store"]

SQLITE_SUFFIXES = frozenset({".db", ".sqlite", ".sqlite3"})
_URL = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*)://")
_POSTGRES_SCHEMES = frozenset({"postgresql", "postgres"})


def open_store(location: str | os.PathLike[str], *, read_only: bool = False) -> Store:
    """The store at ``location``.

    ``postgresql://...`` or ``postgres://...`` opens a ``PostgresStore``; a path ending in
    ``.db``, ``.sqlite`` or ``.sqlite3`` a ``SQLiteStore``; ``memory:`` a new ``MemoryStore``;
    any other path a ``FileStore`` directory. Its parent directory must exist.

    ``read_only`` opens the store for reading only: appends are refused, a SQLite database
    is opened in SQLite's read-only mode (its file's bytes stay unchanged) and a missing
    FileStore directory or database file is an error instead of being created.
    """
    if isinstance(location, os.PathLike):
        location = os.fspath(location)
    if not isinstance(location, str) or not location.strip():
        raise StoreError(f"expected a store location (path or URL), got {location!r}")
    if location == "memory:":
        return MemoryStore()
    url = _URL.match(location)
    if url is not None:
        if url[1].lower() in _POSTGRES_SCHEMES:
            return PostgresStore(location, read_only=read_only)
        raise StoreError(
            f"unknown store URL scheme {url[1]!r} in {location!r}: use postgresql://, "
            "a .db/.sqlite/.sqlite3 file, a directory, or memory:"
        )
    path = Path(location).expanduser()
    if not path.parent.is_dir():
        raise StoreError(f"cannot open a store at {path}: {path.parent} is not a directory")
    if path.suffix.lower() in SQLITE_SUFFIXES:
        return SQLiteStore(path, read_only=read_only)
    return FileStore(path, read_only=read_only)
