"""Every chronology format: text, Markdown, CSV, JSON, TimelineJS3 and EDTF lines."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from views_support import sample_events

from mopr_timeline import parse_edtf, parse_span
from mopr_timeline.replay._chronology import ChronologyEntry, build_chronology
from mopr_timeline.views import (
    CSV_COLUMNS,
    FORMATS,
    FormatError,
    render,
    render_csv,
    render_edtf,
    render_json,
    render_markdown,
    render_text,
    tenures,
    timelinejs_document,
)


@pytest.fixture
def entries() -> list[ChronologyEntry]:
    return build_chronology(sample_events())


def by_id(rows: list[dict[str, Any]], key: str = "id") -> dict[str, dict[str, Any]]:
    return {row[key]: row for row in rows}


def test_text_has_one_sentence_per_entry_and_sources(entries: list[ChronologyEntry]) -> None:
    text = render_text(entries)
    sentences = [line for line in text.splitlines() if not line.startswith("    ")]
    assert sentences == [e.text for e in entries]
    assert "    source: Ryle, International Red Aid, pp. 262-263" in text


def test_markdown_table(entries: list[ChronologyEntry]) -> None:
    lines = render_markdown(entries).splitlines()
    assert lines[0] == "# Chronology"
    assert lines[2] == "| When | What | Source | In range |"
    rows = lines[4:]
    assert len(rows) == len(entries)
    germany = next(r for r in rows if "Germany" in r)
    assert "Rote Hilfe \\| Deutschlands" in germany  # a pipe in a cell is escaped
    assert germany.count(" | ") == 3
    assert "| In Aug. 1925 | The Belgium section was established |" in render_markdown(entries)
    assert germany.endswith(" | certain |")


def test_csv_has_exactly_the_columns_and_iso_bounds(entries: list[ChronologyEntry]) -> None:
    reader = csv.DictReader(io.StringIO(render_csv(entries)))
    assert tuple(reader.fieldnames or ()) == CSV_COLUMNS
    assert CSV_COLUMNS == (
        "id",
        "type",
        "when",
        "earliest",
        "latest",
        "text",
        "country",
        "source",
        "disputed",
        "certainty",
    )
    rows = by_id(list(reader))
    assert len(rows) == len(entries)
    assert rows["belgium"] == {
        "id": "belgium",
        "type": "SectionEstablished",
        "when": "Aug. 1925",
        "earliest": "1925-08-01",
        "latest": "1925-08-31",
        "text": "In Aug. 1925, the Belgium section was established.",
        "country": "Belgium",
        "source": "Ryle, International Red Aid, pp. 262-263",
        "disputed": "false",
        "certainty": "certain",
    }
    assert (rows["bolivia"]["earliest"], rows["bolivia"]["latest"]) == ("", "1932-12-31")
    assert (rows["albania"]["earliest"], rows["albania"]["latest"]) == ("", "")
    conference = rows["conference-1924"]
    assert (conference["earliest"], conference["latest"]) == ("1924-07-14", "1924-07-16")
    assert conference["when"] == "July 14–16"


def test_json_records(entries: list[ChronologyEntry]) -> None:
    records = json.loads(render_json(entries))
    assert [r["id"] for r in records] == [e.id for e in entries]
    belgium = by_id(records)["belgium"]
    assert belgium["phrase"] == "in Aug. 1925"
    assert belgium["edtf"] == "1925-08"
    assert belgium["source"] == {
        "title": "Ryle, International Red Aid",
        "pages": "262-263",
        "part": None,
        "quotation": "| Belgium | |",
        "cites": None,
    }
    assert by_id(records)["india"]["latest"] is None
    assert by_id(records)["founded"]["source"] is None


def test_edtf_lines_parse_back_to_the_same_bounds(entries: list[ChronologyEntry]) -> None:
    lines = render_edtf(entries).splitlines()
    assert len(lines) == len(entries)
    for line, entry in zip(lines, entries, strict=True):
        edtf, text = line.split("\t")
        assert text == entry.text
        if entry.span is not None:
            span = parse_span(edtf)
            assert (span.start.lo, span.start.hi) == (entry.span.start.lo, entry.span.start.hi)
            assert (span.end.lo, span.end.hi) == (entry.span.end.lo, entry.span.end.hi)
        else:
            back = parse_edtf(edtf)
            assert (back.earliest, back.latest) == (entry.when.earliest, entry.when.latest)


def validate_timelinejs(document: dict[str, Any]) -> None:
    """TimelineJS3's documented JSON format (timeline.knightlab.com/docs/json-format.html).

    ``events`` is required and non-empty; each slide needs ``start_date``; a date object
    needs an integer ``year``, and ``month``/``day`` only with the units above them; text
    objects hold ``headline``/``text``; ``eras`` need both dates and a text headline.
    """
    assert set(document) <= {"events", "title", "eras", "scale"}
    assert isinstance(document["events"], list)
    assert document["events"]

    def check_date(date: dict[str, Any]) -> None:
        assert set(date) <= {"year", "month", "day", "hour", "minute", "second", "display_date"}
        assert isinstance(date["year"], int)
        if "day" in date:
            assert "month" in date
        if "month" in date:
            assert 1 <= date["month"] <= 12

    slide_keys = {
        "start_date",
        "end_date",
        "text",
        "media",
        "group",
        "display_date",
        "background",
        "autolink",
        "unique_id",
    }
    for slide in document["events"]:
        assert set(slide) <= slide_keys
        check_date(slide["start_date"])
        if "end_date" in slide:
            check_date(slide["end_date"])
        assert set(slide["text"]) <= {"headline", "text"}
        assert isinstance(slide["display_date"], str)
    assert len({s["unique_id"] for s in document["events"]}) == len(document["events"])
    for era in document.get("eras", []):
        check_date(era["start_date"])
        check_date(era["end_date"])
        assert era["text"]["headline"]


def test_timelinejs_document(entries: list[ChronologyEntry]) -> None:
    document = timelinejs_document(entries, title="MOPR")
    validate_timelinejs(document)
    slides = by_id(document["events"], "unique_id")
    assert "albania" not in slides  # no bound at all: listed on the title slide instead
    assert "The Albania section was established" in document["title"]["text"]["text"]
    assert slides["belgium"]["start_date"] == {"year": 1925, "month": 8}
    assert "end_date" not in slides["belgium"]
    assert slides["belgium"]["display_date"] == "Aug. 1925"
    assert slides["belgium"]["group"] == "SectionEstablished"
    assert slides["founded"]["start_date"] == {"year": 1922}
    assert slides["fifth-regiment"]["start_date"] == {"year": 1937, "month": 1, "day": 21}
    assert slides["conference-1924"]["end_date"] == {"year": 1924, "month": 7, "day": 16}
    assert slides["circa"]["start_date"] == {"year": 1924}
    assert slides["circa"]["end_date"] == {"year": 1926}
    # "before 1933" reaches back to the founding (1922) and says its date is uncertain
    assert slides["bolivia"]["start_date"] == {"year": 1922}
    assert slides["bolivia"]["end_date"] == {"year": 1932}
    assert "Date uncertain" in slides["bolivia"]["text"]["text"]
    assert slides["india"]["end_date"] == {"year": 1941}  # "after 1928": to the dissolution
    assert "Date uncertain" not in slides["belgium"]["text"]["text"]
    assert "&lt;" not in slides["germany"]["text"]["headline"]
    assert "<blockquote>| Belgium | |</blockquote>" in slides["belgium"]["text"]["text"]


def test_timelinejs_eras_are_the_chairs_tenures(entries: list[ChronologyEntry]) -> None:
    eras = timelinejs_document(entries)["eras"]
    assert [(e["text"]["headline"], e["start_date"], e["end_date"]) for e in eras] == [
        ("Julian Marchlewski", {"year": 1922}, {"year": 1925}),
        ("Panteleimon Lepeshinsky", {"year": 1925}, {"year": 1927}),
        ("Elena Stasova", {"year": 1927}, {"year": 1937}),
    ]


def test_timelinejs_eras_come_from_all_events_when_entries_are_filtered() -> None:
    events = sample_events()
    only_sections = build_chronology(events, kinds=["SectionEstablished"])
    document = timelinejs_document(only_sections, events=events, group_by="country")
    validate_timelinejs(document)
    assert len(document["eras"]) == 3
    assert {s["group"] for s in document["events"]} == {"Belgium", "Bolivia", "India", "Germany"}


def test_tenure_without_an_end_has_no_era() -> None:
    events = [e for e in sample_events() if e.id != "stasova-left"]
    assert tenures(events)[-1].end is not None  # the organization's dissolution ends it
    events = [e for e in events if e.id != "dissolved"]
    assert tenures(events)[-1].end is None
    eras = timelinejs_document(build_chronology(events))["eras"]
    assert [e["text"]["headline"] for e in eras] == [
        "Julian Marchlewski",
        "Panteleimon Lepeshinsky",
    ]


@pytest.mark.parametrize("name", FORMATS)
def test_render_dispatches_every_format(name: str, entries: list[ChronologyEntry]) -> None:
    assert render(name, entries).strip()


def test_render_unknown_format() -> None:
    with pytest.raises(FormatError, match="'pdf'"):
        render("pdf", [])
