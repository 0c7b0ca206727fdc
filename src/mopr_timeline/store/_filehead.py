"""A FileStore stream's acknowledged head, ``<stream>.jsonl.head``, and the files beside it.

The head file says what the store has acknowledged of ``<stream>.jsonl``: the version and
chain hash of the last record an append returned, and the file's size at that moment. It is
two fixed slots of ``SLOT`` bytes, each one line::

    <sha256 of the JSON, hex> {"hash":"...","sequence":7,"size":123456,"version":42}<spaces>

An append writes the next ``sequence`` into the slot of its parity (overwriting the older of
the two) with one ``pwrite`` and ``fdatasync`` (the file's size never changes), after the
stream's data is fsynced, under the stream's lock; the head is the intact slot with the
higher sequence. A write torn by a crash leaves its slot failing its checksum, so the other
slot (the head before that append, which was never acknowledged) stands. Writing in place
costs one more flush per append (about 3 ms on the development machines, beside the data's
own 2 to 4 ms), where a temporary file renamed over the head and the directory fsynced cost
three (about 9.5 ms). The file itself is created once, for a stream that has none (a new
stream, or one written by an earlier release), that way: a temporary file, fsynced, renamed,
and the directory fsynced.

Every file is opened with ``O_NOFOLLOW`` and must be a regular file: a symbolic link in the
store's directory is refused, never followed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import stat
from pathlib import Path

import attrs

from mopr_timeline.store._base import IntegrityError, StoreError
from mopr_timeline.store._codec import loads

__all__ = [
    "HEAD_SUFFIX",
    "SLOT",
    "UNACKNOWLEDGED_SUFFIX",
    "Acknowledged",
    "blank_slot",
    "create_head",
    "fsync_directory",
    "open_regular",
    "read_head",
    "set_aside",
    "write_slot",
]

HEAD_SUFFIX = ".head"
UNACKNOWLEDGED_SUFFIX = ".unacknowledged"
SLOT = 256
"""Bytes per slot; a slot's line is padded with spaces to ``SLOT - 1`` characters."""
_BLANK = b" " * (SLOT - 1) + b"\n"
_KEYS = frozenset({"hash", "sequence", "size", "version"})
_HEX = frozenset("0123456789abcdef")


@attrs.frozen
class Acknowledged:
    """What a stream's head file acknowledges: records 1 to ``version``, the last one with
    chain hash ``hash``, ending at byte ``size`` of the stream file; ``sequence`` counts the
    head's updates (it picks the newer slot)."""

    version: int
    hash: str
    size: int
    sequence: int = 0

    def encode(self) -> bytes:
        """The slot's line."""
        payload = (
            f'{{"hash":"{self.hash}","sequence":{self.sequence},"size":{self.size},'
            f'"version":{self.version}}}'
        ).encode()
        line = hashlib.sha256(payload).hexdigest().encode() + b" " + payload
        return line.ljust(SLOT - 1) + b"\n"

    def next(self, version: int, digest: str, size: int) -> Acknowledged:
        """The head after an append that ends at ``version`` (chain hash ``digest``), ``size``."""
        return Acknowledged(version=version, hash=digest, size=size, sequence=self.sequence + 1)


def _decode_slot(line: bytes) -> Acknowledged | None:
    """The slot's head, or None if the slot is blank or not intact."""
    if len(line) != SLOT or line[-1:] != b"\n":
        return None
    digest, _, payload = line.rstrip().partition(b" ")
    if hashlib.sha256(payload).hexdigest().encode() != digest:
        return None
    try:
        data = loads(payload)
    except ValueError:
        return None
    if not isinstance(data, dict) or data.keys() != _KEYS:
        return None
    version, digest_text, size, sequence = (
        data["version"],
        data["hash"],
        data["size"],
        data["sequence"],
    )
    numbers = (version, size, sequence)
    if not all(type(n) is int and n >= 0 for n in numbers) or not isinstance(digest_text, str):
        return None
    if not (digest_text == "" if version == 0 else len(digest_text) == 64):
        return None
    if not set(digest_text) <= _HEX:
        return None
    return Acknowledged(version=version, hash=digest_text, size=size, sequence=sequence)


