"""Schema versions of the stored event types, and the upcasters from older versions.

Every stored event carries ``"schema"``; when an event type's layout changes its version goes
up and an upcaster turns a body of the old version into the next, so old records stay readable.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from mopr_timeline.dates import DateParseError, parse_date
from mopr_timeline.events._model import EVENT_TYPES
from mopr_timeline.events._serial_base import SerialError, describe
from mopr_timeline.events._serial_dates import fuzzy_to_dict

__all__ = ["SCHEMA_VERSIONS", "UPCASTERS", "upcast"]

SCHEMA_VERSIONS: Mapping[str, int] = dict.fromkeys(EVENT_TYPES, 1) | {
    "SectionEstablished": 2,
}
"""The current schema version of every event type; records of older versions are upcast."""


Upcaster = Callable[[dict[str, Any]], dict[str, Any]]


def _section_established_1_to_2(body: dict[str, Any]) -> dict[str, Any]:
    """Schema 1 kept ``when`` as the source's bare text and called the name ``group``."""
    if "group" not in body:
        raise SerialError("group", "missing (schema 1 of SectionEstablished)")
    text = body.get("when")
    if not isinstance(text, str):
        raise SerialError("when", f"expected date text in schema 1, got {describe(text)}")
    try:
        when = parse_date(text)
    except DateParseError as exc:
        raise SerialError("when", exc.reason) from None
    upcast = {key: value for key, value in body.items() if key != "group"}
    upcast["when"] = fuzzy_to_dict(when)
    upcast["name"] = body["group"]
    return upcast


UPCASTERS: Mapping[tuple[str, int], Upcaster] = {
    ("SectionEstablished", 1): _section_established_1_to_2,
}
"""``(type, version) -> function`` turning a body of that version into the next version."""


def upcast(kind: str, schema: int, body: dict[str, Any]) -> dict[str, Any]:
    """``body`` of ``kind`` at version ``schema`` brought up to the current version."""
    while schema < SCHEMA_VERSIONS[kind]:
        body = UPCASTERS[(kind, schema)](body)
        schema += 1
    return body
