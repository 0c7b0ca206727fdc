"""Golden questions about MOPR, answered by hand from the article by the replay rules.

Each expectation is worked out from the source's dates alone (founded 1922; leaders 1922,
1925, 1927, until 1937; Central Committee 1922, Executive Committee "After 1924"; dissolved
1941, Soviet affiliate 1947; the affiliates table) and asserted on ``load().state_at``.
"""

from __future__ import annotations

from typing import Any

import pytest
from dataset_support import AFFILIATES, ARTICLE, RYLE, USSR

import mopr_timeline as mt

CERTAIN, POSSIBLE, IMPOSSIBLE = "certain", "possible", "impossible"


def _state(timeline: mt.Timeline, when: str) -> dict[str, Any]:
    state: dict[str, Any] = timeline.state_at(when).to_dict()
    return state


def _values(state: dict[str, Any], key: str) -> dict[str, str]:
    """``value -> certainty`` of a list of facts; absent values are impossible."""
    return {fact["value"]: fact["certainty"] for fact in state[key]}


def _section(state: dict[str, Any], country: str) -> str:
    found = [s["certainty"] for s in state["sections"] if s["country"] == country]
    assert len(found) <= 1, found
    return found[0] if found else IMPOSSIBLE


def _congress(state: dict[str, Any], name: str) -> str:
    found = [c["certainty"] for c in state["congresses"] if c["name"] == name]
    return found[0] if found else IMPOSSIBLE


def _report(state: dict[str, Any], **figures: int) -> str:
    found = [
        r["certainty"]
        for r in state["reports"]
        if all(r.get(key) == value for key, value in figures.items())
    ]
    return found[0] if found else IMPOSSIBLE


@pytest.mark.parametrize(
    ("when", "exists"),
    [
        ("1921-12-31", IMPOSSIBLE),  # founded in 1922
        ("1922-06-01", POSSIBLE),  # some day in 1922
        ("1922", POSSIBLE),  # an unknown day of 1922 against an unknown day of 1922
        ("1923-01-01", CERTAIN),
        ("1930-06-01", CERTAIN),
        ("1940-12-31", CERTAIN),
        ("1941-06-01", POSSIBLE),  # dissolved some day in 1941
        ("1942-01-01", IMPOSSIBLE),
        ("1947-06-01", IMPOSSIBLE),
    ],
)
def test_existence(timeline: mt.Timeline, when: str, exists: str) -> None:
    assert _state(timeline, when)["exists"] == exists


@pytest.mark.parametrize(
    ("when", "leaders"),
    [
        ("1923-06-01", {"Julian Marchlewski": CERTAIN}),
        ("1925-06-01", {"Julian Marchlewski": POSSIBLE, "Panteleimon Lepeshinsky": POSSIBLE}),
        ("1926-01-01", {"Panteleimon Lepeshinsky": CERTAIN}),
        ("1927-06-01", {"Panteleimon Lepeshinsky": POSSIBLE, "Elena Stasova": POSSIBLE}),
        ("1930-06-01", {"Elena Stasova": CERTAIN}),
        ("1937-06-01", {"Elena Stasova": POSSIBLE}),
        ("1938-01-01", {}),  # Stasova left in 1937; no successor is named
    ],
)
def test_leaders(timeline: mt.Timeline, when: str, leaders: dict[str, str]) -> None:
    assert _values(_state(timeline, when), "leaders") == leaders


@pytest.mark.parametrize(
    ("when", "bodies"),
    [
        ("1923-06-01", {"Central Committee": CERTAIN}),
        ("1924-12-31", {"Central Committee": CERTAIN}),  # "After 1924" starts in 1925
        ("1926-01-01", {"Central Committee": POSSIBLE, "Executive Committee": POSSIBLE}),
        ("1935-01-01", {"Central Committee": POSSIBLE, "Executive Committee": POSSIBLE}),
    ],
)
def test_governing_body(timeline: mt.Timeline, when: str, bodies: dict[str, str]) -> None:
    assert _values(_state(timeline, when), "governing_body") == bodies


