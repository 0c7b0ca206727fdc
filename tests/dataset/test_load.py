"""``load()``: the shipped log (also from a plain wheel install), or a FileStore directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from dataset_support import REPOSITORY

import mopr_timeline as mt
from mopr_timeline._dataset import DatasetError, shipped_events_directory


def test_load_without_argument_is_the_shipped_mopr_stream() -> None:
    timeline = mt.load()
    assert timeline.stream == "mopr"
    assert sum(1 for _ in timeline.records()) > 100


def test_the_shipped_log_is_the_repositorys_in_an_editable_install() -> None:
    if Path(mt.__file__).resolve().parent != REPOSITORY / "src" / "mopr_timeline":
        pytest.skip("mopr_timeline is not imported from this repository's src/")
    assert shipped_events_directory() == REPOSITORY / "events"


def test_the_shipped_hash_chain_verifies() -> None:
    with mt.FileStore(shipped_events_directory()) as store:
        assert store.verify("mopr") == sum(1 for _ in mt.load().records())


def test_load_opens_any_filestore_directory(tmp_path: Path) -> None:
    with mt.FileStore(tmp_path) as store:
        store.append("other", [mt.Founded(id="f", when="1950", name="Org")])
    timeline = mt.load(tmp_path, stream="other")
    assert [r.event.id for r in timeline.records()] == ["f"]
    assert mt.load(str(tmp_path), stream="other").stream == "other"


def test_a_missing_directory_is_a_clear_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere"
    with pytest.raises(DatasetError, match="does not exist"):
        mt.load(missing)
    assert not missing.exists()


def test_a_file_is_not_a_directory(tmp_path: Path) -> None:
    path = tmp_path / "file"
    path.write_text("x")
    with pytest.raises(DatasetError, match="not a directory"):
        mt.load(path)


def test_a_directory_without_the_stream_is_a_clear_error(tmp_path: Path) -> None:
    with mt.FileStore(tmp_path) as store:
        store.append("other", [mt.Founded(id="f", when="1950", name="Org")])
    with pytest.raises(DatasetError, match=r"no such stream \(streams: 'other'\)"):
        mt.load(tmp_path)
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DatasetError, match=r"streams: none"):
        mt.load(empty)


def test_a_path_of_the_wrong_type_is_a_clear_error() -> None:
    with pytest.raises(DatasetError, match="expected a directory path"):
        mt.load(42)  # type: ignore[arg-type]


def test_dataset_errors_are_store_errors(tmp_path: Path) -> None:
    with pytest.raises(mt.StoreError):
        mt.load(tmp_path / "nowhere")


@pytest.mark.slow
def test_a_plain_wheel_install_loads_the_packaged_log(tmp_path: Path) -> None:
    """Build the wheel, unpack it outside the repository and load from the unpacked copy."""
    source = tmp_path / "source"
    shutil.copytree(
        REPOSITORY,
        source,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", ".hypothesis", "*_cache", "__pycache__", "site", "dist"
        ),
    )
    wheels = tmp_path / "wheels"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        check=True,
        timeout=120,
    )
    (wheel,) = wheels.glob("mopr_timeline-*.whl")
    installed = tmp_path / "site"
    with zipfile.ZipFile(wheel) as archive:
        assert "mopr_timeline/_data/events/mopr.jsonl" in archive.namelist()
        archive.extractall(installed)
    probe = (
        "import mopr_timeline as mt, mopr_timeline._dataset as d;"
        "t = mt.load();"
        "print(d.shipped_events_directory());"
        "print(sum(1 for _ in t.records()));"
        "print(t.state_at('1930-06-01').to_dict()['exists'])"
    )
    env = {**os.environ, "PYTHONPATH": str(installed)}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        check=True,
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    directory, count, exists = result.stdout.split()
    assert Path(directory) == installed / "mopr_timeline" / "_data" / "events"
    assert int(count) == sum(1 for _ in mt.load().records())
    assert exists == "certain"
