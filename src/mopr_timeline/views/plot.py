"""The timeline plot: a Gantt-like chart of the organization, office holders (the chairs),
records (congresses) and keyed facts (national sections), from the kinds' declared effects.

Certain stretches are drawn solid, stretches that are only possible pale and hatched, in the
lane's own colour (the legend shows the same colours). Dates known to the day are dots, dates
known to a short range (a month, a week) diamonds, longer fuzzy dates whiskers over their
range; an open date ("before 1933", "after 1928") is a bar fading from its known bound back to
the organization's founding (or forward to its dissolution). The figure is 7 inches wide (a
journal's text width) and as tall as its rows need at a legible size, up to 9 inches, unless
``size`` says otherwise; every label's size follows the row height, so no two labels overlap.

Needs matplotlib, the optional extra ``plot``; it draws headless (no pyplot, no display) into
a PNG, SVG or PDF file chosen by the file's suffix.
"""

from __future__ import annotations

import datetime as _dt
import textwrap
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import attrs

from mopr_timeline.dates import FuzzyDate, as_fuzzy
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import FAMILIES, Event
from mopr_timeline.replay import RangeCount, Timeline
from mopr_timeline.views._lanes import (
    Horizon,
    Lane,
    Life,
    horizon_of,
    is_undated,
    lanes,
    organization_life,
    organization_name,
    undated_summary,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "COUNTS_SIZE",
    "DEFAULT_DPI",
    "DEFAULT_WIDTH",
    "PLOT_SUFFIXES",
    "PlotError",
    "PlotSize",
    "counts_figure",
    "plot_counts",
    "plot_events",
    "plot_timeline",
    "timeline_figure",
]

PLOT_SUFFIXES = (".png", ".svg", ".pdf")
DEFAULT_WIDTH = 7.0
"""Inches: the text width of a journal page (178 mm)."""
DEFAULT_DPI = 300
"""Dots per inch of a PNG: what journals ask of line art at the least."""
_MAX_HEIGHT = 9.0
"""Inches: the default height never exceeds a journal page's text height."""
_LIMITS = (1.0, 50.0)
"""The smallest and largest width or height, in inches."""
_COLORS = {
    "organization": "#4d4d4d",
    "slot": "#7b3294",
    "record": "#d7191c",
    "keyed": "#2b83ba",
}
_NAMES = {
    "organization": "organization exists",
    "slot": "holds the office",
    "record": "held (congress...)",
    "keyed": "exists (section...)",
}
_POSSIBLE_ALPHA = 0.3
_HATCH = "////"
_PITCH = 0.09
"""Inches per row by default (labels 5.5 pt)."""
_MIN_FONT = 4.0
"""Points: rows too tight for labels this size are refused."""
_OVERHEAD = 1.35
"""Inches for the title, the time axis and the legend."""
_MARK_POINTS = 3.0
"""A fuzzy date narrower than this (in points) is drawn as a diamond, not a whisker."""


class PlotError(MoprTimelineError, ValueError):
    """The plot cannot be drawn: matplotlib is missing, the output name or size is unusable."""


@attrs.frozen
class PlotSize:
    """A figure's width and height in inches."""

    width: float
    height: float

    @classmethod
    def parse(cls, text: str) -> PlotSize:
        """``7x4.5`` (inches, width by height); ``PlotError`` naming the text otherwise."""
        parts = text.lower().replace("×", "x").split("x")
        try:
            width, height = (float(part) for part in parts)
        except ValueError:
            raise PlotError(f"size {text!r}: expected WIDTHxHEIGHT in inches, e.g. 7x4.5") from None
        return cls(width, height).checked(text)

    def checked(self, shown: str | None = None) -> PlotSize:
        """The size itself when both sides lie within 1 to 50 inches; else ``PlotError``."""
        lo, hi = _LIMITS
        for name, value in (("width", self.width), ("height", self.height)):
            if not lo <= value <= hi:  # also refuses NaN
                text = shown if shown is not None else f"{self.width}x{self.height}"
                raise PlotError(
                    f"size {text!r}: the {name} must be {lo:g} to {hi:g} inches, not {value:g}"
                )
        return self


