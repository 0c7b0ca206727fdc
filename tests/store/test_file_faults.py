"""A FileStore append that fails leaves nothing: write and fsync errors injected at every step
(``os.write``, ``os.fsync``, the head's ``os.pwrite``/``os.fdatasync``, ``os.ftruncate``), and
a real disk that fills up (a 1 MiB tmpfs, where mounting one is allowed)."""

from __future__ import annotations

import contextlib
import errno
import os
import subprocess
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from store_contract import occurred

from mopr_timeline import Occurred, SQLiteStore
from mopr_timeline.cli import main
from mopr_timeline.store import FileStore, StoreError, TornTailWarning
from mopr_timeline.store._filehead import read_head

_CALLS = ("write", "pwrite", "fsync", "fdatasync", "ftruncate")


class Faults:
    """``os`` calls that fail (``OSError``) on files whose name ends in a suffix: after
    ``skip`` calls that succeed, ``times`` calls fail; ``partial`` makes the first failing
    ``write`` write half of its bytes and return (so the next one fails), as a disk filling
    up mid-batch does."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self._rules: dict[str, list[dict[str, Any]]] = {call: [] for call in _CALLS}
        self.failed: list[str] = []
        for call in _CALLS:
            monkeypatch.setattr(os, call, self._wrapped(call, getattr(os, call)))

    def fail(
        self,
        call: str,
        suffix: str,
        *,
        skip: int = 0,
        times: int = 1,
        partial: bool = False,
        code: int = errno.ENOSPC,
    ) -> None:
        self._rules[call].append(
            {"suffix": suffix, "skip": skip, "times": times, "partial": partial, "code": code}
        )

    def clear(self) -> None:
        for rules in self._rules.values():
            rules.clear()

    def _wrapped(self, call: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def wrapper(fd: int, *args: Any) -> Any:
            for rule in self._rules[call]:
                if rule["times"] <= 0 or not _name_of(fd).endswith(rule["suffix"]):
                    continue
                if rule["skip"] > 0:
                    rule["skip"] -= 1
                    break
                if rule["partial"] and call == "write":
                    rule["partial"] = False
                    data = args[0]
                    return real(fd, data[: max(1, len(data) // 2)])
                rule["times"] -= 1
                self.failed.append(f"{call} {_name_of(fd)}")
                raise OSError(rule["code"], os.strerror(rule["code"]))
            return real(fd, *args)

        return wrapper


def _name_of(fd: int) -> str:
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return ""


@pytest.fixture
def faults(monkeypatch: pytest.MonkeyPatch) -> Faults:
    return Faults(monkeypatch)


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    store = FileStore(tmp_path / "events")
    store.append("mopr", occurred(3))
    return store


def snapshot(store: FileStore) -> dict[str, object]:
    """Every file's bytes; the head file as the head it holds (an undone head write blanks
    the slot it wrote, leaving the same head in the other slot)."""
    return {
        p.name: read_head(p) if p.name.endswith(".head") else p.read_bytes()
        for p in sorted(store.directory.iterdir())
    }


def assert_unchanged(store: FileStore, before: dict[str, object], faults: Faults) -> None:
    """Nothing of the failed batch is left, and the stream takes the same batch again."""
    faults.clear()
    assert snapshot(store) == before
    fresh = FileStore(store.directory)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [r.event.id for r in fresh.read("mopr")] == ["e0", "e1", "e2"]
        assert fresh.verify() == 3
    assert fresh.current_version("mopr") == 3
    assert store.append("mopr", occurred(5, prefix="b")) == 8
    assert FileStore(store.directory).verify() == 8


@pytest.mark.parametrize(
    ("call", "suffix", "options"),
    [
        ("write", "mopr.jsonl", {"partial": True}),
        ("write", "mopr.jsonl", {}),
        ("fsync", "mopr.jsonl", {}),
        ("fsync", "mopr.jsonl", {"code": errno.EIO}),
        ("pwrite", "mopr.jsonl.head", {}),
        ("fdatasync", "mopr.jsonl.head", {"code": errno.EIO}),
    ],
    ids=[
        "write-fails-after-half",
        "write-fails",
        "data-fsync-fails",
        "data-fsync-io-error",
        "head-write-fails",
        "head-fdatasync-fails",
    ],
)
def test_a_failed_append_is_cut_back_and_leaves_nothing(
    store: FileStore, faults: Faults, call: str, suffix: str, options: dict[str, Any]
) -> None:
    before = snapshot(store)
    faults.fail(call, suffix, **options)
    with pytest.raises(StoreError, match=r"cut back to where the batch began: nothing was"):
        store.append("mopr", occurred(5, prefix="b"))
    assert faults.failed
    assert_unchanged(store, before, faults)


def test_when_cutting_back_fails_too_the_bytes_stay_unread_and_the_next_append_removes_them(
    store: FileStore, faults: Faults
) -> None:
    before = snapshot(store)
    faults.fail("write", "mopr.jsonl", partial=True)
    faults.fail("ftruncate", "mopr.jsonl", code=errno.EIO)
    with pytest.raises(StoreError, match=r"cutting the file back to \d+ bytes failed too") as info:
        store.append("mopr", occurred(5, prefix="b"))
    assert "the next append removes them" in str(info.value)
    faults.clear()
    path = store.path("mopr")
    acknowledged = before["mopr.jsonl"]
    assert isinstance(acknowledged, bytes)
    assert len(path.read_bytes()) > len(acknowledged)
    reader = FileStore(store.directory)
    with pytest.warns(TornTailWarning, match=r"mopr.jsonl:4: \d+ bytes after the last ack"):
        assert [r.event.id for r in reader.read("mopr")] == ["e0", "e1", "e2"]
    assert reader.current_version("mopr") == 3
    assert reader.verify() == 3
    assert store.append("mopr", occurred(5, prefix="b")) == 8
    assert path.read_bytes().startswith(acknowledged)
    aside = path.with_name("mopr.jsonl.unacknowledged").read_bytes()
    assert aside.count(b'"id":"b0"') == 1
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert FileStore(store.directory).verify() == 8


def test_when_the_head_cannot_be_undone_the_error_says_the_batch_may_be_there(
    store: FileStore, faults: Faults
) -> None:
    faults.fail("fdatasync", "mopr.jsonl.head", code=errno.EIO)
    faults.fail("pwrite", "mopr.jsonl.head", skip=1, code=errno.EIO)
    with pytest.raises(StoreError, match="the batch may have been appended; check current_"):
        store.append("mopr", occurred(5, prefix="b"))
    faults.clear()
    fresh = FileStore(store.directory)
    version = fresh.current_version("mopr")
    assert version == 8  # the head's slot was written: the batch is there, whole
    assert [r.version for r in fresh.read("mopr")] == list(range(1, version + 1))
    assert fresh.verify() == 8


def test_a_head_file_that_cannot_be_created_appends_nothing(tmp_path: Path, faults: Faults) -> None:
    """(A stream written by an earlier release gets its head file at its first append.)"""
    store = FileStore(tmp_path / "events")
    store.append("mopr", occurred(3))
    store.head_path("mopr").unlink()
    before = snapshot(store)
    faults.fail("pwrite", "mopr.jsonl.head.tmp")
    with pytest.raises(StoreError, match=r"cannot write the stream's head file.*nothing was"):
        FileStore(store.directory).append("mopr", occurred(5, prefix="b"))
    assert snapshot(store) == before
    faults.clear()
    assert FileStore(store.directory).append("mopr", occurred(5, prefix="b")) == 8


def test_unacknowledged_lines_that_cannot_be_set_aside_are_not_cut(
    store: FileStore, faults: Faults
) -> None:
    faults.fail("write", "mopr.jsonl", partial=True)
    faults.fail("ftruncate", "mopr.jsonl")
    with pytest.raises(StoreError):
        store.append("mopr", occurred(5, prefix="b"))
    faults.clear()
    damaged = snapshot(store)
    faults.fail("write", "mopr.jsonl.unacknowledged")
    with pytest.raises(StoreError, match=r"cannot remove the bytes after byte .*nothing was"):
        FileStore(store.directory).append("mopr", occurred(1, prefix="c"))
    assert snapshot(store) == {**damaged, "mopr.jsonl.unacknowledged": b""}


# --- a disk that fills up ----------------------------------------------------------------------


@contextlib.contextmanager
def small_tmpfs(directory: Path, size: str = "1m") -> Iterator[Path]:
    directory.mkdir()
    try:
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(directory)],
            check=True,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        pytest.skip(
            "cannot mount a 1 MiB tmpfs here (needs root or CAP_SYS_ADMIN): "
            f"{exc} {detail.decode(errors='replace').strip()}"
        )
    try:
        yield directory
    finally:
        unmounted = subprocess.run(["umount", str(directory)], check=False, capture_output=True)
        if unmounted.returncode:  # still in use: detach it now, freed when last closed
            subprocess.run(["umount", "-l", str(directory)], check=False, capture_output=True)


def batch(number: int, size: int) -> list[Occurred]:
    return [Occurred(id=f"b{number}-{i}", when="1925-08-01", text="x" * 300) for i in range(size)]


def test_a_full_disk_fails_appends_whole_and_loses_nothing_acknowledged(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small") as mounted:
        store = FileStore(mounted / "events")
        acknowledged: list[str] = []
        failures: list[str] = []
        number = 0
        for size in (100, 20, 5, 1):
            while True:
                events = batch(number, size)
                number += 1
                try:
                    store.append("mopr", events)
                except StoreError as exc:
                    failures.append(str(exc))
                    break
                acknowledged += [e.id for e in events]
        assert len(failures) == 4
        assert all("No space left on device" in failure for failure in failures)
        assert all("nothing was appended" in failure for failure in failures)
        assert len(acknowledged) > 100
        path = store.path("mopr")
        head = read_head(store.head_path("mopr"))
        assert head is not None
        assert (head.version, head.size) == (len(acknowledged), path.stat().st_size)
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            fresh = FileStore(store.directory)
            assert [r.event.id for r in fresh.read("mopr")] == acknowledged
            assert fresh.verify() == len(acknowledged)
        # Room again: the batch that failed last goes in whole, its ids new to the stream.
        subprocess.run(
            ["mount", "-o", "remount,size=2m", str(mounted)], check=True, capture_output=True
        )
        again = FileStore(store.directory)
        assert again.append("mopr", batch(number - 1, 1)) == len(acknowledged) + 1
        assert again.verify() == len(acknowledged) + 1


def test_a_full_disk_fails_sqlite_appends_whole_and_reads_still_work(tmp_path: Path) -> None:
    with small_tmpfs(tmp_path / "small") as mounted:
        database = mounted / "events.db"
        store = SQLiteStore(database)
        acknowledged = 0
        failure = None
        while failure is None:
            try:
                store.append("mopr", batch(acknowledged, 50))
            except StoreError as exc:
                failure = str(exc)
            else:
                acknowledged += 50
        assert "cannot append to" in failure
        assert "full" in failure
        store.close()
        with SQLiteStore(database, read_only=True) as reader:
            assert reader.current_version("mopr") == acknowledged
            assert reader.verify("mopr") == acknowledged
        # The issue's `check --store full.db` ("cannot rollback - no transaction is active"):
        checked = CliRunner().invoke(main, ["check", "--store", str(database)])
        assert checked.exit_code == 0, checked.output
        assert f"{acknowledged} events, integrity OK" in checked.output
