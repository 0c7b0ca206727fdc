"""A stateful property test of every store against a model: the list of acknowledged events.

Random interleavings of good appends (any registered kind but retractions, with or without
the right ``expected_version``), bad appends (kinds that are not registered, duplicate ids,
events altered past their checks so that they cannot be written, stale expected versions),
retractions good and bad (of an unknown id, of itself, of a retraction, of an event later in
its batch), reopening the store, reads with ``after`` and timelines ``as_of`` a version or a
record time, write errors injected into appends (FileStore: before writing, after half the
batch, at the data's fsync, at the head's write; SQLite: after the rows were inserted, before
the commit; PostgreSQL: the call failing) and writers killed mid-append (a forked process
that opens its own store and dies by ``os._exit`` at the chosen point: FileStore after half
the batch, or after the data's fsync but before the head acknowledges it; SQLite after its
rows were inserted, before the commit; PostgreSQL after ``mopr_append`` ran in a transaction
that is never committed). After every step: every acknowledged event reads back, in order,
and nothing else; a failed or killed append left nothing that reads.
"""

from __future__ import annotations

import contextlib
import errno
import functools
import itertools
import math
import os
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import attrs
import pytest
from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

import mopr_timeline.store._file as file_module
import mopr_timeline.store._postgres as postgres_module
from mopr_timeline import Timeline
from mopr_timeline.events import (
    KINDS,
    DatedEvent,
    Event,
    EventError,
    FiguresReported,
    Occurred,
    Retracted,
    SectionEstablished,
    UnknownKindError,
    event_kind,
    registry_scope,
)
from mopr_timeline.store import (
    ConcurrencyError,
    DuplicateEventError,
    FileStore,
    Head,
    MemoryStore,
    PostgresStore,
    RetractionError,
    SQLiteStore,
    Store,
    StoreError,
    TornTailWarning,
)
from mopr_timeline.store._filehead import read_head
from mopr_timeline.strategies import events as events_of
from mopr_timeline.strategies import keeping_implied
from wir_kinds import WIR_KINDS

_streams = itertools.count()


@attrs.frozen(kw_only=True)
class Undeclared(Occurred):
    """A subclass of a registered kind that was never declared: refused by every store."""


_declared: dict[str, type[Event]] = {}
"""Kinds the running test declares (within ``registry_scope``, so that no other test sees
them)."""


def _declare_coded() -> None:
    @event_kind(wording="{code} was coded")
    @attrs.frozen(kw_only=True)
    class Coded(DatedEvent):
        """A kind of your own whose converter changes its value again when read: refused."""

        code: str = attrs.field(converter=lambda text: f"{text}!")

    _declared["Coded"] = Coded


def _good_kinds() -> list[str]:
    """Every registered kind but retractions: the library's and Workers International
    Relief's (kinds declared outside the library)."""
    assert all(kind.kind in KINDS for kind in WIR_KINDS)
    return [name for name in KINDS if name != "Retracted"]


def _altered(make: Callable[[], Event], field: str, value: Any) -> Event:
    event = make()
    object.__setattr__(event, field, value)
    return event


_UNWRITABLE: list[tuple[str, Callable[[str], Event]]] = [
    (
        "nan-count",
        lambda i: _altered(lambda: FiguresReported(id=i, when="1925"), "members", math.nan),
    ),
    (
        "huge-count",
        lambda i: _altered(lambda: FiguresReported(id=i, when="1925"), "members", 2**70),
    ),
    ("id-not-text", lambda i: _altered(lambda: Occurred(id=i, when="1925", text="t"), "id", 7)),
    (
        "surrogate",
        lambda i: _altered(lambda: Occurred(id=i, when="1925", text="t"), "text", "a\ud800"),
    ),
    (
        "key-not-text",
        lambda i: _altered(
            lambda: SectionEstablished(id=i, when="1925", country="C"), "country", ["C"]
        ),
    ),
    (
        "date-not-a-date",
        lambda i: _altered(lambda: Occurred(id=i, when="1925", text="t"), "when", "1925"),
    ),
    ("unregistered-subclass", lambda i: Undeclared(id=i, when="1925", text="t")),
    ("bare-event", lambda i: Event(id=i)),
    ("no-round-trip", lambda i: _declared["Coded"](id=i, when="1925", code="A")),
]
"""Events no store may write, each with an id: ``(name, make)``."""

