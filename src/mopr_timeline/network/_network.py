"""The day network: nodes with their own bounds, edges between them, narrowed bounds.

The nodes' days form a simple temporal network. Each constraint is a *distance edge*
``a -> b`` of weight ``w`` meaning ``day(b) <= day(a) + w``: an edge with a ``high`` limit
gives ``earlier -> later`` of weight ``high``, one with a ``low`` limit ``later -> earlier``
of weight ``-low``, a node's own latest day an edge from the origin (day 0) to it and its own
earliest day an edge from it to the origin. A node's narrowed latest day is the length of the
shortest path from the origin to it, its narrowed earliest day minus the length of the
shortest path from it to the origin; the constraints can all hold exactly when no cycle has a
negative length.

Two *sides* keep these: the late side holds, for each node, its narrowed latest day, the
early side minus its narrowed earliest day (each a shortest-path distance). A node that no
path reaches (an open bound) holds ``_OPEN`` plus a value that keeps the side a feasible
potential among such nodes, so that every side is at all times a day assignment satisfying
every constraint it has accepted, and each accepted edge's reduced cost is not negative. A new
constraint that the assignment breaks lowers the values that must follow, in the order of a
Dijkstra search on reduced costs, visiting only what changes; reaching the constraint's own
tail means a negative cycle, and so does a node pushed below its own opposite bound (a cycle
through the origin). Each side remembers, for each node, the constraint that last lowered it:
the chain of these is the reason for the bound.

A whole network (``DayNetwork.build``) is settled at once by label correcting in the order the
nodes are given, which is about one look at every node and edge when most edges follow that
order; when that takes too long (or shows a contradiction) it is settled the careful way
above, which finds and names the cycle. ``remove`` narrows again only the nodes whose chain
of reasons ran through what it drops.
"""

from __future__ import annotations

import gc
import heapq
import itertools
from collections import deque
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import Any, Final

import attrs

from mopr_timeline.errors import MoprTimelineError

__all__ = ["ConstraintError", "DayNetwork", "Edge", "Step"]

Dates = Mapping[Hashable, tuple[int | None, int | None, str]]
"""Own bounds of nodes: node -> (earliest day, latest day, label); None for an open side."""

_OPEN: Final = 1 << 62
"""Added to the value of a node whose bound on that side is open: beyond every real day and
every sum of windows, so that no constraint towards a bounded node ever binds it."""
_FINITE: Final = 1 << 61
"""Values below this are narrowed bounds; above it, open."""
_LOOKS_AGAIN = (3, 20)
"""How many times the network's size a whole-network settling may queue nodes again, in the
order given and then in an order along the edges, before it leaves the work to the careful
way (a contradiction, or an order that makes label correcting slow)."""
_LOOKS_SLACK = 1_000
"""Looks again allowed beyond that, whatever the size."""
_LIMIT: Final = 1 << 32
"""The largest day or window accepted (in absolute value): sums stay far from ``_FINITE``."""


@attrs.frozen
class Edge:
    """The later node's day minus the earlier node's day lies in ``[low, high]`` days (None =
    unbounded on that side). "A after B" is ``Edge(earlier=B, later=A, low=1, high=None)``,
    "A within 3 months after B" ``Edge(B, A, 0, 92, ...)``, "A on the same day as B"
    ``Edge(B, A, 0, 0, ...)``. ``why`` is the words that reasons and errors show for it, such
    as ``"after leader-left-stasova"``; ``back``, when given, the words a reason shows where
    the edge forces a bound of its earlier node (such as ``"not after its closing X"``)."""

    earlier: Hashable
    later: Hashable
    low: int | None
    high: int | None
    why: str
    back: str | None = attrs.field(default=None, kw_only=True)

    def words_for(self, node: Hashable) -> str:
        """The words a reason shows where this edge forces a bound of ``node``."""
        if self.back is not None and node == self.earlier and node != self.later:
            return self.back
        return self.why


@attrs.frozen
class Step:
    """One link of a reason chain or of a contradiction's cycle.

    ``node`` is the node whose bound the link forces; ``why`` is the node's own label (such
    as ``"dated 1937"``) for the link where a node's own bound enters, else the edge's
    ``why``; ``edge`` is that edge (None for an own bound). In a reason chain, ``day`` is the
    bound the chain gives ``node`` at that link (a proleptic ordinal): the first link's day is
    the originating node's own bound, each next one the previous plus the edge's limit, and
    the last one the narrowed bound itself. In a cycle, ``day`` is None.
    """

    node: Hashable
    why: str
    day: int | None = None
    edge: Edge | None = None


