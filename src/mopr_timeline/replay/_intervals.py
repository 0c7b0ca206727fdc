"""Day intervals keyed by stream position, answering overlap queries in O(log n + k).

Intervals are bucketed by width class (a bucket holds widths below ``2**k``) and kept sorted
by ``(lo, position)`` in parallel lists (their ints are the index's own, shared, and a whole
load fills them with C-level sorts and maps), so an overlap query bisects each bucket to the
window ``lo in [x - 2**k + 1, y]``: every interval found there either overlaps ``[x, y]`` or is
within one bucket width of it. Intervals with an open start (``lo`` is the first day of the
calendar) get their own lists sorted by ``(hi, position)``, where overlapping ones form a
suffix, so "before 1933"-style dates never make a query scan the past.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable
from operator import sub
from typing import Any, NoReturn

from mopr_timeline.dates import MIN_ORDINAL
from mopr_timeline.replay._errors import ReplayError

__all__ = ["MASK", "NO_KEY", "SHIFT", "IntervalIndex", "pack", "unpack"]

SHIFT = 32
"""A key is ``(day << SHIFT) | position``."""
MASK = (1 << SHIFT) - 1
"""``key & MASK`` is the key's position."""
NO_KEY = -1
"""The key below every real ``(day, position)`` key: "no such event"."""
_INSERT_LIMIT = 64
"""Up to this many waiting additions are inserted in place; more are merged by sorting."""


def pack(day: int, position: int) -> int:
    """One int ordering like the pair ``(day, position)``; positions must fit in 32 bits."""
    return (day << SHIFT) | position


def unpack(key: int) -> tuple[int, int]:
    return key >> SHIFT, key & MASK


def _refuse(position: int) -> NoReturn:
    raise ReplayError(f"stream position {position} does not fit the index (max 2**32 - 1)")


class _Bucket:
    """Intervals of one width class sorted by ``(lo, position)``, as three parallel lists."""

    __slots__ = ("his", "los", "positions", "width")

    def __init__(self, width: int) -> None:
        self.width = width
        self.los: list[int] = []
        self.positions: list[int] = []
        self.his: list[int] = []

    def _place(self, position: int, lo: int) -> int:
        """Where ``(lo, position)`` is or would go."""
        first = bisect_left(self.los, lo)
        return bisect_left(self.positions, position, first, bisect_right(self.los, lo, first))

    def add(self, position: int, lo: int, hi: int) -> None:
        i = self._place(position, lo)
        self.los.insert(i, lo)
        self.positions.insert(i, position)
        self.his.insert(i, hi)

    def remove(self, position: int, lo: int) -> bool:
        i = self._place(position, lo)
        if i < len(self.los) and self.los[i] == lo and self.positions[i] == position:
            del self.los[i], self.positions[i], self.his[i]
            return True
        return False