def read_head(path: Path) -> Acknowledged | None:
    """The head ``path`` holds, None when there is no such file; ``IntegrityError`` when
    neither slot is intact (the file was damaged or replaced)."""
    try:
        fd = open_regular(path, os.O_RDONLY)
    except FileNotFoundError:
        return None
    try:
        data = os.pread(fd, 2 * SLOT + 1, 0)
    except OSError as exc:
        raise StoreError(f"cannot read {path}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)
    if len(data) != 2 * SLOT:
        raise IntegrityError(
            str(path), f"not a stream's head file ({len(data)} bytes, a head file has {2 * SLOT})"
        )
    slots = [_decode_slot(data[:SLOT]), _decode_slot(data[SLOT:])]
    intact = [slot for slot in slots if slot is not None]
    if not intact:
        raise IntegrityError(
            str(path), "the head file is damaged: neither of its two slots is intact"
        )
    return max(intact, key=lambda slot: slot.sequence)


def create_head(path: Path, head: Acknowledged) -> None:
    """Write a new head file holding ``head`` (in slot 0, slot 1 blank): a temporary file,
    fsynced (removed again if that fails), renamed over ``path``, and the directory fsynced."""
    temporary = path.with_name(path.name + ".tmp")
    with contextlib.suppress(FileNotFoundError):
        os.unlink(temporary)
    fd = open_regular(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL)
    try:
        try:
            _write_at(fd, head.encode() + _BLANK, 0)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    os.rename(temporary, path)
    fsync_directory(path.parent)


def write_slot(path: Path, head: Acknowledged) -> None:
    """Write ``head`` into the slot of its sequence's parity and ``fdatasync`` it."""
    fd = open_regular(path, os.O_WRONLY)
    try:
        _write_at(fd, head.encode(), (head.sequence % 2) * SLOT)
        os.fdatasync(fd)
    finally:
        os.close(fd)


def blank_slot(path: Path, sequence: int) -> None:
    """Blank the slot of ``sequence``'s parity (undoing ``write_slot``) and ``fdatasync`` it."""
    fd = open_regular(path, os.O_WRONLY)
    try:
        _write_at(fd, _BLANK, (sequence % 2) * SLOT)
        os.fdatasync(fd)
    finally:
        os.close(fd)


def set_aside(path: Path, data: bytes) -> None:
    """Append ``data`` to ``path`` (created if missing) and fsync it (and, when new, its
    directory entry)."""
    created = not path.exists()
    fd = open_regular(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
    try:
        _write_at(fd, data, None)
        os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        fsync_directory(path.parent)


def _write_at(fd: int, data: bytes, offset: int | None) -> None:
    """Write all of ``data`` at ``offset`` (None: at the end, for ``O_APPEND``)."""
    view = memoryview(data)
    while view:
        if offset is None:
            written = os.write(fd, view)
        else:
            written = os.pwrite(fd, view, offset)
            offset += written
        view = view[written:]


def open_regular(path: Path, flags: int) -> int:
    """``os.open(path, flags)`` without following a symbolic link (``StoreError``), refusing
    anything but a regular file (a directory, a FIFO...); ``FileNotFoundError`` passes."""
    try:
        fd = os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, 0o666)
    except FileNotFoundError:
        raise
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise StoreError(
                f"{path} is a symbolic link: a FileStore does not follow links in its directory"
            ) from exc
        if exc.errno == errno.EISDIR:
            raise StoreError(f"{path} is a directory: a FileStore keeps regular files") from exc
        raise StoreError(f"cannot open {path}: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        what = "a directory" if stat.S_ISDIR(mode) else "not a regular file"
        raise StoreError(f"{path} is {what}: a FileStore keeps regular files")
    return fd


def fsync_directory(directory: Path) -> None:
    """Make a new file's directory entry durable (where the file system supports it)."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)
