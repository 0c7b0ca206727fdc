"""FileStore: one hash-chained JSON Lines file per stream, ``<directory>/<stream>.jsonl``.

Beside each stream file, ``<stream>.jsonl.head`` keeps the stream's acknowledged head: the
version, chain hash and file size of the last record an append returned (see
``_filehead``). Appends lock the stream's file itself (``fcntl.flock``, exclusive; no
separate lock files), catch up on what other processes appended since this store last
looked (only the new bytes are read), write the whole batch with one ``write`` and
``fsync``, then the head (one in-place ``pwrite`` and ``fsync``) before returning. Any write
or fsync error cuts the file back to where the batch began (``ftruncate`` and ``fsync``)
before the error is raised, so a failed append leaves nothing.

Readers take the shared lock just long enough to learn the file's size and its head, then
read lazily without blocking writers; every read checks every line's hash and the chain
from where it starts (the file's first line, or a point this store verified before), and
that the records end exactly at the acknowledged head: fewer records, or another hash at
the head's version, is an ``IntegrityError`` saying how many acknowledged records are
missing, and nothing is cut. Only the bytes after the acknowledged head were never
acknowledged (an append that crashed, or failed and could not cut them off): they are never
read, they are reported (``TornTailWarning`` and ``FileStore.torn_tails``), and the next
append removes them under the lock, first copying any whole lines among them to
``<stream>.jsonl.unacknowledged``.

A stream without a head file (written by an earlier release, or the shipped dataset) reads
as before: every whole line is a record, and only a last line without its newline is a torn
write. Its first append writes its head, for what it holds, before writing the batch; so
does the first append of a new stream.

Stream and head files are opened with ``O_NOFOLLOW``: a symbolic link in the directory is
refused, never followed. ``read_lazy`` (what a ``Timeline`` loads) checks exactly what
``read`` checks; its records carry the event dict parsed while checking, and decode the
event only when asked.
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
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeVar

import attrs

from mopr_timeline.events import Event, Retracted
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
from mopr_timeline.store._filehead import (
    HEAD_SUFFIX,
    UNACKNOWLEDGED_SUFFIX,
    Acknowledged,
    blank_slot,
    create_head,
    fsync_directory,
    read_head,
    set_aside,
    write_slot,
)
from mopr_timeline.store._filescan import (
    Cursor,
    Known,
    Make,
    Records,
    check_acknowledged,
    check_torn,
    last_complete_line,
    line_hashes,
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
_COPY_BLOCK = 1 << 20


class TornTailWarning(UserWarning):
    """A stream file ends in bytes that were never acknowledged (a crashed or failed append)."""


@attrs.frozen
class TornTail:
    """Bytes at the end of a stream file that were never acknowledged: from the 1-based line
    ``line`` on, ``size`` bytes, ``lines`` of them whole lines (a torn write has none)."""

    path: Path
    line: int
    size: int
    lines: int = 0

    def __str__(self) -> str:
        if not self.lines:
            return (
                f"{self.path}:{self.line}: {self.size} bytes of a torn write (an append that "
                "crashed before it was acknowledged); they are not read, and the next append "
                "removes them"
            )
        plural = "s" if self.lines > 1 else ""
        return (
            f"{self.path}:{self.line}: {self.size} bytes after the last acknowledged record "
            f"({self.lines} whole line{plural}) were never acknowledged (an append that crashed "
            f"or failed, or a writer that does not keep {self.path.name}{HEAD_SUFFIX}); they "
            f"are not read, and the next append moves them to "
            f"{self.path.name}{UNACKNOWLEDGED_SUFFIX}"
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


def _version(
    _stream: str,
    version: int,
    _recorded_at: _dt.datetime,
    _text: bytes,
    _line: int,
    _where: Where,
    _data: Any,
) -> int:
    return version


class FileStore(Store):
    """Streams as hash-chained JSON Lines files in ``directory`` (created if missing).

    ``read_only``: the directory must exist and nothing is ever written (appends are
    refused). Reads never write in any case.
    """

    def __init__(self, directory: str | os.PathLike[str], *, read_only: bool = False) -> None:
        self.directory = Path(directory)
        self.read_only = read_only
        if self.directory.exists() and not self.directory.is_dir():
            raise StoreError(f"{self.directory} is a file, not a directory for a FileStore")
        if read_only:
            if not self.directory.is_dir():
                raise StoreError(f"no FileStore directory at {self.directory}")
        else:
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise StoreError(
                    f"cannot create the store directory {self.directory}: {exc}"
                ) from exc
        self.torn_tails: dict[str, TornTail] = {}
        self._known: dict[str, Known] = {}
        self._mutex = threading.Lock()

    def __repr__(self) -> str:
        return f"FileStore({str(self.directory)!r})"

    def path(self, stream: str) -> Path:
        """The file holding ``stream``."""
        return self.directory / f"{validate_stream_name(stream)}{_SUFFIX}"

    def head_path(self, stream: str) -> Path:
        """The file holding ``stream``'s acknowledged head (``<stream>.jsonl.head``)."""
        return _head_of(self.path(stream))

    # --- appending ------------------------------------------------------------------------

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        path = self.path(stream)
        head = _head_of(path)
        stored = encode_stored(events)
        with self._mutex, open_locked(path, "a+b", fcntl.LOCK_EX) as file:
            known, acknowledged = self._catch_up(stream, path, file, self._known.pop(stream, None))
            self._known[stream] = known
            tail = known.tail
            check_expected_version(stream, expected_version, tail.version)
            if not events:
                return tail.version
            for event in events:
                if event.id in known.ids:
                    raise DuplicateEventError(stream, event.id, "is already in the stream")
            created = acknowledged is None
            if acknowledged is None:
                acknowledged = Acknowledged(version=tail.version, hash=tail.hash, size=tail.offset)
                try:
                    create_head(head, acknowledged)
                except OSError as exc:
                    raise StoreError(
                        f"{head}: cannot write the stream's head file ({exc.strerror or exc}); "
                        "nothing was appended"
                    ) from exc
            recorded_at = next_recorded_at(tail.recorded_at)
            stamp = format_time(recorded_at)
            lines, digest = [], tail.hash
            for version, item in enumerate(stored, start=tail.version + 1):
                line, digest = encode_line(version, stamp, item.text, digest)
                lines.append(line)
            data = "".join(lines).encode()
            start = tail.offset
            try:
                write_all(file.fileno(), data)
                os.fsync(file.fileno())
                if start == 0 and not created:  # (creating the head fsynced the directory)
                    fsync_directory(self.directory)
            except OSError as exc:
                del self._known[stream]
                raise _undone(path, head, file, start, exc, None) from exc
            updated = acknowledged.next(tail.version + len(events), digest, start + len(data))
            try:
                write_slot(head, updated)
            except (OSError, StoreError) as exc:
                del self._known[stream]
                raise _undone(path, head, file, start, exc, updated) from exc
            known.mark(tail)
            known.ids.update(event.id for event in events)
            known.retractions.update(e.id for e in events if type(e) is Retracted)
            tail.offset += len(data)
            tail.line += len(events)
            tail.version += len(events)
            tail.hash = digest
            tail.recorded_at = recorded_at
            tail.last_line = lines[-1].encode()
            known.mark(tail)
            self.torn_tails.pop(stream, None)
            return tail.version

    def _catch_up(
        self, stream: str, path: Path, file: IO[bytes], known: Known | None
    ) -> tuple[Known, Acknowledged | None]:
        """Verify what was appended since ``known`` (all of it the first time), collecting
        event ids, and check it against the acknowledged head; then remove the bytes after
        the acknowledged head (or, without a head, a torn last line). Runs under the
        exclusive lock; returns what is known and the head."""
        head = _head_of(path)
        acknowledged = read_head(head)
        size = os.fstat(file.fileno()).st_size
        end = size if acknowledged is None else min(size, acknowledged.size)
        if known is None or not known.tail.still_there(file, end):
            known = Known()
        tail = known.tail
        records = Records(
            file,
            tail,
            end,
            path=path,
            stream=stream,
            after=_ALL,
            ids=known.ids,
            make=LazyRecord,
            retractions=known.retractions,
        )
        collections.deque(records, maxlen=0)
        if acknowledged is None:
            if records.leftover:
                check_torn(path, tail.line + 1, records.leftover)
                _cut(path, file, tail.offset, None)
        else:
            check_acknowledged(path, head, acknowledged, tail, records.leftover)
            if size > acknowledged.size:
                _cut(path, file, acknowledged.size, size)
        return known, acknowledged

    def _targets(self, stream: str, ids: Collection[str]) -> Mapping[str, bool]:
        """Looked up in what this store knows of the stream, after catching up under the
        exclusive lock (as the append that follows does)."""
        path = self.path(stream)
        if not path.exists() and not _head_of(path).exists():
            return {}
        with self._mutex, open_locked(path, "a+b", fcntl.LOCK_EX) as file:
            known, _ = self._catch_up(stream, path, file, self._known.pop(stream, None))
            self._known[stream] = known
            return {i: i in known.retractions for i in ids if i in known.ids}

    # --- reading --------------------------------------------------------------------------

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        return self._records(stream, after, _decoded)

    def _read_lazy(self, stream: str, after: int) -> Iterator[RecordedEvent | LazyRecord]:
        return self._records(stream, after, LazyRecord)

    def _records(self, stream: str, after: int, make: Make[R]) -> Iterator[R]:
        """The records after version ``after`` as ``make`` builds them, checked while iterating.

        The committed size and the head are taken now; the chain is checked from the file's
        start or a remembered verified point, up to the acknowledged head. A read of the
        whole stream leaves this store knowing the stream: its ids and retractions for the
        next append (taken from the stored dicts, as an append's catch-up does), and points
        to resume later reads from.
        """
        path = self.path(stream)
        opened = _open_acknowledged(path)
        if opened is None:
            return iter(())
        file, size, end, acknowledged = opened
        start = None
        if after > 0:
            with self._mutex:
                known = self._known.get(stream)
                start = None if known is None else known.resume_point(after)
            if start is not None and not start.still_there(file, end):
                start = None
        cursor = start or Cursor()
        whole = cursor.offset == 0 and after == 0
        collected = Known() if whole else None
        records = Records(
            file,
            cursor,
            end,
            path=path,
            stream=stream,
            after=after,
            ids=set() if collected is None else collected.ids,
            make=make,
            retractions=None if collected is None else collected.retractions,
        )
        return self._verified(stream, path, file, records, acknowledged, size, collected)

    def _verified(
        self,
        stream: str,
        path: Path,
        file: IO[bytes],
        records: Records[R],
        acknowledged: Acknowledged | None,
        size: int,
        collected: Known | None,
    ) -> Iterator[R]:
        with file:
            yield from records
            cursor = records.cursor
            self._check_end(stream, path, file, cursor, records.leftover, acknowledged, size)
        if acknowledged is None and records.leftover:
            collected = None
        self._remember(stream, cursor, collected)

    def _check_end(
        self,
        stream: str,
        path: Path,
        file: IO[bytes],
        cursor: Cursor,
        leftover: bytes,
        acknowledged: Acknowledged | None,
        size: int,
    ) -> None:
        """Where a read ended (``cursor``, then ``leftover``), checked against the
        acknowledged head (``IntegrityError``); bytes never acknowledged are reported."""
        if acknowledged is None:
            if leftover:
                check_torn(path, cursor.line + 1, leftover)
                self._report_torn(stream, TornTail(path, cursor.line + 1, len(leftover)))
            return
        check_acknowledged(path, _head_of(path), acknowledged, cursor, leftover)
        if size > acknowledged.size:
            lines = _count_lines(file, acknowledged.size, size)
            self._report_torn(
                stream, TornTail(path, cursor.line + 1, size - acknowledged.size, lines)
            )

    def _remember(self, stream: str, cursor: Cursor, collected: Known | None) -> None:
        """Keep what a finished read verified: a resume point, or the whole stream's state."""
        with self._mutex:
            known = self._known.get(stream)
            if known is None and collected is not None:
                known = self._known[stream] = Known(
                    tail=cursor.copy(), ids=collected.ids, retractions=collected.retractions
                )
            if known is not None:
                known.mark(cursor)

    def _report_torn(self, stream: str, torn: TornTail) -> None:
        if self.torn_tails.get(stream) != torn:
            self.torn_tails[stream] = torn
            warnings.warn(str(torn), TornTailWarning, stacklevel=4)

    def _chain(self, stream: str) -> Iterator[tuple[int, str, str]]:
        """The hashes the stream's lines carry, every line and the head checked."""
        path = self.path(stream)
        opened = _open_acknowledged(path)
        if opened is None:
            return
        file, size, end, acknowledged = opened
        cursor = Cursor()
        with file:
            leftover: bytes = yield from line_hashes(file, end, path, cursor)
            self._check_end(stream, path, file, cursor, leftover, acknowledged, size)

    def _current_version(self, stream: str) -> int:
        """The acknowledged head's version, once the line ending at the head is found to be
        the head's record (its own hash checked; the chain is checked by reads and appends).
        Without a head file: the last complete line's version, read backwards from the end.
        When the line is not the head's, the whole stream is read to say what is wrong."""
        path = self.path(stream)
        head = _head_of(path)
        with self._mutex:
            known = self._known.get(stream)
        try:
            with open_locked(path, "rb", fcntl.LOCK_SH) as file:
                size = os.fstat(file.fileno()).st_size
                acknowledged = read_head(head)
                tail = None if known is None else known.tail
                if acknowledged is not None:
                    if _at_head(file, size, acknowledged, tail):
                        return acknowledged.version
                elif tail is not None and tail.offset == size and tail.still_there(file, size):
                    return tail.version
                else:
                    return _last_version(path, file, size)
        except FileNotFoundError:
            _check_missing(path, head)
            return 0
        return max(self._records(stream, 0, _version), default=0)

    def _streams(self) -> Iterable[str]:
        """Stream files with at least one byte, and streams whose head acknowledges records
        (or cannot be read) whatever became of their file; other files are not streams."""
        names = set()
        for path in self.directory.glob(f"*{_SUFFIX}"):
            name = path.name[: -len(_SUFFIX)]
            with contextlib.suppress(StreamNameError, OSError):
                if validate_stream_name(name) and path.is_file() and path.stat().st_size > 0:
                    names.add(name)
        for head in self.directory.glob(f"*{_SUFFIX}{HEAD_SUFFIX}"):
            name = head.name[: -len(_SUFFIX + HEAD_SUFFIX)]
            with contextlib.suppress(StreamNameError):
                validate_stream_name(name)
                try:
                    acknowledged = read_head(head)
                except StoreError:
                    names.add(name)
                else:
                    if acknowledged is not None and acknowledged.version > 0:
                        names.add(name)
        return names


