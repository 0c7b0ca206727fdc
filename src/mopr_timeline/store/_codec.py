"""What every persistent store writes: canonical JSON, record times, and readable errors.

Canonical JSON (sorted keys, no spaces, UTF-8 text kept as is) makes one event one exact
text, so hashes are stable and files diff cleanly.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from mopr_timeline.events import Event
from mopr_timeline.events._serial import SerialError, event_from_dict, event_to_dict
from mopr_timeline.store._base import RecordError

__all__ = [
    "canonical_json",
    "decode_event",
    "encode_event",
    "format_time",
    "parse_time",
]

_encoder = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def canonical_json(value: Any) -> str:
    """``value`` as canonical JSON text."""
    return _encoder.encode(value)


def encode_event(event: Event) -> str:
    """The event's canonical JSON (its ``event_to_dict`` form)."""
    return _encoder.encode(event_to_dict(event))


def decode_event(data: Any, location: str) -> Event:
    """The event a stored dict describes, or ``RecordError`` naming ``location`` and field."""
    try:
        return event_from_dict(data)
    except SerialError as exc:
        field = f"event.{exc.field}" if exc.field else "event"
        raise RecordError(location, field, exc.reason) from None


def format_time(moment: _dt.datetime) -> str:
    """UTC time as fixed-width ISO text (microseconds, ``+00:00``): text order is time order."""
    return moment.astimezone(_dt.UTC).isoformat(timespec="microseconds")


_time_cache: dict[str, _dt.datetime] = {}


def parse_time(text: Any, location: str) -> _dt.datetime:
    """The aware UTC datetime of ``format_time`` text, or ``RecordError`` at ``location``."""
    cached = _time_cache.get(text) if isinstance(text, str) else None
    if cached is not None:
        return cached
    try:
        moment = _dt.datetime.fromisoformat(text)
    except (TypeError, ValueError):
        raise RecordError(
            location, "recorded_at", f"expected an ISO UTC time, got {text!r}"
        ) from None
    if moment.utcoffset() != _dt.timedelta(0):
        raise RecordError(location, "recorded_at", f"expected a UTC time, got {text!r}")
    moment = moment.astimezone(_dt.UTC)
    if len(_time_cache) > 4096:
        _time_cache.clear()
    _time_cache[text] = moment
    return moment
