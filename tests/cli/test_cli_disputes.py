"""Disputes at the command line: the state table marks a disputed fact and shows each claim,
``--trust`` follows one source, and the chronology words each claim "according to" its source.

The log is built here, not read from the shipped dataset, so these tests do not depend on
which disputes the dataset links: Spain's section dated by two sources, one contradicting the
other, and a founding named two ways.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from cli_support import one_line_error, run

import mopr_timeline as mt

TABLE = mt.Source(title="Affiliates table", pages="262-263", quotation="| Spain | | Sept. 1925 | |")
PROSE = mt.Source(title="Encyclopedia article", quotation="first appearance ... October 1934")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("disputes")
    timeline = mt.Timeline(mt.FileStore(path), "mopr")
    timeline.append(
        [
            mt.Founded(id="founded", when="1922", name="International Red Aid", source=PROSE),
            mt.SectionEstablished(
                id="section-spain", when="Sept. 1925", country="Spain", source=TABLE
            ),
            mt.SectionEstablished(id="section-belgium", when="Aug. 1925", country="Belgium"),
            mt.SectionEstablished(
                id="section-spain-prose",
                when="October 1934",
                country="Spain",
                source=PROSE,
                contradicts=("section-spain",),
            ),
        ]
    )
    return path


def state(store: Path, *args: str) -> str:
    result = run("state", "1930-06-01", "--store", str(store), *args)
    assert result.exit_code == 0, result.output
    return result.output


def row(output: str, first_cell: str) -> str:
    return next(line for line in output.splitlines() if line.startswith(f"│ {first_cell} "))


def test_a_disputed_section_shows_both_dates_and_the_mark(store: Path) -> None:
    output = state(store)
    spain = row(output, "Spain")
    assert "Sept. 1925 / October 1934" in spain
    assert "◐ possible, disputed" in spain
    assert "disputed" not in row(output, "Belgium")
    assert "● certain" in row(output, "Belgium")


def test_the_state_lists_what_each_source_claims(store: Path) -> None:
    output = state(store)
    claims = output[output.index("Disputed: what each source claims") :].splitlines()
    table_claim = next(line for line in claims if "│ section-spain " in line)
    assert "Sections:" in table_claim
    assert "Sept. 1925" in table_claim
    assert "Affiliates" in table_claim
    assert "● certain" in table_claim
    prose_claim = next(line for line in claims if "October 1934" in line)
    assert "│ section-spain" in prose_claim  # the id folds over two lines at 80 columns
    assert "Encyclopedia" in prose_claim
    assert "○ impossible" in prose_claim


def test_without_disputes_no_claims_table(tmp_path: Path) -> None:
    mt.Timeline(mt.FileStore(tmp_path), "mopr").append(
        [mt.SectionEstablished(id="s", when="1925", country="Spain")]
    )
    output = run("state", "1930", "--store", str(tmp_path)).output
    assert "disputed" not in output.lower()


def test_trust_follows_one_source(store: Path) -> None:
    output = state(store, "--trust", "Affiliates table")
    spain = row(output, "Spain")
    assert "● certain" in spain
    assert "disputed" not in spain
    assert "Sept. 1925" in spain
    assert "October 1934" not in spain
    assert "according to: Affiliates table" in output


def test_trust_the_other_source(store: Path) -> None:
    data = json.loads(
        run(
            "state",
            "1930-06-01",
            "--store",
            str(store),
            "--trust",
            "Encyclopedia article",
            "--format",
            "json",
        ).output
    )
    assert [s["country"] for s in data["sections"]] == ["Belgium"]


def test_trust_is_repeatable_and_json_carries_claims(store: Path) -> None:
    result = run(
        "state",
        "1930-06-01",
        "--store",
        str(store),
        "--format",
        "json",
        "--trust",
        "Affiliates table",
        "--trust",
        "Encyclopedia article",
    )
    spain = next(s for s in json.loads(result.output)["sections"] if s["country"] == "Spain")
    assert spain["certainty"] == "possible"
    assert spain["disputed"] is True
    assert [c["event"] for c in spain["claims"]] == ["section-spain", "section-spain-prose"]
    assert [c["certainty"] for c in spain["claims"]] == ["certain", "impossible"]
    assert spain["events"] == ["section-spain"]


def test_an_unknown_trusted_title_is_one_line(store: Path) -> None:
    result = run("state", "1930", "--store", str(store), "--trust", "Affiliates tabel")
    line = one_line_error(result)
    assert "--trust 'Affiliates tabel'" in line
    assert "no event of the stream cites this source" in line
    assert "'Affiliates table'" in line


def test_the_chronology_words_each_claim_according_to_its_source(store: Path) -> None:
    result = run("chronology", "--store", str(store), "--format", "json")
    entries = {e["id"]: e for e in json.loads(result.output)}
    spain = entries["section-spain"]
    assert spain["disputed"] is True
    assert spain["competing"] == ["section-spain-prose"]
    assert spain["text"] == (
        "In Sept. 1925, the Spain section was established "
        "(according to Affiliates table, pp. 262-263; disputed)."
    )
    prose = entries["section-spain-prose"]
    assert prose["competing"] == ["section-spain"]
    assert "(according to Encyclopedia article; disputed)" in prose["text"]
    assert entries["section-belgium"]["disputed"] is False
    assert "according to" not in entries["section-belgium"]["text"]


def test_the_chronology_csv_and_markdown_mark_disputes(store: Path) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(run("chronology", "--store", str(store), "--format", "csv").output)
        )
    )
    assert {r["id"]: r["disputed"] for r in rows} == {
        "founded": "false",
        "section-spain": "true",
        "section-belgium": "false",
        "section-spain-prose": "true",
    }
    markdown = run("chronology", "--store", str(store), "--format", "markdown").output
    assert markdown.count("(disputed)") == 2
