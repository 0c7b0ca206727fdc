"""The command line's relations: append's relation flags, explain, and check's findings."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mopr_timeline.cli import main


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _log(tmp_path: Path) -> str:
    store = str(tmp_path / "wir")
    code, _, err = _run(
        "append", "--store", store, "--id", "founded", "--type", "Founded",
        "--when", "Aug.–Sept. 1921", "--field", "name=Workers International Relief",
    )  # fmt: skip
    assert code == 0, err
    code, _, err = _run(
        "append", "--store", store, "--id", "congress", "--type", "Occurred", "--when", "1921",
        "--field", "text=first congress", "--after", "founded", "--within", "3 months",
    )  # fmt: skip
    assert code == 0, err
    return store


def test_explain_prints_the_narrowed_bounds_and_their_chain(tmp_path: Path) -> None:
    store = _log(tmp_path)
    code, out, _ = _run("explain", "congress", "--store", store)
    assert code == 0
    assert "earliest 1921-08-02: within 3 months after founded, dated Aug.–Sept. 1921" in out
    code, out, _ = _run("explain", "congress", "--store", store, "--format", "json")
    assert json.loads(out)["earliest"] == "1921-08-02"
    code, out, _ = _run("explain", "founded", "--store", store)
    assert "not narrowed" in out


def test_explain_of_an_unknown_event_is_one_line(tmp_path: Path) -> None:
    code, _, err = _run("explain", "nobody", "--store", _log(tmp_path))
    assert code == 2
    assert err.count("\n") == 1
    assert "nobody" in err


def test_a_contradicting_append_is_one_line_and_writes_nothing(tmp_path: Path) -> None:
    store = _log(tmp_path)
    before = {p: p.read_bytes() for p in Path(store).rglob("*") if p.is_file()}
    code, _, err = _run(
        "append", "--store", store, "--type", "Occurred", "--when", "1920",
        "--field", "text=x", "--after", "congress",
    )  # fmt: skip
    assert code == 2
    assert err.count("\n") == 1
    assert "congress" in err
    assert {p: p.read_bytes() for p in Path(store).rglob("*") if p.is_file()} == before


def test_a_window_with_several_relations_is_refused(tmp_path: Path) -> None:
    store = _log(tmp_path)
    code, _, err = _run(
        "append", "--store", store, "--type", "Occurred", "--when", "1921",
        "--field", "text=x", "--after", "founded", "--before", "congress", "--within", "1 year",
    )  # fmt: skip
    assert code == 2
    assert "--within" in err
    code, _, err = _run(
        "append", "--store", store, "--type", "Occurred", "--when", "1921",
        "--field", "text=x", "--of", "end",
    )  # fmt: skip
    assert code == 2
    assert "needs a relation flag" in err


def test_check_reports_relations_to_unknown_events_and_narrowed_dates(tmp_path: Path) -> None:
    store = _log(tmp_path)
    _run(
        "append", "--store", store, "--type", "Occurred", "--when", "1921",
        "--field", "text=y", "--after", "typo-id",
    )  # fmt: skip
    _, out, _ = _run("check", "--store", store, "--format", "json")
    kinds = [f["kind"] for f in json.loads(out)["findings"]]
    assert "unknown-relation" in kinds
    assert "narrowed-date" in kinds
