"""The shipped log read again: every figure found in its quotation, the war dated by its named
period, reports shown with their qualifiers, dates shown whole, the wording of the entries
that changed, and the governing body's renaming as docs/dataset.md reads it."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

import mopr_timeline as mt
from mopr_timeline.cli import main
from mopr_timeline.views import render

WORDS = {19: "nineteen", 62: "sixty-two"}
"""The figures the article writes in words."""


def _live(timeline: mt.Timeline) -> list[mt.Event]:
    events = [record.event for record in timeline.records()]
    retracted = {e.target for e in events if isinstance(e, mt.Retracted)}
    return [e for e in events if not isinstance(e, mt.Retracted) and e.id not in retracted]


def _reports(timeline: mt.Timeline) -> list[mt.FiguresReported]:
    return [e for e in _live(timeline) if isinstance(e, mt.FiguresReported)]


def _figures(report: mt.FiguresReported) -> list[int]:
    named = [report.members, report.sections, report.periodicals, report.languages]
    return [n for n in named if n is not None] + [count.value for count in report.counts]


def test_every_reported_figure_is_written_in_its_quotation(timeline: mt.Timeline) -> None:
    reports = _reports(timeline)
    assert len(reports) == 8
    found = 0
    for report in reports:
        assert report.source is not None
        quotation = report.source.quotation or ""
        for figure in _figures(report):
            spelled = [f"{figure:,}", *([WORDS[figure]] if figure in WORDS else [])]
            pattern = "|".join(re.escape(text) for text in spelled)
            assert re.search(rf"(?<![\d,])(?:{pattern})(?![\d,]*\d)", quotation), (
                report.id,
                figure,
            )
            found += 1
    assert found == 14


def test_a_figure_missing_from_its_quotation_would_be_caught() -> None:
    report = mt.FiguresReported(
        id="r",
        when="1931",
        members=8_305_455,
        source=mt.Source(title="A", quotation="a total membership of 8,305,454"),
    )
    quotation = report.source.quotation or ""  # type: ignore[union-attr]
    assert f"{report.members:,}" not in quotation


def test_the_spanish_sections_figures(timeline: mt.Timeline) -> None:
    spain = {r.id: r for r in _reports(timeline) if r.country == "Spain"}
    assert {i: [(c.name, c.value) for c in r.counts] for i, r in spain.items()} == {
        "spain-civil-war-figures-national-school-students": [("students", 150)],
        "spain-civil-war-figures-childrens-park-sheltered": [("children sheltered", 150)],
        "spain-civil-war-figures-hospitals": [("hospitals established", 275)],
    }
    for report in spain.values():
        assert report.when == mt.parse_date("during the Spanish Civil War", periods=mt.PERIODS)
        assert report.source is not None
        assert report.source.part == (
            "National histories: Spain: Activities during the Spanish Civil War"
        )
    state = timeline.state_at("1938-06-01").to_dict()
    shown = [r for r in state["reports"] if r.get("country") == "Spain"]
    assert [(r["counts"], r["certainty"]) for r in shown] == [
        ([{"name": "students", "value": 150}], "possible"),
        ([{"name": "children sheltered", "value": 150}], "possible"),
        ([{"name": "hospitals established", "value": 275}], "possible"),
    ]
    assert "counts" not in state["reports"][0]  # shown only when set


def test_the_war_is_dated_by_its_named_period_and_sorts_before_the_dissolution(
    timeline: mt.Timeline,
) -> None:
    entries = timeline.chronology()
    ids = [entry.id for entry in entries]
    war = [e for e in entries if e.when.text.lower() == "during the spanish civil war"]
    assert [e.id for e in war] == [
        "spain-civil-war-arderius-president-dated",
        "spain-civil-war-poum-parallel-organization-dated",
        "spain-civil-war-figures-national-school-students",
        "spain-civil-war-figures-childrens-park-sheltered",
        "spain-civil-war-figures-hospitals",
    ]
    assert all(ids.index(e.id) < ids.index("dissolved") for e in war)
    assert all(e.when.earliest is not None and str(e.when.earliest) == "1936-07-17" for e in war)


CHANGED = {
    "1923-plenary-session-sections-in-all-countries": "In June 1923: the first plenary session "
    "of the Central Committee of MOPR, in Moscow, determined that MOPR should establish "
    "sections in all countries, particularly those suffering from the White Terror against the "
    "revolutionary movement.",
    "netherlands-1926-first-congress": "In 1926 (Netherlands section): the Dutch section of "
    "International Red Aid held its first congress.",
    "mexico-mella-exiled-since-1926": "In 1926 (Mexico section): Julio Antonio Mella, the Cuban "
    "communist leader, was exiled in Mexico (since 1926).",
    "mexico-mella-leading-figure": "Not before 1 Jan. 1926 (Mexico section): Julio Antonio "
    "Mella, exiled in Mexico, was a leading figure in the Mexican section of the organization.",
    "figures-by-1931-01-01-stasova": "By January 1, 1931, reported: 8,305,454 members, 58 "
    "sections, 56 periodicals, 19 languages; according to Stasova; 58 national organizations, "
    "56 periodicals in 19 languages.",
    "figures-1932-01-01-world-congress-as-of-january-1": "On January 1 [1932], reported: "
    "1,278,274 members, 67 sections (excluding Union of Soviet Socialist Republics); announced "
    "at the 1st World Congress (November 1932); 67 national sections outside of the USSR "
    "(according to International Red Aid (encyclopedia article), Organizational history: "
    "Development; disputed).",
    "spain-1936-re-formed-in-barcelona": "In January 1936 (Spain section): the organization was "
    "re-formed and expanded in Barcelona, with the aim of opposing fascism on multiple fronts.",
    "spain-civil-war-arderius-president-dated": "During the Spanish Civil War (Spain section): "
    "the writer Joaquín Arderíus served as the organization's president before exiling himself "
    "to France and then Mexico.",
    "spain-civil-war-figures-hospitals": "During the Spanish Civil War, the Spain section "
    "reported: 275 hospitals established; medical contributions of the SRI.",
    "international-character-deemphasized-after-stasova": "Not before 2 Jan. 1937: after Elena "
    "Stasova's tenure, MOPR's international character was deemphasized.",
    "korea-yi-donghwi": "Date unknown (Korea section): Yi Donghwi was a prominent MOPR organizer.",
    "section-spain-article-table": "In Sept. 1925, the Spain section was established (according "
    "to International Red Aid (encyclopedia article), National Affiliates of MOPR (table); "
    "citing James Martin Ryle, International Red Aid, 1922-1928, pp. 262-263; disputed).",
}


@pytest.mark.parametrize("event_id", sorted(CHANGED))
def test_chronology_wording(timeline: mt.Timeline, event_id: str) -> None:
    (entry,) = [e for e in timeline.chronology() if e.id == event_id]
    assert entry.text == CHANGED[event_id]


def test_no_sentence_capitalizes_after_its_date(timeline: mt.Timeline) -> None:
    for entry in timeline.chronology():
        assert not re.search(r"[,:] (The|A|An|It|Its|After|During) ", entry.text), entry.text


def test_reports_show_what_they_exclude_in_every_view(timeline: mt.Timeline) -> None:
    entries = timeline.chronology()
    rows = list(csv.DictReader(io.StringIO(render("csv", entries))))
    (by_1932,) = [r for r in rows if r["id"].startswith("figures-by-1932")]
    assert "(excluding Union of Soviet Socialist Republics)" in by_1932["text"]
    assert "(excluding Union of Soviet Socialist Republics)" in render("markdown", entries)
    (congress,) = [
        r for r in rows if r["id"] == "figures-1932-01-01-world-congress-as-of-january-1"
    ]
    assert congress["when"] == "January 1 [1932]"


def test_the_state_table_shows_whose_figures_and_their_qualifiers() -> None:
    result = CliRunner().invoke(main, ["state", "1938-06-01"], env={"COLUMNS": "250"})
    assert result.exit_code == 0, result.output
    reports = result.output.split("Reports", 1)[1]
    assert "Qualifiers" in reports
    assert "excluding Union of Soviet Socialist Republics" in reports
    assert "January 1 [1932]" in reports
    assert "Spain section" in reports
    assert "275 hospitals established" in reports
    assert "By January 1, 1931" in reports


def test_check_shows_the_whole_date_and_frames_the_table_against_the_prose() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0, result.output
    assert 'dated "January 1 [1932]"' in result.output
    table = (
        "source: International Red Aid (encyclopedia article), National Affiliates of MOPR "
        "(table); citing James Martin Ryle, International Red Aid, 1922-1928, pp. 262-263"
    )
    assert result.output.count(table) >= 2  # Spain and Madagascar
    assert "source: International Red Aid (encyclopedia article), National histories: Spain" in (
        result.output
    )
    assert "source: James Martin Ryle" not in result.output  # never credited to Ryle alone


def test_the_renaming_is_read_as_the_article_words_it(timeline: mt.Timeline) -> None:
    """ "After 1924": on some day after 1924, no latest day (docs/dataset.md)."""
    (renamed,) = [
        e
        for e in _live(timeline)
        if isinstance(e, mt.GoverningBodyNamed) and e.name == "Executive Committee"
    ]
    assert renamed.when.text == "After 1924"
    assert (str(renamed.when.earliest), renamed.when.latest) == ("1925-01-01", None)

    def body(day: str) -> dict[str, str]:
        state = timeline.state_at(day).to_dict()
        return {f["value"]: f["certainty"] for f in state["governing_body"]}

    assert body("1924-12-31") == {"Central Committee": "certain"}
    assert (
        body("1925-06-01")
        == body("1936-06-01")
        == {
            "Central Committee": "possible",
            "Executive Committee": "possible",
        }
    )
    entry = next(e for e in timeline.chronology() if e.id == renamed.id)
    assert entry.text == "After 1924, the governing body was named the Executive Committee."


def test_the_command_line_reads_the_named_period(tmp_path: Path) -> None:
    runner = CliRunner()
    parsed = runner.invoke(main, ["parse", "during the Spanish Civil War"])
    assert parsed.exit_code == 0, parsed.output
    assert "1936-07-17" in parsed.output
    assert "1939-04-01" in parsed.output
    table = tmp_path / "war.csv"
    table.write_text("Text,When\nSoup kitchens,during the Spanish Civil War\n", encoding="utf-8")
    store = tmp_path / "log"
    imported = runner.invoke(
        main,
        ["import", str(table), "--store", str(store), "--type", "Occurred", "--map",
         "text=Text", "--when", "When"],
    )  # fmt: skip
    assert imported.exit_code == 0, imported.output
    added = runner.invoke(
        main,
        ["append", "--store", str(store), "--type", "FiguresReported", "--when",
         "During the Spanish Civil War", "--field", "country=Spain", "--field",
         "counts=275 hospitals; 150 students"],
    )  # fmt: skip
    assert added.exit_code == 0, added.output
    events = [record.event for record in mt.open_store(str(store)).read("mopr")]
    assert [str(e.when.latest) for e in events] == ["1939-04-01", "1939-04-01"]  # type: ignore[attr-defined]
    report = events[1]
    assert isinstance(report, mt.FiguresReported)
    assert [(c.name, c.value) for c in report.counts] == [("hospitals", 275), ("students", 150)]
