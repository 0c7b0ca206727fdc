"""The paper-ready plot: size and resolution, no label collisions on any range (measured on
the renderer), legend colours equal to the bars, open dates fading to the founding or the
dissolution, month-precision dates visible, undated lanes summarised."""

from __future__ import annotations

import datetime as _dt
import struct
from itertools import combinations
from pathlib import Path

import pytest

pytest.importorskip("matplotlib")

from hypothesis import given, settings
from hypothesis import strategies as st
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.text import Text
from views_support import sample_events

import mopr_timeline as mt
from mopr_timeline import Dissolved, Founded, SectionEstablished, parse_date
from mopr_timeline.views._lanes import horizon_of
from mopr_timeline.views.plot import (
    PlotError,
    PlotSize,
    counts_figure,
    plot_counts,
    plot_events,
    timeline_figure,
)

EPOCH = _dt.date(1970, 1, 1).toordinal()


SHIPPED = list(mt.load().events())


@pytest.fixture
def shipped() -> list[mt.Event]:
    return SHIPPED


def visible_texts(figure: Figure) -> list[Text]:
    """Every text drawn: the tick labels of ticks in view, notes, title, legend."""
    ax = figure.axes[0]
    texts: list[Text] = []
    for axis, (lo, hi) in ((ax.xaxis, ax.get_xlim()), (ax.yaxis, ax.get_ylim())):
        for tick in axis.get_major_ticks():
            if lo <= tick.get_loc() <= hi:
                texts += [tick.label1, tick.label2]
    texts += [ax.title, ax.xaxis.get_offset_text(), ax.xaxis.label, *ax.texts, *figure.texts]
    for legend in figure.legends:
        texts += [legend.get_title(), *legend.get_texts()]
    return [t for t in texts if t.get_visible() and t.get_text().strip()]


def collisions(figure: Figure) -> list[tuple[str, str]]:
    """Pairs of texts whose extents on the renderer overlap, and texts outside the figure."""
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    renderer = canvas.get_renderer()
    page = figure.bbox
    boxes = []
    problems = []
    for text in visible_texts(figure):
        box = text.get_window_extent(renderer)
        if box.width == 0 or box.height == 0:
            continue
        clip = text.get_clip_box() if text.get_clip_on() else None
        if clip is not None and not box.overlaps(clip):
            continue  # clipped away entirely: not drawn
        if box.x0 < page.x0 - 0.5 or box.x1 > page.x1 + 0.5 or box.y0 < page.y0 - 0.5:
            problems.append((text.get_text(), "outside the figure"))
        if box.y1 > page.y1 + 0.5:
            problems.append((text.get_text(), "outside the figure"))
        boxes.append((text.get_text(), box.shrunk(0.98, 0.9)))
    for (a, box_a), (b, box_b) in combinations(boxes, 2):
        if box_a.overlaps(box_b):
            problems.append((a, b))
    return problems


RANGES = [
    (None, None),
    ("1925", "1927"),
    ("Aug. 1925", "Aug. 1925"),
    ("1900", "2000"),
    ("1936-01-01", "1936-01-10"),
]


@pytest.mark.parametrize(("start", "end"), RANGES)
def test_no_labels_collide(shipped: list[mt.Event], start: str | None, end: str | None) -> None:
    figure = timeline_figure(shipped, start=start, end=end)
    assert collisions(figure) == []


@pytest.mark.parametrize("size", [(10.0, 7.0), (3.5, 8.0)])
def test_no_labels_collide_at_other_sizes(
    shipped: list[mt.Event], size: tuple[float, float]
) -> None:
    figure = timeline_figure(shipped, size=size, hide_undated=True, start="1925", end="1927")
    assert collisions(figure) == []


