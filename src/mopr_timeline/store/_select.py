"""STUB: replaced by the stores work."""

from mopr_timeline.store._base import Store


def open_store(location: str) -> Store:
    raise NotImplementedError(location)
