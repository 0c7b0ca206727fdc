"""Plain text and Markdown: chronologies for people to read."""

from __future__ import annotations

from collections.abc import Iterable

from mopr_timeline.replay import ChronologyEntry, describe

__all__ = ["render_markdown", "render_text"]


def render_text(entries: Iterable[ChronologyEntry]) -> str:
    """One sentence per entry, each followed by its source, indented."""
    lines = []
    for entry in entries:
        lines.append(entry.text)
        if entry.source is not None:
            lines.append(f"    source: {entry.source}")
    return "\n".join(lines) + ("\n" if lines else "")


def render_markdown(entries: Iterable[ChronologyEntry], *, title: str = "Chronology") -> str:
    """A Markdown table: the hedged date, what happened, the source, and whether the entry
    falls in the range asked certainly or only possibly."""
    lines = [f"# {title}", "", "| When | What | Source | In range |", "|---|---|---|---|"]
    for entry in entries:
        what = describe(entry.event) + (" (disputed)" if entry.disputed else "")
        cells = (
            _cell(entry.phrase[0].upper() + entry.phrase[1:]),
            _cell(what[0].upper() + what[1:]),
            _cell("" if entry.source is None else str(entry.source)),
            entry.certainty.value,
        )
        lines.append(f"| {' | '.join(cells)} |")
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
