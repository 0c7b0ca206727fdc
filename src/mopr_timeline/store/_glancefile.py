"""Glance files: what indexing needs of a FileStore stream, kept beside it so loads parse nothing.

``<stream>.jsonl.glance`` is a cache of derived data. Each line describes one *segment*, a
run of whole records of the stream file: its byte range and the SHA-256 of those bytes, its
first version and line number, its record times, and per record the line's and the event's
length in bytes, the event id and the event's glance (kind, days, key). A load hashes each
segment's bytes in one call and takes the records from the segment only when the bytes are
identical to those verified when it was written, and when the segment's first and last lines
continue the chain as it says; from the first segment that fails (an edited stream, a stale or
damaged glance file) on, the stream is read and checked line by line, which names what is
wrong. Decoding an event checks it against its glance. The file may be deleted at any time.

A line is ``<SHA-256 of the payload, hex> <payload>`` with the payload ``Segment`` as JSON, so
a damaged or torn line is skipped rather than believed. Lines are only ever appended, under
the stream file's exclusive lock, after the stream's own bytes are durable.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import attrs
import cattrs
import orjson

from mopr_timeline.events._serial import Glance
from mopr_timeline.store._base import IntegrityError, RecordError
from mopr_timeline.store._codec import parse_time
from mopr_timeline.store._filescan import Cursor, Tally, write_all
from mopr_timeline.store._jsonl import EVENT_MEMBER, parse_line
from mopr_timeline.store._lazy import LazyRecord, Where

__all__ = [
    "GLANCE_SUFFIX",
    "MIN_NEW_RECORDS",
    "SEGMENT_RECORDS",
    "GlanceState",
    "Segment",
    "append_segments",
    "glance_path",
    "new_segments",
    "segment_records",
    "verified_segments",
]

GLANCE_SUFFIX = ".glance"
MIN_NEW_RECORDS = 1000
"""A glance file is created only by a lazy read that checked at least this many records line
by line, or by a stream's first append if it holds this many: short streams load fast enough
without one, and their directories stay uncluttered. Once it exists, every append extends it."""
SEGMENT_RECORDS = 8192
"""At most this many records per glance file line, so that no line is huge."""
_BACKWARD_BLOCK = 1 << 16
_NO_GLANCE = ("", "", 0, 0, "")
"""How a record without a glance is written: kind "" (its days and key are ignored)."""
_EVENT_START = len(EVENT_MEMBER)
_converter = cattrs.Converter()


def _homogeneous(kind: type) -> Callable[[object, object], list[object]]:
    """A structure hook taking a JSON list whose items are all exactly of ``kind`` as it is:
    a segment's columns hold thousands of items, which cattrs would convert one by one."""

    def structure(value: object, _: object) -> list[object]:
        if type(value) is not list or not set(map(type, value)) <= {kind}:
            raise TypeError(f"expected a list of {kind.__name__}")
        return value

    return structure


_converter.register_structure_hook_func(lambda kind: kind == list[int], _homogeneous(int))
_converter.register_structure_hook_func(lambda kind: kind == list[str], _homogeneous(str))


@attrs.frozen
class Segment:
    """Whole records of a stream file from byte ``start`` to ``end``, as a glance file keeps them.

    ``stamps`` are runs of record times: ``(count, recorded_at as format_time writes it)``.
    A record whose event has no glance (an older schema, a damaged event) has kind ``""``.
    """

    start: int
    end: int
    sha256: str
    version: int
    line: int
    stamps: list[tuple[int, str]]
    line_lengths: list[int]
    event_lengths: list[int]
    ids: list[str]
    kinds: list[str]
    lo: list[int]
    hi: list[int]
    keys: list[str]

    @property
    def count(self) -> int:
        return len(self.line_lengths)

    def is_sound(self) -> bool:
        """Do the segment's parts agree with each other (checked before its bytes are read)?"""
        count = self.count
        return (
            0 <= self.start < self.end
            and self.version >= 1
            and self.line >= 1
            and all(
                len(column) == count
                for column in (
                    self.event_lengths,
                    self.ids,
                    self.kinds,
                    self.lo,
                    self.hi,
                    self.keys,
                )
            )
            and sum(self.line_lengths) == self.end - self.start
            and sum(run for run, _ in self.stamps) == count
            and all(run >= 1 for run, _ in self.stamps)
        )


@attrs.define
class GlanceState:
    """A glance file as last read or written: ``size`` bytes, the first ``valid`` of them
    sound lines that describe the stream up to byte ``end``."""

    size: int = 0
    valid: int = 0
    end: int = 0


