"""A large append is encoded and written with the cyclic garbage collector paused, then restored."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence

import pytest

from mopr_timeline.events import Event, Occurred
from mopr_timeline.store import ConcurrencyError, MemoryStore


class WatchingStore(MemoryStore):
    """Notes whether the cyclic collector is on while each batch is written."""

    def __init__(self) -> None:
        super().__init__()
        self.collector_on: list[bool] = []

    def _append(self, stream: str, events: Sequence[Event], expected_version: int | None) -> int:
        self.collector_on.append(gc.isenabled())
        return super()._append(stream, events, expected_version)


def batch(size: int, prefix: str) -> list[Event]:
    return [Occurred(id=f"{prefix}{i}", when="1925", text="t") for i in range(size)]


@pytest.fixture
def small_bulk(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr("mopr_timeline.store._base._BULK", 3)
    was_enabled = gc.isenabled()
    yield
    if was_enabled:
        gc.enable()


@pytest.mark.usefixtures("small_bulk")
def test_a_large_batch_pauses_the_collector_and_restores_it() -> None:
    store = WatchingStore()
    store.append("s", batch(2, "a"))
    store.append("s", batch(3, "b"))
    store.append("s", batch(2, "c"))
    assert store.collector_on == [True, False, True]
    assert gc.isenabled()
    assert store.current_version("s") == 7


@pytest.mark.usefixtures("small_bulk")
def test_a_failed_large_append_restores_the_collector() -> None:
    store = WatchingStore()
    with pytest.raises(ConcurrencyError):
        store.append("s", batch(3, "a"), expected_version=5)
    assert store.collector_on == [False]
    assert gc.isenabled()


@pytest.mark.usefixtures("small_bulk")
def test_a_collector_switched_off_by_the_caller_stays_off() -> None:
    store = WatchingStore()
    gc.disable()
    try:
        store.append("s", batch(3, "a"))
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_threshold_is_five_thousand_events() -> None:
    store = WatchingStore()
    store.append("s", batch(4999, "a"))
    store.append("s", batch(5000, "b"))
    assert store.collector_on == [True, False]
