"""A timeline kept up to date append by append answers as one that loads the whole stream.

Relations make an append narrow the days of events indexed before it (or, with a retraction,
let them go), and the timeline then re-dates just those events in its index; a timeline
opened afterwards indexes every event with its final days at once. Both must give the same
bounds, states and chronology.
"""

from __future__ import annotations

import datetime as _dt

from hypothesis import given, settings
from hypothesis import strategies as st
from replay_strategies import BASE, TEXTS, WINDOW

import mopr_timeline as mt
from mopr_timeline import Event, FuzzyDate, FuzzySpan
from mopr_timeline.strategies import logs


@st.composite
def _dates(draw: st.DrawFn) -> FuzzyDate:
    lo = BASE + draw(st.integers(0, WINDOW))
    return FuzzyDate.from_ordinals(lo, lo + draw(st.sampled_from((0, 1, 3, 10))))


_LOGS = logs(
    max_events=7,
    max_retractions=1,
    max_relations=5,
    links=True,
    texts=TEXTS,
    dates=_dates(),
    spans=_dates().map(lambda start: FuzzySpan(start=start, end=start)),
    sources=st.none(),
)


def _answers(timeline: mt.Timeline) -> list[object]:
    days = [_dt.date.fromordinal(BASE + offset) for offset in range(-1, WINDOW + 12)]
    found: list[object] = [timeline.state_at(day).to_dict() for day in days]
    for event in timeline.events():
        if hasattr(event, "when"):
            narrowed = timeline.bounds(event.id)
            found.append((event.id, narrowed.earliest, narrowed.latest, narrowed.reasons))
    found.append([(entry.id, entry.text) for entry in timeline.chronology()])
    return found


@settings(max_examples=300, deadline=None)
@given(_LOGS)
def test_appending_one_by_one_answers_as_loading_the_whole_stream(events: list[Event]) -> None:
    kept = mt.Timeline(mt.MemoryStore(), "s")
    # founded before every day asked, so that the facts the events set can hold
    kept.append(
        [mt.Founded(id="founding", when=FuzzyDate.from_ordinals(BASE - 9, BASE - 9), name="A")]
    )
    for event in events:
        try:
            kept.append([event])
        except (mt.ConstraintError, mt.RetractionError):
            continue
        fresh = mt.Timeline(kept.store, "s")
        assert _answers(kept) == _answers(fresh)


def test_a_search_through_an_end_node_and_an_id_with_equal_costs_is_answered() -> None:
    """The day network's search once compared an end node with an id when two had the same
    cost (a raw ``TypeError`` from ``Timeline.append``)."""
    timeline = mt.Timeline(mt.MemoryStore())
    timeline.append(
        [
            mt.Founded(id="e0", name="B", when="1924-01-04"),
            mt.Dissolved(
                id="e2",
                when="[1924-01-03..1924-01-06]",
                relations=(
                    mt.After("e3", within="2 days", at_least="2 days"),
                    mt.After("e3", of="end"),
                ),
            ),
            mt.Retracted(id="r0", target="e0", reason="test"),
            mt.GoverningBodyNamed(
                id="e3",
                name="B",
                when="[1924-01-04..1924-01-05]",
                contradicts=("e2",),
                relations=(mt.After("e0", at_least="1 day"),),
            ),
        ]
    )
    narrowed = timeline.bounds("e2")
    assert (narrowed.earliest, narrowed.latest) == (_dt.date(1924, 1, 6), _dt.date(1924, 1, 6))
