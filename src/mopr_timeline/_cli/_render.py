"""What the commands print for people (rich tables) and for scripts (JSON records)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs
import cattrs
from rich.console import Group
from rich.table import Table
from rich.text import Text

from mopr_timeline.dates import FuzzyDate, FuzzySpan
from mopr_timeline.events import Opens, spec_of
from mopr_timeline.replay import (
    ChronologyEntry,
    KeyedFact,
    OrgState,
    RecordFact,
    cell_text,
    date_words,
    is_edtf_text,
)

__all__ = [
    "DateReport",
    "SpanReport",
    "as_written",
    "chronology_table",
    "date_report",
    "parse_text",
    "span_report",
    "state_for_people",
    "state_view",
    "to_json_ready",
]

_MARKS = {
    "certain": Text("● certain", style="bold green"),
    "possible": Text("◐ possible", style="yellow"),
    "impossible": Text("○ impossible", style="dim"),
}
_converter = cattrs.Converter()
_HEAD = ("organization", "date", "as_of", "exists")
_SHOWN = ("names", "leaders", "governing_body", "sections", "congresses", "reports")
"""The library's families, shown as tables of their own; other families get generic tables."""
_TRACE = ("certainty", "disputed", "claims", "events")
"""What every fact's JSON carries besides its own fields."""


@attrs.frozen(kw_only=True)
class DateReport:
    """``parse`` as JSON: the text read, its bounds (null when open), its EDTF, and whether
    the text had more than one common reading (``ambiguous``: the bounds cover them all)."""

    text: str
    earliest: str | None
    latest: str | None
    edtf: str
    precision: str
    qualifier: str
    ambiguous: bool


@attrs.frozen(kw_only=True)
class SpanReport:
    """``parse`` of a span as JSON: outer bounds, EDTF interval, whether either end was read
    from an ambiguous text, and both ends."""

    text: str
    earliest: str | None
    latest: str | None
    edtf: str
    ambiguous: bool
    start: DateReport
    end: DateReport


def date_report(date: FuzzyDate) -> DateReport:
    return DateReport(
        text=date.text,
        earliest=None if date.earliest is None else date.earliest.isoformat(),
        latest=None if date.latest is None else date.latest.isoformat(),
        edtf=date.to_edtf(),
        precision=date.precision.value,
        qualifier=date.qualifier.value,
        ambiguous=date.ambiguous,
    )


def span_report(span: FuzzySpan) -> SpanReport:
    start, end = date_report(span.start), date_report(span.end)
    return SpanReport(
        text=span.text,
        earliest=start.earliest,
        latest=end.latest,
        edtf=span.to_edtf(),
        ambiguous=span.ambiguous,
        start=start,
        end=end,
    )


def to_json_ready(report: DateReport | SpanReport) -> Any:
    return _converter.unstructure(report)


def parse_text(report: DateReport | SpanReport) -> str:
    """Bounds and EDTF as aligned lines, ``..`` standing for an open bound, and a line saying
    so when the text had more than one common reading."""
    lines = [f"text      {report.text!r}"]
    if isinstance(report, SpanReport):
        lines += [
            f"start     {_bounds(report.start)}{_ambiguous_mark(report.start)}",
            f"end       {_bounds(report.end)}{_ambiguous_mark(report.end)}",
        ]
    else:
        lines.append(f"bounds    {_bounds(report)}")
        lines.append(f"precision {report.precision}, qualifier {report.qualifier}")
    if report.ambiguous:
        lines.append(
            "ambiguous yes: the text has more than one common reading, and the bounds cover "
            "all of them"
        )
    lines.append(f"EDTF      {report.edtf}")
    return "\n".join(lines)


def _ambiguous_mark(report: DateReport) -> str:
    return " (ambiguous)" if report.ambiguous else ""


def _bounds(report: DateReport) -> str:
    return f"{report.earliest or '..'} to {report.latest or '..'}"


def _mark(certainty: str) -> Text:
    return _MARKS.get(certainty, Text(certainty))


