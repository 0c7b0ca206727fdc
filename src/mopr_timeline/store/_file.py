"""FileStore: one hash-chained JSON Lines file per stream, ``<directory>/<stream>.jsonl``.

Appends lock the stream's file itself (``fcntl.flock``, exclusive), catch up on what other
processes appended since this store last looked (only the new bytes are read), write the
whole batch with one ``write`` and ``fsync`` before returning. Readers take the shared lock
just long enough to learn how many bytes are committed, then read lazily without blocking
writers. A last line without its newline is a torn write from a crash: it is never read as an
event, it is reported (``TornTailWarning`` and ``FileStore.torn_tails``), and the next append
cuts it off under the lock. Every read checks every line's hash and the chain between lines.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import fcntl
import os
import threading
import warnings
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO

import attrs

from mopr_timeline.events import Event
from mopr_timeline.store._base import (
    DuplicateEventError,
    IntegrityError,
    RecordedEvent,
    Store,
    StoreError,
    check_expected_version,
    next_recorded_at,
    validate_stream_name,
)
from mopr_timeline.store._codec import decode_event, encode_event, format_time
from mopr_timeline.store._jsonl import ParsedLine, encode_line, parse_line

__all__ = ["FileStore", "TornTail", "TornTailWarning"]

_SUFFIX = ".jsonl"


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


@attrs.define
class _Position:
    """How far a stream file has been read and checked, and what the chain says there."""

    offset: int = 0
    line: int = 0
    version: int = 0
    hash: str = ""
    recorded_at: _dt.datetime | None = None
    ids: set[str] = attrs.Factory(set)
    last_line: bytes = b""

    def still_there(self, file: IO[bytes], size: int) -> bool:
        """Do the file's bytes still end this position's last line as they did when read?"""
        start = self.offset - len(self.last_line)
        return self.offset <= size and (
            os.pread(file.fileno(), len(self.last_line), start) == self.last_line
        )

    def advance(self, parsed: ParsedLine, location: str, offset: int, raw: bytes) -> None:
        """Accept the next line after checking that it continues the chain."""
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
        self._positions: dict[str, _Position] = {}
        self._mutex = threading.Lock()

    def __repr__(self) -> str:
        return f"FileStore({str(self.directory)!r})"

    def path(self, stream: str) -> Path:
        """The file holding ``stream``."""
        return self.directory / f"{validate_stream_name(stream)}{_SUFFIX}"

    # --- appending ------------------------------------------------------------------------

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        path = self.path(stream)
        with self._mutex, _open_locked(path, "a+b", fcntl.LOCK_EX) as file:
            try:
                position = self._catch_up(path, file, self._positions.get(stream))
            except BaseException:
                self._positions.pop(stream, None)
                raise
            self._positions[stream] = position
            check_expected_version(stream, expected_version, position.version)
            if not events:
                return position.version
            ids = position.ids
            for event in events:
                if event.id in ids:
                    raise DuplicateEventError(stream, event.id, "is already in the stream")
            recorded_at = next_recorded_at(position.recorded_at)
            stamp = format_time(recorded_at)
            lines = []
            digest = position.hash
            for version, event in enumerate(events, start=position.version + 1):
                line, digest = encode_line(version, stamp, encode_event(event), digest)
                lines.append(line)
            data = "".join(lines).encode()
            created = position.offset == 0
            try:
                _write_all(file.fileno(), data)
                os.fsync(file.fileno())
                if created:
                    _fsync_directory(self.directory)
            except OSError as exc:
                self._positions.pop(stream, None)
                raise StoreError(f"{path}: the append failed, nothing acknowledged: {exc}") from exc
            ids.update(event.id for event in events)
            position.offset += len(data)
            position.line += len(events)
            position.version += len(events)
            position.hash = digest
            position.recorded_at = recorded_at
            position.last_line = lines[-1].encode()
            self.torn_tails.pop(stream, None)
            return position.version

    def _catch_up(self, path: Path, file: IO[bytes], known: _Position | None) -> _Position:
        """Read what was appended since ``known`` (all of it the first time); cut a torn tail."""
        position, leftover = _scan(path, file, known)
        if leftover:
            _check_torn(path, position.line + 1, leftover)
            file.truncate(position.offset)
            os.fsync(file.fileno())
        return position

    # --- reading --------------------------------------------------------------------------

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        path = self.path(stream)
        try:
            file, end = _open_committed(path)
        except FileNotFoundError:
            return iter(())
        return self._records(stream, path, file, end, after)

    def _records(
        self, stream: str, path: Path, file: IO[bytes], end: int, after: int
    ) -> Iterator[RecordedEvent]:
        with file:
            position = _Position()
            lines = _Lines(file, 0, end)
            for line_end, raw in lines:
                location = f"{path}:{position.line + 1}"
                parsed = parse_line(raw, location)
                position.advance(parsed, location, line_end, raw)
                if parsed.version > after:
                    yield RecordedEvent(
                        stream=stream,
                        version=parsed.version,
                        recorded_at=parsed.recorded_at,
                        event=decode_event(parsed.event, location),
                    )
            if lines.leftover:
                self._report_torn(stream, path, position.line + 1, lines.leftover)

    def _report_torn(self, stream: str, path: Path, line: int, leftover: bytes) -> None:
        _check_torn(path, line, leftover)
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
        path = self.path(stream)
        with self._mutex:
            try:
                with _open_locked(path, "rb", fcntl.LOCK_SH) as file:
                    position, _ = _scan(path, file, self._positions.get(stream))
            except FileNotFoundError:
                return 0
            self._positions[stream] = position
            return position.version

    def _streams(self) -> Iterable[str]:
        return [
            path.name[: -len(_SUFFIX)]
            for path in self.directory.glob(f"*{_SUFFIX}")
            if path.stat().st_size > 0
        ]


class _Lines:
    """The complete lines of a file between two offsets; ``leftover`` holds a partial last line."""

    def __init__(self, file: IO[bytes], start: int, end: int) -> None:
        self._file = file
        self._start = start
        self._end = end
        self.leftover = b""

    def __iter__(self) -> Iterator[tuple[int, bytes]]:
        file, offset, end = self._file, self._start, self._end
        file.seek(offset)
        while offset < end:
            raw = file.readline(end - offset)
            if not raw:
                break
            offset += len(raw)
            if raw[-1:] != b"\n":
                self.leftover = raw
                return
            yield offset, raw[:-1]


def _scan(path: Path, file: IO[bytes], known: _Position | None) -> tuple[_Position, bytes]:
    """Check the lines after ``known`` up to the end of the file, collecting event ids.

    Returns the new position and the partial last line (empty when there is none).
    """
    size = os.fstat(file.fileno()).st_size
    position = known if known is not None and known.still_there(file, size) else _Position()
    lines = _Lines(file, position.offset, size)
    for line_end, raw in lines:
        location = f"{path}:{position.line + 1}"
        parsed = parse_line(raw, location)
        position.advance(parsed, location, line_end, raw)
        event_id = parsed.event.get("id") if isinstance(parsed.event, dict) else None
        if isinstance(event_id, str):
            position.ids.add(event_id)
    return position, lines.leftover


def _check_torn(path: Path, line: int, leftover: bytes) -> None:
    """A leftover that is a whole record with a damaged newline is corruption, not a torn write."""
    try:
        parse_line(leftover[:-1], f"{path}:{line}")
    except IntegrityError:
        return
    raise IntegrityError(
        f"{path}:{line}", "the record's line ending was altered (history was edited)"
    )


@contextlib.contextmanager
def _open_locked(path: Path, mode: str, operation: int) -> Iterator[IO[bytes]]:
    try:
        file = open(path, mode)  # noqa: SIM115
    except IsADirectoryError as exc:
        raise StoreError(f"{path} is a directory, not a stream file") from exc
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"cannot open {path}: {exc}") from exc
    with file:
        fcntl.flock(file.fileno(), operation)
        yield file


def _open_committed(path: Path) -> tuple[IO[bytes], int]:
    """The file open for reading, and the size committed when no append was in flight."""
    try:
        file = open(path, "rb")  # noqa: SIM115
    except IsADirectoryError as exc:
        raise StoreError(f"{path} is a directory, not a stream file") from exc
    try:
        fcntl.flock(file.fileno(), fcntl.LOCK_SH)
        end = os.fstat(file.fileno()).st_size
        fcntl.flock(file.fileno(), fcntl.LOCK_UN)
    except OSError as exc:
        file.close()
        raise StoreError(f"cannot lock {path}: {exc}") from exc
    return file, end


def _write_all(fd: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def _fsync_directory(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)
