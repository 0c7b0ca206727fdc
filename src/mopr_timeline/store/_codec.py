"""What every persistent store writes: canonical JSON, record times, and readable errors.

Canonical JSON (sorted keys, no spaces, UTF-8 text kept as is) makes one event one exact
text, so hashes are stable and files diff cleanly. orjson writes and reads it: the same bytes
as the standard library's ``json`` with those settings, in a fraction of the time.
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
from collections.abc import Callable, Sequence
from typing import Any

import orjson

from mopr_timeline.events import (
    Event,
    SerialError,
    Stored,
    UnknownTypeError,
    UnreadableEvent,
    UnregisteredEvent,
    event_from_dict,
    event_to_dict,
    source_from_dict,
    stored_hook,
)
from mopr_timeline.store._base import RecordError, StoreError

__all__ = [
    "cached_time",
    "canonical_json",
    "decode_event",
    "encode_event",
    "encode_stored",
    "format_time",
    "loads",
    "parse_time",
]


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON text (what ``json.dumps(value, sort_keys=True,
    separators=(",", ":"), ensure_ascii=False)`` gives, several times faster)."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS).decode()


def encode_event(event: Event) -> str:
    """The event's canonical JSON: its ``event_to_dict`` form, whose keys are sorted already."""
    return orjson.dumps(event_to_dict(event)).decode()


def encode_stored(events: Sequence[Event]) -> list[Stored]:
    """Each event as a store writes it (``Stored``: its canonical JSON, glance and glance
    version), by one generated call per event.

    ``StoreError`` names the first event whose fields cannot be written as JSON, or whose
    key (the field its kind is indexed by, kept in a column of its own) is not text: only an
    event altered after its checks (``object.__setattr__`` on a frozen event), as events
    validate their fields when made.
    """
    hooks = _stored_hooks
    try:
        try:
            stored = [hooks[type(event)](event) for event in events]
        except KeyError:
            for event in events:
                if type(event) not in hooks:
                    hooks[type(event)] = stored_hook(type(event), orjson.dumps)
            stored = [hooks[type(event)](event) for event in events]
    except _UNWRITABLE:
        raise _unwritable(events) from None
    if set(map(type, map(_key, stored))) - {str}:
        raise _keyless(events, stored)
    return stored


_key = operator.itemgetter(5)
"""A ``Stored``'s key."""


def _keyless(events: Sequence[Event], stored: list[Stored]) -> StoreError:
    """The error naming the first of ``events`` whose key is not text."""
    event, key = next(
        (e, s.key) for e, s in zip(events, stored, strict=True) if type(s.key) is not str
    )
    return StoreError(
        f"event {event.id!r} ({type(event).__name__}) cannot be written: the field it is "
        f"indexed by holds {key!r}, not text; nothing was appended"
    )


def _unwritable(events: Sequence[Event]) -> StoreError:
    """The error naming the first of ``events`` that cannot be written as JSON."""
    for event in events:
        try:
            _stored_hooks[type(event)](event)
        except _UNWRITABLE as exc:
            return StoreError(
                f"event {event.id!r} ({type(event).__name__}) cannot be written as JSON: "
                f"{type(exc).__name__}: {exc}; nothing was appended"
            )
    return StoreError("the batch cannot be written as JSON")


_stored_hooks: dict[type[Event], Callable[[Event], Stored]] = {}
_UNWRITABLE = (TypeError, AttributeError)
"""What writing a field that holds a value of the wrong type raises (orjson's error is a
``TypeError``; a date's missing attribute an ``AttributeError``)."""


def loads(text: str | bytes) -> Any:
    """Parse JSON text (``ValueError`` when it is not JSON or not UTF-8)."""
    return orjson.loads(text)


def decode_event(data: Any, location: str) -> Event:
    """The event a stored dict describes; a record that cannot be read as one is kept whole.

    A record of a kind that is not registered here reads as an ``UnregisteredEvent`` keeping
    its type and JSON; a record of a registered kind that does not read as one (a field
    missing or of the wrong type, a schema this version does not know) reads as an
    ``UnreadableEvent`` naming ``location``, the field and why: either way the rest of the
    log stays readable, replay skips the record with a warning, and it can be retracted.
    Only a record without a text id (not an object, or its ``"id"`` missing or not text)
    raises ``RecordError`` naming ``location`` and field: the id is what stores, retractions
    and reports refer to a record by, and appends refuse an event without one.
    """
    try:
        return event_from_dict(data)
    except UnknownTypeError as exc:
        event_id = _stored_id(data, location, None)
        return UnregisteredEvent(
            id=event_id,
            source=source_from_dict(data.get("source")),
            type=exc.kind,
            stored=canonical_json(data),
        )
    except SerialError as exc:
        event_id = _stored_id(data, location, exc)
        kind = data.get("type")
        return UnreadableEvent(
            id=event_id,
            source=source_from_dict(data.get("source")),
            type=kind if isinstance(kind, str) else "",
            stored=canonical_json(data),
            location=location,
            field=exc.field,
            reason=exc.reason,
        )


def _stored_id(data: Any, location: str, failure: SerialError | None) -> str:
    """The text id of a stored record that does not read as an event, else ``RecordError``
    (saying also why the record does not read, ``failure``)."""
    if not isinstance(data, dict):
        reason = "expected an event object" if failure is None else failure.reason
        raise RecordError(location, "event", reason)
    event_id = data.get("id")
    if isinstance(event_id, str):
        return event_id
    shown = repr(event_id)
    why = f"expected an event id, got {shown if len(shown) <= 60 else shown[:57] + '...'}"
    if failure is not None and failure.field != "id":
        why += f" (and {f'event.{failure.field}' if failure.field else 'event'}: {failure.reason})"
    raise RecordError(location, "event.id", why)


def format_time(moment: _dt.datetime) -> str:
    """UTC time as fixed-width ISO text (microseconds, ``+00:00``): text order is time order."""
    return moment.astimezone(_dt.UTC).isoformat(timespec="microseconds")


@functools.lru_cache(maxsize=4096)
def cached_time(text: Any) -> _dt.datetime | None:
    """The aware UTC datetime of ``format_time`` text, None when it is not one (the records
    of a batch share their time: each text is read once, the cache bounded)."""
    try:
        moment = _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        return None
    if moment.utcoffset() != _dt.timedelta(0):
        return None
    return moment.astimezone(_dt.UTC)


def parse_time(text: Any, location: str) -> _dt.datetime:
    """The aware UTC datetime of ``format_time`` text, or ``RecordError`` at ``location``."""
    moment = cached_time(text) if isinstance(text, str) else None
    if moment is not None:
        return moment
    try:
        _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(
            location, "recorded_at", f"expected an ISO UTC time, got {text!r}"
        ) from None
    raise RecordError(location, "recorded_at", f"expected a UTC time, got {text!r}")
