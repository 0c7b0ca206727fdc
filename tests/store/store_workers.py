"""Child-process bodies for the multi-process contract tests (importable by spawned children)."""

from __future__ import annotations

from collections.abc import Callable
from multiprocessing.connection import Connection

from mopr_timeline.events import Occurred
from mopr_timeline.store import ConcurrencyError, Store


def append_with_retries(factory: Callable[[], Store], stream: str, prefix: str, count: int) -> int:
    """Append ``count`` events one by one with expected-version retries; returns the retries."""
    retries = 0
    with factory() as store:
        for i in range(count):
            event = Occurred(id=f"{prefix}-{i}", when="1925-08-01", text=f"{prefix} {i}")
            while True:
                version = store.current_version(stream)
                try:
                    store.append(stream, [event], expected_version=version)
                except ConcurrencyError:
                    retries += 1
                    continue
                break
    return retries


def append_until_killed(
    factory: Callable[[], Store], stream: str, prefix: str, batch: int, acks: Connection
) -> None:
    """Append batches forever, sending ``(version, ids)`` after each acknowledged append."""
    store = factory()
    acks.send(("ready", store.current_version(stream)))
    n = 0
    while True:
        events = [
            Occurred(id=f"{prefix}-{n + i}", when="1925-08-01", text="x" * 200)
            for i in range(batch)
        ]
        n += batch
        version = store.append(stream, events)
        acks.send((version, [e.id for e in events]))