_REFUSALS = (StoreError, EventError, UnknownKindError)


class StoreMachine(RuleBasedStateMachine):
    """The model: ``acknowledged``, the events of the stream in order."""

    open_store: ClassVar[Callable[[], Store]]
    persistent: ClassVar[bool] = True

    def __init__(self) -> None:
        super().__init__()
        self.store = type(self).open_store()
        self.stream = f"m{next(_streams)}"
        self.acknowledged: list[Event] = []
        self.retracted: set[str] = set()
        self.fresh = itertools.count()
        self.anchor: Head | None = None

    def teardown(self) -> None:
        self.store.close()

    def _id(self) -> str:
        return f"{self.stream}-{next(self.fresh)}"

    def _fresh(self, drawn: list[Event]) -> list[Event]:
        """``drawn`` with new ids, as a store takes them after what it holds: any that would
        contradict a relation the kinds imply (a leaving before its appointment) undated."""
        fresh = [attrs.evolve(event, id=self._id()) for event in drawn]
        return keeping_implied(fresh, self.acknowledged)

    def _refused(self, batch: list[Event], errors: Any, **kwargs: Any) -> None:
        with pytest.raises(errors):
            self.store.append(self.stream, batch, **kwargs)

    @initialize(batch=st.lists(events_of(_good_kinds()), min_size=0, max_size=3))
    def start(self, batch: list[Event]) -> None:
        self._append_good(batch, expected=None)

    # --- good appends and retractions ---------------------------------------------------

    @rule(
        batch=st.lists(events_of(_good_kinds()), min_size=1, max_size=4),
        with_expected=st.booleans(),
    )
    def append_good(self, batch: list[Event], with_expected: bool) -> None:
        self._append_good(batch, expected=len(self.acknowledged) if with_expected else None)

    def _append_good(self, batch: list[Event], expected: int | None) -> None:
        fresh = self._fresh(batch)
        version = self.store.append(self.stream, fresh, expected_version=expected)
        self.acknowledged.extend(fresh)
        assert version == len(self.acknowledged)

    @precondition(lambda self: self._targets())
    @rule(data=st.data(), with_others=st.booleans())
    def retract(self, data: st.DataObject, with_others: bool) -> None:
        """A retraction of an earlier event that is not itself a retraction (retracted
        already or not), alone or after new events of its batch, one of which it may target."""
        fresh = [Occurred(id=self._id(), when="1925", text="new")] if with_others else []
        target = data.draw(st.sampled_from(self._targets() + [e.id for e in fresh]))
        retraction = Retracted(id=self._id(), target=target, reason="drawn")
        batch = [*fresh, retraction]
        self.store.append(self.stream, batch, expected_version=len(self.acknowledged))
        self.acknowledged.extend(batch)
        self.retracted.add(target)

    def _targets(self) -> list[str]:
        return [e.id for e in self.acknowledged if not isinstance(e, Retracted)]

    @rule(data=st.data(), how=st.sampled_from(["unknown", "itself", "retraction", "later"]))
    def retract_badly(self, data: st.DataObject, how: str) -> None:
        """A retraction no store accepts: refused with ``RetractionError``, nothing written."""
        own = self._id()
        batch: list[Event] = []
        if how == "unknown":
            target = f"{self.stream}-nowhere"
        elif how == "itself":
            target = own
        elif how == "retraction":
            earlier = [e.id for e in self.acknowledged if isinstance(e, Retracted)]
            if not earlier:
                first = Occurred(id=self._id(), when="1925", text="t")
                undo = Retracted(id=self._id(), target=first.id, reason="r")
                batch = [first, undo]
                earlier = [undo.id]
            target = data.draw(st.sampled_from(earlier))
        else:
            later = Occurred(id=self._id(), when="1925", text="t")
            target = later.id
        retraction = Retracted(id=own, target=target, reason="bad")
        batch.append(retraction)
        if how == "later":
            batch.append(later)
        self._refused(batch, RetractionError)

    # --- bad appends: each refused, the store left as it was -----------------------------

    @rule(
        good=st.lists(events_of(_good_kinds()), max_size=2),
        bad=st.sampled_from(_UNWRITABLE),
        at_end=st.booleans(),
    )
    def append_unwritable(
        self, good: list[Event], bad: tuple[str, Callable[[str], Event]], at_end: bool
    ) -> None:
        fresh = self._fresh(good)
        spoiled = bad[1](self._id())
        batch = [*fresh, spoiled] if at_end else [spoiled, *fresh]
        self._refused(batch, _REFUSALS)

    @precondition(lambda self: self.acknowledged)
    @rule(data=st.data(), good=st.lists(events_of(_good_kinds()), max_size=2))
    def append_duplicate(self, data: st.DataObject, good: list[Event]) -> None:
        taken = data.draw(st.sampled_from([e.id for e in self.acknowledged]))
        fresh = self._fresh(good)
        twin = Occurred(id=taken, when="1925", text="again")
        self._refused([*fresh, twin], DuplicateEventError)

    @rule(event=events_of(_good_kinds()))
    def append_twice_in_one_batch(self, event: Event) -> None:
        fresh = attrs.evolve(event, id=self._id())
        self._refused([fresh, fresh], DuplicateEventError)

    @rule(
        batch=st.lists(events_of(_good_kinds()), min_size=0, max_size=2),
        off=st.sampled_from([-2, -1, 1, 5]),
    )
    def append_stale(self, batch: list[Event], off: int) -> None:
        expected = len(self.acknowledged) + off
        if expected < 0:
            expected = len(self.acknowledged) + 1
        fresh = self._fresh(batch)
        self._refused(fresh, ConcurrencyError, expected_version=expected)

    # --- reads ------------------------------------------------------------------------------

    @precondition(lambda self: self.persistent)
    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = type(self).open_store()

    @rule(data=st.data())
    def read_after(self, data: st.DataObject) -> None:
        after = data.draw(st.integers(0, len(self.acknowledged) + 2))
        read = [r.event for r in self.store.read(self.stream, after=after)]
        lazy = [r.record().event for r in self.store.read_lazy(self.stream, after=after)]
        assert read == lazy == self.acknowledged[after:]

    @rule(data=st.data(), day=st.sampled_from(["1900", "1925", "1930-06", "2100"]))
    def timeline_as_of(self, data: st.DataObject, day: str) -> None:
        version = data.draw(st.integers(0, len(self.acknowledged)))
        timeline = Timeline(self.store, self.stream)
        assert [r.event for r in timeline.records(as_of=version)] == self.acknowledged[:version]
        model = MemoryStore()
        if version:
            model.append("model", self.acknowledged[:version])
        expected = Timeline(model, "model").state_at(day).to_dict()
        actual = timeline.state_at(day, as_of=version).to_dict()
        assert {k: v for k, v in actual.items() if k not in ("organization", "as_of")} == {
            k: v for k, v in expected.items() if k not in ("organization", "as_of")
        }
        if version:
            moment = timeline.records()[version - 1].recorded_at
            seen = timeline.records(as_of=moment)
            assert len(seen) >= version
            assert [r.event for r in seen] == self.acknowledged[: len(seen)]

    # --- after every step ------------------------------------------------------------------

    @invariant()
    def every_acknowledged_event_reads_back_and_nothing_else(self) -> None:
        assert self.store.current_version(self.stream) == len(self.acknowledged)
        records = list(self.store.read(self.stream))
        assert [r.version for r in records] == list(range(1, len(self.acknowledged) + 1))
        assert [r.event for r in records] == self.acknowledged
        if self.acknowledged:
            assert self.store.verify(self.stream) == len(self.acknowledged)
            if self.anchor is not None:
                assert self.store.verify(self.stream, expect_head=self.anchor) == len(
                    self.acknowledged
                )
            self.anchor = self.store.head(self.stream)

    # --- writers killed mid-append (a forked process dies at the chosen point) ----------------

    def _killed(self, batch: list[Event], die_at: Callable[[Store], None]) -> None:
        """Fork a writer that opens its own store, arranges (``die_at``) to die mid-append,
        and appends ``batch``; the batch was never acknowledged, so the model is unchanged."""
        opener = type(self).open_store
        child = os.fork()
        if child == 0:  # pragma: no cover - the child's coverage is not collected
            code = 3
            try:
                store = opener()
                die_at(store)
                store.append(self.stream, batch)
            except BaseException:
                code = 4
            os._exit(code)
        _, status = os.waitpid(child, 0)
        assert os.WIFEXITED(status), status
        assert os.WEXITSTATUS(status) == 137, "the writer was meant to die mid-append"


