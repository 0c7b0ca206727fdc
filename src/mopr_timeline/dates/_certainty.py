"""Three-valued answers: Kleene's strong logic over CERTAIN > POSSIBLE > IMPOSSIBLE."""

from __future__ import annotations

import enum

__all__ = ["Certainty"]


class Certainty(enum.Enum):
    """How sure an answer is, judged over every refinement of the fuzzy dates involved.

    ``&`` is Kleene's conjunction (the minimum), ``|`` the disjunction (the maximum) and ``~``
    the negation (CERTAIN and IMPOSSIBLE swap, POSSIBLE stays). A ``Certainty`` refuses to be
    used as a bool, so ``if a.before(b):`` cannot silently treat POSSIBLE as true.
    """

    IMPOSSIBLE = "impossible"
    POSSIBLE = "possible"
    CERTAIN = "certain"

    @property
    def rank(self) -> int:
        """0 for IMPOSSIBLE, 1 for POSSIBLE, 2 for CERTAIN."""
        return _RANK[self]

    @property
    def is_certain(self) -> bool:
        return self is Certainty.CERTAIN

    @property
    def is_possible(self) -> bool:
        """True for CERTAIN and POSSIBLE: the answer holds in at least one refinement."""
        return self is not Certainty.IMPOSSIBLE

    @classmethod
    def of(cls, always: bool, sometimes: bool) -> Certainty:
        """CERTAIN when ``always``, POSSIBLE when only ``sometimes``, IMPOSSIBLE otherwise."""
        if always:
            return cls.CERTAIN
        return cls.POSSIBLE if sometimes else cls.IMPOSSIBLE

    def __and__(self, other: Certainty) -> Certainty:
        if not isinstance(other, Certainty):
            return NotImplemented
        return self if _RANK[self] <= _RANK[other] else other

    def __or__(self, other: Certainty) -> Certainty:
        if not isinstance(other, Certainty):
            return NotImplemented
        return self if _RANK[self] >= _RANK[other] else other

    def __invert__(self) -> Certainty:
        return _NEGATION[self]

    def __bool__(self) -> bool:
        raise TypeError(
            f"Certainty.{self.name} is three-valued and has no truth value; "
            "use .is_certain or .is_possible, or compare with a Certainty member"
        )

    def __str__(self) -> str:
        return self.value


_RANK = {Certainty.IMPOSSIBLE: 0, Certainty.POSSIBLE: 1, Certainty.CERTAIN: 2}
_NEGATION = {
    Certainty.IMPOSSIBLE: Certainty.CERTAIN,
    Certainty.POSSIBLE: Certainty.POSSIBLE,
    Certainty.CERTAIN: Certainty.IMPOSSIBLE,
}
