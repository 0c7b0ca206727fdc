"""import: a CSV's rows appended as events in one batch, or every bad row reported and nothing
written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import one_line_error, run, stored_ids

import mopr_timeline as mt

TABLE = 'Country,Name,Established\nBelgium,,Aug. 1925\nBolivia,,"""before 1933"""\nAlbania,,\n'
SECTIONS = [
    "--type",
    "SectionEstablished",
    "--map",
    "country=Country",
    "--map",
    "name=Name",
    "--when",
    "Established",
]


@pytest.fixture
def table(tmp_path: Path) -> Path:
    path = tmp_path / "sections.csv"
    path.write_text(TABLE, encoding="utf-8")
    return path


@pytest.fixture(params=["directory", "sqlite"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    """A store holding one event (``france``) in stream ``mopr``."""
    path = tmp_path / ("log" if request.param == "directory" else "log.db")
    mt.Timeline(mt.open_store(str(path)), "mopr").append(
        [mt.SectionEstablished(id="france", when="1923", country="France")]
    )
    return path


def events(store: Path) -> list[mt.Event]:
    return [record.event for record in mt.open_store(str(store)).read("mopr")]


def test_import_then_import_again(table: Path, store: Path) -> None:
    result = run(
        "import",
        str(table),
        "--store",
        str(store),
        *SECTIONS,
        "--source-title",
        "Ryle, International Red Aid",
        "--source-pages",
        "262-263",
        "--quote-row",
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"{table}: appended 3 SectionEstablished events to stream 'mopr' (now at version 4)\n"
    )
    _, belgium, bolivia, albania = events(store)
    assert isinstance(belgium, mt.SectionEstablished)
    assert belgium.when.text == "Aug. 1925"
    assert bolivia.when.text == '"before 1933"'  # type: ignore[attr-defined]
    assert albania.when.earliest is None  # type: ignore[attr-defined]
    assert belgium.source == mt.Source(
        title="Ryle, International Red Aid", pages="262-263", quotation="Belgium | | Aug. 1925"
    )
    again = run("import", str(table), "--store", str(store), *SECTIONS, "--format", "json")
    assert again.exit_code == 2  # the same rows without their source: other events, same ids
    (error,) = json.loads(again.stdout)["errors"][:1]
    assert error["line"] == 2
    assert "already holds a different event" in error["reason"]
    assert "source differs" in error["reason"]
    same = run(
        "import",
        str(table),
        "--store",
        str(store),
        *SECTIONS,
        "--source-title",
        "Ryle, International Red Aid",
        "--source-pages",
        "262-263",
        "--quote-row",
    )
    assert same.exit_code == 0, same.output
    assert "all 3 rows already in stream 'mopr'; nothing was appended" in same.stdout
    assert len(events(store)) == 4


def test_new_rows_only_are_appended(table: Path, store: Path, tmp_path: Path) -> None:
    assert run("import", str(table), "--store", str(store), *SECTIONS).exit_code == 0
    longer = tmp_path / "longer.csv"
    longer.write_text(TABLE + "Chile,,1930\n", encoding="utf-8")
    result = run("import", str(longer), "--store", str(store), *SECTIONS, "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert len(report["appended"]) == 1
    assert report["appended"][0].startswith("section-established-chile-")
    assert [a["line"] for a in report["already"]] == [2, 3, 4]
    assert (report["rows"], report["version"], report["ok"]) == (4, 5, True)


def test_a_dry_run_writes_nothing_and_creates_no_store(table: Path, tmp_path: Path) -> None:
    location = tmp_path / "new-log"
    result = run("import", str(table), "--store", str(location), *SECTIONS, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would append 3 SectionEstablished events" in result.stdout
    assert not location.exists()
    result = run("import", str(table), "--store", str(location), *SECTIONS)
    assert result.exit_code == 0, result.output
    assert len(stored_ids(location)) == 3


def test_bad_rows_are_all_reported_and_nothing_is_written(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "Country,Name,Established\nBelgium,,Aug. 1925\nX,,Agu 1925\n,,1926\nY,,1925,extra\n",
        encoding="utf-8",
    )
    before = stored_ids(store)
    result = run("import", str(path), "--store", str(store), *SECTIONS)
    assert result.exit_code == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines[0] == (
        f"mopr-timeline: error: {path}: 3 of 4 rows cannot be imported as SectionEstablished; "
        "nothing was written"
    )
    assert lines[1].startswith("  line 3, column 'Established' (when): cannot read date")
    assert lines[2] == (
        "  line 4, column 'Country' (country): empty, but SectionEstablished.country is "
        "required (text)"
    )
    assert lines[3].startswith("  line 5: the row has 1 more non-empty cell(s)")
    assert len(lines) == 4
    assert stored_ids(store) == before
    as_json = run("import", str(path), "--store", str(store), *SECTIONS, "--format", "json")
    assert as_json.exit_code == 2
    report = json.loads(as_json.stdout)
    assert [e["line"] for e in report["errors"]] == [3, 4, 5]
    assert report["ok"] is False
    assert as_json.stderr.count("\n") == 1


def test_bad_rows_into_a_new_store_create_nothing(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("Country,Name,Established\nX,,Agu 1925\n", encoding="utf-8")
    location = tmp_path / "new-log.db"
    assert run("import", str(path), "--store", str(location), *SECTIONS).exit_code == 2
    assert not location.exists()


def test_a_span_kind_a_year_an_id_column_and_a_delimiter(store: Path, tmp_path: Path) -> None:
    path = tmp_path / "congresses.csv"
    path.write_text(
        "Id;Congress;City;Dates;Groups\nc1;1st International Conference;Moscow;July 14–16;"
        "91 CP; 13 YCI\n".replace("91 CP; 13 YCI", '"91 CP; 13 YCI"'),
        encoding="utf-8",
    )
    result = run(
        "import",
        str(path),
        "--store",
        str(store),
        "--type",
        "CongressHeld",
        "--map",
        "name=Congress",
        "--map",
        "location=City",
        "--map",
        "delegate_groups=Groups",
        "--when",
        "Dates",
        "--year",
        "1924",
        "--id-column",
        "Id",
        "--delimiter",
        ";",
    )
    assert result.exit_code == 0, result.output
    congress = events(store)[-1]
    assert isinstance(congress, mt.CongressHeld)
    assert congress.id == "c1"
    assert congress.when.end.latest is not None
    assert congress.when.end.latest.isoformat() == "1924-07-16"
    assert [g.count for g in congress.delegate_groups] == [91, 13]


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (["--map", "colour=Country"], "no field 'colour'"),
        (["--map", "country"], "--map 'country'"),
        (["--map", "country=Country", "--map", "country=Name"], "given twice"),
        ([], "needs 'country'"),
        (["--map", "country=Land"], "no column 'Land'"),
        (["--map", "country=Country", "--quote-row"], "needs a source"),
        (["--map", "country=Country", "--source-pages", "262"], "--source-title"),
        (["--map", "country=Country", "--source-title", " "], "Source.title"),
        (["--map", "country=Country", "--delimiter", ";;"], "delimiter"),
        (["--map", "country=Country", "--type", "Retracted"], "'Retracted'"),
        (["--map", "country=Country", "--year", "0"], "--year"),
    ],
)
def test_bad_options_are_one_line(table: Path, store: Path, args: list[str], names: str) -> None:
    before = stored_ids(store)
    base = ["import", str(table), "--store", str(store), "--type", "SectionEstablished"]
    line = one_line_error(run(*base, "--when", "Established", *args))
    assert names in line, line
    assert stored_ids(store) == before


@pytest.mark.parametrize(
    ("content", "names"),
    [
        (None, "no such file"),
        (b"Country,Established\nK\xf6ln,1925\n", "not UTF-8"),
        (b"PK\x03\x04...", "a workbook"),
        (b"", "empty"),
    ],
)
def test_a_file_that_is_not_utf8_csv_is_one_line(
    tmp_path: Path, content: bytes | None, names: str
) -> None:
    path = tmp_path / "table.csv"
    if content is not None:
        path.write_bytes(content)
    args = ["import", str(path), "--store", str(tmp_path / "log"), *SECTIONS]
    line = one_line_error(run(*args))
    assert names in line
    assert str(path) in line
    assert not (tmp_path / "log").exists()


def test_import_needs_a_store_a_type_and_a_date_column(table: Path) -> None:
    assert "--store" in one_line_error(run("import", str(table), *SECTIONS))
    assert "--type" in one_line_error(run("import", str(table), "--store", "x", "--when", "E"))
    assert "--when" in one_line_error(
        run("import", str(table), "--store", "x", "--type", "SectionEstablished")
    )
