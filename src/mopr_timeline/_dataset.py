"""STUB: replaced by the dataset work."""

from __future__ import annotations

from pathlib import Path

from mopr_timeline.replay import Timeline


def load(path: str | Path | None = None, *, stream: str = "mopr") -> Timeline:
    raise NotImplementedError
