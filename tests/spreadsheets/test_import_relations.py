"""A spreadsheet's relation column: relations written as words, separated by ';'."""

from __future__ import annotations

import csv
import io

import pytest

import mopr_timeline as mt
from mopr_timeline.spreadsheets import BadRowsError


def _rows(text: str) -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(text))


def test_a_relation_column_is_read_as_relations() -> None:
    store = mt.MemoryStore()
    store.append("wir", [mt.Founded(id="founded", when="Aug.–Sept. 1921", name="WIR")])
    mt.import_rows(
        _rows(
            "Id,What,When,Relations\n"
            'congress,First congress,1921,"within 3 months after founded; not before founded"\n'
        ),
        store=store,
        stream="wir",
        kind="Occurred",
        fields={"text": "What", "relations": "Relations"},
        when="When",
        id_column="Id",
    )
    congress = [r.event for r in store.read("wir")][-1]
    assert congress.relations == (
        mt.After("founded", within="3 months"),
        mt.NotBefore("founded"),
    )
    assert str(mt.Timeline(store, "wir").bounds("congress").earliest) == "1921-08-02"


def test_a_relation_cell_that_does_not_read_is_a_bad_row() -> None:
    store = mt.MemoryStore()
    with pytest.raises(BadRowsError, match="cannot read 'sometime after x'"):
        mt.import_rows(
            _rows("What,When,Relations\nx,1921,sometime after x\n"),
            store=store,
            kind="Occurred",
            fields={"text": "What", "relations": "Relations"},
            when="When",
        )
    assert store.current_version("mopr") == 0
