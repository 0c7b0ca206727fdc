"""Events to dicts and back: stable tags, schema versions, the upcaster, and clear errors."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier, parse_date
from mopr_timeline.events import (
    KINDS,
    CongressHeld,
    DelegateGroup,
    FiguresReported,
    SectionEstablished,
    SerialError,
    Source,
    event_from_dict,
    event_to_dict,
)

CONGRESS = CongressHeld(
    id="c1",
    when="1924-07-14",
    name="1st International Conference",
    location="Moscow",
    delegates=165,
    delegate_groups=(DelegateGroup(label="CP", count=91),),
    source=Source(title="International Red Aid", pages="3", quotation="“MOPR”"),
)


def stored(event: Any) -> dict[str, Any]:
    """The dict as it comes back from JSON storage."""
    data: dict[str, Any] = json.loads(json.dumps(event_to_dict(event)))
    return data


def test_the_dict_has_type_schema_and_every_field() -> None:
    data = stored(CONGRESS)
    assert data["type"] == "CongressHeld"
    assert data["schema"] == KINDS["CongressHeld"].schema == 1
    assert set(data) == {
        "type", "schema", "id", "source", "when", "name", "location", "delegates",
        "delegate_groups",
    }  # fmt: skip
    assert data["delegate_groups"] == [{"label": "CP", "count": 91}]
    assert data["source"] == {"title": "International Red Aid", "pages": "3", "quotation": "“MOPR”"}


def test_fuzzy_dates_are_written_as_text_bounds_precision_and_qualifier() -> None:
    event = SectionEstablished(id="s", when=parse_date("before 1933"), country="Germany")
    assert stored(event)["when"] == {
        "text": "before 1933",
        "earliest": None,
        "latest": "1932-12-31",
        "precision": "year",
        "qualifier": "before",
    }


def test_spans_are_written_as_text_start_and_end() -> None:
    when = stored(CONGRESS)["when"]
    assert set(when) == {"text", "start", "end"}
    assert when["start"]["earliest"] == when["end"]["latest"] == "1924-07-14"


def test_every_type_has_a_schema_version() -> None:
    assert all(spec.schema >= 1 for spec in KINDS.values())
    assert KINDS["SectionEstablished"].schema == 2


def test_round_trip_keeps_everything() -> None:
    figures = FiguresReported(
        id="f", when="1928", members=8_900_000, sections=44, note="n", excluding=("USSR",)
    )
    for event in (CONGRESS, figures):
        assert event_from_dict(stored(event)) == event


def test_equal_dates_share_one_instance_after_reading() -> None:
    a, b = (event_from_dict(stored(CONGRESS)) for _ in range(2))
    assert isinstance(a, CongressHeld)
    assert isinstance(b, CongressHeld)
    assert a.when.start is b.when.start


# --- upcasting ------------------------------------------------------------------------------

SCHEMA_1 = {
    "type": "SectionEstablished",
    "schema": 1,
    "id": "rhd",
    "source": {"title": "International Red Aid", "pages": None, "quotation": None},
    "when": "Aug. 1925",
    "country": "Germany",
    "group": "Red Aid of Germany (Rote Hilfe Deutschlands)",
}


def test_schema_1_section_is_upcast() -> None:
    event = event_from_dict(copy.deepcopy(SCHEMA_1))
    assert event == SectionEstablished(
        id="rhd",
        source=Source(title="International Red Aid"),
        when=parse_date("Aug. 1925"),
        country="Germany",
        name="Red Aid of Germany (Rote Hilfe Deutschlands)",
    )
    assert stored(event)["schema"] == 2
    assert "group" not in stored(event)


@pytest.mark.parametrize(
    ("change", "field", "reason"),
    [
        ({"when": "the spring of the revolution"}, "when", "expected a date"),
        ({"when": None}, "when", "date text"),
        ({"group": 5}, "name", "expected text"),
    ],
)
def test_bad_schema_1_record_is_a_clear_error(
    change: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(SerialError) as info:
        event_from_dict({**SCHEMA_1, **change})
    assert info.value.field == field
    assert reason in str(info.value)


def test_schema_1_without_group_is_a_clear_error() -> None:
    old = {k: v for k, v in SCHEMA_1.items() if k != "group"}
    with pytest.raises(SerialError, match="group: missing"):
        event_from_dict(old)


# --- errors ---------------------------------------------------------------------------------


def broken(path: list[Any], value: Any = ..., event: Any = CONGRESS) -> dict[str, Any]:
    data = stored(event)
    target = data
    for key in path[:-1]:
        target = target[key]
    if value is ...:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "field", "reason"),
    [
        (broken(["type"], "Abolished"), "type", "unknown event type 'Abolished'"),
        (broken(["type"]), "type", "missing"),
        (broken(["schema"]), "schema", "missing"),
        (broken(["schema"], 2), "schema", "schema versions 1 to 1"),
        (broken(["schema"], "1"), "schema", "schema versions"),
        (broken(["schema"], True), "schema", "schema versions"),
        (broken(["name"]), "name", "missing"),
        (broken(["id"]), "id", "missing"),
        (broken(["extra"], 1), "extra", "unknown field"),
        (broken(["name"], 5), "name", "expected text"),
        (broken(["name"], " "), "name", "non-empty text"),
        (broken(["delegates"], "165"), "delegates", "whole number"),
        (broken(["delegates"], True), "delegates", "whole number"),
        (broken(["delegates"], -1), "delegates", "from 0 to 9,007,199,254,740,991"),
        (broken(["delegate_groups"], "CP"), "delegate_groups", "expected a list"),
        (broken(["delegate_groups", 0, "count"], "x"), "delegate_groups[0].count", "whole"),
        (broken(["delegate_groups", 0, "label"]), "delegate_groups[0].label", "missing"),
        (broken(["source", "title"]), "source.title", "missing"),
        (broken(["source"], "Wikipedia"), "source", "expected a Source object"),
        (broken(["when"], "1924"), "when", "expected a fuzzy span object"),
        (broken(["when", "start"]), "when.start", "missing"),
        (broken(["when", "start", "earliest"], "1924-02-30"), "when.start.earliest", "day"),
        (broken(["when", "start", "earliest"], "July 1924"), "when.start.earliest", "ISO"),
        (broken(["when", "start", "earliest"], 1924), "when.start.earliest", "ISO"),
        (broken(["when", "end", "latest"], "1924-07-13"), "when.end", "after the latest"),
        (broken(["when", "start", "precision"], "week"), "when.start.precision", "one of"),
        (broken(["when", "start", "qualifier"], None), "when.start.qualifier", "one of"),
        (broken(["when", "start", "text"], None), "when.start.text", "expected text"),
        (broken(["when", "start", "extra"], 1), "when.start.extra", "unknown field"),
        ([1, 2], "", "expected an event object"),
    ],
)
def test_bad_data_names_the_field(data: Any, field: str, reason: str) -> None:
    with pytest.raises(SerialError) as info:
        event_from_dict(data)
    assert info.value.field == field
    assert reason in info.value.reason


def test_wrong_span_order_is_rejected() -> None:
    late = FuzzyDate.exact(parse_date("1925-01-01").earliest)  # type: ignore[arg-type]
    early = FuzzyDate(
        earliest=None,
        latest=parse_date("1924-12-31").latest,
        precision=Precision.DAY,
        qualifier=Qualifier.BEFORE,
    )
    data = stored(CONGRESS)
    data["when"] = {
        "text": "x",
        "start": stored(SectionEstablished(id="a", when=late, country="c"))["when"],
        "end": stored(SectionEstablished(id="b", when=early, country="c"))["when"],
    }
    with pytest.raises(SerialError, match="cannot end"):
        event_from_dict(data)
    assert FuzzySpan(start=early, end=late).start is early