@pytest.mark.parametrize(
    ("country", "when", "certainty"),
    [
        ("Germany", "1924-09-30", IMPOSSIBLE),  # Oct. 1924
        ("Germany", "1924-10-15", POSSIBLE),
        ("Germany", "1925-01-01", CERTAIN),
        ("Germany", "1942-01-01", IMPOSSIBLE),  # ended with the organization in 1941
        ("Algeria", "1928-01-01", CERTAIN),  # "before 1928"
        ("Algeria", "1927-06-01", POSSIBLE),
        ("India", "1928-06-01", IMPOSSIBLE),  # "after 1928"
        ("India", "1930-06-01", POSSIBLE),
        ("Albania", "1923-06-01", POSSIBLE),  # blank cell: unknown date
        ("Albania", "1930-06-01", POSSIBLE),
        ("Albania", "1940-06-01", POSSIBLE),
        # a blank date may be any day, but the section is a fact of the organization: it holds
        # only within the organization's life (founded 1922, dissolved 1941)
        ("Albania", "1942-01-01", IMPOSSIBLE),
        ("Albania", "1921-06-01", IMPOSSIBLE),
        ("Lithuania", "1920-01-01", IMPOSSIBLE),  # "1918", before the founding
        ("Lithuania", "1923-01-01", CERTAIN),
        ("Belgium", "1925-08-15", POSSIBLE),  # Aug. 1925
        ("Belgium", "1925-09-01", CERTAIN),
        (USSR, "1923-01-01", CERTAIN),  # 1922
        (USSR, "1945-01-01", CERTAIN),  # the Soviet affiliate outlived the organization
        (USSR, "1947-06-01", POSSIBLE),
        (USSR, "1948-01-01", IMPOSSIBLE),
        ("Isle of Timor", "1934-01-01", CERTAIN),
        ("United States of America", "1926-01-01", CERTAIN),
        ("Spain", "1930-06-01", POSSIBLE),  # Sept. 1925 (table) against October 1934 (prose)
        ("Spain", "1935-01-01", CERTAIN),  # both claims (Sept. 1925, October 1934) agree by now
        ("Madagascar", "1934-01-01", CERTAIN),  # both claims ("before 1933", 1933) agree
    ],
)
def test_sections(timeline: mt.Timeline, country: str, when: str, certainty: str) -> None:
    assert _section(_state(timeline, when), country) == certainty


def test_sections_are_named_as_the_table_names_them(timeline: mt.Timeline) -> None:
    state = _state(timeline, "1926-01-01")
    germany = next(s for s in state["sections"] if s["country"] == "Germany")
    assert germany["name"] == "Red Aid of Germany (Rote Hilfe Deutschlands)"


@pytest.mark.parametrize(
    ("name", "when", "certainty"),
    [
        ("1st Plenary Session of the CC of MOPR", "1923-05-31", IMPOSSIBLE),
        ("1st Plenary Session of the CC of MOPR", "1923-06-15", POSSIBLE),  # June 1923
        ("1st Plenary Session of the CC of MOPR", "1923-07-01", CERTAIN),
        ("1st International Conference", "1924-07-13", IMPOSSIBLE),  # July 14–16, 1924
        ("1st International Conference", "1924-07-14", CERTAIN),
        ("2nd International Conference", "1927-03-24", CERTAIN),  # March 24-April 5, 1927
        ("2nd International Conference", "1927-03-23", IMPOSSIBLE),
        ("1st World Congress", "1932-11-15", POSSIBLE),  # November 1932
        ("1st World Congress", "1932-12-01", CERTAIN),
    ],
)
def test_congresses(timeline: mt.Timeline, name: str, when: str, certainty: str) -> None:
    assert _congress(_state(timeline, when), name) == certainty


