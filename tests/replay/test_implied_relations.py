"""The relations every history has, implied by the kinds: a closing not before the opening
it ends (keyed families by key, slot families by value), whatever the kinds."""

from __future__ import annotations

import datetime as _dt

import attrs
import pytest

import mopr_timeline as mt
from mopr_timeline.check import check
from mopr_timeline.dates import Certainty
from mopr_timeline.events import event_kind, registry_scope
from wir_kinds import PeriodicalClosed, PeriodicalFounded, SecretaryAppointed


def _timeline(events: list[mt.Event]) -> mt.Timeline:
    timeline = mt.Timeline(mt.MemoryStore())
    timeline.append(events)
    return timeline


def _wir(*more: mt.Event) -> list[mt.Event]:
    return [
        mt.Founded(id="founded", when="Aug. 1921", name="Workers International Relief"),
        mt.LeaderAppointed(id="chair", when="1921", person="Willi Münzenberg"),
        mt.LeaderLeft(id="chair-left", when="by 1935", person="Willi Münzenberg"),
        *more,
    ]


def test_a_leaver_leaves_not_before_the_appointment_and_says_why() -> None:
    narrowed = _timeline(_wir()).bounds("chair-left")
    assert narrowed.earliest == _dt.date(1921, 1, 1)
    assert narrowed.latest == _dt.date(1935, 12, 31)
    assert narrowed.reasons == (
        "earliest 1921-01-01: not before its appointment chair, dated 1921",
    )


def test_an_opening_with_no_date_is_not_after_its_closing() -> None:
    timeline = _timeline(
        [
            mt.Founded(id="founded", when="1922", name="International Red Aid"),
            mt.SectionEstablished(id="est", when="", country="Chile", name="Socorro Rojo"),
            mt.SectionDissolved(id="diss", when="1935", country="Chile"),
        ]
    )
    narrowed = timeline.bounds("est")
    assert narrowed.latest == _dt.date(1935, 12, 31)
    assert narrowed.reasons == ("latest 1935-12-31: not after its closing diss, dated 1935",)
    assert timeline.state_at("1936").facts("sections") == ()


def test_a_section_is_gone_after_a_dissolution_with_no_lower_bound() -> None:
    timeline = _timeline(
        [
            mt.Founded(id="founded", when="1922", name="International Red Aid"),
            mt.SectionEstablished(id="est", when="1925", country="Chile", name="Socorro Rojo"),
            mt.SectionDissolved(id="diss", when="by 1935", country="Chile"),
        ]
    )
    assert timeline.bounds("diss").earliest == _dt.date(1925, 1, 1)
    assert timeline.state_at("1936").facts("sections") == ()
    (fact,) = timeline.state_at("1930").facts("sections")
    assert fact.certainty is Certainty.POSSIBLE


def test_kinds_of_your_own_pair_too() -> None:
    timeline = _timeline(
        [
            mt.Founded(id="founded", when="1921", name="WIR"),
            PeriodicalFounded(id="sichel", when="1922", title="Sichel und Hammer"),
            PeriodicalClosed(id="sichel-end", when="before 1926", title="Sichel und Hammer"),
        ]
    )
    assert timeline.bounds("sichel-end").earliest == _dt.date(1922, 1, 1)


def test_a_slot_of_your_own_pairs_with_its_vacating_kind() -> None:
    with registry_scope():

        @event_kind(effects=[mt.Vacates("secretaries", value="person")], wording="{person} left")
        @attrs.frozen(kw_only=True)
        class SecretaryLeft(mt.DatedEvent):
            person: str

        timeline = _timeline(
            [
                mt.Founded(id="founded", when="1921", name="WIR"),
                SecretaryAppointed(id="sec", when="1924", person="Louis Gibarti"),
                SecretaryLeft(id="sec-left", when="by 1933", person="Louis Gibarti"),
            ]
        )
        assert timeline.bounds("sec-left").earliest == _dt.date(1924, 1, 1)


