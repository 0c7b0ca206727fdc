"""Every hostile value of ``hostile_values.CASES`` set past an event's checks
(``object.__setattr__``) and appended, on every store: each batch is refused with the library's
own error, naming the kind and the field where the error is an ``EventError``, and the store is
left exactly as it was (issue 15, items 1, 7 and 9: MemoryStore refuses what the persistent
stores refuse).

The cases are grouped by the kind of field they spoil (ids, dates, sources, texts, whole
numbers, tuples), one test per store and group, so that a failure says where to look and the
counts per store are easy to read off the test ids.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from hostile_values import CASES, good
from mopr_timeline import MoprTimelineError
from mopr_timeline.events import KINDS, EventError, Occurred, item_type
from mopr_timeline.store import FileStore, MemoryStore, PostgresStore, SQLiteStore, Store


def group_of(kind: str, field: str) -> str:
    """The kind of field ``field`` of ``kind`` is: how ``hostile_values`` chose its values."""
    if field in ("id", "when", "source"):
        return {"id": "ids", "when": "dates", "source": "sources"}[field]
    spec = next(f for f in KINDS[kind].fields if f.name == field)
    if item_type(spec.type) is not None:
        return "tuples"
    required = next(a for a in getattr(spec.type, "__args__", (spec.type,)) if a is not type(None))
    return "whole numbers" if required is int else "texts"


GROUPS: dict[str, list[tuple[str, str, Any]]] = {}
for _case in CASES:
    GROUPS.setdefault(group_of(_case[0], _case[1]), []).append(_case)


def test_the_groups_hold_every_case() -> None:
    assert sum(map(len, GROUPS.values())) == len(CASES) > 300
    assert set(GROUPS) == {"ids", "dates", "sources", "texts", "whole numbers", "tuples"}


def spoiled(kind: str, field: str, value: Any, position: int) -> Any:
    event = good(kind)
    object.__setattr__(event, "id", f"bad{position}")
    object.__setattr__(event, field, value)
    return event


def fingerprint(paths: list[Path]) -> dict[str, str]:
    """Each file's SHA-256 (the store's bytes), by name."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(paths)
        if p.is_file() and not p.name.endswith(("-shm", "-wal"))
    }


SEED = [Occurred(id="seed", when="1925", text="kept")]


def refuse_all(store: Store, cases: list[tuple[str, str, Any]]) -> int:
    """Append each case in a batch after a good event; every append must be refused with
    the library's own error. Returns how many were refused."""
    refused = 0
    for position, (kind, field, value) in enumerate(cases):
        batch = [Occurred(id=f"ok{position}", when="1926", text="t"), None]
        try:
            batch[1] = spoiled(kind, field, value, position)
        except MoprTimelineError:  # pragma: no cover - object.__setattr__ checks nothing
            raise AssertionError((kind, field, value)) from None
        with pytest.raises(MoprTimelineError) as info:
            store.append("mopr", batch)
        if isinstance(info.value, EventError):
            assert f"{kind}." in str(info.value), (kind, field, value, info.value)
        assert "\n" not in str(info.value), (kind, field, value)
        refused += 1
    return refused


@pytest.fixture(params=["memory", "file", "sqlite"])
def opener(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    if request.param == "memory":
        memory = MemoryStore()
        yield lambda: memory
    elif request.param == "file":
        yield functools.partial(FileStore, tmp_path / "events")
    else:
        yield functools.partial(SQLiteStore, tmp_path / "events.db")


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_hostile_value_is_refused_and_the_store_unchanged(
    opener: Callable[[], Store], group: str, tmp_path: Path
) -> None:
    store = opener()
    store.append("mopr", SEED)
    before = fingerprint(list(tmp_path.rglob("*")))
    assert refuse_all(store, GROUPS[group]) == len(GROUPS[group])
    assert store.current_version("mopr") == 1
    assert [r.event for r in store.read("mopr")] == SEED
    assert fingerprint(list(tmp_path.rglob("*"))) == before
    assert store.append("mopr", [Occurred(id="after", when="1927", text="t")]) == 2


@pytest.mark.postgres
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_every_hostile_value_is_refused_by_postgres(postgres_dsn: str, group: str) -> None:
    with PostgresStore(postgres_dsn) as store:
        store.append("mopr", SEED)
        assert refuse_all(store, GROUPS[group]) == len(GROUPS[group])
        assert store.current_version("mopr") == 1
        assert [r.event for r in store.read("mopr")] == SEED
        assert store.append("mopr", [Occurred(id="after", when="1927", text="t")]) == 2
