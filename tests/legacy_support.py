"""Logs as an earlier release could write them, before stores checked retractions at append:
a FileStore stream file written line by line, without a head file."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

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
