"""Each replay rule of the library's kinds (the effects of founding, dissolution, leaders, the
governing body, sections, congresses, reports, occurrences and retractions, as docs/concepts.md
and docs/kinds.md state them) on small hand-written logs."""

from __future__ import annotations

from pathlib import Path

import pytest

from legacy_support import legacy_log
from mopr_timeline import (
    Certainty,
    CongressHeld,
    Dissolved,
    Event,
    FiguresReported,
    Founded,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    MemoryStore,
    Occurred,
    Retracted,
    SectionDissolved,
    SectionEstablished,
    Source,
    Timeline,
)
from mopr_timeline.store import RetractionError

CERTAIN, POSSIBLE, IMPOSSIBLE = Certainty.CERTAIN, Certainty.POSSIBLE, Certainty.IMPOSSIBLE


FOUNDING = Founded(id="founding", when="1900-01-01", name="Red Aid")
"""Facts of the organization hold only once it is founded: a log that does not found it itself
is of an organization founded on 1 January 1900."""


def timeline(*events: Event) -> Timeline:
    result = Timeline(MemoryStore())
    founds = any(isinstance(event, Founded) for event in events)
    result.append(list(events) if founds else [FOUNDING, *events])
    return result


def test_founding_makes_the_organization_exist_with_its_names_in_order() -> None:
    t = timeline(Founded(when="1922-03-01", name="International Red Aid", aliases=["MOPR"]))
    assert t.state_at("1922-02-28").exists is IMPOSSIBLE
    assert t.state_at("1922-02-28").names == ()
    state = t.state_at("1922-03-01")
    assert state.exists is CERTAIN
    assert [(f.value, f.certainty) for f in state.names] == [
        ("International Red Aid", CERTAIN),
        ("MOPR", CERTAIN),
    ]


def test_a_fuzzy_founding_is_possible_within_its_bounds_and_certain_after() -> None:
    t = timeline(Founded(when="1922", name="International Red Aid"))
    assert t.state_at("1921-12-31").exists is IMPOSSIBLE
    assert t.state_at("1922-06-15").exists is POSSIBLE
    assert t.state_at("1922-12-31").exists is CERTAIN
    assert t.state_at("1922").exists is POSSIBLE


def test_dissolution_ends_existence_the_leader_the_body_and_the_names() -> None:
    t = timeline(
        Founded(when="1922", name="International Red Aid"),
        LeaderAppointed(when="1937-01-01", person="Elena Stasova"),
        GoverningBodyNamed(when="1925", name="Executive Committee"),
        Dissolved(when="1941-06-01"),
    )
    state = t.state_at("1941-06-02")
    assert state.exists is IMPOSSIBLE
    assert state.leaders == ()
    assert state.governing_body == ()
    assert state.names == ()
    before = t.state_at("1941-05-31")
    assert before.name_certainty("International Red Aid") is CERTAIN
    assert before.body_certainty("Executive Committee") is CERTAIN


def test_facts_of_the_organization_hold_only_from_its_founding_on() -> None:
    t = timeline(
        SectionEstablished(when="1918", country="Lithuania"),
        LeaderAppointed(when="1920", person="Julian Marchlewski"),
        GoverningBodyNamed(when="before 1922", name="Central Committee"),
        SectionEstablished(when="", country="Albania"),
        Founded(when="1922", name="International Red Aid"),
        Dissolved(when="1941"),
    )
    early = t.state_at("1920-06-01")
    assert (early.sections, early.leaders, early.governing_body, early.names) == ((), (), (), ())
    founding_year = t.state_at("1922-06-01")
    assert founding_year.section("Lithuania") is POSSIBLE
    assert founding_year.leader_certainty("Julian Marchlewski") is POSSIBLE
    settled = t.state_at("1923-01-01")
    assert settled.section("Lithuania") is CERTAIN
    assert settled.section("Albania") is POSSIBLE
    assert settled.leader_certainty("Julian Marchlewski") is CERTAIN
    assert settled.body_certainty("Central Committee") is CERTAIN
    assert t.state_at("1960").sections == ()
    assert t.state_at("1900").sections == ()


