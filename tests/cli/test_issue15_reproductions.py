"""Issue 15's numbered reproductions, each as it was reported, on a FileStore directory and a
SQLite database where it applies: every one now fails safely, with one line naming what is
wrong (or an integrity failure from ``check``), the store's content unchanged, and every
acknowledged event still there. Wider variations of each live beside the code they exercise
(``tests/cli/test_cli_hostile.py``, ``tests/cli/test_cli_integrity.py``,
``tests/store/store_contract.py``, ``tests/store/test_file_head.py``,
``tests/store/test_file_faults.py``, ``tests/store/test_hostile_appends.py``)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from cli_support import one_line_error, run, stored_ids

import mopr_timeline.store._file as file_module
from mopr_timeline import FiguresReported, MemoryStore, Occurred, open_store
from mopr_timeline.events import Event, EventError, UnknownKindError
from mopr_timeline.store import FileStore, SQLiteStore, Store
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._jsonl import encode_line


def _occurred(event_id: str) -> str:
    return json.dumps({"type": "Occurred", "id": event_id, "when": "1925", "text": "t"})


@pytest.fixture(params=["directory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A store holding three acknowledged events, a, b and c, in stream ``mopr``."""
    path = tmp_path / ("log" if request.param == "directory" else "log.db")
    for event_id in "abc":
        assert run("append", "--store", str(path), "--json", _occurred(event_id)).exit_code == 0
    return path


def contents(path: Path) -> str:
    """A FileStore's bytes, or a SQLite store's records (reads may touch a database's header
    outside the CLI's read-only opens), as one digest."""
    if path.is_dir():
        files = sorted(p for p in path.rglob("*") if p.is_file())
        return hashlib.sha256(b"".join(f.name.encode() + f.read_bytes() for f in files)).hexdigest()
    records = [
        (r.version, r.recorded_at, encode_event(r.event))
        for r in open_store(str(path)).read("mopr")
    ]
    return hashlib.sha256(repr(records).encode()).hexdigest()


def test_item_1_a_text_field_holding_a_number_or_null_is_refused_and_the_stream_stays_usable(
    store: Path,
) -> None:
    before = contents(store)
    for note in ("123", "null"):
        event = f'{{"type":"FiguresReported","when":"1925","note":{note}}}'
        line = one_line_error(run("append", "--store", str(store), "--json", event))
        assert "FiguresReported.note: expected text" in line
    assert contents(store) == before
    for args in (["state", "1926"], ["chronology"], ["check"]):
        assert run(*args, "--store", str(store)).exit_code == 0, args
    assert run("retract", "a", "--store", str(store), "--reason", "r").exit_code == 0
    assert run("append", "--store", str(store), "--json", _occurred("d")).exit_code == 0
    assert stored_ids(store)[:3] == ["a", "b", "c"]


def test_item_1_in_python_a_number_as_note_and_a_subclass_with_an_extra_field_are_refused(
    tmp_path: Path,
) -> None:
    with pytest.raises(EventError, match=r"FiguresReported\.note: expected text"):
        FiguresReported(id="x", when="1925", note=123)  # type: ignore[arg-type]

    @attrs.frozen(kw_only=True)
    class WithExtra(FiguresReported):
        extra: int = 1

    for opened in (MemoryStore(), FileStore(tmp_path / "d"), SQLiteStore(tmp_path / "s.db")):
        opened.append("mopr", [Occurred(id="a", when="1925", text="t")])
        with pytest.raises(UnknownKindError):
            opened.append("mopr", [WithExtra(id="w", when="1925")])
        assert [r.event.id for r in opened.read("mopr")] == ["a"]


