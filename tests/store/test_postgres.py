"""PostgresStore against a real server: the shared contract plus what only PostgreSQL has.

Every test gets a fresh database in this worker's throwaway cluster (``postgres_server``);
without the server binaries they are skipped with the reason.
"""

from __future__ import annotations

import datetime as _dt
import functools
import json
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import postgres_server
import psycopg
import pytest
from postgres_server import ServerNotFoundError, ThrowawayCluster, sql
from store_contract import StoreContract, StoreFactory, occurred

from mopr_timeline import Timeline, load
from mopr_timeline.events import SectionEstablished, UnreadableEvent
from mopr_timeline.store import (
    ConcurrencyError,
    IntegrityError,
    PostgresStore,
    RecordError,
    StoreError,
    open_store,
)
from mopr_timeline.store import _base as store_base
from mopr_timeline.store._pg_migrations import LATEST_VERSION, MIGRATIONS

pytestmark = pytest.mark.postgres


class TestPostgresStore(StoreContract):
    dsn: str

    @pytest.fixture
    def make_store(self, postgres_dsn: str) -> StoreFactory:
        self.dsn = postgres_dsn
        return functools.partial(PostgresStore, postgres_dsn)

    def tamper(self, stream: str, version: int, mutate: Callable[[dict[str, Any]], None]) -> str:
        ((text,),) = sql(
            self.dsn,
            "SELECT event FROM events WHERE stream = %s AND version = %s",
            (stream, version),
        )
        event = json.loads(text)
        mutate(event)
        sql(self.dsn, "ALTER TABLE events DISABLE TRIGGER events_append_only")
        sql(
            self.dsn,
            "UPDATE events SET event = %s WHERE stream = %s AND version = %s",
            (json.dumps(event), stream, version),
        )
        return f"stream {stream!r} version {version}"


@pytest.fixture
def store(postgres_dsn: str) -> Iterator[PostgresStore]:
    with PostgresStore(postgres_dsn) as opened:
        yield opened


# --- schema and migrations ------------------------------------------------------------------


def test_first_use_applies_every_migration_once(postgres_dsn: str) -> None:
    PostgresStore(postgres_dsn).close()
    PostgresStore(postgres_dsn).close()
    rows = sql(postgres_dsn, "SELECT version, description FROM mopr_schema_version ORDER BY 1")
    assert rows == [(m.version, m.description) for m in MIGRATIONS]
    assert rows[-1][0] == LATEST_VERSION