@settings(max_examples=4, deadline=None)
@given(
    st.integers(1915, 1950),
    st.integers(0, 30 * 12),
    st.integers(1, 12),
    st.booleans(),
)
def test_no_labels_collide_on_any_range(year: int, months: int, month: int, hide: bool) -> None:
    start = _dt.date(year, month, 1)
    end_month = start.month - 1 + months
    end = _dt.date(start.year + end_month // 12, end_month % 12 + 1, 1)
    figure = timeline_figure(SHIPPED, start=start, end=end, hide_undated=hide)
    assert collisions(figure) == []


def test_the_collision_check_can_fail(shipped: list[mt.Event]) -> None:
    figure = timeline_figure(shipped, start="1925", end="1927")
    ax = figure.axes[0]
    ax.text(0.5, 0.5, "overlapping one", transform=ax.transAxes, fontsize=8)
    ax.text(0.5, 0.5, "overlapping two", transform=ax.transAxes, fontsize=8)
    assert ("overlapping one", "overlapping two") in collisions(figure)


def bar_colors(figure: Figure) -> set[tuple[float, ...]]:
    ax = figure.axes[0]
    return {
        tuple(round(v, 3) for v in patch.get_facecolor())
        for patch in ax.patches
        if isinstance(patch, Rectangle)
    }


def test_legend_colors_are_the_bars_colors(shipped: list[mt.Event]) -> None:
    figure = timeline_figure(shipped)
    bars = bar_colors(figure)
    legend = figure.legends[0]
    swatches = [
        tuple(round(v, 3) for v in handle.get_facecolor())
        for handle in legend.legend_handles
        if hasattr(handle, "get_facecolor") and not isinstance(handle, LineCollection)
    ]
    assert len(swatches) >= 6
    assert set(swatches) <= bars
    grey = tuple(round(v, 3) for v in to_rgba("0.35"))
    assert grey not in swatches


def starts_at(collection: LineCollection) -> float:
    return min(x for segment in collection.get_segments() for x, _ in segment)


def fades(figure: Figure) -> list[LineCollection]:
    return [c for c in figure.axes[0].collections if isinstance(c, LineCollection)]


def test_an_open_date_fades_back_to_the_founding_and_on_to_the_dissolution() -> None:
    events = [
        Founded(id="f", when="1922", name="Red Aid"),
        SectionEstablished(id="b", when="before 1933", country="Bolivia"),
        SectionEstablished(id="a", when="after 1928", country="India"),
        Dissolved(id="d", when="1941"),
    ]
    figure = timeline_figure(events, start="1915", end="1950")
    after, before = sorted(
        fades(figure), key=lambda c: -min(x for s in c.get_segments() for x, _ in s)
    )
    for collection, known, reach in (
        (before, _dt.date(1932, 12, 31), _dt.date(1922, 1, 1)),
        (after, _dt.date(1929, 1, 1), _dt.date(1941, 12, 31)),
    ):
        segments = collection.get_segments()
        xs = [x for segment in segments for x, _ in segment]
        assert min(xs) == pytest.approx(min(known, reach).toordinal() - EPOCH)
        assert max(xs) == pytest.approx(max(known, reach).toordinal() - EPOCH)
        alphas = [color[3] for color in collection.get_colors()]
        assert alphas[0] > 0.8  # dark at the known bound
        assert alphas[-1] < 0.1  # faded at the founding / dissolution
        assert alphas == sorted(alphas, reverse=True)


def test_an_open_date_without_a_founding_fades_to_the_charts_edge() -> None:
    events = [SectionEstablished(id="b", when="before 1933", country="Bolivia")]
    (fade,) = fades(timeline_figure(events, start="1925", end="1935"))
    xs = [x for segment in fade.get_segments() for x, _ in segment]
    assert min(xs) == pytest.approx(_dt.date(1925, 1, 1).toordinal() - EPOCH)


def marks(figure: Figure, marker: str) -> list[Line2D]:
    return [line for line in figure.axes[0].lines if line.get_marker() == marker]


def test_a_month_is_visible_on_a_long_chart_and_a_whisker_on_a_short_one() -> None:
    events = [SectionEstablished(id="b", when="Aug. 1925", country="Belgium")]
    long_chart = timeline_figure(events, start="1900", end="1950")
    assert len(marks(long_chart, "D")) == 1
    assert marks(long_chart, "D")[0].get_markersize() >= 2
    short_chart = timeline_figure(events, start="1925", end="1926")
    assert marks(short_chart, "D") == []
    assert len(marks(short_chart, "|")) == 2  # the whisker's two ends


def test_hide_undated_names_them_in_one_line_instead() -> None:
    figure = timeline_figure(sample_events(), hide_undated=True)
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert not any("Albania" in label for label in labels)
    title = figure.legends[0].get_title().get_text()
    assert title == "Not drawn: Sections with no date (1): Albania."
    shown = timeline_figure(sample_events())
    assert "Albania (date unknown)" in [t.get_text() for t in shown.axes[0].get_yticklabels()]
    assert shown.legends[0].get_title().get_text() == ""


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_size_and_dpi_set_the_pixels(tmp_path: Path) -> None:
    out = plot_events(sample_events(), tmp_path / "chart.png", size=(7, 5), dpi=100)
    assert png_size(out) == (700, 500)
    out = plot_events(sample_events(), tmp_path / "chart.png", size=PlotSize(3.5, 4), dpi=200)
    assert png_size(out) == (700, 800)


def test_the_default_is_a_journal_width(shipped: list[mt.Event], tmp_path: Path) -> None:
    out = plot_events(sample_events(), tmp_path / "small.png", dpi=100)
    width, height = png_size(out)
    assert width == 700
    assert height < width  # a small log: landscape
    out = plot_events(shipped, tmp_path / "mopr.png", dpi=100)
    assert png_size(out) == (700, 900)  # the whole log: capped at a page's text height


@pytest.mark.parametrize(
    ("suffix", "magic"), [(".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF-")]
)
def test_every_format(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = plot_events(sample_events(), tmp_path / f"chart{suffix}", hide_undated=True)
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("7by5", "expected WIDTHxHEIGHT"),
        ("7x", "expected WIDTHxHEIGHT"),
        ("0x5", "the width must be 1 to 50 inches, not 0"),
        ("7x100", "the height must be 1 to 50 inches, not 100"),
        ("nanx5", "the width must be 1 to 50"),
    ],
)
def test_a_bad_size_is_refused(text: str, message: str) -> None:
    with pytest.raises(PlotError, match=message):
        PlotSize.parse(text)


