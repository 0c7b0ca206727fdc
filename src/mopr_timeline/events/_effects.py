"""What an event does to the organization's state, in a small vocabulary of effects.

Every fact of a state belongs to a *family* (``"sections"``, ``"leaders"``...), and every
family has one of four shapes:

* **keyed**: several facts at once, one per key, each opened and closed by events (a national
  section per country; periodicals by title);
* **slot**: one value at a time, each value succeeding the previous one (the chair, the
  governing body's name);
* **accumulating**: values gathered from events and never lost (the organization's names);
* **record**: each event is a fact of its own once its day has come (a congress held, figures
  reported).

Effects name the family they act on, and the event field holding the key or value:

========================  ========================================================
``Founds()``              the organization exists from here
``Dissolves()``           it ends here, and so do the facts of the organization
``Opens(f, key=k)``       a keyed fact of ``f`` holds for the event's ``k`` from here
``Closes(f, key=k)``      it no longer holds for the event's ``k``
``Succeeds(f, value=v)``  the slot ``f`` holds the event's ``v`` from here
``Vacates(f, value=v)``   the slot ``f`` no longer holds ``v``, if it did
``Accumulates(f, ...)``   the values of the named fields are known from here on
``Begins(f)``             the event itself is a fact of ``f`` from its (first) day
``Reports(f, ...)``       likewise, for figures reported as of the event's day
========================  ========================================================

A kind with no effect changes no state and appears in chronologies only.

**Facts of the organization.** The facts of a keyed, slot or accumulating family are, unless
declared otherwise (``of_organization=False``), facts *of the organization*: on a day they
hold only if the organization has been founded on or before it, and they end when it is
dissolved, except a keyed fact that has a closing event of its own (it outlives the
dissolution until that event). Records (``Begins``, ``Reports``) are records of the past and
keep counting.
"""

from __future__ import annotations

import enum
import keyword
from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "RESERVED_FAMILY_NAMES",
    "Accumulates",
    "Begins",
    "Closes",
    "Dissolves",
    "Effect",
    "Founds",
    "Opens",
    "Reports",
    "Shape",
    "Succeeds",
    "Vacates",
    "family_name_problem",
]

RESERVED_FAMILY_NAMES = frozenset({"organization", "date", "as_of", "exists", "families"})
"""Names a family cannot take: a state's JSON uses them for itself."""


class Shape(enum.Enum):
    """How the facts of a family come and go."""

    KEYED = "keyed"
    SLOT = "slot"
    ACCUMULATING = "accumulating"
    RECORD = "record"


def family_name_problem(name: object) -> str | None:
    """Why ``name`` cannot name a family (None when it can)."""
    if not isinstance(name, str) or not name.isidentifier() or keyword.iskeyword(name):
        return f"a family is named by a Python identifier (e.g. 'periodicals'), not {name!r}"
    if name.startswith("_"):
        return f"family names cannot start with '_' ({name!r})"
    if name in RESERVED_FAMILY_NAMES:
        return f"{name!r} is reserved (a state's own {', '.join(sorted(RESERVED_FAMILY_NAMES))})"
    return None


def _names(value: Iterable[str]) -> tuple[str, ...]:
    """Field names given as any iterable (a list, a tuple) as a tuple."""
    return tuple(value)


def _pairs(value: Mapping[str, str] | Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """``{field: family}`` (or its items) as a tuple of pairs."""
    items = value.items() if isinstance(value, Mapping) else value
    return tuple((str(field), str(family)) for field, family in items)


@attrs.frozen
class Founds:
    """The organization exists from the event's day."""


@attrs.frozen
class Dissolves:
    """The organization ends on the event's day; so does every fact of a family declared to
    end with it (a keyed fact that has a closing event of its own outlives it until then)."""


@attrs.frozen
class Opens:
    """A fact of the keyed family ``family`` holds for the event's ``key`` field from its day.

    ``shows`` are the event's fields a state shows beside the key (in that order), and
    ``since`` the name under which it shows the event's date (EDTF). ``of_organization``: the
    fact holds only from the founding on, and the dissolution ends it unless the key has a
    closing event of its own.
    """

    family: str
    key: str = attrs.field(kw_only=True)
    shows: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)
    since: str = attrs.field(default="since", kw_only=True)
    of_organization: bool = attrs.field(default=True, kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.KEYED


@attrs.frozen
class Closes:
    """The fact of the keyed family ``family`` no longer holds for the event's ``key``."""

    family: str
    key: str = attrs.field(kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.KEYED


@attrs.frozen
class Succeeds:
    """The slot ``family`` holds the event's ``value`` field from its day, replacing whatever
    it held. ``of_organization``: the slot holds a value only from the founding on, and the
    dissolution empties it."""

    family: str
    value: str = attrs.field(kw_only=True)
    of_organization: bool = attrs.field(default=True, kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.SLOT


@attrs.frozen
class Vacates:
    """The slot ``family`` no longer holds the event's ``value`` (if it held another value,
    nothing changes); no successor is named."""

    family: str
    value: str = attrs.field(kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.SLOT


@attrs.frozen
class Accumulates:
    """The values of the event's fields ``values`` (texts or tuples of texts) are facts of the
    family ``family`` from its day on. ``of_organization``: they hold only from the founding on,
    and end at a dissolution (an event giving them again after it gives them again);
    otherwise they stay for good."""

    family: str
    values: tuple[str, ...] = attrs.field(converter=_names, kw_only=True)
    of_organization: bool = attrs.field(default=True, kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.ACCUMULATING


@attrs.frozen
class Begins:
    """The event is a fact of the family ``family`` from its day (a span event's first day);
    ``shows`` are the fields a state shows of it."""

    family: str
    shows: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.RECORD


@attrs.frozen
class Reports:
    """Figures reported as of the event's day: a fact of ``family`` from that day, like
    ``Begins``. A state shows the fields ``shows``, its figures (whole numbers) only when set.

    ``counts`` maps a field to the family whose facts it counts (``sections`` counts the
    ``"sections"`` family), and ``excluding`` names the field listing keys the counts leave
    out, so that ``check`` can set each count beside the facts the log derives for that day.
    """

    family: str
    shows: tuple[str, ...] = attrs.field(default=(), converter=_names, kw_only=True)
    counts: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_pairs, kw_only=True)
    excluding: str | None = attrs.field(default=None, kw_only=True)

    @property
    def shape(self) -> Shape:
        return Shape.RECORD


Effect = Founds | Dissolves | Opens | Closes | Succeeds | Vacates | Accumulates | Begins | Reports
"""Every effect an event kind may declare."""
