"""FileStore's reading loop (``Records``) accepts exactly the lines that ``parse_line`` and
``Cursor.advance`` accept, with the same results and the same errors: its shortcut for a
line that follows another as expected changes nothing but the speed."""

from __future__ import annotations

import collections
import contextlib
import datetime as _dt
import hashlib
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mopr_timeline.events import Occurred
from mopr_timeline.store import FileStore, IntegrityError, StoreError, _filescan
from mopr_timeline.store._codec import canonical_json
from mopr_timeline.store._filescan import Cursor, Records
from mopr_timeline.store._jsonl import ParsedLine, encode_line, parse_line
from mopr_timeline.store._lazy import LazyRecord

_STAMPS = [
    "2020-01-01T00:00:00.000000+00:00",
    "2020-01-01T00:00:00.000001+00:00",
    "2021-06-30T12:00:00.500000+00:00",
]
_BAD_STAMPS = ["2021-06-30T14:00:00.500000+02:00", "not a time", ""]

_EVENTS = [
    {"id": "a", "type": "Occurred", "text": "MOPR ö"},
    {"id": "b", "type": "Founded", "when": {"earliest": "1922-10-01", "text": "1922"}},
    {"id": 7, "type": "Occurred"},
    {"type": "Occurred"},
    [1, 2],
    "text",
    None,
]

Outcome = tuple[list[tuple[Any, ...]], tuple[type[Exception], str] | None]


@st.composite
def stream_files(draw: st.DrawFn) -> bytes:
    """Lines a (possibly buggy) writer chained together: batches sharing a record time that
    seldom goes back or is wrong, versions that seldom skip one, events of any JSON shape."""
    lines, prev, version = [], "", 0
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.integers(0, 5)):
            stamp = draw(st.sampled_from(_STAMPS))
        else:
            stamp = draw(st.sampled_from(_BAD_STAMPS))
        for _ in range(draw(st.integers(2, 5))):
            version += 1 if draw(st.integers(0, 19)) else 2
            event = canonical_json(draw(st.sampled_from(_EVENTS)))
            line, prev = encode_line(version, stamp, event, prev)
            lines.append(line)
    return "".join(lines).encode()


Place = tuple[str, int, int]
"""Where in a line (its start, its hash, its end, or anywhere), which line, how far on."""

_PLACES = st.one_of(
    st.tuples(st.just("start"), st.integers(0, 20), st.integers(0, 12)),
    st.tuples(st.just("hash"), st.integers(0, 20), st.integers(-2, 80)),
    st.tuples(st.just("end"), st.integers(0, 20), st.integers(-120, 0)),
    st.tuples(st.just("anywhere"), st.integers(0, 20), st.integers(0, 10**6)),
)


def position(data: bytes, place: Place) -> int:
    """The offset in ``data`` that ``place`` names."""
    zone, line, n = place
    starts = [0, *(i + 1 for i, b in enumerate(data) if b == ord("\n"))]
    start = starts[line % len(starts)]
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    if zone == "anywhere":
        at = n
    elif zone == "start":
        at = start + n
    elif zone == "hash":
        at = max(start, data.rfind(b',"hash":"', start, end)) + n
    else:
        at = end + n
    return at % len(data)


def damage(data: bytes, how: str, place: Place, byte: int) -> bytes:
    """``data`` with one thing done to it at (or near) ``place``."""
    at = position(data, place)
    lines = data.splitlines(keepends=True)
    line = data[:at].count(b"\n")
    if how == "replace":
        return data[:at] + bytes([byte]) + data[at + 1 :]
    if how == "insert":
        return data[:at] + bytes([byte]) + data[at:]
    if how == "delete":
        return data[:at] + data[at + 1 :]
    if how == "cut":
        return data[:at]
    if how == "drop line":
        return b"".join(lines[:line] + lines[line + 1 :])
    if how == "repeat line":
        return b"".join(lines[: line + 1] + lines[line:])
    if how == "swap lines" and line + 1 < len(lines):
        return b"".join([*lines[:line], lines[line + 1], lines[line], *lines[line + 2 :]])
    return data


