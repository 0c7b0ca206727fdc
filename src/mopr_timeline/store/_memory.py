"""MemoryStore: the store contract held in a dict, for tests and throwaway timelines.

It refuses exactly what the persistent stores refuse: every batch is encoded as they encode
it (``encode_stored``) before anything is kept, so an event that could not be written to a
file or a database (a value set by ``object.__setattr__`` past its checks) is refused here
too, with the same ``StoreError``. The events kept are the objects appended: an event altered
past its checks that a persistent store writes and then reads back as an ``UnreadableEvent``
(a text field holding a number, say) is kept here as it is.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence

from mopr_timeline.events import Event
from mopr_timeline.store._base import (
    DuplicateEventError,
    RecordedEvent,
    Store,
    check_expected_version,
    next_recorded_at,
)
from mopr_timeline.store._codec import encode_stored

__all__ = ["MemoryStore"]

_ENCODED_AT_ONCE = 4096
"""Events encoded (and their encodings dropped) at a time: a batch of a million events is
checked without holding a million JSON texts."""


class MemoryStore(Store):
    """Streams kept in this process only; safe to share between threads."""

    def __init__(self) -> None:
        self._records: dict[str, list[RecordedEvent]] = {}
        self._ids: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryStore(<{len(self._records)} streams>)"

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        for start in range(0, len(events), _ENCODED_AT_ONCE):
            encode_stored(events[start : start + _ENCODED_AT_ONCE])
        with self._lock:
            records = self._records.get(stream, [])
            check_expected_version(stream, expected_version, len(records))
            if not events:
                return len(records)
            ids = self._ids.get(stream, set())
            for event in events:
                if event.id in ids:
                    raise DuplicateEventError(stream, event.id, "is already in the stream")
            recorded_at = next_recorded_at(records[-1].recorded_at if records else None)
            start = len(records)
            records.extend(
                RecordedEvent(stream=stream, version=start + i, recorded_at=recorded_at, event=e)
                for i, e in enumerate(events, start=1)
            )
            ids.update(e.id for e in events)
            self._records[stream] = records
            self._ids[stream] = ids
            return len(records)

    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]:
        with self._lock:
            snapshot = self._records.get(stream, [])[after:]
        return iter(snapshot)

    def _current_version(self, stream: str) -> int:
        with self._lock:
            return len(self._records.get(stream, ()))

    def _streams(self) -> Iterable[str]:
        with self._lock:
            return list(self._records)