def test_a_new_leader_replaces_the_previous_one() -> None:
    t = timeline(
        LeaderAppointed(when="1922-01-01", person="Julian Marchlewski"),
        LeaderAppointed(when="1925-01-01", person="Clara Zetkin"),
    )
    state = t.state_at("1926-01-01")
    assert state.leader_certainty("Clara Zetkin") is CERTAIN
    assert state.leader_certainty("Julian Marchlewski") is IMPOSSIBLE


def test_leaving_clears_only_the_person_who_leads() -> None:
    t = timeline(
        LeaderAppointed(when="1922-01-01", person="Julian Marchlewski"),
        LeaderLeft(when="1923-01-01", person="Clara Zetkin"),
    )
    assert t.state_at("1924").leader_certainty("Julian Marchlewski") is CERTAIN
    t.append([LeaderLeft(when="1925-03-16", person="Julian Marchlewski")])
    assert t.state_at("1925-03-16").leaders == ()


def test_overlapping_appointments_make_both_leaders_possible() -> None:
    t = timeline(
        LeaderAppointed(when="1925", person="Clara Zetkin"),
        LeaderAppointed(when="1925-06", person="Elena Stasova"),
    )
    state = t.state_at("1926-01-01")
    assert [(f.value, f.certainty) for f in state.leaders] == [
        ("Clara Zetkin", POSSIBLE),
        ("Elena Stasova", POSSIBLE),
    ]


def test_same_day_events_fold_in_stream_order() -> None:
    t = timeline(
        LeaderAppointed(when="1925-01-01", person="Clara Zetkin"),
        LeaderAppointed(when="1925-01-01", person="Elena Stasova"),
    )
    state = t.state_at("1925-01-01")
    assert state.leader_certainty("Elena Stasova") is CERTAIN
    assert state.leader_certainty("Clara Zetkin") is IMPOSSIBLE


def test_the_governing_body_is_renamed() -> None:
    t = timeline(
        GoverningBodyNamed(when="1922", name="Central Committee"),
        GoverningBodyNamed(when="after 1924", name="Executive Committee"),
    )
    assert t.state_at("1923-05-01").body_certainty("Central Committee") is CERTAIN
    state = t.state_at("1926-01-01")
    assert [(f.value, f.certainty) for f in state.governing_body] == [
        ("Central Committee", POSSIBLE),
        ("Executive Committee", POSSIBLE),
    ]


def test_sections_are_established_and_dissolved_and_listed_by_country() -> None:
    t = timeline(
        SectionEstablished(when="1924-10", country="Germany", name="Rote Hilfe Deutschlands"),
        SectionEstablished(when="1923", country="Austria"),
        SectionDissolved(when="1933-03", country="Germany"),
    )
    state = t.state_at("1930-01-01")
    assert [(s.country, s.name, s.certainty) for s in state.sections] == [
        ("Austria", None, CERTAIN),
        ("Germany", "Rote Hilfe Deutschlands", CERTAIN),
    ]
    assert state.sections[1].established.to_edtf() == "1924-10"
    assert t.state_at("1933-03-15").section("Germany") is POSSIBLE
    assert t.state_at("1933-04-01").section("Germany") is IMPOSSIBLE


def test_dissolution_spares_the_sections_dissolved_on_their_own() -> None:
    t = timeline(
        Founded(when="1922", name="International Red Aid"),
        SectionEstablished(when="1922", country="Union of Soviet Socialist Republics"),
        SectionEstablished(when="1924-10", country="Germany"),
        Dissolved(when="1941"),
        SectionDissolved(when="1947", country="Union of Soviet Socialist Republics"),
    )
    state = t.state_at("1942-01-01")
    assert state.exists is IMPOSSIBLE
    assert state.section("Union of Soviet Socialist Republics") is CERTAIN
    assert state.section("Germany") is IMPOSSIBLE
    assert t.state_at("1948-01-01").sections == ()


def test_a_section_reestablished_after_its_dissolution_exists_again() -> None:
    t = timeline(
        SectionEstablished(when="1922-01-01", country="France", name="first"),
        SectionDissolved(when="1925-01-01", country="France"),
        SectionEstablished(when="1927-01-01", country="France", name="second"),
    )
    assert t.state_at("1926-01-01").section("France") is IMPOSSIBLE
    later = t.state_at("1928-01-01")
    assert later.section("France") is CERTAIN
    assert later.sections[0].name == "second"


