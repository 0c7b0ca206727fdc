"""The store contract: an append-only log of events per stream, with optimistic concurrency.

Every store validates its input the same way (stream names, events, expected versions,
retractions) in ``Store.append``/``read``/``current_version`` and leaves only the storage
itself to the subclass hooks ``_append``, ``_read``, ``_current_version``, ``_streams`` and
``_targets`` (which of some ids the stream holds, and which are retractions), and, for heads
and anchors, ``_stored`` (the records as stored) or ``_chain`` (their chain hashes).
"""

from __future__ import annotations

import abc
import datetime as _dt
import operator
import re
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

import attrs
import orjson

from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import (
    Event,
    EventError,
    Glance,
    Retracted,
    SerialError,
    event_from_dict,
    event_to_dict,
    glance_event,
    revalidate,
    spec_of,
)
from mopr_timeline.store._gc import cyclic_gc_paused
from mopr_timeline.store._head import Head, chain_hash

if TYPE_CHECKING:
    from mopr_timeline.store._lazy import LazyRecord
    from mopr_timeline.store._relations import StreamNetwork

__all__ = [
    "ConcurrencyError",
    "DuplicateEventError",
    "HeadFormatError",
    "IntegrityError",
    "RecordError",
    "RecordedEvent",
    "RetractionError",
    "Store",
    "StoreError",
    "StreamNameError",
    "check_expected_version",
    "check_retractions",
    "next_recorded_at",
    "parse_head",
    "utc_now",
    "validate_stream_name",
]


class StoreError(MoprTimelineError):
    """Base of every store error."""


class StreamNameError(StoreError, ValueError):
    """A stream name that could escape its store or surprise a reader."""

    def __init__(self, stream: object, reason: str) -> None:
        self.stream = stream
        self.reason = reason
        super().__init__(f"invalid stream name {stream!r}: {reason}")


class ConcurrencyError(StoreError):
    """``expected_version`` was not the stream's current version; nothing was appended."""

    def __init__(self, stream: str, expected: int, actual: int) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        super().__init__(
            f"stream {stream!r}: expected version {expected} but the current version is "
            f"{actual}; nothing was appended"
        )


class DuplicateEventError(StoreError):
    """An appended event reuses an id already in the stream (or twice in the batch)."""

    def __init__(self, stream: str, event_id: str, where: str) -> None:
        self.stream = stream
        self.event_id = event_id
        super().__init__(f"stream {stream!r}: event id {event_id!r} {where}; nothing was appended")


class RetractionError(StoreError):
    """A ``Retracted`` event whose target is not an earlier event of the stream, is the
    retraction itself, or is another retraction; nothing was appended."""

    def __init__(self, stream: str, retraction: str, target: str, reason: str) -> None:
        self.stream = stream
        self.retraction = retraction
        self.target = target
        self.reason = reason
        super().__init__(
            f"stream {stream!r}: retraction {retraction!r} of {target!r} is refused: {reason}; "
            "nothing was appended"
        )


class HeadFormatError(StoreError, ValueError):
    """An expected head that is neither ``VERSION:HASH`` nor ``HASH``."""


class IntegrityError(StoreError):
    """Stored history was altered, reordered or is unreadable at ``location``."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"{location}: {reason}")


class RecordError(StoreError):
    """A stored record that cannot be read back as an event.

    ``location`` says where (file and line, table row, or stream and version) and ``field``
    which field of the record is at fault (dotted path, empty for the record as a whole).
    """

    def __init__(self, location: str, field: str, reason: str) -> None:
        self.location = location
        self.field = field
        self.reason = reason
        at = f" field {field!r}" if field else ""
        super().__init__(f"{location}:{at} {reason}")


@attrs.frozen(kw_only=True)
class RecordedEvent:
    """An event as the store holds it: its stream, version (1, 2, 3, ...) and UTC record time."""

    stream: str
    version: int
    recorded_at: _dt.datetime
    event: Event

    def record(self) -> RecordedEvent:
        """Itself: so every record of ``Store.read_lazy`` answers ``record()`` alike."""
        return self

    def glance(self) -> Glance:
        """What indexing needs of the event (as ``LazyRecord.glance`` answers it)."""
        return glance_event(self.event)


_BULK = 5000
"""From this many events on, an append runs with the cyclic garbage collector paused (its
collections would rescan the batch's lists again and again)."""


_STREAM_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,127}")


