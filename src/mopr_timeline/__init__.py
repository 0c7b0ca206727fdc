"""mopr_timeline: an organization's history as immutable, cited, fuzzy-dated events.

Replay them to say what the organization looked like on any date, with every fact answered
certain, possible or impossible, and never a false precision.
"""

from mopr_timeline._dataset import load
from mopr_timeline.dates import (
    Certainty,
    DateParseError,
    FuzzyDate,
    FuzzySpan,
    Precision,
    Qualifier,
    parse_date,
    parse_span,
)
from mopr_timeline.events import (
    CongressHeld,
    DelegateGroup,
    Dissolved,
    Event,
    EventError,
    FiguresReported,
    Founded,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    Occurred,
    Retracted,
    SectionDissolved,
    SectionEstablished,
    Source,
)
from mopr_timeline.replay import Fact, OrgState, Timeline
from mopr_timeline.store import (
    ConcurrencyError,
    FileStore,
    IntegrityError,
    MemoryStore,
    PostgresStore,
    RecordedEvent,
    SQLiteStore,
    Store,
    StoreError,
    open_store,
)

__version__ = "0.1.0"

__all__ = [
    "Certainty",
    "ConcurrencyError",
    "CongressHeld",
    "DateParseError",
    "DelegateGroup",
    "Dissolved",
    "Event",
    "EventError",
    "Fact",
    "FiguresReported",
    "FileStore",
    "Founded",
    "FuzzyDate",
    "FuzzySpan",
    "GoverningBodyNamed",
    "IntegrityError",
    "LeaderAppointed",
    "LeaderLeft",
    "MemoryStore",
    "Occurred",
    "OrgState",
    "PostgresStore",
    "Precision",
    "Qualifier",
    "RecordedEvent",
    "Retracted",
    "SQLiteStore",
    "SectionDissolved",
    "SectionEstablished",
    "Source",
    "Store",
    "StoreError",
    "Timeline",
    "__version__",
    "load",
    "open_store",
    "parse_date",
    "parse_span",
]
