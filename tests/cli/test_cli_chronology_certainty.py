"""``chronology``: the certainty column, ``--certain``, and a count that is the count written."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from cli_support import one_line_error, run

RANGE = ("--from", "1925", "--to", "1927")


def written(stderr: str) -> int:
    found = re.search(r"wrote (\d+) entr", stderr)
    assert found, stderr
    return int(found.group(1))


def csv_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_every_row_says_certain_or_possible_and_the_count_is_what_was_written(
    tmp_path: Path,
) -> None:
    out = tmp_path / "all.csv"
    result = run("chronology", *RANGE, "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = csv_rows(out)
    possible = sum(1 for row in rows if row["certainty"] == "possible")
    assert {row["certainty"] for row in rows} == {"certain", "possible"}
    assert written(result.stderr) == len(rows)
    assert f"({possible} only possibly in the range)" in result.stderr


def test_certain_keeps_only_the_entries_certainly_in_the_range(tmp_path: Path) -> None:
    everything, certain = tmp_path / "all.csv", tmp_path / "certain.csv"
    run("chronology", *RANGE, "--format", "csv", "-o", str(everything))
    result = run("chronology", *RANGE, "--certain", "--format", "csv", "-o", str(certain))
    assert result.exit_code == 0, result.output
    kept = csv_rows(certain)
    assert [row["id"] for row in kept] == [
        row["id"] for row in csv_rows(everything) if row["certainty"] == "certain"
    ]
    assert written(result.stderr) == len(kept)
    assert "only possibly" not in result.stderr
    for row in kept:
        assert row["earliest"] >= "1925-01-01"
        assert row["latest"] <= "1927-12-31"


def test_the_terminal_table_marks_each_entry() -> None:
    result = run("chronology", *RANGE, "--kind", "SectionEstablished", "--country", "Bolivia")
    assert result.exit_code == 0, result.output
    assert "1 entry, 1 only possibly in the range" in result.output
    assert "possible" in result.output


@pytest.mark.parametrize("certain", [(), ("--certain",)])
def test_timelinejs_holds_every_entry_it_counts(tmp_path: Path, certain: tuple[str, ...]) -> None:
    out = tmp_path / "timeline.json"
    result = run("chronology", *RANGE, *certain, "--format", "timelinejs", "-o", str(out))
    assert result.exit_code == 0, result.output
    document = json.loads(out.read_text(encoding="utf-8"))
    listed = document["title"]["text"]["text"].count("<li>")
    assert written(result.stderr) == len(document["events"]) + listed
    if certain:
        assert listed == 0
    else:
        assert f"{listed} undated, listed on the title slide" in result.stderr


def test_json_records_carry_the_certainty() -> None:
    result = run("chronology", *RANGE, "--format", "json")
    records = json.loads(result.output)
    assert {record["certainty"] for record in records} == {"certain", "possible"}


def test_certain_with_a_range_ending_before_it_starts_is_one_line() -> None:
    line = one_line_error(run("chronology", "--from", "1930", "--to", "1925", "--certain"))
    assert "before it starts" in line