_RECORD = re.compile(rb'(.*),"hash":"[^"]*","prev":"([^"]*)"(.*)', re.DOTALL)


def rehashed(data: bytes, prev: str) -> bytes:
    """``data`` with every line's hash and prev made right again, the way a writer that
    hashes whatever it wrote would: only the checks beyond the hash can refuse them."""
    *lines, leftover = data.split(b"\n")
    out = []
    for line in lines:
        record = _RECORD.fullmatch(line)
        if record is not None:
            rest = b',"prev":"' + prev.encode() + b'"' + record[3]
            prev = hashlib.sha256(record[1] + rest).hexdigest()
            line = record[1] + b',"hash":"' + prev.encode() + b'"' + rest
        out.append(line)
    return b"\n".join([*out, leftover])


def reference(path: Path, start: Cursor, ids: set[str]) -> Iterator[tuple[Any, ...]]:
    """The careful reading: every line through ``parse_line`` and ``Cursor.advance``."""
    data = path.read_bytes()
    cursor = start
    *lines, leftover = data[cursor.offset :].split(b"\n")
    offset = cursor.offset
    for raw in lines:
        location = f"{path}:{cursor.line + 1}"
        parsed: ParsedLine = parse_line(raw, location)
        offset += len(raw) + 1
        cursor.advance(parsed, location, offset, raw)
        event_id = parsed.event.get("id") if type(parsed.event) is dict else None
        if type(event_id) is str:
            ids.add(event_id)
        yield (location, parsed.version, parsed.recorded_at, parsed.event, parsed.event)
    yield ("leftover", leftover)


def scanned(path: Path, start: Cursor, ids: set[str]) -> Iterator[tuple[Any, ...]]:
    """The same through ``Records``: each record's location, version, time, the dict it was
    handed and what its stored text parses to."""
    with path.open("rb") as file:
        size = path.stat().st_size
        records = Records(
            file, start, size, path=path, stream="mopr", after=0, ids=ids, make=LazyRecord
        )
        for record in records:
            handed, parsed = record.fields(), record.fields()
            yield (record.location, record.version, record.recorded_at, handed, parsed)
    yield ("leftover", records.leftover)


def outcome(items: Iterator[tuple[Any, ...]]) -> Outcome:
    """What a reading gave before it ended, and the error (type and text) it ended with."""
    done: list[tuple[Any, ...]] = []
    try:
        for item in items:
            done.append(item)
    except StoreError as exc:
        return done, (type(exc), str(exc))
    return done, None


def cursor_after(path: Path, lines: int) -> Cursor:
    """Where the careful reading stands after ``lines`` lines (or the last good one)."""
    cursor = Cursor()
    with contextlib.suppress(StoreError):
        collections.deque(zip(range(lines), reference(path, cursor, set()), strict=False), maxlen=0)
    return cursor


_DAMAGE = st.sampled_from(
    ["none", "replace", "insert", "delete", "cut", "drop line", "repeat line", "swap lines"]
)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    data=stream_files(),
    how=_DAMAGE,
    place=_PLACES,
    byte=st.sampled_from(b'\n "{}:,0aef1\\x\xc3'),
    resume=st.integers(0, 3),
    rehash=st.booleans(),
)
def test_records_read_as_the_careful_reading_does(
    tmp_path: Path, data: bytes, how: str, place: Place, byte: int, resume: int, rehash: bool
) -> None:
    original = tmp_path / "original.jsonl"
    original.write_bytes(data)
    start = cursor_after(original, resume)
    path = tmp_path / "mopr.jsonl"
    kept, rest = data[: start.offset], data[start.offset :]
    if rest:
        rest = damage(rest, how, place, byte)
    path.write_bytes(kept + (rehashed(rest, start.hash) if rehash else rest))

    expected_ids: set[str] = set()
    expected_cursor = start.copy()
    expected = outcome(reference(path, expected_cursor, expected_ids))
    ids: set[str] = set()
    cursor = start.copy()
    assert outcome(scanned(path, cursor, ids)) == expected
    if expected[1] is None:
        assert cursor == expected_cursor
        assert ids == expected_ids


