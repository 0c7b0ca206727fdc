"""``check`` answers for a log holding records of kinds not registered in this process, on
every store that keeps serialized records (a MemoryStore keeps the objects themselves): one
finding per kind, the log still intact, every other finding made without those records."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

import mopr_timeline as mt
from mopr_timeline.check import Finding, FindingKind, check, check_store
from wir_kinds import PeriodicalFounded, SecretaryAppointed, unregistered, wir_log

StoreFactory = Callable[[], mt.Store]


@pytest.fixture(
    params=["file", "sqlite", pytest.param("postgres", marks=pytest.mark.postgres)],
)
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> StoreFactory:
    """Opens a new handle on one store, empty when the test starts."""
    if request.param == "file":
        return functools.partial(mt.FileStore, tmp_path / "events")
    if request.param == "sqlite":
        return functools.partial(mt.SQLiteStore, tmp_path / "events.db")
    return functools.partial(mt.PostgresStore, request.getfixturevalue("postgres_dsn"))


def _of(findings: tuple[Finding, ...], kind: FindingKind) -> list[Finding]:
    return [f for f in findings if f.kind is kind]


def test_records_of_unregistered_kinds_are_reported_and_the_rest_is_checked(
    make_store: StoreFactory,
) -> None:
    log = wir_log()
    with make_store() as store:
        store.append("wir", log)
    with unregistered(PeriodicalFounded, SecretaryAppointed), make_store() as store:
        with warnings.catch_warnings():
            warnings.simplefilter("error", mt.UnregisteredKindWarning)
            report = check_store(store, "wir")
        with pytest.warns(mt.UnregisteredKindWarning):
            timeline = mt.Timeline(store, "wir")
        assert check(timeline) == report

    assert report.ok
    assert report.integrity_errors == ()
    assert report.events_checked == len(log)
    unread = _of(report.findings, FindingKind.UNREGISTERED_KIND)
    assert report.findings[: len(unread)] == tuple(unread)  # listed first
    assert [(f.certainty, f.events) for f in unread] == [(mt.Certainty.CERTAIN, ())] * 2
    messages = sorted(f.message for f in unread)
    assert messages[0].startswith(
        "1 record of the event kind 'SecretaryAppointed', which is not registered here "
        "(version 2), could not be read, so the check leaves it out"
    )
    assert messages[1].startswith(
        "2 records of the event kind 'PeriodicalFounded', which is not registered here "
        "(versions 4-5), could not be read, so the check leaves them out"
    )
    assert all("import the module declaring the kind (--kinds MODULE" in m for m in messages)
    # the other findings leave the unread records out, and still come
    (before,) = _of(report.findings, FindingKind.POSSIBLY_BEFORE_FOUNDING)
    assert [ref.id for ref in before.events[:-1]] == ["famine"]
    unsourced = {f.events[0].id for f in _of(report.findings, FindingKind.NO_SOURCE)}
    assert unsourced == {"famine", "per-sichel-end", "film-mother", "wir-dissolved"}

    with make_store() as store:
        again = check_store(store, "wir")
    assert _of(again.findings, FindingKind.UNREGISTERED_KIND) == []
    (before,) = _of(again.findings, FindingKind.POSSIBLY_BEFORE_FOUNDING)
    assert {ref.id for ref in before.events[:-1]} == {"famine", "sec-muenzenberg"}
