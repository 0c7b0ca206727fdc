"""STUB: replaced by the replay work."""


class Fact:
    """STUB."""


class OrgState:
    """STUB."""
