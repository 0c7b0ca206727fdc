"""``load()``: the shipped MOPR timeline, or any FileStore directory, opened read-as-is.

The shipped log lives in the repository's ``events/``; the wheel carries a copy as
``mopr_timeline/_data/events`` (see pyproject.toml), which is preferred when present so that a
plain ``pip install`` works without the repository.

``PERIODS`` are the named periods the dataset dates events by, each with cited bounds: the
Spanish Civil War, 17 July 1936 to 1 April 1939 (the article places the Spanish section's
war-time activities "during the Spanish Civil War").
"""

from __future__ import annotations

import datetime as _dt
from importlib import resources
from pathlib import Path

from mopr_timeline.dates import Period
from mopr_timeline.replay import Timeline
from mopr_timeline.store import FileStore, StoreError

__all__ = [
    "PERIODS",
    "SPANISH_CIVIL_WAR",
    "DatasetError",
    "load",
    "open_dataset_store",
    "shipped_events_directory",
]

SPANISH_CIVIL_WAR = Period(
    name="the Spanish Civil War",
    first=_dt.date(1936, 7, 17),
    last=_dt.date(1939, 4, 1),
    source='Wikipedia, "Spanish Civil War" (infobox: "17 July 1936 – 1 April 1939")',
)
"""From the military uprising of 17 July 1936 to Franco's announcement of the war's end on
1 April 1939."""

PERIODS: tuple[Period, ...] = (SPANISH_CIVIL_WAR,)
"""The named periods of the shipped dataset (``parse_date(text, periods=PERIODS)``)."""

_PACKAGE = "mopr_timeline"
_PACKAGED = ("_data", "events")


class DatasetError(StoreError):
    """A dataset that cannot be opened: names the directory and stream, and why."""

    def __init__(self, location: str, reason: str) -> None:
        self.location = location
        self.reason = reason
        super().__init__(f"cannot load {location}: {reason}")


def shipped_events_directory() -> Path:
    """Where the shipped log is: the packaged copy, else the repository's ``events/``."""
    packaged = resources.files(_PACKAGE).joinpath(*_PACKAGED)
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    repository = Path(__file__).resolve().parent.parent.parent / "events"
    if repository.is_dir():
        return repository
    raise DatasetError(
        "the shipped dataset",
        f"neither the packaged copy ({packaged}) nor the repository's events/ ({repository}) "
        "exists; reinstall the package or pass a FileStore directory",
    )


def load(path: str | Path | None = None, *, stream: str = "mopr") -> Timeline:
    """Open ``stream`` of the FileStore directory ``path`` (None: the shipped dataset).

    Nothing is created: a missing directory, or one without the stream, is a ``DatasetError``.
    A log whose records were altered raises the store's ``IntegrityError`` (a ``StoreError``);
    ``mopr_timeline.check.check_path`` reports such damage instead of raising.
    """
    return Timeline(open_dataset_store(path, stream=stream), stream)


def open_dataset_store(path: str | Path | None = None, *, stream: str = "mopr") -> FileStore:
    """The FileStore at ``path`` (None: the shipped dataset), checked to hold ``stream``."""
    if path is not None and not isinstance(path, str | Path):
        raise DatasetError(
            repr(path), f"expected a directory path or None, got {type(path).__name__}"
        )
    directory = shipped_events_directory() if path is None else Path(path)
    location = f"stream {stream!r} in {directory}"
    if not directory.is_dir():
        reason = "it is not a directory" if directory.exists() else "the directory does not exist"
        raise DatasetError(location, reason)
    store = FileStore(directory)
    streams = store.streams()
    if stream not in streams:
        held = ", ".join(repr(s) for s in streams) or "none"
        raise DatasetError(location, f"the directory holds no such stream (streams: {held})")
    return store
