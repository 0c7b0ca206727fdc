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

Lazy reads (what a ``Timeline`` loads) and appends also keep ``<stream>.jsonl.glance`` beside
a long stream: a verified cache of what indexing needs of each record (see ``_glancefile``), so that
a later load hashes the file in a few large pieces instead of checking and parsing every line.
It is derived data, safe to delete; ``read`` and ``verify`` never use it.
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
from mopr_timeline.events._serial import Glance, Stored, peek_event
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
    Tally,
    check_torn,
    fsync_directory,
    last_complete_line,
    line_number_at,
    lines_of,
    open_committed,
    open_locked,
    write_all,
)
from mopr_timeline.store._glancefile import (
    MIN_NEW_RECORDS,
    SEGMENT_RECORDS,
    GlanceState,
    Segment,
    append_segments,
    new_segments,
    segment_records,
    verified_segments,
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


def _batch_segments(
    tail: Cursor, stamp: str, stored: list[Stored], lines: list[str], data: bytes
) -> list[Segment]:
    """The glance file segments of a batch about to follow ``tail`` (``stored``: its events'
    texts and glances; ``data``: its lines encoded, whose lengths in characters are lengths
    in bytes when the batch is ASCII)."""
    ascii = len(data) == sum(map(len, lines))
    tally = Tally(SEGMENT_RECORDS)
    tally.add(data, [len(line) if ascii else len(line.encode()) for line in lines])
    return new_segments(
        tally,
        start=tail.offset,
        version=tail.version + 1,
        line=tail.line + 1,
        stamps=[stamp] * len(stored),
        event_lengths=[len(item[0]) if ascii else len(item[0].encode()) for item in stored],
        glances=[item[1:] for item in stored],
        ids=[item[2] for item in stored],
    )


@attrs.define
class _Noted:
    """What a glance file needs of the records a read checks line by line."""

    moments: list[_dt.datetime] = attrs.Factory(list)
    event_lengths: list[int] = attrs.Factory(list)
    glances: list[Glance | None] = attrs.Factory(list)
    ids: list[str] = attrs.Factory(list)

    def make(
        self,
        stream: str,
        version: int,
        recorded_at: _dt.datetime,
        text: bytes,
        line: int,
        where: Where,
        data: Any,
    ) -> LazyRecord:
        """A ``Make``: the lazy record, its glance peeked once (for the glance file and the
        index alike)."""
        glance = peek_event(data)
        event_id = data.get("id") if type(data) is dict else None
        self.moments.append(recorded_at)
        self.event_lengths.append(len(text))
        self.glances.append(glance)
        self.ids.append(event_id if type(event_id) is str else "")
        return LazyRecord(stream, version, recorded_at, text, line, where, data, glance)

    def segments(self, tally: Tally, start: Cursor) -> list[Segment]:
        stamps, previous, stamp = [], None, ""
        for moment in self.moments:
            if moment is not previous:
                previous, stamp = moment, format_time(moment)
            stamps.append(stamp)
        return new_segments(
            tally,
            start=start.offset,
            version=start.version + 1,
            line=start.line + 1,
            stamps=stamps,
            event_lengths=self.event_lengths,
            glances=self.glances,
            ids=self.ids,
        )


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
        self._glances: dict[str, GlanceState | None] = {}
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
                line, digest = encode_line(version, stamp, item[0], digest)
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
            self._glances[stream] = append_segments(
                path,
                self._glances.get(stream),
                start=tail.offset,
                version=tail.version + 1,
                build=lambda: _batch_segments(tail, stamp, stored, lines, data),
                create=tail.offset == 0 and len(events) >= MIN_NEW_RECORDS,
            )
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
            state = GlanceState()
            for segment, _ in verified_segments(path, file.fileno(), size, state, known.tail):
                known.ids.update(segment.ids)
            known.ids.discard("")
            self._glances[stream] = state
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
        opened = self._open(stream, after)
        if opened is None:
            return iter(())
        path, file, end, start = opened
        if start is None:
            return self._glanced(stream, path, file, end, after)
        return self._verified_from(stream, path, file, end, start, after, LazyRecord)

    def _records(self, stream: str, after: int, make: Make[R]) -> Iterator[R]:
        """The records after version ``after`` as ``make`` builds them, checked while iterating.

        The committed size is taken now; the chain is checked from the file's start or a
        remembered verified point. A read of the whole stream leaves this store knowing the
        stream: its ids for the next append (taken from the stored dicts, as an append's
        catch-up does), and points to resume later reads from.
        """
        opened = self._open(stream, after)
        if opened is None:
            return iter(())
        path, file, end, start = opened
        return self._verified_from(stream, path, file, end, start or Cursor(), after, make)

    def _open(self, stream: str, after: int) -> tuple[Path, IO[bytes], int, Cursor | None] | None:
        """The stream's file (None if there is none yet), its committed size, and a verified
        point to resume reading records after ``after`` from, if this store remembers one."""
        path = self.path(stream)
        try:
            file, end = open_committed(path)
        except FileNotFoundError:
            return None
        start = None
        if after > 0:
            with self._mutex:
                known = self._known.get(stream)
                start = None if known is None else known.resume_point(after)
            if start is not None and not start.still_there(file, end):
                start = None
        return path, file, end, start

    def _verified_from(
        self,
        stream: str,
        path: Path,
        file: IO[bytes],
        end: int,
        cursor: Cursor,
        after: int,
        make: Make[R],
    ) -> Iterator[R]:
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

    def _glanced(
        self, stream: str, path: Path, file: IO[bytes], end: int, after: int
    ) -> Iterator[LazyRecord]:
        """The records after version ``after``, the stream's glance file serving every record
        of the bytes it describes exactly; the rest are read and checked line by line, and
        described in the glance file when the whole stream was read (creating the file only
        for at least ``MIN_NEW_RECORDS`` records)."""
        cursor, state, ids, where = Cursor(), GlanceState(), set(), lines_of(path)
        with file:
            for segment, data in verified_segments(path, file.fileno(), end, state, cursor):
                ids.update(segment.ids)
                yield from segment_records(segment, data, stream, where, after)
            ids.discard("")
            start, noted = cursor.copy(), _Noted()
            tally = Tally(SEGMENT_RECORDS) if after == 0 else None
            records = Records(
                file,
                cursor,
                end,
                path=path,
                stream=stream,
                after=after,
                ids=ids,
                make=noted.make,
                tally=tally,
            )
            yield from records
        if records.leftover:
            self._report_torn(stream, path, records.cursor.line + 1, records.leftover)
        if tally is not None and noted.moments:
            described = self._describe(path, start, records.cursor, noted, tally, state)
        else:
            described = state
        self._remember(stream, records.cursor, None if records.leftover else ids, described)

    def _describe(
        self,
        path: Path,
        start: Cursor,
        stop: Cursor,
        noted: _Noted,
        tally: Tally,
        state: GlanceState,
    ) -> GlanceState | None:
        """Add the records read line by line, from ``start`` to ``stop``, to the glance file
        (under the stream's exclusive lock, if the file still holds them)."""
        create = len(noted.moments) >= MIN_NEW_RECORDS
        if not create and state.size == 0:
            return state
        try:
            with open_locked(path, "rb", fcntl.LOCK_EX) as file:
                if not stop.still_there(file, os.fstat(file.fileno()).st_size):
                    return None
                return append_segments(
                    path,
                    state,
                    start=start.offset,
                    version=start.version + 1,
                    build=lambda: noted.segments(tally, start),
                    create=create,
                )
        except (OSError, StoreError):
            return None

    def _remember(
        self,
        stream: str,
        cursor: Cursor,
        ids: set[str] | None,
        glance: GlanceState | None = None,
    ) -> None:
        """Keep what a finished read verified: a resume point, or the whole stream's state."""
        with self._mutex:
            known = self._known.get(stream)
            if known is None and ids is not None:
                known = self._known[stream] = Known(tail=cursor.copy(), ids=ids)
            if known is not None:
                known.mark(cursor)
            if glance is not None:
                self._glances[stream] = glance

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