def test_a_contradiction_through_an_implied_relation_is_refused_naming_both() -> None:
    store = mt.MemoryStore()
    store.append("mopr", _wir())
    before = list(store.read("mopr"))
    appointed = mt.LeaderAppointed(id="zetkin", when="Sept. 1921", person="Clara Zetkin")
    left = mt.LeaderLeft(
        id="zetkin-left",
        when="by 1935",
        person="Clara Zetkin",
        relations=(mt.Before("founded"),),
    )
    with pytest.raises(mt.ConstraintError, match="implied by the kinds") as caught:
        store.append("mopr", [appointed, left])
    assert "zetkin-left not before zetkin" in str(caught.value)
    assert list(store.read("mopr")) == before


def test_a_closing_certainly_before_the_only_opening_ends_an_earlier_one() -> None:
    store = mt.MemoryStore()
    store.append("mopr", [mt.SectionDissolved(id="diss", when="1925", country="Chile")])
    store.append("mopr", [mt.SectionEstablished(id="est", when="1930", country="Chile", name="S")])
    timeline = mt.Timeline(store)
    assert not timeline.bounds("diss").is_narrowed
    assert not timeline.bounds("est").is_narrowed


def test_a_key_opened_twice_implies_nothing() -> None:
    events = [
        mt.Founded(id="founded", when="1922", name="International Red Aid"),
        mt.SectionEstablished(id="est-1", when="", country="Chile", name="S"),
        mt.SectionEstablished(id="est-2", when="1932", country="Chile", name="S"),
        mt.SectionDissolved(id="diss-1", when="1930", country="Chile"),
    ]
    timeline = _timeline(events)  # recorded out of order: not refused
    assert not timeline.bounds("est-1").is_narrowed
    timeline.append([mt.Retracted(id="r", target="est-2", reason="a wrong date")])
    assert timeline.bounds("est-1").latest == _dt.date(1930, 12, 31)


def test_a_retracted_closing_implies_nothing() -> None:
    timeline = _timeline(_wir())
    timeline.append([mt.Retracted(id="r", target="chair-left", reason="no such source")])
    timeline.append([mt.LeaderLeft(id="left-again", when="by 1935", person="Willi Münzenberg")])
    assert timeline.bounds("left-again").earliest == _dt.date(1921, 1, 1)
    assert not timeline.bounds("chair").is_narrowed


def test_a_disputed_claim_implies_nothing() -> None:
    timeline = _timeline(
        _wir(
            mt.LeaderLeft(
                id="chair-left-other",
                when="1920",
                person="Willi Münzenberg",
                contradicts=("chair-left",),
            )
        )
    )
    assert not timeline.bounds("chair-left").is_narrowed
    assert not timeline.bounds("chair-left-other").is_narrowed


def test_a_stored_contradiction_still_loads_and_check_reports_it() -> None:
    store = mt.MemoryStore()
    # written as an older release would have: straight to the store's own append
    store._append(
        "mopr",
        [
            mt.Founded(id="founded", when="1922", name="International Red Aid"),
            mt.Occurred(id="congress", when="1925", text="a congress"),
            mt.SectionEstablished(id="est", when="1930", country="Chile", name="S"),
            mt.SectionDissolved(
                id="diss", when="by 1935", country="Chile", relations=(mt.Before("congress"),)
            ),
        ],
        None,
    )
    timeline = mt.Timeline(store)
    assert timeline.bounds("diss").latest == _dt.date(1925, 12, 30)
    assert timeline.state_at("1931").facts("sections")
    report = check(timeline)
    found = [f for f in report.findings if f.kind.value == "contradicted-relation"]
    assert len(found) == 1
    assert "diss" in found[0].message
    assert "est" in found[0].message
    assert "implied by the kinds" in found[0].message


def test_chronology_words_a_day_that_only_relations_date() -> None:
    (entry,) = [
        e
        for e in mt.load().chronology()
        if e.event.id == "international-character-deemphasized-after-stasova"
    ]
    assert entry.text == (
        "Not before 2 Jan. 1937: after Elena Stasova's tenure, MOPR's international "
        "character was deemphasized."
    )
