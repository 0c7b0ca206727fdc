"""The shipped affiliates table, exported to CSV and imported back, answers as the shipped log.

The CSV holds what the article's table holds (country, name, the date as written); importing
it must give the same sections on every date, and the shipped log with its establishments
replaced by the imported ones must answer every family as the shipped log does.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import attrs
import pytest

import mopr_timeline as mt
from mopr_timeline.spreadsheets import import_csv

DATES = [f"{year}-01-01" for year in range(1915, 1951)] + [
    "Aug. 1925",
    '"before 1933"',
    "after 1928",
    "1932",
    "1933",
    "Oct. 1934",
    "1920s",
    "",
]
FIELDS = {"country": "Country", "name": "Name"}


@pytest.fixture(scope="module")
def shipped() -> list[mt.Event]:
    return mt.load().events()


@pytest.fixture(scope="module")
def sections(shipped: list[mt.Event]) -> list[mt.SectionEstablished]:
    return [event for event in shipped if isinstance(event, mt.SectionEstablished)]


@pytest.fixture(scope="module")
def imported(
    sections: list[mt.SectionEstablished], tmp_path_factory: pytest.TempPathFactory
) -> list[mt.Event]:
    """The sections exported to CSV (as a spreadsheet would hold them) and imported back."""
    path = tmp_path_factory.mktemp("table") / "affiliates.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(["Country", "Name", "Established"])
        for event in sections:
            writer.writerow([event.country, event.name or "", event.when.text])
    store = mt.MemoryStore()
    report = import_csv(
        path, store=store, kind="SectionEstablished", fields=FIELDS, when="Established"
    )
    assert report.ok
    assert report.rows == len(sections)
    assert len(report.appended) == len(sections)
    return [record.event for record in store.read("mopr")]


def test_every_row_is_imported_with_its_date_as_written(
    sections: list[mt.SectionEstablished], imported: list[mt.Event]
) -> None:
    assert len(imported) == len(sections)
    for original, event in zip(sections, imported, strict=True):
        assert isinstance(event, mt.SectionEstablished)
        assert (event.country, event.name) == (original.country, original.name)
        assert event.when == original.when
        assert event.when.text == original.when.text
        assert event.id != original.id


def test_both_claims_for_spain_and_madagascar_are_kept(imported: list[mt.Event]) -> None:
    countries = [event.country for event in imported if isinstance(event, mt.SectionEstablished)]
    assert countries.count("Spain") == 2
    assert countries.count("Madagascar") == 2
    assert len({event.id for event in imported}) == len(imported)


@pytest.mark.parametrize("date", DATES)
def test_the_imported_sections_answer_as_the_shipped_ones(
    date: str, sections: list[mt.SectionEstablished], imported: list[mt.Event]
) -> None:
    reference = mt.Timeline(mt.MemoryStore(), "mopr")
    reference.append(sections)
    timeline = mt.Timeline(mt.MemoryStore(), "mopr")
    timeline.append(imported)
    expected = reference.state_at(date)
    answer = timeline.state_at(date)
    assert answer.to_dict() == expected.to_dict()
    assert [(s.country, s.certainty) for s in answer.sections] == [
        (s.country, s.certainty) for s in expected.sections
    ]


def untraced(state: dict[str, Any]) -> dict[str, Any]:
    """A state's JSON without the ids of the events each fact and claim rests on (imported
    rows have ids of their own)."""

    def fact_of(fact: dict[str, Any]) -> dict[str, Any]:
        kept = {k: v for k, v in fact.items() if k != "events"}
        if "claims" in kept:
            kept["claims"] = [{k: v for k, v in c.items() if k != "event"} for c in kept["claims"]]
        return kept

    return {
        family: [fact_of(fact) for fact in facts] if isinstance(facts, list) else facts
        for family, facts in state.items()
    }


def test_the_shipped_log_with_imported_sections_answers_every_family_alike(
    shipped: list[mt.Event], imported: list[mt.Event]
) -> None:
    replacements = iter(imported)
    renamed: dict[str, str] = {}
    replaced: list[mt.Event] = []
    for event in shipped:
        if isinstance(event, mt.SectionEstablished):
            row = next(replacements)
            renamed[event.id] = row.id
            # a table has no links or per-row citations: each row gets its original's, the
            # dispute links and retractions following the new ids
            links = tuple(renamed[c] for c in event.contradicts)
            event = attrs.evolve(row, source=event.source, contradicts=links)
        elif isinstance(event, mt.Retracted) and event.target in renamed:
            event = attrs.evolve(event, target=renamed[event.target])
        replaced.append(event)
    assert next(replacements, None) is None
    original = mt.Timeline(mt.MemoryStore(), "mopr")
    original.append(shipped)
    timeline = mt.Timeline(mt.MemoryStore(), "mopr")
    timeline.append(replaced)
    for date in DATES:
        expected = untraced(original.state_at(date).to_dict())
        assert untraced(timeline.state_at(date).to_dict()) == expected, date
        assert set(expected) >= {"names", "leaders", "sections", "congresses", "reports"}


def test_importing_the_table_again_appends_nothing(
    sections: list[mt.SectionEstablished], tmp_path: Path
) -> None:
    path = tmp_path / "affiliates.csv"
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";")
        writer.writerow(["Established", "Name", "Country"])
        for event in sections:
            writer.writerow([event.when.text, event.name or "", event.country])
    store = mt.MemoryStore()
    options = {"kind": "SectionEstablished", "fields": FIELDS, "when": "Established"}
    first = import_csv(path, store=store, delimiter=";", **options)  # type: ignore[arg-type]
    again = import_csv(path, store=store, delimiter=";", **options)  # type: ignore[arg-type]
    assert len(first.appended) == len(sections)
    assert again.appended == ()
    assert len(again.already) == len(sections)
    assert again.version is None
    assert store.current_version("mopr") == len(sections)
