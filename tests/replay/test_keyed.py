"""Keyed families' life intervals (a country's section) against their definition, however the
events arrive."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.replay._keyed import KeyedRegisters

BASE = 700_000

Item = tuple[str, str, int, int]
"""An event of a register: kind ("set" or "end"), country, lo, hi."""


@st.composite
def items(draw: st.DrawFn) -> Item:
    kind = draw(st.sampled_from(("set", "set", "end")))
    lo = BASE + draw(st.integers(0, 6))
    hi = lo + draw(st.sampled_from((0, 0, 1, 3)))
    if draw(st.integers(0, 9)) == 0:
        lo = MIN_ORDINAL
    return kind, draw(st.sampled_from(("A", "B"))), lo, hi


def expected_life(events: list[Item]) -> dict[int, int]:
    """The definition: an establishment ``a`` lives until the day before the first day on
    which an event of its register with a ``(lo, position)`` above ``(hi_a, a)`` has
    certainly happened; its register is its country's establishments and ends."""
    life: dict[int, int] = {}
    by_position = dict(enumerate(events, start=1))
    for a, (kind, country, lo_a, hi_a) in by_position.items():
        if kind != "set":
            continue
        enders = [p for p, e in by_position.items() if e[0] == "end" and e[1] == country]
        register = [p for p, e in by_position.items() if e[0] == "set" and e[1] == country]
        later = [by_position[e][3] for e in register + enders if (by_position[e][2], e) > (hi_a, a)]
        end = min(later, default=MAX_ORDINAL + 1) - 1
        if lo_a <= end:
            life[a] = end
    return life


def registers(events: list[Item]) -> KeyedRegisters:
    lo = [0] + [e[2] for e in events]
    hi = [0] + [e[3] for e in events]
    return KeyedRegisters("sections", lo, hi, [None] + [f"e{i}" for i in range(len(events))])


def add(sections: KeyedRegisters, events: list[Item], positions: range) -> None:
    """Hand over ``positions`` at once, grouped by kind and country as a load does."""
    established: dict[str, list[int]] = {}
    ended: dict[str, list[int]] = {}
    for p in positions:
        kind, country, _, _ = events[p - 1]
        if kind == "set":
            established.setdefault(country, []).append(p)
        else:
            ended.setdefault(country, []).append(p)
    sections.open_many(established)
    sections.close_many(ended)


@given(st.lists(items(), max_size=25), st.integers(0, 25))
def test_life_intervals_follow_their_definition_loaded_at_once_or_in_two_parts(
    events: list[Item], split: int
) -> None:
    expected = expected_life(events)
    at_once = registers(events)
    add(at_once, events, range(1, len(events) + 1))
    at_once.flush()
    in_two = registers(events)
    add(in_two, events, range(1, min(split, len(events)) + 1))
    in_two.flush()
    add(in_two, events, range(min(split, len(events)) + 1, len(events) + 1))
    in_two.flush()
    for sections in (at_once, in_two):
        assert dict(sections.snapshot()[3]) == expected
    assert in_two.snapshot() == at_once.snapshot()


@given(st.lists(items(), max_size=25))
def test_life_intervals_follow_their_definition_added_one_by_one(events: list[Item]) -> None:
    sections = registers(events)
    for p, (kind, country, _, _) in enumerate(events, start=1):
        if kind == "set":
            sections.open(p, country, adding=True)
        else:
            sections.close(p, country, adding=True)
        sections.flush()
    assert dict(sections.snapshot()[3]) == expected_life(events)
