"""A citation names where a fact was read (``part``) and what the cited work cites
(``cites``); both are stored only when set, so the citations stored before they existed read
back as they were and keep their bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mopr_timeline as mt

BEFORE = Path(__file__).resolve().parents[1] / "dataset" / "fixtures" / "before-issue-18"
"""A copy of the shipped log as it was before citations had ``part`` and ``cites``."""

TABLE_ROW = mt.Source(
    title="International Red Aid (encyclopedia article)",
    part="National Affiliates of MOPR (table)",
    quotation="| Spain | | Sept. 1925 | |",
    cites=mt.CitedWork(
        title="James Martin Ryle, International Red Aid, 1922-1928", pages="262-263"
    ),
)


def test_a_citation_says_where_it_was_read_and_what_its_work_cites() -> None:
    assert str(TABLE_ROW) == (
        "International Red Aid (encyclopedia article), National Affiliates of MOPR (table); "
        "citing James Martin Ryle, International Red Aid, 1922-1928, pp. 262-263"
    )
    assert TABLE_ROW.works() == (
        "International Red Aid (encyclopedia article)",
        "James Martin Ryle, International Red Aid, 1922-1928",
    )


def test_part_and_cites_are_stored_and_read_back() -> None:
    event = mt.SectionEstablished(id="s", when="Sept. 1925", country="Spain", source=TABLE_ROW)
    stored = json.loads(json.dumps(mt.event_to_dict(event)))
    assert stored["source"]["part"] == "National Affiliates of MOPR (table)"
    assert stored["source"]["cites"] == {
        "title": "James Martin Ryle, International Red Aid, 1922-1928",
        "pages": "262-263",
    }
    assert mt.event_from_dict(stored) == event


def test_a_citation_without_them_is_stored_as_before() -> None:
    event = mt.Occurred(id="o", when="1926", text="t", source=mt.Source(title="A", pages="3"))
    assert mt.event_to_dict(event)["source"] == {"pages": "3", "quotation": None, "title": "A"}


def test_the_records_stored_before_read_as_citations_without_part_or_cites() -> None:
    """Today's shipped records (copied before this change) read back whole, their citations
    without part or cites, and re-encode to the same stored dicts (but the reports, upcast
    from FiguresReported schema 1, see ``test_figures_of_schema_1_are_upcast``)."""
    timeline = mt.load(BEFORE)
    events = [record.event for record in timeline.records()]
    assert len(events) == 121
    assert not [e for e in events if isinstance(e, mt.UnreadEvent)]
    sources = [e.source for e in events if e.source is not None]
    assert len(sources) == 121
    assert all(s.part is None and s.cites is None for s in sources)
    for line in (BEFORE / "mopr.jsonl").read_bytes().splitlines():
        stored = json.loads(line)["event"]
        if stored["type"] != "FiguresReported":
            assert mt.event_to_dict(mt.event_from_dict(stored)) == stored


def test_figures_of_schema_1_are_upcast() -> None:
    """FiguresReported schema 1 (before named counts and the section) reads as a report of
    the whole organization with no named counts, and is written back as schema 2."""
    stored = [
        json.loads(line)["event"]
        for line in (BEFORE / "mopr.jsonl").read_bytes().splitlines()
        if b'"FiguresReported"' in line
    ]
    assert len(stored) == 6
    assert {data["schema"] for data in stored} == {1}
    for data in stored:
        event = mt.event_from_dict(data)
        assert isinstance(event, mt.FiguresReported)
        assert (event.counts, event.country) == ((), None)
        assert (event.members, event.sections, event.note) == (
            data["members"],
            data["sections"],
            data["note"],
        )
        again = mt.event_to_dict(event)
        assert again["schema"] == 2
        assert {k: v for k, v in again.items() if k not in ("schema", "counts", "country")} == {
            k: v for k, v in data.items() if k != "schema"
        }
        assert mt.event_from_dict(again) == event


@pytest.mark.parametrize(
    ("change", "field"),
    [({"part": 3}, "source.part"), ({"cites": "Ryle"}, "source.cites"), ({"cites": {}}, "source")],
)
def test_a_bad_stored_citation_is_named(change: dict[str, object], field: str) -> None:
    stored = mt.event_to_dict(mt.Occurred(id="o", when="1926", text="t", source=TABLE_ROW))
    stored["source"] = {**stored["source"], **change}
    with pytest.raises(mt.SerialError) as error:
        mt.event_from_dict(stored)
    assert error.value.field.startswith(field)


def test_cites_must_be_a_cited_work() -> None:
    with pytest.raises(mt.EventError, match="CitedWork"):
        mt.Source(title="A", cites="Ryle")  # type: ignore[arg-type]


def test_trust_by_title_matches_the_work_a_citation_cites() -> None:
    store = mt.MemoryStore()
    prose = mt.Source(title="International Red Aid (encyclopedia article)", quotation="p")
    store.append(
        "s",
        [
            mt.Founded(id="f", when="1922", name="MOPR", source=prose),
            mt.SectionEstablished(id="table", when="Sept. 1925", country="Spain", source=TABLE_ROW),
            mt.SectionEstablished(
                id="prose", when="October 1934", country="Spain", source=prose,
                contradicts=("table",),
            ),
        ],
    )  # fmt: skip
    timeline = mt.Timeline(store, "s")
    ryle = "James Martin Ryle, International Red Aid, 1922-1928"
    assert not timeline.state_at("1930").facts("sections")[0].certainty.is_certain
    assert timeline.state_at("1930", trust=[ryle]).facts("sections")[0].certainty.is_certain
