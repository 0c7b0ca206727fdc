"""Relations benchmark: the day network's full narrowing and appends, against Bellman-Ford.

Run ``.venv/bin/python benchmarks/relations.py`` (a few minutes; ``--quick`` for 1k and 100k
without the 1M log, ``--sizes 1000,100000`` to choose). Synthetic logs of N nodes with one
relation per node on average, consistent by construction: a hidden day is drawn for every
node, nodes are laid in chains (1 to 1,000 nodes long, each later in the chain on the same day
or later), and each node but a chain's first is related to its predecessor in the chain
("after", "not before", "within N days after", "at least N days after" or a window on both
sides, each true of the hidden days), with every twentieth relation to a node of another
chain instead. Own dates are mixed: exact days, months, years, bounds open on one side and
undated nodes.

Printed, for each size: the full narrowing (``DayNetwork.build``, best of three at 1k and
100k, one run at 1M) beside the goal (under 2 s at 100k); a plain Bellman-Ford over the same
constraints (both directions: latest days from the origin, earliest to it; passes over every
edge until one changes nothing), capped at 10 minutes, and its ratio to the build; then, on
the 100k network, the median time to add one related node (``add``), with one append in five
refused (a contradiction: a node dated before the node it must follow, or an edge closing a
cycle through a chain), beside the goal (under 20 ms median) and Bellman-Ford's time for the
same network (what re-narrowing from scratch would cost); then the median time to remove
one node (a retraction) from it. Exit status 0 whenever the run
completes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import statistics
import time
from collections.abc import Hashable

from mopr_timeline.network import ConstraintError, DayNetwork, Edge

Dates = dict[Hashable, tuple[int | None, int | None, str]]

START = dt.date(1900, 1, 1).toordinal()
SPREAD = 50 * 365
"""Chains start anywhere in fifty years."""
BF_CAP = 600.0


def synthetic(size: int, seed: int = 14) -> tuple[Dates, list[Edge], dict[Hashable, int]]:
    """``size`` nodes in chains, one relation per node on average, and their hidden days."""
    rng = random.Random(seed)
    dates: Dates = {}
    edges: list[Edge] = []
    hidden: dict[Hashable, int] = {}
    names: list[str] = []
    while len(names) < size:
        length = min(rng.randint(1, 1000), size - len(names))
        day = START + rng.randrange(SPREAD)
        previous: str | None = None
        for _ in range(length):
            name = f"e{len(names)}"
            day += rng.choice((0, 1, 3, 7, 30, 90))
            hidden[name] = day
            dates[name] = _own(rng, day)
            if previous is not None:
                earlier = previous
                if rng.random() < 0.05:
                    earlier = names[rng.randrange(len(names))]
                    if hidden[earlier] > day:
                        earlier = previous
                edges.append(_relation(rng, earlier, name, day - hidden[earlier]))
            names.append(name)
            previous = name
    return dates, edges, hidden


def _own(rng: random.Random, day: int) -> tuple[int | None, int | None, str]:
    kind = rng.random()
    date = dt.date.fromordinal(day)
    if kind < 0.2:
        return day, day, f"dated {date}"
    if kind < 0.5:
        first = date.replace(day=1).toordinal()
        last = (date.replace(day=28) + dt.timedelta(days=4)).replace(day=1).toordinal() - 1
        return first, last, f"dated {date:%Y-%m}"
    if kind < 0.7:
        first = date.replace(month=1, day=1).toordinal()
        return first, date.replace(month=12, day=31).toordinal(), f"dated {date.year}"
    if kind < 0.8:
        return None, day + rng.randrange(365), "before some day"
    if kind < 0.85:
        return day - rng.randrange(365), None, "after some day"
    return None, None, "undated"


def _relation(rng: random.Random, earlier: str, later: str, gap: int) -> Edge:
    kind = rng.random()
    if kind < 0.4 and gap >= 1:
        return Edge(earlier, later, 1, None, f"after {earlier}")
    if kind < 0.6:
        return Edge(earlier, later, 0, None, f"not before {earlier}")
    if kind < 0.8:
        high = gap + rng.randrange(92)
        return Edge(earlier, later, 0, high, f"within {high} days after {earlier}")
    if kind < 0.9:
        low = max(0, gap - rng.randrange(30))
        return Edge(earlier, later, low, None, f"at least {low} days after {earlier}")
    low, high = gap - rng.randrange(10), gap + rng.randrange(10)
    return Edge(earlier, later, low, high, f"{low} to {high} days after {earlier}")


def bellman_ford(
    dates: Dates, edges: list[Edge], cap: float = BF_CAP
) -> tuple[dict[Hashable, tuple[int | None, int | None]] | None, float, int]:
    """Narrowed bounds by plain Bellman-Ford (passes over every constraint until one changes
    nothing), the time taken and the passes made; None for the bounds when it ran past
    ``cap`` seconds."""
    started = time.perf_counter()
    nodes = list(dict.fromkeys([*dates, *(n for e in edges for n in (e.earlier, e.later))]))
    distance: list[tuple[Hashable, Hashable, int]] = []
    for edge in edges:
        if edge.high is not None:
            distance.append((edge.earlier, edge.later, edge.high))
        if edge.low is not None:
            distance.append((edge.later, edge.earlier, -edge.low))
    origin = object()
    for node, (earliest, latest, _) in dates.items():
        if latest is not None:
            distance.append((origin, node, latest))
        if earliest is not None:
            distance.append((node, origin, -earliest))
    passes = 0
    results = []
    for reverse in (False, True):
        best: dict[Hashable, float] = dict.fromkeys(nodes, float("inf"))
        best[origin] = 0
        changed = True
        while changed:
            passes += 1
            changed = False
            for tail, head, weight in distance:
                if reverse:
                    tail, head = head, tail
                value = best[tail] + weight
                if value < best[head]:
                    best[head] = value
                    changed = True
            if time.perf_counter() - started > cap:
                return None, time.perf_counter() - started, passes
            if passes > 2 * len(nodes) + 4:
                raise ConstraintError(())
        results.append(best)
    late, early = results
    bounds = {
        node: (
            None if early[node] == float("inf") else -int(early[node]),
            None if late[node] == float("inf") else int(late[node]),
        )
        for node in nodes
    }
    return bounds, time.perf_counter() - started, passes


def timed_build(
    dates: Dates, edges: list[Edge], runs: int
) -> tuple[DayNetwork, list[tuple[float, float]]]:
    """The network and each run's (wall, CPU) seconds."""
    times = []
    network = DayNetwork()
    for _ in range(runs):
        del network
        gc.collect()
        started, cpu = time.perf_counter(), time.process_time()
        network = DayNetwork.build(dates, edges)
        times.append((time.perf_counter() - started, time.process_time() - cpu))
    return network, times


