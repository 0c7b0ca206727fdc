"""STUB: the store contract; the stores work replaces this module."""

from __future__ import annotations

import abc
import datetime as _dt
from collections.abc import Iterable, Iterator

import attrs

from mopr_timeline.events import Event


class StoreError(Exception):
    """Base of every store error."""


class ConcurrencyError(StoreError):
    """``expected_version`` was not the stream's current version."""


class IntegrityError(StoreError):
    """Stored history was altered or is unreadable."""


@attrs.frozen(kw_only=True)
class RecordedEvent:
    stream: str
    version: int
    recorded_at: _dt.datetime
    event: Event


class Store(abc.ABC):
    @abc.abstractmethod
    def append(
        self, stream: str, events: Iterable[Event], *, expected_version: int | None = None
    ) -> int: ...

    @abc.abstractmethod
    def read(self, stream: str, *, after: int = 0) -> Iterator[RecordedEvent]: ...

    @abc.abstractmethod
    def current_version(self, stream: str) -> int: ...
