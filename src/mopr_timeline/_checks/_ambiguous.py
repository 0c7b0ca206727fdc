"""Dates whose text had more than one common reading (``1800s``, ``1918-21``, ``10/7/2008``).

Such a date is stored with bounds that cover every reading, so nothing the log answers is
falsely precise; but it is wider than the source may have meant, and a reader who knows which
reading the source meant can narrow it by writing that one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from mopr_timeline._checks._report import EventRef, Finding, FindingKind, quoted
from mopr_timeline.dates import Certainty, FuzzyDate, FuzzySpan
from mopr_timeline.events import Event

__all__ = ["ambiguous_dates"]


def _dates(event: Event) -> Iterator[tuple[str, FuzzyDate | FuzzySpan]]:
    """The event's fields holding a day or a span (its ``when`` first), by name."""
    if not attrs.has(type(event)):
        return
    names = sorted(
        (field.name for field in attrs.fields(type(event))), key=lambda name: name != "when"
    )
    for name in names:
        value = getattr(event, name, None)
        if isinstance(value, FuzzyDate | FuzzySpan):
            yield name, value


def _bounds(value: FuzzyDate | FuzzySpan) -> str:
    if isinstance(value, FuzzySpan):
        return f"{value.start.bounds_text()} to {value.end.bounds_text()}"
    return value.bounds_text()


def ambiguous_dates(events: Sequence[Event]) -> list[Finding]:
    """One certain finding per day or span (of any kind's field) read from an ambiguous text."""
    findings = []
    for event in events:
        for name, value in _dates(event):
            if not value.ambiguous:
                continue
            field = "date" if name == "when" else f"{name!r}"
            findings.append(
                Finding(
                    kind=FindingKind.AMBIGUOUS_DATE,
                    certainty=Certainty.CERTAIN,
                    message=(
                        f"{event.id}'s {field} {quoted(value.text)} has more than one common "
                        f"reading, so its bounds ({_bounds(value)}) cover all of them: if the "
                        "source meant one, write that one (e.g. 1918-1921, 1800-1809, "
                        "10 July 2008) to narrow it"
                    ),
                    events=(EventRef.of(event),),
                )
            )
    return findings