def appends(
    network: DayNetwork, hidden: dict[Hashable, int], count: int, seed: int = 1937
) -> tuple[list[float], list[float]]:
    """Times of ``count`` appends of one related node (accepted) and of refused ones."""
    rng = random.Random(seed)
    names = list(hidden)
    accepted: list[float] = []
    refused: list[float] = []
    for index in range(count):
        target = names[rng.randrange(len(names))]
        day = hidden[target] + rng.randrange(0, 60)
        name = f"new{index}"
        refuse = index % 5 == 4
        if refuse and index % 10 == 4:
            # A node dated before the node it must follow.
            earliest, _ = network.bounds(target)
            if earliest is None:
                refuse = False
            else:
                day = earliest - 1
        own = (day, day, f"dated {dt.date.fromordinal(day)}")
        edge = Edge(target, name, 1, None, f"after {target}")
        extra: list[Edge] = []
        if refuse and index % 10 == 9:
            # An edge closing a cycle: the target after a node that follows it.
            own = (None, None, "undated")
            extra = [Edge(name, target, 1, None, f"{target} after {name}")]
        started = time.perf_counter()
        try:
            network.add({name: own}, [edge, *extra])
        except ConstraintError:
            refused.append(time.perf_counter() - started)
            continue
        accepted.append(time.perf_counter() - started)
        hidden[name] = day
    return accepted, refused


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="1k and 100k only")
    parser.add_argument("--sizes", default=None, help="comma-separated sizes")
    parser.add_argument("--appends", type=int, default=500)
    options = parser.parse_args()
    sizes = [1_000, 100_000] if options.quick else [1_000, 100_000, 1_000_000]
    if options.sizes:
        sizes = [int(size) for size in options.sizes.split(",")]
    print(f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f} at the start")
    for size in sizes:
        dates, edges, hidden = synthetic(size)
        runs = 3 if size <= 100_000 else 1
        network, times = timed_build(dates, edges, runs)
        best = min(wall for wall, _ in times)
        goal = "  (goal at 100k: under 2 s)" if size == 100_000 else ""
        print(
            f"{size:>9,} nodes, {len(edges):,} relations: build "
            f"{', '.join(f'{wall:.3f} s (CPU {cpu:.3f})' for wall, cpu in times)}, "
            f"best {best:.3f} s{goal}; load average {os.getloadavg()[0]:.1f}"
        )
        bounds, bf_time, passes = bellman_ford(dates, edges) if size <= 100_000 else (None, 0, 0)
        if size > 100_000:
            print("          Bellman-Ford: not run at this size (hours at 1M)")
        elif bounds is None:
            print(f"          Bellman-Ford: stopped after {bf_time:.0f} s ({passes} passes)")
        else:
            same = all(network.bounds(node) == value for node, value in bounds.items())
            print(
                f"          Bellman-Ford: {bf_time:.3f} s, {passes} passes, "
                f"{bf_time / best:.1f}x the build; same bounds: {same}"
            )
        if size == 100_000:
            accepted, refused = appends(network, dict(hidden), options.appends)
            every = accepted + refused
            print(
                f"          append one related node: median {statistics.median(every) * 1e3:.2f}"
                f" ms (accepted {statistics.median(accepted) * 1e3:.2f} ms over {len(accepted)},"
                f" refused {statistics.median(refused) * 1e3:.2f} ms over {len(refused)}),"
                f" 95th percentile {statistics.quantiles(every, n=20)[-1] * 1e3:.2f} ms"
                f"  (goal: under 20 ms median)"
            )
            if bounds is not None:
                print(
                    f"          Bellman-Ford from scratch / median append: "
                    f"{bf_time / statistics.median(every):,.0f}x"
                )
            rng = random.Random(1947)
            removals = []
            for _ in range(50):
                node = f"e{rng.randrange(size)}"
                started = time.perf_counter()
                network.remove([node])
                removals.append(time.perf_counter() - started)
            print(
                f"          remove one node (a retraction): median "
                f"{statistics.median(removals) * 1e3:.2f} ms, slowest {max(removals) * 1e3:.2f} ms"
            )


if __name__ == "__main__":
    main()
