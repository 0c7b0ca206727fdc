"""FileStore's acknowledged head (``<stream>.jsonl.head``): acknowledged records that go
missing or are rewritten are detected and never cut away; only bytes after the head are an
unacknowledged tail. Also the head file's own format, symbolic links, and read-only stores."""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from store_contract import occurred

from mopr_timeline import Timeline
from mopr_timeline._dataset import shipped_events_directory
from mopr_timeline.store import FileStore, IntegrityError, StoreError, TornTailWarning
from mopr_timeline.store._filehead import SLOT, Acknowledged, read_head


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def mopr(tmp_path: Path) -> FileStore:
    """A copy of the shipped dataset (no head file) after one append (which writes the head)."""
    directory = tmp_path / "events"
    shutil.copytree(shipped_events_directory(), directory)
    assert not (directory / "mopr.jsonl.head").exists()
    store = FileStore(directory)
    shipped = store.current_version("mopr")
    assert store.append("mopr", occurred(1, prefix="mine")) == shipped + 1
    assert (directory / "mopr.jsonl.head").exists()
    return store


def cut_at_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def drop_final_newline(data: bytes) -> bytes:
    return data[:-1]


def drop_last_ten_lines(data: bytes) -> bytes:
    return b"".join(data.splitlines(keepends=True)[:-10])


def empty(_data: bytes) -> bytes:
    return b""


@pytest.mark.parametrize(
    "damage",
    [cut_at_half, drop_final_newline, drop_last_ten_lines, empty],
    ids=["cut-mid-line-at-half", "final-newline-removed", "last-10-lines-deleted", "emptied"],
)
def test_acknowledged_records_that_go_missing_are_detected_and_nothing_is_cut(
    mopr: FileStore, damage: Callable[[bytes], bytes]
) -> None:
    """The issue's reproductions: each is an IntegrityError naming how many acknowledged
    records are missing, on every path that reads, and nothing is truncated away."""
    path = mopr.path("mopr")
    acknowledged = mopr.current_version("mopr")
    damaged = damage(path.read_bytes())
    path.write_bytes(damaged)
    whole = damaged.count(b"\n")
    missing = acknowledged - whole
    assert missing >= 1
    expected = rf"{missing} acknowledged records? (is|are) missing"

    def fresh() -> FileStore:
        return FileStore(mopr.directory)

    for attempt in (
        lambda: list(fresh().read("mopr")),
        lambda: list(fresh().read_lazy("mopr")),
        lambda: fresh().verify("mopr"),
        lambda: fresh().verify(),
        lambda: fresh().current_version("mopr"),
        lambda: fresh().head("mopr"),
        lambda: Timeline(fresh(), "mopr"),
        lambda: fresh().append("mopr", occurred(1, prefix="after")),
    ):
        with pytest.raises(IntegrityError, match=expected):
            attempt()
    assert path.read_bytes() == damaged
    assert "mopr" in fresh().streams()


def test_a_deleted_stream_file_is_missing_every_acknowledged_record(mopr: FileStore) -> None:
    acknowledged = mopr.current_version("mopr")
    mopr.path("mopr").unlink()
    store = FileStore(mopr.directory)
    assert store.streams() == ["mopr"]
    for attempt in (
        lambda: list(store.read("mopr")),
        lambda: store.current_version("mopr"),
        lambda: store.verify(),
    ):
        with pytest.raises(IntegrityError, match=rf"{acknowledged} acknowledged records are"):
            attempt()


def test_a_rewritten_history_with_a_recomputed_chain_is_detected_by_the_head(
    store_with_three: FileStore,
) -> None:
    path = store_with_three.path("mopr")
    original = path.read_bytes()
    lines = original.splitlines(keepends=True)
    # The first two records again, but the third one gone: a consistent chain, shorter.
    path.write_bytes(b"".join(lines[:2]))
    with pytest.raises(IntegrityError, match="1 acknowledged record is missing"):
        FileStore(store_with_three.directory).verify()
    # Another third record (appended by a writer that rewrote the file), same length or not.
    other = FileStore(path.parent.parent / "other")
    other.append("mopr", occurred(3, prefix="x"))
    path.write_bytes(other.path("mopr").read_bytes())
    with pytest.raises(IntegrityError, match=r"acknowledged|rewritten"):
        FileStore(store_with_three.directory).verify()


@pytest.fixture
def store_with_three(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path / "events")
    store.append("mopr", occurred(3))
    return store


def test_the_head_file_holds_two_slots_and_the_newer_one_counts(
    store_with_three: FileStore,
) -> None:
    head = store_with_three.head_path("mopr")
    data = head.read_bytes()
    assert len(data) == 2 * SLOT
    assert data.count(b"\n") == 2
    first = read_head(head)
    assert first is not None
    assert (first.version, first.size) == (3, store_with_three.path("mopr").stat().st_size)
    assert first.hash == store_with_three.head("mopr").hash
    store_with_three.append("mopr", occurred(1, prefix="f"))
    second = read_head(head)
    assert second is not None
    assert (second.version, second.sequence) == (4, first.sequence + 1)
    assert store_with_three.head("mopr").hash == second.hash


