"""FileStore: one hash-chained JSON Lines file per stream, ``<directory>/<stream>.jsonl``.

Appends lock the stream's file itself (``fcntl.flock``, exclusive; no separate lock files
clutter the directory), catch up on what other processes appended since this store last
looked (only the new bytes are read), write the whole batch with one ``write`` and ``fsync``
before returning. Readers take the shared lock just long enough to learn how many bytes are
committed, then read lazily without blocking writers; every read checks every line's hash and
the chain from where it starts (the file's first line, or a point this store verified before).
A last line without its newline is a torn write from a crash: it is never read as an event, it
is reported (``TornTailWarning`` and ``FileStore.torn_tails``), and the next append cuts it off
under the lock. A batch is atomic against a crashed process; after a power loss a prefix of an
unacknowledged batch may survive as whole records, never anything acknowledged lost.

``read_lazy`` (what a ``Timeline`` loads) checks exactly what ``read`` checks; its records
carry the event dict parsed while checking, and decode the event only when asked. A FileStore
writes nothing but the stream files.
"""

from __future__ import annotations

import collections
import contextlib
import datetime as _dt
import fcntl
import os
import sys
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import attrs

from mopr_timeline.events import Event
from mopr_timeline.store._base import (
    DuplicateEventError,
    IntegrityError,
    RecordedEvent,
    Store,
    StoreError,
    StreamNameError,
    check_expected_version,
    next_recorded_at,
    validate_stream_name,
)
from mopr_timeline.store._codec import decode_event, encode_stored, format_time
from mopr_timeline.store._filescan import (
    Cursor,
    Known,
    Make,
    Records,
    check_torn,
    fsync_directory,
    last_complete_line,
    line_number_at,
    open_committed,
    open_locked,
    write_all,
)
from mopr_timeline.store._jsonl import encode_line, parse_line
from mopr_timeline.store._lazy import LazyRecord, Where

__all__ = ["FileStore", "TornTail", "TornTailWarning"]

R = TypeVar("R")
_SUFFIX = ".jsonl"
_ALL = sys.maxsize
"""As ``after``: every line checked, no record wanted (an append's catch-up needs none)."""


class TornTailWarning(UserWarning):
    """A stream file ends in a partial line: a write that crashed before it was acknowledged."""


@attrs.frozen
class TornTail:
    """Where a torn write sits: the 1-based line it would have been, and its byte count."""

    path: Path
    line: int
    size: int

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: {self.size} bytes of a torn write (a crash before the "
            "append was acknowledged); it is not read, and the next append removes it"
        )


def _decoded(
    stream: str,
    version: int,
    recorded_at: _dt.datetime,
    _text: bytes,
    line: int,
    where: Where,
    data: Any,
) -> RecordedEvent:
    """The record with its event decoded, as ``LazyRecord.record()`` gives it (for ``read``)."""
    event = decode_event(data, where(line, version))
    return RecordedEvent(stream=stream, version=version, recorded_at=recorded_at, event=event)


