"""SQLiteStore writes a batch many rows per INSERT and the rest one row at a time; however a
batch is cut, the rows are the same."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest
from store_contract import occurred
from test_sqlite_glance import LOG

from mopr_timeline.events import Event
from mopr_timeline.store import (
    ConcurrencyError,
    DuplicateEventError,
    SQLiteStore,
    StoreError,
    _sqlite,
)
from mopr_timeline.store._codec import encode_stored

ROWS = "SELECT stream, version, recorded_at, event, kind, event_id, lo, hi, key, glance FROM events"


def table(database: Path) -> list[tuple[object, ...]]:
    with contextlib.closing(sqlite3.connect(database)) as db:
        return db.execute(f"{ROWS} ORDER BY stream, version").fetchall()


def fill(database: Path, batches: list[tuple[str, list[Event]]]) -> None:
    with SQLiteStore(database) as store:
        for stream, events in batches:
            store.append(stream, events)


MANY = _sqlite._ROWS_PER_INSERT
BATCHES = [
    ("mopr", LOG),
    ("mopr", occurred(MANY)),
    ("b.side-stream_2", occurred(MANY - 1, prefix="s")),
    ("mopr", occurred(3 * MANY + 5, prefix="m")),
    ("b.side-stream_2", occurred(2 * MANY, prefix="t")),
]
CUTS = {"default": MANY, "by-one": 1, "by-three": 3, "one-row-only": 10**9}


def test_every_cut_writes_the_same_rows(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, rows in CUTS.items():
        monkeypatch.setattr(_sqlite, "_ROWS_PER_INSERT", rows)
        monkeypatch.setattr(_sqlite, "_INSERT_MANY", _sqlite._insert(min(rows, 3 * MANY)))
        fill(tmp_path / f"{name}.db", BATCHES)
    tables = [table(tmp_path / f"{name}.db") for name in CUTS]
    without_times = [[row[:2] + row[3:] for row in rows] for rows in tables]
    assert all(rows == without_times[0] for rows in without_times)
    expected = {
        stream: [item for s, events in BATCHES if s == stream for item in encode_stored(events)]
        for stream, _ in BATCHES
    }
    for rows in tables:
        for stream, stored in expected.items():
            mine = [row for row in rows if row[0] == stream]
            assert [row[1] for row in mine] == list(range(1, len(stored) + 1))
            assert [row[3:] for row in mine] == [tuple(item) for item in stored]


def test_a_batch_shares_one_record_time(tmp_path: Path) -> None:
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


def test_the_many_rows_insert_numbers_its_parameters_row_by_row() -> None:
    values = _sqlite._insert(3).split(" VALUES ")[1]
    with contextlib.closing(sqlite3.connect(":memory:")) as db:
        rows = db.execute(f"SELECT * FROM (VALUES {values})", ["s", "t", 10, *range(21)]).fetchall()
    assert rows == [("s", "t", 10 + row, *range(7 * row, 7 * row + 7)) for row in range(3)]


def test_a_batch_failing_in_a_later_statement_appends_nothing(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    fill(database, [("mopr", LOG)])
    before = table(database)
    failing = len(LOG) + 2 * MANY + 1
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute(
            f"CREATE TRIGGER refuse BEFORE INSERT ON events WHEN NEW.version = {failing} "
            "BEGIN SELECT RAISE(ABORT, 'refused'); END"
        )
    with SQLiteStore(database) as store:
        with pytest.raises(ConcurrencyError):
            store.append("mopr", occurred(3 * MANY))
        assert store.current_version("mopr") == len(LOG)
    assert table(database) == before
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("DROP TRIGGER refuse")
    with SQLiteStore(database) as store:
        assert store.append("mopr", occurred(3 * MANY)) == len(LOG) + 3 * MANY


def test_a_bulk_append_checks_versions_and_ids_like_a_small_one(tmp_path: Path) -> None:
    with SQLiteStore(tmp_path / "e.db") as store:
        big = occurred(MANY + 1)
        assert store.append("mopr", big) == len(big)
        with pytest.raises(ConcurrencyError):
            store.append("mopr", occurred(MANY, prefix="n"), expected_version=1)
        with pytest.raises(DuplicateEventError, match="e3"):
            store.append("mopr", occurred(MANY, prefix="n") + big[3:4])
        assert store.current_version("mopr") == len(big)
        assert [r.event for r in store.read("mopr")] == big


def test_an_unwritable_event_in_a_later_slice_appends_nothing(tmp_path: Path) -> None:
    database = tmp_path / "e.db"
    fill(database, [("mopr", LOG)])
    before = table(database)
    batch = occurred(2 * MANY + 3)
    object.__setattr__(batch[MANY + 1], "when", "1925")
    with SQLiteStore(database) as store:
        unwritable = f"event 'e{MANY + 1}' \\(Occurred\\) cannot be written as JSON"
        with pytest.raises(StoreError, match=unwritable):
            store.append("mopr", batch)
        assert store.current_version("mopr") == len(LOG)
        assert store.append("mopr", occurred(MANY, prefix="n")) == len(LOG) + MANY
    assert table(database)[: len(before)] == before