class ConstraintError(MoprTimelineError, ValueError):
    """Dates and edges that no assignment of days satisfies together.

    ``cycle`` holds the links of one contradiction: own dates and edges that cannot all hold
    (following them around, the bounds they force come back tighter than they started). The
    message names each node, each edge's words and limits, and each date label.
    """

    def __init__(self, cycle: Sequence[Step], note: str = "") -> None:
        self.cycle: tuple[Step, ...] = tuple(cycle)
        parts = [_describe(step) for step in self.cycle]
        text = "; ".join(parts) if parts else "(empty)"
        super().__init__(f"no days satisfy these dates and relations together{note}: {text}")


def _name(node: Hashable) -> str:
    if isinstance(node, str):
        return node
    if isinstance(node, tuple) and len(node) == 2 and all(isinstance(x, str) for x in node):
        return f"{node[0]} ({node[1]})"
    return repr(node)


def _days(count: int) -> str:
    return f"{count} day" if abs(count) == 1 else f"{count} days"


def _limits(low: int | None, high: int | None) -> str:
    """How far after (or before) the earlier node the later one is, in words."""
    if low is not None and high is not None:
        if low == high == 0:
            return "on the same day as"
        if low == high:
            return f"exactly {_days(low)} after" if low > 0 else f"exactly {_days(-low)} before"
        return f"{low} to {_days(high)} after"
    if low is not None:
        if low > 0:
            return f"at least {_days(low)} after"
        if low == 0:
            return "not before"
        return f"at most {_days(-low)} before"
    if high is not None:
        if high < 0:
            return f"at least {_days(-high)} before"
        if high == 0:
            return "not after"
        return f"at most {_days(high)} after"
    return "unconstrained by"


def _describe(step: Step) -> str:
    edge = step.edge
    if edge is None:
        return f"{_name(step.node)} {step.why}"
    where = f"{_name(edge.later)} {_limits(edge.low, edge.high)} {_name(edge.earlier)}"
    return f"{where} ({edge.why})"


_Link = tuple[Hashable, int, Edge]
"""An accepted distance edge as a side's adjacency holds it: (other node, weight, edge)."""
_Pred = tuple[Hashable, Edge] | None
"""What last lowered a node on a side: (the node it came from, the edge), None = own bound."""

_MISSING: Final[Any] = object()


class _Side:
    """One direction of narrowing: values, what lowered each, and the adjacency it follows."""

    __slots__ = ("adj", "late", "pred", "value")

    def __init__(self, late: bool) -> None:
        self.late = late
        self.value: dict[Hashable, int] = {}
        self.pred: dict[Hashable, _Pred] = {}
        self.adj: dict[Hashable, list[_Link]] = {}

    def copy(self) -> _Side:
        other = _Side(self.late)
        other.value = dict(self.value)
        other.pred = dict(self.pred)
        other.adj = {node: list(links) for node, links in self.adj.items()}
        return other


