"""``cyclic_gc_paused``: objects made during a paused bulk load or append join the oldest
generation on the way out, without a scan, and nothing of the program's is lost or unfrozen."""

from __future__ import annotations

import gc
import weakref

from mopr_timeline.store import cyclic_gc_paused


class Node:
    """A tracked object that can hold a reference cycle."""

    def __init__(self) -> None:
        self.other: object = None


def in_generation(generation: int, target: object) -> bool:
    return any(candidate is target for candidate in gc.get_objects(generation=generation))


def test_objects_made_during_a_pause_join_the_oldest_generation() -> None:
    gc.collect()
    with cyclic_gc_paused(True):
        made = [Node() for _ in range(2000)]
    assert gc.isenabled()
    assert in_generation(2, made[0])
    assert in_generation(2, made[-1])
    assert gc.get_count()[0] < 100


def test_without_a_pause_new_objects_stay_young() -> None:
    gc.collect()
    with cyclic_gc_paused(False):
        made = Node()
    assert in_generation(0, made)


def test_a_cycle_made_before_the_pause_is_still_collected() -> None:
    collected: list[str] = []
    node = Node()
    node.other = node
    weakref.finalize(node, collected.append, "cycle")
    del node
    with cyclic_gc_paused(True):
        [Node() for _ in range(100)]
    gc.collect()
    assert collected == ["cycle"]


def test_objects_the_program_froze_stay_frozen() -> None:
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with cyclic_gc_paused(True):
            made = Node()
        assert gc.get_freeze_count() == frozen
        assert not in_generation(2, made)
    finally:
        gc.unfreeze()
