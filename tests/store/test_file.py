"""FileStore runs the shared store contract, plus what only hash-chained line files have:
tamper evidence for every byte, torn tails after a crash, and safe paths."""

from __future__ import annotations

import functools
import hashlib
import itertools
import json
import os
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from store_contract import StoreContract, StoreFactory, occurred

from mopr_timeline import Timeline
from mopr_timeline.events import SectionEstablished, event_to_dict
from mopr_timeline.events._serial import glance_event
from mopr_timeline.store import (
    DuplicateEventError,
    FileStore,
    IntegrityError,
    LazyRecord,
    StoreError,
    StreamNameError,
)
from mopr_timeline.store._codec import canonical_json
from mopr_timeline.store._file import TornTailWarning
from mopr_timeline.store._filehead import HEAD_SUFFIX, Acknowledged, create_head
from mopr_timeline.store._jsonl import encode_line


def rechain(lines: list[dict[str, Any]]) -> bytes:
    """Records written back as a consistent chain, the way a (buggy) writer would."""
    out, prev = [], ""
    for record in lines:
        line, prev = encode_line(
            record["version"], record["recorded_at"], canonical_json(record["event"]), prev
        )
        out.append(line)
    return "".join(out).encode()


class TestFileStore(StoreContract):
    @pytest.fixture
    def make_store(self, tmp_path: Path) -> StoreFactory:
        self.directory = tmp_path / "events"
        return functools.partial(FileStore, self.directory)

    def tamper(self, stream: str, version: int, mutate: Callable[[dict[str, Any]], None]) -> str:
        path = self.directory / f"{stream}.jsonl"
        records = [json.loads(line) for line in path.read_text("utf-8").splitlines()]
        mutate(records[version - 1]["event"])
        data = rechain(records)
        path.write_bytes(data)
        # A buggy writer that keeps the store consistent also acknowledges what it wrote.
        last = json.loads(data.splitlines()[-1])
        head = path.with_name(path.name + HEAD_SUFFIX)
        head.unlink()
        create_head(head, Acknowledged(version=last["version"], hash=last["hash"], size=len(data)))
        return f"{path}:{version}"


@pytest.fixture
def store(tmp_path: Path) -> FileStore:
    return FileStore(tmp_path / "events")


def three_records(store: FileStore) -> Path:
    store.append("mopr", occurred(3))
    return store.path("mopr")


# --- the format -----------------------------------------------------------------------------


def test_lines_are_canonical_json_with_a_hash_chain(store: FileStore) -> None:
    path = three_records(store)
    lines = path.read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert [canonical_json(r) for r in records] == lines
    assert [r["prev"] for r in records] == ["", records[0]["hash"], records[1]["hash"]]
    assert [r["version"] for r in records] == [1, 2, 3]
    assert records[0]["event"]["type"] == "Occurred"
    assert set(records[0]) == {"version", "recorded_at", "event", "prev", "hash"}


def test_text_is_stored_as_utf8_not_escaped(store: FileStore) -> None:
    store.append(
        "mopr", [SectionEstablished(when="1924", country="Deutschland", name="Rote Hilfe ö")]
    )
    assert "Rote Hilfe ö" in store.path("mopr").read_text("utf-8")


OLD_SECTION_RECORD = {
    "version": 1,
    "recorded_at": "1999-01-01T00:00:00.000000+00:00",
    "event": {
        "type": "SectionEstablished",
        "schema": 1,
        "id": "rhd",
        "source": None,
        "when": "1924-10",
        "country": "Germany",
        "group": "Red Aid of Germany (Rote Hilfe Deutschlands)",
    },
}
"""A line's record of schema 1 of SectionEstablished: ``when`` as bare text, ``group`` for
``name``."""


def test_old_schema_record_in_a_file_is_upcast(store: FileStore) -> None:
    """Schema 1 records are upcast on read."""
    store.path("mopr").write_bytes(rechain([OLD_SECTION_RECORD]))
    (event,) = [r.event for r in store.read("mopr")]
    assert isinstance(event, SectionEstablished)
    assert event.name == "Red Aid of Germany (Rote Hilfe Deutschlands)"
    assert (str(event.when.earliest), str(event.when.latest)) == ("1924-10-01", "1924-10-31")
    assert store.verify() == 1


# --- tamper evidence --------------------------------------------------------------------------