class FileStore(Store):
    """Streams as hash-chained JSON Lines files in ``directory`` (created if missing)."""

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory)
        if self.directory.exists() and not self.directory.is_dir():
            raise StoreError(f"{self.directory} is a file, not a directory for a FileStore")
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store directory {self.directory}: {exc}") from exc
        self.torn_tails: dict[str, TornTail] = {}
        self._known: dict[str, Known] = {}
        self._mutex = threading.Lock()

    def __repr__(self) -> str:
        return f"FileStore({str(self.directory)!r})"

    def path(self, stream: str) -> Path:
        """The file holding ``stream``."""
        return self.directory / f"{validate_stream_name(stream)}{_SUFFIX}"

    # --- appending ------------------------------------------------------------------------

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        path = self.path(stream)
        stored = encode_stored(events)
        with self._mutex, open_locked(path, "a+b", fcntl.LOCK_EX) as file:
            known = self._catch_up(stream, path, file, self._known.pop(stream, None))
            self._known[stream] = known
            check_expected_version(stream, expected_version, known.tail.version)
            if not events:
                return known.tail.version
            for event in events:
                if event.id in known.ids:
                    raise DuplicateEventError(stream, event.id, "is already in the stream")
            tail = known.tail
            recorded_at = next_recorded_at(tail.recorded_at)
            stamp = format_time(recorded_at)
            lines, digest = [], tail.hash
            for version, item in enumerate(stored, start=tail.version + 1):
                line, digest = encode_line(version, stamp, item.text, digest)
                lines.append(line)
            data = "".join(lines).encode()
            try:
                write_all(file.fileno(), data)
                os.fsync(file.fileno())
                if tail.offset == 0:
                    fsync_directory(self.directory)
            except OSError as exc:
                del self._known[stream]
                raise StoreError(f"{path}: the append failed, nothing acknowledged: {exc}") from exc
            known.mark(tail)
            known.ids.update(event.id for event in events)
            tail.offset += len(data)
            tail.line += len(events)
            tail.version += len(events)
            tail.hash = digest
            tail.recorded_at = recorded_at
            tail.last_line = lines[-1].encode()
            known.mark(tail)
            self.torn_tails.pop(stream, None)
            return tail.version

    def _catch_up(self, stream: str, path: Path, file: IO[bytes], known: Known | None) -> Known:
        """Verify what was appended since ``known`` (all of it the first time), collecting
        event ids, and cut off a torn tail. Runs under the exclusive lock."""
        size = os.fstat(file.fileno()).st_size
        if known is None or not known.tail.still_there(file, size):
            known = Known()
        tail = known.tail
        records = Records(
            file,
            tail,
            size,
            path=path,
            stream=stream,
            after=_ALL,
            ids=known.ids,
            make=LazyRecord,
        )
        collections.deque(records, maxlen=0)
        if records.leftover:
            check_torn(path, tail.line + 1, records.leftover)
            file.truncate(tail.offset)
            os.fsync(file.fileno())
        return known

    # --- reading --------------------------------------------------------------------------

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        return self._records(stream, after, _decoded)

    def _read_lazy(self, stream: str, after: int) -> Iterator[RecordedEvent | LazyRecord]:
        return self._records(stream, after, LazyRecord)

    def _records(self, stream: str, after: int, make: Make[R]) -> Iterator[R]:
        """The records after version ``after`` as ``make`` builds them, checked while iterating.

        The committed size is taken now; the chain is checked from the file's start or a
        remembered verified point. A read of the whole stream leaves this store knowing the
        stream: its ids for the next append (taken from the stored dicts, as an append's
        catch-up does), and points to resume later reads from.
        """
        path = self.path(stream)
        try:
            file, end = open_committed(path)
        except FileNotFoundError:
            return iter(())
        start = None
        if after > 0:
            with self._mutex:
                known = self._known.get(stream)
                start = None if known is None else known.resume_point(after)
            if start is not None and not start.still_there(file, end):
                start = None
        cursor = start or Cursor()
        ids: set[str] = set()
        whole = cursor.offset == 0 and after == 0
        records = Records(
            file, cursor, end, path=path, stream=stream, after=after, ids=ids, make=make
        )
        return self._verified(stream, path, file, records, ids if whole else None)

    def _verified(
        self, stream: str, path: Path, file: IO[bytes], records: Records[R], ids: set[str] | None
    ) -> Iterator[R]:
        with file:
            yield from records
        if records.leftover:
            self._report_torn(stream, path, records.cursor.line + 1, records.leftover)
        self._remember(stream, records.cursor, None if records.leftover else ids)

    def _remember(self, stream: str, cursor: Cursor, ids: set[str] | None) -> None:
        """Keep what a finished read verified: a resume point, or the whole stream's state."""
        with self._mutex:
            known = self._known.get(stream)
            if known is None and ids is not None:
                known = self._known[stream] = Known(tail=cursor.copy(), ids=ids)
            if known is not None:
                known.mark(cursor)

    def _report_torn(self, stream: str, path: Path, line: int, leftover: bytes) -> None:
        check_torn(path, line, leftover)
        torn = TornTail(path=path, line=line, size=len(leftover))
        if self.torn_tails.get(stream) != torn:
            self.torn_tails[stream] = torn
            warnings.warn(str(torn), TornTailWarning, stacklevel=3)

    def verify(self, stream: str | None = None) -> int:
        """Check every line's hash, the chain and every event of one stream (or all).

        Returns the number of records checked; raises ``IntegrityError`` (or ``RecordError``
        for a well-chained record that is not a readable event) naming the file and line.
        """
        self._check_open()
        names = [validate_stream_name(stream)] if stream is not None else self.streams()
        return sum(sum(1 for _ in self._read(name, 0)) for name in names)

    def _current_version(self, stream: str) -> int:
        """The last complete line's version, read backwards from the end (its own hash is
        checked; the chain is checked by reads and appends)."""
        path = self.path(stream)
        with self._mutex:
            known = self._known.get(stream)
        try:
            with open_locked(path, "rb", fcntl.LOCK_SH) as file:
                size = os.fstat(file.fileno()).st_size
                tail = None if known is None else known.tail
                if tail is not None and tail.offset == size and tail.still_there(file, size):
                    return tail.version
                last = last_complete_line(file, size)
                if last is None:
                    return 0
                start, raw = last
                try:
                    return parse_line(raw, f"{path}:?").version
                except IntegrityError as exc:
                    location = f"{path}:{line_number_at(file, start)}"
                    raise IntegrityError(location, exc.reason) from None
        except FileNotFoundError:
            return 0

    def _streams(self) -> Iterable[str]:
        """Stream files with at least one byte; other files in the directory are not streams."""
        names = []
        for path in self.directory.glob(f"*{_SUFFIX}"):
            name = path.name[: -len(_SUFFIX)]
            with contextlib.suppress(StreamNameError, OSError):
                if validate_stream_name(name) and path.is_file() and path.stat().st_size > 0:
                    names.append(name)
        return names
