"""The plot: what it draws (lanes) and that it writes real PNG and SVG files."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from views_support import sample_events

from mopr_timeline import MemoryStore, SectionEstablished, Timeline, parse_date
from mopr_timeline.views import PlotError, plot_timeline
from mopr_timeline.views._lanes import Horizon, Interval, horizon_of, lanes
from mopr_timeline.views.plot import plot_events
from wir_kinds import wir_log


def day(text: str) -> int:
    return parse_date(text).lo


@pytest.fixture
def horizon() -> Horizon:
    return Horizon(lo=day("1917-01-01"), hi=day("1950-12-31"))


def test_lanes_are_organization_leaders_congresses_then_sections(horizon: Horizon) -> None:
    rows = lanes(sample_events(), horizon)
    groups = list(dict.fromkeys(lane.group for lane in rows))
    assert groups[:2] == ["Organization", "Leaders"]
    sections = [g for g in groups if g.startswith("Sections: ")]
    assert groups.index("Congresses") < groups.index(sections[0])
    assert sections[-2:] == ["Sections: only bounded (before / after)", "Sections: date unknown"]
    assert groups[-len(sections) :] == sections
    assert [lane.label for lane in rows if lane.group == "Leaders"] == [
        "Julian Marchlewski",
        "Panteleimon Lepeshinsky",
        "Elena Stasova",
    ]
    assert {lane.kind for lane in rows if lane.group == "Congresses"} == {"record"}


def test_lanes_of_another_organizations_own_kinds(horizon: Horizon) -> None:
    rows = lanes(wir_log(), horizon)
    by_group: dict[str, list[str]] = {}
    for lane in rows:
        by_group.setdefault(lane.group, []).append(lane.label)
    assert by_group["Organization"] == ["Workers International Relief"]
    assert by_group["Secretaries"] == ["Willi Münzenberg"]
    assert by_group["Campaigns"] == ["Famine relief"]
    assert by_group["Periodicals: 1920s"] == ["Sichel und Hammer", "Arbeiter-Illustrierte-Zeitung"]
    sichel = next(lane for lane in rows if lane.label == "Sichel und Hammer")
    assert sichel.intervals[-1].hi == day("1925-12-31")


def test_section_bar_is_certain_between_establishment_and_dissolution(horizon: Horizon) -> None:
    belgium = next(lane for lane in lanes(sample_events(), horizon) if lane.label == "Belgium")
    assert belgium.intervals == (
        Interval(day("1925-08-01"), day("1925-08-31"), certain=False),
        Interval(day("1925-08-31"), day("1941-01-01"), certain=True),
        Interval(day("1941-01-01"), day("1941-12-31"), certain=False),
    )


def test_unknown_and_open_dates_are_only_possible(horizon: Horizon) -> None:
    rows = {lane.label: lane for lane in lanes(sample_events(), horizon)}
    # an open start reaches back to the founding (1922), not to the chart's edge (1917)
    founding = day("1922-01-01")
    assert rows["Albania"].intervals == (Interval(founding, day("1941-12-31"), certain=False),)
    assert rows["Albania"].note == "date unknown"
    bolivia = rows["Bolivia"].intervals
    assert bolivia[0] == Interval(founding, day("1932-12-31"), certain=False)
    assert bolivia[1].certain
    assert rows["Bolivia"].note == "before 1933"


def test_a_second_claim_is_marked_on_the_same_lane(horizon: Horizon) -> None:
    events = [*sample_events(), SectionEstablished(id="b2", when="1926", country="Belgium")]
    belgium = [lane for lane in lanes(events, horizon) if lane.label == "Belgium"]
    assert len(belgium) == 1
    assert [m.text for m in belgium[0].marks] == ["Aug. 1925", "1926"]
    assert belgium[0].note == "also 1926"
    events.append(SectionEstablished(id="bo2", when="1933", country="Bolivia"))
    bolivia = [lane for lane in lanes(events, horizon) if lane.label == "Bolivia"]
    assert bolivia[0].note == "before 1933; also 1933"


def test_horizon_follows_the_range_or_the_data() -> None:
    events = sample_events()
    assert horizon_of(events, parse_date("1930"), parse_date("1935")) == Horizon(
        day("1930-01-01"), day("1935-12-31")
    )
    padded = horizon_of(events, None, None)
    assert padded.lo == day("1922-01-01") - 365
    assert padded.hi == day("1947-12-31") + 365


def test_lanes_outside_the_range_are_left_out() -> None:
    events = sample_events()
    horizon = horizon_of(events, parse_date("1938"), parse_date("1939"))
    labels = {lane.label for lane in lanes(events, horizon)}
    assert "Elena Stasova" not in labels  # left in 1937
    assert "Belgium" in labels


@pytest.mark.parametrize(("suffix", "magic"), [(".png", b"\x89PNG\r\n\x1a\n"), (".svg", b"<?xml")])
def test_plot_writes_a_real_file(tmp_path: Path, suffix: str, magic: bytes) -> None:
    timeline = Timeline(MemoryStore(), "mopr")
    timeline.append(sample_events())
    out = plot_timeline(timeline, tmp_path / f"chart{suffix}", start="1920", end="1945")
    data = out.read_bytes()
    assert data.startswith(magic)
    assert len(data) > 10_000


def test_plot_refuses_an_unknown_suffix(tmp_path: Path) -> None:
    with pytest.raises(PlotError, match=r"chart\.gif.*\.png, \.svg, \.pdf"):
        plot_events(sample_events(), tmp_path / "chart.gif")


def test_plot_names_the_extra_when_matplotlib_is_missing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(PlotError, match=r"mopr_timeline\[plot\]"):
        plot_events(sample_events(), tmp_path / "chart.png")
    assert not (tmp_path / "chart.png").exists()


def test_plot_reports_an_unwritable_file(tmp_path: Path) -> None:
    with pytest.raises(PlotError, match="cannot write"):
        plot_events(sample_events(), tmp_path / "missing-dir" / "chart.png")