def assert_detected(store: FileStore, path: Path, line: int) -> None:
    with pytest.raises(IntegrityError) as on_read:
        list(FileStore(store.directory).read("mopr"))
    assert on_read.value.location == f"{path}:{line}"
    with pytest.raises(IntegrityError) as on_lazy_read:
        list(FileStore(store.directory).read_lazy("mopr"))
    assert on_lazy_read.value.location == f"{path}:{line}"
    with pytest.raises(IntegrityError, match=rf"{path}:{line}"):
        FileStore(store.directory).verify()
    with pytest.raises(IntegrityError):
        FileStore(store.directory).append("mopr", occurred(1, prefix="next"))


@pytest.mark.parametrize("line", [1, 2, 3])
def test_every_flipped_byte_is_detected(store: FileStore, line: int) -> None:
    path = three_records(store)
    original = path.read_bytes()
    starts = [0, *(i + 1 for i, b in enumerate(original) if b == ord("\n"))]
    for position in range(starts[line - 1], starts[line]):
        damaged = bytearray(original)
        damaged[position] ^= 0x01
        path.write_bytes(bytes(damaged))
        assert_detected(store, path, line)


_FIXED = rechain(
    [
        {
            "version": v,
            "recorded_at": "1999-01-01T00:00:00.000000+00:00",
            "event": {
                "type": "Occurred",
                "schema": 1,
                "id": f"e{v}",
                "source": None,
                "when": {
                    "text": "Aug. 1925",
                    "earliest": "1925-08-01",
                    "latest": "1925-08-31",
                    "precision": "month",
                    "qualifier": "none",
                },
                "text": "MOPR ö",
                "country": None,
            },
        }
        for v in (1, 2, 3)
    ]
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(position=st.integers(0, len(_FIXED) - 1), byte=st.integers(0, 255))
def test_any_replaced_byte_is_detected(tmp_path: Path, position: int, byte: int) -> None:
    assume(byte != _FIXED[position])
    store = FileStore(tmp_path / "events")
    path = store.path("mopr")
    path.write_bytes(_FIXED)
    assert store.verify() == 3
    damaged = bytearray(_FIXED)
    damaged[position] = byte
    path.write_bytes(bytes(damaged))
    assert_detected(store, path, _FIXED[:position].count(b"\n") + 1)


def test_a_removed_record_breaks_the_chain(store: FileStore) -> None:
    path = three_records(store)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[0] + lines[2])
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:2: the hash chain is broken"):
        store.verify("mopr")


def test_swapped_records_break_the_chain(store: FileStore) -> None:
    path = three_records(store)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(lines[1] + lines[0] + lines[2])
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:1: the hash chain is broken"):
        store.verify()


def test_verify_counts_the_records_of_every_stream(store: FileStore) -> None:
    store.append("a", occurred(2))
    store.append("b", occurred(3))
    assert store.verify() == 5
    assert store.verify("b") == 3


# --- torn tails -------------------------------------------------------------------------------


def unacknowledged_line(store: FileStore, event_id: str = "lost0") -> bytes:
    """The line an append of one more event would write, as a crash could leave it in the file
    before the head acknowledged it."""
    last = json.loads(store.path("mopr").read_bytes().splitlines()[-1])
    (event,) = occurred(1, prefix=event_id[:-1])
    line, _ = encode_line(
        last["version"] + 1, last["recorded_at"], canonical_json(event_to_dict(event)), last["hash"]
    )
    return line.encode()


@pytest.mark.parametrize("cut", [1, 10, 100, -2])
def test_torn_tail_is_reported_never_read_and_cut_by_the_next_append(
    store: FileStore, cut: int
) -> None:
    path = three_records(store)
    acknowledged = path.read_bytes()
    torn = unacknowledged_line(store)[:cut]
    path.write_bytes(acknowledged + torn)

    reader = FileStore(store.directory)
    with pytest.warns(TornTailWarning, match=r"mopr.jsonl:4: \d+ bytes of a torn write"):
        assert [r.version for r in reader.read("mopr")] == [1, 2, 3]
    assert reader.torn_tails["mopr"].line == 4
    assert reader.current_version("mopr") == 3

    writer = FileStore(store.directory)
    assert writer.append("mopr", occurred(1, prefix="after")) == 4
    assert path.read_bytes().startswith(acknowledged)
    assert not (store.directory / "mopr.jsonl.unacknowledged").exists()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert [r.event.id for r in writer.read("mopr")][-1] == "after0"
        assert writer.verify() == 4


