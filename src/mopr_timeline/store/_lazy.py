"""LazyRecord: a stored record whose event stays in its stored JSON until someone needs it.

Indexing a long stream needs only a little of each event (its kind, id, days and key), and
building every event object is most of the cost of reading a stream. ``Store.read_lazy``
therefore yields records whose ``fields()`` is the event's stored dict and whose ``record()``
decodes (and fully checks) the event once, exactly as ``Store.read`` does: a record that does
not read as an event of its kind comes back as an ``UnreadableEvent`` naming the file and
line (or row) and the field.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from typing import Any

from mopr_timeline.events import (
    GLANCE_VERSIONS,
    Glance,
    UnreadableEvent,
    glance_event,
    make_glance,
    peek_event,
)
from mopr_timeline.store._base import IntegrityError, RecordedEvent, RecordError
from mopr_timeline.store._codec import decode_event, loads

__all__ = ["LazyRecord", "Where", "stored_glance"]

Where = Callable[[int, int], str]
"""``(place, version) -> location`` for error messages: a store's file and line, or row."""


def stored_glance(
    kind: Any, event_id: Any, lo: Any, hi: Any, key: Any, version: Any
) -> Glance | None:
    """A store's glance columns as a glance, if every one has a glance's type and they were
    written with the kind's current glance ``version``; None otherwise (rows written before
    the columns or their version existed, rows of a kind declared differently now or not at
    all, altered rows: those are peeked at, or decoded)."""
    if (
        type(version) is int
        and version == _versions.get(kind)
        and type(lo) is int
        and type(hi) is int
        and type(key) is str
        and type(event_id) is str
    ):
        return make_glance((kind, event_id, lo, hi, key, ()))
    return None


_versions = GLANCE_VERSIONS
"""The registered kinds' glance versions (their names are text: a kind column of another type
finds none)."""


class LazyRecord:
    """One record of ``stream``: its version and UTC record time, its event not yet decoded.

    ``place`` is where the record is stored (line or row number), turned into a location by
    ``where`` only when an error needs one. ``glance`` is what indexing needs of the event
    when the store keeps it beside the event (SQLite's glance columns), so that a load need
    not parse the event at all; decoding checks that it agrees with the event (a store hands
    over only columns written with the kind's current glance version). A plain slotted class:
    read by the million.
    """

    __slots__ = (
        "_data",
        "_decoded",
        "_glance",
        "_peeked",
        "_place",
        "_text",
        "_where",
        "recorded_at",
        "stream",
        "version",
    )

    def __init__(
        self,
        stream: str,
        version: int,
        recorded_at: _dt.datetime,
        text: str | bytes,
        place: int,
        where: Where,
        data: Any = None,
        glance: Glance | None = None,
    ) -> None:
        self.stream = stream
        self.version = version
        self.recorded_at = recorded_at
        self._text = text
        self._place = place
        self._where = where
        self._data = data
        self._glance = glance
        self._peeked: Glance | None = None
        self._decoded: RecordedEvent | None = None

    def __repr__(self) -> str:
        return f"LazyRecord(stream={self.stream!r}, version={self.version})"

    @property
    def location(self) -> str:
        """Where the record is stored, as errors name it."""
        return self._where(self._place, self.version)

    def fields(self) -> Any:
        """The event as stored (a dict, unless the record is damaged), not yet checked.

        The first call may hand over the dict the store parsed while reading; later calls
        parse the stored text again, so that a record held for later keeps only its text.
        """
        data, self._data = self._data, None
        if data is not None:
            return data
        try:
            return loads(self._text)
        except ValueError as exc:
            raise RecordError(self.location, "event", f"not JSON text ({exc})") from None

    def glance(self) -> Glance:
        """What indexing needs of the event: the stored glance, else a peek at the stored
        dict, else (an older schema, or something wrong) the decoded event's; worked out
        once (a load asks twice: the day network, then the replay index)."""
        glance = self._glance or self._peeked
        if glance is None:
            glance = peek_event(self.fields()) or glance_event(self.record().event)
            self._peeked = glance
        return glance

    def may_have(self, field: str) -> bool:
        """Might the stored event set ``field``, one of the fields an event's stored form
        holds only when set (``contradicts``, ``relations``)? False only when it certainly
        does not: its stored glance columns exist (no row of such an event has them) or its
        text does not name the field; cheaper than parsing the text."""
        if self._glance is not None:
            return False
        text = self._text
        key = f'"{field}"'
        return key in text if isinstance(text, str) else key.encode() in text

    def record(self) -> RecordedEvent:
        """The record with its event decoded and checked, once (a record that does not read
        as an event of its kind comes as an ``UnreadableEvent``, whose glance is not compared;
        ``IntegrityError`` if the stored glance disagrees with a readable event)."""
        decoded = self._decoded
        if decoded is None:
            event = decode_event(self.fields(), self.location)
            if (
                self._glance is not None
                and type(event) is not UnreadableEvent
                and glance_event(event) != self._glance
            ):
                raise IntegrityError(
                    self.location,
                    f"the stored index columns {self._glance!r} disagree with the event "
                    f"({glance_event(event)!r}): one of them was altered",
                )
            decoded = self._decoded = RecordedEvent(
                stream=self.stream, version=self.version, recorded_at=self.recorded_at, event=event
            )
        return decoded
