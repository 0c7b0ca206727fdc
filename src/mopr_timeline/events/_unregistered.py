"""UnregisteredEvent: a stored event whose kind is not registered in this process.

A log written with a kind of your own may be read where that kind is not declared (the module
declaring it was not imported). Its records are then read as ``UnregisteredEvent``s holding
the stored type and JSON as they are: replay skips them with a warning naming the kind,
``check`` reports them, and nothing stored is lost; declare the kind and they read as before.
An ``UnregisteredEvent`` itself is never written.
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from mopr_timeline.events._base import Event

__all__ = ["UnregisteredEvent"]


@attrs.frozen(kw_only=True)
class UnregisteredEvent(Event):
    """A stored event of the kind ``type``, which is not registered; ``stored`` is its JSON."""

    kind: ClassVar[str] = "UnregisteredEvent"

    type: str
    stored: str
