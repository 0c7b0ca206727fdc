"""``check`` derives its findings from the kinds' declarations: it checks another
organization's log (the Workers International Relief kinds of ``tests/wir_kinds.py``) as it
checks MOPR's, counts any family a report kind counts, and reports records of kinds that are
not registered here instead of failing on them."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import attrs
import pytest

import mopr_timeline as mt
from mopr_timeline.check import (
    CheckError,
    CheckReport,
    Finding,
    FindingKind,
    ReportedCount,
    SectionCount,
    check,
    check_store,
)
from mopr_timeline.events import registry_scope
from wir_kinds import PeriodicalFounded, SecretaryAppointed, unregistered, wir_log

OTHER = mt.Source(title="Gross, Willi Münzenberg (1967)")


def _of(report: CheckReport, kind: FindingKind) -> list[Finding]:
    return [f for f in report.findings if f.kind is kind]


def _ids(finding: Finding) -> set[str]:
    return {ref.id for ref in finding.events}


def _check(*extra: mt.Event, log: list[mt.Event] | None = None) -> CheckReport:
    store = mt.MemoryStore()
    store.append("wir", [*(wir_log() if log is None else log), *extra])
    return check(mt.Timeline(store, "wir"))


# --- the Workers International Relief log --------------------------------------------------


def test_the_wir_log_is_checked_by_its_own_kinds() -> None:
    report = _check()
    assert report.ok
    assert report.events_checked == len(wir_log())
    # "1921" and the famine campaign's first day (a span starting Aug. 1921) may both fall
    # before the founding in August 1921: one summary naming them, the founding claim last
    assert _of(report, FindingKind.BEFORE_FOUNDING) == []
    (before,) = _of(report, FindingKind.POSSIBLY_BEFORE_FOUNDING)
    assert before.certainty is mt.Certainty.POSSIBLE
    assert {ref.id for ref in before.events[:-1]} == {"sec-muenzenberg", "famine"}
    assert before.events[-1].id == "wir-founded"
    assert "(Aug. 1921)" in before.message
    for kind in (
        FindingKind.UNDECLARED_DISPUTE,
        FindingKind.TEXT_AGAINST_DERIVED,
        FindingKind.UNREGISTERED_KIND,
    ):
        assert _of(report, kind) == []
    unsourced = {e.id for e in wir_log() if e.source is None}
    assert {f.events[0].id for f in _of(report, FindingKind.NO_SOURCE)} == unsourced
    assert report.counts == ()


def test_a_periodical_dated_twice_by_two_sources_is_a_conflicting_establishment() -> None:
    report = _check(
        PeriodicalFounded(
            id="per-sichel-gross", when="1923", title="Sichel und Hammer", source=OTHER
        ),
        PeriodicalFounded(
            id="per-aiz-gross", when="1926-05", title="Arbeiter-Illustrierte-Zeitung", source=OTHER
        ),
    )
    found = {frozenset(_ids(f)): f for f in _of(report, FindingKind.UNDECLARED_DISPUTE)}
    assert set(found) == {
        frozenset({"per-sichel", "per-sichel-gross"}),
        frozenset({"per-aiz", "per-aiz-gross"}),
    }
    sichel = found[frozenset({"per-sichel", "per-sichel-gross"})]
    assert sichel.certainty is mt.Certainty.CERTAIN  # 1922 and 1923 are never the same day
    assert sichel.message == (
        'Sichel und Hammer (periodicals): founded "1922" according to one source, "1923" '
        "according to another; no contradicts link declares the dispute"
    )
    # May 1926 may be the day "1926" means
    assert found[frozenset({"per-aiz", "per-aiz-gross"})].certainty is mt.Certainty.POSSIBLE
    assert report.ok


def test_a_periodical_before_the_founding_is_found() -> None:
    report = _check(PeriodicalFounded(id="per-early", when="1920", title="Early", source=OTHER))
    certain = [
        f for f in _of(report, FindingKind.BEFORE_FOUNDING) if f.certainty is mt.Certainty.CERTAIN
    ]
    assert [f.events[0].id for f in certain] == ["per-early"]
    assert certain[0].events[1].id == "wir-founded"
    assert certain[0].message == "per-early is certainly dated before the founding (Aug. 1921)"


def test_the_founding_is_the_first_founding_claim_not_the_first_event() -> None:
    early = SecretaryAppointed(id="sec-early", when="1920", person="Willi Münzenberg")
    report = _check(log=[early, *wir_log()])
    (certain,) = [
        f for f in _of(report, FindingKind.BEFORE_FOUNDING) if f.certainty is mt.Certainty.CERTAIN
    ]
    assert [ref.id for ref in certain.events] == ["sec-early", "wir-founded"]


def test_founding_claims_are_compared_by_every_accumulated_value_and_the_date() -> None:
    founded = wir_log()[0]
    assert isinstance(founded, mt.Founded)

    def claim(id_: str, **fields: object) -> mt.Founded:
        source = mt.Source(title=id_)
        return attrs.evolve(founded, id=id_, source=source, **fields)  # type: ignore[arg-type]

    report = _check(
        claim("no-aliases", aliases=()),  # says nothing about aliases
        claim("iah-first", aliases=("IAH", "Internationale Arbeiterhilfe")),
        claim("iah-last", aliases=("Internationale Arbeiterhilfe", "IAH")),  # the same set
        claim("other-date", when="1921"),
        log=[founded],
    )
    disagreements = {
        frozenset(_ids(f)): f.message.removeprefix("two founding claims disagree: ").removesuffix(
            "; no contradicts link declares the dispute"
        )
        for f in _of(report, FindingKind.UNDECLARED_DISPUTE)
    }
    assert set(disagreements) == {
        frozenset(pair)
        for pair in [
            ("wir-founded", "iah-first"),
            ("wir-founded", "iah-last"),
            ("wir-founded", "other-date"),
            ("no-aliases", "other-date"),
            ("iah-first", "other-date"),
            ("iah-last", "other-date"),
        ]
    }
    assert disagreements[frozenset({"wir-founded", "iah-first"})] == (
        "aliases ['Internationale Arbeiterhilfe'] vs ['IAH', 'Internationale Arbeiterhilfe']"
    )
    assert disagreements[frozenset({"wir-founded", "other-date"})] == 'date "Aug. 1921" vs "1921"'
    assert disagreements[frozenset({"iah-first", "other-date"})] == (
        "aliases ['IAH', 'Internationale Arbeiterhilfe'] vs ['Internationale Arbeiterhilfe']; "
        'date "Aug. 1921" vs "1921"'
    )
    assert all(
        f.certainty is mt.Certainty.CERTAIN for f in _of(report, FindingKind.UNDECLARED_DISPUTE)
    )
    # the first founding claim is the founding; the others are not "before" it
    assert _of(report, FindingKind.BEFORE_FOUNDING) == []


# --- a report kind counting a family of its own ----------------------------------------------


@pytest.fixture
def periodicals_reported() -> Iterator[type[mt.DatedEvent]]:
    """A report kind counting the WIR's periodicals, registered for one test only."""
    with registry_scope():
        yield _declare_periodicals_reported()


