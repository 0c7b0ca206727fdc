"""A batch whose relations contradict one another is refused as the same events appended one
by one would be: the store checks a relation to an event of the same batch too."""

from __future__ import annotations

from pathlib import Path

import pytest

import mopr_timeline as mt


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