def _head_of(path: Path) -> Path:
    return path.with_name(path.name + HEAD_SUFFIX)


def _open_acknowledged(path: Path) -> tuple[IO[bytes], int, int, Acknowledged | None] | None:
    """The stream file at ``path`` opened at its committed size: the file, that size, where
    reads end (the acknowledged head's size when there is a head, else the size) and the
    head. None for a missing file, an empty stream (``IntegrityError`` when its head
    acknowledges records)."""
    head = _head_of(path)
    try:
        file, size, acknowledged = open_committed(path, head)
    except FileNotFoundError:
        _check_missing(path, head)
        return None
    end = size if acknowledged is None else min(size, acknowledged.size)
    return file, size, end, acknowledged


def _check_missing(path: Path, head: Path) -> None:
    """A missing stream file is an empty stream, unless its head acknowledges records."""
    acknowledged = read_head(head)
    if acknowledged is not None and acknowledged.version > 0:
        count = acknowledged.version
        are = "records are" if count > 1 else "record is"
        raise IntegrityError(
            str(path),
            f"the stream file is missing: {count} acknowledged {are} missing "
            f"({head.name} acknowledges {count})",
        )


def _at_head(file: IO[bytes], size: int, acknowledged: Acknowledged, tail: Cursor | None) -> bool:
    """Does the file's line ending at the acknowledged size carry the head's version and
    hash (or is it this store's verified end, unchanged)?"""
    if acknowledged.version == 0:
        return acknowledged.size == 0
    if size < acknowledged.size:
        return False
    if (
        tail is not None
        and (tail.offset, tail.version, tail.hash)
        == (acknowledged.size, acknowledged.version, acknowledged.hash)
        and tail.still_there(file, size)
    ):
        return True
    last = last_complete_line(file, acknowledged.size)
    if last is None or last[0] + len(last[1]) + 1 != acknowledged.size:
        return False
    try:
        parsed = parse_line(last[1], "")
    except IntegrityError:
        return False
    return (parsed.version, parsed.hash) == (acknowledged.version, acknowledged.hash)


