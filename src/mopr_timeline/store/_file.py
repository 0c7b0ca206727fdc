"""STUB: replaced by the stores work."""

from mopr_timeline.store._base import Store


class FileStore(Store):  # type: ignore[abstract]
    """STUB."""
