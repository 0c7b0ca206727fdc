"""The Timeline API: accepted dates, as_of, refresh, accessors, and OrgState's JSON."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

import pendulum
import pytest

from mopr_timeline import (
    Certainty,
    CongressHeld,
    DateParseError,
    FiguresReported,
    Founded,
    FuzzyDate,
    GoverningBodyNamed,
    LeaderAppointed,
    MemoryStore,
    Occurred,
    Retracted,
    SectionEstablished,
    Source,
    Timeline,
)
from mopr_timeline.replay import AsOfError, ReplayError

SOURCE = Source(title="International Red Aid", pages="2")


@pytest.fixture
def timeline() -> Timeline:
    t = Timeline(MemoryStore(), "mopr")
    t.append(
        [
            Founded(id="f", when="1922", name="International Red Aid", aliases=["MOPR"]),
            LeaderAppointed(id="l", when="1922", person="Julian Marchlewski"),
            GoverningBodyNamed(id="g", when="1922", name="Central Committee"),
        ]
    )
    t.append(
        [
            SectionEstablished(
                id="s", when="1924-10", country="Germany", name="Rote Hilfe Deutschlands"
            ),
            CongressHeld(
                id="c", when="1924-07", name="1st International Conference", location="Moscow"
            ),
            FiguresReported(id="r", when="1928-01-01", members=8900000, sections=44, source=SOURCE),
        ]
    )
    return t


def test_to_dict_has_exactly_the_design_shape(timeline: Timeline) -> None:
    result = timeline.state_at("1928-01-01").to_dict()
    plain = {"disputed": False}
    assert result == {
        "organization": "mopr",
        "date": {"text": "1928-01-01", "earliest": "1928-01-01", "latest": "1928-01-01"},
        "as_of": None,
        "exists": "certain",
        "names": [
            {"value": "International Red Aid", "certainty": "certain", **plain, "events": ["f"]},
            {"value": "MOPR", "certainty": "certain", **plain, "events": ["f"]},
        ],
        "leaders": [
            {"value": "Julian Marchlewski", "certainty": "certain", **plain, "events": ["l"]}
        ],
        "governing_body": [
            {"value": "Central Committee", "certainty": "certain", **plain, "events": ["g"]}
        ],
        "sections": [
            {
                "country": "Germany",
                "name": "Rote Hilfe Deutschlands",
                "certainty": "certain",
                "established": {
                    "text": "1924-10",
                    "edtf": "1924-10",
                    "earliest": "1924-10-01",
                    "latest": "1924-10-31",
                },
                **plain,
                "events": ["s"],
            }
        ],
        "congresses": [
            {
                "name": "1st International Conference",
                "location": "Moscow",
                "certainty": "certain",
                **plain,
                "events": ["c"],
            }
        ],
        "reports": [
            {
                "when": {
                    "text": "1928-01-01",
                    "edtf": "1928-01-01",
                    "earliest": "1928-01-01",
                    "latest": "1928-01-01",
                },
                "members": 8900000,
                "sections": 44,
                "certainty": "certain",
                "source": "International Red Aid, p. 2",
                **plain,
                "events": ["r"],
            }
        ],
    }
    assert json.loads(json.dumps(result)) == result


def test_to_dict_writes_open_bounds_as_null_and_as_of_as_given(timeline: Timeline) -> None:
    everything = timeline.state_at("unknown", as_of=3).to_dict()
    assert everything["date"] == {"text": "unknown", "earliest": None, "latest": None}
    assert everything["as_of"] == 3
    moment = timeline.records()[-1].recorded_at
    assert timeline.state_at("1930", as_of=moment).to_dict()["as_of"] == moment.isoformat()


def test_a_report_without_source_or_figures_keeps_source_null_and_omits_figures() -> None:
    t = Timeline(MemoryStore())
    t.append([FiguresReported(id="r", when="1931-01-01", periodicals=56, note="Stasova stated")])
    (report,) = t.state_at("1932").to_dict()["reports"]
    assert report == {
        "when": {
            "text": "1931-01-01",
            "edtf": "1931-01-01",
            "earliest": "1931-01-01",
            "latest": "1931-01-01",
        },
        "periodicals": 56,
        "note": "Stasova stated",
        "certainty": "certain",
        "source": None,
        "disputed": False,
        "events": ["r"],
    }


@pytest.mark.parametrize(
    "when",
    [
        "1926-01-01",
        _dt.date(1926, 1, 1),
        _dt.datetime(1926, 1, 1, 12, 30, tzinfo=_dt.UTC),
        pendulum.date(1926, 1, 1),
        FuzzyDate.exact(_dt.date(1926, 1, 1)),
    ],
)
def test_state_at_accepts_every_kind_of_date(timeline: Timeline, when: Any) -> None:
    state = timeline.state_at(when)
    assert (state.date.lo, state.date.hi) == (_dt.date(1926, 1, 1).toordinal(),) * 2
    assert state.leader_certainty("Julian Marchlewski") is Certainty.CERTAIN


@pytest.mark.parametrize("when", ["not a date", 1926, None, 19.26, ["1926"]])
def test_a_bad_date_raises_date_parse_error(timeline: Timeline, when: Any) -> None:
    with pytest.raises(DateParseError):
        timeline.state_at(when)


@pytest.mark.parametrize(
    ("as_of", "reason"),
    [
        (_dt.datetime(1930, 1, 1), "time zone"),
        (True, "stream version"),
        (1.5, "float"),
        (-1, ">= 0"),
        ("3", "str"),
        (_dt.date(1930, 1, 1), "date"),
    ],
)
def test_a_bad_as_of_raises_as_of_error(timeline: Timeline, as_of: Any, reason: str) -> None:
    with pytest.raises(AsOfError, match=reason) as caught:
        timeline.state_at("1930", as_of=as_of)
    assert isinstance(caught.value, ValueError)
    with pytest.raises(AsOfError):
        timeline.records(as_of=as_of)


def test_as_of_a_version_sees_only_the_records_up_to_it(timeline: Timeline) -> None:
    assert timeline.state_at("1930", as_of=3).sections == ()
    assert timeline.state_at("1930", as_of=0).exists is Certainty.IMPOSSIBLE
    assert timeline.state_at("1930", as_of=99).section("Germany") is Certainty.CERTAIN
    assert [r.version for r in timeline.records(as_of=2)] == [1, 2]


def test_as_of_a_recording_time_sees_the_records_recorded_by_then(timeline: Timeline) -> None:
    first_batch = timeline.records()[2].recorded_at
    assert timeline.state_at("1930", as_of=first_batch).sections == ()
    before = first_batch - _dt.timedelta(microseconds=1)
    assert timeline.records(as_of=before) == []
    later = pendulum.now("Europe/Moscow").add(days=1)
    assert len(timeline.records(as_of=later)) == 6


def test_appends_by_another_timeline_are_seen(timeline: Timeline) -> None:
    other = Timeline(timeline.store, "mopr")
    other.append([Retracted(target="s", reason="the section was founded later")])
    assert timeline.state_at("1930").sections == ()
    assert timeline.version == 7
    assert timeline.state_at("1930", as_of=6).section("Germany") is Certainty.CERTAIN


def test_append_honours_expected_version(timeline: Timeline) -> None:
    from mopr_timeline import ConcurrencyError

    with pytest.raises(ConcurrencyError):
        timeline.append([Occurred(when="1930", text="x")], expected_version=2)
    assert timeline.append([Occurred(when="1930", text="x")], expected_version=6) == 7


def test_streams_are_separate(timeline: Timeline) -> None:
    elsewhere = Timeline(timeline.store, "other")
    assert elsewhere.version == 0
    assert elsewhere.state_at("1930").to_dict()["organization"] == "other"
    assert elsewhere.state_at("1930").exists is Certainty.IMPOSSIBLE


def test_accessors_list_records_events_and_retractions(timeline: Timeline) -> None:
    timeline.append([Retracted(id="x", target="c", reason="wrong month")])
    assert len(timeline.records()) == 7
    assert [e.id for e in timeline.events()] == ["f", "l", "g", "s", "r"]
    assert [e.id for e in timeline.events(as_of=6)] == ["f", "l", "g", "s", "c", "r"]
    assert timeline.retracted()["c"].event.id == "x"
    assert timeline.retracted(as_of=6) == {}


def test_chronology_is_the_visible_events_in_date_order(timeline: Timeline) -> None:
    ids = [entry.event.id for entry in timeline.chronology()]
    assert ids == ["f", "l", "g", "c", "s", "r"]
    assert [e.event.id for e in timeline.chronology(as_of=3)] == ["f", "l", "g"]
    assert [e.event.id for e in timeline.chronology(countries=["Germany"])] == ["s"]


def test_a_store_that_shrinks_is_refused() -> None:
    store = MemoryStore()
    t = Timeline(store)
    t.append([Occurred(when="1930", text="x")])
    fresh = MemoryStore()
    t.store = fresh
    with pytest.raises(ReplayError, match="never shrinks"):
        t.state_at("1930")


def test_the_index_refuses_records_out_of_order(timeline: Timeline) -> None:
    from mopr_timeline.replay._index import ReplayIndex

    index = ReplayIndex("mopr")
    with pytest.raises(ReplayError, match="expected version 1 next, got version 2"):
        index.add(timeline.records()[1])


def test_an_as_of_index_is_reused_and_matches_a_fresh_one(timeline: Timeline) -> None:
    first = timeline.state_at("1930", as_of=4)
    timeline.append([SectionEstablished(when="1929", country="France")])
    assert timeline.state_at("1930", as_of=4) == first
    assert timeline.state_at("1930").section("France") is Certainty.CERTAIN


def test_appends_through_another_connection_to_the_same_database_are_seen(tmp_path: Any) -> None:
    from mopr_timeline import SQLiteStore

    with (
        SQLiteStore(tmp_path / "events.sqlite") as mine,
        SQLiteStore(tmp_path / "events.sqlite") as theirs,
    ):
        timeline = Timeline(mine, "mopr")
        assert timeline.state_at("1930").exists is Certainty.IMPOSSIBLE
        theirs.append("mopr", [Founded(when="1922", name="International Red Aid")])
        assert timeline.state_at("1930").exists is Certainty.CERTAIN
        assert timeline.version == 1


def test_as_of_a_recording_time_equals_as_of_the_last_version_recorded_by_then(
    timeline: Timeline,
) -> None:
    for record in timeline.records():
        moment = record.recorded_at
        version = max(r.version for r in timeline.records() if r.recorded_at <= moment)
        by_time = timeline.state_at("1930", as_of=moment).to_dict()
        by_version = timeline.state_at("1930", as_of=version).to_dict()
        assert by_time.pop("as_of") == moment.isoformat()
        assert by_version.pop("as_of") == version
        assert by_time == by_version
