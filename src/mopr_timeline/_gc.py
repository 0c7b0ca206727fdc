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
    collector, triggered by the growing number of live objects, rescans them (and the big
    lists holding them) again and again: a third of a large load, a few per cent of a large
    SQLite append. Reference counting still frees everything meanwhile; the collector is
    re-enabled afterwards unless it was already off.
    """
    if not pause or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
