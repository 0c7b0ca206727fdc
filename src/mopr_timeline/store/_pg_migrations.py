"""The PostgreSQL store's schema as an ordered list of versioned migrations.

``mopr_schema_version`` records which migrations a database has; ``migrate`` applies the
missing ones in order, in one transaction, under an advisory lock so that two stores opening
the same new database at once cannot both create it. A database already up to date is only
read, so a role without CREATE (or a read-only replica) can open it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from mopr_timeline.store._base import StoreError

if TYPE_CHECKING:
    import psycopg

__all__ = [
    "LATEST_VERSION",
    "LOCK_CLASS",
    "MIGRATIONS",
    "Migration",
    "installed_version",
    "migrate",
]

LOCK_CLASS = 0x4D4F5052
"""First key of every advisory lock this store takes ('MOPR', 1297043538 in ``mopr_append``);
the second is 0 for migrations and ``hashtext(stream)`` for appends."""


@attrs.frozen(kw_only=True)
class Migration:
    """One step of the schema: applied once, in version order, never edited once released."""

    version: int
    description: str
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        version=1,
        description="events: one row per recorded event, versions and ids unique per stream",
        statements=(
            """
            CREATE TABLE events (
                stream      text        NOT NULL,
                version     bigint      NOT NULL CHECK (version > 0),
                event_id    text        NOT NULL,
                recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
                event       text        NOT NULL,
                CONSTRAINT events_stream_version_key UNIQUE (stream, version),
                CONSTRAINT events_stream_event_id_key UNIQUE (stream, event_id)
            )
            """,
        ),
    ),
    Migration(
        version=2,
        description="events are append-only: UPDATE, DELETE and TRUNCATE are refused",
        statements=(
            """
            CREATE FUNCTION mopr_events_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'the event log is append-only: % on % is refused',
                    TG_OP, TG_TABLE_NAME
                    USING HINT = 'correct a mistake by appending a Retracted event';
            END
            $$
            """,
            """
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
            FOR EACH ROW EXECUTE FUNCTION mopr_events_append_only()
            """,
            """
            CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
            FOR EACH STATEMENT EXECUTE FUNCTION mopr_events_append_only()
            """,
        ),
    ),
    Migration(
        version=3,
        description="mopr_append(): an append in one statement, the stream lock held in-server",
        statements=(
            """
            CREATE FUNCTION mopr_append(
                p_stream text, p_expected bigint, p_ids text[], p_events text[]
            )
            RETURNS TABLE (outcome text, current_version bigint, duplicate_id text)
            LANGUAGE plpgsql
            SET search_path FROM CURRENT
            AS $$
            DECLARE
                v_current bigint := 0;
                v_last timestamptz;
                v_duplicate text;
                v_recorded_at timestamptz;
            BEGIN
                PERFORM pg_advisory_xact_lock(1297043538, hashtext(p_stream));
                SELECT e.version, e.recorded_at INTO v_current, v_last
                    FROM events AS e WHERE e.stream = p_stream
                    ORDER BY e.version DESC LIMIT 1;
                v_current := coalesce(v_current, 0);
                IF p_expected IS NOT NULL AND p_expected <> v_current THEN
                    RETURN QUERY SELECT 'conflict', v_current, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(p_ids) = 0 THEN
                    RETURN QUERY SELECT 'appended', v_current, NULL::text;
                    RETURN;
                END IF;
                v_recorded_at := greatest(clock_timestamp(), v_last);
                BEGIN
                    INSERT INTO events (stream, version, event_id, recorded_at, event)
                        SELECT p_stream, v_current + t.n, t.id, v_recorded_at, t.body
                        FROM unnest(p_ids, p_events) WITH ORDINALITY AS t (id, body, n);
                EXCEPTION WHEN unique_violation THEN
                    -- Under the lock only a known event id can clash: name it, or re-raise.
                    SELECT e.event_id INTO v_duplicate FROM events AS e
                        WHERE e.stream = p_stream AND e.event_id = ANY (p_ids) LIMIT 1;
                    IF v_duplicate IS NULL THEN
                        RAISE;
                    END IF;
                    RETURN QUERY SELECT 'duplicate', v_current, v_duplicate;
                    RETURN;
                END;
                RETURN QUERY SELECT 'appended', v_current + cardinality(p_ids), NULL::text;
            END
            $$
            """,
        ),
    ),
    Migration(
        version=4,
        description=(
            "events' glance columns (kind, lo, hi, key), filled by a mopr_append taking them"
        ),
        statements=(
            # Nullable and without a default: adding them rewrites nothing, and rows written
            # before (or through the older mopr_append) keep null glances, never updated.
            """
            ALTER TABLE events
                ADD COLUMN kind text,
                ADD COLUMN lo   integer,
                ADD COLUMN hi   integer,
                ADD COLUMN key  text
            """,
            """
            CREATE FUNCTION mopr_append(
                p_stream text, p_expected bigint, p_ids text[], p_events text[],
                p_kinds text[], p_los integer[], p_his integer[], p_keys text[]
            )
            RETURNS TABLE (outcome text, current_version bigint, duplicate_id text)
            LANGUAGE plpgsql
            SET search_path FROM CURRENT
            AS $$
            DECLARE
                v_current bigint := 0;
                v_last timestamptz;
                v_duplicate text;
                v_recorded_at timestamptz;
            BEGIN
                PERFORM pg_advisory_xact_lock(1297043538, hashtext(p_stream));
                SELECT e.version, e.recorded_at INTO v_current, v_last
                    FROM events AS e WHERE e.stream = p_stream
                    ORDER BY e.version DESC LIMIT 1;
                v_current := coalesce(v_current, 0);
                IF p_expected IS NOT NULL AND p_expected <> v_current THEN
                    RETURN QUERY SELECT 'conflict', v_current, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(p_ids) = 0 THEN
                    RETURN QUERY SELECT 'appended', v_current, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(p_events) <> cardinality(p_ids)
                    OR cardinality(p_kinds) <> cardinality(p_ids)
                    OR cardinality(p_los) <> cardinality(p_ids)
                    OR cardinality(p_his) <> cardinality(p_ids)
                    OR cardinality(p_keys) <> cardinality(p_ids)
                THEN
                    RAISE EXCEPTION 'mopr_append: the % ids need as many events, kinds, los, his'
                        ' and keys', cardinality(p_ids);
                END IF;
                v_recorded_at := greatest(clock_timestamp(), v_last);
                BEGIN
                    INSERT INTO events
                        (stream, version, event_id, recorded_at, event, kind, lo, hi, key)
                        SELECT p_stream, v_current + t.n, t.id, v_recorded_at, t.body,
                            t.kind, t.lo, t.hi, t.key
                        FROM unnest(p_ids, p_events, p_kinds, p_los, p_his, p_keys)
                            WITH ORDINALITY AS t (id, body, kind, lo, hi, key, n);
                EXCEPTION WHEN unique_violation THEN
                    -- Under the lock only a known event id can clash: name it, or re-raise.
                    SELECT e.event_id INTO v_duplicate FROM events AS e
                        WHERE e.stream = p_stream AND e.event_id = ANY (p_ids) LIMIT 1;
                    IF v_duplicate IS NULL THEN
                        RAISE;
                    END IF;
                    RETURN QUERY SELECT 'duplicate', v_current, v_duplicate;
                    RETURN;
                END;
                RETURN QUERY SELECT 'appended', v_current + cardinality(p_ids), NULL::text;
            END
            $$
            """,
        ),
    ),
    Migration(
        version=5,
        description=(
            "events.glance, the version of each row's glance (kind, lo, hi, key), filled by a"
            " mopr_append taking it"
        ),
        statements=(
            # Nullable and without a default: adding it rewrites nothing, and rows written
            # before (or through an older mopr_append) keep a null version: their glance
            # columns are not trusted, their JSON is read instead.
            "ALTER TABLE events ADD COLUMN glance integer",
            """
            CREATE FUNCTION mopr_append(
                p_stream text, p_expected bigint, p_ids text[], p_events text[],
                p_kinds text[], p_los integer[], p_his integer[], p_keys text[],
                p_glances integer[]
            )
            RETURNS TABLE (outcome text, current_version bigint, duplicate_id text)
            LANGUAGE plpgsql
            SET search_path FROM CURRENT
            AS $$
            DECLARE
                v_current bigint := 0;
                v_last timestamptz;
                v_duplicate text;
                v_recorded_at timestamptz;
            BEGIN
                PERFORM pg_advisory_xact_lock(1297043538, hashtext(p_stream));
                SELECT e.version, e.recorded_at INTO v_current, v_last
                    FROM events AS e WHERE e.stream = p_stream
                    ORDER BY e.version DESC LIMIT 1;
                v_current := coalesce(v_current, 0);
                IF p_expected IS NOT NULL AND p_expected <> v_current THEN
                    RETURN QUERY SELECT 'conflict', v_current, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(p_ids) = 0 THEN
                    RETURN QUERY SELECT 'appended', v_current, NULL::text;
                    RETURN;
                END IF;
                IF cardinality(p_events) <> cardinality(p_ids)
                    OR cardinality(p_kinds) <> cardinality(p_ids)
                    OR cardinality(p_los) <> cardinality(p_ids)
                    OR cardinality(p_his) <> cardinality(p_ids)
                    OR cardinality(p_keys) <> cardinality(p_ids)
                    OR cardinality(p_glances) <> cardinality(p_ids)
                THEN
                    RAISE EXCEPTION 'mopr_append: the % ids need as many events, kinds, los, his,'
                        ' keys and glances', cardinality(p_ids);
                END IF;
                v_recorded_at := greatest(clock_timestamp(), v_last);
                BEGIN
                    INSERT INTO events
                        (stream, version, event_id, recorded_at, event, kind, lo, hi, key, glance)
                        SELECT p_stream, v_current + t.n, t.id, v_recorded_at, t.body,
                            t.kind, t.lo, t.hi, t.key, t.glance
                        FROM unnest(p_ids, p_events, p_kinds, p_los, p_his, p_keys, p_glances)
                            WITH ORDINALITY AS t (id, body, kind, lo, hi, key, glance, n);
                EXCEPTION WHEN unique_violation THEN
                    -- Under the lock only a known event id can clash: name it, or re-raise.
                    SELECT e.event_id INTO v_duplicate FROM events AS e
                        WHERE e.stream = p_stream AND e.event_id = ANY (p_ids) LIMIT 1;
                    IF v_duplicate IS NULL THEN
                        RAISE;
                    END IF;
                    RETURN QUERY SELECT 'duplicate', v_current, v_duplicate;
                    RETURN;
                END;
                RETURN QUERY SELECT 'appended', v_current + cardinality(p_ids), NULL::text;
            END
            $$
            """,
        ),
    ),
)

LATEST_VERSION = MIGRATIONS[-1].version


def installed_version(conn: psycopg.Connection[Any]) -> int:
    """The schema version of the database ``conn`` is connected to; 0 when it has none."""
    row = conn.execute("SELECT to_regclass('mopr_schema_version') IS NOT NULL").fetchone()
    if row is None or not row[0]:
        return 0
    row = conn.execute("SELECT coalesce(max(version), 0) FROM mopr_schema_version").fetchone()
    return int(row[0]) if row is not None else 0


def migrate(conn: psycopg.Connection[Any]) -> int:
    """Bring the schema up to ``LATEST_VERSION``; return the version found before.

    ``conn`` must be in autocommit mode: the migrations run in one transaction of their own.
    A database newer than this code is refused rather than misread.
    """
    found = installed_version(conn)
    if found == LATEST_VERSION:
        return found
    if found > LATEST_VERSION:
        raise _too_new(found)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s, 0)", (LOCK_CLASS,))
        conn.execute(
            """
            CREATE TABLE IF NOT EXISTS mopr_schema_version (
                version     integer     PRIMARY KEY,
                description text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """
        )
        found = installed_version(conn)
        if found > LATEST_VERSION:
            raise _too_new(found)
        for migration in MIGRATIONS:
            if migration.version <= found:
                continue
            for statement in migration.statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO mopr_schema_version (version, description) VALUES (%s, %s)",
                (migration.version, migration.description),
            )
    return found


def _too_new(found: int) -> StoreError:
    return StoreError(
        f"the database's mopr_timeline schema is version {found}, newer than the "
        f"{LATEST_VERSION} this mopr_timeline knows; upgrade mopr_timeline to use it"
    )
