"""The error policy: the library's own errors and usage errors are one line and exit 2; any
other exception is a bug, shown with its traceback, exit 1; a file the user names that cannot
be written or read is our own one-line error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cli_support import one_line_error, run

import mopr_timeline as mt
from mopr_timeline._cli import EventInputError, InputError


def test_the_cli_errors_are_the_librarys() -> None:
    assert issubclass(EventInputError, mt.MoprTimelineError)
    assert issubclass(InputError, mt.MoprTimelineError)


@pytest.mark.parametrize(
    ("target", "error", "args"),
    [
        ("mopr_timeline.cli.parse_date", RuntimeError("a bug"), ["parse", "1926"]),
        ("mopr_timeline.cli.state_for_people", KeyError("sections"), ["state", "1926"]),
        ("mopr_timeline.cli.build_chronology", ValueError("not ours"), ["chronology"]),
        ("mopr_timeline.cli.check_path", OSError("a bug with a file"), ["check"]),
        ("mopr_timeline.cli.build_event", TypeError("a bug"), ["append", "--store", "x"]),
    ],
)
def test_a_bug_is_never_disguised_as_bad_input(
    monkeypatch: pytest.MonkeyPatch, target: str, error: Exception, args: list[str]
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(target, broken)
    result = run(*args)
    assert result.exit_code == 1
    assert result.exception is error
    assert "mopr-timeline: error" not in result.stderr


def test_a_bug_prints_its_traceback() -> None:
    code = (
        "import sys\n"
        "import mopr_timeline.cli as cli\n"
        "def broken(*args, **kwargs):\n"
        "    raise RuntimeError('a bug in parse')\n"
        "cli.parse_date = broken\n"
        "sys.argv = ['mopr-timeline', 'parse', '1926']\n"
        "cli.main()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(Path(mt.__file__).resolve().parents[1])},
    )
    assert done.returncode == 1
    assert "Traceback (most recent call last)" in done.stderr
    assert "RuntimeError: a bug in parse" in done.stderr
    assert "mopr-timeline: error" not in done.stderr


def test_bad_input_from_the_library_is_one_line() -> None:
    assert "Febtember" in one_line_error(run("state", "Febtember 1925"))
    assert "'Atlantis'" in one_line_error(run("chronology", "--country", "Atlantis"))


def test_an_unwritable_output_is_one_line(tmp_path: Path) -> None:
    target = tmp_path / "no-dir" / "x.csv"
    line = one_line_error(run("chronology", "--format", "csv", "--output", str(target)))
    assert f"--output '{target}': cannot write: No such file or directory" in line
    directory = tmp_path / "a-directory.csv"
    directory.mkdir()
    line = one_line_error(run("chronology", "--format", "csv", "--output", str(directory)))
    assert "is a directory" in line


def test_an_unwritable_plot_is_one_line(tmp_path: Path) -> None:
    pytest.importorskip("matplotlib")
    target = tmp_path / "no-dir" / "chart.png"
    line = one_line_error(run("plot", str(target)))
    assert str(target) in line
    assert "cannot write" in line


def test_an_unreadable_store_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "log"
    mt.Timeline(mt.open_store(str(store)), "mopr").append(
        [mt.SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium")]
    )

    def unreadable(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(store / "mopr.jsonl"))

    monkeypatch.setattr(mt.FileStore, "_read_lazy", unreadable)
    line = one_line_error(run("state", "1926", "--store", str(store)))
    assert f"--store '{store}': Permission denied ({store / 'mopr.jsonl'})" in line
