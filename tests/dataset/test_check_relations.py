"""`check` compares dates as relations narrow them: a claim that a relation places after the
founding is not reported as possibly before it, and one that a relation places after another
report is not reported as possibly on the same day."""

from __future__ import annotations

import mopr_timeline as mt
from mopr_timeline.check import FindingKind, check

ARTICLE = mt.Source(title="An article")
BOOK = mt.Source(title="A book")


def _report(*events: mt.Event) -> list[FindingKind]:
    store = mt.MemoryStore()
    store.append(
        "wir",
        [mt.Founded(id="founded", when="1 May 1922", name="Red Aid", source=ARTICLE), *events],
    )
    return [finding.kind for finding in check(mt.Timeline(store, "wir")).findings]


def test_a_claim_dated_not_before_the_founding_is_not_possibly_before_it() -> None:
    section = {"id": "section-peru", "when": "before 1933", "country": "Peru", "source": BOOK}
    assert FindingKind.POSSIBLY_BEFORE_FOUNDING in _report(mt.SectionEstablished(**section))
    kinds = _report(mt.SectionEstablished(**section, relations=(mt.NotBefore("founded"),)))
    assert FindingKind.POSSIBLY_BEFORE_FOUNDING not in kinds
    assert FindingKind.NARROWED_DATE in kinds


def test_reports_ordered_by_a_relation_are_not_possibly_the_same_day() -> None:
    earlier = mt.FiguresReported(
        id="figures-1928", when="January 1, 1928", sections=44, source=ARTICLE
    )
    later = {"id": "figures-1931", "when": "By January 1, 1931", "sections": 58, "source": BOOK}
    assert FindingKind.UNDECLARED_DISPUTE in _report(earlier, mt.FiguresReported(**later))
    kinds = _report(earlier, mt.FiguresReported(**later, relations=(mt.After("figures-1928"),)))
    assert FindingKind.UNDECLARED_DISPUTE not in kinds
