"""Walking a FileStore stream file: verified records, cursors, the last line, locks.

``Records`` reads a file's lines from a ``Cursor`` on, checking each as it goes (the loop
every read and every append's catch-up runs). A ``Cursor`` stands right after a line whose
hash and place in the chain were checked; it moves forward one line at a time and refuses a
line that does not continue the chain. ``Known`` is what one FileStore remembers about a
stream between calls: the verified end, every event id (and which ids are retractions), and
a few recent cursors to resume reads from. ``check_acknowledged`` compares where a scan ended
with the stream's acknowledged head (``_filehead``).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import fcntl
import hashlib
import io
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from typing import IO, Any, Generic, TypeVar, cast

import attrs

from mopr_timeline.events import Retracted
from mopr_timeline.store._base import IntegrityError, RecordError, StoreError
from mopr_timeline.store._codec import cached_time, format_time, loads, parse_time
from mopr_timeline.store._filehead import Acknowledged, open_regular, read_head
from mopr_timeline.store._jsonl import EVENT_MEMBER, HASH_MEMBER, LINE_END, ParsedLine, parse_line
from mopr_timeline.store._lazy import Where

__all__ = [
    "Cursor",
    "Known",
    "Make",
    "Records",
    "check_acknowledged",
    "check_torn",
    "last_complete_line",
    "line_hashes",
    "line_number_at",
    "open_committed",
    "open_locked",
    "write_all",
]

R = TypeVar("R")
_MARKS_KEPT = 64
_BACKWARD_STEP = 8192
_READ_BLOCK = 1 << 20
_EVENT_START = len(EVENT_MEMBER)
_HASH_START = len(HASH_MEMBER)
_HASH_SPAN = _HASH_START + 64
"""From the hash member's comma to the hash's closing quote."""
_LINE_END = LINE_END + b"\n"
_NO_STAMP = b"\n"
"""No record time yet: expected bytes holding it match no line."""
_STAMP_START = _HASH_SPAN + len(b'","prev":"') + 64 + len(b'","recorded_at":"')
"""Where the record time starts in a line that follows another, from its hash member."""
_STAMP = re.compile(rb"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}\+00:00")
"""A record time as ``format_time`` writes it."""
_RETRACTED = Retracted.kind


@attrs.define
class Cursor:
    """Right after line ``line`` (version ``version``) ending at byte ``offset``."""

    offset: int = 0
    line: int = 0
    version: int = 0
    hash: str = ""
    recorded_at: _dt.datetime | None = None
    last_line: bytes = b""

    def still_there(self, file: IO[bytes], size: int) -> bool:
        """Do the file's bytes still end this cursor's line as they did when it was read?"""
        start = self.offset - len(self.last_line)
        return self.offset <= size and (
            os.pread(file.fileno(), len(self.last_line), start) == self.last_line
        )

    def advance(self, parsed: ParsedLine, location: str, offset: int, raw: bytes) -> None:
        """Step over the next line after checking that it continues the chain."""
        if parsed.prev != self.hash:
            raise IntegrityError(
                location,
                "the hash chain is broken: this record follows "
                f"{parsed.prev or 'nothing'!r}, the previous record is {self.hash or 'none'!r} "
                "(a record was inserted, removed or reordered)",
            )
        if parsed.version != self.version + 1:
            raise IntegrityError(
                location, f"expected version {self.version + 1}, found {parsed.version}"
            )
        if self.recorded_at is not None and parsed.recorded_at < self.recorded_at:
            raise IntegrityError(location, "recorded_at goes back in time")
        self.offset = offset
        self.line += 1
        self.version = parsed.version
        self.hash = parsed.hash
        self.recorded_at = parsed.recorded_at
        self.last_line = raw + b"\n"

    def copy(self) -> Cursor:
        return attrs.evolve(self)


@attrs.define
class Known:
    """A stream file as far as this store has verified it: its end, every event id, the ids
    of its retractions, and cursors to resume reads from."""

    tail: Cursor = attrs.Factory(Cursor)
    ids: set[str] = attrs.Factory(set)
    retractions: set[str] = attrs.Factory(set)
    marks: OrderedDict[int, Cursor] = attrs.Factory(OrderedDict)

    def mark(self, cursor: Cursor) -> None:
        """Remember a verified cursor as a place to resume reads after its version."""
        self.marks[cursor.version] = cursor.copy()
        self.marks.move_to_end(cursor.version)
        while len(self.marks) > _MARKS_KEPT:
            self.marks.popitem(last=False)

    def resume_point(self, after: int) -> Cursor | None:
        """The remembered cursor closest before or at version ``after``."""
        best = None
        for version, cursor in self.marks.items():
            if version <= after and (best is None or version > best.version):
                best = cursor
        return None if best is None else best.copy()


Make = Callable[[str, int, _dt.datetime, bytes, int, Where, Any], R]
"""Builds a record from its stream, version, record time, event text, line number, where
(line to location) and parsed event: ``LazyRecord`` itself, or a decoding function."""


class Records(Generic[R]):
    """The records of a file's complete lines from ``cursor`` up to byte ``end``, verified.

    Iterating yields what ``make`` builds (a ``LazyRecord``, say) for each line after version
    ``after``, adds every event id to ``ids`` (and the ids of retractions to ``retractions``,
    when given), and leaves ``cursor`` after the last complete line and any partial last line
    in ``leftover``. Each line is checked as
    ``parse_line`` and ``Cursor.advance`` check it, in one loop over blocks of the file: a
    line that continues the chain as expected (the previous hash, the next version, the
    same record time, or for a new batch a later one in ``format_time``'s form) must end in
    exactly the bytes that follow from those, which leaves its own hash and its event to
    compute. Any other line (the first, or one written otherwise) goes through
    ``parse_line`` and ``Cursor.advance``, which accept the same lines and say what is
    wrong with the rest.
    """

    def __init__(
        self,
        file: IO[bytes],
        cursor: Cursor,
        end: int,
        *,
        path: Path,
        stream: str,
        after: int,
        ids: set[str],
        make: Make[R],
        retractions: set[str] | None = None,
    ) -> None:
        self.cursor = cursor
        self.leftover = b""
        self._file = file
        self._end = end
        self.where = lines_of(path)
        self._stream = stream
        self._after = after
        self._ids = ids
        self._make = make
        self._retractions = retractions

    def __iter__(self) -> Iterator[R]:
        cursor, after, ids, stream, where = (
            self.cursor,
            self._after,
            self._ids,
            self._stream,
            self.where,
        )
        sha256, parse, make, line_end = hashlib.sha256, loads, self._make, _LINE_END
        retractions = self._retractions
        fd, offset, end = self._file.fileno(), cursor.offset, self._end
        line, version, moment = cursor.line, cursor.version, cursor.recorded_at
        digest = cursor.hash.encode()
        stamp = _NO_STAMP if moment is None else format_time(moment).encode()
        first_line, pending, raw = line, b"", b""
        while offset < end:
            block = os.pread(fd, min(_READ_BLOCK, end - offset), offset)
            if not block:
                break
            offset += len(block)
            lines = io.BytesIO(pending + block).readlines()
            pending = b"" if lines[-1][-1:] == b"\n" else lines.pop()
            for raw in lines:
                line += 1
                expected = line_end % (digest, stamp, version + 1)
                at = len(raw) - len(expected) - _HASH_SPAN
                text, new_stamp, new_moment = None, stamp, moment
                fits = raw[at + _HASH_SPAN :] == expected
                if not fits and at > _EVENT_START:
                    new_stamp = raw[at + _STAMP_START : at + _STAMP_START + len(stamp)]
                    new_moment = _later_time(new_stamp, moment)
                    expected = line_end % (digest, new_stamp, version + 1)
                    fits = new_moment is not None and raw[at + _HASH_SPAN :] == expected
                if (
                    fits
                    and at > _EVENT_START
                    and raw[at : at + _HASH_START] == HASH_MEMBER
                    and raw[:_EVENT_START] == EVENT_MEMBER
                ):
                    hashed = sha256(raw[:at])
                    hashed.update(raw[at + _HASH_SPAN + 1 : -1])
                    actual = hashed.hexdigest().encode()
                    if raw[at + _HASH_START : at + _HASH_SPAN] == actual:
                        text = raw[_EVENT_START:at]
                        try:
                            data = parse(text)
                        except ValueError:
                            text = None
                        else:
                            digest, version = actual, version + 1
                            stamp, moment = new_stamp, new_moment
                if text is None:
                    location, whole = where(line, version + 1), raw[:-1]
                    parsed = parse_line(whole, location)
                    cursor.line, cursor.version = line - 1, version
                    cursor.hash, cursor.recorded_at = digest.decode(), moment
                    cursor.advance(parsed, location, 0, whole)
                    version, moment = parsed.version, parsed.recorded_at
                    text, data = parsed.event_text, parsed.event
                    digest, stamp = parsed.hash.encode(), format_time(moment).encode()
                if type(data) is dict:
                    event_id = data.get("id")
                    if type(event_id) is str:
                        ids.add(event_id)
                        if retractions is not None and data.get("type") == _RETRACTED:
                            retractions.add(event_id)
                if version > after:
                    yield make(stream, version, cast(_dt.datetime, moment), text, line, where, data)
        self.leftover = pending
        if line > first_line:
            cursor.offset, cursor.line, cursor.version = offset - len(pending), line, version
            cursor.hash, cursor.recorded_at, cursor.last_line = digest.decode(), moment, raw


def _later_time(stamp: bytes, previous: _dt.datetime | None) -> _dt.datetime | None:
    """The time ``stamp`` spells as ``format_time`` writes it, if not before ``previous``;
    else None, leaving the line to the careful reading (which says what is wrong)."""
    if previous is None or _STAMP.fullmatch(stamp) is None:
        return None
    text = stamp.decode()
    moment = cached_time(text)
    if moment is None:
        try:
            moment = parse_time(text, "")
        except RecordError:
            return None
    return moment if moment >= previous else None


def lines_of(path: Path) -> Where:
    """Locations of the lines of ``path`` as errors name them (``file:line``)."""
    prefix = f"{path}:"

    def where(line: int, _version: int = 0) -> str:
        return f"{prefix}{line}"

    return where


def last_complete_line(file: IO[bytes], size: int) -> tuple[int, bytes] | None:
    """``(start offset, bytes)`` of the file's last newline-terminated line, read backwards."""
    buffer, position = b"", size
    while position > 0:
        step = min(_BACKWARD_STEP, position)
        position -= step
        buffer = os.pread(file.fileno(), step, position) + buffer
        end = buffer.rfind(b"\n")
        if end < 0:
            continue
        start = buffer.rfind(b"\n", 0, end) + 1
        if start > 0 or position == 0:
            return position + start, buffer[start:end]
    return None


def line_number_at(file: IO[bytes], offset: int) -> int:
    """The 1-based number of the line starting at ``offset`` (for error messages)."""
    count, done = 1, 0
    while done < offset:
        chunk = os.pread(file.fileno(), min(1 << 20, offset - done), done)
        if not chunk:
            break
        count += chunk.count(b"\n")
        done += len(chunk)
    return count


def check_torn(path: Path, line: int, leftover: bytes) -> None:
    """A whole record followed by a stray byte is a damaged newline (corruption), not a torn
    write: an append writes each record and its newline together, before acknowledging."""
    try:
        parse_line(leftover[:-1], f"{path}:{line}")
    except IntegrityError:
        return
    raise IntegrityError(
        f"{path}:{line}", "the record's line ending was altered (history was edited)"
    )


def check_acknowledged(
    path: Path, head: Path, acknowledged: Acknowledged, cursor: Cursor, leftover: bytes
) -> None:
    """Raise ``IntegrityError`` unless a scan of ``path`` up to the acknowledged size ended
    exactly at the acknowledged record (``cursor``, with no ``leftover`` partial line).

    Fewer records than acknowledged: the error says how many acknowledged records are
    missing. The acknowledged version with another hash, or more records than acknowledged
    in the acknowledged bytes: the history up to it was rewritten.
    """
    if (
        cursor.version == acknowledged.version
        and cursor.hash == acknowledged.hash
        and cursor.offset == acknowledged.size
        and not leftover
    ):
        return
    said = f"{head.name} acknowledges {acknowledged.version} records ({acknowledged.size} bytes)"
    if cursor.version < acknowledged.version:
        if leftover:
            check_torn(path, cursor.line + 1, leftover)
        missing = acknowledged.version - cursor.version
        partial = f", then {len(leftover)} bytes of a line without its end" if leftover else ""
        raise IntegrityError(
            f"{path}:{cursor.line + 1}",
            f"{missing} acknowledged record{'s are' if missing > 1 else ' is'} missing: {said}, "
            f"the file holds {cursor.version} whole records{partial} (the file was cut short, "
            "or records were removed)",
        )
    if cursor.version == acknowledged.version:
        raise IntegrityError(
            f"{path}:{cursor.line}",
            f"record {cursor.version} has the hash {cursor.hash or 'none'!r} but {head.name} "
            f"acknowledged {acknowledged.hash!r}: the history up to it was rewritten",
        )
    raise IntegrityError(
        f"{path}:{cursor.line}",
        f"the file's first {acknowledged.size} bytes hold {cursor.version} records, but "
        f"{said}: the history was rewritten",
    )


def line_hashes(
    file: IO[bytes], end: int, path: Path, cursor: Cursor
) -> Generator[tuple[int, str, str], None, bytes]:
    """``(version, chain hash, location)`` of each whole line of ``file`` before byte ``end``,
    every line checked as ``parse_line`` and ``Cursor.advance`` check it (``cursor``, from the
    file's start, ends after the last whole line); returns the partial line after it."""
    where = lines_of(path)
    offset, pending = 0, b""
    while offset < end:
        block = os.pread(file.fileno(), min(_READ_BLOCK, end - offset), offset)
        if not block:
            break
        line_end = offset - len(pending)
        offset += len(block)
        lines = (pending + block).split(b"\n")
        pending = lines.pop()
        for raw in lines:
            line_end += len(raw) + 1
            location = where(cursor.line + 1, cursor.version + 1)
            cursor.advance(parse_line(raw, location), location, line_end, raw)
            yield cursor.version, cursor.hash, location
    return pending


@contextlib.contextmanager
def open_locked(path: Path, mode: str, operation: int) -> Iterator[IO[bytes]]:
    """``path`` opened with ``mode`` (``"rb"``, or ``"a+b"`` creating it) and ``flock``-ed;
    a symbolic link or anything but a regular file is refused (``StoreError``) and
    ``FileNotFoundError`` passes through."""
    flags = os.O_RDWR | os.O_APPEND | os.O_CREAT if "a" in mode else os.O_RDONLY
    file = os.fdopen(open_regular(path, flags), mode, buffering=0)
    with file:
        try:
            fcntl.flock(file.fileno(), operation)
        except OSError as exc:
            raise StoreError(f"cannot lock {path}: {exc.strerror or exc}") from exc
        yield file


def open_committed(path: Path, head: Path) -> tuple[IO[bytes], int, Acknowledged | None]:
    """The file open for reading, its size while no append was in flight, and its head.

    The shared lock is held only to read the size and the head file, so a long read never
    blocks writers.
    """
    file = os.fdopen(open_regular(path, os.O_RDONLY), "rb", buffering=0)
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_SH)
        try:
            end = os.fstat(file.fileno()).st_size
            acknowledged = read_head(head)
        finally:
            fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    except OSError as exc:
        file.close()
        raise StoreError(f"cannot lock {path}: {exc.strerror or exc}") from exc
    except BaseException:
        file.close()
        raise
    return file, end, acknowledged


def write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]
