"""Replay with relations: narrowed bounds with their reasons, answers from them, as_of."""

from __future__ import annotations

import datetime as _dt

import pytest

import mopr_timeline as mt
from mopr_timeline.dates import Certainty


def _stasova() -> mt.Timeline:
    store = mt.MemoryStore()
    store.append(
        "mopr",
        [
            mt.Founded(id="founded", when="1922", name="International Red Aid"),
            mt.LeaderAppointed(id="appointed", when="1927", person="Elena Stasova"),
            mt.LeaderLeft(id="left", when="1937", person="Elena Stasova"),
            mt.Occurred(
                id="deemphasis",
                when="",
                text="its international character was deemphasized",
                relations=(mt.After("left"),),
            ),
        ],
    )
    return mt.Timeline(store, "mopr")


def test_bounds_start_after_the_related_event_and_say_why() -> None:
    narrowed = _stasova().bounds("deemphasis")
    assert narrowed.earliest == _dt.date(1937, 1, 2)
    assert narrowed.latest is None
    assert narrowed.reasons == ("earliest 1937-01-02: after left, dated 1937",)
    assert narrowed.date.text == narrowed.own.text
    assert narrowed.is_narrowed


def test_an_unrelated_event_keeps_its_own_bounds() -> None:
    narrowed = _stasova().bounds("founded")
    assert (narrowed.earliest, narrowed.latest) == (_dt.date(1922, 1, 1), _dt.date(1922, 12, 31))
    assert narrowed.reasons == ()
    assert not narrowed.is_narrowed


def test_bounds_of_an_unknown_event_is_our_error() -> None:
    with pytest.raises(mt.ReplayError, match="nobody"):
        _stasova().bounds("nobody")


def test_state_at_answers_from_narrowed_bounds() -> None:
    timeline = _stasova()
    # without the relation the deemphasis (undated) could have happened any day
    assert [e.id for e in timeline.chronology()][-1] == "deemphasis"
    order = [e.id for e in timeline.chronology()]
    assert order.index("left") < order.index("deemphasis")


def test_a_leader_leaving_by_1935_not_before_the_appointment() -> None:
    store = mt.MemoryStore()
    store.append(
        "wir",
        [
            mt.Founded(id="founded", when="1921-08", name="Workers International Relief"),
            mt.LeaderAppointed(id="appointed", when="1924", person="Willi Münzenberg"),
            mt.LeaderLeft(
                id="left",
                when="by 1935",
                person="Willi Münzenberg",
                relations=(mt.NotBefore("appointed"),),
            ),
        ],
    )
    timeline = mt.Timeline(store, "wir")
    narrowed = timeline.bounds("left")
    assert narrowed.earliest == _dt.date(1924, 1, 1)
    assert narrowed.reasons == ("earliest 1924-01-01: not before appointed, dated 1924",)
    leaders = timeline.state_at("1923-06-01").facts("leaders")
    assert [f.certainty for f in leaders] == []


def test_as_of_sees_only_the_relations_recorded_by_then() -> None:
    store = mt.MemoryStore()
    store.append("s", [mt.Occurred(id="a", when="1930", text="a")])
    store.append("s", [mt.Occurred(id="b", when="1920s", text="b")])
    store.append("s", [mt.Occurred(id="c", when="1920s", text="c", relations=(mt.Before("b"),))])
    timeline = mt.Timeline(store, "s")
    assert timeline.bounds("c").latest == _dt.date(1929, 12, 30)
    assert timeline.bounds("b", as_of=2).reasons == ()
    with pytest.raises(mt.ReplayError):
        timeline.bounds("c", as_of=2)


def test_a_relation_to_an_earlier_event_narrows_it_in_state_at() -> None:
    store = mt.MemoryStore()
    store.append("s", [mt.Founded(id="founded", when="1920s", name="X")])
    timeline = mt.Timeline(store, "s")
    assert timeline.state_at("1925-06-01").exists is Certainty.POSSIBLE
    timeline.append([mt.Occurred(id="o", when="1924", text="o", relations=(mt.After("founded"),))])
    assert timeline.bounds("founded").latest == _dt.date(1924, 12, 30)
    assert timeline.state_at("1925-06-01").exists is Certainty.CERTAIN


def test_retracting_a_relation_frees_the_day() -> None:
    store = mt.MemoryStore()
    store.append("s", [mt.Founded(id="founded", when="1920s", name="X")])
    store.append(
        "s", [mt.Occurred(id="o", when="1924", text="o", relations=(mt.After("founded"),))]
    )
    timeline = mt.Timeline(store, "s")
    assert timeline.state_at("1925-06-01").exists is Certainty.CERTAIN
    timeline.append([mt.Retracted(target="o", reason="misread")])
    assert timeline.state_at("1925-06-01").exists is Certainty.POSSIBLE
    assert timeline.bounds("founded").reasons == ()
