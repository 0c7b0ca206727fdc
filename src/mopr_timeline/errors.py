"""The root of every error the library raises on purpose.

``except mopr_timeline.MoprTimelineError`` catches every error that is about the caller's
input or data (a date that cannot be read, an event that cannot be built, a store that cannot
be opened, an altered log...), never a bug in the library: that surfaces as any other Python
exception. Errors about a value the caller gave are also ``ValueError`` (a date text, an event
field, an ``as_of``...); errors about stored data (``IntegrityError``, ``RecordError``) are not.
"""

from __future__ import annotations

__all__ = ["MoprTimelineError"]


class MoprTimelineError(Exception):
    """Base of every error mopr_timeline raises on purpose: what, where and why."""