class FileStoreMachine(StoreMachine):
    """FileStore, with write errors injected into the append (before any byte is written:
    the append is refused and the file unchanged)."""

    directory: ClassVar[Path]

    @rule(good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3))
    def append_fails_to_write(self, good: list[Event]) -> None:
        fresh = self._fresh(good)
        with _failing(file_module, "write_all", _disk_full):
            self._refused(fresh, StoreError)


class FileStoreWriteFailureMachine(FileStoreMachine):
    """FileStore, with appends failing after part of the batch, or all of it, was written
    (a full disk, a failing fsync, a failing write of the head), and writers killed after
    half the batch or before the head acknowledged it: the store must still read as it was."""

    @rule(
        good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3),
        how=st.sampled_from(["half-written", "fsync", "head"]),
    )
    def append_fails_after_writing(self, good: list[Event], how: str) -> None:
        fresh = self._fresh(good)
        if how == "fsync":
            failure = _failing(os, "fsync", _disk_full)
        elif how == "head":
            failure = _failing(file_module, "write_slot", _disk_full)
        else:
            failure = _failing(file_module, "write_all", _half_then_disk_full)
        assert isinstance(self.store, FileStore)
        before = self.store.path(self.stream).read_bytes()
        head = read_head(self.store.head_path(self.stream))
        with failure:
            self._refused(fresh, StoreError)
        # Cut back, not merely left after the head: the head is as it was, and so is the file
        # up to it; with nothing after the head before (no killed writer's bytes, which this
        # append may have removed or not, depending on where it failed), byte for byte.
        after = self.store.path(self.stream).read_bytes()
        end = len(before) if head is None else head.size
        now = read_head(self.store.head_path(self.stream))
        assert now == head or (head is None and now is not None and now.size == end)
        assert after[:end] == before[:end]
        if end == len(before):
            assert after == before

    @rule(
        good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3),
        when=st.sampled_from(["half-written", "before-head"]),
    )
    def writer_killed(self, good: list[Event], when: str) -> None:
        fresh = self._fresh(good)

        def die_at(_store: Store) -> None:
            if when == "before-head":
                file_module.write_slot = _die  # type: ignore[assignment]
            else:
                file_module.write_all = _half_then_die  # type: ignore[assignment]

        self._killed(fresh, die_at)


