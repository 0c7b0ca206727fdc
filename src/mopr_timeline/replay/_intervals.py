"""Day intervals keyed by stream position, answering overlap queries in O(log n + k).

Intervals are bucketed by width class (a bucket holds widths below ``2**k``) and kept sorted
by ``(lo, position)`` in compact int64 arrays, so an overlap query bisects each bucket to the
window ``lo in [x - 2**k + 1, y]``: every interval found there either overlaps ``[x, y]`` or is
within one bucket width of it. Intervals with an open start (``lo`` is the first day of the
calendar) get their own array sorted by ``(hi, position)``, where overlapping ones form a
suffix, so "before 1933"-style dates never make a query scan the past.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right, insort
from collections.abc import Sequence
from typing import NoReturn

from mopr_timeline.dates._fuzzy import MIN_ORDINAL
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
    """Intervals of one width class, sorted by ``(lo, position)``."""

    __slots__ = ("his", "keys", "width")

    def __init__(self, width: int) -> None:
        self.width = width
        self.keys = array("q")
        self.his = array("q")

    def add(self, key: int, hi: int) -> None:
        i = bisect_right(self.keys, key)
        self.keys.insert(i, key)
        self.his.insert(i, hi)

    def remove(self, key: int) -> bool:
        i = bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            del self.keys[i]
            del self.his[i]
            return True
        return False


class IntervalIndex:
    """A set of intervals ``[lo, hi]`` (day ordinals) identified by stream position.

    Additions wait in a buffer until the next query: a few are inserted in place, many are
    merged by one sort, so building from a whole stream costs O(n log n), not O(n**2). An
    empty index given its intervals at once (``add_many``) builds its arrays straight away.
    """

    __slots__ = ("_buckets", "_doomed", "_open", "_pending", "_size")

    def __init__(self) -> None:
        self._buckets: dict[int, _Bucket] = {}
        self._open = array("q")
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

    def add_many(self, positions: Sequence[int], lows: Sequence[int], highs: Sequence[int]) -> None:
        """Add the intervals ``[lows[i], highs[i]]`` of ``positions[i]`` (distinct positions)."""
        if self._size or self._pending or self._doomed or not positions:
            for position, lo, hi in zip(positions, lows, highs, strict=True):
                self.add(position, lo, hi)
        elif min(positions) < 0:
            _refuse(min(positions))
        elif max(positions) > MASK:
            _refuse(max(positions))
        else:
            self._fill(positions, lows, highs)

    def _fill(self, positions: Sequence[int], lows: Sequence[int], highs: Sequence[int]) -> None:
        """Make the empty index hold exactly these intervals (distinct positions)."""
        opened: list[int] = []
        grouped: dict[int, list[int]] = {}
        high_of: dict[int, int] = {}
        for position, lo, hi in zip(positions, lows, highs, strict=True):
            if lo == MIN_ORDINAL:
                opened.append((hi << SHIFT) | position)
                continue
            key = (lo << SHIFT) | position
            high_of[key] = hi
            cls = (hi - lo).bit_length()
            keys = grouped.get(cls)
            if keys is None:
                grouped[cls] = [key]
            else:
                keys.append(key)
        opened.sort()
        self._open = array("q", opened)
        self._buckets = {}
        for cls in sorted(grouped):
            keys = grouped[cls]
            keys.sort()
            bucket = self._bucket(cls)
            bucket.keys = array("q", keys)
            bucket.his = array("q", [high_of[k] for k in keys])
        self._size = len(opened) + len(high_of)

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
                        insort(self._open, pack(hi, position))
                    else:
                        self._bucket((hi - lo).bit_length()).add(pack(lo, position), hi)
                self._size += len(pending)
            else:
                self._rebuild(set(pending), set())

    def _discard(self, position: int, lo: int, hi: int) -> int:
        if lo == MIN_ORDINAL:
            key = pack(hi, position)
            i = bisect_left(self._open, key)
            if i < len(self._open) and self._open[i] == key:
                del self._open[i]
                return 1
            return 0
        bucket = self._buckets.get((hi - lo).bit_length())
        return 1 if bucket is not None and bucket.remove(pack(lo, position)) else 0

    def _rebuild(
        self, added: set[tuple[int, int, int]], removed: set[tuple[int, int, int]]
    ) -> None:
        """Rebuild every array by one sort: the held intervals, plus ``added``, less ``removed``."""
        held = {(k & MASK, MIN_ORDINAL, k >> SHIFT) for k in self._open}
        for bucket in self._buckets.values():
            held.update(
                (k & MASK, k >> SHIFT, h) for k, h in zip(bucket.keys, bucket.his, strict=True)
            )
        held = (held | added) - removed
        self._size = len(held)
        self._open = array("q", sorted(pack(h, p) for p, lo, h in held if lo == MIN_ORDINAL))
        grouped: dict[int, list[tuple[int, int]]] = {}
        for position, lo, hi in held:
            if lo != MIN_ORDINAL:
                grouped.setdefault((hi - lo).bit_length(), []).append((pack(lo, position), hi))
        self._buckets = {}
        for cls, items in grouped.items():
            items.sort()
            bucket = self._bucket(cls)
            bucket.keys = array("q", [k for k, _ in items])
            bucket.his = array("q", [h for _, h in items])

    def _bucket(self, cls: int) -> _Bucket:
        bucket = self._buckets.get(cls)
        if bucket is None:
            bucket = self._buckets[cls] = _Bucket((1 << cls) - 1)
        return bucket

    def overlapping(self, x: int, y: int) -> list[int]:
        """Positions of the intervals with ``lo <= y`` and ``hi >= x``."""
        self._settle()
        found: list[int] = []
        top = pack(y, MASK)
        for bucket in self._buckets.values():
            keys, his = bucket.keys, bucket.his
            i = bisect_left(keys, pack(x - bucket.width, 0))
            end = bisect_right(keys, top)
            while i < end:
                if his[i] >= x:
                    found.append(keys[i] & MASK)
                i += 1
        opened = self._open
        found.extend(k & MASK for k in opened[bisect_left(opened, pack(x, 0)) :])
        return found

    def latest_ending_by(self, day: int) -> int:
        """A lower bound of the max ``(lo, position)`` key among intervals with ``hi <= day``.

        Exact over the width buckets; an open-start interval contributes ``(lo, 0)`` since
        its ``lo`` is already the smallest day. ``NO_KEY`` when no interval ends by ``day``.
        Scanning down from ``day`` skips only intervals that straddle it, so the cost stays
        proportional to the answer.
        """
        self._settle()
        best = NO_KEY
        top = pack(day, MASK)
        for bucket in self._buckets.values():
            keys, his = bucket.keys, bucket.his
            j = bisect_right(keys, top) - 1
            while j >= 0 and keys[j] > best:
                if his[j] <= day:
                    best = keys[j]
                    break
                j -= 1
        if best == NO_KEY and self._open and self._open[0] <= top:
            best = pack(MIN_ORDINAL, 0)
        return best

    def snapshot(
        self,
    ) -> tuple[tuple[tuple[int, tuple[int, ...], tuple[int, ...]], ...], tuple[int, ...]]:
        """Everything held, in a canonical form (for comparing indexes)."""
        self._settle()
        buckets = tuple(
            (cls, tuple(b.keys), tuple(b.his))
            for cls, b in sorted(self._buckets.items())
            if len(b.keys)
        )
        return buckets, tuple(self._open)
