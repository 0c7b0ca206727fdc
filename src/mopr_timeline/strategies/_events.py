"""Strategies for events of every registered kind, and for small logs, derived from the
kinds' declarations: each field is drawn by its type, so a kind of your own is covered as
soon as it is declared."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import attrs
from hypothesis import reject
from hypothesis import strategies as st

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.events import (
    KINDS,
    RELATION_TYPES,
    Day,
    Event,
    EventError,
    KindSpec,
    Relation,
    Retracted,
    Source,
    SpanEvent,
    is_optional,
    item_type,
)
from mopr_timeline.network import ConstraintError
from mopr_timeline.store import StreamNetwork
from mopr_timeline.strategies._dates import fuzzy_dates, fuzzy_spans

__all__ = ["events", "keeping_implied", "logs", "relations"]

Kinds = type[Event] | str | Iterable[type[Event] | str] | None

_texts = st.text(min_size=1, max_size=30).filter(lambda text: text.strip() != "")
_ids = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Zl", "Zp", "Cc")), min_size=1, max_size=20
).filter(lambda text: text == text.strip() and text != "")


def _dressed(
    date: FuzzyDate, text: str, precision: Precision, qualifier: Qualifier, ambiguous: bool
) -> FuzzyDate:
    return attrs.evolve(
        date, text=text, precision=precision, qualifier=qualifier, ambiguous=ambiguous
    )


_dates = st.builds(
    _dressed,
    fuzzy_dates(),
    st.text(max_size=20),
    st.sampled_from(Precision),
    st.sampled_from(Qualifier),
    st.booleans(),
)
_spans = st.builds(
    lambda span, text: attrs.evolve(span, text=text), fuzzy_spans(), st.text(max_size=20)
)
_sources = st.none() | st.builds(
    Source, title=_texts, pages=st.none() | _texts, quotation=st.none() | _texts
)


@attrs.frozen(kw_only=True)
class _Draws:
    """The strategy for each field type (and for ids, days, spans and sources)."""

    texts: st.SearchStrategy[str]
    whole_numbers: st.SearchStrategy[int]
    dates: st.SearchStrategy[FuzzyDate]
    spans: st.SearchStrategy[FuzzySpan]
    ids: st.SearchStrategy[str]
    sources: st.SearchStrategy[Source | None]
    max_items: int
    max_relations: int = 0

    def of_type(self, kind: Any) -> st.SearchStrategy[Any]:
        """Values of a field of type ``kind`` (a type events can store)."""
        optional = is_optional(kind)
        required = next(a for a in getattr(kind, "__args__", (kind,)) if a is not type(None))
        inner = item_type(kind)
        strategy: st.SearchStrategy[Any]
        if inner is not None:
            strategy = st.lists(self.of_type(inner), max_size=self.max_items).map(tuple)
        elif required is str:
            strategy = self.texts
        elif required is int:
            strategy = self.whole_numbers
        elif required is bool:
            strategy = st.booleans()
        elif required is FuzzyDate:
            strategy = self.dates
        elif required is FuzzySpan:
            strategy = self.spans
        elif required is Source:
            strategy = self.sources
        else:
            fields = attrs.fields(attrs.resolve_types(required))
            strategy = _built(required, {f.name: self.of_type(f.type) for f in fields if f.init})
        return st.none() | strategy if optional else strategy

    def of_kind(self, spec: KindSpec) -> st.SearchStrategy[Event]:
        """Events of the kind ``spec``: each field drawn by its type (an optional one set or
        not), values a validator of the kind refuses are drawn again."""
        drawn: dict[str, st.SearchStrategy[Any]] = {}
        for field in spec.fields:
            if field.name == "id":
                drawn["id"] = self.ids
            elif field.name == "source":
                drawn["source"] = self.sources
            elif field.name == "contradicts":
                drawn["contradicts"] = st.lists(self.ids, max_size=2, unique=True).map(tuple)
            elif field.name == "relations":
                most = 0 if spec.day is Day.NONE else self.max_relations
                drawn["relations"] = st.lists(relations(self.ids), max_size=most).map(tuple)
            elif field.name == "when":
                drawn["when"] = self.spans if spec.day is Day.SPAN else self.dates
            else:
                drawn[field.name] = self.of_type(field.type)
        return _built(spec.cls, drawn, event=True)


def _built(
    cls: type[Any], drawn: dict[str, st.SearchStrategy[Any]], *, event: bool = False
) -> st.SearchStrategy[Any]:
    """Instances of ``cls`` from ``drawn`` fields; values its validators refuse are rejected.
    An ``event`` never contradicts itself: its own id is left out of its ``contradicts``."""

    @st.composite
    def build(draw: st.DrawFn) -> Any:
        values = {name: draw(strategy) for name, strategy in drawn.items()}
        if event:
            values["contradicts"] = tuple(c for c in values["contradicts"] if c != values["id"])
            values["relations"] = tuple(
                dict.fromkeys(r for r in values["relations"] if r.event != values["id"])
            )
        try:
            return cls(**values)
        except (EventError, ValueError, TypeError):
            reject()

    return build()


_WINDOWS = st.none() | st.sampled_from(["3 days", "10 days", "2 weeks", "1 month", "1 year"])


def relations(
    ids: st.SearchStrategy[str], windows: st.SearchStrategy[str | None] = _WINDOWS
) -> st.SearchStrategy[Relation]:
    """Relations (``mt.After`` and the like) to the events ``ids`` draws, with or without
    windows drawn by ``windows`` (text such as "3 months", or None), of a span event's
    start or end."""
    return _built(
        Relation,
        {
            "relation": st.sampled_from(RELATION_TYPES),
            "event": ids,
            "within": windows,
            "at_least": windows,
            "of": st.sampled_from([None, "start", "end"]),
        },
    )


def _specs(kinds: Kinds) -> list[KindSpec]:
    if kinds is None:
        return list(KINDS.values())
    if isinstance(kinds, type | str):
        kinds = [kinds]
    specs = []
    for kind in kinds:
        name = kind if isinstance(kind, str) else kind.kind
        specs.append(KINDS[name])
    return specs


def events(
    kinds: Kinds = None,
    *,
    texts: st.SearchStrategy[str] | None = None,
    whole_numbers: st.SearchStrategy[int] | None = None,
    dates: st.SearchStrategy[FuzzyDate] | None = None,
    spans: st.SearchStrategy[FuzzySpan] | None = None,
    ids: st.SearchStrategy[str] | None = None,
    sources: st.SearchStrategy[Source | None] | None = None,
    max_items: int = 3,
    max_relations: int = 0,
) -> st.SearchStrategy[Event]:
    """Events of the registered kinds ``kinds`` (a kind, its name, several, or None: every
    registered kind, your own included), every field drawn by its declared type.

    Each strategy may be replaced: small pools of ``texts`` (``st.sampled_from(["A", "B"])``)
    make facts collide, narrow ``dates`` keep a log's refinements few. Defaults: any non-blank
    text, whole numbers from 0, fuzzy dates and spans anywhere in the calendar with any text,
    precision, qualifier and ambiguity, ids without surrounding blanks, a source or none.
    Tuples hold up to ``max_items`` items. An event carries up to ``max_relations`` relations
    (``relations``) to ids drawn like its own (none by default: relations between
    unrelated drawn events may contradict each other, and a store refuses those).
    """
    draws = _Draws(
        texts=_texts if texts is None else texts,
        whole_numbers=st.integers(0, 10**9) if whole_numbers is None else whole_numbers,
        dates=_dates if dates is None else dates,
        spans=_spans if spans is None else spans,
        ids=_ids if ids is None else ids,
        sources=_sources if sources is None else sources,
        max_items=max_items,
        max_relations=max_relations,
    )
    return st.one_of(*(draws.of_kind(spec) for spec in _specs(kinds)))


def logs(
    kinds: Kinds = None,
    *,
    min_events: int = 1,
    max_events: int = 5,
    max_retractions: int = 2,
    links: bool = True,
    max_links: int | None = None,
    max_relations: int = 0,
    texts: st.SearchStrategy[str] | None = None,
    dates: st.SearchStrategy[FuzzyDate] | None = None,
    spans: st.SearchStrategy[FuzzySpan] | None = None,
    sources: st.SearchStrategy[Source | None] | None = None,
) -> st.SearchStrategy[list[Event]]:
    """Logs: events of ``kinds`` (default: every registered kind that changes the state or
    appears in chronologies, that is all but ``Retracted``) with the ids ``e0``, ``e1``...,
    now and then (``links``; at most ``max_links`` of them, when given: each dispute doubles
    the readings a brute-force check enumerates) one contradicting an earlier one (a
    dispute), and now and then a
    ``Retracted`` of one of them (ids ``r0``...) inserted anywhere after it, as a stream records
    corrections (a store refuses a retraction before its target). Up to ``max_relations``
    events carry a relation to another event of the log (``After``, ``NotBefore``...,
    sometimes with a window, to its start or end): such a log may be contradictory, and a
    store then refuses the append that makes it so. The relations the kinds imply (a closing
    not before the opening it ends) hold in every prefix of the log: an event that would
    contradict one is given an unknown date instead, and a retraction that would bring one
    back contradicted is left out. The other arguments are those of ``events``."""
    chosen = [spec for spec in _specs(kinds) if spec.cls is not Retracted]
    by_kind = events(
        [spec.cls for spec in chosen],
        texts=texts,
        dates=dates,
        spans=spans,
        sources=sources,
        ids=st.just("placeholder"),
    )

    @st.composite
    def log(draw: st.DrawFn) -> list[Event]:
        count = draw(st.integers(min_events, max_events))
        drawn: list[Event] = []
        linking = 0 if not links else count if max_links is None else max_links
        for i in range(count):
            linked = linking > 0 and i > 0 and draw(st.integers(0, 3)) == 0
            linking -= linked
            contradicts = (f"e{draw(st.integers(0, i - 1))}",) if linked else ()
            drawn.append(attrs.evolve(draw(by_kind), id=f"e{i}", contradicts=contradicts))
        for _ in range(draw(st.integers(0, max_relations if count > 1 else 0))):
            at = draw(st.integers(0, count - 1))
            other = draw(st.integers(0, count - 2))
            other += other >= at
            relation = draw(relations(st.just(f"e{other}")))
            event = drawn[at]
            if relation not in event.relations:
                drawn[at] = attrs.evolve(event, relations=(*event.relations, relation))
        for i in range(draw(st.integers(0, max_retractions if count else 0))):
            target = f"e{draw(st.integers(0, count - 1))}"
            after = next(at for at, event in enumerate(drawn) if event.id == target)
            at = draw(st.integers(after + 1, len(drawn)))
            drawn.insert(at, Retracted(id=f"r{i}", target=target, reason="a test retraction"))
        return keeping_implied(drawn)

    return log()


def keeping_implied(drawn: Iterable[Event], recorded: Iterable[Event] = ()) -> list[Event]:
    """``drawn``, to be appended after the events ``recorded`` (in order), with each event
    that would contradict a relation the kinds imply, in the prefix of the log it ends, given
    an unknown date (a retraction that would: left out). Events whose own relations (or
    relations naming them) contradict are kept as they are."""
    network = StreamNetwork()
    network.feed(list(recorded))
    kept: list[Event] = []
    for event in drawn:
        trial = network.copy()
        try:
            trial.feed([event], strict=True)
        except ConstraintError:
            if isinstance(event, Retracted):
                continue
            if not event.relations:
                unknown = FuzzyDate.from_ordinals(None, None)
                when = (
                    FuzzySpan(start=unknown, end=unknown)
                    if isinstance(event, SpanEvent)
                    else unknown
                )
                event = attrs.evolve(event, when=when)  # type: ignore[call-arg]
            trial = network.copy()
            try:
                trial.feed([event], strict=True)
            except ConstraintError:
                trial = network.copy()
                trial.feed([event])
        network = trial
        kept.append(event)
    return kept