class DayNetwork:
    """Nodes' own day bounds and the edges between them, narrowed exactly and incrementally.

    Days are proleptic Gregorian ordinals (``datetime.date.toordinal()``), None an open bound.
    A node is any hashable. ``bounds(node)`` is the node's narrowed earliest and latest day:
    the tightest that every assignment of days satisfying all own bounds and edges allows,
    each attained by one such assignment; ``reasons(node)`` the chains of own bounds and edges
    that force them. ``add`` refuses, with ``ConstraintError`` and leaving the network as it
    was, anything that no assignment satisfies; it costs about the size of what changes.
    """

    def __init__(self) -> None:
        self._dates: dict[Hashable, tuple[int | None, int | None, str]] = {}
        self._late = _Side(late=True)
        self._early = _Side(late=False)
        self._nodes: dict[Hashable, None] = {}
        """Every node, added or only named by an edge (a dict for its order)."""
        self._edges: list[Edge] = []
        """Every edge, in the order added."""
        self._journal: list[tuple[Any, Any, Any]] | None = None
        self._touched: dict[Hashable, tuple[int, int]] | None = None

    # -- reading -------------------------------------------------------------------------

    def __contains__(self, node: object) -> bool:
        return node in self._nodes

    def __len__(self) -> int:
        return len(self._nodes)

    def nodes(self) -> frozenset[Hashable]:
        """Every node: those added and those only named by an edge."""
        return frozenset(self._nodes)

    def own(self, node: Hashable) -> tuple[int | None, int | None, str] | None:
        """The node's own (earliest, latest, label) as added; None for a node only named by
        an edge."""
        self._require(node)
        return self._dates.get(node)

    def edges(self) -> tuple[Edge, ...]:
        """Every edge, in the order added."""
        return tuple(self._edges)

    def bounds(self, node: Hashable) -> tuple[int | None, int | None]:
        """The node's narrowed earliest and latest day (None = open). Raises KeyError for a
        node the network does not have."""
        self._require(node)
        late = self._late.value[node]
        early = self._early.value[node]
        return (-early if early < _FINITE else None, late if late < _FINITE else None)

    def reasons(self, node: Hashable) -> tuple[tuple[Step, ...], tuple[Step, ...]]:
        """The chains that force the narrowed earliest and latest day.

        Each runs from the originating node's own bound (its label, such as "dated 1937") to
        ``node`` through edges, each link with the bound it gives its node (see ``Step``). A
        chain is empty when the bound is the node's own or open.
        """
        self._require(node)
        return self._chain(self._early, node), self._chain(self._late, node)

    def _require(self, node: Hashable) -> None:
        if node not in self._nodes:
            raise KeyError(node)

    def _chain(self, side: _Side, node: Hashable) -> tuple[Step, ...]:
        if side.value[node] >= _FINITE or side.pred.get(node, _MISSING) is None:
            return ()
        sign = 1 if side.late else -1
        steps: list[Step] = []
        current = node
        while True:
            pred = side.pred[current]
            day = sign * side.value[current]
            if pred is None:
                steps.append(Step(current, self._dates[current][2], day))
                break
            came_from, edge = pred
            steps.append(Step(current, edge.words_for(current), day, edge))
            current = came_from
        steps.reverse()
        return tuple(steps)

    # -- building and changing ------------------------------------------------------------

    @classmethod
    def build(cls, dates: Dates, edges: Sequence[Edge]) -> DayNetwork:
        """A network narrowed from scratch. Raises ConstraintError when no assignment of days
        satisfies everything."""
        network = cls()
        # Building allocates a few objects per node and edge, none of them in a reference
        # cycle: the cyclic collector, left on, would walk the growing heap again and again.
        collecting = gc.isenabled()
        gc.disable()
        try:
            settled = network._settle_all(dates, edges)
        finally:
            if collecting:
                gc.enable()
        if not settled:
            # A contradiction (or a network the quick settling gave up on): the careful way
            # finds and names it.
            network = cls()
            network._add(dates, edges)
        return network

    def copy(self) -> DayNetwork:
        """An independent copy (changing one leaves the other as it is)."""
        other = DayNetwork()
        other._dates = dict(self._dates)
        other._late = self._late.copy()
        other._early = self._early.copy()
        other._nodes = dict(self._nodes)
        other._edges = list(self._edges)
        return other

    def add(self, dates: Dates, edges: Sequence[Edge]) -> frozenset[Hashable]:
        """Add nodes (own earliest, own latest, label such as "dated 1937") and edges at once,
        narrowing incrementally. Returns the nodes whose narrowed bounds changed (new nodes
        included). Raises ConstraintError, leaving the network exactly as before, when no
        assignment of days satisfies everything.

        Edges may name nodes not added yet: such a node has open own bounds until it is
        added; a later ``add`` of it gives it its own dates. Adding a node that already has
        own dates replaces them.

        A batch larger than the network (the first add into an empty one, say) is narrowed
        with the network from scratch, as ``build`` does.
        """
        if self._loosened(dates) or self._large(dates, edges):
            rebuilt = self._rebuilt(dates, edges)
            before = {node: self.bounds(node) for node in self._nodes}
            self._take(rebuilt)
            return frozenset(
                node
                for node in self._nodes
                if node not in before or before[node] != self.bounds(node)
            )
        self._journal = []
        self._touched = {}
        try:
            new = self._add(dates, edges)
        except BaseException:
            self._rollback()
            raise
        finally:
            touched, self._touched = self._touched, None
            self._journal = None
        changed = set(new)
        for node, (late, early) in touched.items():
            if node in self._nodes and (
                _shown(late) != _shown(self._late.value[node])
                or _shown(early) != _shown(self._early.value[node])
            ):
                changed.add(node)
        return frozenset(changed)

    def check(self, dates: Dates, edges: Sequence[Edge]) -> None:
        """Raise ConstraintError exactly when ``add(dates, edges)`` would; never changes the
        network."""
        if self._loosened(dates) or self._large(dates, edges):
            self._rebuilt(dates, edges)
            return
        self._journal = []
        self._touched = {}
        try:
            self._add(dates, edges)
        finally:
            self._rollback()
            self._journal = None
            self._touched = None

    def remove(self, nodes: Iterable[Hashable]) -> frozenset[Hashable]:
        """Drop nodes and every edge they carry or are named by (a retracted event), with any
        node left that only those edges named, and recompute what depended on them. Returns
        the remaining nodes whose bounds changed. Unknown nodes are ignored.

        Only the nodes whose reasons ran through what is dropped are narrowed again, from
        their own bounds and their other neighbours'.
        """
        gone = {node for node in nodes if node in self._nodes}
        if not gone:
            return frozenset()
        return self._drop(gone, lambda edge: edge.earlier in gone or edge.later in gone)

    def remove_edges(self, edges: Iterable[Edge]) -> frozenset[Hashable]:
        """Drop edges (each, if the network has it: equal edges all go), with any node left
        that only those edges named, and recompute what depended on them. Returns the
        remaining nodes whose bounds changed."""
        unwanted = set(edges)
        if not unwanted:
            return frozenset()
        return self._drop(set(), unwanted.__contains__)

    def _drop(self, gone: set[Hashable], dropping: Any) -> frozenset[Hashable]:
        """Drop the nodes ``gone`` and the edges ``dropping(edge)`` says (which include every
        edge of a node gone), and narrow again what depended on them."""
        kept: list[Edge] = []
        dropped: list[Edge] = []
        for edge in self._edges:
            (dropped if dropping(edge) else kept).append(edge)
        if not dropped and not gone:
            return frozenset()
        ends = {n for edge in dropped for n in (edge.earlier, edge.later) if n not in gone}
        unnamed = {node for node in ends if node not in self._dates}
        if unnamed:
            unnamed -= {n for edge in kept for n in (edge.earlier, edge.later)}
            gone |= unnamed
            ends -= unnamed
        dropped_ids = {id(edge) for edge in dropped}
        sides = ((self._late, self._early), (self._early, self._late))
        loose = {id(edge): edge for edge in dropped if edge.earlier not in gone}
        loose = {i: e for i, e in loose.items() if e.later not in gone}
        stale = [self._dependents(side, gone, loose) for side, _ in sides]
        before = {node: self.bounds(node) for part in stale for node in part}
        for node in gone:
            del self._nodes[node]
            self._dates.pop(node, None)
            for side, _ in sides:
                del side.value[node]
                del side.pred[node]
                del side.adj[node]
        for node in ends:
            for side, _ in sides:
                side.adj[node] = [link for link in side.adj[node] if id(link[2]) not in dropped_ids]
        self._edges = kept
        for (side, other), part in zip(sides, stale, strict=True):
            self._resettle(side, other, part)
        return frozenset(node for node, old in before.items() if self.bounds(node) != old)

    def _dependents(
        self, side: _Side, gone: set[Hashable], loose: Mapping[int, Edge]
    ) -> list[Hashable]:
        """The nodes (not in ``gone``) whose chain of reasons on a side runs through a node
        in ``gone`` (and so through an edge it carries) or through one of the ``loose`` edges
        (by ``id``: edges dropped between nodes that stay), parents before children."""
        pred, adj = side.pred, side.adj
        found: list[Hashable] = []
        seen = set(gone)
        queue = deque(gone)
        for edge in loose.values():
            for node in (edge.earlier, edge.later):
                came = pred.get(node)
                if came is not None and id(came[1]) in loose and node not in seen:
                    seen.add(node)
                    found.append(node)
                    queue.append(node)
        while queue:
            node = queue.popleft()
            for other, _, edge in adj[node]:
                came = pred[other]
                if other not in seen and came is not None and came[1] is edge and came[0] == node:
                    seen.add(other)
                    found.append(other)
                    queue.append(other)
        return found

    def _resettle(self, side: _Side, other: _Side, stale: list[Hashable]) -> None:
        """Narrow ``stale`` nodes again on a side from their own bounds and the values of
        their neighbours outside ``stale`` (found through the other side's adjacency, which
        lists each node's incoming constraints), then let the changes flow.

        Dropping constraints only raises values, so the rest stays exact and the side stays
        a feasible potential: every value is at most ``_OPEN``, a stale node starts there (or
        at its own bound) and ends no lower than it was.
        """
        value, pred, adj = side.value, side.pred, side.adj
        for node in stale:
            source = self._source(side, node)
            value[node] = _OPEN if source is None else source
            pred[node] = None
        inside = set(stale)
        for node in stale:
            for came_from, weight, edge in other.adj[node]:
                if came_from not in inside:
                    candidate = value[came_from] + weight
                    if candidate < value[node]:
                        value[node] = candidate
                        pred[node] = (came_from, edge)
        _relax(value, pred, adj, deque(stale), set(stale), None)

    def _loosened(self, dates: Dates) -> bool:
        """Whether ``dates`` gives a node that has own dates a looser bound on either side
        (narrowing then cannot proceed by lowering values alone)."""
        for node, new in dates.items():
            old = self._dates.get(node)
            if old is None or old == new or not isinstance(new, tuple) or len(new) != 3:
                continue
            (old_earliest, old_latest, _), (earliest, latest, _) = old, new
            if old_earliest is not None and (earliest is None or earliest < old_earliest):
                return True
            if old_latest is not None and (latest is None or latest > old_latest):
                return True
        return False

    def _large(self, dates: Dates, edges: Sequence[Edge]) -> bool:
        """Whether a batch is better narrowed with the network from scratch: when it is larger
        than the network (and not tiny)."""
        size = len(dates) + len(edges)
        return size > 64 and size > len(self._nodes)

    def _rebuilt(self, dates: Dates, edges: Sequence[Edge]) -> DayNetwork:
        """This network with ``dates`` replacing own dates and ``edges`` added, from scratch."""
        return DayNetwork.build({**self._dates, **dates}, [*self.edges(), *edges])

    def _take(self, other: DayNetwork) -> None:
        self._dates = other._dates
        self._late = other._late
        self._early = other._early
        self._nodes = other._nodes
        self._edges = other._edges

    # -- the engine ---------------------------------------------------------------------

    def _set(self, mapping: dict[Any, Any], key: Any, value: Any) -> None:
        if self._journal is not None:
            self._journal.append((mapping, key, mapping.get(key, _MISSING)))
        mapping[key] = value

    def _append(self, items: list[Any], item: Any) -> None:
        if self._journal is not None:
            self._journal.append((items, None, _MISSING))
        items.append(item)

    def _rollback(self) -> None:
        journal = self._journal or []
        for target, key, old in reversed(journal):
            if isinstance(target, list):
                target.pop()
            elif old is _MISSING:
                del target[key]
            else:
                target[key] = old
        journal.clear()

    def _new_node(self, node: Hashable) -> None:
        self._set(self._nodes, node, None)
        for side in (self._late, self._early):
            self._set(side.value, node, _OPEN)
            self._set(side.pred, node, None)
            self._set(side.adj, node, [])

    def _add(self, dates: Dates, edges: Sequence[Edge]) -> frozenset[Hashable]:
        dates = dict(dates)
        edges = list(edges)
        for node, own in dates.items():
            _check_own(node, own)
        for edge in edges:
            _check_edge(edge)
        new: dict[Hashable, None] = {}
        for node in [*dates, *(n for edge in edges for n in (edge.earlier, edge.later))]:
            if node not in self._nodes and node not in new:
                new[node] = None
                self._new_node(node)
        dated = []
        for node, own in dates.items():
            if self._dates.get(node) != own:
                self._set(self._dates, node, own)
                if node not in new:
                    dated.append(node)
        at_new: dict[Hashable, list[Edge]] = {node: [] for node in new}
        for edge in edges:
            self._append(self._edges, edge)
            if edge.earlier in new:
                at_new[edge.earlier].append(edge)
            if edge.later in new and edge.later != edge.earlier:
                at_new[edge.later].append(edge)
        # Edges between nodes already there first; then the new nodes, each with its own
        # dates and its edges to nodes already taken. Latest days flow from later nodes to
        # earlier ones, so the late side takes the new nodes latest first, the early side
        # earliest first: each then mostly narrows only the node it takes.
        order = _topological(list(new), edges, new)
        between_old = [edge for edge in edges if edge.earlier not in new and edge.later not in new]
        for side, sequence in ((self._late, order[::-1]), (self._early, order)):
            for node in dated:
                self._own_bound(side, node)
            for edge in between_old:
                self._accept(side, edge)
            taken: set[Hashable] = set()
            for node in sequence:
                taken.add(node)
                if node in dates:
                    self._own_bound(side, node)
                for edge in at_new[node]:
                    other = edge.later if edge.earlier == node else edge.earlier
                    if other in new and other not in taken:
                        continue  # taken with its other node
                    self._accept(side, edge)
        return frozenset(new)

    def _settle_all(self, dates: Dates, edges: Sequence[Edge]) -> bool:
        """Narrow a whole network at once, into this empty one; False (leaving it unusable)
        when that finds a contradiction or takes too long, for ``_add`` to do it carefully.

        Each side is settled by label correcting from every node's own bound (or ``_OPEN``),
        the nodes first queued in the order along which most values flow (the late side
        latest first, the early side earliest first), a node queued again whenever its value
        is lowered: on networks whose edges mostly follow one order, about one look at every
        node and edge. The result is what the careful way keeps: shortest distances where
        they are finite, a feasible potential among the open, and tight reasons.
        """
        dates = dict(dates)
        edges = list(edges)
        for node, own in dates.items():
            if type(own) is not tuple or len(own) != 3:
                _check_own(node, own)  # raises the error that says what is wrong
            earliest, latest, label = own
            if (
                (earliest is not None and (type(earliest) is not int or abs(earliest) > _LIMIT))
                or (latest is not None and (type(latest) is not int or abs(latest) > _LIMIT))
                or type(label) is not str
                or (earliest is not None and latest is not None and earliest > latest)
            ):
                _check_own(node, own)
        nodes = dict.fromkeys(dates)
        for edge in edges:
            if type(edge) is not Edge:
                _check_edge(edge)
            earlier, later, low, high = edge.earlier, edge.later, edge.low, edge.high
            if (
                (low is not None and (type(low) is not int or abs(low) > _LIMIT))
                or (high is not None and (type(high) is not int or abs(high) > _LIMIT))
                or (low is not None and high is not None and low > high)
            ):
                _check_edge(edge)
            nodes[earlier] = None
            nodes[later] = None
        late_adj: dict[Hashable, list[_Link]] = {node: [] for node in nodes}
        early_adj: dict[Hashable, list[_Link]] = {node: [] for node in nodes}
        for edge in edges:
            earlier, later, low, high = edge.earlier, edge.later, edge.low, edge.high
            if high is not None:
                late_adj[earlier].append((later, high, edge))
                early_adj[later].append((earlier, high, edge))
            if low is not None:
                late_adj[later].append((earlier, -low, edge))
                early_adj[earlier].append((later, -low, edge))
        self._dates = dates
        self._nodes = nodes
        self._edges = edges
        self._late.adj = late_adj
        self._early.adj = early_adj
        # The order given first (logs are mostly written in the order of their days); if
        # that takes many times the size of the network, an order along the edges.
        work = len(nodes) + 2 * len(edges)
        given, along = _LOOKS_AGAIN
        if self._settle_sides(list(nodes), given * work + _LOOKS_SLACK):
            return True
        order = _topological(list(nodes), edges, nodes)
        return self._settle_sides(order, along * work + _LOOKS_SLACK)

    def _settle_sides(self, order: list[Hashable], budget: int) -> bool:
        """Settle both sides, taking the nodes in ``order`` (latest first on the late side):
        False when a contradiction shows or more than ``budget`` nodes are queued again."""
        dates = self._dates
        for side, sequence in ((self._late, order[::-1]), (self._early, order)):
            value = dict.fromkeys(sequence, _OPEN)
            pred: dict[Hashable, _Pred] = dict.fromkeys(sequence)
            if side.late:
                for node, (_, latest, _) in dates.items():
                    if latest is not None:
                        value[node] = latest
            else:
                for node, (earliest, _, _) in dates.items():
                    if earliest is not None:
                        value[node] = -earliest
            adj = side.adj
            # A first look at every node in order, then at those lowered after their look
            # until none is.
            again: deque[Hashable] = deque()
            queued: set[Hashable] = set()
            looked: set[Hashable] = set()
            for node in sequence:
                looked.add(node)
                start = value[node]
                for other, weight, edge in adj[node]:
                    candidate = start + weight
                    if candidate < value[other]:
                        value[other] = candidate
                        pred[other] = (node, edge)
                        if other in looked and other not in queued:
                            queued.add(other)
                            again.append(other)
            left = _relax(value, pred, adj, again, queued, budget)
            if left is None:
                return False
            budget = left
            if side.late:
                for node, (earliest, _, _) in dates.items():
                    if earliest is not None and value[node] < earliest:
                        return False
            else:
                for node, (_, latest, _) in dates.items():
                    if latest is not None and value[node] < -latest:
                        return False
            side.value = value
            side.pred = pred
        return True

    def _source(self, side: _Side, node: Hashable) -> int | None:
        """The node's own bound on this side, as a value (None when open or not dated)."""
        own = self._dates.get(node)
        if own is None:
            return None
        if side.late:
            return own[1]
        return None if own[0] is None else -own[0]

    def _sink(self, side: _Side, node: Hashable) -> int | None:
        """The least value the node's own opposite bound allows on this side."""
        own = self._dates.get(node)
        if own is None:
            return None
        if side.late:
            return own[0]
        return None if own[1] is None else -own[1]

    def _own_bound(self, side: _Side, node: Hashable) -> None:
        source = self._source(side, node)
        if source is not None:
            self._repair(side, _ORIGIN, node, source, None)
        sink = self._sink(side, node)
        value = side.value[node]
        if sink is not None and value < _FINITE and value < sink:
            steps, pure = self._walk(side, node, set())
            assert not pure
            raise ConstraintError([*steps, Step(node, self._dates[node][2])])

    def _accept(self, side: _Side, edge: Edge) -> None:
        if edge.high is not None:
            self._distance(side, edge.earlier, edge.later, edge.high, edge)
        if edge.low is not None:
            self._distance(side, edge.later, edge.earlier, -edge.low, edge)

    def _distance(
        self, side: _Side, tail: Hashable, head: Hashable, weight: int, edge: Edge
    ) -> None:
        """Accept ``day(head) <= day(tail) + weight`` on a side."""
        if side.late:
            self._append(side.adj[tail], (head, weight, edge))
            self._repair(side, tail, head, side.value[tail] + weight, edge)
        else:
            self._append(side.adj[head], (tail, weight, edge))
            self._repair(side, head, tail, side.value[head] + weight, edge)

    def _repair(
        self, side: _Side, tail: Hashable, head: Hashable, value: int, edge: Edge | None
    ) -> None:
        """Lower ``head`` to ``value`` (reached from ``tail`` by ``edge``; from the origin by
        its own bound when ``edge`` is None) and whatever must follow, in increasing order of
        how much each is lowered (a Dijkstra search on reduced costs)."""
        values = side.value
        if value >= values[head]:
            return
        if head == tail:
            assert edge is not None
            raise ConstraintError([Step(head, edge.why, edge=edge)])
        best: dict[Hashable, tuple[int, Hashable, Edge | None]] = {head: (value, tail, edge)}
        order = itertools.count()  # ties never compare nodes (ids and end nodes mix)
        heap = [(value - values[head], next(order), head)]
        done: set[Hashable] = set()
        touched = self._touched
        pred = side.pred
        adj = side.adj
        while heap:
            _, _, node = heapq.heappop(heap)
            if node in done:
                continue
            done.add(node)
            new, came_from, via = best[node]
            if new < _FINITE:
                sink = self._sink(side, node)
                if sink is not None and new < sink:
                    raise self._origin_cycle(side, tail, head, edge, node, best, done)
            if touched is not None and node not in touched:
                touched[node] = (self._late.value[node], self._early.value[node])
            self._set(values, node, new)
            self._set(pred, node, None if via is None else (came_from, via))
            for other, weight, link in adj[node]:
                candidate = new + weight
                if candidate < values[other]:
                    if other == tail:
                        raise ConstraintError(
                            [*self._path(head, node, best), Step(tail, link.why, edge=link)]
                        )
                    known = best.get(other)
                    if known is None or candidate < known[0]:
                        best[other] = (candidate, node, link)
                        heapq.heappush(heap, (candidate - values[other], next(order), other))

    def _path(
        self,
        head: Hashable,
        node: Hashable,
        best: dict[Hashable, tuple[int, Hashable, Edge | None]],
    ) -> list[Step]:
        """The steps of a repair from ``head`` (its first step included) to ``node``."""
        steps: list[Step] = []
        current = node
        while True:
            _, came_from, via = best[current]
            if via is None:
                steps.append(Step(current, self._dates[current][2]))
            else:
                steps.append(Step(current, via.why, edge=via))
            if current == head:
                break
            current = came_from
        steps.reverse()
        return steps

    def _walk(
        self, side: _Side, node: Hashable, done: set[Hashable]
    ) -> tuple[list[Step], Hashable | None]:
        """The chain of what lowered ``node`` on a side, from the originating own bound, as it
        stood before the current repair. Stops early at a node the current repair has lowered
        already, returned second (None when the chain reaches an own bound)."""
        steps: list[Step] = []
        current = node
        stop: Hashable | None = None
        while True:
            if current in done:
                stop = current
                break
            pred = side.pred[current]
            if pred is None:
                steps.append(Step(current, self._dates[current][2]))
                break
            came_from, via = pred
            steps.append(Step(current, via.why, edge=via))
            current = came_from
        steps.reverse()
        return steps, stop

    def _origin_cycle(
        self,
        side: _Side,
        tail: Hashable,
        head: Hashable,
        edge: Edge | None,
        node: Hashable,
        best: dict[Hashable, tuple[int, Hashable, Edge | None]],
        done: set[Hashable],
    ) -> ConstraintError:
        """The contradiction found when a repair pushes ``node`` past its own opposite bound:
        from an own bound through ``tail`` and the new constraint to ``node`` and its own
        bound; or, when the chain to ``tail`` runs through a node this repair has lowered, the
        cycle through the new constraint that this shows."""
        closing = Step(node, self._dates[node][2])
        if edge is None:
            return ConstraintError([*self._path(head, node, best), closing])
        chain, stop = self._walk(side, tail, done)
        if stop is None:
            return ConstraintError([*chain, *self._path(head, node, best), closing])
        return ConstraintError([*self._path(head, stop, best), *chain])