def test_whole_lines_after_the_head_are_set_aside_by_the_next_append(store: FileStore) -> None:
    """A crash between the data's fsync and the head's (or a writer that does not keep the
    head) leaves whole records after the acknowledged head: never read, kept aside."""
    path = three_records(store)
    acknowledged = path.read_bytes()
    extra = unacknowledged_line(store) + b'{"event":{"id"'
    path.write_bytes(acknowledged + extra)

    reader = FileStore(store.directory)
    with pytest.warns(
        TornTailWarning, match=r"mopr.jsonl:4: \d+ bytes after the last ack.*1 whole"
    ):
        assert [r.event.id for r in reader.read("mopr")] == ["e0", "e1", "e2"]
    assert reader.current_version("mopr") == 3
    assert reader.append("mopr", occurred(1, prefix="lost")) == 4
    assert (store.directory / "mopr.jsonl.unacknowledged").read_bytes() == extra
    assert path.read_bytes().startswith(acknowledged)
    assert FileStore(store.directory).verify() == 4


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(1, len(_FIXED.splitlines(keepends=True)[-1]) - 1))
def test_a_write_torn_at_any_byte_loses_only_itself(tmp_path: Path, cut: int) -> None:
    """(A stream without a head file, as an earlier release wrote it.)"""
    directory = Path(tempfile.mkdtemp(dir=tmp_path))
    last = _FIXED.splitlines(keepends=True)[-1]
    acknowledged = _FIXED[: -len(last)]
    (directory / "mopr.jsonl").write_bytes(acknowledged + last[:cut])
    with pytest.warns(TornTailWarning):
        assert [r.version for r in FileStore(directory).read("mopr")] == [1, 2]
    assert FileStore(directory).append("mopr", occurred(1, prefix="next")) == 3
    assert (directory / "mopr.jsonl").read_bytes().startswith(acknowledged)
    assert FileStore(directory).verify() == 3


def test_torn_tail_of_an_empty_file_is_cut(store: FileStore) -> None:
    store.path("mopr").write_bytes(b'{"event":{"cou')
    with pytest.warns(TornTailWarning, match=r"mopr.jsonl:1:"):
        assert list(store.read("mopr")) == []
    assert store.append("mopr", occurred(1)) == 1
    assert store.verify() == 1


def test_a_replaced_newline_is_corruption_not_a_torn_tail(store: FileStore) -> None:
    path = three_records(store)
    path.write_bytes(path.read_bytes()[:-1] + b" ")
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:3: the record's line ending"):
        list(store.read("mopr"))
    with pytest.raises(IntegrityError, match="line ending"):
        store.append("mopr", occurred(1, prefix="x"))
    assert path.read_bytes().count(b"\n") == 2


def test_a_removed_final_newline_loses_an_acknowledged_record(store: FileStore) -> None:
    path = three_records(store)
    damaged = path.read_bytes()[:-1]
    path.write_bytes(damaged)
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:3: 1 acknowledged record is missing"):
        list(FileStore(store.directory).read("mopr"))
    with pytest.raises(IntegrityError, match="1 acknowledged record is missing"):
        FileStore(store.directory).append("mopr", occurred(1, prefix="x"))
    assert path.read_bytes() == damaged


def test_a_whole_record_without_its_newline_in_a_stream_without_head_is_a_torn_write(
    store: FileStore,
) -> None:
    """Without a head file (an earlier release's stream) nothing says the record was
    acknowledged: the append writes the newline before fsync returns, so a missing one is
    a crash mid-write."""
    path = three_records(store)
    store.head_path("mopr").unlink()
    path.write_bytes(path.read_bytes()[:-1])
    with pytest.warns(TornTailWarning, match=r"mopr.jsonl:3"):
        assert [r.version for r in FileStore(store.directory).read("mopr")] == [1, 2]
    assert FileStore(store.directory).append("mopr", occurred(1, prefix="x")) == 3


def test_another_process_append_is_seen_by_a_cached_writer(store: FileStore) -> None:
    three_records(store)
    other = FileStore(store.directory)
    assert other.append("mopr", occurred(2, prefix="o")) == 5
    assert store.append("mopr", occurred(1, prefix="s"), expected_version=5) == 6
    with pytest.raises(StoreError, match="'o0' is already in the stream"):
        store.append("mopr", occurred(2, prefix="o"))


