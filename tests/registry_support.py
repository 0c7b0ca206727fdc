"""``restored_registry``: declare kinds (or load modules declaring them) inside a test only.

The registry of kinds is one per process; a kind a test declares would otherwise stay
registered for every later test in the same worker (and be drawn by the strategies).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator

from mopr_timeline.events import registry_scope


@contextlib.contextmanager
def restored_registry() -> Iterator[None]:
    """Within the block, declare what you like; afterwards the registry of kinds and
    ``sys.modules`` are as they were before it."""
    modules = dict(sys.modules)
    try:
        with registry_scope():
            yield
    finally:
        for name in [name for name in sys.modules if name not in modules]:
            del sys.modules[name]
        sys.modules.update(modules)
