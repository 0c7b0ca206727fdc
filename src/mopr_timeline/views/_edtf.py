"""EDTF lines: ``<EDTF date>\\t<entry text>``, one entry per line.

The first field parses back (``parse_edtf``; a congress's interval with ``parse_span``) to
exactly the entry's bounds, so the file can feed any EDTF-aware tool.
"""

from __future__ import annotations

from collections.abc import Iterable

from mopr_timeline.replay import ChronologyEntry
from mopr_timeline.views._rows import edtf

__all__ = ["render_edtf"]


def render_edtf(entries: Iterable[ChronologyEntry]) -> str:
    """One ``EDTF<TAB>text`` line per entry."""
    return "".join(f"{edtf(entry)}\t{entry.text}\n" for entry in entries)