def glance_path(stream_path: Path) -> Path:
    """The glance file of a stream file."""
    return stream_path.with_name(stream_path.name + GLANCE_SUFFIX)


def _segment(line: bytes) -> Segment | None:
    """The segment a glance file line describes, or None if the line is damaged."""
    check, _, payload = line.partition(b" ")
    if hashlib.sha256(payload).hexdigest().encode() != check:
        return None
    try:
        segment = _converter.structure(orjson.loads(payload), Segment)
    except (ValueError, TypeError, KeyError, cattrs.BaseValidationError):
        return None
    return segment if segment.is_sound() else None


def verified_segments(
    stream_path: Path, fd: int, stream_end: int, state: GlanceState, cursor: Cursor
) -> Iterator[tuple[Segment, bytes]]:
    """The glance file's segments that describe the stream file's first bytes exactly, each
    with those bytes, in order, stopping at the first that does not.

    ``fd`` reads the stream file, whose committed size is ``stream_end``. ``state`` is filled
    in as the file is read; ``cursor`` ends up right after the last segment yielded.
    """
    try:
        file = open(glance_path(stream_path), "rb")  # noqa: SIM115
    except OSError:
        return
    with file:
        try:
            state.size = os.fstat(file.fileno()).st_size
            lines = _lines_up_to(file, state.size)
            for line in lines:
                segment = _segment(line[:-1])
                if segment is None or segment.start != cursor.offset or segment.end > stream_end:
                    return
                data = os.pread(fd, segment.end - segment.start, segment.start)
                if hashlib.sha256(data).hexdigest() != segment.sha256:
                    return
                after = _continued(segment, data, cursor, f"{stream_path}:{segment.line}")
                if after is None:
                    return
                cursor.take(after)
                state.valid += len(line)
                state.end = segment.end
                yield segment, data
        except OSError:
            return


def _lines_up_to(file: IO[bytes], size: int) -> Iterator[bytes]:
    """The file's complete lines (with their newline) within its first ``size`` bytes, one at
    a time: a glance file of a million records is tens of megabytes."""
    read = 0
    for line in file:
        read += len(line)
        if read > size or not line.endswith(b"\n"):
            return
        yield line


def _continued(segment: Segment, data: bytes, cursor: Cursor, location: str) -> Cursor | None:
    """Where the stream stands after ``segment``, if its lines end where it says, its first
    line continues the chain from ``cursor`` and its records are of the versions and times it
    says; else None."""
    ends = list(itertools.accumulate(segment.line_lengths))
    if bytes(data[end - 1] for end in ends) != b"\n" * segment.count:
        return None
    first_length, last_length = segment.line_lengths[0], segment.line_lengths[-1]
    try:
        first = parse_line(data[: first_length - 1], location)
        last = parse_line(data[-last_length:-1], location)
        times = [parse_time(stamp, location) for _, stamp in segment.stamps]
    except (IntegrityError, RecordError):
        return None
    if (
        first.prev != cursor.hash
        or segment.version != cursor.version + 1
        or segment.line != cursor.line + 1
        or times != sorted(times)
        or (cursor.recorded_at is not None and times[0] < cursor.recorded_at)
        or not _stamped(segment, data, ends)
    ):
        return None
    return Cursor(
        offset=segment.end,
        line=segment.line + segment.count - 1,
        version=last.version,
        hash=last.hash,
        recorded_at=last.recorded_at,
        last_line=data[-last_length:],
    )


def _stamped(segment: Segment, data: bytes, ends: list[int]) -> bool:
    """Do the first and the last record of each run of record times end in that time and in
    their version, as written? Times in a stream never go back, so then every record of the
    run has that time."""
    first = 0
    for run, stamp in segment.stamps:
        for index in (first, first + run - 1):
            tail = f'"recorded_at":"{stamp}","version":{segment.version + index}}}\n'.encode()
            if data[ends[index] - len(tail) : ends[index]] != tail:
                return False
        first += run
    return True


def segment_records(
    segment: Segment, data: bytes, stream: str, where: Where, after: int
) -> Iterator[LazyRecord]:
    """The segment's records after version ``after``, their events undecoded, with glances."""
    moments: list[_dt.datetime] = []
    for run, stamp in segment.stamps:
        moments.extend([parse_time(stamp, where(segment.line, segment.version))] * run)
    offset, version, line = 0, segment.version, segment.line
    for length, event_length, moment, kind, event_id, lo, hi, key in zip(
        segment.line_lengths,
        segment.event_lengths,
        moments,
        segment.kinds,
        segment.ids,
        segment.lo,
        segment.hi,
        segment.keys,
        strict=True,
    ):
        if version > after:
            start = offset + _EVENT_START
            glance: Glance | None = (kind, event_id, lo, hi, key) if kind else None
            yield LazyRecord(
                stream,
                version,
                moment,
                data[start : start + event_length],
                line,
                where,
                None,
                glance,
            )
        offset += length
        version += 1
        line += 1


