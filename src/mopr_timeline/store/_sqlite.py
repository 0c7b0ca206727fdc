"""SQLiteStore: every stream in one table of a SQLite database (stdlib sqlite3, WAL mode).

One row per event with ``UNIQUE(stream, version)``; event ids are checked for duplicates
against a set kept per stream (see ``_stream_ids``). An append is one ``BEGIN IMMEDIATE``
transaction (the database's single writer lock, so versions are assigned without races between
processes) encoding and inserting the batch 64 events at a time (see ``_INSERT_MANY``). Reads
page through the rows in short queries, never holding a transaction open between pages.

Beside its canonical JSON, each row keeps the event's *glance* (``kind``, ``lo``, ``hi``,
``key``, with ``event_id``: what indexing needs) and the version of its kind's glance
(``glance``), so that loading a stream parses no JSON. The glance is derived data: a row's
columns are used only while its kind's glance is still computed as when the row was written
(else the event's JSON is read instead), and decoding an event checks that the columns agree
with it. Earlier layouts (1: no glance columns; 2: no glance version) are upgraded in place
when a store opens them for writing: the columns are added and filled from the stored events.

A store opened ``read_only`` connects in SQLite's read-only mode (``mode=ro``, and
``query_only``): it creates, upgrades and checkpoints nothing, so the database file's bytes
stay as they were (reading a WAL database may create its empty ``-wal`` and ``-shm`` files
beside it, as any reader does); it reads earlier layouts from their events' JSON.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import functools
import itertools
import operator
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from mopr_timeline.events import GLANCE_VERSIONS, KINDS, Event, Retracted, Stored, make_glance
from mopr_timeline.store._base import (
    ConcurrencyError,
    DuplicateEventError,
    IntegrityError,
    RecordedEvent,
    RecordError,
    Store,
    StoreError,
    check_expected_version,
    next_recorded_at,
)
from mopr_timeline.store._codec import (
    cached_time,
    decode_event,
    encode_stored,
    format_time,
    loads,
    parse_time,
)
from mopr_timeline.store._lazy import LazyRecord

__all__ = ["SQLiteStore"]

_LAYOUT_VERSION = 3
_SCHEMA = """
CREATE TABLE IF NOT EXISTS events (
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
    glance INTEGER,
    UNIQUE (stream, version)
);
"""
_GLANCE_COLUMNS = {2: ("kind TEXT", "lo INTEGER", "hi INTEGER", "key TEXT"), 3: ("glance INTEGER",)}
"""The columns each layout added (nullable: a row whose event cannot be read keeps them null)."""
_ROWS_PER_INSERT = 64


def _insert(rows: int) -> str:
    """An INSERT of ``rows`` rows: ``?1`` the stream, ``?2`` the record time and ``?3`` the
    first row's version, shared by every row (a row's version is ``?3`` plus its place), then
    each row's ``Stored``."""
    width = len(Stored._fields)
    values = ", ".join(
        f"(?1, ?2, ?3 + {row}, "
        + ", ".join(f"?{4 + width * row + item}" for item in range(width))
        + ")"
        for row in range(rows)
    )
    return (
        "INSERT INTO events "
        "(stream, recorded_at, version, event, kind, event_id, lo, hi, key, glance) "
        f"VALUES {values}"
    )


_INSERT_ONE = _insert(1)
_INSERT_MANY = _insert(_ROWS_PER_INSERT)
"""A batch is written ``_ROWS_PER_INSERT`` rows per statement, the rest one row at a time.
Executing a statement costs more than a row (opening the table's and the index's cursors,
the call into SQLite, the GIL released and taken again: about a third of a one-row INSERT),
and the stream, record time and versions are bound once per statement, not per row. The
statement is compiled once per connection; 64 rows (451 parameters) stay far below SQLite's
limits."""
_LAST = "SELECT version, recorded_at FROM events WHERE stream = ? ORDER BY version DESC LIMIT 1"
_PAGE = (
    "SELECT id, version, recorded_at, event FROM events "
    "WHERE stream = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?"
)
_GLANCE_PAGE = (
    "SELECT id, version, recorded_at, event, kind, event_id, lo, hi, key, glance "
    "FROM events WHERE stream = ? AND version > ? AND version <= ? ORDER BY version LIMIT ?"
)
"""Rows with their glance columns (trusted only when each has a glance's type and the kind's
current glance version: tested in Python, several times cheaper per row than ``typeof`` in
the query)."""
_PAGE_SIZE = 2000
_BUSY_TIMEOUT_MS = 60_000