def _declare_periodicals_reported() -> type[mt.DatedEvent]:
    @mt.event_kind(
        effects=[
            mt.Reports(
                "periodical_reports",
                shows=("periodicals", "issues"),
                counts={"periodicals": "periodicals"},
                excluding="excluding",
            )
        ],
        wording="{periodicals} periodicals were reported",
    )
    @attrs.frozen(kw_only=True)
    class PeriodicalsReported(mt.DatedEvent):
        periodicals: int | None = None
        issues: int | None = None
        excluding: tuple[str, ...] = ()

    return PeriodicalsReported


def test_a_count_of_periodicals_is_set_beside_the_derived_periodicals(
    periodicals_reported: type[mt.DatedEvent],
) -> None:
    def report(id_: str, when: str, count: int, *excluding: str) -> mt.Event:
        return periodicals_reported(  # type: ignore[call-arg]
            id=id_, when=when, periodicals=count, excluding=excluding, source=OTHER
        )

    result = _check(
        report("r1924", "1924-01-01", 2),  # only Sichel und Hammer (1922-1925) then
        report("r1924-without-sichel", "1924-01-01", 0, "Sichel und Hammer"),
        report("r1926", "1926-06-01", 1),  # AIZ (1926) may or may not have appeared yet
        periodicals_reported(id="no-count", when="1927", issues=12, source=OTHER),  # type: ignore[call-arg]
    )
    counts = {c.report.id: c for c in result.counts}
    assert {
        i: (c.family, c.field, c.reported, c.certain, c.possible, c.within)
        for i, c in counts.items()
    } == {
        "r1924": ("periodicals", "periodicals", 2, 1, 1, False),
        "r1924-without-sichel": ("periodicals", "periodicals", 0, 0, 0, True),
        "r1926": ("periodicals", "periodicals", 1, 0, 1, True),
    }
    assert counts["r1924-without-sichel"].excluding == ("Sichel und Hammer",)
    assert result.section_counts == ()
    (outside,) = _of(result, FindingKind.COUNT_OUTSIDE_DERIVED_RANGE)
    assert _ids(outside) == {"r1924"}
    assert outside.message == (
        "r1924 reports 2 periodicals, but the log has 1 certainly and 1 possibly existing "
        "periodicals then"
    )
    assert _of(result, FindingKind.SECTIONS_OUTSIDE_DERIVED_RANGE) == []

    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data["section_counts"] == []
    (entry, *_) = data["family_counts"]["periodicals"]
    assert list(entry) == [
        "report",
        "field",
        "reported",
        "certain",
        "possible",
        "excluding",
        "within",
    ]
    assert (entry["report"]["id"], entry["field"], entry["within"]) == (
        "r1924",
        "periodicals",
        False,
    )
    text = result.to_text()
    assert "Reported periodicals vs periodicals derived on the report's date:" in text
    assert "r1924 (1924-01-01): reported 2, derived [1 certain, 1 possible]: OUTSIDE" in text


