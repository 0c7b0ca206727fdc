"""A brute-force reference for day networks: search every assignment of days.

``day_ranges`` finds, for each node, the least and the greatest day that some assignment
satisfying every own bound and edge gives it, by depth-first search over whole assignments
(each node's candidate days are those its own bounds and the edges allow given the days left
to the others). It knows nothing of shortest paths.

Open bounds are searched within a box: every node's day is kept within ``[low - margin, high +
margin]``, where ``low`` and ``high`` are the least and greatest own bound of any node and
``margin = 2 * nodes * widest + 2`` (``widest`` the largest absolute edge limit). That box
cannot change the answer: a narrowed bound that is finite is some own bound plus at most
``nodes - 1`` edge limits, so it lies within ``nodes * widest`` of ``[low, high]``; the box's
sides add constraints whose every path to a node keeps it more than ``nodes * widest`` beyond
``[low, high]``, so they tighten no finite bound, create no contradiction, and leave each open
bound beyond ``high + nodes * widest`` (or below ``low - nodes * widest``), where
``open_beyond`` tells it from a finite one.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence

from mopr_timeline.network import Edge

Dates = Mapping[Hashable, tuple[int | None, int | None, str]]
Ranges = dict[Hashable, tuple[int | None, int | None]]


def box_of(dates: Dates, edges: Sequence[Edge]) -> tuple[int, int, int]:
    """(least, greatest day searched, and how far beyond the own bounds a bound is open)."""
    nodes = set(dates) | {n for edge in edges for n in (edge.earlier, edge.later)}
    days = [day for low, high, _ in dates.values() for day in (low, high) if day is not None]
    low, high = (min(days), max(days)) if days else (0, 0)
    widest = max(
        [abs(limit) for edge in edges for limit in (edge.low, edge.high) if limit is not None],
        default=0,
    )
    reach = len(nodes) * max(widest, 1)
    margin = 2 * reach + 2
    return low - margin, high + margin, reach


def _allowed(
    node: Hashable,
    fixed: dict[Hashable, int],
    dates: Dates,
    edges: Sequence[Edge],
    box: tuple[int, int],
) -> tuple[int, int]:
    low, high = box
    own_low, own_high, _ = dates.get(node, (None, None, ""))
    if own_low is not None:
        low = max(low, own_low)
    if own_high is not None:
        high = min(high, own_high)
    for edge in edges:
        if edge.later == node and edge.earlier in fixed:
            base = fixed[edge.earlier]
            if edge.low is not None:
                low = max(low, base + edge.low)
            if edge.high is not None:
                high = min(high, base + edge.high)
        if edge.earlier == node and edge.later in fixed:
            base = fixed[edge.later]
            if edge.high is not None:
                low = max(low, base - edge.high)
            if edge.low is not None:
                high = min(high, base - edge.low)
    return low, high


def _satisfied(edge: Edge, days: Mapping[Hashable, int]) -> bool:
    gap = days[edge.later] - days[edge.earlier]
    return (edge.low is None or gap >= edge.low) and (edge.high is None or gap <= edge.high)


def solve(
    nodes: Sequence[Hashable],
    dates: Dates,
    edges: Sequence[Edge],
    box: tuple[int, int],
    fixed: dict[Hashable, int],
) -> dict[Hashable, int] | None:
    """One assignment of days to every node extending ``fixed`` that satisfies everything,
    or None."""
    free = [node for node in nodes if node not in fixed]
    if not free:
        days = dict(fixed)
        if all(_satisfied(edge, days) for edge in edges) and all(
            _allowed(node, {}, dates, [], box)[0]
            <= days[node]
            <= _allowed(node, {}, dates, [], box)[1]
            for node in nodes
        ):
            return days
        return None
    # Pruning: each node's days are narrowed to what the others' remaining days allow (sound:
    # a day removed is in no solution), until nothing changes; a node left without days
    # fails the branch now, and the node with the fewest days left is tried next.
    domains = {node: _allowed(node, {}, dates, [], box) for node in nodes}
    for node, day in fixed.items():
        low, high = domains[node]
        if not low <= day <= high:
            return None
        domains[node] = (day, day)
    changed = True
    while changed:
        changed = False
        for edge in edges:
            (e_low, e_high), (l_low, l_high) = domains[edge.earlier], domains[edge.later]
            if edge.low is not None:
                l_low, e_high = max(l_low, e_low + edge.low), min(e_high, l_high - edge.low)
            if edge.high is not None:
                l_high, e_low = min(l_high, e_high + edge.high), max(e_low, l_low - edge.high)
            if e_low > e_high or l_low > l_high:
                return None
            if (e_low, e_high) != domains[edge.earlier]:
                domains[edge.earlier] = (e_low, e_high)
                changed = True
            if (l_low, l_high) != domains[edge.later]:
                domains[edge.later] = (l_low, l_high)
                changed = True
    node = min(free, key=lambda n: domains[n][1] - domains[n][0])
    low, high = domains[node]
    for day in range(low, high + 1):
        fixed[node] = day
        found = solve(nodes, dates, edges, box, fixed)
        del fixed[node]
        if found is not None:
            return found
    return None


def day_ranges(dates: Dates, edges: Sequence[Edge]) -> Ranges | None:
    """Each node's least and greatest possible day (None = open), or None when no assignment
    satisfies everything."""
    nodes = list(dict.fromkeys([*dates, *(n for e in edges for n in (e.earlier, e.later))]))
    first, last, reach = box_of(dates, edges)
    box = (first, last)
    if solve(nodes, dates, edges, box, {}) is None:
        return None
    days = [d for low, high, _ in dates.values() for d in (low, high) if d is not None]
    low_own, high_own = (min(days), max(days)) if days else (0, 0)
    ranges: Ranges = {}
    for node in nodes:
        least = next(
            day for day in range(first, last + 1) if solve(nodes, dates, edges, box, {node: day})
        )
        greatest = next(
            day
            for day in range(last, first - 1, -1)
            if solve(nodes, dates, edges, box, {node: day})
        )
        ranges[node] = (
            None if least < low_own - reach else least,
            None if greatest > high_own + reach else greatest,
        )
    return ranges


def satisfiable(dates: Dates, edges: Sequence[Edge]) -> bool:
    """Whether some assignment of days satisfies every own bound and edge."""
    nodes = list(dict.fromkeys([*dates, *(n for e in edges for n in (e.earlier, e.later))]))
    first, last, _ = box_of(dates, edges)
    return solve(nodes, dates, edges, (first, last), {}) is not None
