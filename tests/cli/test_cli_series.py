"""``mopr-timeline series``: counts of a family's facts over time, as CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from cli_support import one_line_error, run

import mopr_timeline as mt


def test_series_csv_is_the_timelines_series() -> None:
    result = run("series", "sections", "--from", "1922", "--to", "1947")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    expected = mt.load().series("sections", "1922", "1947")
    assert [(r["start"], r["end"], int(r["certain"]), int(r["possible"])) for r in rows] == [
        (c.start.isoformat(), c.end.isoformat(), c.certain, c.possible)
        for c in expected
        if c.start is not None and c.end is not None
    ]
    assert rows[0]["start"] == "1922-01-01"
    assert rows[-1]["end"] == "1947-12-31"


def test_series_json_with_open_ends() -> None:
    result = run("series", "congresses", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["family"] == "congresses"
    assert data["counts"][0]["start"] is None
    assert data["counts"][-1]["end"] is None
    assert data["counts"] == [c.to_dict() for c in mt.load().series("congresses")]


def test_series_csv_leaves_open_ends_empty() -> None:
    result = run("series", "leaders")
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert rows[0]["start"] == ""
    assert rows[-1]["end"] == ""


def test_series_of_an_unknown_family_is_one_line() -> None:
    line = one_line_error(run("series", "sectoins"))
    assert "'sectoins' is not one of" in line
    assert "sections" in line


def test_series_start_after_end_is_one_line() -> None:
    line = one_line_error(run("series", "sections", "--from", "1940", "--to", "1930"))
    assert "after end" in line


def test_series_trusting_an_unknown_source_is_one_line() -> None:
    line = one_line_error(run("series", "sections", "--trust", "No such book"))
    assert "No such book" in line