def _last_version(path: Path, file: IO[bytes], size: int) -> int:
    """The version of the last complete line (a stream without a head file)."""
    last = last_complete_line(file, size)
    if last is None:
        return 0
    start, raw = last
    try:
        return parse_line(raw, f"{path}:?").version
    except IntegrityError as exc:
        location = f"{path}:{line_number_at(file, start)}"
        raise IntegrityError(location, exc.reason) from None


def _count_lines(file: IO[bytes], start: int, end: int) -> int:
    """The newlines in bytes ``start`` to ``end`` of ``file``."""
    count = 0
    while start < end:
        block = os.pread(file.fileno(), min(_COPY_BLOCK, end - start), start)
        if not block:
            break
        count += block.count(b"\n")
        start += len(block)
    return count


def _cut(path: Path, file: IO[bytes], offset: int, size: int | None) -> None:
    """Remove the file's bytes after ``offset`` (never acknowledged), under the exclusive
    lock. With ``size`` (bytes after an acknowledged head), whole lines among them are first
    appended to ``<stream>.jsonl.unacknowledged``."""
    try:
        if size is not None and _count_lines(file, offset, size):
            aside = path.with_name(path.name + UNACKNOWLEDGED_SUFFIX)
            position = offset
            while position < size:
                block = os.pread(file.fileno(), min(_COPY_BLOCK, size - position), position)
                if not block:
                    break
                set_aside(aside, block)
                position += len(block)
        os.ftruncate(file.fileno(), offset)
        os.fsync(file.fileno())
    except OSError as exc:
        raise StoreError(
            f"{path}: cannot remove the bytes after byte {offset}, which were never "
            f"acknowledged ({exc.strerror or exc}); nothing was appended"
        ) from exc


