"""The timeline plot: a Gantt-like chart of the organization, office holders (the chairs),
records (congresses) and keyed facts (national sections), from the kinds' declared effects.

Certain stretches are drawn solid, stretches that are only possible pale and hatched; dates
known to the day are dots, fuzzy dates whiskers over their range (an arrow where a bound is
open). Needs matplotlib, the optional extra ``plot``; it draws headless (no pyplot, no
display) into a PNG, SVG or PDF file chosen by the file's suffix.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from mopr_timeline.dates import FuzzyDate, as_fuzzy
from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import Event
from mopr_timeline.views._lanes import Horizon, Lane, horizon_of, lanes

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["PLOT_SUFFIXES", "PlotError", "plot_events", "plot_timeline"]

PLOT_SUFFIXES = (".png", ".svg", ".pdf")
_COLORS = {
    "organization": "#4d4d4d",
    "slot": "#7b3294",
    "record": "#d7191c",
    "keyed": "#2b83ba",
}
_LEGEND_NAMES = {
    "organization": "organization exists",
    "slot": "holds the office",
    "record": "held (congress...)",
    "keyed": "exists (section...)",
}
_ROW = 0.16
_WIDTH = 8.27
_OPEN_ARROW = 730
"""Days an open bound's arrow reaches past the known bound."""


class PlotError(MoprTimelineError, ValueError):
    """The plot cannot be drawn: matplotlib is missing, or the output name is unusable."""


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
) -> Path:
    """Draw ``timeline``'s events (as recorded at ``as_of``) into ``out``; returns the path."""
    events = list(timeline.events(as_of=as_of))
    return plot_events(events, out, start=start, end=end, title=title)


def plot_events(
    events: Sequence[Event],
    out: str | Path,
    *,
    start: FuzzyDate | _dt.date | str | None = None,
    end: FuzzyDate | _dt.date | str | None = None,
    title: str | None = None,
) -> Path:
    """Draw ``events`` into ``out`` (``.png``, ``.svg`` or ``.pdf``); returns the path.

    The title defaults to the founded organization's name and what the chart shows.
    """
    path = Path(out)
    if path.suffix.lower() not in PLOT_SUFFIXES:
        raise PlotError(
            f"cannot plot to {str(out)!r}: the file name must end in {', '.join(PLOT_SUFFIXES)}"
        )
    figure_cls = _matplotlib_figure()
    horizon = horizon_of(
        events,
        None if start is None else as_fuzzy(start),
        None if end is None else as_fuzzy(end),
    )
    rows = lanes(events, horizon)
    labelled = _with_headers(rows)
    height = max(3.0, 1.6 + _ROW * len(labelled))
    figure = figure_cls(figsize=(_WIDTH, height), layout="constrained")
    ax = figure.add_subplot()
    _draw(ax, labelled, horizon)
    _legend(ax)
    ax.set_title(title or _default_title(rows), fontsize=10)
    try:
        figure.savefig(path, dpi=150)
    except OSError as exc:
        raise PlotError(f"cannot write {str(out)!r}: {exc.strerror or exc}") from exc
    return path


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


def _x(ordinal: int) -> float:
    """A day as a fractional year, e.g. 1925.5 for early July 1925."""
    day = _dt.date.fromordinal(ordinal)
    first = _dt.date(day.year, 1, 1).toordinal()
    length = _dt.date(day.year, 12, 31).toordinal() - first + 1
    return day.year + (ordinal - first) / length


def _draw(ax: Axes, labelled: list[Lane | str], horizon: Horizon) -> None:
    n = len(labelled)
    ticks, labels = [], []
    for index, item in enumerate(labelled):
        y = n - 1 - index
        if isinstance(item, str):
            ax.axhline(y - 0.5, color="0.6", linewidth=0.6)
            ax.text(
                _x(horizon.lo),
                y,
                f" {item}",
                va="center",
                ha="left",
                fontsize=7.5,
                fontweight="bold",
                color="0.25",
            )
            continue
        ticks.append(y)
        labels.append(item.label)
        _draw_lane(ax, y, item, horizon)
    ax.set_yticks(ticks, labels, fontsize=6.5)
    ax.set_ylim(-0.7, n - 0.3)
    ax.set_xlim(_x(horizon.lo), _x(horizon.hi))
    first, last = int(_x(horizon.lo)), int(_x(horizon.hi)) + 1
    ax.set_xticks(range(first, last + 1), [str(y) for y in range(first, last + 1)], fontsize=7)
    ax.tick_params(axis="x", labeltop=True, top=True, rotation=90)
    ax.grid(axis="x", color="0.9", linewidth=0.5)
    ax.set_axisbelow(True)


def _draw_lane(ax: Axes, y: float, lane: Lane, horizon: Horizon) -> None:
    color = _COLORS[lane.kind]
    for part in lane.intervals:
        left, width = _x(part.lo), _x(part.hi) - _x(part.lo)
        if part.certain:
            ax.barh(y, width, left=left, height=0.55, color=color, linewidth=0)
        else:
            ax.barh(
                y,
                width,
                left=left,
                height=0.55,
                color=color,
                alpha=0.25,
                hatch="////",
                edgecolor=color,
                linewidth=0,
            )
    marker_color = color if lane.kind == "record" else "black"
    for mark in lane.marks:
        _draw_mark(ax, y, mark, horizon, marker_color)
    if lane.note:
        ends = [_x(part.hi) for part in lane.intervals]
        ends += [_x(min(m.hi, horizon.hi)) for m in lane.marks if m.latest is not None]
        right = max(ends, default=_x(horizon.lo))
        ax.text(right, y, f"  {lane.note}", va="center", ha="left", fontsize=6, color="0.2")


def _draw_mark(ax: Axes, y: float, mark: FuzzyDate, horizon: Horizon, color: str) -> None:
    if mark.earliest is None and mark.latest is None:
        return
    if mark.is_exact:
        ax.plot([_x(mark.lo)], [y], "o", color=color, markersize=3.2)
        return
    first = mark.hi - _OPEN_ARROW if mark.earliest is None else mark.lo
    last = mark.lo + _OPEN_ARROW if mark.latest is None else mark.hi
    lo = _x(max(first, horizon.lo))
    hi = _x(min(last, horizon.hi))
    ax.plot([lo, hi], [y, y], color=color, linewidth=0.9)
    ends = [
        (x, "|")
        for x, is_open in ((lo, mark.earliest is None), (hi, mark.latest is None))
        if not is_open
    ]
    for x, marker in ends:
        ax.plot([x], [y], marker, color=color, markersize=4)
    if mark.earliest is None:
        ax.plot([lo], [y], "<", color=color, markersize=3.5)
    if mark.latest is None:
        ax.plot([hi], [y], ">", color=color, markersize=3.5)


def _legend(ax: Axes) -> None:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles = [
        Patch(color="0.35", label="certain (in every reading of the dates)"),
        Patch(facecolor="0.85", edgecolor="0.35", hatch="////", label="only possible"),
        Line2D([], [], marker="o", color="black", linestyle="", label="date known to the day"),
        Line2D([], [], marker="|", color="black", label="fuzzy date: one day in this range"),
        Line2D([], [], marker="<", color="black", label="open bound (before / after)"),
        *(Patch(color=c, label=_LEGEND_NAMES[k]) for k, c in _COLORS.items()),
    ]
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.02),
        ncol=3,
        fontsize=6.5,
        frameon=False,
    )
