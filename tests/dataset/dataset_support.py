"""Helpers shared by the dataset tests: where things are, and the article's tables."""

from __future__ import annotations

from pathlib import Path

import attrs

HERE = Path(__file__).resolve().parent
REPOSITORY = HERE.parent.parent
RYLE = "James Martin Ryle, International Red Aid, 1922-1928"
ARTICLE = "International Red Aid (encyclopedia article)"
USSR = "Union of Soviet Socialist Republics"
AFFILIATES = "National Affiliates of MOPR (table)"
"""Where in the article the affiliates rows were read."""


@attrs.frozen
class Row:
    """One row of a table as the article prints it: the line and its cells."""

    line: str
    cells: tuple[str, ...]


def table(text: str, heading: str) -> list[Row]:
    section = text.split(heading, 1)[1].split("\n==", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ")]
    return [
        Row(line=line, cells=tuple(cell.strip() for cell in line.strip("|").split("|")))
        for line in rows[1:]
    ]
