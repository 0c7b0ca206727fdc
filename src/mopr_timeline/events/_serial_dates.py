"""Fuzzy dates and spans to JSON-ready dicts and back, re-validated, with read caches.

A ``FuzzyDate`` is ``{"text", "earliest", "latest", "precision", "qualifier"}`` (ISO days or
null for an open bound), with ``"ambiguous": true`` in front only for a date whose text had
more than one common reading, and ``"context"`` only for a date whose text its context
completes (so every date stored before those keys existed keeps its bytes, and a dict
without them reads as not ambiguous, without context); a ``FuzzySpan`` is ``{"text", "start",
"end"}``. Reading a log meets
the same dates again and again, so equal dicts share one immutable ``FuzzyDate`` from a
bounded cache (least recently used out), as do day texts and their ordinals.
"""

from __future__ import annotations

import datetime as _dt
import functools
import operator
import re
from collections.abc import Callable
from typing import Any

import pendulum

from mopr_timeline.dates import (
    MAX_ORDINAL,
    MIN_ORDINAL,
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Precision,
    Qualifier,
)
from mopr_timeline.events._serial_base import SerialError, check_keys, describe

__all__ = ["fuzzy_bounds", "fuzzy_from_dict", "fuzzy_to_dict", "span_from_dict", "span_to_dict"]

_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")
_CACHED = 65536
"""Entries each read cache below keeps (least recently used first out): a log repeats its
days and dates, and a long one has more than this."""
_FUZZY_KEYS = ("text", "earliest", "latest", "precision", "qualifier")
_AMBIGUOUS_KEYS = (*_FUZZY_KEYS, "ambiguous")
_CONTEXT_KEYS = (*_AMBIGUOUS_KEYS, "context")
_SPAN_KEYS = ("text", "start", "end")
_PRECISIONS = {member.value: member for member in Precision}
_QUALIFIERS = {member.value: member for member in Qualifier}


@functools.lru_cache(maxsize=_CACHED)
def _day_of(text: str) -> pendulum.Date | None:
    """The day an ISO ``YYYY-MM-DD`` text names; None when it is not one."""
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        day = _dt.date.fromisoformat(text)
    except ValueError:
        return None
    return pendulum.Date(day.year, day.month, day.day)


def _iso_day(value: Any, field: str) -> pendulum.Date | None:
    """The day of a stored bound (None: open), else ``SerialError`` naming ``field``."""
    if value is None:
        return None
    day = _day_of(value) if type(value) is str else None
    if day is not None:
        return day
    if not isinstance(value, str) or not _ISO_DAY.fullmatch(value):
        raise SerialError(field, f"expected an ISO day YYYY-MM-DD or null, got {describe(value)}")
    raise SerialError(field, f"{value!r} is not a calendar day")


def _member(members: dict[str, Any], value: Any, field: str) -> Any:
    """The enum member stored as ``value`` (a dict lookup: calling the enum is much slower)."""
    member = members.get(value) if isinstance(value, str) else None
    if member is None:
        allowed = ", ".join(members)
        raise SerialError(field, f"expected one of {allowed}, got {describe(value)}")
    return member


def fuzzy_to_dict(date: FuzzyDate) -> dict[str, Any]:
    """The stored dict of a date, its keys in sorted order (so canonical JSON need not sort);
    ``"ambiguous": true`` leads it only when the date is ambiguous.

    Runs for every stored event: a day is never falsy, so ``and`` only keeps an open bound
    None, and the enums' ``_value_`` is read rather than the slower ``.value``. (A cache of
    ISO texts does not pay: a long log's days are mostly new.)
    """
    first, last = date.earliest, date.latest
    if date.context:
        written: dict[str, Any] = {"ambiguous": True} if date.ambiguous else {}
        return written | {
            "context": date.context,
            "earliest": first and first.isoformat(),
            "latest": last and last.isoformat(),
            "precision": date.precision._value_,
            "qualifier": date.qualifier._value_,
            "text": date.text,
        }
    if date.ambiguous:
        return {
            "ambiguous": True,
            "earliest": first and first.isoformat(),
            "latest": last and last.isoformat(),
            "precision": date.precision._value_,
            "qualifier": date.qualifier._value_,
            "text": date.text,
        }
    return {
        "earliest": first and first.isoformat(),
        "latest": last and last.isoformat(),
        "precision": date.precision._value_,
        "qualifier": date.qualifier._value_,
        "text": date.text,
    }


