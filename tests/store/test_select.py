"""open_store picks the store a location names, and refuses what it cannot open."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopr_timeline.store import FileStore, MemoryStore, SQLiteStore, StoreError, open_store


@pytest.mark.parametrize("suffix", [".db", ".sqlite", ".sqlite3", ".DB"])
def test_database_suffixes_open_sqlite(tmp_path: Path, suffix: str) -> None:
    with open_store(tmp_path / f"events{suffix}") as store:
        assert isinstance(store, SQLiteStore)


def test_other_paths_open_a_file_store(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "events")) as store:
        assert isinstance(store, FileStore)
        assert store.directory == tmp_path / "events"


def test_memory() -> None:
    assert isinstance(open_store("memory:"), MemoryStore)


@pytest.mark.parametrize("location", ["mysql://host/db", "sqlite://x.db", "https://example.org"])
def test_unknown_scheme_is_a_clear_error(location: str) -> None:
    with pytest.raises(StoreError, match="unknown store URL scheme"):
        open_store(location)


def test_missing_parent_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="is not a directory"):
        open_store(tmp_path / "no" / "such" / "events.db")
    with pytest.raises(StoreError, match="is not a directory"):
        open_store(tmp_path / "no" / "such" / "events")


@pytest.mark.parametrize("location", ["", "   ", None, 3])
def test_no_location_is_a_clear_error(location: object) -> None:
    with pytest.raises(StoreError, match="expected a store location"):
        open_store(location)  # type: ignore[arg-type]


def test_a_directory_named_like_a_database_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "events.db").mkdir()
    with pytest.raises(StoreError, match="is a directory"):
        open_store(tmp_path / "events.db")


def test_a_file_that_is_not_a_database_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "events.db").write_text("not a database at all, just text " * 100)
    with pytest.raises(StoreError, match="not a usable SQLite event store"):
        open_store(tmp_path / "events.db")