class SQLiteMachine(StoreMachine):
    """SQLite, with an error injected after the batch's rows were inserted (before the
    commit), and writers killed at that point."""

    @rule(good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3))
    def append_fails_before_commit(self, good: list[Event]) -> None:
        fresh = self._fresh(good)
        with _failing(SQLiteStore, "_insert", _inserted_then(_disk_io_error)):
            self._refused(fresh, StoreError)

    @rule(good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3))
    def writer_killed(self, good: list[Event]) -> None:
        fresh = self._fresh(good)

        def die_at(_store: Store) -> None:
            SQLiteStore._insert = _inserted_then(_die)  # type: ignore[method-assign]

        self._killed(fresh, die_at)


class PostgresMachine(StoreMachine):
    """PostgreSQL, with the append's call failing, and writers killed after ``mopr_append``
    ran in a transaction they never commit."""

    @rule(good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3))
    def append_fails(self, good: list[Event]) -> None:
        fresh = self._fresh(good)
        with _failing(postgres_module, "_fetch_one", _server_disk_full):
            self._refused(fresh, StoreError)

    @rule(good=st.lists(events_of(_good_kinds()), min_size=1, max_size=3))
    def writer_killed(self, good: list[Event]) -> None:
        fresh = self._fresh(good)

        def die_at(store: Store) -> None:
            assert isinstance(store, PostgresStore)
            store._conn = store._connect(autocommit=False)
            fetch = postgres_module._fetch_one

            def fetch_then_die(conn: Any, query: str, params: Any) -> Any:
                fetched = fetch(conn, query, params)
                if "mopr_append" in query:
                    _die()
                return fetched

            postgres_module._fetch_one = fetch_then_die

        self._killed(fresh, die_at)