def validate_stream_name(stream: object) -> str:
    """Return ``stream`` if it is a safe stream name, else raise ``StreamNameError``.

    A name is 1-128 characters of letters, digits, ``_``, ``.`` and ``-``, starting with a
    letter or digit, without ``..``: safe as a file name and unambiguous in every store.
    """
    if not isinstance(stream, str):
        raise StreamNameError(stream, f"expected text, got {type(stream).__name__}")
    if not stream:
        raise StreamNameError(stream, "it is empty")
    if "/" in stream or "\\" in stream or "\0" in stream:
        raise StreamNameError(stream, "it contains a path separator")
    if ".." in stream:
        raise StreamNameError(stream, "it contains '..'")
    if not _STREAM_NAME.fullmatch(stream):
        raise StreamNameError(
            stream,
            "use 1-128 letters, digits, '_', '.' or '-', starting with a letter or digit",
        )
    return stream


def check_expected_version(stream: str, expected: int | None, actual: int) -> None:
    """Raise ``ConcurrencyError`` unless ``expected`` is None or the ``actual`` version."""
    if expected is not None and expected != actual:
        raise ConcurrencyError(stream, expected, actual)


def utc_now() -> _dt.datetime:
    return _dt.datetime.now(_dt.UTC)


def next_recorded_at(previous: _dt.datetime | None) -> _dt.datetime:
    """Now in UTC, but never earlier than the stream's previous record (clocks step back)."""
    now = utc_now()
    return now if previous is None or now >= previous else previous


_event_id = operator.attrgetter("id")
_validate = revalidate
"""Runs an event's field validators again (a name of its own, so that the tests can write a
record as an earlier release, which did not, could have)."""


def _check_batch(stream: str, events: Iterable[Event]) -> tuple[tuple[Event, ...], bool]:
    """The batch as a tuple, if it is one of distinct events with text ids (checked by their
    types and ids at once: this runs for every appended event), and whether it holds a
    retraction.

    Every event's field validators run again (``revalidate``, one generated function per
    class): a value set past them by ``object.__setattr__`` (a number in a text
    field, say) is refused with the ``EventError`` naming kind and field, on every store
    alike, rather than written and read back as an ``UnreadableEvent``. An id that is not
    text is refused here too, as a record without a text id could not be read back,
    retracted or reported."""
    if isinstance(events, Event):
        raise StoreError(f"stream {stream!r}: append takes a list of events, not one event")
    try:
        batch = tuple(events)
    except TypeError as exc:
        raise StoreError(
            f"stream {stream!r}: expected an iterable of events, got {type(events).__name__}"
        ) from exc
    types = set(map(type, batch))
    if not all(issubclass(kind, Event) for kind in types):
        for position, event in enumerate(batch):
            if not isinstance(event, Event):
                raise StoreError(
                    f"stream {stream!r}: item {position} of the batch is a "
                    f"{type(event).__name__}, not an Event; nothing was appended"
                )
    own = [cls for cls in types if not spec_of(cls).builtin]
    for event in batch:
        _validate(event)
    if own:
        _check_round_trip([event for event in batch if type(event) in own])
    ids = list(map(_event_id, batch))
    if set(map(type, ids)) - {str}:
        for position, event_id in enumerate(ids):
            if type(event_id) is not str:
                raise EventError(
                    type(batch[position]).__name__,
                    "id",
                    f"item {position} of the batch has the id {event_id!r}, not text (set past "
                    "the event's checks); nothing was appended",
                )
    if len(set(ids)) != len(batch):
        seen: set[str] = set()
        for event in batch:
            if event.id in seen:
                raise DuplicateEventError(stream, event.id, "appears twice in the batch")
            seen.add(event.id)
    return batch, Retracted in types


