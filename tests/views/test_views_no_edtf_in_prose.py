"""Prose never shows an EDTF code: a log dated in every form reads in words (the
chronology's sentences and the state table's dates; the chronology table's Bounds column
gives ISO days on purpose)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from mopr_timeline import (
    CongressHeld,
    FileStore,
    Founded,
    LeaderAppointed,
    MemoryStore,
    SectionEstablished,
    Timeline,
)
from mopr_timeline.cli import main

_CODE = re.compile(r"\d{4}-\d{2}|\[|\]|\.\.|\d{3}X|\dXX|\d[~?%]|[~?%]\d")
_DATES = [
    "1926-21",
    "spring 1926",
    "[1921-08..1921-12]",
    "[1924,1925]",
    "1924 or 1925",
    "Aug. or Sept. 1925",
    "winter 1926/27",
    "early 1926",
    "late August 1925",
    "between 1924 and 1926",
    "1924–1926",
    "not before 1925",
    "until 1937",
    "1925~",
    "1925-08-15?",
    "192X",
    "[..1932]",
    "[1929..]",
    "25 October 1917 O.S.",
    "c1860",
    "undated",
    "1925-08",
]


def _log() -> list[object]:
    events: list[object] = [Founded(name="Red Aid", when="1922")]
    for number, when in enumerate(_DATES):
        events.append(SectionEstablished(country=f"Country {number}", when=when))
    events.append(LeaderAppointed(person="Willi Münzenberg", when="[1921-08..1921-12]"))
    events.append(CongressHeld(name="2nd Congress", location="Berlin", when="1926-21/1926-22"))
    return events


def test_the_chronology_of_a_log_in_every_date_form_shows_no_edtf_code() -> None:
    timeline = Timeline(MemoryStore())
    timeline.append(_log())  # type: ignore[arg-type]
    lines = [entry.text for entry in timeline.chronology()]
    assert len(lines) == len(_DATES) + 3
    for line in lines:
        assert _CODE.search(line) is None, line
    assert any(line.startswith("In spring 1926, ") for line in lines)
    assert any(line.startswith("Between Aug. and Dec. 1921, Willi") for line in lines)
    assert any(line.startswith("In 1924 or 1925, ") for line in lines)


@pytest.mark.parametrize("command", [["state", "1930"], ["state", "1930", "--during"]])
def test_the_state_table_shows_no_edtf_code(tmp_path: Path, command: list[str]) -> None:
    store = FileStore(tmp_path)
    store.append("mopr", _log())  # type: ignore[arg-type]
    result = CliRunner().invoke(main, [*command, "--store", str(tmp_path)])
    assert result.exit_code == 0, result.output
    body = result.output.split("\n", 1)[1]  # past the heading, which names the query
    assert _CODE.search(body) is None, body
