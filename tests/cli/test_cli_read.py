"""Read commands on the shipped dataset: state, chronology, parse, check, plot, help."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import one_line_error, run
from click.testing import CliRunner

from mopr_timeline import load
from mopr_timeline.cli import main


def test_help_lists_commands_with_examples() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for command in (
        "state",
        "chronology",
        "parse",
        "check",
        "head",
        "plot",
        "append",
        "import",
        "retract",
    ):
        assert command in result.output
    assert "Examples:" in result.output
    assert "mopr-timeline state 1926-01-01" in result.output


@pytest.mark.parametrize(
    "command", ["state", "chronology", "parse", "head", "append", "import", "retract"]
)
def test_each_command_has_examples(command: str) -> None:
    result = run(command, "--help")
    assert result.exit_code == 0
    assert "Example" in result.output


def test_state_json_is_the_replay_dict() -> None:
    result = run("state", "1926-01-01", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == load().state_at("1926-01-01").to_dict()


def test_state_text_marks_certain_and_possible() -> None:
    result = run("state", "1926-01-01")
    assert result.exit_code == 0, result.output
    assert "Panteleimon Lepeshinsky" in result.output
    assert "● certain" in result.output
    assert "◐ possible" in result.output
    assert "Sections" in result.output


def test_state_text_shows_dates_as_the_source_writes_them() -> None:
    result = run("state", "1932-06-01")
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[1].strip(): line for line in result.output.splitlines() if "│" in line}
    assert "before 1933" in rows["Bolivia"]
    assert "[..1932]" not in rows["Bolivia"]
    assert "date unknown" in rows["Albania"]
    assert "Aug. 1925" in rows["Belgium"]
    assert any("By 1932" in line for line in result.output.splitlines())


def test_state_as_of_a_version() -> None:
    result = run("state", "1926", "--as-of", "1", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == load().state_at("1926", as_of=1).to_dict()


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        ("2000-01-01T00:00:00", "2000-01-01T00:00:00+00:00"),
        ("2000-01-01T02:00:00+02:00", "2000-01-01T02:00:00+02:00"),
    ],
)
def test_state_as_of_a_recording_time(given: str, shown: str) -> None:
    result = run("state", "1926", "--as-of", given, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == shown
    assert data["exists"] == "impossible"  # nothing was recorded in 2000


def test_chronology_text_table() -> None:
    result = CliRunner(env={"COLUMNS": "250"}).invoke(
        main, ["chronology", "--from", "Aug. 1925", "--to", "Aug. 1925"]
    )
    assert result.exit_code == 0, result.output
    assert "1925-08-01 – 1925-08-31" in result.output
    assert "In Aug. 1925, the Belgium section was established." in result.output


def test_chronology_markdown_is_titled() -> None:
    result = run("chronology", "--format", "markdown", "--kind", "Founded")
    assert result.output.startswith("# International Red Aid: chronology\n")


def test_chronology_csv_filters() -> None:
    result = run(
        "chronology",
        "--format",
        "csv",
        "--kind",
        "SectionEstablished",
        "--country",
        "Belgium",
        "--country",
        "canada",
    )
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert sorted(r["country"] for r in rows) == ["Belgium", "Canada"]


@pytest.mark.parametrize("fmt", ["markdown", "json", "timelinejs", "edtf", "text"])
def test_chronology_formats_to_a_file(fmt: str, tmp_path: Path) -> None:
    out = tmp_path / f"chronology.{fmt}"
    result = run("chronology", "--format", fmt, "--output", str(out))
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert "Belgium" in text
    if fmt in ("json", "timelinejs"):
        json.loads(text)


def test_chronology_timelinejs_has_eras() -> None:
    result = run("chronology", "--format", "timelinejs", "--kind", "CongressHeld")
    document = json.loads(result.output)
    assert document["title"]["text"]["headline"] == "International Red Aid: chronology"
    assert len(document["events"]) == 4
    assert [e["text"]["headline"] for e in document["eras"]][:3] == [
        "Julian Marchlewski",
        "Panteleimon Lepeshinsky",
        "Elena Stasova",
    ]


def test_parse_text_and_json() -> None:
    text = run("parse", "Aug. 1925")
    assert text.exit_code == 0
    assert "1925-08-01 to 1925-08-31" in text.output
    assert "EDTF      1925-08" in text.output
    data = json.loads(run("parse", '"before 1933"', "--format", "json").output)
    assert (data["earliest"], data["latest"], data["edtf"]) == (None, "1932-12-31", "[..1932]")
    assert data["text"] == '"before 1933"'


def test_parse_span_json() -> None:
    data = json.loads(
        run("parse", "July 14–16", "--year", "1924", "--span", "--format", "json").output
    )
    assert (data["earliest"], data["latest"]) == ("1924-07-14", "1924-07-16")
    assert data["start"]["latest"] == "1924-07-14"
    assert data["end"]["earliest"] == "1924-07-16"
    assert data["edtf"] == "1924-07-14/1924-07-16"


def test_parse_falls_back_to_a_span() -> None:
    result = run("parse", "March 24-April 5", "--year", "1927")
    assert result.exit_code == 0, result.output
    assert "start     1927-03-24 to 1927-03-24" in result.output


def test_check_passes_on_the_shipped_dataset() -> None:
    result = run("check", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["ok"] is True


def test_plot(tmp_path: Path) -> None:
    out = tmp_path / "mopr.png"
    result = run("plot", str(out), "--from", "1922", "--to", "1941")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["state", "31 February 1925"], "'31 February 1925'"),
        (["state", "1926", "--store", "/no/such/store"], "'/no/such/store'"),
        (["state", "1926", "--as-of", "yesterday"], "'yesterday'"),
        (["chronology", "--kind", "Sectionestablished"], "'Sectionestablished'"),
        (["chronology", "--country", "Atlantis"], "'Atlantis'"),
        (["chronology", "--from", "1930", "--to", "1920"], "ends"),
        (["parse", "Febtember 1925"], "'Febtember 1925'"),
        (["plot", "chart.gif"], "chart.gif"),
        (["state"], "DATE"),
        (["chronology", "--format", "csv", "-o", "/no/such/dir/x.csv"], "'/no/such/dir/x.csv'"),
        (["state", "1926", "--store", "ftp://example.org/x"], "'ftp'"),
        (["frobnicate"], "frobnicate"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], names: str) -> None:
    assert names in one_line_error(run(*args))


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "mopr_timeline", "parse", "after 1928", "--format", "json"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["earliest"] == "1929-01-01"
    bad = subprocess.run(
        [sys.executable, "-m", "mopr_timeline", "state", "1926", "--store", "/no/such/store"],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr
