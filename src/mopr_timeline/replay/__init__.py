"""Replay: the organization's state on any (fuzzy) date (STUB: the replay work replaces this)."""

from mopr_timeline.replay._state import Fact, OrgState
from mopr_timeline.replay._timeline import Timeline

__all__ = ["Fact", "OrgState", "Timeline"]
