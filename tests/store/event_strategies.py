"""Hypothesis strategies for every event type, each optional field sometimes set, sometimes not."""

from __future__ import annotations

import attrs
from hypothesis import strategies as st

from mopr_timeline.dates import FuzzyDate, Precision, Qualifier
from mopr_timeline.events import (
    EVENT_TYPES,
    CongressHeld,
    DelegateGroup,
    Dissolved,
    Event,
    FiguresReported,
    Founded,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    Occurred,
    Retracted,
    SectionDissolved,
    SectionEstablished,
    Source,
)
from mopr_timeline.strategies import fuzzy_dates as _bounds
from mopr_timeline.strategies import fuzzy_spans as _span_bounds

__all__ = ["events", "fuzzy_dates", "fuzzy_spans"]

texts = st.text(min_size=1, max_size=30).filter(lambda t: t.strip() != "")
ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), min_size=1, max_size=20
).filter(lambda t: t == t.strip() and t != "")
counts = st.none() | st.integers(min_value=0, max_value=10**9)


def _dressed(date: FuzzyDate, text: str, precision: Precision, qualifier: Qualifier) -> FuzzyDate:
    return attrs.evolve(date, text=text, precision=precision, qualifier=qualifier)


fuzzy_dates = st.builds(
    _dressed,
    _bounds(),
    st.text(max_size=20),
    st.sampled_from(Precision),
    st.sampled_from(Qualifier),
)
fuzzy_spans = st.builds(
    lambda span, text: attrs.evolve(span, text=text), _span_bounds(), st.text(max_size=20)
)
sources = st.none() | st.builds(
    Source, title=texts, pages=st.none() | texts, quotation=st.none() | texts
)
_common = {"id": ids, "source": sources}
_dated = {**_common, "when": fuzzy_dates}

_BY_TYPE: dict[type[Event], st.SearchStrategy[Event]] = {
    Founded: st.builds(Founded, **_dated, name=texts, aliases=st.lists(texts, max_size=3)),
    Dissolved: st.builds(Dissolved, **_dated),
    LeaderAppointed: st.builds(LeaderAppointed, **_dated, person=texts),
    LeaderLeft: st.builds(LeaderLeft, **_dated, person=texts),
    GoverningBodyNamed: st.builds(GoverningBodyNamed, **_dated, name=texts),
    SectionEstablished: st.builds(
        SectionEstablished, **_dated, country=texts, name=st.none() | texts
    ),
    SectionDissolved: st.builds(SectionDissolved, **_dated, country=texts),
    CongressHeld: st.builds(
        CongressHeld,
        **_common,
        when=fuzzy_spans,
        name=texts,
        location=texts,
        delegates=counts,
        delegate_groups=st.lists(
            st.builds(DelegateGroup, label=texts, count=st.integers(0, 10**6)), max_size=3
        ),
    ),
    FiguresReported: st.builds(
        FiguresReported,
        **_dated,
        members=counts,
        sections=counts,
        periodicals=counts,
        languages=counts,
        note=st.text(max_size=30),
        excluding=st.lists(texts, max_size=3),
    ),
    Occurred: st.builds(Occurred, **_dated, text=texts, country=st.none() | texts),
    Retracted: st.builds(Retracted, **_common, target=ids, reason=texts),
}
assert set(_BY_TYPE) == set(EVENT_TYPES.values()), "a new event type needs a strategy here"


def events(kind: type[Event] | None = None) -> st.SearchStrategy[Event]:
    """Events of one type, or of any type."""
    if kind is not None:
        return _BY_TYPE[kind]
    return st.one_of(*_BY_TYPE.values())
