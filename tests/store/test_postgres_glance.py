"""PostgresStore's glance columns (migrations 4 and 5): written by ``mopr_append`` with their
kind's glance version, read by loads without parsing the event while that version is current,
checked on decoding; rows written before (null glances or null versions) are peeked at."""

from __future__ import annotations

from typing import Any

import psycopg
import pytest
from postgres_server import sql

from mopr_timeline import (
    Event,
    IntegrityError,
    MemoryStore,
    PostgresStore,
    Retracted,
    SectionEstablished,
    Timeline,
    load,
)
from mopr_timeline.events import KINDS, glance_event
from mopr_timeline.store import _pg_migrations
from mopr_timeline.store import _postgres as postgres_module
from mopr_timeline.store._codec import encode_event

pytestmark = pytest.mark.postgres

_UNLINKED = [
    record.event
    for record in load().records()
    if not record.event.contradicts and not record.event.relations
]
SHIPPED: list[Event] = [
    e
    for e in _UNLINKED
    if not isinstance(e, Retracted) or e.target in {kept.id for kept in _UNLINKED}
]
"""The shipped log without the claims that name the claims they contradict and the events
that carry relations (and without the retractions of such events): such an event is stored
with glance version 0 and always read from its JSON, which these tests count."""
_RETRACTED = {e.target for e in SHIPPED if isinstance(e, Retracted)}
SECTION = next(
    i for i, e in enumerate(SHIPPED) if isinstance(e, SectionEstablished) and e.id not in _RETRACTED
)
"""Index of the first section's establishment (a glance with a key)."""
HISTORY: list[Event] = [
    *SHIPPED,
    Retracted(id="retraction", target=SHIPPED[SECTION].id, reason="a test retraction"),
]
OLD = 60
"""How many of ``HISTORY``'s events the older client writes, before migration 4."""
DAYS = ("1923", "1925-06-01", "Aug. 1925", "1930", "1947")


def _alter(dsn: str, change: str) -> None:
    """``UPDATE events SET <change>`` as the superuser, the append-only trigger disabled."""
    sql(dsn, "ALTER TABLE events DISABLE TRIGGER events_append_only")
    sql(dsn, f"UPDATE events SET {change}")


def _glance_columns(dsn: str) -> list[tuple[Any, ...]]:
    return sql(dsn, "SELECT kind, event_id, lo, hi, key FROM events ORDER BY stream, version")


def _glance_versions(dsn: str) -> list[Any]:
    return [row[0] for row in sql(dsn, "SELECT glance FROM events ORDER BY stream, version")]


def _append_as_migration_4_client(dsn: str, stream: str, events: list[Event]) -> tuple[Any, ...]:
    """Append as a client of migration 4 does: glance columns, no glance version."""
    glances = [glance_event(e) for e in events]
    ((*answer,),) = sql(
        dsn,
        "SELECT * FROM mopr_append(%s, %s, %b::text[], %b::text[], %b::text[], %b::integer[],"
        " %b::integer[], %b::text[])",
        (
            stream,
            None,
            [e.id for e in events],
            [encode_event(e) for e in events],
            [g.kind for g in glances],
            [g.lo for g in glances],
            [g.hi for g in glances],
            [g.key for g in glances],
        ),
    )
    return tuple(answer)


def _append_as_older_client(dsn: str, stream: str, events: list[Event]) -> tuple[Any, ...]:
    """Append as a client of migration 3 does: the four-argument ``mopr_append``."""
    ((*answer,),) = sql(
        dsn,
        "SELECT * FROM mopr_append(%s, %s, %b::text[], %b::text[])",
        (stream, None, [e.id for e in events], [encode_event(e) for e in events]),
    )
    return tuple(answer)