def test_stores_opening_a_new_database_at_once_migrate_it_once(
    postgres_dsn: str,
) -> None:
    errors: list[BaseException] = []

    def open_and_append(i: int) -> None:
        try:
            with PostgresStore(postgres_dsn) as opened:
                opened.append("mopr", occurred(1, prefix=f"t{i}-"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_and_append, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sql(postgres_dsn, "SELECT count(*) FROM mopr_schema_version") == [(LATEST_VERSION,)]
    assert sql(postgres_dsn, "SELECT count(*) FROM events") == [(6,)]


def test_a_failed_migration_leaves_nothing_behind(postgres_dsn: str) -> None:
    sql(postgres_dsn, "CREATE TABLE events (something_else int)")
    with pytest.raises(StoreError, match=r"opening the store: relation \"events\" already exists"):
        PostgresStore(postgres_dsn)
    assert sql(postgres_dsn, "SELECT to_regclass('mopr_schema_version')") == [(None,)]
    assert sql(postgres_dsn, "SELECT to_regprocedure('mopr_events_append_only()')") == [(None,)]


def test_a_database_newer_than_the_code_is_refused(postgres_dsn: str) -> None:
    PostgresStore(postgres_dsn).close()
    sql(
        postgres_dsn,
        "INSERT INTO mopr_schema_version (version, description) VALUES (%s, 'from the future')",
        (LATEST_VERSION + 1,),
    )
    with pytest.raises(StoreError, match=rf"schema is version {LATEST_VERSION + 1}, newer"):
        PostgresStore(postgres_dsn)


def test_an_up_to_date_database_opens_for_a_role_that_may_only_read(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dbname = postgres_cluster.create_database()
    owner_dsn = postgres_cluster.dsn(dbname)
    with PostgresStore(owner_dsn) as owner:
        owner.append("mopr", occurred(2))
    sql(owner_dsn, "CREATE ROLE historian_reader LOGIN")
    sql(owner_dsn, "REVOKE CREATE ON SCHEMA public FROM PUBLIC")
    sql(owner_dsn, "GRANT SELECT ON events, mopr_schema_version TO historian_reader")
    try:
        with PostgresStore(postgres_cluster.dsn(dbname, user="historian_reader")) as reader:
            assert [r.version for r in reader.read("mopr")] == [1, 2]
            with pytest.raises(StoreError, match="permission denied") as info:
                reader.append("mopr", occurred(1, prefix="x"))
            assert not isinstance(info.value, psycopg.Error)
    finally:
        sql(owner_dsn, "DROP OWNED BY historian_reader")
        sql(owner_dsn, "DROP ROLE historian_reader")


def test_the_writer_grants_of_the_docs_suffice_to_append(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dbname = postgres_cluster.create_database()
    owner_dsn = postgres_cluster.dsn(dbname)
    PostgresStore(owner_dsn).close()
    sql(owner_dsn, "CREATE ROLE historian_writer LOGIN")
    sql(owner_dsn, "GRANT SELECT, INSERT ON events TO historian_writer")
    sql(owner_dsn, "GRANT SELECT ON mopr_schema_version TO historian_writer")
    try:
        with PostgresStore(postgres_cluster.dsn(dbname, user="historian_writer")) as writer:
            assert writer.append("mopr", occurred(3)) == 3
            assert writer.append("mopr", occurred(1, prefix="f"), expected_version=3) == 4
            assert [r.version for r in writer.read("mopr")] == [1, 2, 3, 4]
    finally:
        sql(owner_dsn, "DROP OWNED BY historian_writer")
        sql(owner_dsn, "DROP ROLE historian_writer")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET event = '{}'",
        "DELETE FROM events",
        "TRUNCATE events",
    ],
)
def test_the_event_table_is_append_only(store: PostgresStore, statement: str) -> None:
    store.append("mopr", occurred(2))
    dsn = store._dsn
    with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
        sql(dsn, statement)
    assert [r.event.id for r in store.read("mopr")] == ["e0", "e1"]


# --- record times ---------------------------------------------------------------------------


def test_recorded_at_comes_from_the_server_clock(
    store: PostgresStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    client_clock = _dt.datetime(1900, 1, 1, tzinfo=_dt.UTC)
    monkeypatch.setattr(store_base, "utc_now", lambda: client_clock)
    ((before,),) = sql(store._dsn, "SELECT clock_timestamp()")
    store.append("mopr", occurred(1))
    ((after,),) = sql(store._dsn, "SELECT clock_timestamp()")
    (record,) = store.read("mopr")
    assert before <= record.recorded_at <= after


def test_recorded_at_is_utc_whatever_the_session_time_zone(
    postgres_cluster: ThrowawayCluster,
) -> None:
    with PostgresStore(postgres_cluster.schema_dsn("-c TimeZone=Asia/Tokyo")) as tokyo:
        tokyo.append("mopr", occurred(1))
        (record,) = tokyo.read("mopr")
    assert record.recorded_at.tzinfo is _dt.UTC


def test_recorded_at_never_goes_back_when_the_server_clock_does(store: PostgresStore) -> None:
    store.append("mopr", occurred(1))
    future = _dt.datetime(2999, 1, 1, tzinfo=_dt.UTC)
    sql(store._dsn, "ALTER TABLE events DISABLE TRIGGER events_append_only")
    sql(store._dsn, "UPDATE events SET recorded_at = %s", (future,))
    store.append("mopr", occurred(1, prefix="later"))
    assert [r.recorded_at for r in store.read("mopr")] == [future, future]


# --- streamed reads -------------------------------------------------------------------------


@pytest.fixture
def named(postgres_cluster: ThrowawayCluster) -> Iterator[tuple[PostgresStore, Callable[[], int]]]:
    """A store whose sessions carry a name of their own, and how many of them are in the
    middle of a read (counted by that name: other tests' readers that the collector has not
    closed yet may be idle in transaction in the same database)."""
    name = f"reads-{uuid.uuid4().hex[:12]}"
    query = (
        "SELECT count(*) FROM pg_stat_activity"
        f" WHERE application_name = '{name}' AND state = 'idle in transaction'"
    )

    def reading() -> int:
        ((count,),) = sql(postgres_cluster.dsn(), query)
        return int(count)

    with PostgresStore(postgres_cluster.schema_dsn(application_name=name)) as opened:
        yield opened, reading


def test_a_read_streams_from_its_own_session_and_may_append_meanwhile(
    named: tuple[PostgresStore, Callable[[], int]],
) -> None:
    store, reading = named
    store.append("mopr", occurred(2500))
    records = store.read("mopr")
    first = next(records)
    assert reading() == 1
    store.append("mopr", occurred(3, prefix="meanwhile"))
    rest = list(records)
    assert [r.version for r in [first, *rest]] == list(range(1, 2501))
    assert reading() == 0
    assert store.current_version("mopr") == 2503


def test_an_abandoned_read_releases_its_session(
    named: tuple[PostgresStore, Callable[[], int]],
) -> None:
    store, reading = named
    store.append("mopr", occurred(10))
    records = store.read("mopr")
    next(records)
    assert reading() == 1
    records.close()  # type: ignore[attr-defined]
    assert reading() == 0


def test_reads_reuse_one_session_and_close_ends_them_all(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dsn = postgres_cluster.schema_dsn(application_name="reuse-test")
    sessions = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'reuse-test'"
    store = PostgresStore(dsn)
    store.append("mopr", occurred(3))
    for _ in range(5):
        assert len(list(store.read("mopr"))) == 3
    assert sql(postgres_cluster.dsn(), sessions) == [(2,)]
    nested = [(a.version, [b.version for b in store.read("mopr")]) for a in store.read("mopr")]
    assert nested == [(1, [1, 2, 3]), (2, [1, 2, 3]), (3, [1, 2, 3])]
    store.close()
    _wait_until(lambda: sql(postgres_cluster.dsn(), sessions) == [(0,)])


# --- records the store cannot read ----------------------------------------------------------


def _tamper(store: PostgresStore, query: str, params: tuple[Any, ...] = ()) -> None:
    sql(store._dsn, "ALTER TABLE events DISABLE TRIGGER events_append_only")
    sql(store._dsn, query, params)


def test_a_record_with_a_bad_field_reads_as_unreadable_naming_stream_version_and_field(
    store: PostgresStore,
) -> None:
    store.append("mopr", occurred(3))
    _tamper(store, "UPDATE events SET event = replace(event, '\"item 1\"', '7') WHERE version = 2")
    events = [record.event for record in store.read("mopr")]
    assert [e.id for e in events] == ["e0", "e1", "e2"]
    bad = events[1]
    assert isinstance(bad, UnreadableEvent)
    assert bad.location.endswith("stream 'mopr' version 2")
    assert (bad.type, bad.field) == ("Occurred", "text")


def test_a_record_that_is_not_json_is_a_record_error(store: PostgresStore) -> None:
    store.append("mopr", occurred(1))
    _tamper(store, "UPDATE events SET event = 'not json'")
    with pytest.raises(
        RecordError, match=r"version 1: field 'event' the stored event is not valid JSON"
    ):
        list(store.read("mopr"))


def test_a_missing_version_is_an_integrity_error(store: PostgresStore) -> None:
    store.append("mopr", occurred(3))
    _tamper(store, "DELETE FROM events WHERE version = 2")
    with pytest.raises(IntegrityError, match="version 2 is missing"):
        list(store.read("mopr"))


def test_a_row_whose_id_disagrees_with_its_event_is_an_integrity_error(
    store: PostgresStore,
) -> None:
    store.append("mopr", occurred(1))
    _tamper(store, "UPDATE events SET event_id = 'other'")
    with pytest.raises(
        IntegrityError, match="version 1: the row's event_id 'other' does not match"
    ):
        list(store.read("mopr"))
    (lazy,) = store.read_lazy("mopr")
    assert lazy.glance()[1] == "other"
    with pytest.raises(
        IntegrityError,
        match=r"version 1: the stored index columns Glance\(kind='Occurred', id='other'",
    ):
        lazy.record()


def test_a_row_without_a_glance_whose_id_disagrees_is_an_integrity_error_when_read_lazily(
    store: PostgresStore,
) -> None:
    store.append("mopr", occurred(1))
    _tamper(store, "UPDATE events SET event_id = 'other', kind = NULL")
    with pytest.raises(
        IntegrityError, match="version 1: the row's event_id 'other' does not match"
    ):
        list(store.read_lazy("mopr"))


def test_a_lazy_read_leaves_events_undecoded_until_asked(store: PostgresStore) -> None:
    store.append("mopr", occurred(3))
    lazy = list(store.read_lazy("mopr"))
    assert [type(r).__name__ for r in lazy] == ["LazyRecord"] * 3
    assert [r.record() for r in lazy] == list(store.read("mopr"))


def test_an_old_schema_record_is_upcast_on_read(store: PostgresStore) -> None:
    old = (
        '{"id":"rhd","source":null,"when":"Oct. 1924","country":"Germany",'
        '"group":"Rote Hilfe Deutschlands","type":"SectionEstablished","schema":1}'
    )
    store.append("mopr", occurred(1))
    sql(
        store._dsn,
        "INSERT INTO events (stream, version, event_id, event) VALUES ('mopr', 2, 'rhd', %s)",
        (old,),
    )
    (record,) = store.read("mopr", after=1)
    assert isinstance(record.event, SectionEstablished)
    assert record.event.name == "Rote Hilfe Deutschlands"


# --- errors are ours, never psycopg's -------------------------------------------------------


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    with pytest.raises(StoreError, match=r"127\.0\.0\.1:1/mopr: opening the store") as info:
        PostgresStore("postgresql://historian:s3cret@127.0.0.1:1/mopr?connect_timeout=3")
    assert "s3cret" not in str(info.value)
    assert not isinstance(info.value, psycopg.Error)


@pytest.mark.parametrize("dsn", ["host=", "postgresql://u:s3cret@host:notaport/db", "x y z"])
def test_an_invalid_dsn_is_a_store_error_without_the_password(dsn: str) -> None:
    with pytest.raises(StoreError) as info:
        PostgresStore(dsn)
    assert "s3cret" not in str(info.value)


@pytest.mark.parametrize("dsn", ["", "  ", None, 5])
def test_a_dsn_that_is_not_text_is_refused(dsn: Any) -> None:
    with pytest.raises(StoreError, match="needs a DSN"):
        PostgresStore(dsn)


def test_without_psycopg_the_store_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError, match=r"pip install 'mopr_timeline\[postgres\]'"):
        PostgresStore("postgresql://localhost/mopr")


def test_a_store_that_cannot_open_leaves_no_session_behind(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dsn = postgres_cluster.schema_dsn(application_name="failed-open")
    PostgresStore(dsn).close()
    sql(dsn, "INSERT INTO mopr_schema_version (version, description) VALUES (99, 'future')")
    sessions = "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'failed-open'"

    def open_and_count_sessions() -> tuple[StoreError, list[tuple[Any, ...]]]:
        try:
            PostgresStore(dsn)
        except StoreError as error:  # counted while the failed store is still referenced
            return error, sql(postgres_cluster.dsn(), sessions)
        raise AssertionError("a database newer than the code was opened")

    error, counted = open_and_count_sessions()
    assert "newer" in str(error)
    assert counted == [(0,)]


def test_without_server_binaries_the_cluster_reports_the_skip_reason(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(postgres_server, "find_server_binaries", lambda: None)
    with pytest.raises(ServerNotFoundError) as info:
        ThrowawayCluster.create()
    assert str(info.value) == (
        "PostgreSQL server binaries (initdb, pg_ctl) not found; "
        "install Debian's postgresql package or run .ci/run"
    )


def test_importing_the_library_does_not_import_psycopg() -> None:
    code = "import sys, mopr_timeline; print('psycopg' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_a_store_used_after_a_fork_says_to_open_a_new_one(store: PostgresStore) -> None:
    store._pid = -1
    with pytest.raises(StoreError, match="open a new PostgresStore in process"):
        store.current_version("mopr")


# --- concurrency and crashes ----------------------------------------------------------------


def test_two_writers_expecting_the_same_version_one_wins(postgres_dsn: str) -> None:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def write(name: str) -> None:
        with PostgresStore(postgres_dsn) as writer:
            barrier.wait()
            try:
                writer.append("mopr", occurred(5, prefix=name), expected_version=0)
                outcomes.append("won")
            except ConcurrencyError as exc:
                outcomes.append(f"lost {exc.expected}->{exc.actual}")

    threads = [threading.Thread(target=write, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["lost 0->5", "won"]


def _race_a_lock_bypassing_writer(store: PostgresStore, append: Callable[[], int]) -> list[Any]:
    """Run ``append`` while another session, ignoring mopr_append, inserts version 1 first."""
    store.append("other", occurred(1))
    ((text,),) = sql(store._dsn, "SELECT event FROM events")
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(append())
        except BaseException as exc:
            outcome.append(exc)

    with psycopg.connect(store._dsn) as foreign:
        foreign.execute(
            "INSERT INTO events (stream, version, event_id, event) VALUES ('mopr', 1, 'e0', %s)",
            (text,),
        )
        writer = threading.Thread(target=run)
        writer.start()
        _wait_until(
            lambda: bool(
                sql(
                    store._dsn,
                    "SELECT 1 FROM pg_stat_activity"
                    " WHERE application_name = 'mopr_timeline' AND wait_event_type = 'Lock'",
                )
            )
        )
        foreign.commit()
        writer.join(timeout=30)
    return outcome


def test_a_lock_bypassing_writer_that_took_the_expected_version_is_a_conflict(
    store: PostgresStore,
) -> None:
    (error,) = _race_a_lock_bypassing_writer(
        store, lambda: store.append("mopr", occurred(1, prefix="mine"), expected_version=0)
    )
    assert isinstance(error, ConcurrencyError)
    assert (error.expected, error.actual) == (0, 1)
    assert [r.event.id for r in store.read("mopr")] == ["e0"]


def test_an_append_at_the_end_retries_after_a_lock_bypassing_writer(
    store: PostgresStore,
) -> None:
    (version,) = _race_a_lock_bypassing_writer(
        store, lambda: store.append("mopr", occurred(1, prefix="mine"))
    )
    assert version == 2
    assert [r.event.id for r in store.read("mopr")] == ["e0", "mine0"]


def _slow_insert_at(dsn: str, version: int) -> None:
    """Make the insert of ``version`` sleep, so a test can cut the append in the middle."""
    sql(
        dsn,
        f"""
        CREATE FUNCTION slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.version = {version} THEN PERFORM pg_sleep(30); END IF;
            RETURN NEW;
        END $$
        """,
    )
    sql(
        dsn,
        "CREATE TRIGGER slow_insert BEFORE INSERT ON events"
        " FOR EACH ROW EXECUTE FUNCTION slow_insert()",
    )


def _sleeping_backend(dsn: str, *, timeout: float = 20.0) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = sql(
            dsn,
            "SELECT pid FROM pg_stat_activity"
            " WHERE application_name = 'mopr_timeline' AND wait_event = 'PgSleep'",
        )
        if rows:
            return int(rows[0][0])
        time.sleep(0.02)
    raise AssertionError("the append never reached the slow row")


def _assert_nothing_half_written(dsn: str) -> None:
    with PostgresStore(dsn) as fresh:
        assert fresh.current_version("mopr") == 10
        assert [r.version for r in fresh.read("mopr")] == list(range(1, 11))
    assert sql(dsn, "SELECT count(*) FROM events") == [(10,)]


def test_a_connection_dropped_mid_append_writes_nothing(store: PostgresStore) -> None:
    store.append("mopr", occurred(10, prefix="kept"))
    _slow_insert_at(store._dsn, 500)
    outcome: list[BaseException] = []

    def append_big_batch() -> None:
        try:
            store.append("mopr", occurred(2000))
        except BaseException as exc:
            outcome.append(exc)

    writer = threading.Thread(target=append_big_batch)
    writer.start()
    pid = _sleeping_backend(store._dsn)
    sql(store._dsn, "SELECT pg_terminate_backend(%s)", (pid,))
    writer.join(timeout=30)
    (error,) = outcome
    assert type(error) is StoreError
    assert "connection failed or was lost" in str(error)
    _assert_nothing_half_written(store._dsn)
    sql(store._dsn, "DROP TRIGGER slow_insert ON events")
    assert store.append("mopr", occurred(1, prefix="after")) == 11


def _append_in_child(dsn: str) -> None:
    with PostgresStore(dsn) as child_store:
        child_store.append("mopr", occurred(2000))


@pytest.mark.slow
def test_a_writer_process_killed_mid_append_writes_nothing(
    postgres_cluster: ThrowawayCluster,
) -> None:
    # The server polls for the dead client during the slow row instead of after it.
    dsn = postgres_cluster.schema_dsn("-c client_connection_check_interval=50")
    with PostgresStore(dsn) as setup:
        setup.append("mopr", occurred(10, prefix="kept"))
    _slow_insert_at(dsn, 500)
    child = multiprocessing.get_context("spawn").Process(target=_append_in_child, args=(dsn,))
    child.start()
    pid = _sleeping_backend(dsn)
    assert child.pid is not None
    os.kill(child.pid, signal.SIGKILL)
    child.join(timeout=30)
    _assert_nothing_half_written(dsn)
    _wait_until(lambda: not sql(dsn, "SELECT 1 FROM pg_stat_activity WHERE pid = %s", (pid,)))
    _assert_nothing_half_written(dsn)


def _wait_until(condition: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        time.sleep(0.02)


# --- selection by URL -----------------------------------------------------------------------


def test_open_store_selects_postgres_for_a_postgresql_url(
    postgres_cluster: ThrowawayCluster,
) -> None:
    url = postgres_cluster.url(postgres_cluster.create_database())
    with PostgresStore(url) as direct:
        direct.append("mopr", occurred(2))
    with open_store(url) as selected:
        assert isinstance(selected, PostgresStore)
        assert selected.current_version("mopr") == 2


def test_a_schema_of_its_own_is_chosen_with_search_path_in_the_url(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dbname = postgres_cluster.create_database()
    sql(postgres_cluster.dsn(dbname), "CREATE SCHEMA mopr")
    url = f"{postgres_cluster.url(dbname)}?options=-csearch_path%3Dmopr"
    with PostgresStore(url) as store:
        store.append("mopr", occurred(1))
    assert sql(
        postgres_cluster.dsn(dbname),
        "SELECT table_schema FROM information_schema.tables WHERE table_name = 'events'",
    ) == [("mopr",)]


# --- backups and replicas, as docs/postgres.md describes them -------------------------------


def _history(store: PostgresStore) -> list[tuple[int, _dt.datetime, str]]:
    return [(r.version, r.recorded_at, r.event.id) for r in store.read("mopr")]


@pytest.mark.slow
def test_a_pg_dump_restores_into_an_empty_database_without_migrating(
    postgres_cluster: ThrowawayCluster,
) -> None:
    source = postgres_cluster.create_database()
    with PostgresStore(postgres_cluster.dsn(source)) as store:
        store.append("mopr", occurred(30))
        store.append("mopr", occurred(5, prefix="f"))
        original = _history(store)
    dump = str(postgres_cluster.socket_dir / f"{source}.dump")
    target = postgres_cluster.create_database()
    connection = ["-h", str(postgres_cluster.socket_dir), "-p", str(postgres_cluster.port)]
    postgres_cluster.run("pg_dump", *connection, "-U", "postgres", "-Fc", "-f", dump, source)
    postgres_cluster.run("pg_restore", *connection, "-U", "postgres", "-d", target, dump)
    applied = "SELECT version, applied_at FROM mopr_schema_version ORDER BY 1"
    with PostgresStore(postgres_cluster.dsn(target)) as restored:
        assert _history(restored) == original
        assert restored.append("mopr", occurred(1, prefix="g")) == 36
    assert sql(postgres_cluster.dsn(target), applied) == sql(postgres_cluster.dsn(source), applied)


@pytest.mark.slow
def test_a_hot_standby_replica_serves_reads_and_refuses_appends(
    postgres_cluster: ThrowawayCluster,
) -> None:
    dbname = postgres_cluster.create_database()
    with PostgresStore(postgres_cluster.dsn(dbname)) as primary:
        primary.append("mopr", occurred(20))
        replica = postgres_cluster.start_replica()
        try:
            version = primary.append("mopr", occurred(3, prefix="late"))
            with PostgresStore(replica.dsn(dbname)) as standby:
                _wait_until(lambda: standby.current_version("mopr") >= version)
                assert _history(standby) == _history(primary)
                with pytest.raises(
                    StoreError, match=r"read-only, e\.g\. a replica: append on the primary"
                ):
                    standby.append("mopr", occurred(1, prefix="x"))
        finally:
            replica.stop()


# --- the library and the command line on a PostgreSQL store ---------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mopr_timeline", *args], capture_output=True, text=True, check=False
    )


@pytest.mark.slow
def test_the_shipped_history_answers_the_same_from_postgres(
    postgres_cluster: ThrowawayCluster,
) -> None:
    url = postgres_cluster.url(postgres_cluster.create_database())
    shipped = load()
    with PostgresStore(url) as store:
        store.append("mopr", [r.event for r in shipped.records()])
        on_postgres = Timeline(store, "mopr")
        for day in ("1923", "1926-01-01", "Aug. 1925", "1947"):
            assert on_postgres.state_at(day).to_dict() == shipped.state_at(day).to_dict()
    from_cli = _cli("state", "1926-01-01", "--format", "json", "--store", url)
    assert from_cli.returncode == 0, from_cli.stderr
    assert json.loads(from_cli.stdout) == shipped.state_at("1926-01-01").to_dict()


def test_the_cli_reports_an_unreachable_server_without_traceback_or_password() -> None:
    url = "postgresql://historian:s3cret@127.0.0.1:1/mopr?connect_timeout=3"
    result = _cli("state", "1926", "--store", url)
    assert result.returncode != 0
    assert "127.0.0.1:1/mopr: opening the store" in result.stderr
    assert "Traceback" not in result.stderr
    assert "s3cret" not in result.stderr + result.stdout


def test_rows_the_owner_deleted_or_rewrote_are_found_only_against_an_anchor(
    store: PostgresStore,
) -> None:
    """The triggers refuse UPDATE and DELETE; the table's owner can disable them. Versions
    then still run without a gap, so only a head recorded elsewhere shows what changed."""
    store.append("mopr", occurred(10))
    anchor = store.head("mopr")
    dsn = store._dsn
    sql(dsn, "ALTER TABLE events DISABLE TRIGGER events_append_only")
    sql(dsn, "DELETE FROM events WHERE stream = 'mopr' AND version > 8")
    assert store.verify("mopr") == 8
    with pytest.raises(IntegrityError, match="holds 8 records: 2 records up to the head"):
        store.verify("mopr", expect_head=anchor)
    shorter = store.head("mopr")
    sql(dsn, "UPDATE events SET event = replace(event, 'item 2', 'item 9') WHERE version = 3")
    assert store.verify("mopr") == 8
    with pytest.raises(IntegrityError, match=r"hash at version 8 is .* was rewritten"):
        store.verify("mopr", expect_head=shorter)