def test_contradicting_establishments_show_the_latest_one_that_may_hold() -> None:
    t = timeline(
        SectionEstablished(when="1923", country="France", name="early claim"),
        SectionEstablished(when="1925", country="France", name="late claim"),
    )
    assert t.state_at("1924-01-01").sections[0].name == "early claim"
    assert t.state_at("1925-06-01").sections[0].name == "late claim"
    assert t.state_at("1925-06-01").section("France") is CERTAIN


def test_congresses_count_from_their_first_day() -> None:
    t = timeline(
        CongressHeld(
            when="1924-07-14/1924-07-16", name="1st International Conference", location="Moscow"
        ),
        CongressHeld(when="1932", name="2nd Conference", location="Moscow"),
    )
    state = t.state_at("1924-07-14")
    assert [(c.name, c.location, c.certainty) for c in state.congresses] == [
        ("1st International Conference", "Moscow", CERTAIN)
    ]
    assert t.state_at("1932-05-01").congress("2nd Conference") is POSSIBLE
    assert t.state_at("1931-12-31").congress("2nd Conference") is IMPOSSIBLE


def test_reports_count_from_their_date_and_are_ordered_by_it() -> None:
    source = Source(title="International Red Aid", quotation="8,900,000 people")
    t = timeline(
        FiguresReported(when="1931-01-01", members=8305454, sections=58),
        FiguresReported(when="1928-01-01", members=8900000, sections=44, source=source),
    )
    assert t.state_at("1927-12-31").reports == ()
    state = t.state_at("1931-01-01")
    assert [(r.members, r.certainty) for r in state.reports] == [
        (8900000, CERTAIN),
        (8305454, CERTAIN),
    ]
    assert state.reports[0].source == source


def test_occurrences_change_nothing() -> None:
    plain = timeline(Founded(id="founded", when="1922", name="International Red Aid"))
    busy = timeline(
        Founded(id="founded", when="1922", name="International Red Aid"),
        Occurred(when="1923", text="The first plenary session", country="Germany"),
    )
    assert plain.state_at("1924").to_dict() == busy.state_at("1924").to_dict()


def test_a_retracted_event_is_ignored_from_the_retraction_on() -> None:
    t = timeline(
        LeaderAppointed(id="wrong", when="1930-01-01", person="Clara Zetkin"),
        Retracted(target="wrong", reason="misread the source"),
    )
    assert t.state_at("1931").leaders == ()
    assert t.state_at("1931", as_of=2).leader_certainty("Clara Zetkin") is CERTAIN
    assert [e.id for e in t.events()] == ["founding"]
    assert list(t.retracted()) == ["wrong"]


def test_a_retraction_recorded_before_its_target_still_hides_it(tmp_path: Path) -> None:
    """Stores refuse such a retraction now; a log an earlier release wrote may hold one."""
    log = [
        Retracted(target="later", reason="known to be wrong"),
        SectionEstablished(id="later", when="1925", country="Chile"),
    ]
    with pytest.raises(RetractionError, match="comes later in the batch"):
        timeline(*log)
    t = Timeline(legacy_log(tmp_path, log))
    assert t.state_at("1926").sections == ()


def test_a_retraction_is_final(tmp_path: Path) -> None:
    """Stores refuse a retraction of a retraction now; a log an earlier release wrote may
    hold one, and it undoes nothing."""
    log = [
        SectionEstablished(id="s", when="1925", country="Chile"),
        Retracted(id="r", target="s", reason="wrong"),
        Retracted(target="r", reason="an attempt to undo the retraction"),
    ]
    with pytest.raises(RetractionError, match="is itself a retraction"):
        timeline(*log)
    t = Timeline(legacy_log(tmp_path, log))
    assert t.state_at("1926").sections == ()
    assert set(t.retracted()) == {"s", "r"}


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("1925", "1925", POSSIBLE),
        ("1924", "1925", IMPOSSIBLE),
        ("before 1925", "1925", IMPOSSIBLE),
        ("1926", "1925", CERTAIN),
    ],
)
def test_a_leader_certainty_is_exact_under_fuzzy_dates(
    first: str, second: str, expected: Certainty
) -> None:
    t = timeline(
        LeaderAppointed(when=first, person="Clara Zetkin"),
        LeaderAppointed(when=second, person="Elena Stasova"),
    )
    assert t.state_at("1927").leader_certainty("Clara Zetkin") is expected