class _HasEvents(Protocol):
    def events(self, *, as_of: int | _dt.datetime | None = None) -> Sequence[Event]: ...


def plot_timeline(
    timeline: _HasEvents,
    out: str | Path,
    *,
    start: FuzzyDate | _dt.date | str | None = None,
    end: FuzzyDate | _dt.date | str | None = None,
    as_of: int | _dt.datetime | None = None,
    title: str | None = None,
    size: PlotSize | tuple[float, float] | None = None,
    dpi: int = DEFAULT_DPI,
    hide_undated: bool = False,
) -> Path:
    """Draw ``timeline``'s events (as recorded at ``as_of``) into ``out``; returns the path."""
    events = list(timeline.events(as_of=as_of))
    return plot_events(
        events,
        out,
        start=start,
        end=end,
        title=title,
        size=size,
        dpi=dpi,
        hide_undated=hide_undated,
    )


def plot_events(
    events: Sequence[Event],
    out: str | Path,
    *,
    start: FuzzyDate | _dt.date | str | None = None,
    end: FuzzyDate | _dt.date | str | None = None,
    title: str | None = None,
    size: PlotSize | tuple[float, float] | None = None,
    dpi: int = DEFAULT_DPI,
    hide_undated: bool = False,
) -> Path:
    """Draw ``events`` into ``out`` (``.png``, ``.svg`` or ``.pdf``); returns the path.

    See ``timeline_figure`` for the options; ``dpi`` sets a PNG's resolution.
    """
    path = _checked_out(out, dpi)
    figure = timeline_figure(
        events, start=start, end=end, title=title, size=size, hide_undated=hide_undated
    )
    return _save(figure, path, dpi)


def _checked_out(out: str | Path, dpi: int) -> Path:
    path = Path(out)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise PlotError(
            f"cannot plot to {str(out)!r}: the file name must end in {', '.join(PLOT_SUFFIXES)}"
        )
    if not 20 <= dpi <= 1200:
        raise PlotError(f"dpi {dpi}: must be 20 to 1200 dots per inch")
    return path


def _save(figure: Figure, path: Path, dpi: int) -> Path:
    try:
        figure.savefig(path, dpi=dpi)
    except OSError as exc:
        raise PlotError(f"cannot write {str(path)!r}: {exc.strerror or exc}") from exc
    return path


COUNTS_SIZE = PlotSize(DEFAULT_WIDTH, 3.2)
"""The counts chart's default size: a journal's text width, landscape."""


def plot_counts(
    timeline: Timeline,
    out: str | Path,
    family: str = "sections",
    *,
    start: FuzzyDate | _dt.date | str | None = None,
    end: FuzzyDate | _dt.date | str | None = None,
    as_of: int | _dt.datetime | None = None,
    title: str | None = None,
    size: PlotSize | tuple[float, float] | None = None,
    dpi: int = DEFAULT_DPI,
) -> Path:
    """Draw how many facts of ``family`` hold over time (``Timeline.series``) into ``out``:
    the facts certain as a line, the most that may hold as a band above it."""
    path = _checked_out(out, dpi)
    if family not in FAMILIES:
        raise PlotError(
            f"family {family!r}: no registered kind acts on it; known: " + ", ".join(FAMILIES)
        )
    events = list(timeline.events(as_of=as_of))
    horizon = _horizon(events, start, end)
    counts = timeline.series(
        family,
        _dt.date.fromordinal(horizon.lo),
        _dt.date.fromordinal(horizon.hi),
        as_of=as_of,
    )
    heading = title or _counts_title(events, family)
    figure = counts_figure(counts, heading, family=family, horizon=horizon, size=size)
    return _save(figure, path, dpi)


def _counts_title(events: Sequence[Event], family: str) -> str:
    what = f"{family.replace('_', ' ')}, certain and possible"
    name = organization_name(events)
    return f"{name}: {what}" if name else what[:1].upper() + what[1:]


