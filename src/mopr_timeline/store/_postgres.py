"""PostgresStore: the store contract on a PostgreSQL server, for a team sharing one history.

One row per event in ``events`` (see ``_pg_migrations``). An append is one statement, the
server-side ``mopr_append``, committed on its own: under a per-stream advisory lock it checks
``expected_version`` and the event ids against the committed rows and inserts the batch with
one server-clock ``recorded_at``, so the lock is never held across a client round trip. Reads
stream rows through a server-side cursor on a read-only connection of their own (kept for the
next read), so a reader may append while it iterates. psycopg is imported only when a
PostgresStore is opened.

Each row also keeps its event's glance (``kind``, ``lo``, ``hi``, ``key`` beside
``event_id``) and the version of its kind's glance (``glance``), so ``read_lazy`` hands the
glance to the index without parsing the JSON. The columns are used only while the kind's
glance is still computed as when the row was written; rows written before migration 5 (no
version), or of a kind declared differently since, are peeked at instead. Decoding an event
checks it against its row's glance.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import re
import threading
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from mopr_timeline.events import Event, Retracted
from mopr_timeline.store._base import (
    ConcurrencyError,
    DuplicateEventError,
    IntegrityError,
    RecordedEvent,
    RecordError,
    Store,
    StoreError,
)
from mopr_timeline.store._codec import encode_stored, format_time, loads
from mopr_timeline.store._lazy import LazyRecord, Where, stored_glance
from mopr_timeline.store._pg_migrations import migrate

if TYPE_CHECKING:
    import psycopg

__all__ = ["PostgresStore"]

_READ_BATCH = 1000
_RETRACTED = Retracted.kind
_APPEND_LOST = (
    "; an append is committed whole or not at all, so check current_version() (or the event"
    " ids) before appending the same events again"
)
_CONNECT_TIMEOUT = "10"
_FOREIGN_CLASH_RETRIES = 3
_PASSWORD = re.compile(r"(password\s*=\s*)('(?:[^'\\]|\\.)*'|\S+)", re.IGNORECASE)
_URL_PASSWORD = re.compile(r"(://[^:/@\s]*:)[^@\s]*@")


def _redact(text: str) -> str:
    """``text`` with any password of a DSN or URL replaced by ``***``."""
    return _URL_PASSWORD.sub(r"\1***@", _PASSWORD.sub(r"\1***", text))


def _import_psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise StoreError(
            "PostgresStore needs psycopg 3, which is not installed; "
            "install it with: pip install 'mopr_timeline[postgres]'"
        ) from exc
    return psycopg


class PostgresStore(Store):
    """Streams in a PostgreSQL database at ``dsn`` (a ``postgresql://`` URL or key=value DSN).

    The schema is created or upgraded on first use. One store object may be shared between
    threads; each process opens its own. ``read_only``: appends are refused (reads always
    run in read-only transactions; opening still migrates an older schema).
    """

    def __init__(self, dsn: str, *, read_only: bool = False) -> None:
        self.read_only = read_only
        self._psycopg = _import_psycopg()
        if not isinstance(dsn, str) or not dsn.strip():
            raise StoreError(f"PostgresStore needs a DSN or postgresql:// URL, got {dsn!r}")
        self._dsn = dsn
        self._where = _describe(self._psycopg, dsn)
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._conn: psycopg.Connection[Any] | None = None
        self._idle_reader: psycopg.Connection[Any] | None = None
        try:
            with self._lock, self._translate("opening the store"):
                migrate(self._connection())
        except StoreError:
            self.close()
            raise

    def __repr__(self) -> str:
        return f"PostgresStore({self._where!r})"

    def close(self) -> None:
        with self._lock:
            if self._pid == os.getpid():
                for conn in (self._conn, self._idle_reader):
                    if conn is not None:
                        conn.close()
            self._conn = self._idle_reader = None
            super().close()

    # --- connections --------------------------------------------------------------------

    def _connect(self, *, autocommit: bool) -> psycopg.Connection[Any]:
        options = self._psycopg.conninfo.conninfo_to_dict(self._dsn)
        options.setdefault("connect_timeout", _CONNECT_TIMEOUT)
        options.setdefault("application_name", "mopr_timeline")
        connection: psycopg.Connection[Any] = self._psycopg.connect(
            **options, autocommit=autocommit
        )
        return connection

    def _check_process(self) -> None:
        if self._pid != os.getpid():
            raise StoreError(
                f"{self!r} was opened in process {self._pid}; open a new PostgresStore in "
                f"process {os.getpid()} instead of sharing one across a fork"
            )

    def _connection(self) -> psycopg.Connection[Any]:
        """The store's own autocommit connection, reopened if the server dropped it."""
        self._check_process()
        if self._conn is None or self._conn.closed or self._conn.broken:
            self._conn = self._connect(autocommit=True)
        return self._conn

    @contextlib.contextmanager
    def _translate(self, doing: str, *, if_lost: str = "") -> Iterator[None]:
        """Turn any psycopg error into our ``StoreError`` naming the server and the task.

        ``if_lost`` is added when the connection failed, to say what became of the work.
        """
        try:
            yield
        except StoreError:
            raise
        except self._psycopg.Error as exc:
            self._fail(doing, exc, if_lost)

    def _fail(self, doing: str, exc: Exception, if_lost: str) -> NoReturn:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        state = getattr(exc, "sqlstate", None) or ""
        if isinstance(exc, self._psycopg.OperationalError) and state[:2] in ("", "08", "57"):
            reason = f"the connection failed or was lost: {reason}{if_lost}"
        elif isinstance(exc, self._psycopg.errors.ReadOnlySqlTransaction):
            reason = f"{reason} (this server is read-only, e.g. a replica: append on the primary)"
        raise StoreError(_redact(f"{self._where}: {doing}: {reason}")) from None

    # --- the contract -------------------------------------------------------------------

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        stored = encode_stored(events)
        columns = [list(column) for column in zip(*stored, strict=True)] or [[]] * 7
        texts, kinds, ids, los, his, keys, glances = columns
        if any("\x00" in key for key in keys):
            # PostgreSQL text cannot hold NUL (the JSON escapes it): such a row keeps a null
            # key, so its glance is peeked from the JSON when read.
            keys = [None if "\x00" in key else key for key in keys]
        doing = f"appending {len(ids)} events to stream {stream!r}"
        with self._lock, self._translate(doing, if_lost=_APPEND_LOST):
            conn = self._connection()
            for _attempt in range(_FOREIGN_CLASH_RETRIES):
                try:
                    # %b: arrays of JSON texts dump about 20 times faster in binary than as text.
                    outcome, current, duplicate = _fetch_one(
                        conn,
                        "SELECT * FROM mopr_append(%s, %s, %b::text[], %b::text[],"
                        " %b::text[], %b::integer[], %b::integer[], %b::text[], %b::integer[])",
                        (stream, expected_version, ids, texts, kinds, los, his, keys, glances),
                    )
                    break
                except self._psycopg.errors.UniqueViolation:
                    # A writer that bypassed mopr_append's lock took our version first.
                    if expected_version is not None:
                        actual = self._current_version_on(conn, stream)
                        raise ConcurrencyError(stream, expected_version, actual) from None
            else:
                raise StoreError(
                    f"{self._where}: {doing}: another writer, bypassing mopr_append, kept taking "
                    "the same versions; nothing was appended"
                )
        if outcome == "conflict" and expected_version is not None:
            raise ConcurrencyError(stream, expected_version, int(current))
        if outcome == "duplicate":
            raise DuplicateEventError(stream, str(duplicate), "is already in the stream")
        return int(current)

    def _current_version(self, stream: str) -> int:
        with self._lock, self._translate(f"reading the version of stream {stream!r}"):
            return self._current_version_on(self._connection(), stream)

    @staticmethod
    def _current_version_on(conn: psycopg.Connection[Any], stream: str) -> int:
        (version,) = _fetch_one(
            conn, "SELECT coalesce(max(version), 0) FROM events WHERE stream = %s", (stream,)
        )
        return int(version)

    def _streams(self) -> Iterable[str]:
        with self._lock, self._translate("listing the streams"):
            rows = self._connection().execute("SELECT DISTINCT stream FROM events").fetchall()
        return [str(stream) for (stream,) in rows]

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        for lazy in self._records(stream, after, parse=True):
            yield lazy.record()

    def _read_lazy(self, stream: str, after: int) -> Iterator[LazyRecord]:
        """The rows after ``after``, checked (no version skipped), their events left undecoded
        until ``record()``: a row with a glance is not parsed; one without (written before
        migration 4) is, and its JSON's id must be the row's ``event_id``."""
        return self._records(stream, after, parse=False)

    def _records(self, stream: str, after: int, *, parse: bool) -> Iterator[LazyRecord]:
        """The rows after ``after`` as records; ``parse``: parse and check every row's JSON
        (a full read decodes them all anyway), not only those without a glance."""
        doing = f"reading stream {stream!r}"
        with self._translate(doing):
            conn = self._take_reader()
        try:
            with self._translate(doing), conn.cursor(name="mopr_read") as cursor:
                cursor.execute(
                    "SELECT version, event_id, recorded_at, event, kind, lo, hi, key, glance"
                    " FROM events WHERE stream = %s AND version > %s ORDER BY version",
                    (stream, after),
                )
                times = _UtcTimes()
                where = self._location_of(stream)
                expected = after + 1
                while rows := cursor.fetchmany(_READ_BATCH):
                    for row in rows:
                        yield _record(stream, expected, row, times, where, parse)
                        expected += 1
        finally:
            self._give_back_reader(conn)

    def _stored(self, stream: str) -> Iterator[tuple[int, str, str | bytes, str]]:
        """Each row's version, record time (in UTC, as ``format_time`` writes it) and event
        JSON as stored, read like ``_records`` (for the chain hash)."""
        doing = f"reading stream {stream!r}"
        with self._translate(doing):
            conn = self._take_reader()
        try:
            with self._translate(doing), conn.cursor(name="mopr_chain") as cursor:
                cursor.execute(
                    "SELECT version, recorded_at, event FROM events WHERE stream = %s"
                    " ORDER BY version",
                    (stream,),
                )
                while rows := cursor.fetchmany(_READ_BATCH):
                    for version, recorded_at, text in rows:
                        location = self._location(stream, version)
                        yield version, format_time(recorded_at), text, location
        finally:
            self._give_back_reader(conn)

    def _targets(self, stream: str, ids: Collection[str]) -> Mapping[str, bool]:
        """Looked up by the unique index on (stream, event_id); a row without a ``kind``
        (written before migration 4) is a retraction if its JSON says so."""
        with self._lock, self._translate(f"reading stream {stream!r}"):
            rows = (
                self._connection()
                .execute(
                    "SELECT event_id, kind, CASE WHEN kind IS NULL THEN event END FROM events"
                    " WHERE stream = %s AND event_id = ANY(%s)",
                    (stream, list(ids)),
                )
                .fetchall()
            )
        held: dict[str, bool] = {}
        for event_id, kind, text in rows:
            if kind is None and text is not None:
                with contextlib.suppress(ValueError):
                    data = loads(text)
                    kind = data.get("type") if isinstance(data, dict) else None
            held[str(event_id)] = kind == _RETRACTED
        return held

    def _take_reader(self) -> psycopg.Connection[Any]:
        """A read-only connection for one read: the idle one kept from the last, or a new one.

        Reads do not use the store's own connection, so code may append while it iterates.
        """
        with self._lock:
            self._check_process()
            reader, self._idle_reader = self._idle_reader, None
        if reader is None or reader.closed or reader.broken:
            reader = self._connect(autocommit=False)
            reader.read_only = True
        return reader

    def _give_back_reader(self, reader: psycopg.Connection[Any]) -> None:
        """End the read's transaction; keep the connection for the next read if none is kept."""
        try:
            reader.rollback()
        except self._psycopg.Error:
            reader.close()
            return
        with self._lock:
            if self._idle_reader is None and not self.closed and self._pid == os.getpid():
                self._idle_reader = reader
                return
        reader.close()

    def _location(self, stream: str, version: int) -> str:
        return f"{self._where}, stream {stream!r} version {version}"

    def _location_of(self, stream: str) -> Where:
        return lambda _place, version: self._location(stream, version)


def _record(
    stream: str,
    expected: int,
    row: tuple[Any, ...],
    times: _UtcTimes,
    where: Where,
    parse: bool,
) -> LazyRecord:
    """One row as a record, checked: no version skipped; unless the row has a glance (and not
    ``parse``), its JSON is parsed and its id must be the row's.

    The glance columns are trusted only when all four have a glance's types and the row's
    glance version is its kind's current one (rows written before migration 5 have nulls);
    ``record()`` then checks them, ``event_id`` included, against the decoded event. The
    row's location is only spelled out when an error names it.
    """
    version, event_id, recorded_at, text, kind, lo, hi, key, made = row
    if version != expected:
        raise IntegrityError(
            where(version, version), f"version {expected} is missing from the stream"
        )
    glance = stored_glance(kind, event_id, lo, hi, key, made)
    if glance is not None and not parse:
        return LazyRecord(
            stream, version, times.utc(recorded_at), text, version, where, None, glance
        )
    try:
        data = loads(text)
    except ValueError as exc:
        raise RecordError(
            where(version, version), "event", f"the stored event is not valid JSON: {exc}"
        ) from None
    stored_id = data.get("id") if isinstance(data, dict) else None
    if isinstance(stored_id, str) and stored_id != event_id:
        raise IntegrityError(
            where(version, version),
            f"the row's event_id {event_id!r} does not match the stored event's id {stored_id!r}",
        )
    return LazyRecord(stream, version, times.utc(recorded_at), text, version, where, data, glance)


class _UtcTimes:
    """Record times in UTC; the rows of one append share a time, so it is converted once."""

    def __init__(self) -> None:
        self._last: _dt.datetime | None = None
        self._last_utc = _dt.datetime.min.replace(tzinfo=_dt.UTC)

    def utc(self, moment: _dt.datetime) -> _dt.datetime:
        if moment != self._last:
            self._last = moment
            self._last_utc = moment.astimezone(_dt.UTC)
        return self._last_utc


def _fetch_one(
    conn: psycopg.Connection[Any], query: str, params: tuple[object, ...]
) -> tuple[Any, ...]:
    row: tuple[Any, ...] | None = conn.execute(query, params).fetchone()
    if row is None:
        raise StoreError(f"PostgreSQL returned no row for: {' '.join(query.split())}")
    return row


def _describe(psycopg_module: Any, dsn: str) -> str:
    """Where the store is, for messages: ``postgresql://user@host:port/dbname``, no password."""
    try:
        options: dict[str, Any] = psycopg_module.conninfo.conninfo_to_dict(dsn)
    except psycopg_module.Error as exc:
        raise StoreError(
            _redact(f"invalid PostgreSQL DSN or URL {dsn!r}: {' '.join(str(exc).split())}")
        ) from None
    user = f"{options['user']}@" if options.get("user") else ""
    host = options.get("host") or ""
    port = options.get("port") or ""
    dbname = options.get("dbname") or ""
    if host.startswith("/"):
        query = f"?host={host}" + (f"&port={port}" if port else "")
        return f"postgresql://{user}/{dbname}{query}"
    return f"postgresql://{user}{host}{':' + port if port else ''}/{dbname}"
