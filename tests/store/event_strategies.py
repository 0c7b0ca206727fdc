"""Hypothesis strategies for every registered event kind, each optional field sometimes set,
sometimes not (the library's public strategies, derived from the kinds' declarations)."""

from __future__ import annotations

from hypothesis import strategies as st

from mopr_timeline.events import Event
from mopr_timeline.strategies import events as _events
from wir_kinds import WIR_KINDS

__all__ = ["WIR_KINDS", "events"]


def events(kind: type[Event] | None = None) -> st.SearchStrategy[Event]:
    """Events of one kind, or of any registered kind (the test kinds of ``wir_kinds``
    included)."""
    return _events(kind)
