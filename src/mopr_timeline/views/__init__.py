"""Views: chronologies rendered for people and tools, and the timeline plot.

Every renderer takes chronology entries (``Timeline.chronology(...)``) and returns text.
``render(name, entries)`` picks one by name; ``FORMATS`` lists the names.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from mopr_timeline.errors import MoprTimelineError
from mopr_timeline.events import Event
from mopr_timeline.replay import ChronologyEntry
from mopr_timeline.views._csv import render_csv
from mopr_timeline.views._edtf import render_edtf
from mopr_timeline.views._json import render_json
from mopr_timeline.views._lanes import organization_name
from mopr_timeline.views._page import PageError, page_html, write_page
from mopr_timeline.views._rows import CSV_COLUMNS
from mopr_timeline.views._tenures import Tenure, slot_families, tenures
from mopr_timeline.views._text import render_markdown, render_text
from mopr_timeline.views._timelinejs import GroupBy, render_timelinejs, timelinejs_document
from mopr_timeline.views.plot import (
    PlotError,
    PlotSize,
    counts_figure,
    plot_counts,
    plot_events,
    plot_timeline,
    timeline_figure,
)

__all__ = [
    "CSV_COLUMNS",
    "FORMATS",
    "FormatError",
    "GroupBy",
    "PageError",
    "PlotError",
    "PlotSize",
    "Tenure",
    "counts_figure",
    "organization_name",
    "page_html",
    "plot_counts",
    "plot_events",
    "plot_timeline",
    "render",
    "render_csv",
    "render_edtf",
    "render_json",
    "render_markdown",
    "render_text",
    "render_timelinejs",
    "slot_families",
    "tenures",
    "timeline_figure",
    "timelinejs_document",
    "write_page",
]

_SIMPLE: dict[str, Callable[[Iterable[ChronologyEntry]], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "csv": render_csv,
    "json": render_json,
    "edtf": render_edtf,
}

FORMATS: tuple[str, ...] = (*_SIMPLE, "timelinejs")
"""The chronology formats ``render`` knows."""


class FormatError(MoprTimelineError, ValueError):
    """A chronology format name that is not one of ``FORMATS``."""


def render(
    name: str,
    entries: Sequence[ChronologyEntry],
    *,
    events: Iterable[Event] | None = None,
    group_by: GroupBy = "kind",
    title: str | None = None,
) -> str:
    """Render ``entries`` in the format ``name``.

    ``events`` feed TimelineJS eras (the chairs' tenures); ``title`` heads Markdown and
    TimelineJS output.
    """
    if name == "timelinejs":
        return render_timelinejs(entries, events=events, group_by=group_by, title=title)
    if name == "markdown" and title:
        return render_markdown(entries, title=title)
    renderer = _SIMPLE.get(name)
    if renderer is None:
        raise FormatError(f"unknown chronology format {name!r}; known: {', '.join(FORMATS)}")
    return renderer(entries)
