"""Exact three-valued answers for registers: "is the value set by one of A in force on q?".

A register (existence, the leader, the governing body's name, one country's section, the
organization's names) is folded in the order ``(day, position)``: its value on day ``q`` is
set by the LAST relevant event dated on or before ``q``. Every fact read from a register has
the form "the last relevant event on or before q belongs to the set A" (the events setting
the value) against the set B (the other relevant events: other values, clearings). Each
event ``e`` lies somewhere in ``[lo_e, hi_e]``, the query day in ``[ql, qh]``, all
independently; the answer is exact when it counts every such refinement.

**Which events matter.** Let ``M`` be the largest ``(lo, position)`` of an event that is
certainly in (``hi <= ql``). An event with ``(hi, position) < M`` always precedes that event
and so is never last, and events with ``lo > qh`` never count: dropping both changes no
refinement's answer. What remains (``lo <= qh`` and ``(hi, position) >= M``) is the candidate
set; it is small (the events straddling the query, and those certainly past that end after
the latest certainly-past one began).

**Possible(X last, against Y).** Fix ``x`` in X and its day ``t``. The query day is best
taken as ``max(t, ql)`` (a later day only admits more of Y). Each ``y`` in Y, chosen on its
own, must fall after the query day (possible iff ``hi_y > max(t, ql)``) or before ``x`` in
fold order (possible iff ``(lo_y, p_y) < (t, p_x)``). With ``L_y = lo_y`` when
``p_y > p_x`` and ``lo_y - 1`` otherwise, the second fails iff ``t <= L_y``, the first iff
``hi_y <= ql`` or ``t >= hi_y``; so y forbids ``t <= L_y`` (when ``hi_y <= ql``) or the
interval ``[hi_y, L_y]``. X can be last iff some ``x`` keeps a ``t`` in
``[lo_x, min(hi_x, qh)]`` outside every forbidden interval. Other members of X add no
constraint: if one of them lands after ``x`` and on or before q, the last is still in X.

**Implied pairs.** An event may be paired with another (``paired``: a closing's position ->
its opening's): readings then keep the closing's day not before the opening's (days in
bounds already narrowed by that). Against the x it closes, a paired y recorded after x can
never precede it in fold order (``L_y`` is unbounded); against the closing x it opens, a
paired y is never after the query day (it is on or before x's day), and precedes x in fold
order always when recorded before it, else when on an earlier day (x forbids ``t <= lo_y``).
Each event is paired only with the opening of its group, so that, x's day fixed, the other
events still vary independently: the answer stays exact.

**Certainty.** "Last in A" is POSSIBLE iff Possible(A last, against B); it fails in some
refinement iff Possible(B last, against A) or every relevant event can fall after q
(``ql < min hi``). CERTAIN when neither, IMPOSSIBLE when A cannot be last: exact by
construction, and checked against brute-force enumeration by the property tests.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from mopr_timeline.dates import Certainty

__all__ = ["NO_PAIRS", "Span", "certainty_last_in"]

NO_PAIRS: Mapping[int, int] = {}
"""No event paired with another."""
_NEVER = 1 << 62
"""A limit no day reaches."""

Span = tuple[int, int, int]
"""A relevant event as ``(lo, hi, position)``: its day bounds and its place in the stream."""


def _can_be_last(
    xs: Sequence[Span], ys: Sequence[Span], ql: int, qh: int, paired: Mapping[int, int]
) -> bool:
    for x_lo, x_hi, x_position in xs:
        top = min(x_hi, qh)
        t = x_lo
        gaps: list[tuple[int, int]] = []
        opening = paired.get(x_position)
        for y_lo, y_hi, y_position in ys:
            if y_position == opening:  # y opens x: on or before x's day
                if y_position > x_position and y_lo >= t:
                    t = y_lo + 1
                continue
            limit = y_lo if y_position > x_position else y_lo - 1
            if y_position > x_position and paired and paired.get(y_position) == x_position:
                limit = _NEVER  # y closes x, recorded after it: never before it in fold order
            if y_hi <= ql:
                if limit >= t:
                    t = limit + 1
            elif y_hi <= limit:
                gaps.append((y_hi, limit))
        if t > top:
            continue
        if gaps:
            gaps.sort()
            for start, end in gaps:
                if start > t:
                    break
                if end >= t:
                    t = end + 1
        if t <= top:
            return True
    return False


def certainty_last_in(
    setters: Sequence[Span],
    others: Sequence[Span],
    ql: int,
    qh: int,
    paired: Mapping[int, int] = NO_PAIRS,
) -> Certainty:
    """Certainty that the last relevant event on or before the query day (one day in
    ``[ql, qh]``) is one of ``setters`` rather than one of ``others`` (``paired``: a closing's
    position -> the position of the opening it is paired with)."""
    if not setters or not _can_be_last(setters, others, ql, qh, paired):
        return Certainty.IMPOSSIBLE
    none_yet = ql < min(min(s[1] for s in setters), min((o[1] for o in others), default=ql + 1))
    if none_yet or _can_be_last(others, setters, ql, qh, paired):
        return Certainty.POSSIBLE
    return Certainty.CERTAIN