def _migrate_to_3(dsn: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give the empty schema at ``dsn`` what a release knowing migrations 1 to 3 made."""
    with monkeypatch.context() as patch:
        patch.setattr(_pg_migrations, "MIGRATIONS", _pg_migrations.MIGRATIONS[:3])
        patch.setattr(_pg_migrations, "LATEST_VERSION", 3)
        with psycopg.connect(dsn, autocommit=True) as conn:
            _pg_migrations.migrate(conn)


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts a PostgresStore read parses from now on."""
    texts: list[str] = []
    real = postgres_module.loads

    def counting(text: str | bytes) -> Any:
        texts.append(str(text))
        return real(text)

    monkeypatch.setattr(postgres_module, "loads", counting)
    return texts


def _states(store: PostgresStore | MemoryStore) -> list[dict[str, Any]]:
    timeline = Timeline(store, "mopr")
    return [timeline.state_at(day).to_dict() for day in DAYS]


def _expected_states() -> list[dict[str, Any]]:
    memory = MemoryStore()
    memory.append("mopr", HISTORY)
    return _states(memory)


def test_each_new_row_keeps_the_glance_of_its_event(postgres_dsn: str) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY)
    assert _glance_columns(postgres_dsn) == [glance_event(e)[:5] for e in HISTORY]
    assert _glance_versions(postgres_dsn) == [KINDS[e.kind].glance_version for e in HISTORY]
    assert _glance_columns(postgres_dsn)[-1] == (
        "Retracted",
        "retraction",
        0,
        0,
        SHIPPED[SECTION].id,
    )


def test_a_load_takes_glanced_rows_without_parsing_their_json(
    postgres_dsn: str, parsed: list[str]
) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY)
        lazy = list(store.read_lazy("mopr"))
        assert parsed == []
        assert [r.glance() for r in lazy] == [glance_event(e) for e in HISTORY]
        assert _states(store) == _expected_states()


def test_a_database_at_migration_3_reads_old_rows_peeked_and_new_rows_glanced(
    postgres_dsn: str, monkeypatch: pytest.MonkeyPatch, parsed: list[str]
) -> None:
    _migrate_to_3(postgres_dsn, monkeypatch)
    assert _append_as_older_client(postgres_dsn, "mopr", HISTORY[:OLD]) == ("appended", OLD, None)
    with PostgresStore(postgres_dsn) as store:
        assert sql(postgres_dsn, "SELECT max(version) FROM mopr_schema_version") == [(5,)]
        assert store.append("mopr", HISTORY[OLD:], expected_version=OLD) == len(HISTORY)
        assert _glance_columns(postgres_dsn) == [
            *((None, e.id, None, None, None) for e in HISTORY[:OLD]),
            *(glance_event(e)[:5] for e in HISTORY[OLD:]),
        ]
        parsed.clear()  # (the append's retraction check read its old target's JSON)
        lazy = list(store.read_lazy("mopr"))
        assert parsed == [encode_event(e) for e in HISTORY[:OLD]]
        assert [r.glance() for r in lazy] == [glance_event(e) for e in HISTORY]
        assert [r.record().event for r in lazy] == HISTORY
        assert [r.event for r in store.read("mopr")] == HISTORY
        assert _states(store) == _expected_states()


def test_rows_of_a_migration_4_client_have_no_glance_version_and_are_peeked(
    postgres_dsn: str, parsed: list[str]
) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY[:2])
        assert _append_as_migration_4_client(postgres_dsn, "mopr", HISTORY[2:OLD]) == (
            "appended",
            OLD,
            None,
        )
        store.append("mopr", HISTORY[OLD:], expected_version=OLD)
        assert _glance_versions(postgres_dsn)[2:OLD] == [None] * (OLD - 2)
        parsed.clear()  # (the append's check of implied relations read the rows before it)
        lazy = list(store.read_lazy("mopr"))
        assert parsed == [encode_event(e) for e in HISTORY[2:OLD]]
        assert [r.glance() for r in lazy] == [glance_event(e) for e in HISTORY]
        assert _states(store) == _expected_states()


def test_a_glance_of_another_version_is_peeked_not_called_altered(
    postgres_dsn: str, parsed: list[str]
) -> None:
    """A row written when its kind's day or key was declared otherwise: its JSON is read."""
    version = SECTION + 1
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY)
        _alter(postgres_dsn, f"glance = 7, key = 'Atlantis', lo = 1 WHERE version = {version}")
        lazy = list(store.read_lazy("mopr"))
        assert parsed == [encode_event(HISTORY[SECTION])]
        assert [r.glance() for r in lazy] == [glance_event(e) for e in HISTORY]
        assert [r.event for r in store.read("mopr")] == HISTORY
        assert _states(store) == _expected_states()


