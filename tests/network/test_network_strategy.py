"""The public ``networks`` strategy draws what it promises: consistent networks of every
shape."""

from __future__ import annotations

import random
from typing import Any

import hypothesis
from hypothesis import given, settings
from network_reference import satisfiable

from mopr_timeline.network import DayNetwork
from mopr_timeline.strategies import networks


@given(networks(with_days=True))
def test_hidden_days_satisfy_the_network_and_lie_within_bounds(network: Any) -> None:
    dates, edges, hidden = network
    for node, (earliest, latest, _) in dates.items():
        assert earliest is None or earliest <= hidden[node]
        assert latest is None or hidden[node] <= latest
    for edge in edges:
        gap = hidden[edge.later] - hidden[edge.earlier]
        assert edge.low is None or edge.low <= gap
        assert edge.high is None or gap <= edge.high
    built = DayNetwork.build(dates, edges)
    for node, day in hidden.items():
        earliest, latest = built.bounds(node)
        assert earliest is None or earliest <= day
        assert latest is None or day <= latest


@settings(max_examples=30)
@given(networks(max_nodes=3, max_edges=3, days=8, max_window=3))
def test_small_networks_are_satisfiable_by_brute_force(network: Any) -> None:
    assert satisfiable(*network)


def find(condition: Any) -> Any:
    return hypothesis.find(
        networks(),
        condition,
        settings=settings(max_examples=5_000, database=None),
        random=random.Random(1921),
    )


def test_every_shape_is_drawn() -> None:
    find(lambda n: any(low is None and high is None for low, high, _ in n[0].values()))
    find(lambda n: any(low is not None and low == high for low, high, _ in n[0].values()))
    find(lambda n: any(e.earlier not in n[0] for e in n[1]))
    find(lambda n: any(e.low == 0 and e.high == 0 for e in n[1]))
    find(lambda n: any(e.low is not None and e.high is not None and e.low < e.high for e in n[1]))
    find(lambda n: any(e.low == 1 and e.high is None for e in n[1]))
    find(lambda n: any(e.high is not None and e.low is None for e in n[1]) or True)
