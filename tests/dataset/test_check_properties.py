"""Properties of ``check``: its answers are sound under refinement of every fuzzy date."""

from __future__ import annotations

import datetime as _dt
from types import ModuleType

from hypothesis import given
from hypothesis import strategies as st

import mopr_timeline as mt
from mopr_timeline.check import FindingKind, check
from mopr_timeline.strategies import fuzzy_dates, refinements

SOURCE = mt.Source(title="test")
DATES = fuzzy_dates(min_value=_dt.date(1900, 1, 1), max_value=_dt.date(1960, 12, 31))


def _timeline(*events: mt.Event) -> mt.Timeline:
    store = mt.MemoryStore()
    store.append("s", list(events))
    return mt.Timeline(store, "s")


@given(st.lists(DATES, min_size=0, max_size=6), DATES, st.data())
def test_derived_section_range_holds_every_refinement(
    established: list[mt.FuzzyDate], reported: mt.FuzzyDate, data: st.DataObject
) -> None:
    """certain <= sections existing on the report's day <= possible, in every refinement."""
    sections = [
        mt.SectionEstablished(id=f"s{i}", when=when, country=f"C{i}", source=SOURCE)
        for i, when in enumerate(established)
    ]
    report = mt.FiguresReported(id="r", when=reported, sections=0, source=SOURCE)
    founding = mt.Founded(id="f", when="1899", name="Org", source=SOURCE)
    (count,) = check(_timeline(founding, *sections, report)).section_counts
    day = data.draw(refinements(reported))
    existing = sum(1 for when in established if data.draw(refinements(when)) <= day)
    assert count.certain <= existing <= count.possible
    assert count.certain == sum(1 for when in established if when.hi <= reported.lo)
    assert count.possible == sum(1 for when in established if when.lo <= reported.hi)


@given(DATES, DATES, st.data())
def test_before_founding_is_sound(
    founded: mt.FuzzyDate, when: mt.FuzzyDate, data: st.DataObject
) -> None:
    result = check(
        _timeline(
            mt.Founded(id="f", when=founded, name="Org", source=SOURCE),
            mt.Occurred(id="e", when=when, text="x", source=SOURCE),
        )
    )
    findings = [
        f
        for f in result.findings
        if f.kind in (FindingKind.BEFORE_FOUNDING, FindingKind.POSSIBLY_BEFORE_FOUNDING)
    ]
    assert len(findings) <= 1
    event_day, founding_day = data.draw(refinements(when)), data.draw(refinements(founded))
    if when.earliest is None and when.latest is None:
        assert findings == []
    elif not findings:
        assert event_day >= founding_day
    elif findings[0].kind is FindingKind.BEFORE_FOUNDING:
        assert findings[0].certainty is mt.Certainty.CERTAIN
        assert event_day < founding_day
    else:
        assert findings[0].certainty is mt.Certainty.POSSIBLE
        assert [ref.id for ref in findings[0].events] == ["e", "f"]


@given(st.data())
def test_the_build_script_appends_exactly_what_is_missing(
    build_script: ModuleType, data: st.DataObject
) -> None:
    wanted = build_script.dataset()
    shuffled = data.draw(st.permutations(wanted))
    stored = shuffled[: data.draw(st.integers(0, len(wanted)))]
    missing = build_script.missing_events(stored, wanted)
    assert {e.id for e in missing} | {e.id for e in stored} == {e.id for e in wanted}
    assert not {e.id for e in missing} & {e.id for e in stored}
    assert missing == [e for e in wanted if e in missing]  # in the script's order
