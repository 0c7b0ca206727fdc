"""JSON: the chronology as a list of records, for scripts."""

from __future__ import annotations

import json
from collections.abc import Iterable

from mopr_timeline.replay import ChronologyEntry
from mopr_timeline.views._rows import converter, record

__all__ = ["render_json"]


def render_json(entries: Iterable[ChronologyEntry]) -> str:
    """A JSON array with one object per entry (see ``ChronologyRecord`` for the keys)."""
    records = [converter.unstructure(record(entry)) for entry in entries]
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"
