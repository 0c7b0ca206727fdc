"""Pausing Python's cyclic garbage collector around bulk work that makes no reference cycles."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["cyclic_gc_paused"]


@contextlib.contextmanager
def cyclic_gc_paused(pause: bool) -> Iterator[None]:
    """Pause the cyclic garbage collector (when ``pause``) for a large load or append.

    Bulk work keeps one or more objects per record and makes no reference cycles, but the
    collector, triggered by the growing number of live objects, would rescan them (and the
    big lists holding them) again and again. Reference counting still frees everything
    meanwhile; the collector is re-enabled afterwards unless it was already off.

    On the way out, the objects made meanwhile join the oldest generation (see
    ``_promote_young``), so the collector's first run does not scan them all at once.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        _promote_young()
        gc.enable()


def _promote_young() -> None:
    """Move every tracked object into the oldest generation, without scanning any.

    ``gc.freeze()`` then ``gc.unfreeze()`` moves the generations' lists whole (constant
    time), so the first collection after a large load does not scan the hundreds of
    thousands of objects the load made, nor the next generation's scan them again; the
    oldest generation is scanned only by full collections, which run as they would have.
    Skipped when the program has frozen objects of its own (``gc.get_freeze_count()``):
    unfreezing would release them too.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