# --- paths ------------------------------------------------------------------------------------


def test_directory_is_created(tmp_path: Path) -> None:
    FileStore(tmp_path / "a" / "b")
    assert (tmp_path / "a" / "b").is_dir()


def test_a_file_where_the_directory_should_be_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "plain").write_text("x")
    with pytest.raises(StoreError, match="is a file, not a directory"):
        FileStore(tmp_path / "plain")


@pytest.mark.parametrize("name", ["../outside", "/etc/passwd", "a/../../b", "..", "x\0y"])
def test_traversal_writes_nothing_outside(tmp_path: Path, name: str) -> None:
    store = FileStore(tmp_path / "events")
    with pytest.raises(StreamNameError):
        store.append(name, occurred(1))
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["events"]


def test_a_directory_named_like_a_stream_file_is_an_error(store: FileStore) -> None:
    store.path("mopr").mkdir()
    with pytest.raises(StoreError, match="is a directory"):
        store.append("mopr", occurred(1))
    with pytest.raises(StoreError, match="is a directory"):
        list(store.read("mopr"))


def test_streams_lists_only_stream_files(store: FileStore) -> None:
    store.append("b", occurred(1))
    store.append("a", occurred(1))
    (store.directory / "notes.txt").write_text("x")
    (store.directory / "not a stream.jsonl").write_text("x")
    (store.directory / "empty.jsonl").write_text("")
    (store.directory / "folder.jsonl").mkdir()
    assert store.streams() == ["a", "b"]


# --- cheap tails and resumed reads ------------------------------------------------------------


def test_current_version_reads_only_the_last_line(store: FileStore) -> None:
    path = three_records(store)
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"x" * (len(lines[0]) - 1) + b"\n" + b"".join(lines[1:]))
    assert FileStore(store.directory).current_version("mopr") == 3
    store.head_path("mopr").unlink()
    path.write_bytes(b"garbage that no full scan would accept\n" + b"".join(lines[1:]))
    assert FileStore(store.directory).current_version("mopr") == 3


def test_current_version_checks_the_last_line(store: FileStore) -> None:
    path = three_records(store)
    damaged = bytearray(path.read_bytes())
    damaged[-20] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:3: the record"):
        FileStore(store.directory).current_version("mopr")


def test_current_version_ignores_a_torn_tail(store: FileStore) -> None:
    path = three_records(store)
    with path.open("ab") as file:
        file.write(b'{"event":{"country"')
    assert FileStore(store.directory).current_version("mopr") == 3


def test_read_after_resumes_where_an_append_ended(store: FileStore) -> None:
    for batch in range(4):
        store.append("mopr", occurred(2, prefix=f"b{batch}-"))
    assert [r.version for r in store.read("mopr", after=6)] == [7, 8]
    assert [r.event.id for r in store.read("mopr", after=3)] == [
        f"b{b}-{i}" for b in (1, 2, 3) for i in (0, 1)
    ][1:]


def test_resumed_read_still_checks_what_follows(store: FileStore) -> None:
    store.append("mopr", occurred(2))
    store.append("mopr", occurred(2, prefix="late"))
    path = store.path("mopr")
    damaged = bytearray(path.read_bytes())
    damaged[-20] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:4"):
        list(store.read("mopr", after=2))


def test_resumed_read_starts_over_when_its_resume_point_changed(store: FileStore) -> None:
    store.append("mopr", occurred(2))
    store.append("mopr", occurred(2, prefix="late"))
    path = store.path("mopr")
    lines = path.read_bytes().splitlines(keepends=True)
    damaged = bytearray(lines[1])
    damaged[5] ^= 0x01
    path.write_bytes(lines[0] + bytes(damaged) + b"".join(lines[2:]))
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:2"):
        list(store.read("mopr", after=3))


def test_a_full_read_lets_the_next_append_skip_the_scan(store: FileStore) -> None:
    """Appends trust what this store already verified (the ids, the chain's end); reading
    everything again, or ``verify()``, still checks every line."""
    three_records(store)
    reader = FileStore(store.directory)
    assert len(list(reader.read("mopr"))) == 3
    path = reader.path("mopr")
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"x" * (len(lines[0]) - 1) + b"\n" + b"".join(lines[1:]))
    assert reader.append("mopr", occurred(1, prefix="n")) == 4
    with pytest.raises(StoreError, match="'e0' is already"):
        reader.append("mopr", occurred(1))
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:1"):
        reader.verify()


