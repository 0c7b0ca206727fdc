"""Named periods: a text naming a period defined with cited bounds reads as one day within
it, keeping the text; and a date's context, kept apart from its text, shown whole."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

import mopr_timeline as mt
from mopr_timeline.dates import Period, parse_date
from mopr_timeline.events import event_from_dict, event_to_dict

WAR = mt.SPANISH_CIVIL_WAR


def test_the_dataset_declares_the_spanish_civil_war_with_cited_bounds() -> None:
    assert mt.PERIODS == (WAR,)
    assert (WAR.first, WAR.last) == (dt.date(1936, 7, 17), dt.date(1939, 4, 1))
    assert "Spanish Civil War" in WAR.source


@pytest.mark.parametrize(
    "text",
    ["During the Spanish Civil War", "during the spanish civil war", "the Spanish Civil War",
     "Spanish  Civil War", "in the Spanish Civil War"],
)  # fmt: skip
def test_a_text_naming_the_period_is_one_day_within_it(text: str) -> None:
    date = parse_date(text, periods=mt.PERIODS)
    assert (date.earliest, date.latest) == (dt.date(1936, 7, 17), dt.date(1939, 4, 1))
    assert date.text == text


def test_without_periods_the_name_is_no_date() -> None:
    with pytest.raises(mt.DateParseError):
        parse_date("During the Spanish Civil War")


def test_other_texts_read_as_before_with_periods_given() -> None:
    assert parse_date("Aug. 1925", periods=mt.PERIODS) == parse_date("Aug. 1925")


def test_a_period_is_checked() -> None:
    with pytest.raises(mt.DateParseError, match="ends"):
        Period(name="x", first=dt.date(1939, 1, 1), last=dt.date(1936, 1, 1), source="s")
    with pytest.raises(mt.DateParseError, match="name"):
        Period(name=" the ", first=dt.date(1936, 1, 1), last=dt.date(1939, 1, 1), source="s")
    with pytest.raises(mt.DateParseError, match="Period"):
        parse_date("1925", periods=["the war"])  # type: ignore[list-item]


def test_the_chronology_shows_the_period_by_name() -> None:
    store = mt.MemoryStore()
    when = parse_date("During the Spanish Civil War", periods=mt.PERIODS)
    store.append("s", [mt.Occurred(id="o", when=when, text="Something happened.")])
    (entry,) = mt.Timeline(store, "s").chronology()
    assert entry.phrase == "During the Spanish Civil War"
    assert entry.text.startswith("During the Spanish Civil War")


def test_context_is_kept_apart_stored_and_shown_whole() -> None:
    date = attrs.evolve(parse_date("January 1", year=1932), context="1932")
    assert date.text == "January 1"
    assert date.whole == str(date) == "January 1 [1932]"
    event = mt.FiguresReported(id="f", when=date, members=1)
    stored = event_to_dict(event)
    assert stored["when"]["context"] == "1932"
    assert event_from_dict(stored) == event
    plain = event_to_dict(mt.FiguresReported(id="g", when="1932", members=1))
    assert "context" not in plain["when"]
