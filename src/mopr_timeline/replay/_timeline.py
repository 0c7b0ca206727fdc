"""STUB: replaced by the replay work."""


class Timeline:
    """STUB."""
