"""Timeline: a stream of a store, indexed once and kept current, answering ``state_at``."""

from __future__ import annotations

import datetime as _dt
import threading
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Iterable, Sequence

from mopr_timeline.dates import MAX_ORDINAL, MIN_ORDINAL, FuzzyDate, as_fuzzy
from mopr_timeline.events import Event, Glance, Retracted
from mopr_timeline.replay._chronology import Chronology, DateLike, build_chronology
from mopr_timeline.replay._disputes import Trust
from mopr_timeline.replay._during import Period, period_of, state_during
from mopr_timeline.replay._errors import AsOfError, ReplayError
from mopr_timeline.replay._index import ReplayIndex
from mopr_timeline.replay._narrowed import Narrowed, narrowed_of
from mopr_timeline.replay._segments import RangeCount, Segment, build_segments, count_series
from mopr_timeline.replay._state import AsOf, OrgState
from mopr_timeline.store import LazyRecord, RecordedEvent, Store, StoreError, StreamNetwork
from mopr_timeline.store import cyclic_gc_paused as _cyclic_gc_paused

__all__ = ["Timeline"]

_PAST_INDEXES = 2
"""How many indexes of earlier versions (for ``as_of`` queries) are kept for reuse."""
_BULK = 5000
"""From this many new records on, indexing runs with the cyclic garbage collector paused."""


