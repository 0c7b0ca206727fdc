"""The day network against the brute-force reference, on small random networks."""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from network_reference import day_ranges, satisfiable

from mopr_timeline.network import ConstraintError, DayNetwork, Edge, Step
from mopr_timeline.network import _network as network_module

Dates = dict[Hashable, tuple[int | None, int | None, str]]
Network = tuple[Dates, list[Edge]]

NAMES = ("a", "b", "c", "d")
WIDEST = 3
LAST = 10


@st.composite
def own_dates(draw: st.DrawFn) -> tuple[int | None, int | None, str]:
    low = draw(st.none() | st.integers(0, LAST))
    high = draw(st.none() | st.integers(low if low is not None else 0, LAST))
    return low, high, f"dated {low}..{high}"


@st.composite
def edges(draw: st.DrawFn, names: Sequence[Hashable]) -> Edge:
    earlier = draw(st.sampled_from(names))
    later = draw(st.sampled_from(names))
    low = draw(st.none() | st.integers(-WIDEST, WIDEST))
    high = draw(st.none() | st.integers(low if low is not None else -WIDEST, WIDEST))
    return Edge(earlier, later, low, high, f"edge {earlier}->{later} [{low}, {high}]")


@st.composite
def networks(draw: st.DrawFn, max_nodes: int = 4, max_edges: int = 5) -> Network:
    """Networks that may or may not be satisfiable; some nodes are only named by edges."""
    names = NAMES[: draw(st.integers(1, max_nodes))]
    dated = draw(st.lists(st.sampled_from(names), unique=True))
    dates = {name: draw(own_dates()) for name in dated}
    chosen = draw(st.lists(edges(names), max_size=max_edges))
    return dates, chosen


def snapshot(network: DayNetwork) -> Any:
    """Everything a caller can see."""
    return (
        {node: (network.bounds(node), network.reasons(node)) for node in network.nodes()},
        network.edges(),
        {node: network.own(node) for node in network.nodes()},
    )


def bounds_of(network: DayNetwork) -> dict[Hashable, tuple[int | None, int | None]]:
    return {node: network.bounds(node) for node in network.nodes()}


def weight_between(step: Step, previous: Step, late: bool) -> int:
    """The limit by which ``step.edge`` moves the bound from ``previous.node`` to
    ``step.node``."""
    edge = step.edge
    assert edge is not None
    if late:  # latest(node) <= latest(previous) + limit
        if edge.earlier == previous.node and edge.later == step.node and edge.high is not None:
            return edge.high
        assert edge.later == previous.node
        assert edge.earlier == step.node
        assert edge.low is not None
        return -edge.low
    # earliest(node) >= earliest(previous) + limit
    if edge.earlier == previous.node and edge.later == step.node and edge.low is not None:
        return edge.low
    assert edge.later == previous.node
    assert edge.earlier == step.node
    assert edge.high is not None
    return -edge.high


def assert_reasons_valid(network: DayNetwork, dates: Mapping[Hashable, Any]) -> None:
    """Each chain starts at an own bound, each link adds its edge's limit, and the last link
    is the narrowed bound itself."""
    for node in network.nodes():
        earliest, latest = network.bounds(node)
        for chain, bound, late, own_index in (
            (network.reasons(node)[0], earliest, False, 0),
            (network.reasons(node)[1], latest, True, 1),
        ):
            own = dates.get(node)
            if not chain:
                assert bound is None or (own is not None and own[own_index] == bound)
                continue
            first = chain[0]
            assert first.edge is None
            assert first.why == dates[first.node][2]
            assert first.day == dates[first.node][own_index]
            for previous, step in itertools.pairwise(chain):
                assert step.edge is not None
                assert step.why == step.edge.why
                assert previous.day is not None
                assert step.day == previous.day + weight_between(step, previous, late)
            assert chain[-1].node == node
            assert chain[-1].day == bound


def cycle_constraints(error: ConstraintError, dates: Dates) -> Network:
    """The own dates and edges an error names."""
    named_dates = {step.node: dates[step.node] for step in error.cycle if step.edge is None}
    named_edges = [step.edge for step in error.cycle if step.edge is not None]
    return named_dates, named_edges


@given(networks())
def test_build_is_exact(network: Network) -> None:
    dates, chosen = network
    expected = day_ranges(dates, chosen)
    if expected is None:
        with pytest.raises(ConstraintError) as raised:
            DayNetwork.build(dates, chosen)
        # The constraints the error names cannot hold on their own.
        assert not satisfiable(*cycle_constraints(raised.value, dates))
        return
    built = DayNetwork.build(dates, chosen)
    assert bounds_of(built) == expected
    assert_reasons_valid(built, dates)