class IntervalIndex:
    """A set of intervals ``[lo, hi]`` (day ordinals), at most one per stream position.

    Additions wait in a buffer until the next query: a few are inserted in place, many are
    merged by one sort, so building from a whole stream costs O(n log n), not O(n**2). An
    empty index given its intervals at once (``add_many``) builds its lists straight away.
    """

    __slots__ = ("_buckets", "_doomed", "_open_his", "_open_positions", "_pending", "_size")

    def __init__(self) -> None:
        self._buckets: dict[int, _Bucket] = {}
        self._open_his: list[int] = []
        self._open_positions: list[int] = []
        self._pending: dict[tuple[int, int, int], None] = {}
        self._doomed: set[tuple[int, int, int]] = set()
        self._size = 0

    def __len__(self) -> int:
        self._settle()
        return self._size

    def add(self, position: int, lo: int, hi: int) -> None:
        if position > MASK or position < 0:
            _refuse(position)
        self._pending[position, lo, hi] = None

    def add_many(
        self, positions: Iterable[int], low: Callable[[int], int], high: Callable[[int], int]
    ) -> None:
        """Add the intervals ``[low(p), high(p)]`` of ``positions`` (distinct, and not held)."""
        if self._size or self._pending or self._doomed:
            for position in positions:
                self.add(position, low(position), high(position))
            return
        order = sorted(positions)
        if order and order[0] < 0:
            _refuse(order[0])
        if order and order[-1] > MASK:
            _refuse(order[-1])
        self._fill(order, low, high)

    def _fill(
        self, order: list[int], low: Callable[[int], int], high: Callable[[int], int]
    ) -> None:
        """Make the index hold exactly the intervals of the positions ``order`` (ascending).

        Every step is a sort or a map run in C: a stable sort by ``low`` puts the positions in
        the ``(lo, position)`` order of every bucket, and a stable sort by width class then
        groups them for the buckets.
        """
        order.sort(key=low)
        lows = list(map(low, order))
        highs = list(map(high, order))
        first, past = bisect_left(lows, MIN_ORDINAL), bisect_right(lows, MIN_ORDINAL)
        opened = order[first:past]
        opened.sort(key=high)
        self._open_positions = opened
        self._open_his = list(map(high, opened))
        del order[first:past], lows[first:past], highs[first:past]
        classes = list(map(int.bit_length, map(sub, highs, lows)))
        by_class = sorted(range(len(order)), key=classes.__getitem__)
        sorted_classes = list(map(classes.__getitem__, by_class))
        self._buckets = {}
        start = 0
        while start < len(by_class):
            cls = sorted_classes[start]
            end = bisect_right(sorted_classes, cls, start)
            chosen = by_class[start:end]
            bucket = self._bucket(cls)
            bucket.los = list(map(lows.__getitem__, chosen))
            bucket.positions = list(map(order.__getitem__, chosen))
            bucket.his = list(map(highs.__getitem__, chosen))
            start = end
        self._size = len(opened) + len(order)

    def remove(self, position: int, lo: int, hi: int) -> None:
        """Forget an interval added with exactly these values (no-op when absent)."""
        item = (position, lo, hi)
        if item in self._pending:
            del self._pending[item]
        else:
            self._doomed.add(item)

    def _settle(self) -> None:
        """Apply the waiting removals, then the waiting additions."""
        if self._doomed:
            doomed, self._doomed = self._doomed, set()
            if len(doomed) <= _INSERT_LIMIT:
                for position, lo, hi in doomed:
                    self._size -= self._discard(position, lo, hi)
            else:
                self._rebuild(set(), doomed)
        if self._pending:
            pending, self._pending = list(self._pending), {}
            if len(pending) <= _INSERT_LIMIT:
                for position, lo, hi in pending:
                    if lo == MIN_ORDINAL:
                        i = self._open_place(position, hi)
                        self._open_his.insert(i, hi)
                        self._open_positions.insert(i, position)
                    else:
                        self._bucket((hi - lo).bit_length()).add(position, lo, hi)
                self._size += len(pending)
            else:
                self._rebuild(set(pending), set())

    def _open_place(self, position: int, hi: int) -> int:
        """Where ``(hi, position)`` is or would go among the open-start intervals."""
        his = self._open_his
        first = bisect_left(his, hi)
        return bisect_left(self._open_positions, position, first, bisect_right(his, hi, first))

    def _discard(self, position: int, lo: int, hi: int) -> int:
        if lo == MIN_ORDINAL:
            his, positions = self._open_his, self._open_positions
            i = self._open_place(position, hi)
            if i < len(his) and his[i] == hi and positions[i] == position:
                del his[i], positions[i]
                return 1
            return 0
        bucket = self._buckets.get((hi - lo).bit_length())
        return 1 if bucket is not None and bucket.remove(position, lo) else 0

    def _held(self) -> set[tuple[int, int, int]]:
        """Every interval held, as ``(position, lo, hi)``."""
        opened = zip(self._open_positions, self._open_his, strict=True)
        held = {(p, MIN_ORDINAL, h) for p, h in opened}
        for bucket in self._buckets.values():
            held.update(zip(bucket.positions, bucket.los, bucket.his, strict=True))
        return held

    def _rebuild(
        self, added: set[tuple[int, int, int]], removed: set[tuple[int, int, int]]
    ) -> None:
        """Rebuild every list at once: the held intervals, plus ``added``, less ``removed``."""
        held = (self._held() | added) - removed
        lows = {p: lo for p, lo, _ in held}
        highs = {p: hi for p, _, hi in held}
        self._fill(sorted(lows), lows.__getitem__, highs.__getitem__)

    def _bucket(self, cls: int) -> _Bucket:
        bucket = self._buckets.get(cls)
        if bucket is None:
            bucket = self._buckets[cls] = _Bucket((1 << cls) - 1)
        return bucket

    def overlapping(self, x: int, y: int) -> list[int]:
        """Positions of the intervals with ``lo <= y`` and ``hi >= x``."""
        self._settle()
        found: list[int] = []
        for bucket in self._buckets.values():
            los, his, positions = bucket.los, bucket.his, bucket.positions
            i = bisect_left(los, x - bucket.width)
            end = bisect_right(los, y, i)
            while i < end:
                if his[i] >= x:
                    found.append(positions[i])
                i += 1
        found.extend(self._open_positions[bisect_left(self._open_his, x) :])
        return found

    def latest_ending_by(self, day: int, skip: Collection[int] = ()) -> int:
        """A lower bound of the max ``(lo, position)`` key among intervals with ``hi <= day``
        (leaving out the positions in ``skip``).

        Exact over the width buckets; an open-start interval contributes ``(lo, 0)`` since
        its ``lo`` is already the smallest day. ``NO_KEY`` when no interval ends by ``day``.
        Scanning down from ``day`` skips only intervals that straddle it (and skipped ones),
        so the cost stays proportional to the answer.
        """
        self._settle()
        best = NO_KEY
        for bucket in self._buckets.values():
            los, his, positions = bucket.los, bucket.his, bucket.positions
            j = bisect_right(los, day) - 1
            while j >= 0 and pack(los[j], positions[j]) > best:
                if his[j] <= day and positions[j] not in skip:
                    best = pack(los[j], positions[j])
                    break
                j -= 1
        if best == NO_KEY:
            for high, position in zip(self._open_his, self._open_positions, strict=True):
                if high > day:
                    break
                if position not in skip:
                    best = pack(MIN_ORDINAL, 0)
                    break
        return best

    def snapshot(self) -> tuple[Any, ...]:
        """Everything held, in a canonical form (for comparing indexes)."""
        self._settle()
        buckets = tuple(
            (cls, tuple(b.los), tuple(b.positions), tuple(b.his))
            for cls, b in sorted(self._buckets.items())
            if b.los
        )
        return buckets, tuple(self._open_his), tuple(self._open_positions)