def test_a_torn_head_write_leaves_the_previous_head(store_with_three: FileStore) -> None:
    """A crash while the head's slot is written: the slot fails its checksum, the other slot
    (the head before the unacknowledged append) stands, and the batch is an unacknowledged
    tail that the next append sets aside."""
    path, head = store_with_three.path("mopr"), store_with_three.head_path("mopr")
    before = path.read_bytes()
    store_with_three.append("mopr", occurred(2, prefix="late"))
    current = read_head(head)
    assert current is not None
    data = bytearray(head.read_bytes())
    slot = (current.sequence % 2) * SLOT
    data[slot + 100 : slot + 110] = b"\x00" * 10
    head.write_bytes(bytes(data))
    store = FileStore(store_with_three.directory)
    with pytest.warns(TornTailWarning, match="2 whole lines"):
        assert [r.event.id for r in store.read("mopr")] == ["e0", "e1", "e2"]
    assert store.current_version("mopr") == 3
    assert store.append("mopr", occurred(1, prefix="next")) == 4
    assert path.read_bytes().startswith(before)
    aside = path.with_name("mopr.jsonl.unacknowledged").read_bytes()
    assert [line.count(b'"id":"late') for line in aside.splitlines()] == [1, 1]


@pytest.mark.parametrize(
    "content", [b"", b"x" * (2 * SLOT), b" " * (2 * SLOT - 1) + b"\n", b"short\n"]
)
def test_an_unreadable_head_file_is_an_integrity_error(
    store_with_three: FileStore, content: bytes
) -> None:
    head = store_with_three.head_path("mopr")
    head.write_bytes(content)
    store = FileStore(store_with_three.directory)
    for attempt in (
        lambda: list(store.read("mopr")),
        lambda: store.current_version("mopr"),
        lambda: store.append("mopr", occurred(1, prefix="x")),
    ):
        with pytest.raises(IntegrityError, match=r"mopr\.jsonl\.head"):
            attempt()
    assert store.streams() == ["mopr"]


def test_a_head_acknowledging_another_hash_is_an_integrity_error(
    store_with_three: FileStore,
) -> None:
    head = store_with_three.head_path("mopr")
    current = read_head(head)
    assert current is not None
    forged = Acknowledged(
        version=current.version, hash="0" * 64, size=current.size, sequence=current.sequence + 1
    )
    data = bytearray(head.read_bytes())
    slot = (forged.sequence % 2) * SLOT
    data[slot : slot + SLOT] = forged.encode()
    head.write_bytes(bytes(data))
    with pytest.raises(IntegrityError, match=r"record 3 has the hash .* rewritten"):
        list(FileStore(store_with_three.directory).read("mopr"))


def test_a_stream_without_a_head_reads_as_before_and_its_first_append_writes_one(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "events"
    shutil.copytree(shipped_events_directory(), directory)
    before = {p.name: digest(p) for p in directory.iterdir()}
    store = FileStore(directory)
    version = store.current_version("mopr")
    assert store.verify() >= version
    Timeline(store, "mopr").state_at("1930")
    assert {p.name: digest(p) for p in directory.iterdir()} == before
    store.append("mopr", occurred(1, prefix="mine"))
    acknowledged = read_head(directory / "mopr.jsonl.head")
    assert acknowledged is not None
    assert acknowledged.version == version + 1
    assert acknowledged.size == (directory / "mopr.jsonl").stat().st_size


# --- symbolic links ----------------------------------------------------------------------------


def test_a_dangling_symlinked_stream_file_is_refused_and_nothing_is_written_outside(
    tmp_path: Path,
) -> None:
    store = FileStore(tmp_path / "events")
    outside = tmp_path / "elsewhere.jsonl"
    os.symlink(outside, store.path("evil"))
    with pytest.raises(StoreError, match="is a symbolic link"):
        store.append("evil", occurred(1))
    assert not outside.exists()
    with pytest.raises(StoreError, match="is a symbolic link"):
        list(store.read("evil"))


def test_a_symlinked_stream_file_pointing_at_a_real_file_is_refused(
    store_with_three: FileStore, tmp_path: Path
) -> None:
    target = tmp_path / "target.jsonl"
    target.write_bytes(store_with_three.path("mopr").read_bytes())
    os.symlink(target, store_with_three.path("linked"))
    before = target.read_bytes()
    for attempt in (
        lambda: list(store_with_three.read("linked")),
        lambda: store_with_three.current_version("linked"),
        lambda: store_with_three.append("linked", occurred(1, prefix="x")),
    ):
        with pytest.raises(StoreError, match="is a symbolic link"):
            attempt()
    assert target.read_bytes() == before


def test_a_symlinked_head_file_is_refused(store_with_three: FileStore, tmp_path: Path) -> None:
    head = store_with_three.head_path("mopr")
    elsewhere = tmp_path / "elsewhere.head"
    head.rename(elsewhere)
    os.symlink(elsewhere, head)
    with pytest.raises(StoreError, match="is a symbolic link"):
        store_with_three.append("mopr", occurred(1, prefix="x"))
    with pytest.raises(StoreError, match="is a symbolic link"):
        list(FileStore(store_with_three.directory).read("mopr"))


def test_a_fifo_named_like_a_stream_file_is_refused_without_blocking(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "events")
    os.mkfifo(store.path("pipe"))
    with pytest.raises(StoreError, match="not a regular file"):
        list(store.read("pipe"))


# --- read-only stores ----------------------------------------------------------------------------


def test_a_read_only_store_creates_nothing_and_refuses_appends(
    store_with_three: FileStore, tmp_path: Path
) -> None:
    with pytest.raises(StoreError, match="no FileStore directory"):
        FileStore(tmp_path / "nowhere", read_only=True)
    assert not (tmp_path / "nowhere").exists()
    reader = FileStore(store_with_three.directory, read_only=True)
    assert reader.current_version("mopr") == 3
    with pytest.raises(StoreError, match="opened read-only; nothing was appended"):
        reader.append("mopr", occurred(1, prefix="x"))
    assert FileStore(store_with_three.directory).current_version("mopr") == 3