_fuzzy_key = operator.itemgetter(*_FUZZY_KEYS)
_ambiguous_key = operator.itemgetter(*_AMBIGUOUS_KEYS)


@functools.lru_cache(maxsize=_CACHED)
def _fuzzy_of(
    text: Any,
    earliest: Any,
    latest: Any,
    precision: Any,
    qualifier: Any,
    ambiguous: Any = False,
    context: Any = "",
) -> FuzzyDate:
    """The FuzzyDate of a stored dict's values, checked: equal dicts share one (immutable)
    instance. Raises ``SerialError`` (not cached) for values that are not a date's; values that
    cannot be hashed (lists...) are checked by ``fuzzy_from_dict`` through the uncached
    function."""
    if not isinstance(text, str):
        raise SerialError("text", f"expected text, got {describe(text)}")
    if type(ambiguous) is not bool:
        raise SerialError("ambiguous", f"expected true or false, got {describe(ambiguous)}")
    if not isinstance(context, str):
        raise SerialError("context", f"expected text, got {describe(context)}")
    try:
        return FuzzyDate(
            earliest=_iso_day(earliest, "earliest"),
            latest=_iso_day(latest, "latest"),
            text=text,
            precision=_member(_PRECISIONS, precision, "precision"),
            qualifier=_member(_QUALIFIERS, qualifier, "qualifier"),
            ambiguous=ambiguous,
            context=context,
        )
    except DateParseError as exc:
        raise SerialError("", exc.reason) from None


def fuzzy_from_dict(value: Any, _: Any = None) -> FuzzyDate:
    """Rebuild and re-validate a FuzzyDate from its stored dict (``ambiguous`` and
    ``context`` are optional: a dict without them is a date that was not ambiguous, whose text
    needs no context)."""
    if type(value) is dict:
        try:
            if len(value) == len(_FUZZY_KEYS):
                return _fuzzy_of(*_fuzzy_key(value))
            if len(value) == len(_AMBIGUOUS_KEYS) and value.get("ambiguous") is True:
                return _fuzzy_of(*_ambiguous_key(value))
        except (KeyError, TypeError):
            pass
    data = check_keys(value, _FUZZY_KEYS, "a fuzzy date", optional=("ambiguous", "context"))
    values = operator.itemgetter(*_FUZZY_KEYS)(data)
    return _fuzzy_of.__wrapped__(*values, data.get("ambiguous", False), data.get("context", ""))


def _ordinal(text: str) -> int | None:
    """The ordinal of an ISO day text, None if it is not one (what ``_day_of`` accepts).

    Uncached and without a pendulum date: a load peeks at every stored date's bounds once,
    mostly days it has not met yet, and making and caching each day cost more than this.
    """
    if not _ISO_DAY.fullmatch(text):
        return None
    try:
        return _dt.date.fromisoformat(text).toordinal()
    except ValueError:
        return None


def fuzzy_bounds(value: Any) -> tuple[int, int] | None:
    """``(lo, hi)`` ordinals of a stored fuzzy date without building it (what ``FuzzyDate``
    would give), or None unless it is a dict with the five keys (or more, with ``ambiguous``
    or ``context``) and sound ISO bounds."""
    if type(value) is not dict or (
        len(value) != len(_FUZZY_KEYS)
        and (len(value) != len(_AMBIGUOUS_KEYS) or value.get("ambiguous") is not True)
        and (len(value) != len(_AMBIGUOUS_KEYS) or type(value.get("context")) is not str)
        and (len(value) != len(_CONTEXT_KEYS) or value.get("ambiguous") is not True)
    ):
        return None
    try:
        earliest, latest = value["earliest"], value["latest"]
    except KeyError:
        return None
    if earliest is None:
        lo: int | None = MIN_ORDINAL
    else:
        lo = _ordinal(earliest) if type(earliest) is str else None
    if latest is None:
        hi: int | None = MAX_ORDINAL
    else:
        hi = _ordinal(latest) if type(latest) is str else None
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
