"""append and retract: validated writes, and bad input that leaves the store unchanged."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cli_support import one_line_error, run, stored_ids

from mopr_timeline import SectionEstablished, Timeline, open_store
from registry_support import restored_registry
from wir_kinds import PeriodicalFounded, unregistered


def test_append_from_flags(store: Path) -> None:
    result = run(
        "append",
        "--store",
        str(store),
        "--type",
        "SectionEstablished",
        "--when",
        "Aug. 1925",
        "--field",
        "country=Canada",
        "--field",
        "name=Canadian Labour Defense League",
        "--source-title",
        "Ryle, International Red Aid",
        "--source-pages",
        "262-263",
        "--quote",
        "| Canada | Canadian Labour Defense League | Aug. 1925 | |",
        "--id",
        "canada",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == {
        "id": "canada",
        "type": "SectionEstablished",
        "stream": "mopr",
        "version": 2,
    }
    (event,) = [r.event for r in open_store(str(store)).read("mopr") if r.event.id == "canada"]
    assert isinstance(event, SectionEstablished)
    assert event.name == "Canadian Labour Defense League"
    assert event.when.latest is not None
    assert event.when.latest.isoformat() == "1925-08-31"
    assert event.source is not None
    assert event.source.pages == "262-263"


def test_append_counts_and_lists_from_flags(store: Path) -> None:
    result = run(
        "append",
        "--store",
        str(store),
        "--type",
        "CongressHeld",
        "--when",
        "1924-07-14/1924-07-16",
        "--field",
        "name=1st International Conference",
        "--field",
        "location=Moscow",
        "--field",
        "delegates=109",
        "--field",
        "delegate_groups=91 CP; 13 YCI; 5 non-party",
    )
    assert result.exit_code == 0, result.output
    congress = list(open_store(str(store)).read("mopr"))[-1].event
    assert congress.delegates == 109  # type: ignore[attr-defined]
    assert [g.count for g in congress.delegate_groups] == [91, 13, 5]  # type: ignore[attr-defined]


def test_append_with_a_year_given_apart(store: Path) -> None:
    result = run(
        "append",
        "--store",
        str(store),
        "--type",
        "CongressHeld",
        "--when",
        "July 14–16",
        "--year",
        "1924",
        "--field",
        "name=1st International Conference",
        "--field",
        "location=Moscow",
        "--id",
        "conference",
    )
    assert result.exit_code == 0, result.output
    congress = list(open_store(str(store)).read("mopr"))[-1].event
    assert congress.when.end.latest.isoformat() == "1924-07-16"  # type: ignore[attr-defined]
    dated = run(
        "append",
        "--store",
        str(store),
        "--type",
        "Occurred",
        "--when",
        "January 1",
        "--year",
        "1932",
        "--field",
        "text=Figures announced",
        "--format",
        "json",
    )
    assert dated.exit_code == 0, dated.output
    occurred = list(open_store(str(store)).read("mopr"))[-1].event
    assert occurred.when.earliest.isoformat() == "1932-01-01"  # type: ignore[attr-defined]


def test_append_from_json(store: Path) -> None:
    event = {
        "type": "Occurred",
        "id": "rode-hulp",
        "when": "1926",
        "text": "The Dutch section began publishing Rode Hulp.",
        "country": "Netherlands",
        "source": {"title": "International Red Aid (encyclopedia article)"},
    }
    result = run("append", "--store", str(store), "--json", json.dumps(event))
    assert result.exit_code == 0, result.output
    assert "recorded Occurred rode-hulp" in result.output
    assert stored_ids(store) == ["belgium", "rode-hulp"]
    chronology = run("chronology", "--store", str(store), "--format", "csv")
    expected = "In 1926 (Netherlands section): the Dutch section began publishing Rode Hulp."
    assert expected in chronology.output


def test_append_creates_a_new_store(tmp_path: Path) -> None:
    store = tmp_path / "new-log"
    result = run(
        "append",
        "--store",
        str(store),
        "--type",
        "Founded",
        "--when",
        "1922",
        "--field",
        "name=International Red Aid",
    )
    assert result.exit_code == 0, result.output
    assert len(stored_ids(store)) == 1


def test_append_with_the_expected_version(store: Path) -> None:
    ok = run(
        "append",
        "--store",
        str(store),
        "--expected-version",
        "1",
        "--type",
        "Dissolved",
        "--when",
        "1941",
    )
    assert ok.exit_code == 0, ok.output
    stale = run(
        "append",
        "--store",
        str(store),
        "--expected-version",
        "1",
        "--type",
        "Dissolved",
        "--when",
        "1947",
    )
    one_line_error(stale)
    assert len(stored_ids(store)) == 2


@pytest.mark.parametrize(
    ("args", "names"),
    [
        (
            ["--type", "SectionEstablished", "--when", "31 February 1925", "--field", "country=X"],
            "31 February 1925",
        ),
        (["--type", "SectionEstablished", "--when", "1925"], "'country'"),
        (
            [
                "--type",
                "SectionEstablished",
                "--when",
                "1925",
                "--field",
                "country=X",
                "--field",
                "colour=red",
            ],
            "'colour'",
        ),
        (["--type", "SectionEstablished", "--when", "1925", "--field", "countryX"], "countryX"),
        (
            ["--type", "SectionEstablished", "--when", "1925", "--field", "colour=red"],
            "its fields: country (text), name (text or nothing)",
        ),
        (
            ["--type", "SectionEstablished", "--field", "country=X", "--field", "when=1925"],
            "SectionEstablished.when: give it with --when",
        ),
        (
            [
                "--type",
                "SectionEstablished",
                "--when",
                "1925",
                "--field",
                "country=X",
                "--source-pages",
                "262",
            ],
            "--source-title",
        ),
        (
            [
                "--type",
                "CongressHeld",
                "--when",
                "1924",
                "--field",
                "name=C",
                "--field",
                "location=M",
                "--field",
                "delegate_groups=91 CP; many YCI",
            ],
            "CongressHeld.delegate_groups: expected a count and a label",
        ),
        (
            [
                "--json",
                '{"type": "CongressHeld", "when": "1924", "name": "C", "location": "M",'
                ' "delegate_groups": [{"label": "CP", "count": -1}]}',
            ],
            "CongressHeld.delegate_groups[0].count",
        ),
        (
            ["--json", '{"type": "Occurred", "when": "Febtember 1926", "text": "x"}'],
            "Occurred.when",
        ),
        (["--type", "SectionEstablished", "--when", "1925", "--field", "country= "], "country"),
        (
            [
                "--type",
                "CongressHeld",
                "--when",
                "1924",
                "--field",
                "name=C",
                "--field",
                "location=Moscow",
                "--field",
                "delegates=many",
            ],
            "'many'",
        ),
        (["--type", "Founding", "--when", "1922"], "Founding"),
        (["--json", "{not json"], "--json"),
        (["--json", '{"type": "Occurred", "when": "1926"}'], "'text'"),
        (
            [
                "--json",
                '{"type": "Occurred", "when": "1926", "text": "x", "source": {"pages": "1"}}',
            ],
            "'title'",
        ),
        (
            ["--json", '{"type": "Occurred", "when": "1926", "text": "x"}', "--type", "Occurred"],
            "either",
        ),
        (
            [
                "--type",
                "SectionEstablished",
                "--when",
                "1925",
                "--field",
                "country=X",
                "--id",
                "belgium",
            ],
            "'belgium'",
        ),
        ([], "--type"),
        (["--type", "Occurred", "--year", "1932", "--field", "text=x"], "--year"),
        (
            [
                "--type",
                "CongressHeld",
                "--when",
                "Febtember",
                "--year",
                "1924",
                "--field",
                "name=C",
                "--field",
                "location=Moscow",
            ],
            "Febtember",
        ),
    ],
)
def test_bad_appends_change_nothing(store: Path, args: list[str], names: str) -> None:
    before = stored_ids(store)
    assert names in one_line_error(run("append", "--store", str(store), *args))
    assert stored_ids(store) == before


def test_append_needs_a_store() -> None:
    assert "--store" in one_line_error(run("append", "--type", "Dissolved", "--when", "1941"))


def test_retract(store: Path) -> None:
    result = run("retract", "belgium", "--store", str(store), "--reason", "misread the table")
    assert result.exit_code == 0, result.output
    assert stored_ids(store)[0] == "belgium"  # history keeps it
    assert "Belgium" not in run("chronology", "--store", str(store), "--format", "csv").output
    as_of = run("chronology", "--store", str(store), "--format", "csv", "--as-of", "1")
    assert "Belgium" in as_of.output


@pytest.mark.parametrize(
    ("target", "why"), [("nobody", "no event has this id"), ("belgium", "already retracted")]
)
def test_bad_retractions_change_nothing(store: Path, target: str, why: str) -> None:
    run("retract", "belgium", "--store", str(store), "--reason", "first time")
    before = stored_ids(store)
    line = one_line_error(run("retract", target, "--store", str(store), "--reason", "again"))
    assert f"'{target}'" in line
    assert why in line
    assert stored_ids(store) == before


def test_retract_needs_a_reason(store: Path) -> None:
    assert "--reason" in one_line_error(run("retract", "belgium", "--store", str(store)))


def test_check_exits_1_on_a_tampered_log(tmp_path: Path) -> None:
    store = tmp_path / "log"
    Timeline(open_store(str(store)), "mopr").append(
        [SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium")]
    )
    assert run("check", "--store", str(store)).exit_code == 0
    log = store / "mopr.jsonl"
    log.write_text(log.read_text(encoding="utf-8").replace("Belgium", "Belgien"), "utf-8")
    result = run("check", "--store", str(store), "--format", "json")
    assert result.exit_code == 1, result.output
    assert json.loads(result.output)["ok"] is False


def test_append_a_list_and_a_record_from_json(store: Path) -> None:
    event = {
        "type": "CongressHeld",
        "when": "July 14–16, 1924",
        "name": "1st International Conference",
        "location": "Moscow",
        "delegate_groups": [{"label": "CP", "count": 91}, "13 YCI"],
        "source": {"title": "Ryle", "pages": "81"},
    }
    result = run("append", "--store", str(store), "--json", json.dumps(event))
    assert result.exit_code == 0, result.output
    congress = list(open_store(str(store)).read("mopr"))[-1].event
    assert [(g.label, g.count) for g in congress.delegate_groups] == [  # type: ignore[attr-defined]
        ("CP", 91),
        ("YCI", 13),
    ]
    assert congress.source is not None
    assert congress.source.pages == "81"


def test_append_of_a_kind_not_registered_here_changes_nothing(store: Path) -> None:
    before = stored_ids(store)
    with unregistered(PeriodicalFounded):
        event = {"type": "PeriodicalFounded", "when": "1926", "title": "AIZ"}
        line = one_line_error(run("append", "--store", str(store), "--json", json.dumps(event)))
    assert "unknown event type 'PeriodicalFounded'" in line
    assert "--kinds" in line
    assert stored_ids(store) == before


SLOGANS = """\
import attrs

import mopr_timeline as mt


@mt.event_kind(wording="{text}")
@attrs.frozen(kw_only=True)
class SloganPainted(mt.DatedEvent):
    text: str = attrs.field(converter=lambda value: value + "!")
"""


def test_append_of_an_event_the_store_refuses_changes_nothing(store: Path, tmp_path: Path) -> None:
    kinds = tmp_path / "slogans.py"
    kinds.write_text(SLOGANS, encoding="utf-8")
    before = stored_ids(store)
    with restored_registry():
        result = run(
            "--kinds",
            str(kinds),
            "append",
            "--store",
            str(store),
            "--type",
            "SloganPainted",
            "--when",
            "1927",
            "--field",
            "text=Free Sacco and Vanzetti",
        )
    line = one_line_error(result)
    assert "SloganPainted.text" in line
    assert "nothing was appended" in line
    assert stored_ids(store) == before
