"""The day network on hand-written examples: reasons, refusals and their words, windows."""

from __future__ import annotations

import datetime as dt

import pytest

from mopr_timeline import MoprTimelineError
from mopr_timeline.dates import DateParseError
from mopr_timeline.network import (
    ConstraintError,
    DayNetwork,
    Edge,
    NetworkError,
    Step,
    WindowError,
    window_days,
)


def day(text: str) -> int:
    return dt.date.fromisoformat(text).toordinal()


Y1937 = (day("1937-01-01"), day("1937-12-31"), "dated 1937")
AFTER_LEFT = Edge("leader-left-stasova", "deemphasis", 1, None, "after leader-left-stasova")


def test_after_a_dated_event_starts_the_day_after_and_says_why() -> None:
    network = DayNetwork.build(
        {"leader-left-stasova": Y1937, "deemphasis": (None, None, "undated")}, [AFTER_LEFT]
    )
    assert network.bounds("deemphasis") == (day("1937-01-02"), None)
    earliest, latest = network.reasons("deemphasis")
    assert earliest == (
        Step("leader-left-stasova", "dated 1937", day("1937-01-01")),
        Step("deemphasis", "after leader-left-stasova", day("1937-01-02"), AFTER_LEFT),
    )
    assert latest == ()
    assert network.reasons("leader-left-stasova") == ((), ())


def test_a_window_bounds_both_sides_and_narrows_back() -> None:
    founded = (day("1921-08-01"), day("1921-09-30"), "dated Aug.-Sept. 1921")
    congress = (None, day("1921-10-15"), "before 1921-10-16")
    low, high = window_days("3 months")
    within = Edge("founded", "congress", 0, high, "within 3 months after founded")
    network = DayNetwork.build({"founded": founded, "congress": congress}, [within])
    assert (low, high) == (89, 92)
    assert network.bounds("congress") == (day("1921-08-01"), day("1921-10-15"))
    # The founding itself is not narrowed: a congress on its last day is possible.
    assert network.bounds("founded") == (day("1921-08-01"), day("1921-09-30"))
    changed = network.add(
        {"chair-left": (None, day("1921-08-10"), "by 1921-08-10")},
        [Edge("chair-left", "founded", 0, None, "not before chair-left")],
    )
    assert changed == {"chair-left"}


def test_a_pure_cycle_without_dates_is_refused_naming_both() -> None:
    network = DayNetwork()
    network.add(
        {"A": (None, None, "undated"), "B": (None, None, "undated")},
        [Edge("B", "A", 1, None, "after B")],
    )
    with pytest.raises(ConstraintError) as raised:
        network.add({}, [Edge("A", "B", 1, None, "after A")])
    message = str(raised.value)
    assert message == (
        "no days satisfy these dates and relations together: "
        "B at least 1 day after A (after A); A at least 1 day after B (after B)"
    )
    assert {step.node for step in raised.value.cycle} == {"A", "B"}
    assert network.edges() == (Edge("B", "A", 1, None, "after B"),)
    assert isinstance(raised.value, MoprTimelineError)
    assert isinstance(raised.value, ValueError)


def test_a_contradiction_with_dates_names_the_dates() -> None:
    network = DayNetwork.build(
        {"left": Y1937, "appointed": (day("1938-03-01"), day("1938-03-31"), "dated March 1938")},
        [],
    )
    with pytest.raises(ConstraintError) as raised:
        network.add({}, [Edge("appointed", "left", 0, None, "not before appointed")])
    assert str(raised.value) == (
        "no days satisfy these dates and relations together: left dated 1937; "
        "left not before appointed (not before appointed); appointed dated March 1938"
    )
    assert network.bounds("left") == (day("1937-01-01"), day("1937-12-31"))


def test_an_edge_to_itself_and_an_empty_window_are_refused() -> None:
    network = DayNetwork()
    with pytest.raises(ConstraintError, match=r"A at least 1 day after A \(after itself\)"):
        network.add({"A": (None, None, "undated")}, [Edge("A", "A", 1, None, "after itself")])
    with pytest.raises(ConstraintError, match=r"an empty window"):
        network.add({}, [Edge("A", "B", 5, 2, "odd window")])
    with pytest.raises(ConstraintError, match=r"its earliest day is after its latest.*: C dated"):
        network.add({"C": (10, 5, "dated backwards")}, [])
    assert len(network) == 0


