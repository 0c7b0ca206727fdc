"""Chronology entries carry the certainty that they fall in the range asked; every format shows
it, ``certain=True`` keeps only the certain ones, TimelineJS places open and undated entries."""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from views_support import sample_events

from mopr_timeline import (
    Certainty,
    CongressHeld,
    Dissolved,
    Founded,
    FuzzyDate,
    FuzzySpan,
    MemoryStore,
    Occurred,
    SectionEstablished,
    Timeline,
)
from mopr_timeline.replay import build_chronology
from mopr_timeline.strategies import fuzzy_dates, fuzzy_spans
from mopr_timeline.views import render_csv, render_json, render_markdown, timelinejs_document

NEAR = {"min_value": _dt.date(1925, 1, 1), "max_value": _dt.date(1925, 4, 30)}


def certainty_by_id(start: str, end: str, *, certain: bool = False) -> dict[str, Certainty]:
    entries = build_chronology(sample_events(), start=start, end=end, certain=certain)
    return {entry.id: entry.certainty for entry in entries}


def test_each_entry_says_whether_it_certainly_falls_in_the_range() -> None:
    found = certainty_by_id("1925", "1927")
    assert found["belgium"] is Certainty.CERTAIN  # Aug. 1925
    assert found["lepeshinsky"] is Certainty.CERTAIN  # 1925
    assert found["circa"] is Certainty.POSSIBLE  # c. 1925: 1924 to 1926
    assert found["bolivia"] is Certainty.POSSIBLE  # before 1933
    assert "india" not in found  # after 1928: certainly outside
    assert found["albania"] is Certainty.POSSIBLE  # date unknown
    assert "conference-1924" not in found  # July 1924: certainly outside
    assert "founded" not in found


def test_certain_keeps_exactly_the_certain_entries() -> None:
    everything = certainty_by_id("1925", "1927")
    kept = certainty_by_id("1925", "1927", certain=True)
    assert set(kept) == {k for k, c in everything.items() if c is Certainty.CERTAIN}
    assert set(kept.values()) == {Certainty.CERTAIN}


def test_without_a_range_every_entry_is_certain() -> None:
    entries = build_chronology(sample_events())
    assert {entry.certainty for entry in entries} == {Certainty.CERTAIN}
    assert len(build_chronology(sample_events(), certain=True)) == len(entries)


def test_timeline_chronology_passes_certain_on() -> None:
    timeline = Timeline(MemoryStore(), "mopr")
    timeline.append(sample_events())
    kept = timeline.chronology(start="1925", end="1927", certain=True)
    assert [e.id for e in kept] == list(certainty_by_id("1925", "1927", certain=True))


def in_range_by_days(lo: int, hi: int, when: FuzzyDate) -> Certainty:
    """The certainty by enumerating every day the date may be."""
    inside = [lo <= day <= hi for day in range(when.lo, when.hi + 1)]
    return Certainty.of(all(inside), any(inside))


@settings(max_examples=200, deadline=None)
@given(fuzzy_dates(**NEAR, allow_open=False), fuzzy_dates(**NEAR), fuzzy_dates(**NEAR))
def test_a_dated_entrys_certainty_agrees_with_its_days(
    when: FuzzyDate, start: FuzzyDate, end: FuzzyDate
) -> None:
    lo, hi = start.lo, end.hi
    if lo > hi:
        return
    entries = build_chronology(
        [Occurred(id="e", when=when, text="something")], start=start, end=end
    )
    expected = in_range_by_days(lo, hi, when)
    kept = [] if expected is Certainty.IMPOSSIBLE else [expected]
    assert [e.certainty for e in entries] == kept


@settings(max_examples=150, deadline=None)
@given(
    fuzzy_spans(**NEAR, max_width=20, allow_open=False),
    fuzzy_dates(**NEAR),
    fuzzy_dates(**NEAR),
)
def test_a_congress_falls_in_the_range_when_one_of_its_days_does(
    span: FuzzySpan, start: FuzzyDate, end: FuzzyDate
) -> None:
    lo, hi = start.lo, end.hi
    if lo > hi:
        return
    event = CongressHeld(id="c", when=span, name="Congress", location="Moscow")
    entries = build_chronology([event], start=start, end=end)
    overlaps = [
        first <= hi and last >= lo
        for first in range(span.start.lo, span.start.hi + 1)
        for last in range(max(first, span.end.lo), span.end.hi + 1)
    ]
    expected = Certainty.of(all(overlaps), any(overlaps))
    kept = [] if expected is Certainty.IMPOSSIBLE else [expected]
    assert [e.certainty for e in entries] == kept


@given(st.sampled_from(["1925", "Aug. 1925", "1925-01-01"]), st.booleans())
def test_every_tabular_format_carries_the_certainty(start: str, certain: bool) -> None:
    entries = build_chronology(sample_events(), start=start, end="1927", certain=certain)
    rows = list(csv.DictReader(io.StringIO(render_csv(entries))))
    records = json.loads(render_json(entries))
    table = render_markdown(entries).splitlines()[4:]
    expected = [entry.certainty.value for entry in entries]
    assert [row["certainty"] for row in rows] == expected
    assert [record["certainty"] for record in records] == expected
    assert [line.rsplit(" | ", 1)[1].rstrip(" |") for line in table] == expected


def test_timelinejs_open_dates_reach_to_the_founding_and_the_dissolution() -> None:
    events = [
        Founded(id="founded", when="Nov. 1922", name="Red Aid"),
        SectionEstablished(id="before", when="before 1933", country="Bolivia"),
        SectionEstablished(id="after", when="after 1928", country="India"),
        SectionEstablished(id="unknown", when="", country="Albania <Tirana>"),
        Dissolved(id="dissolved", when="1947"),
    ]
    document = timelinejs_document(build_chronology(events))
    slides = {slide["unique_id"]: slide for slide in document["events"]}
    assert slides["before"]["start_date"] == {"year": 1922, "month": 11}
    assert slides["before"]["end_date"] == {"year": 1932}
    assert slides["after"]["start_date"] == {"year": 1929}
    assert slides["after"]["end_date"] == {"year": 1947}
    for slide in (slides["before"], slides["after"]):
        assert slide["text"]["text"].startswith("<p><em>Date uncertain: some day from ")
    assert "founding (Nov. 1922) to 1932-12-31" in slides["before"]["text"]["text"]
    assert (
        "1929-01-01 to the organization&#x27;s dissolution (1947)"
        in (slides["after"]["text"]["text"])
    )
    assert "unknown" not in slides
    title = document["title"]["text"]
    assert title["headline"] == "Chronology"
    assert "Date unknown (1 entry" in title["text"]
    assert "Albania &lt;Tirana&gt;" in title["text"]  # escaped, like every headline


def test_timelinejs_without_a_founding_keeps_an_open_date_at_its_bound() -> None:
    events = [SectionEstablished(id="before", when="before 1933", country="Bolivia")]
    slide = timelinejs_document(build_chronology(events))["events"][0]
    assert slide["start_date"] == {"year": 1932}
    assert "end_date" not in slide
    assert "Date uncertain" not in slide["text"]["text"]


@pytest.mark.parametrize("founding", ["1935", "after 1935"])
def test_timelinejs_an_open_date_before_a_later_founding_stays_at_its_bound(
    founding: str,
) -> None:
    events = [
        Founded(id="founded", when=founding, name="Red Aid"),
        SectionEstablished(id="before", when="before 1933", country="Bolivia"),
    ]
    slides = {s["unique_id"]: s for s in timelinejs_document(build_chronology(events))["events"]}
    assert slides["before"]["start_date"] == {"year": 1932}
