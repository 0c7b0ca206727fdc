"""Relations between events' days: an event dated by another ("after X", "within 3 months
after X", "at least a year before X", "the same day as X").

An event's ``relations`` constrain its own day (a span event's start) against the day of
another event (its start, or its end with ``of="end"``). Each is a ``Relation`` built with
``After``, ``Before`` (strictly a later / an earlier day), ``NotBefore``, ``NotAfter`` (the
same day allowed) or ``SameDay``; ``within`` and ``at_least`` bound the distance between the
two days by a span of time written as text ("3 months", "1 year", "10 days"). Months and years
count as the most days they can be for ``within`` and the fewest for ``at_least``, so that a
window never excludes a possible day.
"""

from __future__ import annotations

import re
from typing import Any, Final

import attrs

from mopr_timeline.events._errors import EventError
from mopr_timeline.events._source import shown, storable, text_problem
from mopr_timeline.network import Edge, window_days

__all__ = [
    "RELATION_TYPES",
    "After",
    "Before",
    "NotAfter",
    "NotBefore",
    "Relation",
    "SameDay",
]

RELATION_TYPES: Final = ("after", "before", "not_before", "not_after", "same_day")
"""The relations an event may carry, as stored (``Relation.relation``)."""

_WORDS = {
    "after": "after",
    "before": "before",
    "not_before": "not before",
    "not_after": "not after",
    "same_day": "the same day as",
}
_BUILDERS = {
    "after": "After",
    "before": "Before",
    "not_before": "NotBefore",
    "not_after": "NotAfter",
    "same_day": "SameDay",
}


_WRITTEN = re.compile(
    r"(?:at least (?P<at_least>.+?) )?(?:within (?P<within>.+?) )?"
    r"(?P<relation>not before|not after|after|before|(?:the )?same day as) "
    r"(?P<end>the end of )?(?P<event>\S+)"
)


def _fail(field: str, reason: str) -> EventError:
    return EventError("Relation", field, reason)