def test_edges_may_name_nodes_added_later() -> None:
    network = DayNetwork()
    network.add({"A": (None, 100, "by day 100")}, [Edge("B", "A", 3, None, "3 days after B")])
    assert network.own("B") is None
    assert network.bounds("B") == (None, 97)
    assert network.add({"B": (50, None, "from day 50")}, []) == {"A", "B"}
    assert network.bounds("A") == (53, 100)
    with pytest.raises(ConstraintError):
        network.add({"C": (98, 99, "days 98-99")}, [Edge("C", "B", 0, 0, "same day as C")])
    assert network.bounds("B") == (50, 97)


def test_new_own_dates_replace_the_old_ones() -> None:
    network = DayNetwork.build({"A": (10, 20, "first")}, [Edge("A", "B", 1, None, "after A")])
    assert network.add({"A": (12, 18, "tighter")}, []) == {"A", "B"}
    assert network.bounds("B") == (13, None)
    assert network.add({"A": (0, 30, "looser")}, []) == {"A", "B"}
    assert network.bounds("B") == (1, None)
    assert network.own("A") == (0, 30, "looser")


def test_remove_drops_the_edges_and_loosens() -> None:
    network = DayNetwork.build(
        {"A": (10, 20, "A's"), "B": (None, None, "none")},
        [Edge("A", "B", 1, None, "after A"), Edge("B", "C", 1, None, "after B")],
    )
    assert network.bounds("C") == (12, None)
    assert network.remove(["A"]) == {"B", "C"}
    assert network.bounds("B") == (None, None)
    assert "A" not in network
    with pytest.raises(KeyError):
        network.bounds("A")
    assert network.remove(["nothing"]) == frozenset()


def test_bad_input_gets_one_line_errors() -> None:
    network = DayNetwork()
    with pytest.raises(NetworkError, match=r"the latest day of A must be a day ordinal"):
        network.add({"A": (1, "2", "label")}, [])  # type: ignore[dict-item]
    with pytest.raises(NetworkError, match=r"the dates of A must be \(earliest, latest, label\)"):
        network.add({"A": (1, 2)}, [])  # type: ignore[dict-item]
    with pytest.raises(NetworkError, match=r"not an Edge"):
        network.add({}, [("A", "B")])  # type: ignore[list-item]
    assert len(network) == 0


@pytest.mark.parametrize(
    ("text", "days"),
    [
        ("3 months", (89, 92)),
        ("1 year", (365, 366)),
        ("a year", (365, 366)),
        ("10 days", (10, 10)),
        ("two weeks", (14, 14)),
        ("6 weeks", (42, 42)),
        ("1 month", (28, 31)),
        ("2 years", (730, 731)),
        ("a fortnight", (14, 14)),
        ("A Few Days", (3, 3)),
    ],
)
def test_window_days(text: str, days: tuple[int, int]) -> None:
    assert window_days(text) == days


def test_window_days_bounds_real_calendar_spans() -> None:
    """Every real span of n months (same day of month, when it exists) lies within the
    window's days."""
    for months in (1, 3, 13, 25):
        low, high = window_days(f"{months} months")
        for start in range(day("1999-01-01"), day("2001-12-31"), 7):
            first = dt.date.fromordinal(start)
            year, month = divmod(first.month - 1 + months, 12)
            if first.day > 28:
                continue
            end = dt.date(first.year + year, month + 1, first.day)
            assert low <= end.toordinal() - start <= high


@pytest.mark.parametrize("text", ["3 monts", "months", "", "three", "-2 days", "1e3 days"])
def test_window_days_refuses_other_texts(text: str) -> None:
    with pytest.raises(WindowError) as raised:
        window_days(text)
    assert isinstance(raised.value, DateParseError)
    assert str(raised.value).startswith(f"cannot read window {text!r}: ")
    assert "\n" not in str(raised.value)