_ORIGIN: Final[Any] = object()
"""The tail of a node's own bound: the origin of days."""


def _relax(
    value: dict[Hashable, int],
    pred: dict[Hashable, _Pred],
    adj: Mapping[Hashable, list[_Link]],
    queue: deque[Hashable],
    queued: set[Hashable],
    budget: int | None,
) -> int | None:
    """Let the values lowered at the ``queue``d nodes flow along ``adj`` until none lowers
    another (label correcting), recording in ``pred`` what lowered each. ``budget`` bounds
    how many nodes are queued again (None: no bound); returns what is left of it, or None
    when it ran out."""
    while queue:
        node = queue.popleft()
        queued.discard(node)
        start = value[node]
        for other, weight, edge in adj[node]:
            candidate = start + weight
            if candidate < value[other]:
                value[other] = candidate
                pred[other] = (node, edge)
                if other not in queued:
                    if budget is not None:
                        budget -= 1
                        if budget < 0:
                            return None
                    queued.add(other)
                    queue.append(other)
    return budget


def _shown(value: int) -> int | None:
    return value if value < _FINITE else None


class NetworkError(MoprTimelineError, ValueError):
    """Dates or edges given in a form the network cannot take (not a contradiction)."""


def _check_day(value: object, what: str) -> None:
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool):
        raise NetworkError(f"{what} must be a day ordinal (an int) or None, not {value!r}")
    if abs(value) > _LIMIT:
        raise NetworkError(f"{what} is out of range: {value!r}")


