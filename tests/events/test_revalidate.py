"""``revalidate``: the validators a store runs again before writing, one function per class.

It must refuse exactly what ``attrs.validate`` refuses, with the same error, for every field of
every kind (the hostile values of ``hostile_values``), and pass every valid event, including
the empty ``contradicts`` and ``relations`` whose validators it skips.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from hostile_values import CASES, LIBRARY_KINDS, good
from mopr_timeline.events import EventError, Founded, revalidate
from wir_kinds import wir_log


def _outcome(check: Any, event: Any) -> tuple[type[BaseException], str] | None:
    try:
        check(event)
    except Exception as exc:  # the error itself is what is compared
        return type(exc), str(exc)
    return None


@pytest.mark.parametrize(
    ("kind", "field", "value"), CASES, ids=[f"{k}.{f}-{i}" for i, (k, f, _) in enumerate(CASES)]
)
def test_a_value_set_past_the_checks_is_refused_as_attrs_refuses_it(
    kind: str, field: str, value: Any
) -> None:
    event = good(kind)
    object.__setattr__(event, field, value)
    expected = _outcome(attrs.validate, event)
    assert _outcome(revalidate, event) == expected


@pytest.mark.parametrize("kind", LIBRARY_KINDS)
def test_every_valid_event_passes(kind: str) -> None:
    revalidate(good(kind))
    revalidate(attrs.evolve(good(kind), contradicts=()))


def test_kinds_of_your_own_pass() -> None:
    for event in wir_log():
        revalidate(event)


@pytest.mark.parametrize("empty", [[], (), ""])
def test_only_the_empty_tuple_skips_the_check_of_a_field_held_only_when_set(empty: Any) -> None:
    event = Founded(id="f", when="1922", name="International Red Aid")
    for field in ("contradicts", "relations"):
        spoiled = attrs.evolve(event)
        object.__setattr__(spoiled, field, empty)
        if empty == () and type(empty) is tuple:
            revalidate(spoiled)
        else:
            with pytest.raises(EventError, match=field):
                revalidate(spoiled)


def test_a_contradiction_of_itself_is_still_found() -> None:
    event = Founded(id="f", when="1922", name="International Red Aid")
    object.__setattr__(event, "contradicts", ("f",))
    with pytest.raises(EventError, match="cannot contradict itself"):
        revalidate(event)