def counts_figure(
    counts: Sequence[RangeCount],
    title: str,
    *,
    family: str = "sections",
    horizon: Horizon,
    size: PlotSize | tuple[float, float] | None = None,
) -> Figure:
    """The counts chart as a matplotlib ``Figure``: a step line of the facts of ``family``
    certain on each day and a pale band up to the most that may hold (``certain +
    possible``), from ``horizon.lo`` to ``horizon.hi``."""
    figure_cls = _matplotlib_figure()
    from matplotlib.ticker import MaxNLocator

    chosen = COUNTS_SIZE if size is None else _size(size, 0)
    font = 7.0 if chosen.width >= 5 else 6.0
    figure: Figure = figure_cls(figsize=(chosen.width, chosen.height), layout="constrained")
    ax = figure.add_subplot()
    xs: list[float] = []
    certain: list[int] = []
    at_most: list[int] = []
    for count in counts:
        lo = horizon.lo if count.start is None else max(count.start.toordinal(), horizon.lo)
        hi = horizon.hi if count.end is None else min(count.end.toordinal(), horizon.hi)
        if lo > hi:
            continue
        xs += [_x(lo), _x(hi + 1)]
        certain += [count.certain, count.certain]
        at_most += [count.at_most, count.at_most]
    color = _COLORS["keyed"]
    ax.fill_between(
        xs,
        certain,
        at_most,
        color=color,
        alpha=_POSSIBLE_ALPHA,
        hatch=_HATCH,
        edgecolor=color,
        linewidth=0,
        label="possible: at most this many",
    )
    ax.plot(xs, certain, color=color, linewidth=1.4, label="certain: at least this many")
    ax.set_xlim(_x(horizon.lo), _x(horizon.hi + 1))
    ax.set_ylim(0, max(at_most, default=0) * 1.05 + 1)
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    _time_axis(ax, chosen, font)
    ax.tick_params(axis="y", labelsize=font)
    ax.grid(color="0.9", linewidth=0.5)
    ax.set_axisbelow(True)
    ax.set_ylabel(f"{family.replace('_', ' ')}", fontsize=font)
    figure.legend(loc="outside lower center", ncol=2, fontsize=font, frameon=False)
    per_line = int(chosen.width * 72 * 0.9 / ((font + 1.5) * 0.6))
    figure.suptitle("\n".join(textwrap.wrap(title, per_line)), fontsize=font + 1.5)
    return figure


def timeline_figure(
    events: Sequence[Event],
    *,
    start: FuzzyDate | _dt.date | str | None = None,
    end: FuzzyDate | _dt.date | str | None = None,
    title: str | None = None,
    size: PlotSize | tuple[float, float] | None = None,
    hide_undated: bool = False,
) -> Figure:
    """The chart of ``events`` from ``start`` to ``end`` as a matplotlib ``Figure`` (to adjust
    before saving it yourself).

    The title defaults to the founded organization's name and what the chart shows; ``size``
    is (width, height) in inches (default: 7 inches wide, as tall as the rows need up to 9);
    ``hide_undated`` leaves out the lanes of facts with no date at all and names them in one
    line under the chart instead. ``PlotError`` when the rows cannot be drawn legibly in the
    size asked.
    """
    figure_cls = _matplotlib_figure()
    horizon = _horizon(events, start, end)
    rows = lanes(events, horizon)
    summary = ""
    if hide_undated:
        summary = undated_summary(rows)
        rows = [lane for lane in rows if not is_undated(lane)]
    labelled = _with_headers(rows)
    chosen = _size(size, len(labelled))
    pitch_points = (chosen.height - _OVERHEAD) * 72 / max(len(labelled), 1)
    font = min(6.5, pitch_points * 0.78)
    if font < _MIN_FONT:
        needed = _OVERHEAD + len(labelled) * _MIN_FONT / 0.78 / 72
        raise PlotError(
            f"size {chosen.width:g}x{chosen.height:g}: {len(labelled)} rows need a height of at "
            f"least {needed:.1f} inches to be legible; give a taller --size, --hide-undated or "
            "a narrower --from/--to"
        )
    figure: Figure = figure_cls(figsize=(chosen.width, chosen.height), layout="constrained")
    ax = figure.add_subplot()
    life = organization_life(events)
    _draw(ax, labelled, horizon, life, font, chosen)
    _legend(figure, rows, font, summary, chosen)
    heading = title or _default_title(rows)
    per_line = int(chosen.width * 72 * 0.9 / ((font + 2.5) * 0.6))
    figure.suptitle("\n".join(textwrap.wrap(heading, per_line)), fontsize=font + 2.5)
    return figure


