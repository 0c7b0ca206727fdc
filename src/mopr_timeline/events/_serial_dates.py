"""Fuzzy dates and spans to JSON-ready dicts and back, re-validated, with read caches.

A ``FuzzyDate`` is ``{"text", "earliest", "latest", "precision", "qualifier"}`` (ISO days or
null for an open bound), a ``FuzzySpan`` is ``{"text", "start", "end"}``. Reading a log meets
the same dates again and again, so equal dicts share one immutable ``FuzzyDate``.
"""

from __future__ import annotations

import datetime as _dt
import operator
import re
from collections.abc import Callable
from typing import Any

import pendulum

from mopr_timeline.dates import DateParseError, FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.dates._fuzzy import MAX_ORDINAL, MIN_ORDINAL
from mopr_timeline.events._serial_base import SerialError, check_keys, describe

__all__ = ["fuzzy_bounds", "fuzzy_from_dict", "fuzzy_to_dict", "span_from_dict", "span_to_dict"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CACHE_LIMIT = 65536
"""Entries kept by each read cache below before it starts afresh."""
_FUZZY_KEYS = ("text", "earliest", "latest", "precision", "qualifier")
_SPAN_KEYS = ("text", "start", "end")


_day_cache: dict[str, pendulum.Date] = {}


def _iso_day(value: Any, field: str) -> pendulum.Date | None:
    """The day an ISO ``YYYY-MM-DD`` text names (days repeat across a log: each is read once)."""
    if value is None:
        return None
    cached = _day_cache.get(value) if isinstance(value, str) else None
    if cached is not None:
        return cached
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise SerialError(field, f"expected an ISO day YYYY-MM-DD or null, got {describe(value)}")
    try:
        day = _dt.date.fromisoformat(value)
    except ValueError as exc:
        raise SerialError(field, f"{value!r} is not a calendar day ({exc})") from None
    if len(_day_cache) >= _CACHE_LIMIT:
        _day_cache.clear()
    result = _day_cache[value] = pendulum.Date(day.year, day.month, day.day)
    return result


_PRECISIONS = {member.value: member for member in Precision}
_QUALIFIERS = {member.value: member for member in Qualifier}


def _member(members: dict[str, Any], value: Any, field: str) -> Any:
    """The enum member stored as ``value`` (a dict lookup: calling the enum is much slower)."""
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(members)
        raise SerialError(field, f"expected one of {allowed}, got {describe(value)}")
    return member


_iso_texts: dict[int, str] = {}
"""The ISO text of each day ordinal ``fuzzy_to_dict`` has written: days repeat across a log."""
_month_texts: dict[int, str] = {}
"""``"YYYY-MM-"`` of each month met, by the ordinal of the day before its first."""
_DAY_TEXTS = tuple(f"{number:02d}" for number in range(32))


def _iso_text(ordinal: int, day: _dt.date) -> str:
    """The ISO text of ``day`` (whose ordinal is ``ordinal``), remembered.

    A long log spans more days than the cache keeps, so a day is often new: its text is
    its month's prefix and its number's two digits, several times cheaper than ``isoformat``
    (which formats through ``sprintf``).
    """
    number = day.day
    month = _month_texts.get(ordinal - number)
    if month is None:
        if len(_month_texts) >= _CACHE_LIMIT:
            _month_texts.clear()
        month = _month_texts[ordinal - number] = day.isoformat()[:8]
    if len(_iso_texts) >= _CACHE_LIMIT:
        _iso_texts.clear()
    text = _iso_texts[ordinal] = month + _DAY_TEXTS[number]
    return text


def fuzzy_to_dict(date: FuzzyDate) -> dict[str, Any]:
    """The stored dict of a date, its keys in sorted order (so canonical JSON need not sort).

    Runs for every stored event: ISO texts come from a cache by ordinal (``lo``/``hi`` are a
    bound's ordinal; a day is never falsy, so ``and`` only keeps an open bound None), and the
    enums' ``_value_`` is read rather than the slower ``.value``.
    """
    first, last = date.earliest, date.latest
    return {
        "earliest": first and (_iso_texts.get(date.lo) or _iso_text(date.lo, first)),
        "latest": last and (_iso_texts.get(date.hi) or _iso_text(date.hi, last)),
        "precision": date.precision._value_,
        "qualifier": date.qualifier._value_,
        "text": date.text,
    }


_fuzzy_key = operator.itemgetter(*_FUZZY_KEYS)
_fuzzy_cache: dict[tuple[Any, ...], FuzzyDate] = {}


def fuzzy_from_dict(value: Any, _: Any = None) -> FuzzyDate:
    """Rebuild and re-validate a FuzzyDate; equal dicts share one (immutable) instance."""
    if type(value) is dict and len(value) == len(_FUZZY_KEYS):
        try:
            cached = _fuzzy_cache.get(_fuzzy_key(value))
        except (KeyError, TypeError):
            cached = None
        if cached is not None:
            return cached
    data = check_keys(value, _FUZZY_KEYS, "a fuzzy date")
    key = _fuzzy_key(data)
    if not isinstance(data["text"], str):
        raise SerialError("text", f"expected text, got {describe(data['text'])}")
    try:
        date = FuzzyDate(
            earliest=_iso_day(data["earliest"], "earliest"),
            latest=_iso_day(data["latest"], "latest"),
            text=data["text"],
            precision=_member(_PRECISIONS, data["precision"], "precision"),
            qualifier=_member(_QUALIFIERS, data["qualifier"], "qualifier"),
        )
    except DateParseError as exc:
        raise SerialError("", exc.reason) from None
    if len(_fuzzy_cache) >= _CACHE_LIMIT:
        _fuzzy_cache.clear()
    _fuzzy_cache[key] = date
    return date


_earliest_ordinals: dict[str | None, int] = {None: MIN_ORDINAL}
_latest_ordinals: dict[str | None, int] = {None: MAX_ORDINAL}


def _ordinal(value: Any, known: dict[str | None, int]) -> int | None:
    """The ordinal of an ISO day text (remembered in ``known``), None if it is not one."""
    if type(value) is not str or not _ISO_DAY.fullmatch(value):
        return None
    try:
        ordinal = _dt.date.fromisoformat(value).toordinal()
    except ValueError:
        return None
    if len(known) >= _CACHE_LIMIT:
        known.clear()
        known[None] = MIN_ORDINAL if known is _earliest_ordinals else MAX_ORDINAL
    known[value] = ordinal
    return ordinal


def fuzzy_bounds(value: Any) -> tuple[int, int] | None:
    """``(lo, hi)`` ordinals of a stored fuzzy date without building it (what ``FuzzyDate``
    would give), or None unless it is a dict with the five keys and sound ISO bounds."""
    if type(value) is not dict or len(value) != len(_FUZZY_KEYS):
        return None
    try:
        earliest, latest = value["earliest"], value["latest"]
        lo = _earliest_ordinals.get(earliest)
        hi = _latest_ordinals.get(latest)
    except (KeyError, TypeError):
        return None
    if lo is None:
        lo = _ordinal(earliest, _earliest_ordinals)
    if hi is None:
        hi = _ordinal(latest, _latest_ordinals)
    if lo is None or hi is None or lo > hi:
        return None
    return lo, hi


def span_to_dict(span: FuzzySpan) -> dict[str, Any]:
    """The stored dict of a span, its keys in sorted order like ``fuzzy_to_dict``'s."""
    return {"end": fuzzy_to_dict(span.end), "start": fuzzy_to_dict(span.start), "text": span.text}


def span_from_dict(value: Any, _: Any = None) -> FuzzySpan:
    data = check_keys(value, _SPAN_KEYS, "a fuzzy span")
    if not isinstance(data["text"], str):
        raise SerialError("text", f"expected text, got {describe(data['text'])}")
    start = _nested(fuzzy_from_dict, data["start"], "start")
    end = _nested(fuzzy_from_dict, data["end"], "end")
    try:
        return FuzzySpan(start=start, end=end, text=data["text"])
    except DateParseError as exc:
        raise SerialError("", exc.reason) from None


def _nested(read: Callable[[Any], FuzzyDate], value: Any, field: str) -> FuzzyDate:
    try:
        return read(value)
    except SerialError as exc:
        raise exc.inside(field) from None