def _check_own(node: Hashable, own: object) -> None:
    if not (isinstance(own, tuple) and len(own) == 3 and isinstance(own[2], str)):
        raise NetworkError(
            f"the dates of {_name(node)} must be (earliest, latest, label), not {own!r}"
        )
    earliest, latest, label = own
    _check_day(earliest, f"the earliest day of {_name(node)}")
    _check_day(latest, f"the latest day of {_name(node)}")
    if earliest is not None and latest is not None and earliest > latest:
        raise ConstraintError([Step(node, label)], note=" (its earliest day is after its latest)")


def _check_edge(edge: object) -> None:
    if not isinstance(edge, Edge):
        raise NetworkError(f"not an Edge: {edge!r}")
    what = f"the edge {edge.why!r} from {_name(edge.earlier)} to {_name(edge.later)}"
    _check_day(edge.low, f"the low limit of {what}")
    _check_day(edge.high, f"the high limit of {what}")
    if edge.low is not None and edge.high is not None and edge.low > edge.high:
        raise ConstraintError([Step(edge.later, edge.why, edge=edge)], note=" (an empty window)")


def _topological(
    nodes: list[Hashable], edges: Sequence[Edge], among: Mapping[Hashable, None]
) -> list[Hashable]:
    """``nodes`` with every edge's earlier node before its later one where the edges among
    them allow (nodes on a cycle of edges follow in their given order)."""
    waiting = dict.fromkeys(nodes, 0)
    after: dict[Hashable, list[Hashable]] = {}
    for edge in edges:
        if edge.earlier in among and edge.later in among and edge.earlier != edge.later:
            after.setdefault(edge.earlier, []).append(edge.later)
            waiting[edge.later] += 1
    order = [node for node in nodes if waiting[node] == 0]
    for node in order:  # grows while it is read
        for later in after.get(node, ()):
            waiting[later] -= 1
            if waiting[later] == 0:
                order.append(later)
    if len(order) < len(nodes):
        placed = set(order)
        order.extend(node for node in nodes if node not in placed)
    return order