def test_figures_of_a_report_kind_of_ones_own_are_compared_within_its_family(
    periodicals_reported: type[mt.DatedEvent],
) -> None:
    def report(id_: str, **figures: object) -> mt.Event:
        source = mt.Source(title=f"Report {id_}")
        return periodicals_reported(id=id_, when="1927-01-01", source=source, **figures)

    result = _check(
        report("a", periodicals=3, issues=10),
        report("b", periodicals=4),  # issues unset: not compared
        report("c", periodicals=3, issues=11, excluding=("AIZ",)),  # counts something else
        # the library's reports are another family: its periodicals are not compared
        mt.FiguresReported(id="figures", when="1927-01-01", periodicals=9, source=OTHER),
    )
    (finding,) = _of(result, FindingKind.UNDECLARED_DISPUTE)
    assert _ids(finding) == {"a", "b"}
    assert finding.certainty is mt.Certainty.CERTAIN
    assert finding.message.endswith(
        "differ: periodicals 3 vs 4; no contradicts link declares the dispute"
    )


# --- records of kinds not registered here --------------------------------------------------


@pytest.mark.parametrize("make_store", [mt.FileStore, mt.SQLiteStore], ids=["file", "sqlite"])
def test_many_unreadable_records_are_summed_up_as_ranges(
    tmp_path: Path, make_store: type[mt.Store]
) -> None:
    log: list[mt.Event] = [wir_log()[0]]
    for i in range(12):
        log.append(PeriodicalFounded(id=f"p{i}", when="1925", title=f"P{i}", source=OTHER))
        log.append(mt.Occurred(id=f"o{i}", when="1925", text="x", source=OTHER))
    log.append(PeriodicalFounded(id="p-last", when="1925", title="P", source=OTHER))
    with make_store(tmp_path / "log") as store:  # type: ignore[call-arg]
        store.append("wir", log)
    with unregistered(PeriodicalFounded), make_store(tmp_path / "log") as store:  # type: ignore[call-arg]
        report = check_store(store, "wir")
    (finding,) = _of(report, FindingKind.UNREGISTERED_KIND)
    assert finding.message.startswith(
        "13 records of the event kind 'PeriodicalFounded', which is not registered here "
        "(versions 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, ... and 3 more ranges), could not be read"
    )
    assert finding.certainty is mt.Certainty.CERTAIN
    assert finding.events == ()
    assert report.ok
    assert _of(report, FindingKind.NO_SOURCE) == []


def test_an_unregistered_record_without_a_source_is_not_said_to_lack_one(tmp_path: Path) -> None:
    with mt.FileStore(tmp_path / "log") as store:
        store.append("wir", wir_log())
    with (
        unregistered(PeriodicalFounded, SecretaryAppointed),
        mt.FileStore(tmp_path / "log") as store,
    ):
        report = check_store(store, "wir")
    unsourced = {f.events[0].id for f in _of(report, FindingKind.NO_SOURCE)}
    assert unsourced == {"famine", "per-sichel-end", "film-mother", "wir-dissolved"}


# --- the report's form and errors ---------------------------------------------------------


def test_the_mopr_report_keeps_its_section_counts_json() -> None:
    data = check(mt.load()).to_dict()
    assert "family_counts" not in data
    assert list(data) == [
        "stream",
        "events_checked",
        "integrity_errors",
        "disputes",
        "findings",
        "section_counts",
        "ok",
    ]
    assert all(
        list(entry) == ["report", "reported", "certain", "possible", "excluding", "within"]
        for entry in data["section_counts"]
    )
    assert SectionCount is ReportedCount


def test_check_error_is_the_librarys_own() -> None:
    with pytest.raises(mt.MoprTimelineError) as info:
        check(None)  # type: ignore[arg-type]
    assert isinstance(info.value, CheckError)
    assert isinstance(info.value, TypeError)
