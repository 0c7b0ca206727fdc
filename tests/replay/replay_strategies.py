"""Hypothesis strategies for small random logs: a few events over a narrow range of days."""

from __future__ import annotations

import datetime as _dt

from hypothesis import strategies as st

from mopr_timeline import (
    CongressHeld,
    Dissolved,
    Event,
    FiguresReported,
    Founded,
    FuzzyDate,
    FuzzySpan,
    GoverningBodyNamed,
    LeaderAppointed,
    LeaderLeft,
    Occurred,
    Retracted,
    SectionDissolved,
    SectionEstablished,
)

BASE = _dt.date(1924, 1, 1).toordinal()
WINDOW = 4
PEOPLE = ("Clara Zetkin", "Elena Stasova")
NAMES = ("International Red Aid", "MOPR")
COUNTRIES = ("Germany", "Union of Soviet Socialist Republics")


@st.composite
def fuzzy_dates(draw: st.DrawFn, *, open_odds: int = 8) -> FuzzyDate:
    """A day in the window, or a few days wide, sometimes with an open bound."""
    lo: int | None = None
    if draw(st.integers(0, open_odds - 1)):
        lo = BASE + draw(st.integers(0, WINDOW - 1))
    hi: int | None = None
    if draw(st.integers(0, open_odds - 1)):
        start = BASE if lo is None else lo
        hi = start + draw(st.sampled_from((0, 0, 0, 1, 1, 2, 3)))
        hi = min(hi, BASE + WINDOW - 1) if lo is not None else hi
    return FuzzyDate.from_ordinals(lo, hi)


def _event(kind: str, ident: str, when: FuzzyDate, pick: int) -> Event:
    person, name, country = PEOPLE[pick % 2], NAMES[pick % 2], COUNTRIES[pick % 2]
    match kind:
        case "Founded":
            aliases = (NAMES[1],) if pick >= 2 else ()
            return Founded(id=ident, when=when, name=name, aliases=aliases)
        case "Dissolved":
            return Dissolved(id=ident, when=when)
        case "LeaderAppointed":
            return LeaderAppointed(id=ident, when=when, person=person)
        case "LeaderLeft":
            return LeaderLeft(id=ident, when=when, person=person)
        case "GoverningBodyNamed":
            return GoverningBodyNamed(id=ident, when=when, name=name)
        case "SectionEstablished":
            return SectionEstablished(id=ident, when=when, country=country, name=f"{name} {pick}")
        case "SectionDissolved":
            return SectionDissolved(id=ident, when=when, country=country)
        case "CongressHeld":
            span = FuzzySpan(start=when, end=FuzzyDate.from_ordinals(when.lo, None))
            return CongressHeld(id=ident, when=span, name=f"Congress {pick}", location="Moscow")
        case "FiguresReported":
            return FiguresReported(id=ident, when=when, members=1000 * pick or None)
        case _:
            return Occurred(id=ident, when=when, text="something")


KINDS = (
    "Founded",
    "Dissolved",
    "LeaderAppointed",
    "LeaderLeft",
    "GoverningBodyNamed",
    "SectionEstablished",
    "SectionDissolved",
    "CongressHeld",
    "FiguresReported",
    "Occurred",
)


@st.composite
def logs(draw: st.DrawFn, *, max_events: int = 5) -> list[Event]:
    """A small log: dated events, now and then a retraction of some event of the log."""
    count = draw(st.integers(1, max_events))
    events: list[Event] = [
        _event(draw(st.sampled_from(KINDS)), f"e{i}", draw(fuzzy_dates()), draw(st.integers(0, 3)))
        for i in range(count)
    ]
    for i in range(draw(st.integers(0, 2))):
        target = f"e{draw(st.integers(0, count - 1))}"
        where = draw(st.integers(0, len(events)))
        events.insert(where, Retracted(id=f"r{i}", target=target, reason="a test retraction"))
    return events


@st.composite
def long_logs(draw: st.DrawFn, *, days: int = 60, max_events: int = 60) -> list[Event]:
    """Longer logs over a wider range of days, with wide and open dates (no enumeration)."""
    count = draw(st.integers(1, max_events))
    events: list[Event] = []
    for i in range(count):
        lo = BASE + draw(st.integers(0, days))
        width = draw(st.sampled_from((0, 0, 1, 3, 10, 40, -1, -2)))
        if width == -1:
            when = FuzzyDate.from_ordinals(None, lo)
        elif width == -2:
            when = FuzzyDate.from_ordinals(lo, None)
        else:
            when = FuzzyDate.from_ordinals(lo, lo + width)
        events.append(_event(draw(st.sampled_from(KINDS)), f"e{i}", when, draw(st.integers(0, 3))))
    for i in range(draw(st.integers(0, 3))):
        target = f"e{draw(st.integers(0, count - 1))}"
        events.insert(
            draw(st.integers(0, len(events))),
            Retracted(id=f"r{i}", target=target, reason="a test retraction"),
        )
    return events
