"""Stored records this process cannot read as events of their kind, kept whole as placeholders.

Two cases, read back the same way so that the rest of the log stays readable and nothing
stored is lost:

* ``UnregisteredEvent``: a record of a kind not registered in this process (a log written
  with a kind of your own, read where the module declaring it was not imported). Declare the
  kind and it reads as before.
* ``UnreadableEvent``: a record of a registered kind that does not read as one (a field of
  the wrong type or missing, a value out of range, a schema this version does not know),
  written by an older version or by a bug. It names where it is stored, the field at fault
  and why.

Both are ``UnreadEvent``s holding the stored type and JSON as they are: replay skips them with
a warning, chronologies leave them out, ``check`` reports them, and a ``Retracted`` of their
id is accepted like any other. They are never written.
"""

from __future__ import annotations

from typing import Any, ClassVar

import attrs

from mopr_timeline.events._base import Event
from mopr_timeline.events._errors import EventError

__all__ = ["UnreadEvent", "UnreadableEvent", "UnregisteredEvent"]


def _check_stored_id(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    """Validator: a stored id is text (kept as stored, even if it is not a valid id, say
    blank: the record is kept whole)."""
    if not isinstance(value, str):
        raise EventError(
            type(instance).__name__, attribute.name, f"expected a stored event id, got {value!r}"
        )


@attrs.frozen(kw_only=True)
class UnreadEvent(Event):
    """A stored record of the kind ``type`` that this process cannot read as an event of that
    kind; ``stored`` is its JSON, as stored."""

    kind: ClassVar[str] = "UnreadEvent"

    id: str = attrs.field(validator=_check_stored_id)
    type: str
    stored: str


@attrs.frozen(kw_only=True)
class UnregisteredEvent(UnreadEvent):
    """A stored event of the kind ``type``, which is not registered; ``stored`` is its JSON."""

    kind: ClassVar[str] = "UnregisteredEvent"


@attrs.frozen(kw_only=True)
class UnreadableEvent(UnreadEvent):
    """A stored record of the registered kind ``type`` that does not read as one.

    ``location`` is where it is stored (file and line, or table row), ``field`` the field at
    fault as a dotted path ("" for the record as a whole), ``reason`` why it cannot be read,
    and ``stored`` its JSON.
    """

    kind: ClassVar[str] = "UnreadableEvent"

    location: str
    field: str
    reason: str

    def problem(self) -> str:
        """The record, where it is, and what is wrong, in one sentence for messages."""
        at = f"field {self.field!r}: " if self.field else ""
        return f"{self.location}: event {self.id!r} ({self.type}) cannot be read: {at}{self.reason}"
