"""Strategies for consistent day networks: own bounds and edges that some days satisfy."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from hypothesis import strategies as st

from mopr_timeline.network import Edge

__all__ = ["networks"]

Dates = dict[str, tuple[int | None, int | None, str]]


def _iso(ordinal: int) -> str:
    return _dt.date.fromordinal(ordinal).isoformat()


def _label(earliest: int | None, latest: int | None) -> str:
    if earliest is None and latest is None:
        return "undated"
    if earliest == latest:
        return f"dated {_iso(earliest)}"  # type: ignore[arg-type]
    if earliest is None:
        return f"by {_iso(latest)}"  # type: ignore[arg-type]
    if latest is None:
        return f"from {_iso(earliest)}"
    return f"dated {_iso(earliest)}..{_iso(latest)}"


def _words(low: int | None, high: int | None, earlier: str) -> str:
    if low is not None and high is not None:
        if low == high == 0:
            return f"same day as {earlier}"
        return f"{low} to {high} days after {earlier}"
    if low is not None:
        return f"after {earlier}" if low == 1 else f"at least {low} days after {earlier}"
    return f"at most {high} days after {earlier}"


@st.composite
def networks(
    draw: st.DrawFn,
    *,
    max_nodes: int = 6,
    max_edges: int | None = None,
    first: _dt.date = _dt.date(1920, 1, 1),
    days: int = 60,
    max_window: int = 30,
    with_days: bool = False,
) -> Any:
    """Consistent networks for ``mopr_timeline.network.DayNetwork``: ``(dates, edges)``.

    A hidden day is drawn for each node first (ordinals between ``first`` and ``days`` days
    later), then own bounds and edges that those days satisfy, so some assignment always
    satisfies the whole network and ``DayNetwork.build(dates, edges)`` never refuses it.
    Nodes are named ``"n0"``, ``"n1"``...; ``dates`` maps each node it dates to ``(earliest,
    latest, label)`` (exact days, ranges, and bounds open on one side or both); a node may
    be left out of ``dates`` and only named by edges. ``edges`` (at most ``max_edges``,
    default twice the nodes) join random pairs: "after" (at least a day later), "not before",
    windows within ``max_window`` days on one side or both, and "same day"; each limit is
    loosened from the hidden days by a random slack. With ``with_days=True`` it draws
    ``(dates, edges, hidden)``, ``hidden`` mapping every node of the network to its hidden
    day: every narrowed bound must allow it::

        @given(networks(with_days=True))
        def test_hidden_days_within_bounds(network):
            dates, edges, hidden = network
            built = DayNetwork.build(dates, edges)
            for node, day in hidden.items():
                earliest, latest = built.bounds(node)
                assert (earliest is None or earliest <= day) and (latest is None or day <= latest)
    """
    count = draw(st.integers(1, max_nodes))
    start = first.toordinal()
    names = [f"n{index}" for index in range(count)]
    hidden = {name: draw(st.integers(start, start + days)) for name in names}
    slack = st.integers(0, max(1, days // 4))
    dates: Dates = {}
    for name in names:
        shape = draw(st.sampled_from(["exact", "range", "by", "from", "open", "named only"]))
        if shape == "named only":
            continue
        day = hidden[name]
        below = 0 if shape == "exact" else draw(slack)
        above = 0 if shape == "exact" else draw(slack)
        earliest = None if shape in ("by", "open") else day - below
        latest = None if shape in ("from", "open") else day + above
        dates[name] = (earliest, latest, _label(earliest, latest))
    edges: list[Edge] = []
    limit = 2 * count if max_edges is None else max_edges
    for _ in range(draw(st.integers(0, limit))):
        earlier, later = draw(st.sampled_from(names)), draw(st.sampled_from(names))
        if earlier == later:
            continue
        if hidden[earlier] > hidden[later]:
            earlier, later = later, earlier
        gap = hidden[later] - hidden[earlier]
        kind = draw(st.sampled_from(["after", "not before", "within", "at least", "window"]))
        low: int | None
        high: int | None
        if kind == "after" and gap >= 1:
            low, high = 1, None
        elif kind == "not before" or (kind == "after" and gap == 0):
            low, high = (0, 0) if gap == 0 and draw(st.booleans()) else (0, None)
        elif kind == "within" and gap <= max_window:
            low, high = 0, draw(st.integers(gap, max_window))
        elif kind == "at least":
            low, high = gap - draw(slack), None
        else:
            low, high = gap - draw(slack), gap + draw(slack)
        edges.append(Edge(earlier, later, low, high, _words(low, high, earlier)))
    if with_days:
        named = {node for edge in edges for node in (edge.earlier, edge.later)}
        return dates, edges, {n: d for n, d in hidden.items() if n in dates or n in named}
    return dates, edges