def check_retractions(stream: str, batch: Sequence[Event], held: Mapping[str, bool]) -> None:
    """Refuse (``RetractionError``) a ``Retracted`` event of ``batch`` unless its target is
    an earlier event of the stream: one the stream holds (``held``: each target the stream
    holds, mapped to whether it is a retraction), or one earlier in the batch; not the
    retraction itself, and not a retraction.

    A retraction of a retraction is refused rather than read as restoring the first
    retraction's target: replay, ``as_of`` and ``check`` keep one rule (a retracted event
    stays retracted from its retraction on), and a withdrawn event is restored by appending
    it again, under a new id and with its source, which the log then shows as a new claim.
    """
    earlier: dict[str, bool] = {}
    for event in batch:
        retraction = isinstance(event, Retracted)
        if isinstance(event, Retracted):
            target, reason = event.target, ""
            is_retraction = earlier[target] if target in earlier else held.get(target)
            if target == event.id:
                reason = "it would retract itself"
            elif is_retraction is None:
                later = any(other.id == target for other in batch)
                reason = (
                    "its target comes later in the batch: a retraction must follow its target"
                    if later
                    else "the stream holds no earlier event with this id"
                )
            elif is_retraction:
                reason = (
                    "its target is itself a retraction; a retraction cannot be retracted "
                    "(append the withdrawn event again, under a new id, to restore it)"
                )
            if reason:
                raise RetractionError(stream, event.id, target, reason)
        earlier[event.id] = retraction


def _check_round_trip(events: Sequence[Event]) -> None:
    """Refuse (``EventError`` naming the kind and field) any of ``events`` (of kinds declared
    outside the library) that would not read back equal to itself once written.

    The library's own kinds read back by construction (their fields are validated when made,
    and the property tests prove each kind's round trip); a kind of your own may have, say, a
    converter that changes a value again when it is read, so each of its events is written
    and read back here, before anything is stored.
    """
    for event in events:
        spec = spec_of(event)
        where = f"event {event.id!r} (nothing was appended)"
        try:
            data = orjson.loads(orjson.dumps(event_to_dict(event)))
        except (TypeError, ValueError) as exc:
            raise EventError(spec.name, "", f"{where} cannot be written as JSON: {exc}") from None
        try:
            back = event_from_dict(data)
        except SerialError as exc:
            raise EventError(
                spec.name, exc.field or "", f"{where} would not read back: {exc.reason}"
            ) from None
        if back != event:
            field = next(
                (f.name for f in spec.fields if getattr(back, f.name) != getattr(event, f.name)),
                "",
            )
            raise EventError(
                spec.name,
                field,
                f"{where} would read back as {getattr(back, field, back)!r}, not "
                f"{getattr(event, field, event)!r}",
            )


_HASH_DIGITS = frozenset("0123456789abcdef")


def parse_head(value: Head | str) -> tuple[int | None, str]:
    """An expected head as ``(version or None, hash)``: a ``Head``, ``"VERSION:HASH"`` or a
    bare ``"HASH"`` (64 hex digits), else ``HeadFormatError``."""
    if isinstance(value, Head):
        value = str(value)
    if not isinstance(value, str):
        raise HeadFormatError(f"expected a head (VERSION:HASH or HASH), got {value!r}")
    text = value.strip()
    version_text, colon, digest = text.rpartition(":")
    digest = digest.lower()
    if len(digest) != 64 or not set(digest) <= _HASH_DIGITS:
        raise HeadFormatError(
            f"expected head {value!r}: the hash must be 64 hexadecimal digits "
            "(as `mopr-timeline head` prints it, VERSION:HASH)"
        )
    if not colon:
        return None, digest
    if not version_text.isascii() or not version_text.isdigit() or int(version_text) < 1:
        raise HeadFormatError(
            f"expected head {value!r}: the version before ':' must be a whole number >= 1"
        )
    return int(version_text), digest


def _check_version_argument(name: str, value: Any, *, optional: bool) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise StoreError(f"{name} must be a whole number >= 0, got {value!r}")


