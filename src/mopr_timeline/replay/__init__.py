"""Replay: the organization's state on any (fuzzy) date, every fact certain, possible or not."""

from mopr_timeline.replay._errors import AsOfError, ReplayError
from mopr_timeline.replay._state import CongressFact, Fact, OrgState, ReportFact, SectionFact
from mopr_timeline.replay._timeline import Timeline

__all__ = [
    "AsOfError",
    "CongressFact",
    "Fact",
    "OrgState",
    "ReplayError",
    "ReportFact",
    "SectionFact",
    "Timeline",
]
