"""Appends whose relations no reading can satisfy are refused on every store, naming the
cycle, and leave the store byte for byte as it was."""

from __future__ import annotations

import pathlib
from collections.abc import Callable

import pytest

import mopr_timeline as mt
from mopr_timeline.store import Store


def _event(event_id: str, when: str, *relations: mt.Relation) -> mt.Occurred:
    return mt.Occurred(id=event_id, when=when, text=event_id, relations=relations)


def _bytes(path: pathlib.Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()
    }


def _sqlite_bytes(path: pathlib.Path) -> list[bytes]:
    """The database and its write-ahead log (where a transaction is written first)."""
    return [p.read_bytes() for p in (path, path.with_name(path.name + "-wal")) if p.exists()]


def _stores(tmp_path: pathlib.Path) -> list[tuple[Store, Callable[[], object]]]:
    file_dir = tmp_path / "file"
    sqlite = tmp_path / "log.sqlite"
    memory = mt.MemoryStore()
    file_store = mt.FileStore(file_dir)
    sqlite_store = mt.SQLiteStore(sqlite)
    return [
        (memory, lambda: [r.event for r in memory.read("s")]),
        (file_store, lambda: _bytes(file_dir)),
        (sqlite_store, lambda: _sqlite_bytes(sqlite)),
    ]


def test_a_cycle_is_refused_naming_both_events_and_nothing_is_written(
    tmp_path: pathlib.Path,
) -> None:
    for store, snapshot in _stores(tmp_path):
        store.append("s", [_event("a", "1930s"), _event("b", "1930s", mt.After("a"))])
        before = snapshot()
        store.append("s", [mt.Occurred(id="c", when="1930s", text="c"), _event("a2", "1930s")])
        after_good = snapshot()
        assert after_good != before
        with pytest.raises(mt.ConstraintError) as caught:
            store.append("s", [_event("x", "1930s", mt.Before("a"), mt.After("b"))])
        assert "a" in str(caught.value)
        assert "b" in str(caught.value)
        assert "\n" not in str(caught.value)
        assert isinstance(caught.value, mt.MoprTimelineError)
        with pytest.raises(mt.ConstraintError):
            store.append("s", [_event("y", "1930s", mt.Before("a"), mt.After("b"))])
        assert snapshot() == after_good
        assert store.current_version("s") == 4
        store.close()


def test_a_relation_against_the_dates_is_refused(tmp_path: pathlib.Path) -> None:
    for store, snapshot in _stores(tmp_path):
        store.append("s", [_event("a", "1930")])
        before = snapshot()
        with pytest.raises(mt.ConstraintError, match="a"):
            store.append("s", [_event("b", "1929", mt.After("a"))])
        with pytest.raises(mt.ConstraintError):
            store.append("s", [_event("b", "1931", mt.After("a", at_least="2 years"))])
        assert snapshot() == before
        store.append("s", [_event("b", "1931", mt.After("a", within="2 years"))])
        assert store.current_version("s") == 2
        store.close()


def test_a_batch_contradicting_itself_is_refused_whole(tmp_path: pathlib.Path) -> None:
    for store, snapshot in _stores(tmp_path):
        store.append("s", [_event("z", "1920")])
        before = snapshot()
        with pytest.raises(mt.ConstraintError):
            store.append(
                "s", [_event("a", "1930s", mt.After("b")), _event("b", "1930s", mt.After("a"))]
            )
        assert snapshot() == before
        store.close()


def test_an_event_named_by_an_earlier_relation_must_fit_it(tmp_path: pathlib.Path) -> None:
    for store, snapshot in _stores(tmp_path):
        store.append("s", [_event("a", "1930", mt.After("later-recorded"))])
        before = snapshot()
        with pytest.raises(mt.ConstraintError):
            store.append("s", [mt.Occurred(id="later-recorded", when="1935", text="x")])
        assert snapshot() == before
        store.append("s", [mt.Occurred(id="later-recorded", when="1925", text="x")])
        store.close()


def test_another_writers_append_is_seen_before_checking(tmp_path: pathlib.Path) -> None:
    first, second = mt.SQLiteStore(tmp_path / "db"), mt.SQLiteStore(tmp_path / "db")
    first.append("s", [_event("a", "1930s"), _event("b", "1930s", mt.After("a"))])
    second.append("s", [_event("c", "1930s", mt.After("b"))])
    with pytest.raises(mt.ConstraintError):
        first.append("s", [_event("d", "1930s", mt.Before("a"), mt.After("c"))])
    assert first.current_version("s") == 3


def test_postgres_refuses_a_cycle_and_writes_nothing(postgres_dsn: str) -> None:
    with mt.PostgresStore(postgres_dsn) as store:
        store.append("s", [_event("a", "1930s"), _event("b", "1930s", mt.After("a"))])
        with pytest.raises(mt.ConstraintError):
            store.append("s", [_event("x", "1930s", mt.Before("a"), mt.After("b"))])
        assert [r.event.id for r in store.read("s")] == ["a", "b"]
