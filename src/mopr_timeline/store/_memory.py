"""MemoryStore: the store contract held in a dict, for tests and throwaway timelines."""

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

__all__ = ["MemoryStore"]


class MemoryStore(Store):
    """Streams kept in this process only; safe to share between threads."""

    def __init__(self) -> None:
        self._records: dict[str, list[RecordedEvent]] = {}
        self._ids: dict[str, set[str]] = {}
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryStore(<{len(self._records)} streams>)"

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
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