class Timeline:
    """The organization's history as recorded in ``stream`` of ``store``.

    The stream is indexed once; every query first picks up records appended since (by this
    timeline or by anyone else sharing the store), so answers always reflect the whole
    stream. ``as_of`` looks at the record as it stood earlier: an int is a stream version
    (records 1..as_of), an aware datetime a recording time (records recorded at or before
    it). Answers for an earlier version come from an index of that prefix, built on first use
    and kept for the next few queries.
    """

    def __init__(self, store: Store, stream: str = "mopr") -> None:
        self.store = store
        self.stream = stream
        self._index = ReplayIndex(stream)
        self._network = StreamNetwork()
        self._past: OrderedDict[int, tuple[ReplayIndex, StreamNetwork]] = OrderedDict()
        self._lock = threading.RLock()
        self.refresh()

    def __repr__(self) -> str:
        return f"Timeline({self.store!r}, {self.stream!r}, version={self.version})"

    @property
    def version(self) -> int:
        """The last stream version indexed."""
        return self._index.version

    def append(self, events: Iterable[Event], *, expected_version: int | None = None) -> int:
        """Append ``events`` through the store and index them; returns the new version."""
        version = self.store.append(self.stream, events, expected_version=expected_version)
        self.refresh()
        return version

    def refresh(self) -> None:
        """Index the records appended to the stream since the last look."""
        with self._lock:
            current = self.store.current_version(self.stream)
            if current < self.version:
                raise ReplayError(
                    f"stream {self.stream!r} went back from version {self.version} to "
                    f"{current}; an append-only stream never shrinks"
                )
            if current > self.version:
                with _cyclic_gc_paused(current - self.version >= _BULK):
                    records: list[RecordedEvent | LazyRecord] = []
                    try:
                        records.extend(self.store.read_lazy(self.stream, after=self.version))
                    finally:  # what was read is indexed, even when reading fails further on
                        if records:
                            self._take(records)

    def _take(self, records: list[RecordedEvent | LazyRecord]) -> None:
        """Index ``records`` (the next ones of the stream) with the days relations narrow.

        The day network takes them first, and the index takes them with the days it narrows.
        When the network also changes the days of records indexed already (a relation to an
        earlier event, a retraction freeing one), the index re-dates just those.
        """
        first = self.version + 1
        try:
            changed = self._network.feed(records)
        except StoreError:
            # a record that cannot be read: the index takes what comes before it (warning
            # about what it skips, as ever) and raises the record's error itself
            self._index.add_all(records)
            raise
        index = self._index
        narrowed = self._network.narrowed() if changed or index.narrowed else {}
        index.narrowed = narrowed
        index.paired = self._network.pairs()
        index.add_all(records)
        earlier = {
            p: narrowed.get(event_id) or _own_days(index.entries[p - 1].glance())
            for event_id in changed
            if (p := index.position_of(event_id)) is not None and p < first
        }
        if earlier:
            index.redate(earlier)
            self._past.clear()

    def records(self, *, as_of: AsOf = None) -> Sequence[RecordedEvent]:
        """Every record visible ``as_of``, in stream order (retractions included)."""
        with self._lock:
            self.refresh()
            return self._index.records(self._cutoff(as_of))

    def events(self, *, as_of: AsOf = None) -> list[Event]:
        """The events in force ``as_of``: visible, not retracted, retractions left out."""
        with self._lock:
            records = self.records(as_of=as_of)
            hidden = self._retracted_in(records)
            return [
                r.event
                for r in records
                if not isinstance(r.event, Retracted) and r.event.id not in hidden
            ]

    def retracted(self, *, as_of: AsOf = None) -> dict[str, RecordedEvent]:
        """Target event id -> the ``Retracted`` record that withdrew it, as visible ``as_of``."""
        with self._lock:
            return dict(self._retracted_in(self.records(as_of=as_of)))

    def state_at(
        self, when: FuzzyDate | _dt.date | str, *, as_of: AsOf = None, trust: Trust = None
    ) -> OrgState:
        """The organization on ``when`` (one possibly unknown day), each fact with its Certainty
        over every reading of the log (one claim of each dispute, one day of each date).

        ``when`` is date text (any ``parse_date`` form), a ``datetime.date`` (pendulum dates
        too) or a ``FuzzyDate``; anything else raises ``DateParseError``. ``trust`` (source
        titles, matching a citation's own work or the work it cites, or a predicate on a
        ``Source``) keeps, in each dispute where one of its claims
        is trusted, only the trusted claims: the state according to those sources.
        """
        date = as_fuzzy(when)
        with self._lock:
            return self._index_as_of(as_of).state(date, as_of, trust)

    def segments(
        self,
        start: FuzzyDate | _dt.date | str | None = None,
        end: FuzzyDate | _dt.date | str | None = None,
        *,
        as_of: AsOf = None,
        trust: Trust = None,
    ) -> list[Segment]:
        """The state over time: the maximal ranges of days from ``start`` to ``end`` over
        which the state on an exact day is the same, in order, each with that state (the
        ``state_at`` of each of its days, ``date`` aside).

        ``start`` and ``end`` are date text, dates or ``FuzzyDate`` values (from the earliest
        day of ``start`` to the latest of ``end``); None leaves that side open, so that the
        first segment starts (or the last ends) with ``None``: every day before (after).
        The ranges change where an event's day bounds are: its earliest day, the day after,
        its latest day; fuzzy dates, disputes and the organization's life included.
        """
        first = None if start is None else _day_bound(start, earliest=True)
        last = None if end is None else _day_bound(end, earliest=False)
        if first is not None and last is not None and first > last:
            raise ReplayError(f"segments: start {start} comes after end {end}")
        with self._lock:
            index = self._index_as_of(as_of)
            return build_segments(index, first, last, as_of=as_of, trust=trust)

    def series(
        self,
        family: str,
        start: FuzzyDate | _dt.date | str | None = None,
        end: FuzzyDate | _dt.date | str | None = None,
        *,
        as_of: AsOf = None,
        trust: Trust = None,
    ) -> list[RangeCount]:
        """How many facts of ``family`` (``"sections"``, ``"congresses"``, a family of your
        own) hold certainly and possibly over time: one ``RangeCount`` per run of ``segments``
        with equal counts (``UnknownFamilyError`` for a family no registered kind acts on)."""
        return count_series(self.segments(start, end, as_of=as_of, trust=trust), family)

    def state_during(
        self, period: Period, *, mode: str = "some", as_of: AsOf = None, trust: Trust = None
    ) -> OrgState:
        """The organization over a whole period, each fact with its Certainty over every
        reading: ``mode="some"``, does it hold on at least one day of the period; ``"all"``,
        on every day of it?

        ``period`` is a ``FuzzySpan`` (its start and end may be fuzzy: a reading picks them
        too), a span text (``1924-1926``, ``from Aug. 1925 to 1927``), or one date (a text
        such as ``1925``, a ``datetime.date`` or a ``FuzzyDate``) standing for its bounds,
        1 January to 31 December 1925. ``state_at`` keeps its meaning: one unknown day.
        """
        span = period_of(period)
        with self._lock:
            return state_during(span, mode, self._index_as_of(as_of), as_of, trust)

    def disputes(self, *, as_of: AsOf = None) -> list[tuple[RecordedEvent, ...]]:
        """The disputes among the events in force ``as_of``: each the records of its claims,
        in stream order."""
        with self._lock:
            index = self._index_as_of(as_of)
            return [tuple(index.record(p) for p in d.claims) for d in index.disputes()]

    def chronology(
        self,
        *,
        as_of: AsOf = None,
        start: DateLike | None = None,
        end: DateLike | None = None,
        kinds: Iterable[str] | None = None,
        countries: Iterable[str] | None = None,
        certain: bool = False,
    ) -> Chronology:
        """The events visible ``as_of`` in chronological order (see ``build_chronology``)."""
        with self._lock:
            records = self.records(as_of=as_of)
            network = self._network_as_of(as_of)
            narrowed = {
                r.event.id: narrowed_of(network, r.event).date
                for r in records
                if network.in_network(r.event.id) and hasattr(r.event, "when")
            }
        return build_chronology(
            (r.event for r in records),
            start=start,
            end=end,
            kinds=kinds,
            countries=countries,
            certain=certain,
            narrowed=narrowed,
        )

    def _retracted_in(self, records: Sequence[RecordedEvent]) -> dict[str, RecordedEvent]:
        """The retractions among ``records`` (the first of ``records`` of the stream)."""
        if len(records) == self.version:
            return {t: self._index.record(p) for t, p in self._index.retractions.items()}
        found: dict[str, RecordedEvent] = {}
        for record in records:
            if isinstance(record.event, Retracted):
                found.setdefault(record.event.target, record)
        return found

    def _index_as_of(self, as_of: AsOf) -> ReplayIndex:
        self.refresh()
        cutoff = self._cutoff(as_of)
        if cutoff == self.version:
            return self._index
        return self._past_as_of(cutoff)[0]

    def _past_as_of(self, cutoff: int) -> tuple[ReplayIndex, StreamNetwork]:
        """The index and day network of the records ``1..cutoff`` (built on first use)."""
        past = self._past.get(cutoff)
        if past is None:
            entries = self._index.entries[:cutoff]
            index, network = ReplayIndex(self.stream), StreamNetwork()
            with _cyclic_gc_paused(cutoff >= _BULK):
                network.feed(entries)
                index.narrowed = network.narrowed()
                index.paired = network.pairs()
                index.add_all(entries)
            past = self._past[cutoff] = (index, network)
            while len(self._past) > _PAST_INDEXES:
                self._past.popitem(last=False)
        self._past.move_to_end(cutoff)
        return past

    def _network_as_of(self, as_of: AsOf) -> StreamNetwork:
        self.refresh()
        cutoff = self._cutoff(as_of)
        return self._network if cutoff == self.version else self._past_as_of(cutoff)[1]

    def bounds(self, event_id: str, *, as_of: AsOf = None) -> Narrowed:
        """The day of the event ``event_id`` (a span event's first day) as the relations
        recorded ``as_of`` narrow it, with the reason for each narrowed bound. ``ReplayError``
        when no dated event in force has that id."""
        with self._lock:
            network = self._network_as_of(as_of)
            index = self._index_as_of(as_of)
            position = index.position_of(event_id) if isinstance(event_id, str) else None
            if position is not None and event_id not in index.retractions:
                event = index.record(position).event
                if hasattr(event, "when"):
                    return narrowed_of(network, event)
        raise ReplayError(
            f"stream {self.stream!r} holds no dated event {event_id!r} in force "
            "(unknown, retracted, or recorded later)"
        )

    def _cutoff(self, as_of: AsOf) -> int:
        """The last version visible ``as_of``."""
        if as_of is None:
            return self.version
        if isinstance(as_of, bool):
            raise AsOfError(as_of, "expected a stream version (int >= 0) or an aware datetime")
        if isinstance(as_of, int):
            if as_of < 0:
                raise AsOfError(as_of, "a stream version is a whole number >= 0")
            return min(as_of, self.version)
        if isinstance(as_of, _dt.datetime):
            if as_of.tzinfo is None or as_of.utcoffset() is None:
                raise AsOfError(
                    as_of, "a recording time needs a time zone (e.g. datetime.UTC); got a naive one"
                )
            return bisect_right(self._index.entries, as_of, key=_recorded_at)
        raise AsOfError(
            as_of,
            f"expected a stream version (int >= 0) or an aware datetime, "
            f"not {type(as_of).__name__}",
        )


def _day_bound(when: FuzzyDate | _dt.date | str, *, earliest: bool) -> int:
    """The earliest (or latest) day ``when`` may be, as an ordinal (open: the calendar's
    first or last day)."""
    date = as_fuzzy(when)
    return max(date.lo, MIN_ORDINAL) if earliest else min(date.hi, MAX_ORDINAL)


def _recorded_at(record: RecordedEvent | LazyRecord) -> _dt.datetime:
    return record.recorded_at


def _own_days(glance: Glance) -> tuple[int, int]:
    """The bounds of a record's day as its own date gives them (no relation narrowing it)."""
    return glance.lo, glance.hi
