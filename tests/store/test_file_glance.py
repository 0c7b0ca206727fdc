"""FileStore glance files (``<stream>.jsonl.glance``): a cache that lets a lazy read take each
record's glance without parsing its line. It changes nothing but the speed: lazy reads give
the same records, glances and errors with or without it, whatever happened to it, and every
edit of the stream file is still detected, naming the line.

Segments are made tiny here (``SEGMENT_RECORDS`` 3) and a read of 4 records is long enough
to create a glance file, so that short streams exercise many segments."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import pytest
import test_file
from event_strategies import events
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from test_file import OLD_SECTION_RECORD, rechain

from mopr_timeline.events import Event, SectionEstablished
from mopr_timeline.events._serial import Glance, glance_event, peek_event
from mopr_timeline.store import (
    DuplicateEventError,
    FileStore,
    IntegrityError,
    RecordedEvent,
    StoreError,
    _file,
    _glancefile,
)
from mopr_timeline.store._codec import canonical_json
from mopr_timeline.store._glancefile import Segment, glance_path
from mopr_timeline.store._jsonl import encode_line
from mopr_timeline.store._lazy import LazyRecord

_SLOW = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture(autouse=True)
def small_glance_files(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_file, "MIN_NEW_RECORDS", 4)
    monkeypatch.setattr(_file, "SEGMENT_RECORDS", 3)


class TestFileStoreWithGlanceFiles(test_file.TestFileStore):
    """The whole store contract again, every lazy read of a whole stream keeping a glance
    file (of one-record segments) that later lazy reads and appends use."""

    @pytest.fixture(autouse=True)
    def every_read_keeps_a_glance_file(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setattr(_file, "MIN_NEW_RECORDS", 1)
        monkeypatch.setattr(_file, "SEGMENT_RECORDS", 1)


@pytest.fixture
def directory(tmp_path: Path) -> Path:
    return tmp_path / "events"


Outcome = tuple[list[tuple[Any, ...]], tuple[type[Exception], str] | None]


def lazy_outcome(directory: Path, *, after: int = 0) -> Outcome:
    """What a fresh store's lazy read gives: each record's version, time, glance and decoded
    event (or its error), and the error that ended the read, if one did (the directory named
    ``<dir>`` in messages)."""
    rows: list[tuple[Any, ...]] = []
    store = FileStore(directory)
    try:
        for record in store.read_lazy("mopr", after=after):
            assert isinstance(record, LazyRecord)
            try:
                rows.append((record.version, record.recorded_at, record.record().event))
                rows.append(("glance", record.glance()))
            except StoreError as exc:
                rows.append((record.version, type(exc), _message(exc, directory)))
    except StoreError as exc:
        return rows, (type(exc), _message(exc, directory))
    finally:
        store.close()
    return rows, None


def _message(error: Exception, directory: Path) -> str:
    return str(error).replace(str(directory), "<dir>")


def without_glance_file(directory: Path, tmp_path: Path) -> Path:
    """A copy of the store directory without its glance files."""
    copy = tmp_path / "copy"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(directory, copy, ignore=shutil.ignore_patterns("*.glance"))
    return copy


def segments(directory: Path) -> list[Segment]:
    """The glance file's sound segments, in order."""
    path = glance_path(directory / "mopr.jsonl")
    found = []
    for line in path.read_bytes().split(b"\n")[:-1]:
        segment = _glancefile._segment(line)
        assert segment is not None
        found.append(segment)
    return found


def assert_describes_everything(directory: Path) -> None:
    """The glance file's segments tile the whole stream file, at most 3 records each."""
    found = segments(directory)
    stream = (directory / "mopr.jsonl").read_bytes()
    assert [s.start for s in found] == [0, *(s.end for s in found[:-1])]
    assert found[-1].end == len(stream)
    assert all(1 <= s.count <= 3 for s in found)
    assert [s.version for s in found] == [1, *(s.version + s.count for s in found[:-1])]
    for segment in found:
        assert hashlib.sha256(stream[segment.start : segment.end]).hexdigest() == segment.sha256