def _disk_full(*_: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _half_then_disk_full(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])
    _disk_full()


def _die(*_: Any) -> None:
    """What a kill -9 leaves: no cleanup, no ``finally``, the descriptors closed by the OS."""
    os._exit(137)


def _half_then_die(fd: int, data: bytes) -> None:
    os.write(fd, data[: len(data) // 2])
    _die()


def _disk_io_error(*_: Any) -> None:
    raise sqlite3.OperationalError("disk I/O error")


def _server_disk_full(*_: Any) -> None:
    import psycopg

    raise psycopg.errors.DiskFull("could not extend file: No space left on device")


def _inserted_then(then: Callable[[], None]) -> Callable[..., None]:
    insert = SQLiteStore._insert

    def inserting(self: SQLiteStore, *args: Any) -> None:
        insert(self, *args)
        then()

    return inserting


@contextlib.contextmanager
def _failing(module: Any, name: str, replacement: Callable[..., Any]) -> Iterator[None]:
    original = getattr(module, name)
    setattr(module, name, replacement)
    try:
        yield
    finally:
        setattr(module, name, original)


_SETTINGS = settings(
    max_examples=20,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


def _run(
    machine: type[StoreMachine],
    opener: Callable[[], Store],
    *,
    examples: int = 20,
    shrink: bool = True,
) -> None:
    machine.open_store = staticmethod(opener)  # type: ignore[assignment]
    phases = list(Phase) if shrink else [Phase.explicit, Phase.reuse, Phase.generate]
    with registry_scope():
        _declare_coded()
        run_state_machine_as_test(
            machine, settings=settings(_SETTINGS, max_examples=examples, phases=phases)
        )


def test_memory_store_keeps_every_acknowledged_event_and_refuses_like_the_others() -> None:
    class MemoryMachine(StoreMachine):
        persistent = False

    _run(MemoryMachine, MemoryStore)


def test_file_store_keeps_every_acknowledged_event(tmp_path: Path) -> None:
    class Machine(FileStoreMachine):
        pass

    _run(Machine, functools.partial(FileStore, tmp_path / "events"))


def test_file_store_keeps_nothing_of_an_append_failing_or_killed_after_writing(
    tmp_path: Path,
) -> None:
    class Machine(FileStoreWriteFailureMachine):
        pass

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TornTailWarning)
        _run(Machine, functools.partial(FileStore, tmp_path / "events"), examples=25, shrink=False)


def test_sqlite_store_keeps_every_acknowledged_event(tmp_path: Path) -> None:
    class Machine(SQLiteMachine):
        pass

    _run(Machine, functools.partial(SQLiteStore, tmp_path / "events.db"))


@pytest.mark.postgres
def test_postgres_store_keeps_every_acknowledged_event(postgres_dsn: str) -> None:
    class Machine(PostgresMachine):
        pass

    _run(Machine, functools.partial(PostgresStore, postgres_dsn))