def new_segments(
    tally: Tally,
    *,
    start: int,
    version: int,
    line: int,
    stamps: list[str],
    event_lengths: list[int],
    glances: list[Glance | None],
    ids: list[str],
) -> list[Segment]:
    """The segments of verified records whose lines (counted by ``tally``, one digest per
    ``SEGMENT_RECORDS`` lines) start at byte ``start``, with one record time, event length,
    glance (or None) and id (or "") per line."""
    segments = []
    for first, digest in zip(range(0, len(tally.lengths), tally.per), tally.digests(), strict=True):
        part = slice(first, first + tally.per)
        runs = [(len(list(run)), stamp) for stamp, run in itertools.groupby(stamps[part])]
        columns = zip(*(glance or _NO_GLANCE for glance in glances[part]), strict=True)
        kinds, _, lo, hi, keys = map(list, columns)
        lengths = tally.lengths[part]
        end = start + sum(lengths)
        segments.append(
            Segment(
                start=start,
                end=end,
                sha256=digest,
                version=version + first,
                line=line + first,
                stamps=runs,
                line_lengths=lengths,
                event_lengths=event_lengths[part],
                ids=ids[part],
                kinds=kinds,
                lo=lo,
                hi=hi,
                keys=keys,
            )
        )
        start = end
    return segments


def _line_of(segment: Segment) -> bytes:
    payload = orjson.dumps(_converter.unstructure(segment))
    return hashlib.sha256(payload).hexdigest().encode() + b" " + payload + b"\n"


def append_segments(
    stream_path: Path,
    state: GlanceState | None,
    *,
    start: int,
    version: int,
    build: Callable[[], list[Segment]],
    create: bool,
) -> GlanceState | None:
    """Add the segments ``build`` gives (records from byte ``start`` and version ``version``
    on) to the stream's glance file, if the file describes the stream exactly up to ``start``
    (``create``: or does not exist yet); the file's new state, or None when nothing was
    written.

    The caller holds the stream file's exclusive lock, so glance writers never interleave.
    ``state`` is what the caller knows of the file; if the file changed since, its last line
    decides. A damaged or torn end of the file is cut off first. A glance file is a cache:
    an ``OSError`` writing it loses nothing and is not reported.
    """
    path = glance_path(stream_path)
    try:
        fd = os.open(path, os.O_RDWR | (os.O_CREAT if create else 0), 0o644)
    except OSError:
        return None
    try:
        size = os.fstat(fd).st_size
        at = _write_position(fd, size, start, version, state)
        if at is None:
            return None
        segments = build()
        if not segments:
            return None
        data = b"".join(_line_of(segment) for segment in segments)
        if at < size:
            os.ftruncate(fd, at)
        os.lseek(fd, at, os.SEEK_SET)
        write_all(fd, data)
        return GlanceState(size=at + len(data), valid=at + len(data), end=segments[-1].end)
    except OSError:
        return None
    finally:
        os.close(fd)


def _write_position(
    fd: int, size: int, start: int, version: int, state: GlanceState | None
) -> int | None:
    """Where new segments go (right after the sound lines), or None if the glance file does
    not describe the stream exactly up to byte ``start`` (version ``version`` - 1)."""
    if state is not None and state.size == size:
        return state.valid if state.end == start else None
    last = _last_line(fd, size)
    if last is None:
        return 0 if start == 0 else None
    at, raw = last
    previous = _segment(raw)
    if previous is None or previous.end != start or previous.version + previous.count != version:
        return None
    return at + len(raw) + 1


def _last_line(fd: int, size: int) -> tuple[int, bytes] | None:
    """``(offset, bytes)`` of the file's last newline-terminated line, read backwards in
    blocks (joined once: a segment's line can be megabytes long)."""
    blocks: list[bytes] = []
    position, seen_end = size, -1
    while position > 0:
        step = min(_BACKWARD_BLOCK, position)
        position -= step
        block = os.pread(fd, step, position)
        blocks.append(block)
        newline = block.rfind(b"\n")
        if seen_end < 0:
            if newline < 0:
                continue
            seen_end = position + newline
            newline = block.rfind(b"\n", 0, newline)
        if newline >= 0 or position == 0:
            tail = b"".join(reversed(blocks))
            begin = position + newline + 1
            return begin, tail[begin - position : seen_end - position]
    return None
