"""A date read from a text with more than one common reading is stored as ambiguous (and only
such a date gains the key, so every stored record reads and hashes as before), and ``check``
reports it, for any kind's day or span."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import mopr_timeline as mt
from mopr_timeline.check import CheckReport, Finding, FindingKind, check, check_path
from mopr_timeline.events import registry_scope
from wir_kinds import CampaignHeld, wir_log

SOURCE = mt.Source(title="A finding aid")
ROOT = Path(__file__).resolve().parents[2]


def _of(report: CheckReport, kind: FindingKind) -> list[Finding]:
    return [f for f in report.findings if f.kind is kind]


def test_the_shipped_log_has_no_ambiguous_date_and_its_records_are_unchanged() -> None:
    report = check_path()
    assert report.ok
    assert _of(report, FindingKind.AMBIGUOUS_DATE) == []
    lines = (ROOT / "events" / "mopr.jsonl").read_bytes().splitlines()
    upcast = 0
    for line in lines:
        stored = json.loads(line)["event"]
        assert "ambiguous" not in json.dumps(stored)
        if stored["schema"] < mt.KINDS[stored["type"]].schema:
            upcast += 1  # read through its kind's upcaster (FiguresReported schema 1)
            continue
        assert mt.event_to_dict(mt.event_from_dict(stored)) == stored
    assert upcast == 6


def test_an_ambiguous_date_is_stored_with_the_key_and_reads_back() -> None:
    event = mt.SectionEstablished(id="s", when="1918-21", country="Lithuania", source=SOURCE)
    assert event.when.ambiguous
    stored = mt.event_to_dict(event)
    assert stored["when"] == {
        "ambiguous": True,
        "earliest": "1918-01-01",
        "latest": "1921-12-31",
        "precision": "year",
        "qualifier": "none",
        "text": "1918-21",
    }
    assert list(stored["when"]) == sorted(stored["when"])
    assert mt.event_from_dict(stored) == event
    plain = mt.event_to_dict(mt.SectionEstablished(id="p", when="1918", country="Lithuania"))
    assert "ambiguous" not in plain["when"]
    old = dict(stored, when={k: v for k, v in stored["when"].items() if k != "ambiguous"})
    assert not mt.event_from_dict(old).when.ambiguous


@pytest.mark.parametrize("value", [1, "yes", None, 0.5])
def test_a_stored_ambiguity_that_is_not_a_bool_is_refused(value: object) -> None:
    stored = mt.event_to_dict(mt.SectionEstablished(id="s", when="1800s", country="Chile"))
    stored["when"]["ambiguous"] = value
    with pytest.raises(mt.SerialError, match="ambiguous"):
        mt.event_from_dict(stored)


def test_check_reports_ambiguous_days_and_spans_of_any_kind(tmp_path: Path) -> None:
    with registry_scope():
        store = mt.FileStore(tmp_path)
        store.append(
            "wir",
            [
                *wir_log(),
                mt.SectionEstablished(id="amb-day", when="10/7/1925", country="X", source=SOURCE),
                CampaignHeld(id="amb-span", when="1918-21", name="Famine relief", source=SOURCE),
            ],
        )
        report = check(mt.Timeline(mt.FileStore(tmp_path), "wir"))
    assert report.ok, report.integrity_errors
    found = {f.events[0].id: f for f in _of(report, FindingKind.AMBIGUOUS_DATE)}
    assert set(found) == {"amb-day", "amb-span"}
    day = found["amb-day"]
    assert day.certainty is mt.Certainty.CERTAIN
    assert '"10/7/1925"' in day.message
    assert "1925-07-10..1925-10-07" in day.message
    span = found["amb-span"].message
    assert "1918-01-01..1918-12-31 to 1918-03-01..1921-12-31" in span
    assert report.to_dict()["findings"][-1]["kind"] == "ambiguous-date"
    assert "[ambiguous-date, certain]" in report.to_text()