def test_too_many_rows_for_the_size_are_refused(shipped: list[mt.Event], tmp_path: Path) -> None:
    with pytest.raises(PlotError, match=r"rows need a height of at least \d+\.\d inches"):
        plot_events(shipped, tmp_path / "chart.png", size=(7, 3))
    assert not (tmp_path / "chart.png").exists()


@pytest.mark.parametrize("dpi", [0, 19, 5000])
def test_a_bad_dpi_is_refused(dpi: int, tmp_path: Path) -> None:
    with pytest.raises(PlotError, match="dpi"):
        plot_events(sample_events(), tmp_path / "chart.png", dpi=dpi)


def test_counts_chart_draws_the_series() -> None:
    timeline = mt.load()
    out_of = timeline.series("sections", "1921", "1948")
    horizon = horizon_of(SHIPPED, parse_date("1921"), parse_date("1948"))
    figure = counts_figure(out_of, "Sections", family="sections", horizon=horizon)
    ax = figure.axes[0]
    (line,) = ax.lines
    band = ax.collections[0]
    day = _dt.date(1930, 6, 1)
    (count,) = [c for c in out_of if (c.start or day) <= day <= (c.end or day)]
    x = day.toordinal() - EPOCH
    xs, ys = line.get_data()
    at = max(i for i, value in enumerate(xs) if value <= x)
    assert ys[at] == count.certain
    top = max(path.vertices[:, 1].max() for path in band.get_paths())
    assert top == max(c.at_most for c in out_of)
    legend = figure.legends[0]
    colors = {tuple(round(v, 3) for v in h.get_facecolor()) for h in legend.legend_handles[:1]}
    assert colors == {tuple(round(v, 3) for v in band.get_facecolor()[0])}
    assert collisions(figure) == []


@pytest.mark.parametrize(("start", "end"), [(None, None), ("1925", "1927")])
def test_plot_counts_writes_every_format(
    tmp_path: Path, start: str | None, end: str | None
) -> None:
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF-")):
        out = plot_counts(mt.load(), tmp_path / f"c{suffix}", "sections", start=start, end=end)
        assert out.read_bytes().startswith(magic)
    width, height = png_size(tmp_path / "c.png")
    assert width > height  # landscape


def test_plot_counts_refuses_an_unknown_family(tmp_path: Path) -> None:
    with pytest.raises(PlotError, match=r"family 'section'.*known: .*sections"):
        plot_counts(mt.load(), tmp_path / "c.png", "section")
    assert not (tmp_path / "c.png").exists()
