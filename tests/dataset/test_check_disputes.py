"""``check`` for a historian: declared disputes first, then the findings (certainly before
the founding, one line for "possibly before", probable undeclared disputes, free text naming
a contested slot value), in text and JSON, on small constructed logs."""

from __future__ import annotations

import datetime as _dt
import json

from hypothesis import given
from hypothesis import strategies as st

import mopr_timeline as mt
from mopr_timeline.check import CheckReport, Finding, FindingKind, check
from mopr_timeline.strategies import fuzzy_dates

A = mt.Source(title="Source A", quotation="a")
B = mt.Source(title="Source B", quotation="b")
C = mt.Source(title="Source C", quotation="c")


def _check(*events: mt.Event) -> CheckReport:
    store = mt.MemoryStore()
    store.append("s", [mt.Founded(id="founded", when="1900", name="Org", source=A), *events])
    return check(mt.Timeline(store, "s"))


def _of(report: CheckReport, kind: FindingKind) -> list[Finding]:
    return [f for f in report.findings if f.kind is kind]


def _pairs(report: CheckReport) -> set[frozenset[str]]:
    return {
        frozenset(ref.id for ref in f.events) for f in _of(report, FindingKind.UNDECLARED_DISPUTE)
    }


def _section(id_: str, when: str, source: mt.Source, *contradicts: str) -> mt.SectionEstablished:
    return mt.SectionEstablished(
        id=id_, when=when, country="X", source=source, contradicts=contradicts
    )


def test_a_declared_dispute_is_one_section_with_its_claims_and_no_finding() -> None:
    report = _check(
        _section("table", "1925", A),
        _section("prose", "1934", B, "table"),
        _section("third", "1930", C, "prose"),  # linked through prose: the same dispute
    )
    (dispute,) = report.disputes
    assert dispute.about == "X (sections)"
    assert [(c.event.id, c.event.date, c.event.source) for c in dispute.claims] == [
        ("table", "1925", "Source A"),
        ("prose", "1934", "Source B"),
        ("third", "1930", "Source C"),
    ]
    assert all(c.says == "the X section was established" for c in dispute.claims)
    assert _of(report, FindingKind.UNDECLARED_DISPUTE) == []
    text = report.to_text()
    assert text.index("Disputes (1):") < text.index("Findings (0):")
    assert "  X (sections): 3 claims" in text


def test_the_same_claims_unlinked_are_an_undeclared_dispute() -> None:
    report = _check(_section("table", "1925", A), _section("prose", "1934", B))
    assert report.disputes == ()
    (finding,) = _of(report, FindingKind.UNDECLARED_DISPUTE)
    assert finding.certainty is mt.Certainty.CERTAIN
    assert 'X (sections): established "1925" according to one source' in finding.message
    assert "no contradicts link declares the dispute" in finding.message
    assert "Disputes (0):\n  none declared" in report.to_text()


def test_one_source_or_one_date_is_no_dispute() -> None:
    report = _check(
        _section("a", "1925", A),
        _section("b", "1926", A),  # the same source: its own two statements
        mt.SectionEstablished(id="c", when="1925", country="Y", source=A),
        mt.SectionEstablished(id="d", when="1925", country="Y", source=B),  # agree
    )
    assert _pairs(report) == set()


def test_a_retracted_claim_is_in_no_dispute() -> None:
    report = _check(
        _section("table", "1925", A),
        _section("prose", "1934", B, "table"),
        mt.Retracted(id="fix", target="prose", reason="misread", source=B),
    )
    assert report.disputes == ()
    assert _pairs(report) == set()


