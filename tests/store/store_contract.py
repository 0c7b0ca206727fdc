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
keeps records where a test can corrupt them overrides ``tamper`` (see there), so that a bad
stored record is shown to read as an ``UnreadableEvent`` naming the place and the field (and
the log holding it to still answer), or, without a usable id, to raise ``RecordError``; one
that keeps no serialized records sets ``no_stored_data`` to the reason.
"""

from __future__ import annotations

import concurrent.futures
import datetime as _dt
import itertools
import json
import math
import multiprocessing
import os
import random
import re
import signal
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

import attrs
import pytest
from event_strategies import events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from store_workers import append_until_killed, append_with_retries

from mopr_timeline import (
    OrgState,
    Timeline,
    UnreadableRecordWarning,
    UnregisteredKindWarning,
    event_kind,
)
from mopr_timeline.check import check
from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.events import (
    EVENT_TYPES,
    KINDS,
    After,
    CitedWork,
    DatedEvent,
    Day,
    Event,
    EventError,
    FiguresReported,
    Founded,
    LeaderAppointed,
    NotBefore,
    Occurred,
    Retracted,
    SectionEstablished,
    Source,
    UnknownKindError,
    UnreadableEvent,
    UnregisteredEvent,
    item_type,
)
from mopr_timeline.store import (
    ConcurrencyError,
    DuplicateEventError,
    Head,
    HeadFormatError,
    IntegrityError,
    LazyRecord,
    RecordedEvent,
    RecordError,
    RetractionError,
    Store,
    StoreError,
    StreamNameError,
)
from mopr_timeline.store._codec import encode_event, format_time
from mopr_timeline.store._head import chain_hash
from wir_kinds import PeriodicalFounded, SecretaryAppointed, unregistered, wir_log

StoreFactory = Callable[[], Store]


def occurred(n: int, *, prefix: str = "e") -> list[Event]:
    """``n`` distinct plain events with predictable ids."""
    return [Occurred(id=f"{prefix}{i}", when="1925-08-01", text=f"item {i}") for i in range(n)]


class StoreContract:
    """Behaviour every store shares; see the module docstring for how to subclass."""

    multiprocess_skip: ClassVar[str | None] = None
    no_stored_data: ClassVar[str | None] = None

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

    def test_duplicate_id_appended_through_another_handle_is_rejected(
        self, make_store: StoreFactory
    ) -> None:
        with make_store() as first, make_store() as second:
            first.append("mopr", occurred(1))
            second.append("mopr", occurred(1, prefix="f"))
            first.append("mopr", occurred(1, prefix="g"))
            with pytest.raises(DuplicateEventError, match="'g0' is already in the stream"):
                second.append("mopr", occurred(1, prefix="g"))
            assert second.append("mopr", occurred(1, prefix="h")) == 4

    def test_same_id_in_another_stream_is_fine(self, store: Store) -> None:
        store.append("a", occurred(1))
        assert store.append("b", occurred(1)) == 1

    # --- retractions --------------------------------------------------------------------

    def test_a_retraction_of_an_earlier_event_is_appended(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        store.append("mopr", occurred(2))
        assert store.append("mopr", [Retracted(id="r", target="e0", reason="wrong")]) == 3
        with make_store() as again:
            assert again.append("mopr", [Retracted(id="r2", target="e1", reason="wrong")]) == 4
            assert [r.event.id for r in again.read("mopr")] == ["e0", "e1", "r", "r2"]

    def test_a_retraction_of_an_event_earlier_in_its_batch_is_appended(self, store: Store) -> None:
        batch = [*occurred(1), Retracted(id="r", target="e0", reason="wrong")]
        assert store.append("mopr", batch) == 2

    @pytest.mark.parametrize(
        ("batch", "retraction", "target", "reason"),
        [
            (
                [*occurred(1, prefix="n"), Retracted(id="bad", target="ghost", reason="?")],
                "bad",
                "ghost",
                "the stream holds no earlier event with this id",
            ),
            (
                [Retracted(id="bad", target="n0", reason="?"), *occurred(1, prefix="n")],
                "bad",
                "n0",
                "its target comes later in the batch",
            ),
            ([Retracted(id="bad", target="bad", reason="?")], "bad", "bad", "retract itself"),
            (
                [Retracted(id="bad", target="r0", reason="?")],
                "bad",
                "r0",
                "is itself a retraction",
            ),
            (
                [
                    Retracted(id="r1", target="e1", reason="?"),
                    Retracted(id="bad", target="r1", reason="?"),
                ],
                "bad",
                "r1",
                "is itself a retraction",
            ),
            (
                [Retracted(id="bad", target="elsewhere", reason="?")],
                "bad",
                "elsewhere",
                "the stream holds no earlier event",
            ),
        ],
        ids=[
            "unknown",
            "later-in-the-batch",
            "itself",
            "a-retraction",
            "a-retraction-in-the-batch",
            "in-another-stream",
        ],
    )
    def test_a_bad_retraction_is_refused_and_nothing_is_appended(
        self,
        store: Store,
        make_store: StoreFactory,
        batch: list[Event],
        retraction: str,
        target: str,
        reason: str,
    ) -> None:
        store.append("other", [Occurred(id="elsewhere", when="1925", text="t")])
        store.append("mopr", [*occurred(2), Retracted(id="r0", target="e0", reason="wrong")])
        with pytest.raises(RetractionError, match=reason) as info:
            store.append("mopr", batch)
        assert (info.value.retraction, info.value.target) == (retraction, target)
        assert f"retraction {retraction!r} of {target!r}" in str(info.value)
        assert "nothing was appended" in str(info.value)
        with make_store() as again:
            assert again.current_version("mopr") == 3
            assert [r.event.id for r in again.read("mopr")] == ["e0", "e1", "r0"]

    def test_a_retraction_appended_through_another_handle_cannot_be_retracted(
        self, make_store: StoreFactory
    ) -> None:
        with make_store() as first, make_store() as second:
            first.append("mopr", occurred(2))
            assert len(list(second.read("mopr"))) == 2
            first.append("mopr", [Retracted(id="r0", target="e0", reason="wrong")])
            with pytest.raises(RetractionError, match="is itself a retraction"):
                second.append("mopr", [Retracted(id="r1", target="r0", reason="undo")])
            assert second.append("mopr", [Retracted(id="r1", target="e1", reason="x")]) == 4

    def test_a_record_of_a_kind_not_registered_here_can_be_retracted(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        if self.no_stored_data:
            pytest.skip(self.no_stored_data)
        log = wir_log()
        store.append("wir", log)
        periodical = next(e for e in log if isinstance(e, PeriodicalFounded))
        with unregistered(PeriodicalFounded, SecretaryAppointed), make_store() as again:
            fix = Retracted(id="fix", target=periodical.id, reason="misdated")
            assert again.append("wir", [fix]) == len(log) + 1

    # --- heads and anchors ----------------------------------------------------------------

    def test_an_empty_stream_has_the_empty_head(self, store: Store) -> None:
        assert store.head("mopr") == Head(0, "")
        assert str(store.head("mopr")) == "0:"

    def test_the_head_is_the_chain_hash_over_the_records_as_read(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        """One definition of the chain hash for every store (``chain_hash``)."""
        store.append("mopr", [*occurred(2), SectionEstablished(when="1924", country="Chile")])
        store.append("mopr", occurred(2, prefix="f"))
        digest = ""
        for record in store.read("mopr"):
            stamp, text = format_time(record.recorded_at), encode_event(record.event)
            digest = chain_hash(record.version, stamp, text, digest)
        assert store.head("mopr") == Head(5, digest)
        with make_store() as again:
            assert again.head("mopr") == Head(5, digest)

    def test_an_earlier_head_still_verifies_after_more_appends(self, store: Store) -> None:
        store.append("mopr", occurred(3))
        anchor = store.head("mopr")
        store.append("mopr", occurred(2, prefix="f"))
        for expected in (anchor, str(anchor), anchor.hash, anchor.hash.upper(), f" {anchor} "):
            assert store.verify("mopr", expect_head=expected) == 5
        assert store.verify("mopr", expect_head=store.head("mopr")) == 5
        assert store.verify() == 5

    def test_a_head_of_other_records_is_an_integrity_error(self, store: Store) -> None:
        store.append("mopr", occurred(3))
        first = store.head("mopr")
        store.append("other", occurred(4))
        foreign = store.head("other")
        with pytest.raises(IntegrityError, match=r"hash at version 3 is .* was rewritten"):
            store.verify("mopr", expect_head=Head(3, foreign.hash))
        with pytest.raises(IntegrityError, match=r"none of the stream's 3 records has"):
            store.verify("mopr", expect_head=foreign.hash)
        assert store.verify("mopr", expect_head=first) == 3

    def test_a_head_beyond_the_stream_says_how_many_records_are_missing(self, store: Store) -> None:
        store.append("mopr", occurred(3))
        with pytest.raises(IntegrityError, match=r"holds 3 records: 5 records up to the head"):
            store.verify("mopr", expect_head=Head(8, "a" * 64))

    @pytest.mark.parametrize("bad", ["abc", "0:" + "a" * 64, "x:" + "a" * 64, "a" * 63, 12, ""])
    def test_a_malformed_expected_head_is_refused(self, store: Store, bad: object) -> None:
        store.append("mopr", occurred(1))
        with pytest.raises(HeadFormatError) as info:
            store.verify("mopr", expect_head=bad)  # type: ignore[arg-type]
        assert isinstance(info.value, ValueError)

    def test_an_expected_head_needs_a_stream(self, store: Store) -> None:
        store.append("mopr", occurred(1))
        with pytest.raises(StoreError, match="checks one stream"):
            store.verify(expect_head=store.head("mopr"))

    def test_a_rewritten_record_is_caught_by_the_anchor(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        store.append("mopr", occurred(3))
        anchor = store.head("mopr")
        self.tamper("mopr", 2, lambda event: event.update(text="rewritten"))
        with make_store() as again:
            with pytest.raises(IntegrityError):
                again.verify("mopr", expect_head=anchor)
            with pytest.raises(IntegrityError):
                again.verify("mopr", expect_head=anchor.hash)

    # --- lifecycle ----------------------------------------------------------------------

    def test_closed_store_refuses_work(self, make_store: StoreFactory) -> None:
        with make_store() as opened:
            opened.append("mopr", occurred(1))
        with pytest.raises(StoreError, match="closed"):
            opened.append("mopr", occurred(1, prefix="f"))
        with pytest.raises(StoreError, match="closed"):
            opened.current_version("mopr")

    # --- many processes, crashes ----------------------------------------------------------

    @pytest.mark.slow
    def test_four_processes_append_2000_contiguous_versions(self, make_store: StoreFactory) -> None:
        if self.multiprocess_skip:
            pytest.skip(self.multiprocess_skip)
        context = multiprocessing.get_context("spawn")
        with concurrent.futures.ProcessPoolExecutor(4, mp_context=context) as pool:
            futures = [
                pool.submit(append_with_retries, make_store, "mopr", f"p{p}", 500) for p in range(4)
            ]
            retries = [f.result(timeout=240) for f in futures]
        with make_store() as store:
            records = list(store.read("mopr"))
        assert [r.version for r in records] == list(range(1, 2001))
        ids = [r.event.id for r in records]
        assert len(set(ids)) == 2000
        assert set(ids) == {f"p{p}-{i}" for p in range(4) for i in range(500)}
        for p in range(4):
            mine = [int(i.split("-")[1]) for i in ids if i.startswith(f"p{p}-")]
            assert mine == sorted(mine), "each writer's own events keep their order"
        assert sum(retries) >= 0

    @pytest.mark.slow
    def test_writer_killed_mid_append_loses_nothing_acknowledged(
        self, make_store: StoreFactory
    ) -> None:
        if self.multiprocess_skip:
            pytest.skip(self.multiprocess_skip)
        # A fork server (started clean, like spawn, with the library preloaded) makes each of
        # the 20 writers start in milliseconds; the factory is still pickled to the child.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["mopr_timeline", "store_workers"])
        rng = random.Random(20261128)
        acknowledged: dict[int, str] = {}
        for round_ in range(20):
            receive, send = context.Pipe(duplex=False)
            child = context.Process(
                target=append_until_killed,
                args=(make_store, "mopr", f"r{round_}", rng.randint(1, 40), send),
            )
            child.start()
            send.close()
            assert receive.poll(60), "the writer did not start"
            receive.recv()
            for _ in range(rng.randint(1, 6)):
                if receive.poll(60):
                    self._note_ack(receive.recv(), acknowledged)
            time.sleep(rng.random() * 0.01)
            os.kill(child.pid, signal.SIGKILL)  # type: ignore[arg-type]
            child.join(30)
            while True:
                try:
                    self._note_ack(receive.recv(), acknowledged)
                except EOFError:
                    break
            receive.close()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with make_store() as store:
                    stored = {r.version: r.event.id for r in store.read("mopr")}
            assert list(stored) == list(range(1, len(stored) + 1))
            assert len(set(stored.values())) == len(stored)
            lost = {v: i for v, i in acknowledged.items() if stored.get(v) != i}
            assert not lost, f"round {round_}: acknowledged events lost: {lost}"
        assert len(acknowledged) >= 20

    def test_threads_sharing_one_store_neither_deadlock_nor_collide(self, store: Store) -> None:
        errors: list[BaseException] = []

        def writer(name: str) -> None:
            try:
                for i in range(40):
                    event = Occurred(id=f"{name}-{i}", when="1925", text="t")
                    while True:
                        try:
                            store.append(
                                "mopr", [event], expected_version=store.current_version("mopr")
                            )
                        except ConcurrencyError:
                            continue
                        break
                    list(store.read("mopr", after=max(0, store.current_version("mopr") - 3)))
            except BaseException as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=writer, args=(f"t{n}",), daemon=True) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        assert not [t for t in threads if t.is_alive()], "threads are stuck (deadlock?)"
        assert errors == []
        assert [r.version for r in store.read("mopr")] == list(range(1, 161))

    @staticmethod
    def _note_ack(message: tuple[int, list[str]], acknowledged: dict[int, str]) -> None:
        version, ids = message
        first = version - len(ids) + 1
        acknowledged.update(zip(range(first, version + 1), ids, strict=True))

    @settings(
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(batch=st.lists(events(), min_size=1, max_size=6, unique_by=lambda e: e.id))
    def test_every_event_type_round_trips(self, store: Store, batch: list[Event]) -> None:
        stream = f"s{next(_fresh)}"
        batch = aimed(batch)
        store.append(stream, batch)
        assert [r.event for r in store.read(stream)] == batch

    @pytest.mark.parametrize("kind", sorted(EVENT_TYPES), ids=str)
    def test_each_event_type_round_trips_with_all_fields_set(
        self, store: Store, make_store: StoreFactory, kind: str
    ) -> None:
        full = _fully_set(EVENT_TYPES[kind])
        log = [full]
        if isinstance(full, Retracted):
            log.insert(0, Occurred(id=full.target, when="1925", text="the target"))
        store.append("mopr", log)
        with make_store() as again:
            assert [r.event for r in again.read("mopr")] == log

    # --- kinds of your own, and kinds that are not registered -----------------------------

    def test_a_kind_of_your_own_is_stored_read_back_and_replayed(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        log = wir_log()
        store.append("wir", log)
        with make_store() as again:
            assert [r.event for r in again.read("wir")] == log
            assert [decoded(r).event for r in again.read_lazy("wir")] == log
            state = Timeline(again, "wir").state_at("1927")
            assert [(f.key, f.certainty.value) for f in state.periodicals] == [
                ("Arbeiter-Illustrierte-Zeitung", "certain")
            ]
            assert state.leaders == ()
            assert [f.value for f in state.secretaries] == ["Willi Münzenberg"]
            assert [f.name for f in state.facts("campaigns")] == ["Famine relief"]

    def test_an_unregistered_kind_is_refused_before_anything_is_written(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        """The reproduction of the issue: a subclass with an extra field, and one without."""

        @attrs.frozen(kw_only=True)
        class Titled(Occurred):
            title: str

        @attrs.frozen(kw_only=True)
        class Plain(Occurred):
            pass

        store.append("mopr", occurred(2))
        for event in (
            Titled(id="t", when="1925", text="x", title="Rote Fahne"),
            Plain(id="p", when="1925", text="x"),
        ):
            with pytest.raises(UnknownKindError, match="is not a registered event kind"):
                store.append("mopr", [*occurred(1, prefix="ok"), event])
        with make_store() as again:
            assert again.current_version("mopr") == 2
            assert [r.event for r in again.read("mopr")] == occurred(2)
            assert again.append("mopr", occurred(1, prefix="after")) == 3

    @pytest.mark.parametrize(
        ("make", "error", "message"),
        [
            (lambda: Event(id="b1"), UnknownKindError, "not a registered event kind"),
            (lambda: _smuggled("members", 2**70), EventError, "FiguresReported.members"),
            (lambda: _smuggled("members", math.nan), EventError, "FiguresReported.members"),
            (lambda: _smuggled("note", "a\ud800"), EventError, "lone surrogate"),
            (lambda: _smuggled("note", 123), EventError, "FiguresReported.note: expected text"),
            (lambda: _smuggled("when", "1925"), StoreError, "cannot be written as JSON"),
            (lambda: _smuggled("id", 15), EventError, "FiguresReported.id"),
            (
                lambda: _smuggled("country", ["X"], SectionEstablished(when="1925", country="X")),
                EventError,
                "SectionEstablished.country",
            ),
        ],
        ids=[
            "bare-event",
            "huge-count",
            "nan-count",
            "surrogate",
            "number-as-text",
            "date-not-a-date",
            "id-not-text",
            "key-not-text",
        ],
    )
    def test_an_event_no_store_can_write_is_refused_by_every_store_alike(
        self, store: Store, make: Callable[[], Event], error: type[Exception], message: str
    ) -> None:
        """Issue 15, items 1, 7 and 9: MemoryStore refuses what the persistent stores refuse
        (every store validates every event's fields again and encodes every batch), with the
        same library error, leaving the stream as it was; the values here are set past the
        events' checks."""
        store.append("mopr", occurred(2))
        with pytest.raises(error, match=re.escape(message)):
            store.append("mopr", [*occurred(1, prefix="ok"), make()])
        assert store.current_version("mopr") == 2
        assert [r.event for r in store.read("mopr")] == occurred(2)

    def test_an_event_that_would_not_read_back_is_refused_naming_kind_and_field(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        @event_kind(wording="{code} was reported")
        @attrs.frozen(kw_only=True)
        class CodeReported(DatedEvent):
            code: str = attrs.field(converter=lambda text: f"{text}!")

        store.append("mopr", occurred(1))
        with pytest.raises(EventError, match=r"CodeReported\.code") as info:
            store.append("mopr", [CodeReported(id="c", when="1925", code="A")])
        assert "nothing was appended" in str(info.value)
        with make_store() as again:
            assert again.current_version("mopr") == 1

    def test_a_record_of_a_kind_not_registered_here_reads_back_whole_and_replay_skips_it(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        if self.no_stored_data:
            pytest.skip(self.no_stored_data)
        log = wir_log()
        store.append("wir", log)
        periodical = next(e for e in log if isinstance(e, PeriodicalFounded))
        with unregistered(PeriodicalFounded, SecretaryAppointed), make_store() as again:
            events = [r.event for r in again.read("wir")]
            placeholder = events[log.index(periodical)]
            assert isinstance(placeholder, UnregisteredEvent)
            assert (placeholder.id, placeholder.type) == (periodical.id, "PeriodicalFounded")
            assert json.loads(placeholder.stored)["title"] == periodical.title
            assert [e for e in events if not isinstance(e, UnregisteredEvent)] == [
                e for e in log if not isinstance(e, PeriodicalFounded | SecretaryAppointed)
            ]
            with pytest.warns(UnregisteredKindWarning) as warned:
                timeline = Timeline(again, "wir")
            assert sorted(str(w.message).split("'")[3] for w in warned) == [
                "PeriodicalFounded",
                "SecretaryAppointed",
            ]
            state = timeline.state_at("1927")
            assert state.exists.value == "certain"
            assert state.facts("periodicals") == ()
            assert [e.id for e in timeline.chronology()] == [
                e.id
                for e in sorted(log, key=lambda e: e.start.sort_key())  # type: ignore[attr-defined]
                if not isinstance(e, PeriodicalFounded | SecretaryAppointed)
            ]
            with pytest.raises(UnknownKindError):
                again.append("wir", [placeholder])
        with make_store() as again:
            assert [r.event for r in again.read("wir")] == log

    # --- lazy reads -----------------------------------------------------------------------

    @settings(
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.differing_executors,
        ],
    )
    @given(
        batch=st.lists(events(), min_size=1, max_size=6, unique_by=lambda e: e.id),
        after=st.integers(min_value=0, max_value=7),
    )
    def test_a_lazy_read_decodes_to_what_read_gives(
        self, store: Store, batch: list[Event], after: int
    ) -> None:
        stream = f"s{next(_fresh)}"
        batch = aimed(batch)
        store.append(stream, batch)
        lazy = list(store.read_lazy(stream, after=after))
        assert [decoded(r) for r in lazy] == list(store.read(stream, after=after))
        assert [r.version for r in lazy] == list(range(after + 1, len(batch) + 1))

    def test_a_lazy_read_validates_its_arguments(self, store: Store) -> None:
        with pytest.raises(StreamNameError):
            store.read_lazy("../x")
        with pytest.raises(StoreError, match="after must be a whole number"):
            store.read_lazy("mopr", after=-1)

    # --- bad stored data ------------------------------------------------------------------

    def tamper(
        self,
        stream: str,  # noqa: ARG002
        version: int,  # noqa: ARG002
        mutate: Callable[[dict[str, Any]], None],  # noqa: ARG002
    ) -> str:
        """Rewrite the stored event of ``version`` with ``mutate`` as a buggy writer would,
        keeping the store otherwise consistent, and return the location text (file and line, or
        table row) that an error about that record must contain. A store whose test class
        does not override this skips the bad-data tests, saying so."""
        pytest.skip(
            self.no_stored_data
            or f"{type(self).__name__} does not implement tamper() to corrupt stored data"
        )

    @pytest.mark.parametrize(
        ("mutate", "field", "reason"),
        [
            (lambda e: e.pop("country"), "country", "missing"),
            (lambda e: e["when"].update(earliest="1925-02-30"), "when.earliest", "day"),
            (lambda e: e["when"].update(latest="Aug. 1925"), "when.latest", "ISO"),
            (lambda e: e.update(name=17), "name", "text"),
            (lambda e: e.update(name=""), "name", "non-empty text"),
            (lambda e: e.update(country=None), "country", "text"),
            (lambda e: e.update(schema=9), "schema", "schema"),
            (lambda e: e.update(extra=1), "extra", "unknown field"),
        ],
        ids=[
            "missing-field",
            "impossible-day",
            "unparseable",
            "wrong-type",
            "blank",
            "null",
            "schema",
            "unknown-field",
        ],
    )
    def test_bad_stored_data_reads_as_an_unreadable_event_naming_location_and_field(
        self,
        store: Store,
        make_store: StoreFactory,
        mutate: Callable[[dict[str, Any]], None],
        field: str,
        reason: str,
    ) -> None:
        """A record that does not read as its kind (issue 15: written by an older version or
        a bug) no longer makes ``read`` raise: it reads as an ``UnreadableEvent`` keeping the
        stored JSON and naming the place, the field and why; the records around it read."""
        store.append(
            "mopr",
            [
                Founded(id="f", when="1922", name="MOPR"),
                SectionEstablished(id="s", when="1924-10", country="Germany", name="RHD"),
                Occurred(id="o", when="1925", text="t"),
            ],
        )
        location = self.tamper("mopr", 2, mutate)
        with make_store() as again:
            events = [r.event for r in again.read("mopr")]
            assert [e.id for e in events] == ["f", "s", "o"]
            bad = events[1]
            assert isinstance(bad, UnreadableEvent)
            assert location in bad.location
            assert (bad.type, bad.field) == ("SectionEstablished", field)
            assert reason in bad.reason
            assert location in bad.problem()
            assert json.loads(bad.stored)["id"] == "s"
            assert [decoded(r).event for r in again.read_lazy("mopr")] == events

    @pytest.mark.parametrize(
        ("mutate", "field"),
        [
            (lambda e: e.pop("id"), "event.id"),
            (lambda e: e.update(id=7), "event.id"),
        ],
        ids=["no-id", "id-not-text"],
    )
    def test_a_stored_record_without_a_usable_id_is_a_record_error(
        self,
        store: Store,
        make_store: StoreFactory,
        mutate: Callable[[dict[str, Any]], None],
        field: str,
    ) -> None:
        store.append("mopr", occurred(3))
        location = self.tamper("mopr", 2, mutate)
        with make_store() as again, pytest.raises(RecordError) as info:
            list(again.read("mopr"))
        assert location in info.value.location
        assert info.value.field == field

    def test_a_log_holding_an_unreadable_record_still_answers_and_accepts_its_retraction(
        self, store: Store, make_store: StoreFactory
    ) -> None:
        """Issue 15, item 1: one bad record no longer makes the stream unusable."""
        store.append(
            "mopr",
            [
                Founded(id="f", when="1922", name="MOPR"),
                SectionEstablished(id="s", when="1924-10", country="Germany", name="RHD"),
                FiguresReported(id="r", when="1925", members=5, note="first"),
                Occurred(id="o", when="1925", text="t"),
            ],
        )
        location = self.tamper("mopr", 3, lambda e: e.update(note=123))
        with make_store() as again:
            with pytest.warns(UnreadableRecordWarning) as warned:
                timeline, state, chronology = _replayed(again, "1926")
            assert state.exists.value == "certain"
            assert [fact.key for fact in state.sections] == ["Germany"]
            assert state.reports == ()
            assert chronology == ["f", "s", "o"]
            (warning,) = warned
            assert str(warning.message).startswith("stream 'mopr': skipped version 3, ")
            assert location in str(warning.message)
            assert "event 'r' (FiguresReported) cannot be read: field 'note'" in str(
                warning.message
            )
            report = check(timeline)
            assert not report.ok
            (error,) = report.integrity_errors
            assert location in error
            assert "event 'r' (FiguresReported)" in error
            assert "field 'note'" in error
            assert [c.report.id for c in report.counts] == []
            assert timeline.append([Retracted(id="x", target="r", reason="unreadable note")]) == 5
            assert timeline.append([FiguresReported(id="r2", when="1925", members=5)]) == 6
        with make_store() as again:
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                timeline = Timeline(again, "mopr")
                assert [fact.event.id for fact in timeline.state_at("1926").reports] == ["r2"]
                report = check(timeline)
            assert report.ok
            assert [f.kind.value for f in report.findings][:1] == ["unreadable-record"]


_fresh = itertools.count()


def aimed(batch: list[Event]) -> list[Event]:
    """``batch`` with each retraction aimed at the latest earlier event of the batch that is
    not a retraction (a retraction without one is left out): what every store accepts."""
    kept: list[Event] = []
    for event in batch:
        if isinstance(event, Retracted):
            targets = [e.id for e in kept if not isinstance(e, Retracted)]
            if not targets:
                continue
            event = attrs.evolve(event, target=targets[-1])
        kept.append(event)
    return kept


def _smuggled(field: str, value: Any, event: Event | None = None) -> Event:
    """``event`` (a FiguresReported by default) with ``value`` set past its checks."""
    event = event or FiguresReported(id="smuggled", when="1925")
    object.__setattr__(event, field, value)
    return event


def _replayed(store: Store, day: str) -> tuple[Timeline, OrgState, list[str]]:
    """A timeline of ``store``'s stream 'mopr', its state on ``day``, its chronology's ids."""
    timeline = Timeline(store, "mopr")
    return timeline, timeline.state_at(day), [entry.event.id for entry in timeline.chronology()]


def decoded(record: RecordedEvent | LazyRecord) -> RecordedEvent:
    return record.record() if isinstance(record, LazyRecord) else record


def _fully_set(kind: type[Event]) -> Event:
    """An event of ``kind`` with every field, optional ones included, given a value (the two
    items of a tuple differ: a report names each count once)."""
    source = Source(
        title="International Red Aid",
        pages="1-2",
        part="a table",
        quotation="“MOPR”",
        cites=CitedWork(title="Ryle", pages="262-263"),
    )
    when = FuzzyDate(
        earliest=_dt.date(1924, 1, 1),
        latest=_dt.date(1926, 12, 31),
        text="c. 1925",
        precision=Precision.YEAR,
        qualifier=Qualifier.APPROXIMATE,
    )
    span = FuzzySpan(start=when, end=FuzzyDate.exact(_dt.date(1927, 4, 5)), text="t")

    def value(kind: Any, text: str = "Name") -> Any:
        required = next(a for a in getattr(kind, "__args__", (kind,)) if a is not type(None))
        inner = item_type(kind)
        if inner is not None:
            return (value(inner), value(inner, "Other"))
        simple = {str: text, int: 7, bool: True, FuzzyDate: when, FuzzySpan: span}
        if required in simple:
            return simple[required]
        if required is Source:
            return source
        fields = attrs.fields(attrs.resolve_types(required))
        return required(**{f.name: value(f.type, text) for f in fields if f.init})

    spec = KINDS[kind.kind]
    values = {field.name: value(field.type) for field in spec.fields if field.name != "relations"}
    values["contradicts"] = ("an-earlier-claim",)
    values["relations"] = (
        ()
        if spec.day is Day.NONE
        else (After("an-earlier-event", within="3 months"), NotBefore("a-congress", of="end"))
    )
    return kind(**values | {"id": f"full-{kind.kind}", "source": source})
