"""Days narrowed by relations: a simple temporal network of nodes and edges.

A pure engine that knows nothing of events: nodes are any hashables with their own earliest
and latest day (proleptic ordinals, None for an open bound); edges say how many days one node
comes after another (``Edge(earlier, later, low, high, why)``). ``DayNetwork`` narrows every
node's bounds exactly (each narrowed bound is attained by an assignment of days satisfying
everything, and no such assignment falls outside them), keeps the chain of own bounds and
edges that forced each (``reasons``), refuses what no assignment satisfies
(``ConstraintError`` naming the cycle) and works incrementally. ``window_days`` reads windows
such as ``"3 months"``.
"""

from mopr_timeline.network._network import (
    ConstraintError,
    DayNetwork,
    Edge,
    NetworkError,
    Step,
)
from mopr_timeline.network._windows import WindowError, window_days

__all__ = [
    "ConstraintError",
    "DayNetwork",
    "Edge",
    "NetworkError",
    "Step",
    "WindowError",
    "window_days",
]
