"""Replay: the organization's state on any (fuzzy) date, every fact certain, possible or not."""

from mopr_timeline.replay._chronology import (
    Chronology,
    ChronologyEntry,
    ChronologyError,
    DateLike,
    build_chronology,
    chronology_kinds,
)
from mopr_timeline.replay._chronology_wording import date_phrase, describe, sentence, span_phrase
from mopr_timeline.replay._date_words import date_words, is_edtf_text
from mopr_timeline.replay._disputes import Trust, claim_groups
from mopr_timeline.replay._errors import (
    AsOfError,
    ReplayError,
    UnreadableRecordWarning,
    UnregisteredKindWarning,
)
from mopr_timeline.replay._html import cell_text
from mopr_timeline.replay._narrowed import Narrowed
from mopr_timeline.replay._segments import RangeCount, Segment, count_series
from mopr_timeline.replay._state import (
    AsOf,
    Claim,
    Fact,
    KeyedFact,
    OrgState,
    RecordFact,
    UnknownFamilyError,
)
from mopr_timeline.replay._timeline import Timeline

__all__ = [
    "AsOf",
    "AsOfError",
    "Chronology",
    "ChronologyEntry",
    "ChronologyError",
    "Claim",
    "DateLike",
    "Fact",
    "KeyedFact",
    "Narrowed",
    "OrgState",
    "RangeCount",
    "RecordFact",
    "ReplayError",
    "Segment",
    "Timeline",
    "Trust",
    "UnknownFamilyError",
    "UnreadableRecordWarning",
    "UnregisteredKindWarning",
    "build_chronology",
    "cell_text",
    "chronology_kinds",
    "claim_groups",
    "count_series",
    "date_phrase",
    "date_words",
    "describe",
    "is_edtf_text",
    "sentence",
    "span_phrase",
]