def test_slots_one_holder_two_dates_is_a_dispute_a_succession_is_not() -> None:
    report = _check(
        mt.LeaderAppointed(id="l1", when="1925", person="P", source=A),
        mt.LeaderAppointed(id="l2", when="1926", person="P", source=B),
        mt.LeaderAppointed(id="l3", when="1930", person="Q", source=B),
        mt.LeaderLeft(id="left1", when="1935", person="Q", source=A),
        mt.LeaderLeft(id="left2", when="1935-06", person="Q", source=B),
    )
    assert _pairs(report) == {frozenset({"l1", "l2"}), frozenset({"left1", "left2"})}
    certainties = {
        frozenset(r.id for r in f.events): f.certainty
        for f in _of(report, FindingKind.UNDECLARED_DISPUTE)
    }
    assert certainties[frozenset({"left1", "left2"})] is mt.Certainty.POSSIBLE


def test_records_one_congress_two_dates_is_a_dispute() -> None:
    def congress(id_: str, when: str, name: str, source: mt.Source) -> mt.CongressHeld:
        return mt.CongressHeld(
            id=id_, when=mt.parse_span(when), name=name, location="Moscow", source=source
        )

    report = _check(
        congress("c1", "June 1923", "1st", A),
        congress("c2", "July 1923", "1st", B),
        congress("c3", "July 1924", "2nd", B),
    )
    assert _pairs(report) == {frozenset({"c1", "c2"})}


def test_founding_names_disagreeing_are_a_dispute_accumulated_names_agreeing_are_not() -> None:
    report = _check(
        mt.Founded(id="f2", when="1900", name="Org", aliases=("O",), source=B),
        mt.Founded(id="f3", when="1900", name="Other", source=C),
    )
    assert _pairs(report) == {frozenset({"founded", "f3"}), frozenset({"f2", "f3"})}
    linked = _check(
        mt.Founded(id="f3", when="1900", name="Other", source=C, contradicts=("founded",))
    )
    assert _pairs(linked) == set()
    (dispute,) = linked.disputes
    assert dispute.about == "the founding"


def test_figures_linked_are_a_dispute_section_unlinked_a_finding() -> None:
    def figures(id_: str, sections: int, source: mt.Source, *links: str) -> mt.FiguresReported:
        return mt.FiguresReported(
            id=id_, when="1930-01-01", sections=sections, source=source, contradicts=links
        )

    assert _pairs(_check(figures("r1", 5, A), figures("r2", 6, B))) == {frozenset({"r1", "r2"})}
    report = _check(figures("r1", 5, A), figures("r2", 6, B, "r1"))
    assert _pairs(report) == set()
    assert [d.about for d in report.disputes] == ["reports"]


def test_certainly_before_is_a_finding_each_possibly_before_one_line() -> None:
    report = _check(
        mt.Occurred(id="early", when="1890", text="x", source=A),
        mt.Occurred(id="same-year", when="1900", text="y", source=A),
        mt.Occurred(id="open", when="before 1905", text="z", source=A),
        mt.Occurred(id="later", when="1901", text="w", source=A),
    )
    (certain,) = _of(report, FindingKind.BEFORE_FOUNDING)
    assert certain.events[0].id == "early"
    (summary,) = _of(report, FindingKind.POSSIBLY_BEFORE_FOUNDING)
    assert summary.certainty is mt.Certainty.POSSIBLE
    assert [ref.id for ref in summary.events] == ["same-year", "open", "founded"]
    assert summary.message.startswith("2 claims possibly dated before the founding (1900)")
    lines = report.to_text().splitlines()
    (line,) = [i for i, text in enumerate(lines) if "possibly-before-founding" in text]
    assert "same-year, open" in lines[line]
    assert line == len(lines) - 1 or not lines[line + 1].startswith("      ")  # no events


