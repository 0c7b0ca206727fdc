"""The command line's relation flags (``append --after ID --within "3 months"``...) and the
words ``explain`` prints."""

from __future__ import annotations

from typing import Any

from mopr_timeline.events import EventError, Relation
from mopr_timeline.replay import Narrowed

__all__ = ["RELATION_FLAGS", "WINDOW_FLAGS", "explained", "narrowed_json", "relations_from_flags"]

RELATION_FLAGS = {
    "after": "after",
    "before": "before",
    "not_before": "not_before",
    "not_after": "not_after",
    "same_day": "same_day",
}
"""Option name (as click passes it) -> the relation it records."""
WINDOW_FLAGS = ("within", "at_least", "of")


def _flag(name: str) -> str:
    return "--" + name.replace("_", "-")


def relations_from_flags(flags: dict[str, Any]) -> tuple[Relation, ...]:
    """The relations the flags give (and removes them from ``flags``).

    Each relation flag takes one event id and may be repeated; ``--within``, ``--at-least``
    and ``--of`` belong to the one relation given, so they are refused (``EventError``) with
    several: those are written in ``--json`` (its ``"relations"``)."""
    given = [
        (relation, target)
        for name, relation in RELATION_FLAGS.items()
        for target in flags.pop(name, ()) or ()
    ]
    window = {name: flags.pop(name, None) for name in WINDOW_FLAGS}
    used = [name for name, value in window.items() if value is not None]
    if used and len(given) != 1:
        flag = _flag(used[0])
        why = (
            "it needs a relation flag (--after ID, --before ID, --not-before ID, --not-after ID, "
            "--same-day ID)"
            if not given
            else "with several relations it would not say which one it belongs to; give the "
            'relations in --json as "relations" instead'
        )
        raise EventError("Relation", used[0], f"{flag}: {why}")
    return tuple(Relation(relation=relation, event=target, **window) for relation, target in given)


def explained(narrowed: Narrowed, kind: str) -> list[str]:
    """The lines ``explain`` prints: the event, its own date, its narrowed bounds and the
    chain behind each narrowed bound."""
    own = narrowed.own
    lines = [f"{narrowed.event} ({kind}), dated {own.text or own.bounds_text()}"]
    if not narrowed.is_narrowed:
        lines.append(f"not narrowed by any relation: {own.bounds_text() or 'open'}")
        return lines
    lines.append(f"narrowed to {narrowed.date.bounds_text()} (own bounds {own.bounds_text()})")
    lines.extend(narrowed.reasons)
    return lines


def narrowed_json(narrowed: Narrowed, kind: str) -> dict[str, Any]:
    """``explain --format json``: the event, its own and narrowed bounds, the reasons."""

    def day(value: Any) -> str | None:
        return None if value is None else value.isoformat()

    return {
        "event": narrowed.event,
        "type": kind,
        "text": narrowed.own.text,
        "own": {"earliest": day(narrowed.own.earliest), "latest": day(narrowed.own.latest)},
        "earliest": day(narrowed.earliest),
        "latest": day(narrowed.latest),
        "narrowed": narrowed.is_narrowed,
        "reasons": list(narrowed.reasons),
    }
