"""HTML tables of a state and of a chronology, as a Jupyter notebook shows them
(``OrgState._repr_html_``, ``Chronology._repr_html_``).

Every fact and entry is marked with its certainty in words and a symbol (● certain,
◐ possible), so the mark survives without colour; disputed facts and entries say so. Every
value from the log is HTML-escaped.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.replay._chronology_wording import describe
from mopr_timeline.replay._date_words import date_words
from mopr_timeline.replay._state import AnyFact, KeyedFact, OrgState, RecordFact

if TYPE_CHECKING:
    from mopr_timeline.replay._chronology import ChronologyEntry

__all__ = ["cell_text", "chronology_html", "state_html"]

_SYMBOLS = {Certainty.CERTAIN: "●", Certainty.POSSIBLE: "◐", Certainty.IMPOSSIBLE: "○"}
_COLOURS = {
    Certainty.CERTAIN: "#1a7f37",
    Certainty.POSSIBLE: "#9a6700",
    Certainty.IMPOSSIBLE: "#666666",
}
_TRACE = ("certainty", "disputed", "claims", "events")
"""What every fact's JSON carries besides its own fields."""


def certainty_mark(certainty: Certainty, *, disputed: bool = False) -> str:
    """A certainty as an HTML span: symbol and word, with a class per value
    (``mt-certain``, ``mt-possible``), and ``disputed`` after it when it is."""
    mark = (
        f'<span class="mt-{certainty.value}" style="color: {_COLOURS[certainty]}">'
        f"{_SYMBOLS[certainty]} {certainty.value}</span>"
    )
    return mark + (', <span class="mt-disputed"><b>disputed</b></span>' if disputed else "")


def state_html(state: OrgState) -> str:
    """The state as a heading and one table per family of facts that may hold on the day."""
    date = state.date
    bounds = f"{_iso(date.earliest)} to {_iso(date.latest)}"
    recorded = "as recorded now" if state.as_of is None else f"as recorded at {state.as_of}"
    parts = [
        '<div class="mopr-timeline-state">',
        f"<p><b>State of {_e(state.organization)} on {_e(str(date))}</b> "
        f"({_e(bounds)}, {_e(recorded)})</p>",
        f"<p>Exists: {certainty_mark(state.exists)}. "
        f"{certainty_mark(Certainty.CERTAIN)}: in every reading of the dates; "
        f"{certainty_mark(Certainty.POSSIBLE)}: in some readings only.</p>",
    ]
    shown = state.to_dict()
    for family, facts in state.families.items():
        rows = shown.get(family, [])
        columns = list(dict.fromkeys(n for row in rows for n in row if n not in _TRACE))
        body = []
        for row, fact in zip(rows, facts, strict=True):
            cells = [_e(cell_text(_as_written(fact, name, row.get(name)))) for name in columns]
            mark = certainty_mark(fact.certainty, disputed=fact.disputed)
            body.append([*cells, mark])
        parts.append(_table(_title(family), [*map(_title, columns), "Certainty"], body))
    parts.append("</div>")
    return "\n".join(parts)


def chronology_html(entries: Sequence[ChronologyEntry]) -> str:
    """The chronology as one table: the date as the source words it, what happened, the
    source, and whether the entry falls in the range asked certainly or only possibly."""
    possible = sum(1 for entry in entries if not entry.certainty.is_certain)
    counted = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    if possible:
        counted += f", {possible} only possibly in the range"
    body = [
        [
            _e(entry.phrase[:1].upper() + entry.phrase[1:]),
            _e(describe(entry.event)[:1].upper() + describe(entry.event)[1:]),
            _e("" if entry.source is None else str(entry.source)),
            certainty_mark(entry.certainty, disputed=entry.disputed),
        ]
        for entry in entries
    ]
    table = _table(f"Chronology ({counted})", ["When", "What", "Source", "In range"], body)
    return f'<div class="mopr-timeline-chronology">\n{table}\n</div>'


def _table(caption: str, columns: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """An HTML table; ``columns`` are plain text, ``rows`` HTML already escaped."""
    head = "".join(f"<th>{_e(c)}</th>" for c in columns)
    lines = [
        "<table>",
        f'<caption style="text-align: left"><b>{_e(caption)}</b></caption>',
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
    ]
    listed = 0
    for row in rows:
        lines.append("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
        listed += 1
    if not listed:
        lines.append(f'<tr><td colspan="{len(columns)}">(none)</td></tr>')
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _as_written(fact: AnyFact, name: str, shown: Any) -> Any:
    """A date field as the source wrote it ("Aug. 1925", "before 1933") rather than EDTF."""
    if isinstance(fact, KeyedFact | RecordFact):
        value = getattr(fact, name, None)
        if isinstance(value, FuzzyDate):
            return date_words(value)
        if isinstance(value, FuzzySpan):
            return value.text.strip().strip('"') or "date unknown"
    return shown


def cell_text(value: Any) -> str:
    """A fact's field in a table cell: numbers with thousands separators, lists joined with
    ``;``, mappings as ``key: value`` pairs, booleans as yes/no."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, list | tuple):
        return "; ".join(cell_text(item) for item in value)
    if isinstance(value, Mapping):
        return ", ".join(f"{k}: {cell_text(v)}" for k, v in value.items())
    return str(value)


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _iso(day: Any) -> str:
    return ".." if day is None else str(day.isoformat())


def _e(text: str) -> str:
    return html.escape(text, quote=True)
