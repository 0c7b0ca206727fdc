"""Run ``mopr-timeline`` in-process and look at a store's contents."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from mopr_timeline import open_store
from mopr_timeline.cli import main


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def stored_ids(store: Path, stream: str = "mopr") -> list[str]:
    return [record.event.id for record in open_store(str(store)).read(stream)]


def one_line_error(result: Result) -> str:
    """The single stderr line of a failed run (exit code 2), asserting there is no traceback."""
    assert result.exit_code == 2, (result.exit_code, result.output, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("mopr-timeline: error: ")
    assert "Traceback" not in result.output
    return lines[0]