def test_every_changed_byte_is_read_as_the_careful_reading_does(tmp_path: Path) -> None:
    """Two batches of two lines; each byte flipped or followed by a quote is refused (or, at
    the end, left over as a torn write), and refused alike once the lines are hashed again."""
    data, prev = b"", ""
    for version in range(1, 5):
        event = canonical_json({"id": f"e{version}"})
        line, prev = encode_line(version, _STAMPS[version > 2], event, prev)
        data += line.encode()
    path = tmp_path / "mopr.jsonl"
    for position in range(len(data)):
        flipped = bytes([data[position] ^ 0x01])
        for damaged in (
            data[:position] + flipped + data[position + 1 :],
            data[: position + 1] + b'"' + data[position + 1 :],
        ):
            path.write_bytes(damaged)
            expected = outcome(reference(path, Cursor(), set()))
            assert outcome(scanned(path, Cursor(), set())) == expected
            assert expected[1] is not None or expected[0][-1] != ("leftover", b"")
            path.write_bytes(rehashed(damaged, ""))
            expected = outcome(reference(path, Cursor(), set()))
            assert outcome(scanned(path, Cursor(), set())) == expected


def _occurred(event_id: str) -> Occurred:
    return Occurred(id=event_id, when="1925", text=f"event {event_id}")


def test_only_the_first_line_is_parsed_the_careful_way(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What makes reading fast: a line that follows another is recognised by its expected
    end (the same record time in a batch, a later one in the next batch), so only the first
    line of the file takes the careful parse."""
    store = FileStore(tmp_path)
    for batch in range(3):
        store.append("mopr", [_occurred(f"{batch}-{i}") for i in range(4)])
    calls: list[str] = []

    def counting(raw: bytes, location: str) -> ParsedLine:
        calls.append(location)
        return parse_line(raw, location)

    monkeypatch.setattr(_filescan, "parse_line", counting)
    assert [r.version for r in FileStore(tmp_path).read_lazy("mopr")] == list(range(1, 13))
    assert calls == [f"{store.path('mopr')}:1"]

    calls.clear()
    path = store.path("mopr")
    start = cursor_after(path, 6)
    with path.open("rb") as file:
        size = path.stat().st_size
        records = Records(
            file, start, size, path=path, stream="mopr", after=0, ids=set(), make=LazyRecord
        )
        assert [r.version for r in records] == list(range(7, 13))
    assert calls == []


def test_a_non_canonical_line_within_a_batch_is_refused(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", [_occurred(str(i)) for i in range(3)])
    path = store.path("mopr")
    first, second, third = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(first + second.replace(b',"version":', b', "version":') + third)
    with pytest.raises(IntegrityError, match=r"mopr.jsonl:2: the record is not in canonical"):
        list(FileStore(tmp_path).read_lazy("mopr"))


def test_a_read_hands_each_record_its_parsed_event_and_learns_every_id(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", [_occurred(str(i)) for i in range(3)])
    reader = FileStore(tmp_path)
    records = list(reader.read_lazy("mopr"))
    assert [r.fields()["id"] for r in records] == ["0", "1", "2"]
    assert [r.record().event.id for r in records] == ["0", "1", "2"]
    assert [r.location for r in records] == [f"{store.path('mopr')}:{n}" for n in (1, 2, 3)]
    with pytest.raises(StoreError, match="'1' is already in the stream"):
        reader.append("mopr", [_occurred("1")])


def test_record_times_are_the_stored_ones(tmp_path: Path) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", [_occurred("a"), _occurred("b")])
    store.append("mopr", [_occurred("c")])
    store.append("mopr", [_occurred("d"), _occurred("e")])
    stored = [
        _dt.datetime.fromisoformat(json.loads(line)["recorded_at"])
        for line in store.path("mopr").read_text("utf-8").splitlines()
    ]
    assert [r.recorded_at for r in FileStore(tmp_path).read_lazy("mopr")] == stored
    assert [r.recorded_at for r in FileStore(tmp_path).read("mopr")] == stored
    assert all(t.utcoffset() == _dt.timedelta(0) for t in stored)