def _horizon(
    events: Sequence[Event],
    start: FuzzyDate | _dt.date | str | None,
    end: FuzzyDate | _dt.date | str | None,
) -> Horizon:
    """The days shown: ``PlotError`` when ``end`` certainly comes before ``start``."""
    first = None if start is None else as_fuzzy(start)
    last = None if end is None else as_fuzzy(end)
    if first is not None and last is not None and first.lo > last.hi:
        raise PlotError(f"the range ends ({last}) before it starts ({first})")
    return horizon_of(events, first, last)


def _size(size: PlotSize | tuple[float, float] | None, rows: int) -> PlotSize:
    if size is None:
        height = min(_MAX_HEIGHT, max(3.0, _OVERHEAD + _PITCH * rows))
        return PlotSize(DEFAULT_WIDTH, height)
    if isinstance(size, PlotSize):
        return size.checked()
    return PlotSize(float(size[0]), float(size[1])).checked()


def _default_title(rows: Sequence[Lane]) -> str:
    """The organization's name, then the lanes' groups: "International Red Aid: leaders,
    governing body, congresses and sections"."""
    groups = list(dict.fromkeys(lane.group.split(":")[0].lower() for lane in rows))
    shown = [group for group in groups if group != "organization"]
    listed = ", ".join(shown[:-1]) + f" and {shown[-1]}" if len(shown) > 1 else "".join(shown)
    named = [lane.label for lane in rows if lane.kind == "organization"]
    if named:
        return f"{named[0]}: {listed}" if listed else named[0]
    return listed[:1].upper() + listed[1:] if listed else "Timeline"


def _matplotlib_figure() -> Any:
    try:
        from matplotlib.figure import Figure
    except ImportError as exc:
        raise PlotError(
            "plotting needs matplotlib: install the extra with pip install 'mopr_timeline[plot]'"
        ) from exc
    return Figure


def _with_headers(rows: list[Lane]) -> list[Lane | str]:
    labelled: list[Lane | str] = []
    group = None
    for lane in rows:
        if lane.group != group:
            group = lane.group
            labelled.append(group)
        labelled.append(lane)
    return labelled


_EPOCH = _dt.date(1970, 1, 1).toordinal()


def _x(ordinal: int) -> float:
    """A day as matplotlib's date number (days since 1970-01-01)."""
    return float(ordinal - _EPOCH)


def _label(lane: Lane) -> str:
    """A lane's label; a keyed fact's note (its open date, other claims) in brackets."""
    if lane.kind == "keyed" and lane.note:
        return f"{lane.label} ({lane.note})"
    return lane.label


def _draw(
    ax: Axes, labelled: list[Lane | str], horizon: Horizon, life: Life, font: float, size: PlotSize
) -> None:
    n = len(labelled)
    ticks, labels = [], []
    days_per_point = (horizon.hi - horizon.lo) / (size.width * 0.7 * 72)
    for index, item in enumerate(labelled):
        y = n - 1 - index
        ticks.append(y)
        if isinstance(item, str):
            ax.axhline(y - 0.5, color="0.6", linewidth=0.5)
            labels.append(item)
            continue
        labels.append(_label(item))
        _draw_lane(ax, y, item, horizon, life, font, days_per_point)
    ax.set_yticks(ticks, labels, fontsize=font)
    for label, item in zip(ax.get_yticklabels(), labelled, strict=True):
        if isinstance(item, str):
            label.set_fontweight("bold")
            label.set_color("0.25")
    ax.tick_params(axis="y", length=0, pad=2)
    ax.set_ylim(-0.6, n - 0.4)
    ax.set_xlim(_x(horizon.lo), _x(horizon.hi + 1))
    _time_axis(ax, size, font + 0.5)
    ax.grid(axis="x", color="0.9", linewidth=0.5)
    ax.set_axisbelow(True)