def _check_relation(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in RELATION_TYPES:
        raise _fail(
            attribute.name, f"expected one of {', '.join(RELATION_TYPES)}, got {shown(value)}"
        )


def _check_event(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if not isinstance(value, str) or not value or value != value.strip() or "\n" in value:
        raise _fail(
            attribute.name,
            f"expected the id of an event (non-empty single-line text), got {shown(value)}",
        )
    if not storable(value) or "\x00" in value:
        raise _fail(attribute.name, f"the id {text_problem(value) or 'holds a NUL character'}")


def _check_window(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if not isinstance(value, str):
        raise _fail(attribute.name, f"expected a span of time such as '3 months', got {value!r}")
    try:
        window_days(value)
    except ValueError as exc:
        raise _fail(attribute.name, str(exc)) from None


def _check_of(_: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value not in (None, "start", "end"):
        raise _fail(attribute.name, f"expected 'start' or 'end' (of a span event), got {value!r}")


@attrs.frozen(kw_only=True)
class Relation:
    """One relation of an event's day to another event's day (see the module's docstring):
    ``relation`` (one of ``RELATION_TYPES``), the other ``event``'s id, the optional windows
    ``within`` and ``at_least`` (text such as "3 months"), and ``of`` ("end" for the other
    event's last day when it is a span event; None or "start" for its first)."""

    relation: str = attrs.field(validator=_check_relation)
    event: str = attrs.field(validator=_check_event)
    within: str | None = attrs.field(default=None, validator=_check_window)
    at_least: str | None = attrs.field(default=None, validator=_check_window)
    of: str | None = attrs.field(default=None, validator=_check_of)

    def __attrs_post_init__(self) -> None:
        if self.relation == "same_day" and (self.within or self.at_least):
            raise _fail("within", "a same-day relation takes no window")
        if (
            self.within is not None
            and self.at_least is not None
            and window_days(self.at_least)[0] > window_days(self.within)[1]
        ):
            raise _fail("at_least", f"at least {self.at_least} cannot hold within {self.within}")

    def __repr__(self) -> str:
        extras = "".join(
            f", {name}={value!r}"
            for name, value in (
                ("within", self.within),
                ("at_least", self.at_least),
                ("of", self.of),
            )
            if value is not None
        )
        return f"{_BUILDERS.get(self.relation, 'Relation')}({self.event!r}{extras})"

    @classmethod
    def from_text(cls, text: str) -> Relation:
        """A relation written as ``describe`` words it: ``after founded``, ``within 3 months
        after founded``, ``at least 1 year before dissolved``, ``not before x``, ``not after
        x``, ``the same day as x``, ``after the end of congress-2`` (a spreadsheet's relation
        column holds such texts separated by ``;``). ``EventError`` naming the forms otherwise."""
        found = _WRITTEN.fullmatch(" ".join(str(text).split()))
        if found is None:
            raise _fail(
                "relation",
                f"cannot read {text!r} as a relation: write e.g. 'after founded', 'within 3 "
                "months after founded', 'at least 1 year before x', 'not before x', 'not after "
                "x', 'the same day as x' or 'after the end of x'",
            )
        words = found["relation"].removeprefix("the ")
        relation = next(key for key, value in _WORDS.items() if value.removeprefix("the ") == words)
        return cls(
            relation=relation,
            event=found["event"],
            within=found["within"],
            at_least=found["at_least"],
            of="end" if found["end"] else None,
        )

    @property
    def target(self) -> str | tuple[str, str]:
        """The network node of the other event's day: its id, or ``(id, "end")``."""
        return (self.event, "end") if self.of == "end" else self.event

    def describe(self) -> str:
        """The relation in words, e.g. "within 3 months after founded" or "after the end of
        congress-2"."""
        other = f"the end of {self.event}" if self.of == "end" else self.event
        window = "".join(
            f"{words} {value} "
            for words, value in (("at least", self.at_least), ("within", self.within))
            if value is not None
        )
        return f"{window}{_WORDS[self.relation]} {other}"

    def edge(self, node: Any, *, end: bool = True) -> Edge:
        """The constraint this relation, carried by the day ``node``, puts on the two days
        (``end=False``: on the other event's first day even with ``of="end"``, for an event of
        one day)."""
        low_days = 0 if self.at_least is None else window_days(self.at_least)[0]
        high_days = None if self.within is None else window_days(self.within)[1]
        why = self.describe()
        target = self.target if end else self.event
        match self.relation:
            case "after" | "not_before":
                low = max(low_days, 1 if self.relation == "after" else 0)
                return Edge(earlier=target, later=node, low=low, high=high_days, why=why)
            case "before" | "not_after":
                low = max(low_days, 1 if self.relation == "before" else 0)
                return Edge(earlier=node, later=target, low=low, high=high_days, why=why)
            case _:
                return Edge(earlier=target, later=node, low=0, high=0, why=why)


def After(  # noqa: N802 - named like the classes it stands with (a relation, not an action)
    event: str, *, within: str | None = None, at_least: str | None = None, of: str | None = None
) -> Relation:
    """The carrying event's day is later than ``event``'s (``within``: by at most that long;
    ``at_least``: by at least that long)."""
    return Relation(relation="after", event=event, within=within, at_least=at_least, of=of)


def Before(  # noqa: N802
    event: str, *, within: str | None = None, at_least: str | None = None, of: str | None = None
) -> Relation:
    """The carrying event's day is earlier than ``event``'s (windows as for ``After``)."""
    return Relation(relation="before", event=event, within=within, at_least=at_least, of=of)


def NotBefore(  # noqa: N802
    event: str, *, within: str | None = None, at_least: str | None = None, of: str | None = None
) -> Relation:
    """The carrying event's day is ``event``'s day or later (windows as for ``After``)."""
    return Relation(relation="not_before", event=event, within=within, at_least=at_least, of=of)


def NotAfter(  # noqa: N802
    event: str, *, within: str | None = None, at_least: str | None = None, of: str | None = None
) -> Relation:
    """The carrying event's day is ``event``'s day or earlier (windows as for ``After``)."""
    return Relation(relation="not_after", event=event, within=within, at_least=at_least, of=of)


def SameDay(  # noqa: N802
    event: str, *, within: str | None = None, at_least: str | None = None, of: str | None = None
) -> Relation:
    """The carrying event happened on ``event``'s day (a window is refused)."""
    return Relation(relation="same_day", event=event, within=within, at_least=at_least, of=of)