def _undone(
    path: Path,
    head: Path,
    file: IO[bytes],
    start: int,
    error: OSError | StoreError,
    written: Acknowledged | None,
) -> StoreError:
    """Undo a failed append (the head's new slot blanked if ``written``, the file cut back to
    ``start``) and return the error saying what happened.

    When the new head cannot be blanked, the batch is left in place (the head may already
    acknowledge it, and cutting it would make the acknowledged records missing); when the
    file cannot be cut, the head still ends before the batch, so its bytes are never read
    and the next append removes them.
    """
    reason = (error.strerror if isinstance(error, OSError) else None) or str(error)
    if written is not None:
        try:
            blank_slot(head, written.sequence)
        except (OSError, StoreError) as exc:
            undo = (exc.strerror if isinstance(exc, OSError) else None) or exc
            return StoreError(
                f"{path}: the append's head could not be written ({reason}), nor undone "
                f"({undo}): the batch may have been appended; check current_version() (or "
                "the event ids) before appending it again"
            )
    try:
        os.ftruncate(file.fileno(), start)
        os.fsync(file.fileno())
    except OSError as exc:
        return StoreError(
            f"{path}: the append failed ({reason}), and cutting the file back to {start} bytes "
            f"failed too ({exc.strerror or exc}); nothing was appended: the bytes after the "
            f"acknowledged head ({head.name}) are never read, and the next append removes them"
        )
    return StoreError(
        f"{path}: the append failed ({reason}); the file was cut back to where the batch "
        "began: nothing was appended"
    )
