"""Kinds of your own at the command line: --kinds, MOPR_TIMELINE_KINDS and entry points load
them; commands then offer and replay them; without them a store still reads, with one
warning line; a module that cannot be loaded is one error line naming it and why."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import EntryPoint
from pathlib import Path

import pytest
from cli_support import one_line_error, run
from click.testing import CliRunner

import mopr_timeline as mt
from mopr_timeline.cli import main
from registry_support import restored_registry
from wir_kinds import WIR_KINDS, unregistered, wir_log

PAMPHLETS = '''\
"""Pamphlets, declared in a file of a user's own."""

from __future__ import annotations

import attrs

import mopr_timeline as mt


@mt.event_kind(
    effects=[mt.Opens("pamphlets", key="title", shows=("copies",), since="issued")],
    wording="the pamphlet {title} was issued",
)
@attrs.frozen(kw_only=True)
class PamphletIssued(mt.DatedEvent):
    title: str
    copies: int | None = None
'''

LEAFLETS = """\
import attrs

import mopr_timeline as mt


@mt.event_kind(wording="leaflets were dropped over {town}")
@attrs.frozen(kw_only=True)
class LeafletsDropped(mt.DatedEvent):
    town: str
"""


@pytest.fixture(autouse=True)
def _registry() -> Iterator[None]:
    """Every kind a test loads is forgotten after it."""
    with restored_registry():
        yield


@pytest.fixture
def wir_store(tmp_path: Path) -> Path:
    path = tmp_path / "wir-log"
    mt.Timeline(mt.open_store(str(path)), "mopr").append(wir_log())
    return path


@pytest.fixture
def without_wir(wir_store: Path) -> Iterator[None]:
    """As in a process that never imported wir_kinds (once ``wir_store`` is written)."""
    del wir_store
    with unregistered(*WIR_KINDS):
        sys.modules.pop("wir_kinds", None)
        yield


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.usefixtures("without_wir")
def test_a_kinds_module_replays_its_families(wir_store: Path) -> None:
    result = run(
        "--kinds", "wir_kinds", "state", "1927", "--store", str(wir_store), "--format", "json"
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    data = json.loads(result.stdout)
    assert [p["title"] for p in data["periodicals"]] == ["Arbeiter-Illustrierte-Zeitung"]
    assert [s["value"] for s in data["secretaries"]] == ["Willi Münzenberg"]
    assert [c["name"] for c in data["campaigns"]] == ["Famine relief"]


@pytest.mark.usefixtures("without_wir")
def test_the_text_view_shows_families_of_your_own(wir_store: Path) -> None:
    result = CliRunner(env={"COLUMNS": "200"}).invoke(
        main, ["--kinds", "wir_kinds", "state", "1927", "--store", str(wir_store)]
    )
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    titles = [line.strip() for line in lines]
    assert "Periodicals" in titles
    assert "Secretaries" in titles
    assert "Campaigns" in titles
    row = next(line for line in lines if "Arbeiter-Illustrierte-Zeitung" in line)
    assert "Germany" in row
    assert "1926" in row  # its date as written
    assert "● certain" in row
    campaign = next(line for line in lines if "Famine relief" in line)
    assert "Soviet Russia" in campaign


@pytest.mark.usefixtures("without_wir")
def test_without_the_kinds_a_store_reads_with_one_warning_line(wir_store: Path) -> None:
    checked = run("check", "--store", str(wir_store))
    assert checked.exit_code == 0, checked.output
    assert checked.stderr == ""  # check reports them as findings instead
    assert "unregistered-kind" in checked.stdout or "not registered" in checked.stdout
    for args in (
        ["state", "1926"],
        ["chronology", "--format", "csv"],
        ["state", "1926", "--as-of", "7"],
    ):
        result = run(*args, "--store", str(wir_store))
        assert result.exit_code == 0, (args, result.output)
        (line,) = result.stderr.splitlines()
        assert line.startswith(
            "mopr-timeline: warning: stream 'mopr': skipped 6 record(s) of event kinds not "
            "declared here: SecretaryAppointed, CampaignHeld, PeriodicalFounded (2), "
            "PeriodicalClosed, FilmShown; load the module declaring them with --kinds"
        ), line
    state = run("state", "1926", "--store", str(wir_store), "--format", "json")
    assert "periodicals" not in json.loads(state.stdout)
    assert json.loads(state.stdout)["names"][0]["value"] == "Workers International Relief"


@pytest.mark.usefixtures("without_wir")
def test_chronology_and_check_with_the_kinds(wir_store: Path) -> None:
    store = str(wir_store)
    refused = run("chronology", "--store", store, "--kind", "PeriodicalFounded")
    assert "'PeriodicalFounded'" in one_line_error(refused)
    result = run(
        "--kinds", "wir_kinds", "chronology", "--store", store, "--kind", "PeriodicalFounded"
    )
    assert result.exit_code == 0, result.output
    assert "Sichel und Hammer" in result.stdout
    assert "Arbeiter-Illustrierte-Zeitung" in result.stdout
    assert result.stderr == ""
    check = run("--kinds", "wir_kinds", "check", "--store", store, "--format", "json")
    assert check.exit_code == 0, check.output
    assert "UnregisteredEvent" not in check.stdout
    assert check.stderr == ""


@pytest.mark.usefixtures("without_wir")
def test_append_offers_and_builds_kinds_of_your_own(wir_store: Path) -> None:
    assert "PeriodicalFounded" not in run("append", "--help").stdout
    assert "PeriodicalFounded" in run("--kinds", "wir_kinds", "append", "--help").stdout
    store = str(wir_store)
    result = run(
        "--kinds",
        "wir_kinds",
        "append",
        "--store",
        store,
        "--type",
        "CampaignHeld",
        "--when",
        "1923-09/1924-03",
        "--field",
        "name=Japan earthquake relief",
        "--field",
        "countries=Japan ; Soviet Russia",
        "--field",
        "tons=1,200",
        "--id",
        "japan",
    )
    assert result.exit_code == 0, result.output
    event = [r.event for r in mt.open_store(store).read("mopr")][-1]
    assert event.countries == ("Japan", "Soviet Russia")  # type: ignore[attr-defined]
    assert event.tons == 1200  # type: ignore[attr-defined]
    film = run(
        "--kinds",
        "wir_kinds",
        "append",
        "--store",
        store,
        "--type",
        "FilmShown",
        "--when",
        "1927",
        "--field",
        "title=Mother",
        "--field",
        "sound=perhaps",
    )
    line = one_line_error(film)
    assert "FilmShown.sound" in line
    assert "'perhaps'" in line


def test_kinds_from_a_file(tmp_path: Path) -> None:
    kinds = write(tmp_path / "pamphlets.py", PAMPHLETS)
    store = str(tmp_path / "log")
    founded = run(
        "append", "--store", store, "--type", "Founded", "--when", "1921", "--field", "name=WIR"
    )
    assert founded.exit_code == 0, founded.output
    result = run(
        "--kinds",
        str(kinds),
        "append",
        "--store",
        store,
        "--type",
        "PamphletIssued",
        "--when",
        "1927",
        "--field",
        "title=Sacco and Vanzetti must not die",
        "--field",
        "copies=10,000",
    )
    assert result.exit_code == 0, result.output
    state = run("--kinds", str(kinds), "state", "1928", "--store", store, "--format", "json")
    assert state.exit_code == 0, state.output
    [pamphlet] = json.loads(state.stdout)["pamphlets"]
    assert len(pamphlet.pop("events")) == 1
    assert pamphlet == {
        "title": "Sacco and Vanzetti must not die",
        "copies": 10000,
        "certainty": "certain",
        "issued": {
            "text": "1927",
            "edtf": "1927",
            "earliest": "1927-01-01",
            "latest": "1927-12-31",
        },
        "disputed": False,
    }


def test_a_module_name_is_found_in_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / "pamphlet_kinds.py", PAMPHLETS)
    monkeypatch.chdir(tmp_path)
    assert str(tmp_path) not in sys.path
    result = run("--kinds", "pamphlet_kinds", "append", "--help")
    assert result.exit_code == 0, result.output
    assert "PamphletIssued" in result.stdout
    assert str(tmp_path) not in sys.path


def test_the_environment_variable_lists_modules(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pamphlets = write(tmp_path / "pamphlets.py", PAMPHLETS)
    leaflets = write(tmp_path / "leaflets.py", LEAFLETS)
    monkeypatch.setenv("MOPR_TIMELINE_KINDS", f"{pamphlets}, {leaflets},")
    result = run("append", "--help")
    assert result.exit_code == 0, result.output
    assert "PamphletIssued" in result.stdout
    assert "LeafletsDropped" in result.stdout


def test_entry_points_are_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(tmp_path / "pamphlet_kinds.py", PAMPHLETS)
    monkeypatch.syspath_prepend(str(tmp_path))
    points = [EntryPoint(name="pamphlets", value="pamphlet_kinds", group="mopr_timeline.kinds")]
    monkeypatch.setattr(
        "mopr_timeline._cli._kinds.entry_points",
        lambda group: points if group == "mopr_timeline.kinds" else [],
    )
    result = run("import", "--help")
    assert result.exit_code == 0, result.output
    assert "PamphletIssued" in result.stdout
    points[0] = EntryPoint(name="broken", value="no_such_kinds_xyz", group="mopr_timeline.kinds")
    line = one_line_error(run("parse", "1926"))
    assert "entry point 'broken'" in line
    assert "no module named 'no_such_kinds_xyz'" in line


BAD_KIND = """\
import attrs
import mopr_timeline as mt


@mt.event_kind(wording="{nothing}")
@attrs.frozen(kw_only=True)
class BrokenKind(mt.DatedEvent):
    title: str
"""


@pytest.mark.parametrize(
    ("files", "spec", "expected"),
    [
        ({}, "no_such_kinds_xyz", ["--kinds 'no_such_kinds_xyz'", "no module named"]),
        ({}, "missing.py", ["--kinds '{tmp}/missing.py'", "no such file"]),
        ({"sub/x.txt": ""}, "sub/", ["--kinds '{tmp}/sub/'", "not a file"]),
        ({}, "not-a-module", ["not a module name"]),
        (
            {"broken.py": BAD_KIND},
            "broken.py",
            ["broken.py, line 5: event kind BrokenKind:", "'nothing'"],
        ),
        (
            {"syntax.py": "import attrs\nx = (\n"},
            "syntax.py",
            ["syntax.py, line 2: syntax error:", "never closed"],
        ),
        (
            {"needs.py": "import attrs\nimport not_installed_xyz\n"},
            "needs.py",
            ["cannot import", "needs.py, line 2", "No module named 'not_installed_xyz'"],
        ),
    ],
)
def test_a_module_that_cannot_be_loaded_is_one_line(
    tmp_path: Path, files: dict[str, str], spec: str, expected: list[str]
) -> None:
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        write(tmp_path / name, text)
    given = spec if spec in ("no_such_kinds_xyz", "not-a-module") else f"{tmp_path}/{spec}"
    line = one_line_error(run("--kinds", given, "parse", "1926"))
    for part in expected:
        assert part.format(tmp=tmp_path) in line, line


def test_a_bug_in_a_kinds_module_shows_its_traceback(tmp_path: Path) -> None:
    kinds = write(tmp_path / "buggy.py", "raise RuntimeError('a bug in my kinds')\n")
    result = run("--kinds", str(kinds), "parse", "1926")
    assert result.exit_code == 1
    assert isinstance(result.exception, RuntimeError)
    assert "mopr-timeline: error" not in result.stderr


def _python(tmp_path: Path, code: str, *args: str) -> subprocess.CompletedProcess[str]:
    src = str(Path(mt.__file__).resolve().parents[1])
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": src, "MOPR_TIMELINE_KINDS": ""},
    )


CONSOLE_SCRIPT = (
    "import os, sys\n"
    "sys.path[:] = [p for p in sys.path if p not in ('', os.getcwd())]\n"
    "sys.argv = ['mopr-timeline', *sys.argv[1:]]\n"
    "from mopr_timeline.cli import main\n"
    "main()\n"
)


def test_as_a_console_script_a_module_in_the_current_directory_loads(tmp_path: Path) -> None:
    write(tmp_path / "pamphlet_kinds.py", PAMPHLETS)
    done = _python(tmp_path, CONSOLE_SCRIPT, "--kinds", "pamphlet_kinds", "import", "--help")
    assert done.returncode == 0, done.stderr
    assert "PamphletIssued" in done.stdout
    bad = _python(tmp_path, CONSOLE_SCRIPT, "--kinds", "./syntax.py", "parse", "1926")
    assert bad.returncode == 2
    assert bad.stderr.count("\n") == 1
    assert "Traceback" not in bad.stderr