# --- nothing beside the stream files but their heads --------------------------------------------


def test_a_long_stream_keeps_nothing_beside_its_file_but_its_head(store: FileStore) -> None:
    """1,500 events, appended at once and loaded by a fresh store: ``mopr.jsonl`` and its
    head only."""
    store.append("mopr", occurred(1500))
    timeline = Timeline(FileStore(store.directory), "mopr")
    assert timeline.version == 1500
    timeline.append(occurred(1, prefix="late"))
    assert len(list(FileStore(store.directory).read_lazy("mopr"))) == 1501
    assert sorted(p.name for p in store.directory.iterdir()) == ["mopr.jsonl", "mopr.jsonl.head"]


def stale_glance_file(path: Path) -> bytes:
    """A ``.jsonl.glance`` as earlier releases kept beside a stream file: one line, the SHA-256
    of its JSON payload and the payload, describing the stream's bytes exactly (their
    SHA-256, line and event lengths, record times) but with glances that are not the events'
    (other ids, kind, days and key)."""
    data = path.read_bytes()
    lines = data.splitlines(keepends=True)
    records = [json.loads(line) for line in lines]
    count = len(records)
    payload = json.dumps(
        {
            "start": 0,
            "end": len(data),
            "sha256": hashlib.sha256(data).hexdigest(),
            "version": 1,
            "line": 1,
            "stamps": [
                [len(list(run)), stamp]
                for stamp, run in itertools.groupby(r["recorded_at"] for r in records)
            ],
            "line_lengths": [len(line) for line in lines],
            "event_lengths": [len(canonical_json(r["event"]).encode()) for r in records],
            "ids": [f"forged{i}" for i in range(count)],
            "kinds": ["SectionEstablished"] * count,
            "lo": [703_000] * count,
            "hi": [703_000] * count,
            "keys": ["Nowhere"] * count,
        },
        separators=(",", ":"),
    ).encode()
    return hashlib.sha256(payload).hexdigest().encode() + b" " + payload + b"\n"


def test_a_glance_file_left_by_an_earlier_release_is_ignored(store: FileStore) -> None:
    """Loads, reads and appends neither trust it, nor delete it, nor write to it."""
    events = occurred(3)
    store.append("mopr", events)
    glance = store.directory / "mopr.jsonl.glance"
    content = stale_glance_file(store.path("mopr"))
    glance.write_bytes(content)
    written = glance.stat().st_mtime_ns

    fresh = FileStore(store.directory)
    lazy = list(fresh.read_lazy("mopr"))
    assert all(isinstance(record, LazyRecord) for record in lazy)
    assert [r.glance() for r in lazy if isinstance(r, LazyRecord)] == list(
        map(glance_event, events)
    )
    timeline = Timeline(FileStore(store.directory), "mopr")
    assert timeline.events() == events
    assert timeline.state_at("1925-08-01").sections == ()
    with pytest.raises(DuplicateEventError, match="'e0' is already"):
        FileStore(store.directory).append("mopr", occurred(1))
    assert FileStore(store.directory).append("mopr", occurred(1, prefix="forged")) == 4
    assert timeline.append(occurred(1, prefix="late")) == 5
    assert [r.event.id for r in FileStore(store.directory).read("mopr")][-2:] == [
        "forged0",
        "late0",
    ]
    assert FileStore(store.directory).verify() == 5
    assert FileStore(store.directory).streams() == ["mopr"]
    assert sorted(p.name for p in store.directory.iterdir()) == [
        "mopr.jsonl",
        "mopr.jsonl.glance",
        "mopr.jsonl.head",
    ]
    assert glance.read_bytes() == content
    assert glance.stat().st_mtime_ns == written


def test_a_stream_file_that_cannot_be_opened_is_a_store_error(
    store: FileStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """(Root reads any file, so the refusal is simulated.)"""
    three_records(store)
    real_open = os.open

    def refuse(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if str(path).endswith("mopr.jsonl"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(StoreError, match=r"cannot open .*mopr\.jsonl: Permission denied"):
        list(FileStore(store.directory).read("mopr"))