def state_for_people(state: OrgState) -> dict[str, Any]:
    """``state.to_dict()`` with every fact's date as its source wrote it (``Aug. 1925``,
    ``before 1933``, ``date unknown``) instead of EDTF, for a table people read.

    A disputed fact's claims gain their dates as written (``when``); a disputed keyed fact
    shows, as its date, the dates its competing claims give it (``Sept. 1925 / October
    1934``)."""
    result = state.to_dict()
    for family, facts in state.families.items():
        for row, fact in zip(result.get(family, ()), facts, strict=True):
            if isinstance(fact, KeyedFact):
                opens = next(
                    effect
                    for effect in spec_of(fact.event).effects
                    if isinstance(effect, Opens) and effect.family == family
                )
                row[opens.since] = _claimed_dates(fact) or as_written(fact.since)
            elif isinstance(fact, RecordFact):
                for name in row:
                    value = getattr(fact.event, name, None)
                    if isinstance(value, FuzzyDate | FuzzySpan):
                        row[name] = as_written(value)
            for shown, claim in zip(row.get("claims", ()), fact.claims, strict=True):
                shown["when"] = "" if claim.when is None else as_written(claim.when)
    return result


def _claimed_dates(fact: KeyedFact) -> str:
    """The dates a disputed keyed fact's own claims give it, as written, joined by `` / ``
    (claims bearing on it only through the organization's life are left out)."""
    dates = [as_written(c.when) for c in fact.claims if c.about and c.when is not None]
    return " / ".join(dict.fromkeys(dates)) if len(dates) > 1 else ""


def as_written(when: FuzzyDate | FuzzySpan) -> str:
    """A date as the source wrote it where it was words (table quotes dropped), else worded
    from its bounds (``spring 1926`` for ``1926-21``): a table people read shows no EDTF."""
    if isinstance(when, FuzzyDate):
        return date_words(when)
    text = when.text.strip().strip('"').strip()
    if text and not is_edtf_text(text):
        return text
    start, end = date_words(when.start), date_words(when.end)
    return start if start == end else f"{start} to {end}"


_OVER = {None: "on", "some": "at some time during", "all": "throughout"}


def state_view(
    state: Mapping[str, Any], *, trust: Sequence[str] = (), over: str | None = None
) -> Group:
    """``OrgState.to_dict()`` as rich tables, every fact marked certain or possible (and
    disputed): the library's families first, then one table per family of your own
    (``Periodicals``), then what each source claims of the disputed facts. ``trust`` names
    the sources the state was asked to follow; ``over`` is ``"some"`` or ``"all"`` for a
    state over a period (on some day of it, on every day of it)."""
    date = state.get("date") or {}
    as_of = state.get("as_of")
    heading = Text.assemble(
        ("State of ", "bold"),
        (str(state.get("organization", "")), "bold"),
        (f" {_OVER[over]} {date.get('text')!s} ", "bold"),
        (f"({date.get('earliest') or '..'} to {date.get('latest') or '..'})", "dim"),
        (f", as recorded at {as_of}" if as_of is not None else ", as recorded now", "dim"),
    )
    exists = Text.assemble("Exists: ", _mark(str(state.get("exists"))))
    key = Text.assemble(
        _MARKS["certain"],
        ": in every reading of the dates   ",
        _MARKS["possible"],
        ": in some readings only",
        style="dim",
    )
    parts: list[Any] = [heading, key, exists]
    if trust:
        parts.append(Text(f"Where sources disagree, according to: {'; '.join(trust)}", style="dim"))
    parts.append(_facts("Names", state.get("names", ())))
    parts.append(_facts("Leaders", state.get("leaders", ())))
    parts.append(_facts("Governing body", state.get("governing_body", ())))
    parts.append(
        _table(
            "Sections",
            ("Country", "Name", "Established", "Certainty"),
            [
                (s.get("country", ""), s.get("name") or "", s.get("established") or "", s)
                for s in state.get("sections", ())
            ],
        )
    )
    parts.append(
        _table(
            "Congresses",
            ("Name", "Location", "Certainty"),
            [(c.get("name", ""), c.get("location", ""), c) for c in state.get("congresses", ())],
        )
    )
    parts.append(
        _table(
            "Reports",
            ("When", "Of", "Figures", "Qualifiers", "Certainty"),
            [
                (
                    str(r.get("when", "")),
                    f"{r['country']} section" if r.get("country") else "the organization",
                    _report_figures(r),
                    _report_qualifiers(r),
                    r,
                )
                for r in state.get("reports", ())
            ],
        )
    )
    for family, facts in state.items():
        if family not in _HEAD and family not in _SHOWN and isinstance(facts, list):
            parts.append(_family_table(family, facts))
    disputed = _disputed_claims(state)
    if disputed is not None:
        parts.append(disputed)
    return Group(*parts)