def _time_axis(ax: Axes, size: PlotSize, font: float) -> None:
    """Years, months or days, as the range needs, as many as the width has room for."""
    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter

    locator = AutoDateLocator(  # type: ignore[no-untyped-call]
        minticks=3, maxticks=max(5, int(size.width * 1.5))
    )
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))  # type: ignore[no-untyped-call]
    ax.tick_params(axis="x", labelsize=font)
    ax.xaxis.get_offset_text().set_fontsize(font)


def _draw_lane(
    ax: Axes,
    y: float,
    lane: Lane,
    horizon: Horizon,
    life: Life,
    font: float,
    days_per_point: float,
) -> None:
    color = _COLORS[lane.kind]
    for part in lane.intervals:
        left, width = _x(part.lo), _x(part.hi) - _x(part.lo)
        if part.certain:
            ax.barh(y, width, left=left, height=0.6, color=color, linewidth=0)
        else:
            ax.barh(
                y,
                width,
                left=left,
                height=0.6,
                color=color,
                alpha=_POSSIBLE_ALPHA,
                hatch=_HATCH,
                edgecolor=color,
                linewidth=0,
            )
    marker_color = color if lane.kind == "record" else "black"
    for mark in lane.marks:
        _draw_mark(ax, y, mark, horizon, life, marker_color, days_per_point)
    if lane.note and lane.kind != "keyed":
        _note(ax, y, lane, horizon, font)


def _note(ax: Axes, y: float, lane: Lane, horizon: Horizon, font: float) -> None:
    """A record's date as written, beside its mark, on the side with room for it."""
    at = max(m.hi for m in lane.marks) if lane.marks else horizon.lo
    share = (min(at, horizon.hi) - horizon.lo) / max(horizon.hi - horizon.lo, 1)
    right = share < 0.6
    ax.text(
        _x(min(at, horizon.hi) if right else max(min(m.lo for m in lane.marks), horizon.lo)),
        y,
        f"  {lane.note}  " if right else f"{lane.note}  ",
        va="center",
        ha="left" if right else "right",
        fontsize=font - 0.5,
        color="0.2",
        clip_on=True,
    )


def _draw_mark(
    ax: Axes,
    y: float,
    mark: FuzzyDate,
    horizon: Horizon,
    life: Life,
    color: str,
    days_per_point: float,
) -> None:
    if mark.earliest is None and mark.latest is None:
        return
    if mark.is_exact:
        if horizon.lo <= mark.lo <= horizon.hi:
            ax.plot([_x(mark.lo)], [y], "o", color=color, markersize=2.6, markeredgewidth=0)
        return
    if mark.earliest is None or mark.latest is None:
        _draw_open(ax, y, mark, horizon, life, color)
        return
    lo, hi = max(mark.lo, horizon.lo), min(mark.hi, horizon.hi)
    if lo > hi:
        return
    if (mark.hi - mark.lo) / days_per_point < _MARK_POINTS:
        middle = (mark.lo + mark.hi) / 2
        ax.plot([middle - _EPOCH], [y], "D", color=color, markersize=2.4, markeredgewidth=0)
        return
    ax.plot([_x(lo), _x(hi)], [y, y], color=color, linewidth=0.8)
    for end, inside in ((mark.lo, lo == mark.lo), (mark.hi, hi == mark.hi)):
        if inside:
            ax.plot([_x(end)], [y], "|", color=color, markersize=3.5, markeredgewidth=0.8)


_FADE_STEPS = 24


def _draw_open(
    ax: Axes, y: float, mark: FuzzyDate, horizon: Horizon, life: Life, color: str
) -> None:
    """An open date: a bar from its known bound to the organization's founding ("before")
    or dissolution ("after"), or to the chart's edge, fading toward the open end."""
    if mark.earliest is None:
        known, reach = mark.hi, life.first if life.first is not None else horizon.lo
    else:
        known, reach = mark.lo, life.last if life.last is not None else horizon.hi
    _fade(ax, y, known, reach, horizon, color)


