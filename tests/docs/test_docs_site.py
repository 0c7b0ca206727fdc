"""The docs site builds with ``mkdocs build --strict``, and the CLI reference is complete."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from mopr_timeline.cli import main

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_mkdocs_build_strict(tmp_path: Path) -> None:
    mkdocs = shutil.which("mkdocs", path=str(Path(sys.executable).parent)) or shutil.which("mkdocs")
    if mkdocs is None:
        pytest.skip("mkdocs is not installed (pip install 'mopr_timeline[docs]')")
    done = subprocess.run(
        [
            mkdocs,
            "build",
            "--strict",
            "--config-file",
            str(ROOT / "mkdocs.yml"),
            "--site-dir",
            str(tmp_path / "site"),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
        env={"NO_MKDOCS_2_WARNING": "1", "PATH": str(Path(sys.executable).parent)},
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert (tmp_path / "site" / "api" / "index.html").exists()


def test_cli_reference_names_every_command_and_option() -> None:
    reference = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    assert isinstance(main, click.Group)
    for name, command in main.commands.items():
        assert f"## {name}" in reference
        for param in command.params:
            for option in param.opts:
                if option.startswith("--") and option != "--help":
                    assert option in reference, f"docs/cli.md lacks {name} {option}"