@pytest.mark.parametrize(
    ("when", "figures", "certainty"),
    [
        ("1928-06-01", {"members": 8_900_000, "sections": 44}, CERTAIN),
        ("1927-12-31", {"members": 8_900_000, "sections": 44}, IMPOSSIBLE),
        ("1931-06-01", {"members": 8_305_454, "sections": 58}, CERTAIN),
        ("1931-06-01", {"sections": 67}, IMPOSSIBLE),  # as of 1 January 1932
        ("1931-06-01", {"sections": 62}, POSSIBLE),  # "By 1932": some day up to 1932
        # 67 on 1 January 1932 disputes "By 1932 ... sixty-two": each holds in some reading
        ("1932-06-01", {"sections": 67}, POSSIBLE),
        ("1932-06-01", {"sections": 62}, POSSIBLE),
        ("1924-06-01", {"sections": 19}, POSSIBLE),  # "As of 1924"
        ("1925-01-01", {"sections": 19}, CERTAIN),
    ],
)
def test_reports(timeline: mt.Timeline, when: str, figures: dict[str, int], certainty: str) -> None:
    assert _report(_state(timeline, when), **figures) == certainty


def test_names(timeline: mt.Timeline) -> None:
    """The lead and the Formation section name it differently, both in 1922, and the log
    links the two founding claims as a dispute: each name holds in the reading that picks
    its claim, so after 1922 each is possible; the acronym both give is certain."""
    assert _values(_state(timeline, "1921-06-01"), "names") == {}
    assert _values(_state(timeline, "1930-06-01"), "names") == {
        "International Red Aid": POSSIBLE,
        "International Workers Aid society": POSSIBLE,
        "MOPR": CERTAIN,
    }
    assert _values(_state(timeline, "1922-06-01"), "names") == {
        "International Red Aid": POSSIBLE,
        "International Workers Aid society": POSSIBLE,
        "MOPR": POSSIBLE,
    }


def _spain(state: dict[str, Any]) -> dict[str, Any]:
    (spain,) = [s for s in state["sections"] if s["country"] == "Spain"]
    return spain


def test_spain_in_1930_is_possible_and_disputed_with_both_claims_and_sources(
    timeline: mt.Timeline,
) -> None:
    spain = _spain(_state(timeline, "1930-06-01"))
    assert spain["certainty"] == POSSIBLE
    assert spain["disputed"] is True
    assert spain["claims"] == [
        {
            "event": "section-spain-article-table",
            "source": f"{ARTICLE}, {AFFILIATES}; citing {RYLE}, pp. 262-263",
            "certainty": CERTAIN,
        },
        {
            "event": "section-spain-prose-disputing-article-table",
            "source": f"{ARTICLE}, National histories: Spain",
            "certainty": IMPOSSIBLE,  # October 1934
        },
    ]


def test_spain_in_1930_according_to_the_affiliates_table_is_certain(
    timeline: mt.Timeline,
) -> None:
    """Trusting Ryle (the work the table's rows cite) keeps the table's claim."""
    state = timeline.state_at("1930-06-01", trust=[RYLE]).to_dict()
    spain = _spain(state)
    assert spain["certainty"] == CERTAIN
    assert spain["disputed"] is False
    assert spain["events"] == ["section-spain-article-table"]
    by_table = timeline.state_at(
        "1930-06-01", trust=lambda source: source.part == AFFILIATES
    ).to_dict()
    assert _spain(by_table)["events"] == ["section-spain-article-table"]
    # the other disputes cite no claim of the table: still disputed
    assert _values(state, "names")["International Red Aid"] == POSSIBLE


def test_madagascar_in_1933_is_disputed_between_the_table_and_the_prose(
    timeline: mt.Timeline,
) -> None:
    (madagascar,) = [
        s for s in _state(timeline, "1933-01-01")["sections"] if s["country"] == "Madagascar"
    ]
    assert madagascar["certainty"] == POSSIBLE  # "before 1933" certain, 1933 not yet
    assert madagascar["disputed"] is True
    assert [c["event"] for c in madagascar["claims"]] == [
        "section-madagascar-article-table",
        "section-madagascar-prose-disputing-article-table",
    ]


def test_the_disputes_the_shipped_log_declares(timeline: mt.Timeline) -> None:
    assert [[r.event.id for r in d] for d in timeline.disputes()] == [
        ["founded", "founded-formation-disputing-lead"],
        ["section-madagascar-article-table", "section-madagascar-prose-disputing-article-table"],
        ["section-spain-article-table", "section-spain-prose-disputing-article-table"],
        [
            "figures-1932-01-01-world-congress-as-of-january-1",
            "figures-by-1932-sixty-two-affiliates-national-histories",
        ],
    ]
