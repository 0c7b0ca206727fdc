"""A small hand-made history for the view tests: every date form the wording knows."""

from __future__ import annotations

from mopr_timeline import (
    CongressHeld,
    Dissolved,
    Event,
    FiguresReported,
    Founded,
    LeaderAppointed,
    LeaderLeft,
    Occurred,
    SectionDissolved,
    SectionEstablished,
    Source,
    parse_span,
)

RYLE = Source(title="Ryle, International Red Aid", pages="262-263", quotation="| Belgium | |")


def sample_events() -> list[Event]:
    """Events in stream order (deliberately not chronological)."""
    return [
        SectionEstablished(id="belgium", when="Aug. 1925", country="Belgium", source=RYLE),
        Founded(id="founded", when="1922", name="International Red Aid"),
        LeaderAppointed(id="marchlewski", when="1922", person="Julian Marchlewski"),
        LeaderAppointed(id="lepeshinsky", when="1925", person="Panteleimon Lepeshinsky"),
        LeaderAppointed(id="stasova", when="1927", person="Elena Stasova"),
        LeaderLeft(id="stasova-left", when="1937", person="Elena Stasova"),
        SectionEstablished(id="bolivia", when='"before 1933"', country="Bolivia"),
        SectionEstablished(id="india", when='"after 1928"', country="India"),
        SectionEstablished(id="albania", when="", country="Albania"),
        SectionEstablished(
            id="germany",
            when="Oct. 1924",
            country="Germany",
            name="Red Aid of Germany (Rote Hilfe | Deutschlands)",
        ),
        CongressHeld(
            id="conference-1924",
            when=parse_span("July 14–16", year=1924),
            name="1st International Conference",
            location="Moscow",
            delegates=109,
        ),
        FiguresReported(id="figures-1928", when="January 1, 1928", members=8_900_000, sections=44),
        Occurred(
            id="fifth-regiment",
            when="21 January 1937",
            text="The Fifth Regiment was dissolved",
            country="Spain",
        ),
        Occurred(id="circa", when="c. 1925", text="Something happened around then"),
        Dissolved(id="dissolved", when="1941"),
        SectionDissolved(id="ussr-end", when="1947", country="Union of Soviet Socialist Republics"),
    ]
