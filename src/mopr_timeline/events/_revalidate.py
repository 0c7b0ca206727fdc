"""Running an event's field validators again, as a store does before writing it.

A frozen event can still be altered past its checks (``object.__setattr__``); a store runs
the validators once more so that such a value is refused with the ``EventError`` naming kind
and field rather than written. ``attrs.validate`` does this generically (it looks up the
class's fields and tests each for a validator on every call); this module makes, once per
class, a function calling exactly the validators that class has, in field order, and skipping
the validator of a field that holds only when set (``contradicts``, ``relations``) when it is
the empty tuple, which every such validator accepts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable
from typing import Any, cast

import attrs

from mopr_timeline.events._base import WRITTEN_WHEN_SET

__all__ = ["revalidate"]

Check = Callable[[Any], None]


def revalidate(event: Any) -> None:
    """Run every field validator of ``event``'s class on its current values (raising what
    the validator raises), like ``attrs.validate(event)``."""
    _check_of(cast(Hashable, type(event)))(event)


@functools.lru_cache(maxsize=1024)
def _check_of(cls: Hashable) -> Check:
    """The validators of ``cls``'s fields as one generated function."""
    names: dict[str, Any] = {}
    lines = ["def check(event):"]
    for number, attribute in enumerate(attrs.fields(cast(Any, cls))):
        if attribute.validator is None:
            continue
        names[f"check_{number}"] = attribute.validator
        names[f"field_{number}"] = attribute
        call = f"check_{number}(event, field_{number}, value)"
        lines.append(f"    value = event.{attribute.name}")
        if attribute.name in WRITTEN_WHEN_SET:
            # the exact empty tuple passes every such validator; anything else is checked
            lines.append(f"    if value.__class__ is not tuple or value:\n        {call}")
        else:
            lines.append(f"    {call}")
    if len(lines) == 1:
        lines.append("    return None")
    exec("\n".join(lines), names)
    check: Check = names["check"]
    return check
