"""Relations on events: built with mt.After and the like, checked when made, stored only when
set (records without them read back unchanged)."""

from __future__ import annotations

import orjson
import pytest

import mopr_timeline as mt
from mopr_timeline.events import event_from_dict, event_to_dict


def _left(**extra: object) -> mt.LeaderLeft:
    return mt.LeaderLeft(id="left", person="Elena Stasova", when="1937", **extra)  # type: ignore[arg-type]


def test_every_builder_makes_a_relation_that_round_trips() -> None:
    relations = (
        mt.After("appointed", within="3 months"),
        mt.Before("dissolved", at_least="1 year"),
        mt.NotBefore("congress", of="end"),
        mt.NotAfter("other", within="10 days", at_least="2 days"),
        mt.SameDay("founded"),
    )
    event = _left(relations=relations)
    data = orjson.loads(orjson.dumps(event_to_dict(event)))
    assert data["relations"][0] == {
        "at_least": None,
        "event": "appointed",
        "of": None,
        "relation": "after",
        "within": "3 months",
    }
    assert event_from_dict(data) == event
    assert repr(relations[0]) == "After('appointed', within='3 months')"


def test_an_event_without_relations_is_stored_as_before() -> None:
    data = event_to_dict(_left())
    assert "relations" not in data
    assert event_from_dict(data).relations == ()


def test_a_list_of_relations_becomes_a_tuple() -> None:
    assert _left(relations=[mt.After("x")]).relations == (mt.After("x"),)


@pytest.mark.parametrize(
    ("relations", "words"),
    [
        ((mt.After("left"),), "cannot be dated by itself"),
        (("after x",), "expected a tuple of relations"),
        ((mt.After("x"), mt.After("x")), "holds a relation twice"),
    ],
)
def test_bad_relations_are_refused_with_our_error(relations: object, words: str) -> None:
    with pytest.raises(mt.EventError, match=words):
        _left(relations=relations)


@pytest.mark.parametrize(
    ("make", "words"),
    [
        (lambda: mt.After("x", within="soon"), "within"),
        (lambda: mt.After("x", at_least=3), "at_least"),
        (lambda: mt.After("x", of="middle"), "'start' or 'end'"),
        (lambda: mt.After(""), "event"),
        (lambda: mt.SameDay("x", within="3 days"), "no window"),
        (lambda: mt.After("x", within="1 month", at_least="1 year"), "cannot hold within"),
    ],
)
def test_a_bad_relation_is_refused_when_made(make: object, words: str) -> None:
    with pytest.raises(mt.EventError, match=words) as caught:
        make()  # type: ignore[operator]
    assert "\n" not in str(caught.value)


def test_a_retraction_takes_no_relations() -> None:
    with pytest.raises(mt.EventError, match="without a day"):
        mt.Retracted(target="x", reason="wrong", relations=(mt.After("y"),))


def test_a_stored_relation_that_does_not_read_names_the_field() -> None:
    data = event_to_dict(_left(relations=(mt.After("x"),)))
    data["relations"][0]["within"] = "a while"
    with pytest.raises(mt.SerialError, match="relations"):
        event_from_dict(data)


def test_a_window_never_excludes_a_possible_day() -> None:
    edge = mt.After("x", within="1 month", at_least="1 month").edge("y")
    assert (edge.earlier, edge.later) == ("x", "y")
    assert edge.low is not None
    assert edge.high is not None
    assert edge.low <= 28
    assert edge.high >= 31
    before = mt.Before("x").edge("y")
    assert (before.earlier, before.later, before.low, before.high) == ("y", "x", 1, None)
    same = mt.SameDay("x", of="end").edge("y")
    assert (same.earlier, same.low, same.high) == (("x", "end"), 0, 0)
