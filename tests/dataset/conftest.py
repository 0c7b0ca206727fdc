"""Fixtures for the dataset tests: the article (a verbatim copy), its tables, the shipped log."""

from __future__ import annotations

import importlib.util
from types import ModuleType

import pytest
from dataset_support import HERE, REPOSITORY, Row, table

import mopr_timeline as mt


@pytest.fixture(scope="session")
def article() -> str:
    return (HERE / "article.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def affiliate_rows(article: str) -> list[Row]:
    return table(article, "==National Affiliates of MOPR==")


@pytest.fixture(scope="session")
def congress_rows(article: str) -> list[Row]:
    return table(article, "==Congresses of MOPR==")


@pytest.fixture(scope="session")
def timeline() -> mt.Timeline:
    return mt.load()


@pytest.fixture(scope="session")
def events(timeline: mt.Timeline) -> list[mt.Event]:
    return [record.event for record in timeline.records()]


@pytest.fixture(scope="session")
def build_script() -> ModuleType:
    """``scripts/build_dataset.py`` imported as a module."""
    path = REPOSITORY / "scripts" / "build_dataset.py"
    spec = importlib.util.spec_from_file_location("build_dataset", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