@pytest.fixture
def peeks(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every stored dict a lazy read had to peek at (none, when the glance file served)."""
    seen: list[Any] = []
    real = peek_event

    def counting(data: Any) -> Any:
        seen.append(data)
        return real(data)

    monkeypatch.setattr(_file, "peek_event", counting)
    return seen


def glance_of(record: RecordedEvent | LazyRecord) -> Glance:
    assert isinstance(record, LazyRecord)
    return record.glance()


def dated(n: int, *, prefix: str = "e") -> list[Event]:
    """``n`` sections with distinct days and non-ASCII names (glances with keys and days)."""
    return [
        SectionEstablished(
            id=f"{prefix}{i}", when=f"1925-08-{i % 28 + 1:02d}", country=f"Länd {i % 5}", name="ö"
        )
        for i in range(n)
    ]


# --- what the glance file holds and who writes it ---------------------------------------------


def test_a_long_lazy_read_writes_a_glance_file_that_later_lazy_reads_use(
    directory: Path, peeks: list[Any]
) -> None:
    store = FileStore(directory)
    for batch in (dated(3), dated(4, prefix="f"), dated(3, prefix="g")):
        store.append("mopr", batch)
    assert not glance_path(store.path("mopr")).exists()
    first = [(r.version, glance_of(r)) for r in store.read_lazy("mopr")]
    assert len(peeks) == 10
    assert_describes_everything(directory)
    peeks.clear()
    again = [(r.version, glance_of(r)) for r in FileStore(directory).read_lazy("mopr")]
    assert again == first
    assert peeks == []
    assert [glance for _, glance in first] == [
        glance_event(r.event) for r in FileStore(directory).read("mopr")
    ]


def test_a_long_first_append_writes_a_glance_file(directory: Path, peeks: list[Any]) -> None:
    """Only the first: a later long append to a stream without one cannot vouch for the
    records before it."""
    FileStore(directory).append("mopr", dated(4))
    assert_describes_everything(directory)
    FileStore(directory).append("mopr", dated(1, prefix="f"))
    assert_describes_everything(directory)
    records = list(FileStore(directory).read_lazy("mopr"))
    assert [r.version for r in records] == [1, 2, 3, 4, 5]
    assert peeks == []
    glance_path(directory / "mopr.jsonl").unlink()
    FileStore(directory).append("mopr", dated(4, prefix="g"))
    assert not glance_path(directory / "mopr.jsonl").exists()
    other = directory.parent / "other"
    FileStore(other).append("mopr", dated(3))
    assert not glance_path(other / "mopr.jsonl").exists()


def test_a_short_stream_gets_no_glance_file(directory: Path) -> None:
    store = FileStore(directory)
    store.append("mopr", dated(3))
    assert len(list(store.read_lazy("mopr"))) == 3
    assert sorted(p.name for p in directory.iterdir()) == ["mopr.jsonl"]


def test_decoding_reads_and_verify_never_write_or_trust_a_glance_file(directory: Path) -> None:
    store = FileStore(directory)
    store.append("mopr", dated(3))
    store.append("mopr", dated(2, prefix="f"))
    assert store.verify() == 5
    assert len(list(store.read("mopr"))) == 5
    assert not glance_path(store.path("mopr")).exists()
    list(store.read_lazy("mopr"))
    path = store.path("mopr")
    damaged = bytearray(path.read_bytes())
    damaged[20] ^= 0x01
    path.write_bytes(bytes(damaged))
    with pytest.raises(IntegrityError, match=rf"{path}:1"):
        FileStore(directory).verify()


def test_appends_through_any_handle_extend_the_glance_file(
    directory: Path, peeks: list[Any]
) -> None:
    FileStore(directory).append("mopr", dated(5))
    list(FileStore(directory).read_lazy("mopr"))
    one, two = FileStore(directory), FileStore(directory)
    one.append("mopr", dated(2, prefix="a"))
    two.append("mopr", dated(4, prefix="b"))
    one.append("mopr", dated(1, prefix="c"))
    assert_describes_everything(directory)
    peeks.clear()
    records = list(FileStore(directory).read_lazy("mopr"))
    assert [r.version for r in records] == list(range(1, 13))
    assert peeks == []


def test_a_lazy_read_after_a_version_takes_the_glance_file_too(
    directory: Path, peeks: list[Any]
) -> None:
    FileStore(directory).append("mopr", dated(7))
    list(FileStore(directory).read_lazy("mopr"))
    peeks.clear()
    records = list(FileStore(directory).read_lazy("mopr", after=5))
    assert [r.version for r in records] == [6, 7]
    assert peeks == []
    assert lazy_outcome(directory, after=5)[0][0][0] == 6


def test_a_fresh_writer_takes_event_ids_from_the_glance_file(directory: Path) -> None:
    FileStore(directory).append("mopr", dated(5))
    list(FileStore(directory).read_lazy("mopr"))
    with pytest.raises(DuplicateEventError, match="'e3' is already"):
        FileStore(directory).append("mopr", dated(4)[3:])


def test_records_past_the_glance_file_are_read_line_by_line_and_then_described(
    directory: Path, tmp_path: Path
) -> None:
    """A gap (records appended while the glance file was missing) is read the careful way,
    still checked for duplicates, and the next long lazy read fills it in."""
    FileStore(directory).append("mopr", dated(5))
    list(FileStore(directory).read_lazy("mopr"))
    glance = glance_path(directory / "mopr.jsonl")
    kept = glance.read_bytes()
    glance.unlink()
    FileStore(directory).append("mopr", dated(3, prefix="late"))
    glance.write_bytes(kept)
    with pytest.raises(DuplicateEventError, match="'late1' is already"):
        FileStore(directory).append("mopr", dated(2, prefix="late")[1:])
    assert lazy_outcome(directory) == lazy_outcome(without_glance_file(directory, tmp_path))
    assert_describes_everything(directory)


def test_an_old_schema_record_has_no_glance_in_the_file_and_is_upcast(directory: Path) -> None:
    directory.mkdir()
    (directory / "mopr.jsonl").write_bytes(rechain([OLD_SECTION_RECORD]))
    FileStore(directory).append("mopr", dated(4))
    list(FileStore(directory).read_lazy("mopr"))
    assert segments(directory)[0].kinds[0] == ""
    (first, *_) = FileStore(directory).read_lazy("mopr")
    assert isinstance(first, LazyRecord)
    assert first.glance()[:2] == ("SectionEstablished", "rhd")


# --- it changes nothing but the speed ------------------------------------------------------------


@_SLOW
@given(
    batches=st.lists(st.lists(events(), min_size=1, max_size=4), min_size=1, max_size=5),
    reads=st.lists(st.booleans(), min_size=5, max_size=5),
)
def test_lazy_reads_agree_with_and_without_the_glance_file(
    tmp_path: Path, batches: list[list[Event]], reads: list[bool]
) -> None:
    """Any events (every type, non-ASCII text), appended in batches through fresh handles,
    with lazy reads (which write or extend the glance file) between some of them."""
    ids = [e.id for batch in batches for e in batch]
    assume(len(set(ids)) == len(ids))
    directory = tmp_path / f"events-{len(list(tmp_path.iterdir()))}"
    for batch, read in zip(batches, reads, strict=False):
        FileStore(directory).append("mopr", batch)
        if read:
            list(FileStore(directory).read_lazy("mopr"))
    outcome = lazy_outcome(directory)
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert outcome[1] is None
    decoded = [row[2] for row in outcome[0] if row[0] != "glance"]
    assert decoded == [e for batch in batches for e in batch]
    assert [row[1] for row in outcome[0] if row[0] == "glance"] == [
        glance_event(e) for e in decoded
    ]


def _stored(directory: Path) -> tuple[Path, bytes, bytes]:
    store = FileStore(directory)
    for batch in (dated(3), dated(4, prefix="f"), dated(2, prefix="g")):
        store.append("mopr", batch)
    list(store.read_lazy("mopr"))
    path = store.path("mopr")
    return path, path.read_bytes(), glance_path(path).read_bytes()


def write_replacing(path: Path, content: bytes, spot: float, byte: int) -> int:
    """Write ``content`` to ``path`` with the byte at ``spot`` (a fraction of its length)
    replaced by ``byte`` (a different one); return its position."""
    position = int(spot * len(content))
    assume(content[position] != byte)
    damaged = bytearray(content)
    damaged[position] = byte
    path.write_bytes(bytes(damaged))
    return position


@_SLOW
@given(spot=st.floats(0, 1, exclude_max=True), byte=st.integers(0, 255))
def test_any_replaced_byte_of_the_stream_is_detected_as_without_a_glance_file(
    tmp_path: Path, spot: float, byte: int
) -> None:
    directory = tmp_path / f"events-{len(list(tmp_path.iterdir()))}"
    path, stream, glance = _stored(directory)
    position = write_replacing(path, stream, spot, byte)
    outcome = lazy_outcome(directory)
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert outcome[1] is not None
    assert outcome[1][0] is IntegrityError
    line = stream[:position].count(b"\n") + 1
    assert outcome[1][1].startswith(f"<dir>/mopr.jsonl:{line}: ")
    assert glance_path(path).read_bytes() == glance


@_SLOW
@given(spot=st.floats(0, 1, exclude_max=True), byte=st.integers(0, 255))
def test_any_replaced_byte_of_the_glance_file_changes_nothing_but_speed(
    tmp_path: Path, spot: float, byte: int
) -> None:
    directory = tmp_path / f"events-{len(list(tmp_path.iterdir()))}"
    path, stream, glance = _stored(directory)
    write_replacing(glance_path(path), glance, spot, byte)
    outcome = lazy_outcome(directory)
    assert outcome[1] is None
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert_describes_everything(directory)
    assert path.read_bytes() == stream


def test_a_glance_file_of_another_history_is_not_believed(directory: Path, tmp_path: Path) -> None:
    path, _, _ = _stored(directory)
    other = tmp_path / "other"
    FileStore(other).append("mopr", dated(9, prefix="x"))
    shutil.copy(other / "mopr.jsonl", path)
    outcome = lazy_outcome(directory)
    assert outcome == lazy_outcome(other)
    assert [row[2].id for row in outcome[0] if row[0] != "glance"] == [f"x{i}" for i in range(9)]
    assert_describes_everything(directory)


def forge_segments(directory: Path, change: Callable[[int, dict[str, Any]], None]) -> None:
    """Apply ``change`` to each segment of the glance file (given its index) and write the file
    back with every line's checksum made to match, as someone covering up an edit would."""
    glance = glance_path(directory / "mopr.jsonl")
    lines = []
    for index, line in enumerate(glance.read_bytes().split(b"\n")[:-1]):
        payload = orjson.loads(line.partition(b" ")[2])
        change(index, payload)
        forged = orjson.dumps(payload)
        lines.append(hashlib.sha256(forged).hexdigest().encode() + b" " + forged)
    glance.write_bytes(b"\n".join(lines) + b"\n")


def test_a_consistently_rewritten_glance_is_caught_when_its_event_is_decoded(
    directory: Path,
) -> None:
    path, _, _ = _stored(directory)
    forged: list[int] = []

    def earlier(index: int, payload: dict[str, Any]) -> None:
        if index == 1:
            payload["lo"][0] -= 400
            forged.append(payload["lo"][0])

    forge_segments(directory, earlier)
    records = list(FileStore(directory).read_lazy("mopr"))
    assert isinstance(records[3], LazyRecord)
    assert [records[3].glance()[2]] == forged
    with pytest.raises(IntegrityError, match="disagree with the event") as info:
        records[3].record()
    assert info.value.location == f"{path}:4"


def test_a_torn_glance_file_is_cut_by_the_next_append(directory: Path, tmp_path: Path) -> None:
    path, _, glance = _stored(directory)
    glance_path(path).write_bytes(glance + b'0123abc {"start":')
    assert lazy_outcome(directory) == lazy_outcome(without_glance_file(directory, tmp_path))
    FileStore(directory).append("mopr", dated(2, prefix="h"))
    assert_describes_everything(directory)


def test_a_glance_file_that_cannot_be_read_or_written_only_costs_speed(
    directory: Path, tmp_path: Path
) -> None:
    FileStore(directory).append("mopr", dated(3))
    FileStore(directory).append("mopr", dated(3, prefix="f"))
    glance_path(directory / "mopr.jsonl").mkdir()
    assert len(lazy_outcome(directory)[0]) == 12
    FileStore(directory).append("mopr", dated(1, prefix="z"))
    outcome = lazy_outcome(directory)
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert len(outcome[0]) == 14
    assert glance_path(directory / "mopr.jsonl").is_dir()


def test_a_glance_file_is_not_a_stream(directory: Path) -> None:
    _stored(directory)
    assert FileStore(directory).streams() == ["mopr"]


def test_processes_appending_at_once_keep_the_glance_file_whole(directory: Path) -> None:
    FileStore(directory).append("mopr", dated(5))
    list(FileStore(directory).read_lazy("mopr"))
    script = (
        "import sys\n"
        "from mopr_timeline.events import Occurred\n"
        "from mopr_timeline.store import FileStore\n"
        "store = FileStore(sys.argv[1])\n"
        "for i in range(40):\n"
        "    store.append('mopr', [Occurred(id=f'{sys.argv[2]}-{i}-{j}', when='1925',"
        " text='t') for j in range(i % 3 + 1)])\n"
    )
    workers = [
        subprocess.Popen([sys.executable, "-c", script, str(directory), f"w{n}"]) for n in range(3)
    ]
    assert [worker.wait(timeout=120) for worker in workers] == [0, 0, 0]
    found = segments(directory)
    stream = (directory / "mopr.jsonl").read_bytes()
    assert found[-1].end == len(stream)
    assert [s.start for s in found] == [0, *(s.end for s in found[:-1])]
    records = list(FileStore(directory).read_lazy("mopr"))
    assert len(records) == 5 + 3 * sum(i % 3 + 1 for i in range(40))


def _later_stamp(payload: dict[str, Any]) -> None:
    count, stamp = payload["stamps"][0]
    payload["stamps"][0] = [count, stamp.replace(stamp[:4], str(int(stamp[:4]) + 1), 1)]


def _later_last_record(payload: dict[str, Any]) -> None:
    """The segment's last record said to be recorded a year later than its batch."""
    count, stamp = payload["stamps"][-1]
    later = stamp.replace(stamp[:4], str(int(stamp[:4]) + 1), 1)
    payload["stamps"][-1:] = [[count - 1, stamp], [1, later]] if count > 1 else [[1, later]]


def _shifted_line_end(payload: dict[str, Any]) -> None:
    payload["line_lengths"][0] += 1
    payload["line_lengths"][1] -= 1


@pytest.mark.parametrize(
    "forge",
    [
        lambda p: p.update(version=p["version"] + 1),
        lambda p: p.update(line=p["line"] - 1),
        lambda p: p.update(start=p["start"] + 1),
        _later_stamp,
        _later_last_record,
        _shifted_line_end,
        lambda p: p["event_lengths"].append(7),
    ],
    ids=["version", "line", "start", "stamp", "last-stamp", "line-end", "column-length"],
)
def test_a_segment_that_misdescribes_its_records_is_not_believed(
    directory: Path, tmp_path: Path, forge: Callable[[dict[str, Any]], None]
) -> None:
    """Even with its line's checksum made to match, a segment whose bytes are right but
    whose claims about them are not is read line by line, and then rewritten."""
    _stored(directory)
    forge_segments(directory, lambda index, payload: forge(payload) if index == 1 else None)
    outcome = lazy_outcome(directory)
    assert outcome[1] is None
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert_describes_everything(directory)


def test_a_forged_glance_file_cannot_hide_a_broken_chain(directory: Path, tmp_path: Path) -> None:
    """Line 4 re-hashed to follow a record that is not there, the lines after it chained to
    it, and the glance file's digests recomputed: still a broken chain at line 4."""
    path, stream, _ = _stored(directory)
    records = [orjson.loads(line) for line in stream.splitlines()]
    lines, prev = [], ""
    for number, record in enumerate(records, start=1):
        if number == 4:
            prev = "0" * 64
        line, prev = encode_line(
            record["version"], record["recorded_at"], canonical_json(record["event"]), prev
        )
        lines.append(line)
    edited = "".join(lines).encode()
    path.write_bytes(edited)

    def covered(_: int, payload: dict[str, Any]) -> None:
        payload["sha256"] = hashlib.sha256(edited[payload["start"] : payload["end"]]).hexdigest()

    forge_segments(directory, covered)
    outcome = lazy_outcome(directory)
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
    assert outcome[1] is not None
    assert outcome[1][1].startswith("<dir>/mopr.jsonl:4: the hash chain is broken")


def test_a_segment_whose_inner_line_ends_are_wrong_is_not_believed(
    directory: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its first and last lines are right; one line in between is said to end a byte late."""
    monkeypatch.setattr(_file, "SEGMENT_RECORDS", 5)
    _stored(directory)

    def late_end(index: int, payload: dict[str, Any]) -> None:
        if index == 0:
            assert len(payload["line_lengths"]) == 5
            payload["line_lengths"][1] += 1
            payload["line_lengths"][2] -= 1

    forge_segments(directory, late_end)
    outcome = lazy_outcome(directory)
    assert outcome[1] is None
    assert outcome == lazy_outcome(without_glance_file(directory, tmp_path))
