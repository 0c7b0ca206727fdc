"""OrgState: the organization on one (fuzzy) day, every fact with its Certainty.

Lists hold only facts that are at least possible. Their order is stable: names, leaders and
governing-body names by the stream position of the earliest event that may have set them
(a founding's name before its aliases); sections by country; congresses and reports by date
(``sort_key`` of the start day, then stream position).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

import attrs
from cattrs import Converter
from cattrs.gen import make_dict_unstructure_fn, override

from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import Source

__all__ = ["AsOf", "CongressFact", "Fact", "OrgState", "ReportFact", "SectionFact"]

AsOf = int | _dt.datetime | None
"""A stream version, a recording time (timezone-aware), or None for everything recorded."""


@attrs.frozen(kw_only=True)
class Fact:
    """A value (a name, a person) and how sure it is to hold on the day asked."""

    value: str
    certainty: Certainty


@attrs.frozen(kw_only=True)
class SectionFact:
    """A national section that may exist on the day, with the establishment it rests on."""

    country: str
    name: str | None
    certainty: Certainty
    established: FuzzyDate
    event_id: str


@attrs.frozen(kw_only=True)
class CongressFact:
    """A congress that may have begun by the day."""

    name: str
    location: str
    certainty: Certainty
    when: FuzzySpan
    event_id: str


@attrs.frozen(kw_only=True)
class ReportFact:
    """Figures reported as of ``when``, a day that may be on or before the day asked."""

    when: FuzzyDate
    members: int | None = None
    sections: int | None = None
    periodicals: int | None = None
    languages: int | None = None
    note: str = ""
    certainty: Certainty
    source: Source | None
    event_id: str


def _certainty_of(facts: tuple[Fact, ...], value: str) -> Certainty:
    for fact in facts:
        if fact.value == value:
            return fact.certainty
    return Certainty.IMPOSSIBLE


@attrs.frozen(kw_only=True)
class OrgState:
    """What replay can say about the organization on ``date``, as recorded up to ``as_of``."""

    organization: str
    date: FuzzyDate
    as_of: AsOf
    exists: Certainty
    names: tuple[Fact, ...]
    leaders: tuple[Fact, ...]
    governing_body: tuple[Fact, ...]
    sections: tuple[SectionFact, ...]
    congresses: tuple[CongressFact, ...]
    reports: tuple[ReportFact, ...]

    def section(self, country: str) -> Certainty:
        """Does ``country``'s section exist on the day?"""
        for fact in self.sections:
            if fact.country == country:
                return fact.certainty
        return Certainty.IMPOSSIBLE

    def leader_certainty(self, person: str) -> Certainty:
        """Does ``person`` lead the organization on the day?"""
        return _certainty_of(self.leaders, person)

    def name_certainty(self, name: str) -> Certainty:
        """Is ``name`` one of the organization's names on the day?"""
        return _certainty_of(self.names, name)

    def body_certainty(self, name: str) -> Certainty:
        """Does the governing body carry ``name`` on the day?"""
        return _certainty_of(self.governing_body, name)

    def congress(self, name: str) -> Certainty:
        """Has the congress called ``name`` begun by the day?"""
        sure = [c.certainty for c in self.congresses if c.name == name]
        return max(sure, key=lambda c: c.rank, default=Certainty.IMPOSSIBLE)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of DESIGN §3 (plain dicts, lists, strings, ints and None)."""
        result: dict[str, Any] = _JSON.unstructure(self)
        return result


def _date_json(date: FuzzyDate) -> dict[str, str | None]:
    return {
        "text": str(date),
        "earliest": None if date.earliest is None else date.earliest.isoformat(),
        "latest": None if date.latest is None else date.latest.isoformat(),
    }


def _as_of_json(as_of: AsOf) -> int | str | None:
    return as_of.isoformat() if isinstance(as_of, _dt.datetime) else as_of


def _source_json(source: Source | None) -> str | None:
    return None if source is None else str(source)


def _edtf(date: FuzzyDate) -> str:
    return date.to_edtf()


def _converter() -> Converter:
    conv = Converter()
    conv.register_unstructure_hook(Certainty, lambda c: c.value)
    conv.register_unstructure_hook(
        SectionFact,
        make_dict_unstructure_fn(
            SectionFact,
            conv,
            established=override(unstruct_hook=_edtf),
            event_id=override(omit=True),
        ),
    )
    conv.register_unstructure_hook(
        CongressFact,
        make_dict_unstructure_fn(
            CongressFact, conv, when=override(omit=True), event_id=override(omit=True)
        ),
    )
    conv.register_unstructure_hook(
        ReportFact,
        make_dict_unstructure_fn(
            ReportFact,
            conv,
            _cattrs_omit_if_default=True,
            when=override(unstruct_hook=_edtf),
            note=override(omit=True),
            source=override(unstruct_hook=_source_json),
            event_id=override(omit=True),
        ),
    )
    conv.register_unstructure_hook(
        OrgState,
        make_dict_unstructure_fn(
            OrgState,
            conv,
            date=override(unstruct_hook=_date_json),
            as_of=override(unstruct_hook=_as_of_json),
        ),
    )
    return conv


_JSON = _converter()
