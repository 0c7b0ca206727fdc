"""SQLiteStore's two INSERTs: a large batch writes its stream and record time into the
statement as literals, a small one binds them per row; both write the same rows."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from store_contract import occurred
from test_sqlite_glance import LOG

from mopr_timeline.events import Event
from mopr_timeline.store import ConcurrencyError, DuplicateEventError, SQLiteStore, _sqlite
from mopr_timeline.store._codec import encode_stored

ROWS = "SELECT stream, version, recorded_at, event, kind, event_id, lo, hi, key FROM events"


def table(database: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(f"{ROWS} ORDER BY stream, version").fetchall()


def fill(database: Path, batches: list[tuple[str, list[Event]]]) -> None:
    with SQLiteStore(database) as store:
        for stream, events in batches:
            store.append(stream, events)


BATCHES = [
    ("mopr", LOG),
    ("mopr", occurred(_sqlite._BULK_FROM)),
    ("b.side-stream_2", occurred(_sqlite._BULK_FROM - 1, prefix="s")),
    ("mopr", occurred(3 * _sqlite._BULK_FROM + 5, prefix="m")),
]


def test_both_inserts_write_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fill(tmp_path / "mixed.db", BATCHES)
    monkeypatch.setattr(_sqlite, "_BULK_FROM", 1)
    fill(tmp_path / "literal.db", BATCHES)
    monkeypatch.setattr(_sqlite, "_BULK_FROM", 10**9)
    fill(tmp_path / "bound.db", BATCHES)
    tables = [table(tmp_path / f"{name}.db") for name in ("mixed", "literal", "bound")]
    without_times = [[row[:2] + row[3:] for row in rows] for rows in tables]
    assert without_times[0] == without_times[1] == without_times[2]
    expected = {
        stream: [item for s, events in BATCHES if s == stream for item in encode_stored(events)]
        for stream, _ in BATCHES
    }
    for rows in tables:
        for stream, stored in expected.items():
            mine = [row for row in rows if row[0] == stream]
            assert [row[1] for row in mine] == list(range(1, len(stored) + 1))
            assert [row[3:] for row in mine] == stored


def test_a_batch_shares_one_record_time_in_either_insert(tmp_path: Path) -> None:
    fill(tmp_path / "e.db", BATCHES)
    times = [row[2] for row in table(tmp_path / "e.db") if row[0] == "mopr"]
    sizes = [len(events) for stream, events in BATCHES if stream == "mopr"]
    start = 0
    for size in sizes:
        batch = times[start : start + size]
        assert len(set(batch)) == 1
        assert isinstance(batch[0], str)
        assert batch[0].endswith("+00:00")
        start += size
    assert times == sorted(times)
    with SQLiteStore(tmp_path / "e.db") as store:
        records = list(store.read("mopr"))
    assert [r.recorded_at.isoformat(timespec="microseconds") for r in records] == times


@pytest.mark.parametrize("text", ["mopr", "it's", "''", "a'b'c'", "Кра'сная", ""])
def test_a_literal_reads_back_as_its_text(text: str) -> None:
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        assert db.execute(f"SELECT {_sqlite._literal(text)}").fetchone() == (text,)


def test_a_bulk_append_checks_versions_and_ids_like_a_small_one(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "e.db") as store:
        big = occurred(_sqlite._BULK_FROM)
        assert store.append("mopr", big) == len(big)
        with pytest.raises(ConcurrencyError):
            store.append("mopr", occurred(_sqlite._BULK_FROM, prefix="n"), expected_version=1)
        with pytest.raises(DuplicateEventError, match="e3"):
            store.append("mopr", occurred(_sqlite._BULK_FROM, prefix="n") + big[3:4])
        assert store.current_version("mopr") == len(big)
        assert [r.event for r in store.read("mopr")] == big
