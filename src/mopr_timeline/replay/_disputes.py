"""Disputes: claims that compete about one fact, and the readings that pick one of each.

An event may name, in ``contradicts``, earlier-recorded claims it competes with. Claims linked
this way, directly or through others, form one *dispute* (a retracted claim, or one of a kind
not registered here, takes no part). A *reading* of the log picks exactly one claim of every
dispute, setting the others aside, and one day within the bounds of every date; a fact is
CERTAIN when it holds in every reading, IMPOSSIBLE when in none, POSSIBLE otherwise.

``trust`` keeps, in each dispute where at least one claim is trusted, only the trusted claims:
the others are set aside in every reading (the state "according to" a source).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence

import attrs

from mopr_timeline.dates import Certainty
from mopr_timeline.events import Event, Source

__all__ = [
    "Dispute",
    "Trust",
    "claim_certainties",
    "claim_groups",
    "combine",
    "find_disputes",
    "readings",
    "trusted",
]

Trust = Iterable[str] | Callable[[Source], bool] | None
"""Which sources to trust: their titles (a claim is trusted when its citation's work or the
work that one cites has one of them), or a predicate on a claim's ``Source``."""


@attrs.frozen
class Dispute:
    """The positions of the claims of one dispute, ascending."""

    claims: tuple[int, ...]


def find_disputes(
    links: Mapping[int, tuple[str, ...]],
    position_of: Callable[[str], int | None],
    counts: Callable[[int], bool],
) -> list[Dispute]:
    """The disputes the ``links`` (position -> ids it contradicts) make among the claims that
    ``counts`` (neither retracted nor of an unregistered kind), by connected components."""
    parent: dict[int, int] = {}

    def root(p: int) -> int:
        while parent.setdefault(p, p) != p:
            parent[p] = parent[parent[p]]
            p = parent[p]
        return p

    for p, targets in links.items():
        if not counts(p):
            continue
        for target in targets:
            q = position_of(target)
            if q is not None and q != p and counts(q):
                parent[root(p)] = root(q)
    groups: dict[int, list[int]] = {}
    for p in parent:
        groups.setdefault(root(p), []).append(p)
    return sorted(
        (Dispute(tuple(sorted(group))) for group in groups.values() if len(group) > 1),
        key=lambda d: d.claims,
    )


def claim_groups(events: Sequence[Event]) -> list[tuple[Event, ...]]:
    """The disputes among ``events`` (the caller leaves out those taking no part: retracted,
    unread), each as its claims in the order of ``events``; an id names its first event."""
    first: dict[str, int] = {}
    for p, event in enumerate(events):
        first.setdefault(event.id, p)
    links = {p: event.contradicts for p, event in enumerate(events) if event.contradicts}
    found = find_disputes(links, first.get, lambda _: True)
    return [tuple(events[p] for p in dispute.claims) for dispute in found]


def trusted(
    disputes: Sequence[Dispute], trust: Trust, source_of: Callable[[int], Source | None]
) -> tuple[list[Dispute], frozenset[int]]:
    """The disputes left when only trusted claims are kept where one is, and the claims set
    aside in every reading (the untrusted ones of those disputes)."""
    if trust is None:
        return list(disputes), frozenset()
    titles = None if callable(trust) else frozenset([trust] if isinstance(trust, str) else trust)

    def trusts(p: int) -> bool:
        source = source_of(p)
        if source is None:
            return False
        if titles is not None:
            return not titles.isdisjoint(source.works())
        return bool(trust(source))  # type: ignore[operator]

    kept: list[Dispute] = []
    aside: set[int] = set()
    for dispute in disputes:
        chosen = tuple(p for p in dispute.claims if trusts(p))
        if not chosen:
            kept.append(dispute)
            continue
        aside.update(p for p in dispute.claims if p not in chosen)
        if len(chosen) > 1:
            kept.append(Dispute(chosen))
    return kept, frozenset(aside)


def readings(
    disputes: Sequence[Dispute], aside: frozenset[int]
) -> Iterator[tuple[tuple[int, ...], frozenset[int]]]:
    """Each choice of one claim per dispute, with the positions it sets aside (``aside``
    included)."""
    for choice in itertools.product(*(d.claims for d in disputes)):
        excluded = set(aside)
        for dispute, claim in zip(disputes, choice, strict=True):
            excluded.update(p for p in dispute.claims if p != claim)
        yield choice, frozenset(excluded)


def combine(certainties: Iterable[Certainty]) -> Certainty:
    """The certainty over readings of certainties each over the refinements of one reading:
    CERTAIN when all are, IMPOSSIBLE when all are, POSSIBLE otherwise."""
    listed = list(certainties)
    if not listed:
        return Certainty.IMPOSSIBLE
    if all(c is Certainty.CERTAIN for c in listed):
        return Certainty.CERTAIN
    if all(c is Certainty.IMPOSSIBLE for c in listed):
        return Certainty.IMPOSSIBLE
    return Certainty.POSSIBLE


def claim_certainties(
    disputes: Sequence[Dispute], results: Sequence[tuple[tuple[int, ...], Certainty]]
) -> dict[Dispute, dict[int, Certainty]]:
    """For each dispute, each claim's certainty: over the readings that pick it."""
    table: dict[Dispute, dict[int, Certainty]] = {}
    for i, dispute in enumerate(disputes):
        table[dispute] = {
            claim: combine(c for choice, c in results if choice[i] == claim)
            for claim in dispute.claims
        }
    return table