def test_free_text_naming_a_contested_slot_value_is_reported() -> None:
    report = _check(
        mt.GoverningBodyNamed(id="cc", when="1900", name="Central Committee", source=A),
        mt.GoverningBodyNamed(id="ec", when="After 1904", name="Executive Committee", source=A),
        mt.LeaderAppointed(id="head", when="1901", person="S", source=A),
        mt.Occurred(
            id="deputy",
            when="1910-01-01",
            text="S was deputy head of the Central Committee.",
            source=B,
        ),
        mt.Occurred(id="plain", when="1902-06-01", text="The Central Committee met.", source=B),
        mt.Occurred(id="late", when="1960", text="Executive Committee", source=B),
    )
    (finding,) = _of(report, FindingKind.TEXT_AGAINST_DERIVED)
    assert [ref.id for ref in finding.events] == ["deputy", "ec"]
    assert finding.certainty is mt.Certainty.POSSIBLE
    assert "names 'Central Committee' (governing_body)" in finding.message


def test_free_text_naming_a_value_that_cannot_hold_is_certain() -> None:
    report = _check(
        mt.GoverningBodyNamed(id="cc", when="1900", name="Central Committee", source=A),
        mt.GoverningBodyNamed(id="ec", when="1904", name="Executive Committee", source=A),
        mt.Occurred(id="t", when="1910", text="The Central Committee met.", source=B),
    )
    (finding,) = _of(report, FindingKind.TEXT_AGAINST_DERIVED)
    assert finding.certainty is mt.Certainty.CERTAIN
    assert "derives as impossible" in finding.message


def test_everything_is_in_the_json() -> None:
    report = _check(
        _section("table", "1925", A),
        _section("prose", "1934", B, "table"),
        mt.Occurred(id="early", when="1890", text="x", source=A),
        mt.Occurred(id="same", when="1900", text="y", source=A),
    )
    data = report.to_dict()
    assert json.loads(json.dumps(data)) == data
    (dispute,) = data["disputes"]
    assert dispute["about"] == "X (sections)"
    assert dispute["claims"][1] == {
        "event": {
            "id": "prose",
            "kind": "SectionEstablished",
            "date": "1934",
            "bounds": "1934-01-01..1934-12-31",
            "source": "Source B",
            "quotation": "b",
        },
        "says": "the X section was established",
    }
    kinds = [f["kind"] for f in data["findings"]]
    assert kinds == ["before-founding", "possibly-before-founding"]


YEARS = fuzzy_dates(min_value=_dt.date(1901, 1, 1), max_value=_dt.date(1950, 12, 31))


@given(st.lists(YEARS, min_size=2, max_size=5), st.booleans())
def test_a_declared_dispute_is_exactly_its_section_an_undeclared_one_a_finding(
    dates: list[mt.FuzzyDate], link: bool
) -> None:
    """Claims about one section from different sources, dated differently: linked, they
    make exactly one dispute section and no finding; unlinked, no section and a finding for
    every pair dated differently."""
    claims = [
        mt.SectionEstablished(
            id=f"c{i}",
            when=when,
            country="X",
            source=mt.Source(title=f"Source {i}"),
            contradicts=(f"c{i - 1}",) if link and i else (),
        )
        for i, when in enumerate(dates)
    ]
    report = _check(*claims)
    differing = {
        frozenset({a.id, b.id})
        for i, a in enumerate(claims)
        for b in claims[i + 1 :]
        if (a.when.lo, a.when.hi) != (b.when.lo, b.when.hi)
    }
    if link:
        (dispute,) = report.disputes
        assert [c.event.id for c in dispute.claims] == [c.id for c in claims]
        assert _pairs(report) == set()
    else:
        assert report.disputes == ()
        assert _pairs(report) == differing


def test_a_claim_naming_an_id_the_log_lacks_is_reported() -> None:
    report = _check(
        mt.SectionEstablished(id="a", when="1925", country="Spain", source=A),
        mt.SectionEstablished(
            id="b", when="1934", country="Spain", source=A, contradicts=("section-spian",)
        ),
    )
    assert [f.message for f in _of(report, FindingKind.UNKNOWN_CLAIM)] == [
        "b contradicts 'section-spian', which no live event of the log is"
    ]
    assert report.disputes == ()
