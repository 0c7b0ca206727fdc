"""Jupyter: a state and a chronology show as HTML tables, every fact and entry marked with its
certainty, every value from the log escaped."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

import mopr_timeline as mt
from mopr_timeline import (
    Founded,
    MemoryStore,
    SectionEstablished,
    Source,
    Timeline,
)

HOSTILE = '<script>alert("x")</script> & Co'


class Tables(HTMLParser):
    """The tables of a page: caption and rows of cell texts; and every tag seen."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.tables: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_caption = False
        self.feed(page)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.tags.append(tag)
        if tag == "caption":
            self._in_caption, self._caption = True, ""
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
            assert self._caption is not None
            self.tables[self._caption] = []
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append("".join(self._cell))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._caption is not None:
            self.tables[self._caption].append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._in_caption:
            self._caption = (self._caption or "") + data
        elif self._cell is not None:
            self._cell.append(data)


def marked(certainty: str, disputed: bool) -> str:
    symbol = {"certain": "●", "possible": "◐"}[certainty]
    return f"{symbol} {certainty}" + (", disputed" if disputed else "")


@pytest.mark.parametrize("day", ["1925-12-31", "1933-01-01", "1936-01-01", "1945-06-01"])
def test_a_state_shows_every_fact_with_its_certainty(day: str) -> None:
    state = mt.load().state_at(day)
    page = Tables(state._repr_html_())
    shown = state.to_dict()
    for family, facts in state.families.items():
        title = family.replace("_", " ").capitalize()
        header, *rows = page.tables[title]
        assert header[-1] == "Certainty"
        if not facts:
            assert rows == [["(none)"]]
            continue
        assert [row[-1] for row in rows] == [
            marked(fact["certainty"], fact["disputed"]) for fact in shown[family]
        ]
    sections = page.tables["Sections"][1:]
    assert [row[0] for row in sections] == [fact.key for fact in state.sections]


def test_a_states_dates_read_as_the_source_wrote_them() -> None:
    page = Tables(mt.load().state_at("1934-11-01")._repr_html_())
    header, *rows = page.tables["Sections"]
    by_country = {row[0]: row[header.index("Established")] for row in rows}
    assert by_country["Belgium"] == "Aug. 1925"
    assert by_country["Bolivia"] == "before 1933"
    assert by_country["Albania"] == "date unknown"


def test_values_from_the_log_are_escaped() -> None:
    timeline = Timeline(MemoryStore(), "hostile")
    timeline.append(
        [
            Founded(id="f", when="1922", name=HOSTILE),
            SectionEstablished(
                id="s",
                when="1925",
                country=HOSTILE,
                name="a | b",
                source=Source(title=HOSTILE, quotation="</td></tr>"),
            ),
        ]
    )
    for page_text in (
        timeline.state_at("1926")._repr_html_(),
        timeline.chronology()._repr_html_(),
    ):
        assert "<script>" not in page_text
        page = Tables(page_text)
        assert "script" not in page.tags
        cells = [cell for rows in page.tables.values() for row in rows for cell in row]
        assert any(HOSTILE in cell for cell in cells)
    state = Tables(timeline.state_at("1926")._repr_html_())
    assert state.tables["Sections"][1][:2] == [HOSTILE, "a | b"]
    assert state.tables["Names"][1] == [HOSTILE, "● certain"]


def test_a_chronology_shows_each_entry_and_whether_it_is_in_the_range() -> None:
    entries = mt.load().chronology(start="1925", end="1927")
    assert isinstance(entries, list)
    page = Tables(entries._repr_html_())
    ((caption, (header, *rows)),) = page.tables.items()
    possible = sum(1 for e in entries if e.certainty is mt.Certainty.POSSIBLE)
    assert caption == f"Chronology ({len(entries)} entries, {possible} only possibly in the range)"
    assert header == ["When", "What", "Source", "In range"]
    assert len(rows) == len(entries)
    assert [row[-1] for row in rows] == [marked(e.certainty.value, e.disputed) for e in entries]
    assert rows[0][0][0].isupper()


def test_an_empty_chronology_says_so() -> None:
    entries = mt.load().chronology(kinds=["Dissolved"], start="1922", end="1923")
    page = Tables(entries._repr_html_())
    ((caption, rows),) = page.tables.items()
    assert caption == "Chronology (0 entries)"
    assert rows[1:] == [["(none)"]]
