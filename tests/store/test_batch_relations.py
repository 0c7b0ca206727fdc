"""A batch whose relations contradict one another is refused as the same events appended one
by one would be: the store checks a relation to an event of the same batch too."""

from __future__ import annotations

from pathlib import Path

import pytest

import mopr_timeline as mt
from mopr_timeline.store import StreamNetwork


@pytest.fixture(params=["memory", "sqlite", "file"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> mt.Store:
    if request.param == "memory":
        return mt.MemoryStore()
    if request.param == "sqlite":
        return mt.SQLiteStore(tmp_path / "s.sqlite")
    return mt.FileStore(tmp_path / "files")


def _pair() -> list[mt.Event]:
    return [
        mt.Occurred(id="a", when="1925-03-01", text="the first"),
        mt.Occurred(id="b", when="1925-03-01", text="the second", relations=(mt.After("a"),)),
    ]


def test_a_relation_to_an_event_of_the_same_batch_is_checked(store: mt.Store) -> None:
    with pytest.raises(mt.ConstraintError, match="a dated 1925-03-01"):
        store.append("s", _pair())
    assert list(store.read("s")) == []


def test_one_by_one_the_same_events_are_refused_alike(store: mt.Store) -> None:
    first, second = _pair()
    store.append("s", [first])
    with pytest.raises(mt.ConstraintError, match="a dated 1925-03-01"):
        store.append("s", [second])
    assert [r.event.id for r in store.read("s")] == ["a"]


def test_a_consistent_batch_is_taken(store: mt.Store) -> None:
    first, second = _pair()
    later = mt.Occurred(id="b", when="1925-03-02", text="the second", relations=second.relations)
    assert store.append("s", [first, later]) == 2


def test_a_stored_event_whose_date_contradicts_an_earlier_relation_still_reads() -> None:
    """Two writers can each pass the check and together store what no reading satisfies (or
    an earlier release could): reading it leaves the contradicted event out of the network
    with its own date, and says so, rather than failing."""
    network = StreamNetwork()
    earlier = mt.Occurred(id="e0", when="1924-01-01", text="x", relations=(mt.After("e1"),))
    later = mt.Occurred(id="e1", when="1924-01-01", text="y")
    network.feed([earlier, later])
    assert [event_id for event_id, _ in network.left_out] == ["e1"]
    assert "e1" not in network.narrowed()
