"""The store's guarantees from the shell: `head` and `check --expect-head`, retractions refused
by `append --json` like `retract`, lost acknowledged records, torn tails in one plain line,
symbolic links, and read commands that leave a SQLite file's bytes as they were."""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
from pathlib import Path

import pytest
from cli_support import one_line_error, run, stored_ids

from mopr_timeline import FileStore, Occurred, Retracted, Timeline, open_store
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._jsonl import encode_line


@pytest.fixture(params=["directory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A store holding three events (``a``, ``b``, ``c``) and a retraction ``r`` of ``a``."""
    path = tmp_path / ("log" if request.param == "directory" else "log.db")
    with open_store(str(path)) as opened:
        opened.append(
            "mopr",
            [
                *(Occurred(id=i, when="1925", text=f"event {i}") for i in "abc"),
                Retracted(id="r", target="a", reason="misread"),
            ],
        )
    return path


def contents(path: Path) -> dict[str, bytes]:
    """Every file of a store (a directory's files, or the database file)."""
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {path.name: path.read_bytes()}


# --- head and check --expect-head --------------------------------------------------------------


def test_head_prints_version_and_hash_that_check_accepts(store: Path) -> None:
    result = run("head", "--store", str(store))
    assert result.exit_code == 0, result.output
    anchor = result.output.strip()
    version, _, digest = anchor.partition(":")
    assert (version, len(digest)) == ("4", 64)
    as_json = json.loads(run("head", "--store", str(store), "--format", "json").output)
    assert as_json == {"stream": "mopr", "version": 4, "hash": digest}
    assert run("append", "--store", str(store), "--json", _occurred("d")).exit_code == 0
    for expected in (anchor, digest):
        checked = run("check", "--store", str(store), "--expect-head", expected)
        assert checked.exit_code == 0, checked.output
        assert "integrity OK" in checked.output


def test_head_of_the_shipped_dataset() -> None:
    result = run("head")
    assert result.exit_code == 0, result.output
    anchor = result.output.strip()
    assert run("check", "--expect-head", anchor).exit_code == 0


def test_check_against_a_head_of_a_rewritten_history_fails(tmp_path: Path) -> None:
    database = tmp_path / "log.db"
    with open_store(str(database)) as opened:
        opened.append("mopr", [Occurred(id=i, when="1925", text=f"event {i}") for i in "abcde"])
    anchor = run("head", "--store", str(database)).output.strip()
    with contextlib.closing(sqlite3.connect(database)) as db, db:
        db.execute("DELETE FROM events WHERE version > 3")
    assert run("check", "--store", str(database)).exit_code == 0  # nothing to see without it
    result = run("check", "--store", str(database), "--expect-head", anchor, "--format", "json")
    assert result.exit_code == 1
    (error,) = json.loads(result.output)["integrity_errors"]
    assert "holds 3 records: 2 records up to the head are missing" in error


@pytest.mark.parametrize("bad", ["5:abc", "abc", "-1:" + "a" * 64, "٣:" + "a" * 64])
def test_a_malformed_expected_head_is_one_line(store: Path, bad: str) -> None:
    line = one_line_error(run("check", "--store", str(store), "--expect-head", bad))
    assert "--expect-head" in line


def test_head_of_a_missing_or_empty_store_is_one_line(tmp_path: Path) -> None:
    assert "no store there" in one_line_error(run("head", "--store", str(tmp_path / "nope")))
    (tmp_path / "empty").mkdir()
    assert "no events" in one_line_error(run("head", "--store", str(tmp_path / "empty")))


# --- retractions -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "reason"),
    [
        ("ghost", "the stream holds no earlier event with this id"),
        ("r", "is itself a retraction"),
        ("self", "retract itself"),
    ],
)
def test_append_json_refuses_a_bad_retraction_like_retract(
    store: Path, target: str, reason: str
) -> None:
    before = contents(store)
    event = {"type": "Retracted", "id": "self", "target": target, "reason": "?"}
    line = one_line_error(run("append", "--store", str(store), "--json", json.dumps(event)))
    assert f"retraction 'self' of '{target}' is refused: " in line
    assert reason in line
    assert contents(store) == before
    retracted = one_line_error(run("retract", target, "--store", str(store), "--reason", "?"))
    assert f"EVENT_ID {target!r}" in retracted


def test_append_json_takes_a_retraction_of_an_earlier_event(store: Path) -> None:
    event = {"type": "Retracted", "id": "r2", "target": "b", "reason": "misdated"}
    result = run("append", "--store", str(store), "--json", json.dumps(event))
    assert result.exit_code == 0, result.output
    assert stored_ids(store)[-1] == "r2"


# --- lost acknowledged records, torn tails ------------------------------------------------------


def test_a_cut_stream_file_is_reported_by_every_command_and_never_truncated(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "log"
    for i in range(20):
        assert run("append", "--store", str(directory), "--json", _occurred(f"e{i}")).exit_code == 0
    path = directory / "mopr.jsonl"
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    before = contents(directory)
    for args in (
        ["state", "1926"],
        ["chronology"],
        ["head"],
        ["append", "--json", _occurred("late")],
        ["retract", "e0", "--reason", "?"],
    ):
        line = one_line_error(run(*args, "--store", str(directory)))
        assert "acknowledged records are missing" in line, args
    checked = run("check", "--store", str(directory))
    assert checked.exit_code == 1
    assert "acknowledged records are missing" in checked.output
    assert contents(directory) == before


def test_a_deleted_stream_file_beside_its_head_fails_check_rather_than_being_no_stream(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "log"
    assert run("append", "--store", str(directory), "--json", _occurred("a")).exit_code == 0
    (directory / "mopr.jsonl").unlink()
    checked = run("check", "--store", str(directory))
    assert checked.exit_code == 1, checked.output
    assert "the stream file is missing: 1 acknowledged record is missing" in checked.output
    line = one_line_error(run("state", "1926", "--store", str(directory)))
    assert "1 acknowledged record is missing" in line
    assert sorted(p.name for p in directory.iterdir()) == ["mopr.jsonl.head"]


def test_a_torn_tail_is_one_plain_warning_line(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    assert run("append", "--store", str(directory), "--json", _occurred("a")).exit_code == 0
    path = directory / "mopr.jsonl"
    last = json.loads(path.read_bytes().splitlines()[-1])
    line, _ = encode_line(
        2, last["recorded_at"], encode_event(Occurred(id="b", when="1925", text="t")), last["hash"]
    )
    with path.open("ab") as file:
        file.write(line.encode()[:40])
    for args in (["state", "1926"], ["check"], ["chronology"], ["head"]):
        result = run(*args, "--store", str(directory))
        assert result.exit_code == 0, (args, result.output)
        lines = result.stderr.splitlines()
        assert len(lines) == 1, (args, result.stderr)
        assert lines[0].startswith("mopr-timeline: warning: ")
        assert "mopr.jsonl:2: 40 bytes of a torn write" in lines[0]
        assert "TornTailWarning" not in result.stderr
        assert "warnings.warn" not in result.stderr


# --- paths and read-only reads ------------------------------------------------------------------


def test_append_through_a_symlinked_stream_file_is_refused(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    directory.mkdir()
    outside = tmp_path / "outside.jsonl"
    os.symlink(outside, directory / "evil.jsonl")
    line = one_line_error(
        run("append", "--store", str(directory), "--stream", "evil", "--json", _occurred("x"))
    )
    assert "is a symbolic link" in line
    assert not outside.exists()


@pytest.mark.parametrize(
    "args",
    [
        ["state", "1926"],
        ["chronology", "--format", "csv"],
        ["check"],
        ["head"],
        ["state", "1926", "--as-of", "2"],
    ],
)
def test_read_commands_leave_a_sqlite_file_unchanged(tmp_path: Path, args: list[str]) -> None:
    database = tmp_path / "log.db"
    with open_store(str(database)) as opened:
        Timeline(opened).append([Occurred(id=i, when="1925", text=f"e {i}") for i in "abc"])
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    result = run(*args, "--store", str(database))
    assert result.exit_code == 0, result.output
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before


def test_plot_leaves_a_sqlite_file_unchanged(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    database = tmp_path / "log.db"
    with open_store(str(database)) as opened:
        opened.append("mopr", [Occurred(id="a", when="1925", text="e")])
    before = (database.read_bytes(), database.stat().st_mtime_ns)
    result = run("plot", str(tmp_path / "out.png"), "--store", str(database))
    assert result.exit_code == 0, result.output
    assert (database.read_bytes(), database.stat().st_mtime_ns) == before


def test_read_commands_leave_a_file_store_unchanged(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    FileStore(directory).append("mopr", [Occurred(id="a", when="1925", text="e")])
    before = contents(directory)
    for args in (["state", "1926"], ["check"], ["head"], ["chronology"]):
        assert run(*args, "--store", str(directory)).exit_code == 0
    assert contents(directory) == before


def _occurred(event_id: str) -> str:
    return json.dumps({"type": "Occurred", "id": event_id, "when": "1925", "text": "t"})
