"""Kinds of events of another organization's history, declared outside the library as a user
would: Workers International Relief (Internationale Arbeiterhilfe, 1921-1935).

One kind per shape of family (keyed, slot, record), a closing kind, and a kind that changes no
state; ``unregistered`` makes a test see a store as a process without this module would.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import attrs

import mopr_timeline as mt
from mopr_timeline.events import forget_kind, registry_scope


@mt.event_kind(
    effects=[mt.Opens("periodicals", key="title", shows=("country",), since="founded")],
    wording="the periodical {title} was first published",
)
@attrs.frozen(kw_only=True)
class PeriodicalFounded(mt.DatedEvent):
    """A periodical of the organization first appeared."""

    title: str
    country: str | None = None


@mt.event_kind(
    effects=[mt.Closes("periodicals", key="title")],
    wording="the periodical {title} ceased publication",
)
@attrs.frozen(kw_only=True)
class PeriodicalClosed(mt.DatedEvent):
    """A periodical of the organization ceased to appear."""

    title: str


@mt.event_kind(
    effects=[mt.Succeeds("secretaries", value="person")],
    wording="{person} became general secretary",
)
@attrs.frozen(kw_only=True)
class SecretaryAppointed(mt.DatedEvent):
    """``person`` is the general secretary from here."""

    person: str


@mt.event_kind(
    effects=[mt.Begins("campaigns", shows=("name", "countries"))],
    wording="the relief campaign {name} ran",
)
@attrs.frozen(kw_only=True)
class CampaignHeld(mt.SpanEvent):
    """A relief campaign, counting from its first day."""

    name: str
    countries: tuple[str, ...] = ()
    tons: int | None = None


@mt.event_kind(wording=lambda event: f"{event.title} was screened", free_text=False)
@attrs.frozen(kw_only=True)
class FilmShown(mt.DatedEvent):
    """A film of the organization's studio was shown (no effect on the state)."""

    title: str
    sound: bool = False


WIR_KINDS = (PeriodicalFounded, PeriodicalClosed, SecretaryAppointed, CampaignHeld, FilmShown)


def wir_log() -> list[mt.Event]:
    """A small Workers International Relief log using every kind above."""
    source = mt.Source(title="Braskén, The International Workers' Relief (2015)")
    return [
        mt.Founded(
            id="wir-founded",
            when="Aug. 1921",
            name="Workers International Relief",
            aliases=("Internationale Arbeiterhilfe",),
            source=source,
        ),
        SecretaryAppointed(id="sec-muenzenberg", when="1921", person="Willi Münzenberg"),
        CampaignHeld(
            id="famine",
            when="1921-08/1922-12",
            name="Famine relief",
            countries=("Soviet Russia",),
            tons=30_000,
        ),
        PeriodicalFounded(
            id="per-sichel", when="1922", title="Sichel und Hammer", country="Germany"
        ),
        PeriodicalFounded(
            id="per-aiz", when="1926", title="Arbeiter-Illustrierte-Zeitung", country="Germany"
        ),
        PeriodicalClosed(id="per-sichel-end", when="1925", title="Sichel und Hammer"),
        FilmShown(id="film-mother", when="1926", title="Mother", sound=False),
        mt.Dissolved(id="wir-dissolved", when="1935"),
    ]


@contextlib.contextmanager
def unregistered(*kinds: type[mt.Event]) -> Iterator[None]:
    """Within the block, ``kinds`` are not registered: as in a process that did not import the
    module declaring them. They are registered again afterwards."""
    with registry_scope():
        for cls in kinds:
            forget_kind(cls.kind)
        yield
