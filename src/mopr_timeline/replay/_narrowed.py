"""Narrowed: an event's day as the relations of the log narrow it, with the reasons.

Each bound comes with the chain of relations and dates that forced it, worded from the event
back to the date it rests on: "earliest 1938-01-01: after leader-left-stasova, dated 1937".
"""

from __future__ import annotations

import datetime as _dt

import attrs

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, FuzzyDate
from mopr_timeline.events import Event, SpanEvent
from mopr_timeline.store import StreamNetwork

__all__ = ["Narrowed", "narrowed_date", "narrowed_of"]


@attrs.frozen(kw_only=True)
class Narrowed:
    """The narrowed day of one event (a span event's first day): ``earliest`` and ``latest``
    (dates, None when open), ``date`` (a ``FuzzyDate`` with those bounds and the event's own
    date text, precision and qualifier), ``own`` (the event's own date) and ``reasons`` (one
    line per bound that relations narrowed, empty when none did)."""

    event: str
    earliest: _dt.date | None
    latest: _dt.date | None
    date: FuzzyDate
    own: FuzzyDate
    reasons: tuple[str, ...]

    @property
    def is_narrowed(self) -> bool:
        """Do relations narrow the event's own date?"""
        return (self.date.lo, self.date.hi) != (self.own.lo, self.own.hi)


def narrowed_date(own: FuzzyDate, lo: int, hi: int) -> FuzzyDate:
    """``own`` with the bounds ``lo..hi`` (ordinals), keeping its text, precision and
    qualifier."""
    if (lo, hi) == (own.lo, own.hi):
        return own
    return FuzzyDate.from_ordinals(
        None if lo <= MIN_ORDINAL else lo,
        None if hi >= MAX_ORDINAL else hi,
        text=own.text,
        precision=own.precision,
        qualifier=own.qualifier,
        ambiguous=own.ambiguous,
    )


def narrowed_of(network: StreamNetwork, event: Event) -> Narrowed:
    """The narrowed day of ``event`` (a dated or span event of the stream ``network`` holds)."""
    own: FuzzyDate = event.when.start if isinstance(event, SpanEvent) else event.when  # type: ignore[attr-defined]
    bounds = network.bounds(event.id)
    date = own if bounds is None else narrowed_date(own, *bounds)
    reasons: list[str] = []
    if bounds is not None:
        earliest_chain, latest_chain = network.network.reasons(event.id)
        if earliest_chain and date.lo != own.lo:
            reasons.append(_line("earliest", date.earliest, earliest_chain))
        if latest_chain and date.hi != own.hi:
            reasons.append(_line("latest", date.latest, latest_chain))
    return Narrowed(
        event=event.id,
        earliest=date.earliest,
        latest=date.latest,
        date=date,
        own=own,
        reasons=tuple(reasons),
    )


def _line(which: str, day: _dt.date | None, chain: tuple[object, ...]) -> str:
    """``earliest 1938-01-01: after leader-left-stasova, dated 1937``: the chain's reasons
    from the event back to the date it rests on."""
    shown = "open" if day is None else day.isoformat()
    steps = [str(getattr(step, "why", step)) for step in reversed(chain)]
    return f"{which} {shown}: {', '.join(_dedup(steps))}"


def _dedup(steps: list[str]) -> list[str]:
    return [s for i, s in enumerate(steps) if i == 0 or s != steps[i - 1]]
