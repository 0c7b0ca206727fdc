"""mopr_timeline: an organization's history as immutable, cited, fuzzy-dated events.

Replay them to say what the organization looked like on any date, with every fact answered
certain, possible or impossible, and never a false precision.

The consistency report lives in the submodule ``mopr_timeline.check``
(``check(timeline)``, ``check_path(path)``); its ``CheckReport`` is re-exported here.
"""

from mopr_timeline._dataset import DatasetError, load
from mopr_timeline.check import CheckReport
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
    SerialError,
    Source,
    event_from_dict,
    event_to_dict,
)
from mopr_timeline.replay import (
    AsOfError,
    CongressFact,
    Fact,
    OrgState,
    ReplayError,
    ReportFact,
    SectionFact,
    Timeline,
)
from mopr_timeline.replay._chronology import ChronologyEntry, ChronologyError
from mopr_timeline.store import (
    ConcurrencyError,
    DuplicateEventError,
    FileStore,
    IntegrityError,
    LazyRecord,
    MemoryStore,
    PostgresStore,
    RecordedEvent,
    RecordError,
    SQLiteStore,
    Store,
    StoreError,
    StreamNameError,
    TornTailWarning,
    open_store,
)

__version__ = "0.1.0"

__all__ = [
    "AsOfError",
    "Certainty",
    "CheckReport",
    "ChronologyEntry",
    "ChronologyError",
    "ConcurrencyError",
    "CongressFact",
    "CongressHeld",
    "DatasetError",
    "DateParseError",
    "DelegateGroup",
    "Dissolved",
    "DuplicateEventError",
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
    "LazyRecord",
    "LeaderAppointed",
    "LeaderLeft",
    "MemoryStore",
    "Occurred",
    "OrgState",
    "PostgresStore",
    "Precision",
    "Qualifier",
    "RecordError",
    "RecordedEvent",
    "ReplayError",
    "ReportFact",
    "Retracted",
    "SQLiteStore",
    "SectionDissolved",
    "SectionEstablished",
    "SectionFact",
    "SerialError",
    "Source",
    "Store",
    "StoreError",
    "StreamNameError",
    "Timeline",
    "TornTailWarning",
    "__version__",
    "event_from_dict",
    "event_to_dict",
    "load",
    "open_store",
    "parse_date",
    "parse_span",
]