def test_the_older_mopr_append_still_appends_after_migration_4(postgres_dsn: str) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY[:2])
        assert _append_as_older_client(postgres_dsn, "mopr", HISTORY[2:4]) == ("appended", 4, None)
        assert _append_as_older_client(postgres_dsn, "mopr", HISTORY[1:2]) == (
            "duplicate",
            4,
            HISTORY[1].id,
        )
        assert store.append("mopr", HISTORY[4:6], expected_version=4) == 6
        assert _glance_columns(postgres_dsn)[2:4] == [
            (None, e.id, None, None, None) for e in HISTORY[2:4]
        ]
        assert [r.event for r in store.read("mopr")] == HISTORY[:6]
        assert [r.glance() for r in store.read_lazy("mopr")] == [
            glance_event(e) for e in HISTORY[:6]
        ]


@pytest.mark.parametrize(
    "change",
    ["lo = lo - 400", "hi = hi + 1", "key = 'Atlantis'"],
)
def test_an_altered_glance_column_is_an_integrity_error_naming_the_row(
    postgres_dsn: str, change: str
) -> None:
    version = SECTION + 1
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY)
        _alter(postgres_dsn, f"{change} WHERE version = {version}")
        lazy = list(store.read_lazy("mopr"))
        assert lazy[SECTION].glance() != glance_event(HISTORY[SECTION])
        with pytest.raises(IntegrityError, match="disagree with the event") as info:
            lazy[SECTION].record()
        assert f"stream 'mopr' version {version}" in info.value.location
        with pytest.raises(IntegrityError, match=f"version {version}: the stored index columns"):
            list(store.read("mopr"))
        with pytest.raises(IntegrityError, match=f"stream 'mopr' version {version}"):
            Timeline(store, "mopr").records()


@pytest.mark.parametrize(
    "change", ["kind = NULL", "lo = NULL", "hi = NULL", "key = NULL", "kind = NULL, lo = NULL"]
)
def test_a_partly_null_glance_is_not_trusted(
    postgres_dsn: str, change: str, parsed: list[str]
) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", HISTORY)
        _alter(postgres_dsn, f"{change} WHERE version IN ({SECTION + 1}, {len(HISTORY)})")
        lazy = list(store.read_lazy("mopr"))
        assert parsed == [encode_event(HISTORY[SECTION]), encode_event(HISTORY[-1])]
        assert [r.glance() for r in lazy] == [glance_event(e) for e in HISTORY]
        assert _states(store) == _expected_states()


def test_a_key_holding_nul_is_stored_null_and_peeked(postgres_dsn: str, parsed: list[str]) -> None:
    events: list[Event] = [
        SectionEstablished(id="nul", when="1925", country="Ger\x00many"),
        SectionEstablished(id="plain", when="1925", country="Germany"),
    ]
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", events)
        assert [row[4] for row in _glance_columns(postgres_dsn)] == [None, "Germany"]
        lazy = list(store.read_lazy("mopr"))
        assert parsed == [encode_event(events[0])]
        assert [r.glance() for r in lazy] == [glance_event(e) for e in events]
        assert [r.record().event for r in lazy] == events


def test_the_new_mopr_append_refuses_glance_arrays_of_another_length(postgres_dsn: str) -> None:
    PostgresStore(postgres_dsn).close()
    event = HISTORY[0]
    with pytest.raises(psycopg.errors.RaiseException, match="the 1 ids need as many"):
        sql(
            postgres_dsn,
            "SELECT * FROM mopr_append('mopr', NULL, %s::text[], %s::text[], %s::text[],"
            " %s::integer[], %s::integer[], %s::text[])",
            ([event.id], [encode_event(event)], [event.kind], [1, 2], [3], [""]),
        )
    assert sql(postgres_dsn, "SELECT count(*) FROM events") == [(0,)]
