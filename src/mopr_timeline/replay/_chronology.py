"""Chronologies: the events in a readable, honest order, each with hedged wording.

Order: entries are sorted by ``(when.sort_key(), position)`` where ``position`` is the
event's place in the stream. ``FuzzyDate.sort_key`` anchors each date inside its own
bounds, so an entry is never placed after one it certainly precedes (a linear extension of
"certainly before"); entries whose order the dates leave open follow the key, then the
stream. A span event (a congress) is placed by the first day of its span.

Claims of a dispute (events linked by ``contradicts``, directly or through others) are each
an entry of their own, worded "according to" their source and marked ``disputed``, with the
ids of the claims they compete with: two sources dating one founding are never shown as two
plain occurrences.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, Certainty, FuzzyDate, FuzzySpan, as_fuzzy
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import (
    KINDS,
    DatedEvent,
    Event,
    Retracted,
    Source,
    SpanEvent,
    UnreadEvent,
)
from mopr_timeline.replay._chronology_wording import (
    date_phrase,
    narrowed_phrase,
    sentence,
    span_phrase,
)
from mopr_timeline.replay._disputes import claim_groups

__all__ = [
    "Chronology",
    "ChronologyEntry",
    "ChronologyError",
    "DateLike",
    "build_chronology",
    "chronology_kinds",
]


def chronology_kinds() -> tuple[str, ...]:
    """The registered event kinds that can appear in a chronology (all but ``Retracted``)."""
    return tuple(k for k in KINDS if k != Retracted.kind)


DateLike = FuzzyDate | _dt.date | str


class ChronologyError(MoprTimelineError, ValueError):
    """A chronology filter that cannot be applied: names the filter, the value and why."""

    def __init__(self, name: str, value: object, reason: str) -> None:
        self.name = name
        self.value = value
        self.reason = reason
        shown = str(value) if isinstance(value, FuzzyDate | FuzzySpan) else value
        super().__init__(f"chronology filter {name}={shown!r}: {reason}")


@attrs.frozen(kw_only=True)
class ChronologyEntry:
    """One line of a chronology.

    ``when`` is the day the event took place (for a span event such as a congress, the first
    day of ``span``);
    ``phrase`` the hedged date wording and ``text`` the whole sentence (for a claim of a
    dispute, "according to" its source); ``position`` the event's place in the stream, which
    breaks ties in the order; ``disputed`` whether the event is a claim of a dispute and
    ``competing`` the ids of the claims it competes with. ``certainty`` says whether the
    entry falls in the range the chronology was asked for in every reading of its date
    (``CERTAIN``) or only in some (``POSSIBLE``); with no range asked, every entry is certain.
    """

    when: FuzzyDate
    event: Event
    text: str
    phrase: str
    kind: str
    country: str | None
    source: Source | None
    position: int
    span: FuzzySpan | None = None
    disputed: bool = False
    competing: tuple[str, ...] = ()
    certainty: Certainty = Certainty.CERTAIN

    @property
    def id(self) -> str:
        return self.event.id

    @property
    def last(self) -> FuzzyDate:
        """The last day the entry covers: the end of a span event, else ``when`` itself."""
        return self.span.end if self.span is not None else self.when


class Chronology(list[ChronologyEntry]):
    """A chronology's entries, in order: a list that a Jupyter notebook shows as an HTML
    table (the date as written, what happened, the source, and whether the entry falls in
    the range asked certainly or only possibly)."""

    def _repr_html_(self) -> str:
        from mopr_timeline.replay._html import chronology_html

        return chronology_html(self)


def build_chronology(
    events: Iterable[Event],
    *,
    start: DateLike | None = None,
    end: DateLike | None = None,
    kinds: Iterable[str] | None = None,
    countries: Iterable[str] | None = None,
    certain: bool = False,
    narrowed: Mapping[str, FuzzyDate] | None = None,
) -> Chronology:
    """Order ``events`` (in stream order) into a chronology, keeping those the filters allow.

    ``start``/``end`` keep an entry when it POSSIBLY falls in ``[start, end]`` (from the
    first day ``start`` may be to the last day ``end`` may be; either may be open), and
    each entry's ``certainty`` says whether it falls there in every reading of its date; an
    entry falls in the range when the day it took place (a span event: some day of its
    span) does. ``certain=True`` keeps only the entries certainly in the range. ``kinds``
    are event type names (``SectionEstablished``...); ``countries`` match the ``country``
    field of the kinds that have one (sections, occurrences), ignoring case. Retracted
    events, and any ``Retracted`` records passed in together with their targets, are left
    out, and so are records that cannot be read here (``UnreadEvent``: of a kind not
    registered here, or not readable as their kind; replay warns about them).

    ``narrowed`` gives, by event id, the day (a span event's first day) as relations between
    events narrow it (``Timeline.bounds``): entries are filtered and ordered by it, so that
    the order is a linear extension of "certainly before" under the narrowed days, while
    each entry's wording keeps the event's own date.
    """
    lo = _bound("start", start, upper=False)
    hi = _bound("end", end, upper=True)
    if lo > hi:
        raise ChronologyError("start", start, f"the range ends ({end}) before it starts")
    wanted_kinds = _kinds(kinds)
    wanted_countries = None if countries is None else {c.casefold() for c in _listed(countries)}
    listed = list(events)
    for item in listed:
        if not isinstance(item, Event):
            raise ChronologyError("events", item, "is not an Event (pass RecordedEvent.event)")
    retracted = {e.target for e in listed if isinstance(e, Retracted)}
    competing = _competing(listed, retracted)
    entries = []
    for position, event in enumerate(listed):
        if isinstance(event, Retracted | UnreadEvent) or event.id in retracted:
            continue
        if wanted_kinds is not None and event.kind not in wanted_kinds:
            continue
        day = narrowed.get(event.id) if narrowed else None
        entry = _entry(event, position, competing.get(position, ()), day)
        if day is not None:
            entry = attrs.evolve(entry, when=day)
        if wanted_countries is not None and (
            entry.country is None or entry.country.casefold() not in wanted_countries
        ):
            continue
        in_range = _in_range(entry, lo, hi)
        if in_range.is_certain or (in_range.is_possible and not certain):
            entries.append(attrs.evolve(entry, certainty=in_range))
    entries.sort(key=lambda e: (e.when.sort_key(), e.position))
    return Chronology(entries)


def _in_range(entry: ChronologyEntry, lo: int, hi: int) -> Certainty:
    """Whether the entry falls in the days ``lo..hi``: certainly when it begins no later
    than ``hi`` and ends no earlier than ``lo`` in every reading of its dates, possibly when
    in some. A span's readings never end before they begin, so its latest beginning is at
    most its latest end, and its earliest end at least its earliest beginning."""
    first, last = entry.when, entry.last
    always = min(first.hi, last.hi) <= hi and max(last.lo, first.lo) >= lo
    sometimes = first.lo <= hi and last.hi >= lo
    return Certainty.of(always, sometimes)


def _competing(listed: list[Event], retracted: set[str]) -> dict[int, tuple[str, ...]]:
    """For each claim of a dispute among ``listed`` (by position), the ids of the claims it
    competes with."""
    taking_part = [
        (p, e)
        for p, e in enumerate(listed)
        if not isinstance(e, Retracted | UnreadEvent) and e.id not in retracted
    ]
    position = {id(e): p for p, e in taking_part}
    competing: dict[int, tuple[str, ...]] = {}
    for claims in claim_groups([e for _, e in taking_part]):
        for claim in claims:
            competing[position[id(claim)]] = tuple(c.id for c in claims if c is not claim)
    return competing


def _entry(
    event: Event,
    position: int,
    competing: tuple[str, ...] = (),
    narrowed: FuzzyDate | None = None,
) -> ChronologyEntry:
    """The entry of ``event``; ``narrowed``: its day as relations narrow it, which words the
    date of an event that has none of its own."""
    span: FuzzySpan | None = None
    if isinstance(event, SpanEvent):
        span = event.when
        when = span.start
        phrase = span_phrase(span)
    elif isinstance(event, DatedEvent):
        when = event.when
        phrase = date_phrase(when) if narrowed is None else narrowed_phrase(when, narrowed)
    else:
        raise ChronologyError("events", event, "is neither a dated event nor a span event")
    country: Any = getattr(event, "country", None)
    return ChronologyEntry(
        when=when,
        span=span,
        event=event,
        text=sentence(phrase, event, according_to=_according_to(event) if competing else None),
        phrase=phrase,
        kind=event.kind,
        country=country if isinstance(country, str) else None,
        source=event.source,
        position=position,
        disputed=bool(competing),
        competing=competing,
    )


def _according_to(event: Event) -> str:
    """Who makes a claim: its source's short citation, or the event when it cites none."""
    return str(event.source) if event.source is not None else f"event {event.id} (no source)"


def _bound(name: str, value: DateLike | None, *, upper: bool) -> int:
    if value is None:
        return MAX_ORDINAL if upper else MIN_ORDINAL
    try:
        day = as_fuzzy(value)
    except ValueError as exc:
        raise ChronologyError(name, value, str(exc)) from exc
    return day.hi if upper else day.lo


def _kinds(kinds: Iterable[str] | None) -> frozenset[str] | None:
    if kinds is None:
        return None
    chosen = _listed(kinds)
    known = chronology_kinds()
    unknown = [k for k in chosen if k not in known]
    if unknown:
        raise ChronologyError(
            "kinds", unknown[0], f"unknown event kind; known kinds: {', '.join(known)}"
        )
    return frozenset(chosen)


def _listed(values: Iterable[str]) -> list[str]:
    """One text is one value, not a sequence of letters."""
    return [values] if isinstance(values, str) else list(values)
