"""One FileStore line: a canonical JSON record carrying its own hash and its predecessor's.

A line is ``{"event":E,"hash":H,"prev":P,"recorded_at":R,"version":V}`` in canonical JSON,
where ``H`` is the SHA-256 (hex) of the same record without the ``"hash"`` member (the chain
hash that ``_head.chain_hash`` defines for every store), and ``P`` is the previous line's
``H`` ("" on the first line). Lines are built and checked by splicing the exact text, so a
record's bytes are hashed as written: any changed byte is detected.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from typing import Any

import attrs

from mopr_timeline.store._base import IntegrityError
from mopr_timeline.store._codec import cached_time, loads, parse_time

__all__ = ["EVENT_MEMBER", "HASH_MEMBER", "LINE_END", "ParsedLine", "encode_line", "parse_line"]

EVENT_MEMBER = b'{"event":'
"""How a line starts; the event's JSON follows."""
HASH_MEMBER = b',"hash":"'
"""What follows the event: the line's 64-digit hash, then ``LINE_END``."""
LINE_END = b'","prev":"%s","recorded_at":"%s","version":%d}'
"""The line after its hash (from the hash's closing quote), given prev, recorded_at and
version: what a reader that knows them can expect, byte for byte."""
_TAIL = re.compile(
    rb',"hash":"([^"]{64})","prev":"([^"]{64}|)",'
    rb'"recorded_at":"([^"\\]*)","version":(0|[1-9][0-9]*)}'
)
"""Everything after the event in a canonical line: hash, prev, recorded_at, version."""
_HASH_LENGTH = 64
_KEYS = frozenset({"event", "hash", "prev", "recorded_at", "version"})


def encode_line(version: int, recorded_at: str, event_json: str, prev: str) -> tuple[str, str]:
    """The line (with its newline) for one record, and the record's hash: ``chain_hash`` of
    the same arguments, spliced here from one formatted tail (this runs for every appended
    event; the tests check that both agree)."""
    tail = f'"prev":"{prev}","recorded_at":"{recorded_at}","version":{version}}}'
    digest = hashlib.sha256(f'{{"event":{event_json},{tail}'.encode()).hexdigest()
    return f'{{"event":{event_json},"hash":"{digest}",{tail}\n', digest


@attrs.define
class ParsedLine:
    """A line whose own hash checked out; the chain and the event are checked by the caller.

    ``event`` is the event as parsed, ``event_text`` its exact JSON text within the line.
    Built once per stored line and dropped right after, so a plain (cheaper) slotted class.
    """

    version: int
    recorded_at: _dt.datetime
    event: Any
    event_text: bytes
    prev: str
    hash: str


def parse_line(raw: bytes, location: str) -> ParsedLine:
    """Decode one line (without its newline) and check its hash, else ``IntegrityError``.

    A line as written (canonical) is taken apart by its fixed layout, parsing only the event;
    anything else goes through the general parse, which says what is wrong with it.
    """
    at = raw.rfind(HASH_MEMBER)
    tail = _TAIL.fullmatch(raw, at) if at > 0 and raw.startswith(EVENT_MEMBER) else None
    if tail is not None:
        digest = tail[1]
        hashed = hashlib.sha256(raw[:at])
        hashed.update(raw[tail.end(1) + 1 :])
        if hashed.hexdigest().encode() == digest:
            try:
                event = loads(raw[len(EVENT_MEMBER) : at])
                stamp = tail[3].decode()
            except ValueError:
                pass
            else:
                return ParsedLine(
                    version=int(tail[4]),
                    recorded_at=cached_time(stamp) or parse_time(stamp, location),
                    event=event,
                    event_text=raw[len(EVENT_MEMBER) : at],
                    prev=tail[2].decode(),
                    hash=digest.decode(),
                )
    return _parse_any(raw, location)


def _parse_any(raw: bytes, location: str) -> ParsedLine:
    try:
        record = loads(raw)
    except ValueError as exc:
        raise IntegrityError(location, f"the record is not valid UTF-8 JSON ({exc})") from None
    if not isinstance(record, dict) or record.keys() != _KEYS:
        found = sorted(record) if isinstance(record, dict) else type(record).__name__
        raise IntegrityError(location, f"expected a record with {sorted(_KEYS)}, found {found}")
    digest = record["hash"]
    at = raw.rfind(HASH_MEMBER)
    if (
        at < 0
        or not isinstance(digest, str)
        or not raw.startswith(EVENT_MEMBER)
        or not _TAIL.fullmatch(raw, at)
        or raw[at + len(HASH_MEMBER) : at + len(HASH_MEMBER) + _HASH_LENGTH] != digest.encode()
    ):
        raise IntegrityError(location, "the record is not in canonical form")
    end = at + len(HASH_MEMBER) + _HASH_LENGTH
    actual = hashlib.sha256(raw[:at] + raw[end + 1 :]).hexdigest()
    if actual != digest:
        raise IntegrityError(
            location, f"the record was altered: its hash is {actual}, it says {digest}"
        )
    version, prev = record["version"], record["prev"]
    if isinstance(version, bool) or not isinstance(version, int) or not isinstance(prev, str):
        raise IntegrityError(location, "version must be a number and prev a text")
    return ParsedLine(
        version=version,
        recorded_at=parse_time(record["recorded_at"], location),
        event=record["event"],
        event_text=raw[len(EVENT_MEMBER) : at],
        prev=prev,
        hash=digest,
    )
