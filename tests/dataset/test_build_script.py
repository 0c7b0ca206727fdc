"""``scripts/build_dataset.py`` is re-runnable and never edits history."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest

import mopr_timeline as mt


def _run(script: ModuleType, directory: Path) -> int:
    result: int = script.main(["--directory", str(directory)])
    return result


def _stored(directory: Path) -> list[mt.Event]:
    with mt.FileStore(directory) as store:
        return [record.event for record in store.read("mopr")]


def test_the_shipped_log_is_exactly_the_scripts_dataset(
    build_script: ModuleType, events: list[mt.Event]
) -> None:
    assert events == build_script.dataset()


def test_a_second_run_appends_nothing(build_script: ModuleType, tmp_path: Path) -> None:
    assert _run(build_script, tmp_path) == 0
    first = (tmp_path / "mopr.jsonl").read_bytes()
    assert _run(build_script, tmp_path) == 0
    assert (tmp_path / "mopr.jsonl").read_bytes() == first


def test_a_prefix_is_completed(build_script: ModuleType, tmp_path: Path) -> None:
    wanted = build_script.dataset()
    with mt.FileStore(tmp_path) as store:
        store.append("mopr", wanted[:10])
    assert _run(build_script, tmp_path) == 0
    assert _stored(tmp_path) == wanted


def test_a_differing_stored_event_stops_the_run(
    build_script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wanted = build_script.dataset()
    changed = mt.Founded(id="founded", when="1923", name="Something Else")
    with mt.FileStore(tmp_path) as store:
        store.append("mopr", [changed])
    assert _run(build_script, tmp_path) == 1
    assert "'founded' differs" in capsys.readouterr().err
    assert _stored(tmp_path) == [changed]
    assert len(wanted) > 1


def test_an_unknown_stored_event_stops_the_run(
    build_script: ModuleType, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    stray = mt.Occurred(id="stray", when="1930", text="not in the article")
    with mt.FileStore(tmp_path) as store:
        store.append("mopr", [stray])
    assert _run(build_script, tmp_path) == 1
    assert "'stray'" in capsys.readouterr().err
    assert _stored(tmp_path) == [stray]


def test_the_dataset_has_unique_ids(build_script: ModuleType) -> None:
    ids = [event.id for event in build_script.dataset()]
    assert len(ids) == len(set(ids))
