"""Hypothesis strategies for your own property tests (needs the ``test`` extra).

Dates:

- ``days()``: exact days as pendulum dates.
- ``fuzzy_dates()``: ``FuzzyDate`` values, open bounds included.
- ``fuzzy_spans()``: ``FuzzySpan`` values whose start may come before its end.
- ``date_texts()``: ``(text, earliest, latest)`` in every form ``parse_date`` reads, with the
  bounds worked out independently of the parser.
- ``refinements(date)``: the exact days a fuzzy date may be.

Events, derived from the registered kinds' declarations (your own kinds included):

- ``events(kinds=None, ...)``: events with every field drawn by its declared type.
- ``logs(kinds=None, ...)``: small logs of such events, with retractions now and then
  (``max_relations``: with relations between their events, ``mt.After`` and the like).
- ``relations(ids, windows=...)``: relations to the events ``ids`` draws, with windows or not.
- ``keeping_implied(events, recorded=())`` (a plain function): ``events`` as a store takes
  them after ``recorded``, each that would contradict a relation the kinds imply (a closing
  dated before the opening it ends) given an unknown date; ``logs`` applies it.

Relations between days (``mopr_timeline.network``):

- ``networks(max_nodes=6, ...)``: consistent ``(dates, edges)`` for a ``DayNetwork``, derived
  from hidden days that satisfy them.

A refinement of several dates is one exact day drawn from each; every three-valued answer is
defined by them (certain: true in every refinement; impossible: in none), so a property test
can check an answer against its refinements::

    @given(fuzzy_dates(), fuzzy_dates(), st.data())
    def test_before_is_sound(a, b, data):
        answer = a.before(b)
        day_a, day_b = data.draw(refinements(a)), data.draw(refinements(b))
        assert answer is not Certainty.CERTAIN or day_a < day_b
"""

try:
    import hypothesis  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "mopr_timeline.strategies needs hypothesis: pip install 'mopr_timeline[test]'"
    ) from error

from mopr_timeline.strategies._dates import (
    date_texts,
    days,
    fuzzy_dates,
    fuzzy_spans,
    refinements,
)
from mopr_timeline.strategies._events import events, keeping_implied, logs, relations
from mopr_timeline.strategies._networks import networks

__all__ = [
    "date_texts",
    "days",
    "events",
    "fuzzy_dates",
    "fuzzy_spans",
    "keeping_implied",
    "logs",
    "networks",
    "refinements",
    "relations",
]
