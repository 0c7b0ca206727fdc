"""Bulk loads: records read in chunks, gathered by kind and handed to each structure at once.

Whatever the chunk size and however the records are split between loads and single appends
(with queries in between, so that incremental updates run on built structures), the index
must hold and answer exactly what record-by-record indexing gives; a load that fails midway
must leave every record before the failure indexed, and nothing after it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator, Sequence
from unittest import mock

import pytest
from hypothesis import given
from hypothesis import strategies as st
from replay_strategies import BASE, long_logs

from mopr_timeline import (
    Certainty,
    Event,
    Founded,
    FuzzyDate,
    IntegrityError,
    LeaderAppointed,
    RecordedEvent,
    RecordError,
    Retracted,
    SectionDissolved,
    SectionEstablished,
)
from mopr_timeline.events import Glance, glance_event
from mopr_timeline.replay import ReplayError
from mopr_timeline.replay._index import ReplayIndex
from mopr_timeline.store._codec import encode_event
from mopr_timeline.store._lazy import LazyRecord

MOMENT = _dt.datetime(2026, 1, 1, tzinfo=_dt.UTC)


def records_of(events: Sequence[Event], *, stored_glance: bool = True) -> list[LazyRecord]:
    """Undecoded records of ``events``, as SQLiteStore hands them out (or FileStore, without
    a stored glance)."""
    return [
        LazyRecord(
            "mopr",
            v,
            MOMENT,
            encode_event(e),
            v,
            lambda p, _: f"row {p}",
            glance=glance_event(e) if stored_glance else None,
        )
        for v, e in enumerate(events, start=1)
    ]


def one_by_one(records: Sequence[RecordedEvent | LazyRecord]) -> ReplayIndex:
    index = ReplayIndex("mopr")
    for record in records:
        index.add(record)
    return index


def queries() -> st.SearchStrategy[FuzzyDate]:
    return st.builds(
        lambda lo, width: FuzzyDate.from_ordinals(BASE + lo, BASE + lo + width),
        st.integers(-5, 70),
        st.sampled_from((0, 2, 40)),
    )


@given(
    long_logs(),
    st.integers(1, 7),
    st.lists(st.integers(0, 80), max_size=3),
    st.lists(queries(), min_size=1, max_size=3),
    st.booleans(),
)
def test_loads_in_chunks_then_appends_equal_record_by_record_indexing(
    events: list[Event],
    chunk: int,
    cuts: list[int],
    asked: list[FuzzyDate],
    stored_glance: bool,
) -> None:
    records = records_of(events, stored_glance=stored_glance)
    reference = one_by_one(records_of(events, stored_glance=stored_glance))
    bulk = ReplayIndex("mopr")
    bounds = sorted({min(cut, len(records)) for cut in cuts} | {len(records)})
    start = 0
    with mock.patch("mopr_timeline.replay._index._CHUNK", chunk):
        for end in bounds:
            bulk.add_all(records[start:end])
            for query in asked:
                bulk.state(query, None)
            start = end
    assert bulk.snapshot() == reference.snapshot()
    for query in asked:
        assert bulk.state(query, None) == reference.state(query, None)


@given(long_logs(), st.integers(0, 70), st.lists(queries(), min_size=1, max_size=2))
def test_a_load_then_single_appends_and_retractions_equal_record_by_record_indexing(
    events: list[Event], loaded: int, asked: list[FuzzyDate]
) -> None:
    """A large load builds every structure at once; the appends after it (retractions of
    loaded events among them) update those structures in place."""
    tail: list[Event] = [
        Retracted(id=f"late{i}", target=e.id, reason="test")
        for i, e in enumerate(events[: min(loaded, len(events))][::7])
        if not isinstance(e, Retracted)
    ]
    tail += [SectionEstablished(id="late-s", when="1924-01-20", country="Germany")]
    tail += [SectionDissolved(id="late-d", when="1924-02", country="Germany")]
    everything = events + tail
    records = records_of(everything)
    split = min(loaded, len(events))
    bulk = ReplayIndex("mopr")
    bulk.add_all(records[:split])
    for record in records[split:]:
        for query in asked:
            bulk.state(query, None)
        bulk.add(record)
    reference = one_by_one(records_of(everything))
    assert bulk.snapshot() == reference.snapshot()
    for query in asked:
        assert bulk.state(query, None) == reference.state(query, None)


LOG: list[Event] = [
    Founded(id="f", when="1922", name="International Red Aid"),
    LeaderAppointed(id="l", when="1922", person="Julian Marchlewski"),
    SectionEstablished(id="g", when="1924-10", country="Germany", name="RHD"),
    SectionEstablished(id="x", when="1925", country="France"),
    Retracted(id="r", target="x", reason="wrong"),
    SectionEstablished(id="n", when="1926", country="Norway"),
    SectionDissolved(id="gd", when="1933", country="Germany"),
]


def failing(records: Sequence[LazyRecord], at: int) -> Iterator[LazyRecord]:
    """The records, failing as a broken store would when asked for version ``at``."""
    for record in records:
        if record.version == at:
            raise RecordError(f"row {at}", "event", "unreadable")
        yield record


@pytest.mark.parametrize("chunk", [1, 3, 4096])
@pytest.mark.parametrize("at", range(1, len(LOG) + 1))
def test_a_read_failing_midway_leaves_the_records_before_it_indexed(chunk: int, at: int) -> None:
    index = ReplayIndex("mopr")
    with mock.patch("mopr_timeline.replay._index._CHUNK", chunk):
        with pytest.raises(RecordError, match="unreadable"):
            index.add_all(failing(records_of(LOG), at))
        assert index.version == at - 1
        assert index.snapshot() == one_by_one(records_of(LOG[: at - 1])).snapshot()
        index.add_all(records_of(LOG)[at - 1 :])
    assert index.snapshot() == one_by_one(records_of(LOG)).snapshot()


@pytest.mark.parametrize("chunk", [1, 3, 4096])
@pytest.mark.parametrize("at", range(1, len(LOG) + 1))
def test_a_bad_record_midway_fails_there_leaving_the_records_before_it_indexed(
    chunk: int, at: int
) -> None:
    records = records_of(LOG, stored_glance=False)
    broken = records[at - 1]
    records[at - 1] = LazyRecord("mopr", at, MOMENT, "{not json", at, lambda p, _: f"row {p}")
    index = ReplayIndex("mopr")
    with mock.patch("mopr_timeline.replay._index._CHUNK", chunk):
        with pytest.raises(RecordError) as info:
            index.add_all(records)
        assert info.value.location == f"row {at}"
        assert index.version == at - 1
        assert index.snapshot() == one_by_one(records_of(LOG[: at - 1])).snapshot()
        index.add_all([broken, *records[at:]])
    assert index.snapshot() == one_by_one(records_of(LOG)).snapshot()


@pytest.mark.parametrize("chunk", [1, 3, 4096])
def test_a_version_out_of_sequence_midway_is_refused_there(chunk: int) -> None:
    records = records_of(LOG)
    del records[3]
    index = ReplayIndex("mopr")
    with (
        mock.patch("mopr_timeline.replay._index._CHUNK", chunk),
        pytest.raises(ReplayError, match="expected version 4 next, got version 5"),
    ):
        index.add_all(records)
    assert index.version == 3
    assert index.snapshot() == one_by_one(records_of(LOG[:3])).snapshot()


def names_on(index: ReplayIndex, day: str) -> list[str]:
    date = FuzzyDate.from_ordinals(*(2 * [_dt.date.fromisoformat(day).toordinal()]))
    return [fact.value for fact in index.state(date, None).names]


@pytest.mark.parametrize("chunk", [1, 2, 4096])
def test_a_retraction_hides_the_first_event_recorded_with_its_target_id(chunk: int) -> None:
    """Ids are meant to be unique; when two events share one, a retraction recorded after
    both hides the first (as it always has), and one recorded before both hides both."""
    events: list[Event] = [
        Founded(id="f", when="1922", name="Red Aid"),
        Founded(id="f", when="1923", name="MOPR"),
        Retracted(id="r", target="f", reason="duplicate"),
        Retracted(id="early", target="g", reason="before its target"),
        Founded(id="g", when="1922", name="International Red Aid"),
        Founded(id="g", when="1922", name="IRH"),
    ]
    for split in range(len(events) + 1):
        index = ReplayIndex("mopr")
        with mock.patch("mopr_timeline.replay._index._CHUNK", chunk):
            index.add_all(records_of(events)[:split])
            index.add_all(records_of(events)[split:])
        assert names_on(index, "1924-01-01") == ["MOPR"]
        assert index.snapshot() == one_by_one(records_of(events)).snapshot()


def test_a_load_leaves_the_section_intervals_ready_for_the_first_query() -> None:
    """The life intervals are brought up to date by the load itself, not by the query."""
    index = ReplayIndex("mopr")
    index.add_all(records_of(LOG))
    with mock.patch.object(type(index._families["sections"]), "_relife") as relife:
        state = index.state(FuzzyDate.from_ordinals(*(2 * [BASE + 400])), None)
    relife.assert_not_called()
    assert state.section("Germany") is Certainty.CERTAIN
    assert state.section("France") is Certainty.IMPOSSIBLE


def test_mixed_records_in_one_chunk_are_indexed_alike() -> None:
    events = LOG
    lazy = records_of(events)
    decoded = [r.record() for r in records_of(events)]
    mixed: list[RecordedEvent | LazyRecord] = [
        d if i % 2 else r for i, (r, d) in enumerate(zip(lazy, decoded, strict=True))
    ]
    index = ReplayIndex("mopr")
    index.add_all(mixed)
    assert index.snapshot() == one_by_one(decoded).snapshot()
    assert index.records(len(events)) == decoded


@pytest.mark.parametrize("chunk", [1, 4096])
def test_a_stored_glance_with_a_stray_key_is_indexed_by_its_kind(chunk: int) -> None:
    """An altered glance column naming a key for a kind without one still loads (the
    decoded event is checked against it when an answer needs it)."""
    records = records_of(LOG)
    kind, event_id, lo, hi, _, links = glance_event(LOG[0])
    records[0] = LazyRecord(
        "mopr",
        1,
        MOMENT,
        encode_event(LOG[0]),
        1,
        lambda p, _: f"row {p}",
        glance=Glance(kind, event_id, lo, hi, "stray", links),
    )
    index = ReplayIndex("mopr")
    with mock.patch("mopr_timeline.replay._index._CHUNK", chunk):
        index.add_all(records)
    assert index.snapshot() == one_by_one(records_of(LOG)).snapshot()
    with pytest.raises(IntegrityError, match="row 1"):
        names_on(index, "1930-01-01")
