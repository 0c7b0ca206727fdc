"""PostgreSQL store benchmark: appends and load + first query, beside SQLiteStore's.

Run ``.venv/bin/python benchmarks/postgres.py`` (about a minute) or with ``--quick``. Without
``--dsn`` it starts a throwaway local cluster (``tests/store/postgres_server.py``) with the
server's durable defaults (fsync and synchronous commit on), as a real server runs; with
``--dsn`` it uses that database, creating and dropping a scratch schema in it.

The log is ``benchmarks/replay.py``'s synthetic one. Printed for both stores: batched append
throughput (batches of 5,000), single-event appends with ``expected_version`` (what a
historian's edit costs), a full ``read`` of the stream, and opening a fresh store handle plus
``Timeline(...).state_at`` on a middle day (the best of five, then the median). For PostgreSQL
the load is also timed on the same events written through the older ``mopr_append`` without
glance columns, as rows written before migration 4 are: those loads peek at each row's JSON.
Exit status 0 whenever the run completes.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "benchmarks"), str(ROOT / "tests" / "store")]

from postgres_server import ThrowawayCluster  # noqa: E402

from mopr_timeline import Event, Occurred, PostgresStore, SQLiteStore, Store, Timeline  # noqa: E402
from mopr_timeline.store._codec import encode_event  # noqa: E402
from replay import DAYS_PER_EVENT, START, _fill, synthetic_log  # noqa: E402

BATCH = 5000
STREAM = "mopr"
LOADS = 5


def _per_second(count: int, action: Callable[[], object]) -> float:
    begin = time.perf_counter()
    action()
    return count / (time.perf_counter() - begin)


def _single_appends(store: Store, count: int) -> float:
    """Median milliseconds of one ``current_version`` + one-event append."""
    times = []
    for i in range(count):
        event = Occurred(id=f"single-{i}", when="1925-08-01", text="an edit")
        begin = time.perf_counter()
        store.append("edits", [event], expected_version=store.current_version("edits"))
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000


def _load_and_first_query(
    open_store: Callable[[], Store], count: int, stream: str = STREAM
) -> tuple[float, float]:
    """Seconds to open a fresh handle, build the timeline and answer one ``state_at``: the
    best and the median of ``LOADS`` runs."""
    middle = _dt.date.fromordinal(START + count * DAYS_PER_EVENT // 2)
    times = []
    for _ in range(LOADS):
        begin = time.perf_counter()
        with open_store() as store:
            Timeline(store, stream).state_at(middle)
        times.append(time.perf_counter() - begin)
    return min(times), statistics.median(times)


def _load_figures(count: int, load: tuple[float, float]) -> str:
    best, median = load
    return f"{best:>7.2f}-{median:.2f} ({count / best:,.0f} events/s at best)"


def _measure(name: str, open_store: Callable[[], Store], events: list[Event], singles: int) -> None:
    with open_store() as store:
        append_rate = len(events) / _fill(store, events, BATCH)
        single_ms = _single_appends(store, singles)
        read_rate = _per_second(len(events), lambda: sum(1 for _ in store.read(STREAM)))
    load = _load_and_first_query(open_store, len(events))
    print(
        f"  {name:<13} {append_rate:>12,.0f} {single_ms:>12.2f} {read_rate:>12,.0f} "
        f"{_load_figures(len(events), load)}"
    )


def _measure_without_glances(dsn: str, events: list[Event]) -> None:
    """Load + first query of the events appended through the older, four-argument
    ``mopr_append``, which leaves the glance columns null (rows of before migration 4)."""
    import psycopg

    stream = "without-glances"
    with psycopg.connect(dsn, autocommit=True) as conn:
        for start in range(0, len(events), BATCH):
            batch = events[start : start + BATCH]
            conn.execute(
                "SELECT * FROM mopr_append(%s, NULL, %b::text[], %b::text[])",
                (stream, [e.id for e in batch], [encode_event(e) for e in batch]),
            )
    load = _load_and_first_query(lambda: PostgresStore(dsn), len(events), stream)
    print(f"  {'  no glances':<13} {'':>12} {'':>12} {'':>12} {_load_figures(len(events), load)}")


@contextlib.contextmanager
def _postgres_dsn(dsn: str | None) -> Iterator[str]:
    """A DSN to an empty scratch schema, on ``dsn``'s database or a throwaway cluster."""
    if dsn is not None:
        import psycopg

        schema = f"mopr_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f'CREATE SCHEMA "{schema}"'.encode())
        try:
            yield f"{dsn} options='-c search_path={schema}'"
        finally:
            with psycopg.connect(dsn, autocommit=True) as conn:
                conn.execute(f'DROP SCHEMA "{schema}" CASCADE'.encode())
        return
    cluster = ThrowawayCluster.create(durable=True)
    cluster.start()
    try:
        yield cluster.dsn()
    finally:
        cluster.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="10,000 events instead of 100,000")
    parser.add_argument("--dsn", help="a PostgreSQL database to use instead of a throwaway one")
    args = parser.parse_args()
    count, singles = (10_000, 200) if args.quick else (100_000, 1000)
    events = synthetic_log(count)
    where = "the given database" if args.dsn else "a throwaway local cluster, durable settings"
    print(f"PostgreSQL store benchmark: {count:,} events, {where}")
    print(
        f"  {'store':<13} {'append ev/s':>12} {'edit ms':>12} {'read ev/s':>12} "
        f"{'load+query s (best-median)':>10}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "events.sqlite"
        _measure("SQLiteStore", lambda: SQLiteStore(path), events, singles)
    with _postgres_dsn(args.dsn) as dsn:
        _measure("PostgresStore", lambda: PostgresStore(dsn), events, singles)
        _measure_without_glances(dsn, events)
    print(
        f"  append: batches of {BATCH:,}; edit: median of {singles} single-event appends with"
        f" expected_version; read: one full read of the stream; load+query: {LOADS} runs"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