def test_item_2_a_disk_full_mid_batch_leaves_nothing_and_the_batch_can_be_retried(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = tmp_path / "log"
    assert run("append", "--store", str(directory), "--json", _occurred("a")).exit_code == 0
    before = contents(directory)
    original = file_module.write_all

    def half_then_full(fd: int, data: bytes) -> None:
        os.write(fd, data[: len(data) // 2])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(file_module, "write_all", half_then_full)
    line = one_line_error(run("append", "--store", str(directory), "--json", _occurred("b")))
    assert "No space left on device" in line
    assert "nothing was appended" in line
    assert contents(directory) == before
    monkeypatch.setattr(file_module, "write_all", original)
    assert run("check", "--store", str(directory)).exit_code == 0
    assert run("append", "--store", str(directory), "--json", _occurred("b")).exit_code == 0
    assert stored_ids(directory) == ["a", "b"]


def _cut_at_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def _drop_final_newline(data: bytes) -> bytes:
    return data[:-1]


def _drop_last_ten_lines(data: bytes) -> bytes:
    return b"".join(data.splitlines(keepends=True)[:-10])


@pytest.mark.parametrize(
    ("damage", "missing"),
    [(_cut_at_half, "records are missing"), (_drop_final_newline, "1 acknowledged record is"),
     (_drop_last_ten_lines, "10 acknowledged records are"), (lambda _: b"", "20 acknowledged")],
    ids=["cut-at-half", "final-newline", "last-ten-lines", "emptied"],
)  # fmt: skip
def test_item_3_acknowledged_records_that_go_missing_are_reported_and_never_cut(
    tmp_path: Path, damage: Callable[[bytes], bytes], missing: str
) -> None:
    directory = tmp_path / "log"
    for i in range(20):
        assert run("append", "--store", str(directory), "--json", _occurred(f"e{i}")).exit_code == 0
    path = directory / "mopr.jsonl"
    path.write_bytes(damage(path.read_bytes()))
    before = contents(directory)
    checked = run("check", "--store", str(directory))
    assert checked.exit_code == 1, checked.output
    assert missing in checked.output
    assert "integrity OK" not in checked.output
    for args in (["append", "--json", _occurred("late")], ["state", "1926"]):
        assert missing in one_line_error(run(*args, "--store", str(directory))), args
    assert contents(directory) == before


def test_item_4_a_forged_glance_file_changes_no_answer(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    section = '{"type":"SectionEstablished","id":"s","when":"1925","country":"Belgium"}'
    assert run("append", "--store", str(directory), "--json", section).exit_code == 0
    answer = run("state", "1926", "--store", str(directory), "--format", "json").output
    (directory / "mopr.jsonl.glance").write_text('{"forged": "glance"}\n', encoding="utf-8")
    again = run("state", "1926", "--store", str(directory), "--format", "json")
    assert again.exit_code == 0
    assert again.output == answer


def test_item_5_a_rewritten_history_with_recomputed_hashes_fails_against_an_anchor(
    tmp_path: Path,
) -> None:
    directory = tmp_path / "log"
    for event_id in "abc":
        assert (
            run("append", "--store", str(directory), "--json", _occurred(event_id)).exit_code == 0
        )
    anchor = run("head", "--store", str(directory)).output.strip()
    # Rewrite record 2 and recompute the chain and the head, as someone with write access could.
    path = directory / "mopr.jsonl"
    records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
    records[1]["event"]["text"] = "rewritten"
    os.unlink(directory / "mopr.jsonl.head")
    lines, prev = [], ""
    for record in records:
        text = json.dumps(record["event"], sort_keys=True, separators=(",", ":"))
        line, prev = encode_line(record["version"], record["recorded_at"], text, prev)
        lines.append(line)
    path.write_text("".join(lines), encoding="utf-8")
    assert run("check", "--store", str(directory)).exit_code == 0  # undetectable without it
    result = run("check", "--store", str(directory), "--expect-head", anchor)
    assert result.exit_code == 1, result.output
    assert "rewritten" in result.output


@pytest.mark.parametrize(
    ("target", "why"),
    [("later", "no earlier event"), ("r", "retract itself"), ("ra", "is itself a retraction")],
)
def test_item_6_a_retraction_of_a_later_unknown_own_or_retraction_id_is_refused(
    store: Path, target: str, why: str
) -> None:
    retract_a = '{"type":"Retracted","id":"ra","target":"a","reason":"wrong"}'
    assert run("append", "--store", str(store), "--json", retract_a).exit_code == 0
    before = contents(store)
    event = json.dumps({"type": "Retracted", "id": "r", "target": target, "reason": "x"})
    assert why in one_line_error(run("append", "--store", str(store), "--json", event))
    if target == "ra":
        assert why in one_line_error(run("retract", "ra", "--store", str(store), "--reason", "x"))
    assert contents(store) == before
    assert run("append", "--store", str(store), "--json", _occurred("later")).exit_code == 0
    state = run("state", "1926", "--store", str(store), "--format", "json")
    assert state.exit_code == 0


def test_item_7_deep_json_and_a_bare_event_are_the_library_s_own_errors(
    store: Path, tmp_path: Path
) -> None:
    before = contents(store)
    line = one_line_error(run("append", "--store", str(store), "--json", "[" * 100_000))
    assert "100,000 levels deep" in line
    assert contents(store) == before
    stores: list[Store] = [MemoryStore(), FileStore(tmp_path / "f"), SQLiteStore(tmp_path / "s")]
    for opened in stores:
        with pytest.raises(UnknownKindError, match="not a registered event kind"):
            opened.append("s", [Event(id="b1")])
        assert opened.current_version("s") == 0


def test_item_8_messages_name_what_is_wrong_in_one_line(tmp_path: Path) -> None:
    directory = tmp_path / "log"
    assert run("append", "--store", str(directory), "--json", _occurred("a")).exit_code == 0
    with (directory / "mopr.jsonl").open("ab") as file:
        file.write(b'{"event":{"id":"torn"')
    for args in (["state", "1926"], ["check"]):
        result = run(*args, "--store", str(directory))
        assert result.exit_code == 0
        (warning,) = result.stderr.splitlines()
        assert warning.startswith("mopr-timeline: warning: ")
        assert ".py" not in warning
    nines = "9" * 5001
    event = f'{{"type":"FiguresReported","when":"1925","members":{nines}}}'
    line = one_line_error(run("append", "--store", str(directory), "--json", event))
    assert "FiguresReported.members" in line
    assert "4300" not in line
    assert "the span runs backwards" in one_line_error(run("parse", "1930-1920"))


def test_item_9_the_inconsistencies_are_gone(store: Path) -> None:
    before = contents(store)
    assert "no events in stream 'nope'" in one_line_error(
        run("check", "--store", str(store), "--stream", "nope")
    )
    for members in ("٣", "1_0,0"):
        field = ["--type", "FiguresReported", "--when", "1925", "--field", f"members={members}"]
        assert repr(members) in one_line_error(run("append", "--store", str(store), *field))
    assert contents(store) == before
    memory = MemoryStore()
    for spoil in ({"text": "a\ud800"}, {"id": "x\ud800"}):
        event = Occurred(id="x", when="1925", text="t")
        for name, value in spoil.items():
            object.__setattr__(event, name, value)
        with pytest.raises(EventError):
            memory.append("mopr", [event])
    big = FiguresReported(id="big", when="1925")
    object.__setattr__(big, "members", 2**70)
    with pytest.raises(EventError, match=r"FiguresReported\.members"):
        memory.append("mopr", [big])
    assert memory.current_version("mopr") == 0
