"""The one contract every store passes: subclass ``StoreContract`` once per store.

How a store joins (the PostgreSQL store does it in ``tests/store/test_postgres.py``)::

    from store_contract import StoreContract

    class TestPostgresStore(StoreContract):
        @pytest.fixture
        def make_store(self, ...) -> StoreFactory:
            return functools.partial(PostgresStore, dsn)   # one fresh, empty store per test

``make_store`` returns a zero-argument callable that opens a NEW handle on ONE store that is
empty when the test starts; every call must reach the same data. For the multi-process tests it
must be picklable (a ``functools.partial`` of the class and a path or DSN is). A store that
cannot be shared between processes sets ``multiprocess_skip`` to the reason. A store that
stores records somewhere a test can corrupt implements ``corrupt_record`` (see below).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from typing import ClassVar

import pytest

from mopr_timeline.events import Event, Founded, LeaderAppointed, Occurred
from mopr_timeline.store import (
    ConcurrencyError,
    DuplicateEventError,
    Store,
    StoreError,
    StreamNameError,
)

StoreFactory = Callable[[], Store]


def occurred(n: int, *, prefix: str = "e") -> list[Event]:
    """``n`` distinct plain events with predictable ids."""
    return [Occurred(id=f"{prefix}{i}", when="1925-08-01", text=f"item {i}") for i in range(n)]


class StoreContract:
    """Behaviour every store shares; see the module docstring for how to subclass."""

    multiprocess_skip: ClassVar[str | None] = None

    @pytest.fixture
    def store(self, make_store: StoreFactory) -> Iterator[Store]:
        opened = make_store()
        yield opened
        opened.close()

    # --- versions -----------------------------------------------------------------------

    def test_empty_stream_has_version_zero(self, store: Store) -> None:
        assert store.current_version("mopr") == 0
        assert list(store.read("mopr")) == []
        assert store.streams() == []

    def test_versions_are_contiguous_from_one(self, store: Store) -> None:
        assert store.append("mopr", occurred(3)) == 3
        assert store.append("mopr", occurred(2, prefix="f")) == 5
        assert [r.version for r in store.read("mopr")] == [1, 2, 3, 4, 5]
        assert store.current_version("mopr") == 5

    def test_streams_are_independent(self, store: Store) -> None:
        store.append("a", occurred(2))
        store.append("b", occurred(1))
        assert store.current_version("a") == 2
        assert store.current_version("b") == 1
        assert [r.stream for r in store.read("b")] == ["b"]
        assert store.streams() == ["a", "b"]

    def test_read_yields_the_events_appended_in_order(self, store: Store) -> None:
        events = occurred(4)
        store.append("mopr", events)
        assert [r.event for r in store.read("mopr")] == events

    def test_read_after_skips_earlier_versions(self, store: Store) -> None:
        store.append("mopr", occurred(5))
        assert [r.version for r in store.read("mopr", after=3)] == [4, 5]
        assert list(store.read("mopr", after=5)) == []
        assert list(store.read("mopr", after=99)) == []

    def test_empty_batch_appends_nothing_and_returns_the_current_version(
        self, store: Store
    ) -> None:
        assert store.append("mopr", []) == 0
        store.append("mopr", occurred(2))
        assert store.append("mopr", [], expected_version=2) == 2
        assert store.current_version("mopr") == 2

    # --- optimistic concurrency ---------------------------------------------------------

    def test_expected_version_that_matches_appends(self, store: Store) -> None:
        assert store.append("mopr", occurred(1), expected_version=0) == 1
        assert store.append("mopr", occurred(1, prefix="f"), expected_version=1) == 2

    def test_expected_version_conflict_appends_nothing(self, store: Store) -> None:
        store.append("mopr", occurred(2))
        with pytest.raises(ConcurrencyError, match=r"expected version 1.*current version is 2"):
            store.append("mopr", occurred(1, prefix="late"), expected_version=1)
        assert store.current_version("mopr") == 2
        assert [r.event.id for r in store.read("mopr")] == ["e0", "e1"]

    def test_empty_batch_still_checks_expected_version(self, store: Store) -> None:
        with pytest.raises(ConcurrencyError) as info:
            store.append("mopr", [], expected_version=3)
        assert (info.value.expected, info.value.actual) == (3, 0)

    # --- record times -------------------------------------------------------------------

    def test_recorded_at_is_aware_utc_and_non_decreasing(self, store: Store) -> None:
        before = _dt.datetime.now(_dt.UTC)
        for i in range(5):
            store.append("mopr", occurred(2, prefix=f"b{i}-"))
        after = _dt.datetime.now(_dt.UTC)
        times = [r.recorded_at for r in store.read("mopr")]
        assert all(t.utcoffset() == _dt.timedelta(0) for t in times)
        assert times == sorted(times)
        assert before - _dt.timedelta(seconds=1) <= times[0] <= times[-1] <= after

    def test_a_batch_shares_one_record_time(self, store: Store) -> None:
        store.append("mopr", occurred(3))
        assert len({r.recorded_at for r in store.read("mopr")}) == 1

    # --- bad input ----------------------------------------------------------------------

    @pytest.mark.parametrize(
        "name", ["", "../x", "a/b", "a\\b", "..", "a..b", ".hidden", "-x", "x" * 129, "é", 7]
    )
    def test_bad_stream_names_are_rejected(self, store: Store, name: object) -> None:
        with pytest.raises(StreamNameError):
            store.append(name, occurred(1))  # type: ignore[arg-type]
        with pytest.raises(StreamNameError):
            list(store.read(name))  # type: ignore[arg-type]
        with pytest.raises(StreamNameError):
            store.current_version(name)  # type: ignore[arg-type]

    @pytest.mark.parametrize("name", ["mopr", "a", "A.b_c-1", "x" * 128, "1925"])
    def test_good_stream_names_are_accepted(self, store: Store, name: str) -> None:
        assert store.append(name, occurred(1)) == 1
        assert store.streams() == [name]

    def test_non_events_are_rejected_and_nothing_is_appended(self, store: Store) -> None:
        with pytest.raises(StoreError, match=r"item 1 of the batch is a dict"):
            store.append("mopr", [occurred(1)[0], {"type": "Founded"}])  # type: ignore[list-item]
        assert store.current_version("mopr") == 0

    def test_a_single_event_instead_of_a_list_is_rejected(self, store: Store) -> None:
        with pytest.raises(StoreError, match="not one event"):
            store.append("mopr", occurred(1)[0])  # type: ignore[arg-type]

    @pytest.mark.parametrize("bad", [-1, True, "1", 1.0])
    def test_bad_expected_version_is_rejected(self, store: Store, bad: object) -> None:
        with pytest.raises(StoreError, match="expected_version"):
            store.append("mopr", occurred(1), expected_version=bad)  # type: ignore[arg-type]

    def test_bad_after_is_rejected(self, store: Store) -> None:
        with pytest.raises(StoreError, match="after"):
            store.read("mopr", after=-1)

    def test_duplicate_id_in_a_batch_is_rejected(self, store: Store) -> None:
        twice = [Founded(id="x", when="1922", name="MOPR"), Occurred(id="x", when="1923", text="t")]
        with pytest.raises(DuplicateEventError, match="'x' appears twice"):
            store.append("mopr", twice)
        assert store.current_version("mopr") == 0

    def test_duplicate_id_already_in_the_stream_is_rejected(self, store: Store) -> None:
        store.append("mopr", [LeaderAppointed(id="lead", when="1922", person="Julian Marchlewski")])
        again = [
            Occurred(id="new", when="1923", text="t"),
            Occurred(id="lead", when="1923", text="t"),
        ]
        with pytest.raises(DuplicateEventError, match="'lead' is already in the stream"):
            store.append("mopr", again)
        assert [r.event.id for r in store.read("mopr")] == ["lead"]

    def test_same_id_in_another_stream_is_fine(self, store: Store) -> None:
        store.append("a", occurred(1))
        assert store.append("b", occurred(1)) == 1

    # --- lifecycle ----------------------------------------------------------------------

    def test_closed_store_refuses_work(self, make_store: StoreFactory) -> None:
        with make_store() as opened:
            opened.append("mopr", occurred(1))
        with pytest.raises(StoreError, match="closed"):
            opened.append("mopr", occurred(1, prefix="f"))
        with pytest.raises(StoreError, match="closed"):
            opened.current_version("mopr")