def _disputed_claims(state: Mapping[str, Any]) -> Table | None:
    """One row per claim of every disputed fact: the fact, the claim (its event id), its date
    as written, its source, and how sure the fact is in the readings that follow the claim."""
    rows = []
    for family, facts in state.items():
        if family in _HEAD or not isinstance(facts, list):
            continue
        for fact in facts:
            for claim in fact.get("claims", ()):
                rows.append(
                    (
                        f"{_title(family)}: {_identity(fact)}",
                        claim["event"],
                        claim.get("when", ""),
                        claim.get("source") or f"(no source; event {claim['event']})",
                        claim,
                    )
                )
    if not rows:
        return None
    table = _table(
        "Disputed: what each source claims",
        ("Fact", "Claim", "Date", "According to", "Certainty"),
        rows,
    )
    table.caption = "Certainty: of the fact in the readings that follow that claim."
    table.caption_style = "dim"
    return table


def _identity(fact: Mapping[str, Any]) -> str:
    """What a fact is about, in a cell: its value, key (country) or name."""
    for name in ("value", "country", "name", "person", "title"):
        if fact.get(name):
            return str(fact[name])
    return ", ".join(str(e) for e in fact.get("events", ()))


def _family_table(family: str, facts: Sequence[Mapping[str, Any]]) -> Table:
    """A family of your own: one column per field its facts show, then the certainty."""
    columns: list[str] = []
    for fact in facts:
        columns.extend(name for name in fact if name not in _TRACE and name not in columns)
    columns = columns or ["value"]
    return _table(
        _title(family),
        (*(_title(name) for name in columns), "Certainty"),
        [(*(cell_text(fact.get(name)) for name in columns), fact) for fact in facts],
    )


def _title(name: str) -> str:
    return name.replace("_", " ").capitalize()


_REPORTED = ("members", "sections", "periodicals", "languages")


def _report_figures(report: Mapping[str, Any]) -> str:
    """A report's figures, each with its name: ``8,305,454 members, 58 sections``."""
    figures = [f"{report[name]:,} {name}" for name in _REPORTED if report.get(name) is not None]
    figures += [f"{c['value']:,} {c['name']}" for c in report.get("counts", ())]
    return ", ".join(figures)


def _report_qualifiers(report: Mapping[str, Any]) -> str:
    """What qualifies a report's figures: the countries they leave out, and its note."""
    qualifiers = []
    if report.get("excluding"):
        qualifiers.append(f"excluding {', '.join(report['excluding'])}")
    if report.get("note"):
        qualifiers.append(str(report["note"]))
    return "; ".join(qualifiers)


def _facts(title: str, facts: Iterable[Mapping[str, Any]]) -> Table:
    return _table(title, ("Value", "Certainty"), [(str(f.get("value", "")), f) for f in facts])


def _table(title: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> Table:
    table = Table(title=title, title_justify="left", title_style="bold", expand=False)
    for column in columns:
        # Ids are folded, never cut short: a reader looks them up.
        table.add_column(
            column,
            no_wrap=column == "Certainty",
            overflow="fold" if column == "Claim" else "ellipsis",
        )
    count = 0
    for row in rows:
        *cells, fact = row
        mark = _mark(str(fact.get("certainty")))
        if fact.get("disputed"):
            mark = Text.assemble(mark, (", disputed", "bold magenta"))
        table.add_row(*cells, mark)
        count += 1
    if count == 0:
        table.add_row(*(["(none)"] + [""] * (len(columns) - 1)))
    return table


def chronology_table(entries: Sequence[ChronologyEntry]) -> Table:
    """A chronology for the terminal: the bounds, what happened (hedged), the source, and
    whether the entry falls in the range asked certainly or only possibly."""
    possible = sum(1 for entry in entries if not entry.certainty.is_certain)
    counted = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}" + (
        f", {possible} only possibly in the range" if possible else ""
    )
    table = Table(title=f"Chronology ({counted})", title_justify="left")
    table.add_column("Bounds", style="dim", no_wrap=True)
    table.add_column("What")
    table.add_column("Source", style="dim")
    table.add_column("In range", no_wrap=True)
    for entry in entries:
        lo = entry.when.earliest
        hi = entry.last.latest
        bounds = f"{lo.isoformat() if lo else '..'} – {hi.isoformat() if hi else '..'}"
        table.add_row(
            bounds,
            entry.text,
            "" if entry.source is None else str(entry.source),
            _mark(entry.certainty.value),
        )
    return table
