"""Hostile values for every field of every library kind (issue 15): values no field may hold.

``CASES`` lists ``(kind, field, value)`` for each field of each of the library's kinds and each
value it must refuse; ``good(kind)`` is a valid event of the kind with every field set.
"""

from __future__ import annotations

import decimal
import math
from collections.abc import Iterator
from typing import Any

from mopr_timeline.events import (
    EVENT_TYPES,
    KINDS,
    MAX_WHOLE_NUMBER,
    Count,
    DelegateGroup,
    Event,
    Relation,
    Source,
    SpanEvent,
    is_optional,
    item_type,
)

__all__ = ["CASES", "HUGE", "LIBRARY_KINDS", "NAN_LIKE", "SURROGATE", "WRONG", "good"]

LIBRARY_KINDS = [name for name, spec in KINDS.items() if spec.builtin]

SURROGATE = "Rote \ud800 Hilfe"
HUGE = [MAX_WHOLE_NUMBER + 1, 2**63, 2**64, 2**70, 10**5000, -(10**5000)]
"""Whole numbers no field may hold (the last two have more digits than Python prints)."""
NAN_LIKE = [math.nan, math.inf, -math.inf, 1.5, decimal.Decimal("NaN"), decimal.Decimal(3)]
WRONG = [True, "12", b"bytes", object(), {"a": 1}, [1], 12.0]


def good(kind: str) -> Event:
    """A valid event of ``kind`` with every field set (so each can be spoiled)."""
    cls = EVENT_TYPES[kind]
    values: dict[str, Any] = {}
    for field in KINDS[kind].fields:
        if field.name == "id":
            values["id"] = "e1"
        elif field.name == "source":
            values["source"] = Source(title="Ryle", pages="1-2", quotation="q")
        elif field.name == "when":
            values["when"] = "1924-07-14/1924-07-16" if issubclass(cls, SpanEvent) else "1925"
        elif field.name == "target":
            values["target"] = "e0"
        elif field.name == "relations" and kind == "Retracted":
            continue  # a retraction has no day to relate
        else:
            values[field.name] = _value(field.type)
    return cls(**values)


def _value(kind: Any) -> Any:
    inner = item_type(kind)
    if inner is not None:
        return (_value(inner),)
    required = next(a for a in getattr(kind, "__args__", (kind,)) if a is not type(None))
    if required is DelegateGroup:
        return DelegateGroup(label="CP", count=91)
    if required is Count:
        return Count(name="hospitals", value=275)
    if required is Relation:
        return Relation(relation="after", event="some-other-event", within="3 months")
    return {str: "text", int: 7, bool: True}[required]


def hostile(kind: str) -> Iterator[tuple[str, Any]]:
    """``(field, value)`` for each field of ``kind`` and each value it must refuse."""
    for field in KINDS[kind].fields:
        required = next(
            a for a in getattr(field.type, "__args__", (field.type,)) if a is not type(None)
        )
        inner = item_type(field.type)
        if field.name == "when":
            values: list[Any] = [123, None, "not a date at all", SURROGATE]
        elif field.name == "source":
            values = ["Ryle", {"title": "Ryle"}, 5]
        elif inner is str:
            values = [(SURROGATE,), ("",), ("ok", 5), "not a tuple", (None,)]
        elif inner is DelegateGroup:
            values = [("91 CP",), ({"label": "CP", "count": 91},), 5]
        elif inner is Count:
            twice = (Count(name="a", value=1), Count(name="a", value=2))
            values = [("275 hospitals",), ({"name": "a", "value": 1},), 5, twice]
        elif inner is Relation:
            values = [("after x",), ({"relation": "after", "event": "x"},), 5, (None,)]
        elif required is int:
            values = [-1, *HUGE, *NAN_LIKE, *WRONG]
        elif required is str:
            values = [SURROGATE, "\udfff", 123, b"bytes", ["a"]]
            if field.name not in ("note",):
                values += ["", "   "]
        else:  # pragma: no cover - every library field type is listed above
            raise AssertionError(field)
        if not is_optional(field.type) and field.name != "source":
            values.append(None)
        for value in values:
            yield field.name, value


CASES = [(kind, field, value) for kind in LIBRARY_KINDS for field, value in hostile(kind)]