class Store(abc.ABC):
    """An append-only event log, one sequence of versions 1, 2, 3, ... per stream.

    ``append`` is atomic: the whole batch gets consecutive versions, or nothing is written.
    Stores are context managers; ``close()`` releases files and connections. A store opened
    read-only (``read_only``) refuses appends.
    """

    _closed: bool = False
    read_only: bool = False

    def append(
        self, stream: str, events: Iterable[Event], *, expected_version: int | None = None
    ) -> int:
        """Append ``events`` to ``stream`` and return the stream's new current version.

        With ``expected_version`` the append succeeds only if that is the current version,
        else ``ConcurrencyError``. An empty batch appends nothing and returns the current
        version. Event ids must be new to the stream (``DuplicateEventError``). Every event
        must be of a registered kind (``UnknownKindError``), and an event of a kind declared
        outside the library must read back equal to itself (``EventError``). A ``Retracted``
        event must retract an earlier event of the stream that is not a retraction
        (``RetractionError``, see ``check_retractions``). Nothing is written otherwise. A
        batch of ``_BULK`` events or more is written with the cyclic garbage collector paused.
        """
        self._check_open()
        validate_stream_name(stream)
        _check_version_argument("expected_version", expected_version, optional=True)
        if self.read_only:
            raise StoreError(f"{self!r} was opened read-only; nothing was appended")
        batch, retracts = _check_batch(stream, events)
        if retracts:
            targets = {event.target for event in batch if isinstance(event, Retracted)}
            check_retractions(stream, batch, self._targets(stream, targets))
        with cyclic_gc_paused(len(batch) >= _BULK):
            network = self._relations_of(stream, batch)
            if network is None:
                return self._append(stream, batch, expected_version)
            return self._append_related(network, stream, batch, expected_version)

    def _relations_of(self, stream: str, batch: Sequence[Event]) -> StreamNetwork | None:
        """The day network of ``stream``, brought up to date, when the batch carries relations
        or events the kinds pair (see ``needs_network``), or the network is kept already (an
        event may be named by relations recorded before it); None otherwise."""
        from mopr_timeline.store._relations import StreamNetwork, needs_network

        networks: dict[str, StreamNetwork] = self.__dict__.setdefault("_day_networks", {})
        network = networks.get(stream)
        if network is None:
            if not needs_network(batch):
                return None
            network = networks[stream] = StreamNetwork()
        if network.version < self._current_version(stream):
            network.feed(self._read_lazy(stream, network.version))
        return network

    def _append_related(
        self,
        network: StreamNetwork,
        stream: str,
        batch: Sequence[Event],
        expected_version: int | None,
    ) -> int:
        """Append a batch after checking that some assignment of days satisfies every
        relation of the stream with it (``ConstraintError`` naming the cycle otherwise);
        the append expects the version the network was checked at, so that a record another
        writer appends in between is checked too (with ``expected_version``, the caller's)."""
        while True:
            try:
                network.check(batch)
            except (AttributeError, TypeError):
                # an event set past its checks (a date that is not one): the store refuses it
                # with the error naming its field, before anything is written
                return self._append(stream, batch, expected_version)
            expected = network.version if expected_version is None else expected_version
            try:
                version = self._append(stream, batch, expected)
            except ConcurrencyError:
                if expected_version is not None:
                    raise
                network.feed(self._read_lazy(stream, network.version))
                continue
            network.feed(batch)
            network.version = version
            return version

    def read(self, stream: str, *, after: int = 0) -> Iterator[RecordedEvent]:
        """The records of ``stream`` with version greater than ``after``, in order."""
        self._check_open()
        validate_stream_name(stream)
        _check_version_argument("after", after, optional=False)
        return self._read(stream, after)

    def read_lazy(self, stream: str, *, after: int = 0) -> Iterator[RecordedEvent | LazyRecord]:
        """Like ``read``, but a record may come with its event still undecoded.

        For indexing long streams: a ``LazyRecord`` decodes its event on ``record()`` (with
        the same checks and ``RecordError`` as ``read``); versions, record times and, in a
        FileStore, every line's hash and the hash chain are checked while reading, as in
        ``read``. Stores holding decoded events yield their ``RecordedEvent`` as they are.
        """
        self._check_open()
        validate_stream_name(stream)
        _check_version_argument("after", after, optional=False)
        return self._read_lazy(stream, after)

    def current_version(self, stream: str) -> int:
        """The version of the stream's last record, 0 for an empty or unknown stream."""
        self._check_open()
        validate_stream_name(stream)
        return self._current_version(stream)

    def streams(self) -> list[str]:
        """The names of the streams holding at least one record, sorted."""
        self._check_open()
        return sorted(self._streams())

    def head(self, stream: str) -> Head:
        """The stream's head: the version of its last record and the chain hash there
        (``Head(0, "")`` for an empty stream), to record elsewhere as an anchor.

        Reads the whole stream. The chain hash is defined over every record's version,
        record time and stored event JSON (see ``mopr_timeline.store._head``): a FileStore's
        lines carry it, the other stores compute it.
        """
        self._check_open()
        validate_stream_name(stream)
        return self._head(stream)

    def verify(self, stream: str | None = None, *, expect_head: Head | str | None = None) -> int:
        """Read and check every record of one stream (or of every stream); return how many.

        Each store checks what it keeps (a FileStore every line's hash, the chain and its
        acknowledged head; SQL stores that versions run without gaps, and that each row's
        index columns agree with its event); every event is decoded. With ``expect_head``
        (a ``Head``, ``"VERSION:HASH"`` or a bare ``"HASH"``, as ``head`` gave it earlier)
        the stream's chain must pass through that head: else ``IntegrityError`` saying
        whether records up to it are missing or were rewritten.
        A malformed ``expect_head`` is a ``HeadFormatError``, raised before anything is read.
        """
        self._check_open()
        expected = None if expect_head is None else parse_head(expect_head)
        if stream is None:
            if expected is not None:
                raise StoreError("verify(expect_head=...) checks one stream: name it")
            names = self.streams()
        else:
            names = [validate_stream_name(stream)]
        count = 0
        for name in names:
            for record in self._read_lazy(name, 0):
                record.record()
                count += 1
        if expected is not None:
            self._check_anchor(names[0], *expected)
        return count

    def close(self) -> None:
        """Release the store's resources; later calls raise ``StoreError``."""
        self._closed = True

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def _check_open(self) -> None:
        if self._closed:
            raise StoreError(f"{self!r} is closed")

    def _check_anchor(self, stream: str, version: int | None, digest: str) -> None:
        """Raise ``IntegrityError`` unless the stream's chain has hash ``digest`` at
        ``version`` (None: at any version)."""
        count = 0
        for found, actual, location in self._chain(stream):
            count = found
            if version is None and actual == digest:
                return
            if found == version:
                if actual == digest:
                    return
                raise IntegrityError(
                    location,
                    f"the chain's hash at version {found} is {actual}, but the expected head "
                    f"is {found}:{digest}: the history up to version {found} was rewritten",
                )
        where = f"{self!r}, stream {stream!r}"
        if version is None:
            raise IntegrityError(
                where,
                f"none of the stream's {count} records has the expected head's hash {digest}: "
                "the history up to that head was rewritten (or the head is another stream's)",
            )
        missing = version - count
        raise IntegrityError(
            where,
            f"the expected head is at version {version}, but the stream holds {count} records: "
            f"{missing} record{'s' if missing > 1 else ''} up to the head "
            f"{'are' if missing > 1 else 'is'} missing",
        )

    def _head(self, stream: str) -> Head:
        head = Head(0, "")
        for version, digest, _location in self._chain(stream):
            head = Head(version, digest)
        return head

    def _chain(self, stream: str) -> Iterator[tuple[int, str, str]]:
        """``(version, chain hash, location)`` of each record in order, computed over
        ``_stored`` (a FileStore reads the hashes its lines carry instead)."""
        prev, expected = "", 1
        for version, recorded_at, event_json, location in self._stored(stream):
            if version != expected:
                raise IntegrityError(location, f"expected version {expected}, found {version}")
            prev = chain_hash(version, recorded_at, event_json, prev)
            yield version, prev, location
            expected += 1

    def _stored(self, stream: str) -> Iterator[tuple[int, str, str | bytes, str]]:
        """``(version, record time as format_time writes it, event JSON, location)`` of each
        record as stored; this default (for stores holding decoded events) encodes them."""
        # Imported here: the codec's module imports this one.
        from mopr_timeline.store._codec import encode_event, format_time

        for record in self._read(stream, 0):
            yield (
                record.version,
                format_time(record.recorded_at),
                encode_event(record.event),
                f"{self!r}, stream {stream!r} version {record.version}",
            )

    def _targets(self, stream: str, ids: Collection[str]) -> Mapping[str, bool]:
        """Each of ``ids`` that the stream holds, mapped to whether it is a retraction (ids
        it does not hold are left out). This default reads the stream; stores that keep ids
        (for their duplicate checks) and kinds look them up."""
        found: dict[str, bool] = {}
        for record in self._read(stream, 0):
            event = record.event
            if event.id in ids:
                found[event.id] = isinstance(event, Retracted)
        return found

    @abc.abstractmethod
    def _append(
        self, stream: str, events: Sequence[Event], expected_version: int | None
    ) -> int: ...

    @abc.abstractmethod
    def _read(self, stream: str, after: int) -> Iterator[RecordedEvent]: ...

    def _read_lazy(self, stream: str, after: int) -> Iterator[RecordedEvent | LazyRecord]:
        return self._read(stream, after)

    @abc.abstractmethod
    def _current_version(self, stream: str) -> int: ...

    @abc.abstractmethod
    def _streams(self) -> Iterable[str]: ...