def _fade(
    ax: Axes, y: float, known: int, reach: int, horizon: Horizon, color: str, width: float = 1.6
) -> None:
    from matplotlib.collections import LineCollection
    from matplotlib.colors import to_rgba

    if known == reach:
        return
    step = (reach - known) / _FADE_STEPS
    segments, colors = [], []
    for i in range(_FADE_STEPS):
        a = max(horizon.lo, min(horizon.hi, known + step * i))
        b = max(horizon.lo, min(horizon.hi, known + step * (i + 1)))
        if a == b:
            continue
        segments.append([(a - _EPOCH, y), (b - _EPOCH, y)])
        colors.append(to_rgba(color, 0.9 * (1 - i / _FADE_STEPS) ** 1.3))
    if segments:
        ax.add_collection(
            LineCollection(segments, colors=colors, linewidths=width, capstyle="butt")
        )


def _legend(figure: Any, rows: Sequence[Lane], font: float, summary: str, size: PlotSize) -> None:
    """The legend under the chart: only the colours the bars use, each as drawn, the marks,
    and (when undated lanes are hidden) the line naming them as the legend's title."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    certain = [
        k for k in _COLORS if any(i.certain for r in rows if r.kind == k for i in r.intervals)
    ]
    possible = [
        k for k in _COLORS if any(not i.certain for r in rows if r.kind == k for i in r.intervals)
    ]
    handles: list[Any] = [Patch(color=_COLORS[kind], label=_NAMES[kind]) for kind in certain]
    handles += [
        Patch(
            facecolor=_COLORS[kind],
            alpha=_POSSIBLE_ALPHA,
            hatch=_HATCH,
            edgecolor=_COLORS[kind],
            linewidth=0,
            label=f"{_NAMES[kind].split(' (')[0]}: only possible",
        )
        for kind in possible
    ]
    if any(r.kind == "record" for r in rows):
        handles.append(
            Line2D(
                [],
                [],
                marker="o",
                color=_COLORS["record"],
                linestyle="",
                markersize=3,
                label="held (congress...): its date",
            )
        )
    handles += [
        Line2D(
            [], [], marker="o", color="black", linestyle="", markersize=3, label="date to the day"
        ),
        Line2D(
            [],
            [],
            marker="D",
            color="black",
            linestyle="",
            markersize=2.6,
            label="date to the month or week",
        ),
        Line2D([], [], marker="|", color="black", linewidth=0.8, label="date: a day in this range"),
        _FadeLine(label='open date ("before 1933"): fades out'),
    ]
    legend = figure.legend(
        handles=handles,
        loc="outside lower center",
        ncol=max(1, min(4, int(size.width / 2.1))),
        fontsize=font,
        frameon=False,
        handler_map={_FadeLine: _FadeHandler()},
        columnspacing=1.2,
    )
    if summary:
        chars = int(size.width * 72 * 0.9 / (font * 0.6))
        legend.set_title("\n".join(textwrap.wrap(f"Not drawn: {summary}.", chars)))
        legend.get_title().set_fontsize(font)


class _FadeLine:
    """The legend's sample of an open date."""

    def __init__(self, label: str) -> None:
        self._label = label

    def get_label(self) -> str:
        return self._label


class _FadeHandler:
    """Draws a fading bar as the legend sample of an open date."""

    def legend_artist(
        self,
        legend: Any,  # noqa: ARG002
        orig_handle: Any,  # noqa: ARG002
        fontsize: float,  # noqa: ARG002
        handlebox: Any,
    ) -> Any:
        from matplotlib.collections import LineCollection
        from matplotlib.colors import to_rgba

        x0, y0 = handlebox.xdescent, handlebox.ydescent
        width, height = handlebox.width, handlebox.height
        step = width / _FADE_STEPS
        middle = y0 + height / 2
        segments = [
            [(x0 + width - step * (i + 1), middle), (x0 + width - step * i, middle)]
            for i in range(_FADE_STEPS)
        ]
        colors = [to_rgba("black", 0.9 * (1 - i / _FADE_STEPS) ** 1.3) for i in range(_FADE_STEPS)]
        artist = LineCollection(
            segments,
            colors=colors,
            linewidths=1.6,
            transform=handlebox.get_transform(),
            capstyle="butt",
        )
        handlebox.add_artist(artist)
        return artist
