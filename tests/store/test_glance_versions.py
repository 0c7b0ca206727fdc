"""A kind whose declared key changes: databases written before read as they are, their stored
glance columns set aside (never called altered), answers following the new declaration."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path

import attrs
import pytest
from postgres_server import sql

import mopr_timeline as mt
from mopr_timeline.events import KINDS

Declare = Callable[[str], type[mt.Event]]


def declare_membership(key: str) -> type[mt.Event]:
    """``Membership`` opening a "members" fact keyed by ``key`` (one declaration path, so that
    declaring it again replaces the earlier declaration, as a changed module would)."""

    @mt.event_kind(effects=[mt.Opens("members", key=key)], wording="{person} joined {branch}")
    @attrs.frozen(kw_only=True)
    class Membership(mt.DatedEvent):
        person: str
        branch: str

    return Membership


@pytest.fixture
def membership() -> Iterator[Declare]:
    yield declare_membership
    declare_membership("person")


def log(kind: type[mt.Event]) -> list[mt.Event]:
    return [
        mt.Founded(id="f", when="1921", name="Workers International Relief"),
        kind(id="a", when="1925", person="Anna", branch="Berlin"),  # type: ignore[call-arg]
        kind(id="b", when="1926", person="Bela", branch="Berlin"),  # type: ignore[call-arg]
        kind(id="c", when="1926", person="Anna", branch="Vienna"),  # type: ignore[call-arg]
    ]


def members(store: mt.Store) -> list[tuple[str, str]]:
    state = mt.Timeline(store, "wir").state_at("1927")
    return [(fact.key, fact.certainty.value) for fact in state.facts("members")]


def check_reopened(open_store: Callable[[], mt.Store], declare: Declare) -> None:
    """Written keyed by person, read keyed by branch, then by person again."""
    with open_store() as store:
        store.append("wir", log(declare("person")))
        assert members(store) == [("Anna", "certain"), ("Bela", "certain")]
    written_version = KINDS["Membership"].glance_version
    by_branch = declare("branch")
    assert KINDS["Membership"].glance_version != written_version
    with open_store() as store:
        assert [r.event for r in store.read("wir")] == log(by_branch)
        assert members(store) == [("Berlin", "certain"), ("Vienna", "certain")]
        store.append("wir", [by_branch(id="d", when="1926", person="Cora", branch="Prague")])  # type: ignore[call-arg]
        assert members(store) == [
            ("Berlin", "certain"),
            ("Prague", "certain"),
            ("Vienna", "certain"),
        ]
    declare("person")
    with open_store() as store:
        assert members(store) == [
            ("Anna", "certain"),
            ("Bela", "certain"),
            ("Cora", "certain"),
        ]


def glance_rows(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    return [row for row in rows if row[0] == "Membership"]


def test_sqlite_reads_a_database_written_before_a_kinds_key_changed(
    tmp_path: Path, membership: Declare
) -> None:
    database = tmp_path / "wir.db"
    check_reopened(lambda: mt.SQLiteStore(database), membership)
    with contextlib.closing(sqlite3.connect(database)) as db:
        rows = db.execute("SELECT kind, key, glance FROM events ORDER BY version").fetchall()
    assert [row[1] for row in glance_rows(rows)] == ["Anna", "Bela", "Anna", "Prague"]
    assert len({row[2] for row in glance_rows(rows)}) == 2


@pytest.mark.postgres
def test_postgres_reads_a_database_written_before_a_kinds_key_changed(
    postgres_dsn: str, membership: Declare
) -> None:
    check_reopened(lambda: mt.PostgresStore(postgres_dsn), membership)
    rows = sql(postgres_dsn, "SELECT kind, key, glance FROM events ORDER BY version")
    assert [row[1] for row in glance_rows(rows)] == ["Anna", "Bela", "Anna", "Prague"]
    assert len({row[2] for row in glance_rows(rows)}) == 2
