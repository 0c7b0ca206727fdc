"""A stream's head: the version of its last record and the hash chained over every record.

The chain hash is defined once, here, for every store. Record ``v`` (its record time as
``format_time`` writes it, ``2026-12-01T09:30:00.000000+00:00``, and its event as canonical
JSON) has the hash::

    sha256('{"event":' + EVENT + ',"prev":"' + PREV + '","recorded_at":"' + TIME
           + '","version":' + str(v) + '}')

as lowercase hex, where ``PREV`` is the hash of record ``v - 1`` (empty for the first
record). It is exactly the ``hash`` a FileStore line carries (the line without its ``"hash"``
member), so a FileStore's head is its chain's hash at that version; SQLite and PostgreSQL,
which keep no chain, compute the same hash over the rows as stored. Since each hash covers
the one before, the hash at version ``v`` commits to records 1 to ``v``: recorded elsewhere
(``Store.head``, ``mopr-timeline head``), it is an anchor that proves that nothing up to ``v``
was rewritten since (``Store.verify(stream, expect_head=...)``).
"""

from __future__ import annotations

import hashlib

import attrs

__all__ = ["Head", "chain_hash", "hashed_text"]


def hashed_text(version: int, recorded_at: str, event_json: str, prev: str) -> str:
    """The text whose SHA-256 is a record's chain hash (a FileStore line without its hash)."""
    return (
        f'{{"event":{event_json},"prev":"{prev}","recorded_at":"{recorded_at}",'
        f'"version":{version}}}'
    )


def chain_hash(version: int, recorded_at: str, event_json: str | bytes, prev: str) -> str:
    """The chain hash of one record (hex), given the hash ``prev`` of the one before it."""
    if isinstance(event_json, bytes):
        event_json = event_json.decode()
    return hashlib.sha256(hashed_text(version, recorded_at, event_json, prev).encode()).hexdigest()


@attrs.frozen
class Head:
    """A stream's head: the version of its last record and the chain hash there.

    ``str(head)`` is ``VERSION:HASH``, what ``Store.verify(stream, expect_head=...)`` and
    ``mopr-timeline check --expect-head`` take. An empty stream's head is ``Head(0, "")``.
    """

    version: int
    hash: str

    def __str__(self) -> str:
        return f"{self.version}:{self.hash}"
