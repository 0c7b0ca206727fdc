"""Can one fact hold, or fail, on every day of a stretch ``[a, b]``? An exact search over the
days of its events.

Replay folds events in the order (day, position in the stream). A fact's *register* (a
section's openings and closings, every succession of a slot and the vacatings of the value,
a value's givers, a record's own event, the foundings and dissolutions for ``exists``) has
the value written by its last event on or before the day; its events are *setters* (they
write "holds") or *others* ("does not hold"); before any of them it does not hold. A fact of
the organization also needs a founding on or before the day and, unless it outlives them, no
dissolution yet: it holds on ``[first founding, first dissolution - 1]`` only.

**One register, one value on every day of [s, e].** Call *good* the events writing the value
wanted and *bad* the others. The value holds on every day of ``[s, e]`` iff the last event on
or before ``s`` is good (or there is none and the initial value is the one wanted) and, on
every day of ``(s, e]`` carrying events, the last of them (by position) is good. So every bad
event must fall after ``e`` (possible iff its latest day is after ``e``: then it is put
there, as a bad event nowhere else does any good), or on or before ``s`` and before the good
event ``g0`` that comes last there (put on its earliest day, ``g0`` on ``min(latest, s)``),
or on a day of ``(s, e]`` shared with a good event of a later position. Good events elsewhere
never harm. The search tries each ``g0`` (or none, when the initial value is good), and
covers the remaining bad events on days of ``(s, e]``: the one with the earliest latest day
first, with each good event of a later position that may share a day with it, on the latest
such day (which it then shares with every other bad event of an earlier position that may
fall there, since all of them end no earlier); each good event covers one day. Exact;
exponential only in the bad events that cannot fall outside ``(s, e]``, which are few. A
search stops after ``BUDGET`` steps with ``UndecidedError``; its caller then answers "yes",
which is never wrong there (see ``_during``).

**The organization's life.** To hold on every day, the fact needs a founding on or before
``a`` and every dissolution (unless it outlives them) after ``b``: the events concerned are
held to those days, and their register searched as above. To fail on every day, the register
must fail on ``[max(a, F), min(b, D - 1)]`` (``F`` the first founding's day, ``D`` the first
dissolution's): foundings are put on their latest days and dissolutions on their earliest,
which only shrinks that stretch; an event that founds or dissolves and is also in the
register (a founding giving a name) has its day tried over every place it may take among the
others' bounds.

Events here have independent days: relations between them are not taken into account (their
bounds are the narrowed ones, so that answers stay sound). Pairwise "not before" constraints
could be taken in by checking, at each choice the search makes (a bad event after ``e``, on
or before ``g0``, or on a good event's day; ``g0`` on or before ``s``), that the choices so far
leave the constraints satisfiable, instead of putting each event on a fixed day.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import attrs

from mopr_timeline.dates import MAX_ORDINAL

__all__ = ["BUDGET", "FactEvents", "Span", "UndecidedError", "throughout"]

Span = tuple[int, int, int]
"""An event as ``(lo, hi, position)``: the bounds of its day and its place in the stream."""

BUDGET = 20_000
"""Search steps allowed for one question before it is given up (``UndecidedError``)."""
_NEVER = MAX_ORDINAL + 1


class UndecidedError(Exception):
    """The search took more than ``BUDGET`` steps."""


@attrs.frozen
class FactEvents:
    """One fact's events in one reading: its register's ``setters`` and ``others``, and, for
    a fact of the organization (``scoped``), the ``foundings`` and the ``dissolutions`` that
    end it (none when it outlives them)."""

    setters: tuple[Span, ...]
    others: tuple[Span, ...]
    scoped: bool = False
    foundings: tuple[Span, ...] = ()
    dissolutions: tuple[Span, ...] = ()


def throughout(events: FactEvents, a: int, b: int, *, holds: bool) -> bool:
    """Do some days of the events make the fact hold (``holds``), or fail, on every day of
    ``[a, b]``? ``UndecidedError`` when the search is too long."""
    steps = _Steps()
    if not events.scoped:
        return _register_throughout(events.setters, events.others, holds, a, b, steps)
    if holds:
        return _holds_within_life(events, a, b, steps)
    return _fails_within_life(events, a, b, steps)


def _holds_within_life(events: FactEvents, a: int, b: int, steps: _Steps) -> bool:
    """A founding on or before ``a``, every dissolution after ``b``, the register holding."""
    if any(d[1] <= b for d in events.dissolutions):
        return False
    register = {s[2] for s in (*events.setters, *events.others)}
    held = {d[2]: (b + 1, MAX_ORDINAL) for d in events.dissolutions}
    early = [f for f in events.foundings if f[0] <= a]
    if not early:
        return False
    # a founding outside the register can be the early one at no cost; else try each
    choices: list[Span | None] = [None] if any(f[2] not in register for f in early) else [*early]
    for choice in choices:
        limits = dict(held)
        if choice is not None:
            limits[choice[2]] = _meet(limits.get(choice[2]), (choice[0], a))
        if _limited_throughout(events, limits, True, a, b, steps):
            return True
    return False


def _fails_within_life(events: FactEvents, a: int, b: int, steps: _Steps) -> bool:
    """The register fails on ``[max(a, F), min(b, D - 1)]``, life events placed to shrink it."""
    if not events.foundings:
        return True
    register = {s[2] for s in (*events.setters, *events.others)}
    life = [*events.foundings, *events.dissolutions]
    shared = list({s[2]: s for s in life if s[2] in register}.values())
    if not shared:
        first = min(f[1] for f in events.foundings)
        end = min((d[0] for d in events.dissolutions), default=_NEVER)
        s, e = max(a, first), min(b, end - 1)
        return s > e or _register_throughout(events.setters, events.others, False, s, e, steps)
    every = [*events.setters, *events.others, *life]
    days = _universe([(x[0], x[1]) for x in every], (a, b), room=len(shared))
    domains = [[d for d in days if x[0] <= d <= x[1]] for x in shared]
    for placed in itertools.product(*domains):
        steps.take()
        fixed = {x[2]: day for x, day in zip(shared, placed, strict=True)}
        first = min(fixed.get(f[2], f[1]) for f in events.foundings)
        end = min((fixed.get(d[2], d[0]) for d in events.dissolutions), default=_NEVER)
        s, e = max(a, first), min(b, end - 1)
        if s > e:
            return True
        limits = {p: (day, day) for p, day in fixed.items()}
        if _limited_throughout(events, limits, False, s, e, steps):
            return True
    return False


def _register_throughout(
    setters: Sequence[Span], others: Sequence[Span], holds: bool, s: int, e: int, steps: _Steps
) -> bool:
    """Can the register hold (``holds``: the value ``setters`` write), or fail (the value
    before any event, or one ``others`` write), on every day of ``[s, e]``?"""
    if holds:
        return _cover(setters, others, False, s, e, steps)
    return _cover(others, setters, True, s, e, steps)


def _limited_throughout(
    events: FactEvents,
    limits: dict[int, tuple[int, int]],
    holds: bool,
    s: int,
    e: int,
    steps: _Steps,
) -> bool:
    """``_register_throughout`` with the days of the events in ``limits`` held within them."""
    setters = _limited(events.setters, limits)
    others = _limited(events.others, limits)
    return (
        setters is not None
        and others is not None
        and _register_throughout(setters, others, holds, s, e, steps)
    )


def _cover(
    good: Sequence[Span], bad: Sequence[Span], initially: bool, s: int, e: int, steps: _Steps
) -> bool:
    """Can the register hold the value that ``good`` write on every day of ``[s, e]``
    (``initially``: the value before any event is that one)?"""
    stuck = [x for x in bad if x[1] <= e]  # the others fall after e
    first: list[Span | None] = [None] if initially else []
    first += sorted((g for g in good if g[0] <= s), key=lambda g: (min(g[1], s), g[2]))[::-1]
    for g0 in first:
        steps.take()
        inside: list[Span] = []
        for x in stuck:
            if g0 is not None and (x[0], x[2]) < (min(g0[1], s), g0[2]):
                continue  # on its earliest day, before g0: the last on or before s is g0
            lo = max(x[0], s + 1)
            if lo > x[1]:
                break
            inside.append((lo, x[1], x[2]))
        else:
            used = None if g0 is None else g0[2]
            covers = tuple(
                (max(g[0], s + 1), min(g[1], e), g[2])
                for g in good
                if g[2] != used and max(g[0], s + 1) <= min(g[1], e)
            )
            inside.sort(key=lambda x: x[1])
            if _covered(tuple(inside), covers, steps, {}):
                return True
    return False


def _covered(
    bad: tuple[Span, ...],
    good: tuple[Span, ...],
    steps: _Steps,
    seen: dict[tuple[tuple[int, ...], tuple[int, ...]], bool],
) -> bool:
    """Can each of ``bad`` (by latest day, all within ``(s, e]``) share a day with a later
    good event, each of ``good`` (clipped to ``(s, e]``) on one day?"""
    if not bad:
        return True
    memo = (tuple(x[2] for x in bad), tuple(g[2] for g in good))
    known = seen.get(memo)
    if known is not None:
        return known
    steps.take()
    lo, hi, position = bad[0]
    found = False
    for i, (g_lo, g_hi, g_position) in enumerate(good):
        day = min(hi, g_hi)
        if g_position <= position or day < max(lo, g_lo):
            continue
        rest = tuple(x for x in bad[1:] if not (x[0] <= day and x[2] < g_position))
        if _covered(rest, good[:i] + good[i + 1 :], steps, seen):
            found = True
            break
    seen[memo] = found
    return found


def _meet(limit: tuple[int, int] | None, other: tuple[int, int]) -> tuple[int, int]:
    if limit is None:
        return other
    return max(limit[0], other[0]), min(limit[1], other[1])


def _limited(spans: Iterable[Span], limits: dict[int, tuple[int, int]]) -> tuple[Span, ...] | None:
    """``spans`` with the days of those in ``limits`` held within them (None: one cannot)."""
    out = []
    for lo, hi, position in spans:
        limit = limits.get(position)
        if limit is not None:
            lo, hi = max(lo, limit[0]), min(hi, limit[1])
            if lo > hi:
                return None
        out.append((lo, hi, position))
    return tuple(out)


def _universe(bounds: Sequence[tuple[int, int]], stretch: tuple[int, int], room: int) -> list[int]:
    """Days enough for ``room`` events to take every place among ``bounds`` and the
    stretch's ends, the day before and after each included (ties too)."""
    marks = {d + k for lo, hi in (*bounds, stretch) for d in (lo, hi) for k in (-1, 0, 1)}
    ends = sorted(marks)
    days: list[int] = []
    for left, right in itertools.pairwise(ends):
        days.extend(range(left, min(right, left + 1 + room)))
    days.append(ends[-1])
    return days


class _Steps:
    """Counts search steps; raises ``UndecidedError`` beyond ``BUDGET``."""

    def __init__(self) -> None:
        self.left = BUDGET

    def take(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise UndecidedError
