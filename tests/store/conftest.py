"""Fixtures of the store tests: one throwaway PostgreSQL cluster per pytest-xdist worker, shared
by every module that needs one (each test gets a fresh schema of it)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from postgres_server import ServerNotFoundError, ThrowawayCluster


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[ThrowawayCluster]:
    """This worker's own throwaway cluster; tests needing it skip when no server is installed."""
    try:
        cluster = ThrowawayCluster.create()
    except ServerNotFoundError as error:
        pytest.skip(str(error))
    cluster.start()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def postgres_dsn(postgres_cluster: ThrowawayCluster) -> str:
    """A DSN to a fresh empty schema, so every test starts from an unmigrated store."""
    return postgres_cluster.schema_dsn()