class SQLiteStore(Store):
    """Streams in the SQLite database file ``path`` (created if missing); safe across processes.

    ``read_only``: the file must exist, and this store never writes to it (appends are
    refused).
    """

    def __init__(self, path: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if self.path.is_dir():
            raise StoreError(f"{self.path} is a directory, not a SQLite database file")
        if read_only and not self.path.is_file():
            raise StoreError(f"cannot open the SQLite database {self.path}: no such file")
        self._mutex = threading.Lock()
        self._ids: dict[str, tuple[int, set[str], set[str]]] = {}
        self._glance_page = _GLANCE_PAGE
        try:
            if read_only:
                location = "file:" + urllib.parse.quote(str(self.path.absolute())) + "?mode=ro"
                self._db = sqlite3.connect(
                    location,
                    uri=True,
                    isolation_level=None,
                    check_same_thread=False,
                    timeout=60.0,
                )
            else:
                self._db = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=60.0
                )
        except sqlite3.Error as exc:
            raise StoreError(f"cannot open the SQLite database {self.path}: {exc}") from exc
        try:
            if read_only:
                self._setup_read_only()
            else:
                self._setup()
        except sqlite3.Error as exc:
            self._db.close()
            raise StoreError(f"{self.path} is not a usable SQLite event store: {exc}") from exc
        except BaseException:
            self._db.close()
            raise

    def _setup_read_only(self) -> None:
        """Check the layout without writing: an earlier layout's rows are read from their
        JSON (no glance columns to trust), a database without the events table refused."""
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA query_only = 1")
        (layout,) = db.execute("PRAGMA user_version").fetchone()
        if layout > _LAYOUT_VERSION:
            raise StoreError(
                f"{self.path} has store layout {layout}; this library knows up to {_LAYOUT_VERSION}"
            )
        found = db.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'events'"
        ).fetchone()
        if not found[0]:
            raise StoreError(f"{self.path} holds no mopr_timeline events (no events table)")
        if layout < _LAYOUT_VERSION:
            self._glance_page = ""

    def _setup(self) -> None:
        db = self._db
        db.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = FULL")
        db.execute("BEGIN IMMEDIATE")
        try:
            (layout,) = db.execute("PRAGMA user_version").fetchone()
            if layout > _LAYOUT_VERSION:
                raise StoreError(
                    f"{self.path} has store layout {layout}; this library knows up to "
                    f"{_LAYOUT_VERSION}"
                )
            db.execute(_SCHEMA)
            if 0 < layout < _LAYOUT_VERSION:
                self._upgrade_from(layout)
            db.execute(f"PRAGMA user_version = {_LAYOUT_VERSION}")
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise

    def _upgrade_from(self, layout: int) -> None:
        """Add the columns of the later layouts and fill every row's glance from its stored
        event (in the caller's write transaction). A row whose event cannot be read, or is of
        a kind not registered here, keeps a null glance: it is read from its JSON."""
        db = self._db
        for added in range(layout + 1, _LAYOUT_VERSION + 1):
            for column in _GLANCE_COLUMNS[added]:
                db.execute(f"ALTER TABLE events ADD COLUMN {column}")
        rows = db.execute("SELECT id, stream, version, event FROM events").fetchall()
        glances = []
        for rowid, stream, version, text in rows:
            record = LazyRecord(stream, version, _EPOCH, text, rowid, _nowhere)
            try:
                glance = record.glance()
            except (StoreError, TypeError):
                continue
            spec = KINDS.get(glance.kind)
            if spec is not None:
                fields = (glance.kind, glance.lo, glance.hi, glance.key, spec.glance_version)
                glances.append((*fields, rowid))
        db.executemany(
            "UPDATE events SET kind = ?, lo = ?, hi = ?, key = ?, glance = ? WHERE id = ?",
            glances,
        )

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

    def close(self) -> None:
        if not self.closed:
            with self._mutex:
                self._db.close()
        super().close()

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        with self._mutex, self._errors("append to"):
            db = self._db
            db.execute("BEGIN IMMEDIATE")
            try:
                version = self._append_in_transaction(stream, events, expected_version)
                db.execute("COMMIT")
            except (ConcurrencyError, DuplicateEventError):
                db.execute("ROLLBACK")
                raise
            except BaseException:
                self._ids.pop(stream, None)
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            return version

    def _append_in_transaction(
        self, stream: str, events: Sequence[Event], expected_version: int | None
    ) -> int:
        """Encode and insert the batch ``_ROWS_PER_INSERT`` events at a time.

        Each slice is inserted right after it is encoded, while its texts are still in the
        processor's caches, rather than encoding the whole batch before taking the write lock
        (see docs/scaling.md for the figures).
        """
        last = self._db.execute(_LAST, (stream,)).fetchone()
        current = 0 if last is None else int(last[0])
        check_expected_version(stream, expected_version, current)
        if not events:
            return current
        ids = self._stream_ids(stream, current)
        previous = None if last is None else parse_time(last[1], self._where(stream, current))
        stamp = format_time(next_recorded_at(previous))
        first = current + 1
        batch_ids: list[str] = []
        try:
            for start in range(0, len(events), _ROWS_PER_INSERT):
                stored = encode_stored(events[start : start + _ROWS_PER_INSERT])
                chunk_ids = [item.id for item in stored]
                if not ids.isdisjoint(chunk_ids):
                    known = next(event_id for event_id in chunk_ids if event_id in ids)
                    raise DuplicateEventError(stream, known, "is already in the stream")
                batch_ids += chunk_ids
                self._insert(stream, stamp, first + start, stored)
        except sqlite3.IntegrityError:
            raise ConcurrencyError(stream, current, current + 1) from None
        ids.update(batch_ids)
        retractions = self._ids.get(stream, (0, set(), set()))[2]
        retractions.update(e.id for e in events if type(e) is Retracted)
        self._ids[stream] = (current + len(events), ids, retractions)
        return current + len(events)

    def _insert(self, stream: str, stamp: str, first: int, stored: list[Stored]) -> None:
        """Insert encoded events as versions ``first``, ``first + 1``... (one statement for a
        full slice of ``_ROWS_PER_INSERT``, else a row at a time)."""
        if len(stored) == _ROWS_PER_INSERT:
            parameters: list[Any] = [stream, stamp, first]
            for item in stored:
                parameters += item
            self._db.execute(_INSERT_MANY, parameters)
        else:
            heads = zip(itertools.repeat(stream), itertools.repeat(stamp), itertools.count(first))
            self._db.executemany(_INSERT_ONE, map(operator.add, heads, stored))

    def _stream_ids(self, stream: str, current: int) -> set[str]:
        """Every event id in ``stream`` up to version ``current``, fetching only new rows
        (and noting which are retractions, by their ``kind`` column).

        Runs inside the append's write transaction, so no other writer can add an id between
        this check and the insert (``_targets`` runs it outside one: ids only ever get
        added). A set in memory instead of a unique index: random ids make an index's
        inserts several times slower as the table grows.
        """
        seen, ids, retractions = self._ids.get(stream, (0, set(), set()))
        if seen > current:
            seen, ids, retractions = 0, set(), set()
        if seen < current:
            for event_id, kind in self._db.execute(
                "SELECT event_id, kind FROM events WHERE stream = ? AND version > ?",
                (stream, seen),
            ):
                ids.add(event_id)
                if kind == _RETRACTED:
                    retractions.add(event_id)
            self._ids[stream] = (current, ids, retractions)
        return ids

    def _targets(self, stream: str, ids: Collection[str]) -> Mapping[str, bool]:
        with self._mutex, self._errors("read"):
            last = self._db.execute(_LAST, (stream,)).fetchone()
            held = self._stream_ids(stream, 0 if last is None else int(last[0]))
            retractions = self._ids.get(stream, (0, set(), set()))[2]
            return {i: i in retractions for i in ids if i in held}

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        end = self._current_version(stream)
        return self._records(stream, after, end)

    def _records(self, stream: str, after: int, end: int) -> Iterator[RecordedEvent]:
        expected = after + 1
        for page in self._pages(stream, after, end):
            for row in page:
                self._check_version(stream, row, expected)
                yield self._record(stream, row)
                expected += 1

    def _read_lazy(self, stream: str, after: int) -> Iterator[RecordedEvent | LazyRecord]:
        end = self._current_version(stream)
        return self._lazy_records(stream, after, end)

    def _lazy_records(
        self, stream: str, after: int, end: int
    ) -> Iterator[RecordedEvent | LazyRecord]:
        where = functools.partial(self._row_location, stream)
        if not self._glance_page:
            yield from self._plain_records(stream, after, end)
            return
        expected = after + 1
        current = GLANCE_VERSIONS.get
        stamp: object = _NO_STAMP
        moment = _EPOCH
        for page in self._pages(stream, after, end, self._glance_page):
            for rowid, version, recorded_at, text, kind, event_id, lo, hi, key, made in page:
                if version != expected:
                    self._check_version(stream, (rowid, version), expected)
                if type(text) is not str:
                    raise RecordError(where(rowid, version), "event", f"not JSON text ({text!r})")
                if recorded_at != stamp:
                    stamp = recorded_at
                    moment = cached_time(stamp) or parse_time(stamp, where(rowid, version))
                # stored_glance, spelled out: this loop runs for every row of a load (a
                # registered kind's version is an int; -1 matches no stored column).
                glance = (
                    make_glance((kind, event_id, lo, hi, key, ()))
                    if made == current(kind, -1)
                    and type(lo) is int
                    and type(hi) is int
                    and type(key) is str
                    and type(event_id) is str
                    else None
                )
                yield LazyRecord(stream, version, moment, text, rowid, where, None, glance)
                expected += 1

    def _plain_records(self, stream: str, after: int, end: int) -> Iterator[LazyRecord]:
        """Rows as records whose events are read from their JSON (an earlier layout's
        database opened read-only: no glance columns to trust)."""
        where = functools.partial(self._row_location, stream)
        expected = after + 1
        for page in self._pages(stream, after, end):
            for row in page:
                self._check_version(stream, row, expected)
                rowid, version, recorded_at, text = row
                if type(text) is not str:
                    raise RecordError(where(rowid, version), "event", f"not JSON text ({text!r})")
                moment = parse_time(recorded_at, where(rowid, version))
                yield LazyRecord(stream, version, moment, text, rowid, where)
                expected += 1

    def _stored(self, stream: str) -> Iterator[tuple[int, str, str | bytes, str]]:
        """Each row's version, record time and event JSON as stored (for the chain hash)."""
        end = self._current_version(stream)
        for page in self._pages(stream, 0, end):
            for rowid, version, recorded_at, text in page:
                location = self._row_location(stream, rowid, version)
                if type(text) is not str:
                    raise RecordError(location, "event", f"not JSON text ({text!r})")
                if type(recorded_at) is not str:
                    raise RecordError(location, "recorded_at", f"not text ({recorded_at!r})")
                yield version, recorded_at, text, location

    def _pages(
        self, stream: str, after: int, end: int, query: str = _PAGE
    ) -> Iterator[list[tuple[Any, ...]]]:
        """The rows of versions ``after + 1 .. end`` in pages of short queries (the caller
        checks that they are contiguous)."""
        expected = after + 1
        while expected <= end:
            with self._mutex, self._errors("read"):
                rows = self._db.execute(query, (stream, expected - 1, end, _PAGE_SIZE)).fetchall()
            if not rows:
                raise IntegrityError(
                    self._where(stream, expected), f"version {expected} is missing from the table"
                )
            yield rows
            expected += len(rows)

    def _check_version(self, stream: str, row: tuple[Any, ...], expected: int) -> None:
        rowid, version = row[0], row[1]
        if version != expected:
            raise IntegrityError(
                self._row_location(stream, rowid, version),
                f"expected version {expected}, found {version}",
            )

    def _record(self, stream: str, row: tuple[Any, ...]) -> RecordedEvent:
        rowid, version, recorded_at, text = row
        location = self._row_location(stream, rowid, version)
        try:
            data = loads(text)
        except (TypeError, ValueError) as exc:
            raise RecordError(location, "event", f"not JSON text ({exc})") from None
        return RecordedEvent(
            stream=stream,
            version=version,
            recorded_at=parse_time(recorded_at, location),
            event=decode_event(data, location),
        )

    def _row_location(self, stream: str, rowid: int, version: int) -> str:
        return f"{self.path}: table events row {rowid} (stream {stream!r}, version {version})"

    def _current_version(self, stream: str) -> int:
        with self._mutex, self._errors("read"):
            last = self._db.execute(_LAST, (stream,)).fetchone()
        return 0 if last is None else int(last[0])

    def _streams(self) -> Iterable[str]:
        with self._mutex, self._errors("list the streams of"):
            return [row[0] for row in self._db.execute("SELECT DISTINCT stream FROM events")]

    def _where(self, stream: str, version: int) -> str:
        return f"{self.path}: stream {stream!r} version {version}"

    @contextlib.contextmanager
    def _errors(self, action: str) -> Iterator[None]:
        """Turn a sqlite3 error into a ``StoreError`` saying what was being done."""
        try:
            yield
        except sqlite3.Error as exc:
            raise StoreError(f"cannot {action} {self.path}: {exc}") from exc


_RETRACTED = Retracted.kind
_EPOCH = _dt.datetime(1970, 1, 1, tzinfo=_dt.UTC)
_NO_STAMP = object()
"""Equal to no stored record time: the first row's time is always read."""


def _nowhere(place: int, version: int) -> str:
    return f"row {place} (version {version})"
