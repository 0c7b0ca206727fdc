"""Fixtures of the command-line tests (a module may define its own ``store`` instead)."""

from __future__ import annotations

from pathlib import Path

import pytest

from mopr_timeline import SectionEstablished, Timeline, open_store


@pytest.fixture(params=["directory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A store holding one event (``belgium``) in stream ``mopr``."""
    path = tmp_path / ("log" if request.param == "directory" else "log.db")
    Timeline(open_store(str(path)), "mopr").append(
        [SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium")]
    )
    return path