@given(networks(), networks(), st.booleans())
def test_add_refuses_exactly_and_atomically(base: Network, more: Network, check: bool) -> None:
    dates, chosen = base
    assume(satisfiable(dates, chosen))
    network = DayNetwork.build(dates, chosen)
    before = snapshot(network)
    more_dates, more_edges = more
    merged = {**dates, **more_dates}
    expected = day_ranges(merged, [*chosen, *more_edges])
    if expected is None:
        change = network.check if check else network.add
        with pytest.raises(ConstraintError) as raised:
            change(more_dates, more_edges)
        assert snapshot(network) == before
        assert not satisfiable(*cycle_constraints(raised.value, merged))
        return
    if check:
        network.check(more_dates, more_edges)
        assert snapshot(network) == before
        return
    old = bounds_of(network)
    changed = network.add(more_dates, more_edges)
    assert bounds_of(network) == expected
    assert changed == {node for node in expected if old.get(node, "new") != expected[node]}
    assert_reasons_valid(network, merged)


@given(st.lists(networks(max_edges=3), min_size=1, max_size=4))
def test_incremental_adds_equal_a_build(batches: list[Network]) -> None:
    network = DayNetwork()
    dates: Dates = {}
    chosen: list[Edge] = []
    for more_dates, more_edges in batches:
        try:
            network.add(more_dates, more_edges)
        except ConstraintError:
            continue
        dates.update(more_dates)
        chosen.extend(more_edges)
    built = DayNetwork.build(dates, chosen)
    assert bounds_of(network) == bounds_of(built)
    assert set(network.edges()) == set(built.edges())
    assert_reasons_valid(network, dates)


@given(networks(max_edges=6), st.lists(st.sampled_from(NAMES), max_size=2))
def test_remove_equals_a_build_without(network: Network, gone: list[str]) -> None:
    dates, chosen = network
    assume(satisfiable(dates, chosen))
    built = DayNetwork.build(dates, chosen)
    old = bounds_of(built)
    changed = built.remove(gone)
    kept_dates = {node: own for node, own in dates.items() if node not in gone}
    kept_edges = [e for e in chosen if e.earlier not in gone and e.later not in gone]
    expected = day_ranges(kept_dates, kept_edges)
    assert expected is not None
    assert bounds_of(built) == expected
    assert changed == {node for node in expected if old[node] != expected[node]}
    assert_reasons_valid(built, kept_dates)


@settings(max_examples=50)
@given(networks(max_nodes=3, max_edges=3), networks(max_nodes=3, max_edges=3))
def test_copy_is_independent(base: Network, more: Network) -> None:
    assume(satisfiable(*base))
    network = DayNetwork.build(*base)
    before = snapshot(network)
    copied = network.copy()
    with contextlib.suppress(ConstraintError):
        copied.add(*more)
    assert snapshot(network) == before


@pytest.mark.parametrize("looks", [(0, 20), (0, 0)])
@settings(max_examples=40, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(network=networks())
def test_every_way_of_building_is_exact(
    monkeypatch: pytest.MonkeyPatch, looks: tuple[int, int], network: Network
) -> None:
    """A build that gives up settling in the order given (then along the edges) and narrows
    the careful way gives the same answers (the patch is undone after every example)."""
    with monkeypatch.context() as patched:
        patched.setattr(network_module, "_LOOKS_AGAIN", looks)
        patched.setattr(network_module, "_LOOKS_SLACK", 0)
        dates, chosen = network
        expected = day_ranges(dates, chosen)
        if expected is None:
            with pytest.raises(ConstraintError):
                DayNetwork.build(dates, chosen)
            return
        built = DayNetwork.build(dates, chosen)
        assert bounds_of(built) == expected
        assert_reasons_valid(built, dates)


@given(
    st.lists(
        st.tuples(networks(max_edges=3), st.lists(st.sampled_from(NAMES), max_size=2)),
        min_size=1,
        max_size=5,
    )
)
def test_adds_and_removes_equal_a_build(steps: list[tuple[Network, list[str]]]) -> None:
    """Adding batches and removing nodes in turn leaves what a build of what is left gives,
    and each remove reports exactly the nodes whose bounds it changed."""
    network = DayNetwork()
    dates: Dates = {}
    chosen: list[Edge] = []
    for (more_dates, more_edges), gone in steps:
        try:
            network.add(more_dates, more_edges)
        except ConstraintError:
            pass
        else:
            dates.update(more_dates)
            chosen.extend(more_edges)
        old = bounds_of(network)
        changed = network.remove(gone)
        dates = {node: own for node, own in dates.items() if node not in gone}
        chosen = [e for e in chosen if e.earlier not in gone and e.later not in gone]
        now = bounds_of(network)
        assert changed == {node for node in now if old[node] != now[node]}
        assert now == bounds_of(DayNetwork.build(dates, chosen))
        assert_reasons_valid(network, dates)
