"""Logs as an earlier release could write them, before stores checked retractions at append:
a FileStore stream file written line by line, without a head file; and records appended
without the field checks of today's appends (``unchecked_appends``)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

import mopr_timeline.store._base as store_base
from mopr_timeline import Event, FileStore
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._jsonl import encode_line

RECORDED_AT = "2020-01-01T00:00:00.000000+00:00"


def legacy_log(directory: Path, events: Sequence[Event], stream: str = "mopr") -> FileStore:
    """A FileStore in ``directory`` whose ``stream`` holds ``events`` as written by hand
    (hash-chained, no head file), whatever today's append would refuse."""
    directory.mkdir(parents=True, exist_ok=True)
    lines, prev = [], ""
    for version, event in enumerate(events, start=1):
        line, prev = encode_line(version, RECORDED_AT, encode_event(event), prev)
        lines.append(line)
    (directory / f"{stream}.jsonl").write_text("".join(lines), encoding="utf-8")
    return FileStore(directory)


@contextlib.contextmanager
def unchecked_appends() -> Iterator[None]:
    """Appends within skip the field validators that stores run again on every event, as an
    earlier release did: an event altered past its checks (``object.__setattr__``) is written
    as it is, to be read back as an ``UnreadableEvent``."""
    original = store_base._validate
    store_base._validate = lambda _event: None
    try:
        yield
    finally:
        store_base._validate = original
