"""``mopr-timeline``: the timeline from the shell (also ``python -m mopr_timeline``).

Read commands default to the shipped MOPR dataset; ``--store`` names another store (a
directory, a ``.db`` file or a ``postgresql://`` URL), which they open read-only (a SQLite
file's bytes stay as they were). ``append``, ``import`` and ``retract`` write, so they need
``--store``: the shipped dataset is never changed from the shell. Kinds of
your own are loaded before any command (``--kinds``, ``MOPR_TIMELINE_KINDS``, entry points).
"""

from __future__ import annotations

import csv
import datetime as _dt
import difflib
import io
import json
import os
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import attrs
import click
from rich.console import Console

from mopr_timeline import load
from mopr_timeline._cli import (
    AS_OF,
    DATE,
    ENV_VAR,
    EventFlags,
    InputError,
    LiveChoice,
    OneLineErrors,
    build_event,
    chronology_table,
    date_report,
    explained,
    load_kinds,
    modules_from_env,
    narrowed_json,
    parse_text,
    relations_from_flags,
    span_report,
    state_for_people,
    state_view,
    to_json_ready,
    user_files,
)
from mopr_timeline._dataset import PERIODS, open_dataset_store
from mopr_timeline.check import check_path, check_store
from mopr_timeline.dates import DateParseError, FuzzyDate, parse_date, parse_span
from mopr_timeline.events import FAMILIES, KINDS, Event, Retracted, Source
from mopr_timeline.replay import ChronologyEntry, Timeline, build_chronology, chronology_kinds
from mopr_timeline.spreadsheets import BadRowsError, ImportReport, import_csv, importable_kinds
from mopr_timeline.store import (
    FileStore,
    HeadFormatError,
    MemoryStore,
    Store,
    open_store,
    parse_head,
)
from mopr_timeline.views import FORMATS, organization_name, render, write_page
from mopr_timeline.views.plot import (
    DEFAULT_DPI,
    PLOT_SUFFIXES,
    PlotError,
    PlotSize,
    plot_counts,
    plot_timeline,
)

__all__ = ["main"]

F = TypeVar("F", bound=Callable[..., Any])
_URL = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

EXAMPLES = """\b
Examples:
  mopr-timeline state 1926-01-01
  mopr-timeline state "Aug. 1925" --format json
  mopr-timeline chronology --from 1925 --to 1927 --kind SectionEstablished
  mopr-timeline chronology --format timelinejs --output mopr.json
  mopr-timeline parse '"before 1933"'
  mopr-timeline parse "March 24-April 5" --year 1927
  mopr-timeline check
  mopr-timeline head --store my-log
  mopr-timeline check --store my-log --expect-head 42:5f0c...
  mopr-timeline plot mopr.png --from 1922 --to 1941
  mopr-timeline series sections --from 1922 --to 1947
  mopr-timeline html mopr.html
  mopr-timeline append --store my-log --type SectionEstablished --when "Aug. 1925" \\
      --field country=Belgium --source-title "Ryle, International Red Aid" --source-pages 262
  mopr-timeline import sections.csv --store my-log --type SectionEstablished \\
      --map country=Country --map name=Name --when Established --dry-run
  mopr-timeline retract EVENT_ID --store my-log --reason "misread the table"
  mopr-timeline --kinds my_kinds.py state 1926 --store my-log
"""


def _store_options(*, required: bool = False) -> Callable[[F], F]:
    def decorate(command: F) -> F:
        command = click.option(
            "--stream", default="mopr", show_default=True, help="The stream (log) to use."
        )(command)
        return click.option(
            "--store",
            "store",
            metavar="PATH|URL",
            required=required,
            help="A FileStore directory, a .db SQLite file or a postgresql:// URL"
            + ("." if required else " (default: the shipped MOPR dataset)."),
        )(command)

    return decorate


def _as_of_option(command: F) -> F:
    return click.option(
        "--as-of",
        "as_of",
        type=AS_OF,
        help="See the log as recorded then: a stream version (e.g. 40) or an ISO date-time.",
    )(command)


def _format_option(choices: Sequence[str]) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help="Output format.",
    )


def _open(
    store: str | None, stream: str, *, must_exist: bool = True, read_only: bool = False
) -> Timeline:
    if store is None:
        return load(stream=stream)
    location = _store_at(store, stream, must_exist=must_exist, read_only=read_only)
    with user_files(f"--store {store!r}"):
        return Timeline(location, stream)


def _store_at(
    location: str, stream: str, *, must_exist: bool, read: bool = True, read_only: bool = False
) -> Store:
    """The store at ``location`` (``read_only``: opened for reading only, a SQLite file's
    bytes left as they are); ``must_exist``: refuse a missing path or, when ``read``, an
    empty stream (reading its version may already raise on a damaged log)."""
    if must_exist and not _exists(location):
        raise InputError(f"--store {location!r}: no store there (no such file or directory)")
    with user_files(f"--store {location!r}"):
        store = open_store(location, read_only=read_only)
        if must_exist and read and store.current_version(stream) == 0:
            raise InputError(f"--store {location!r} has no events in stream {stream!r}")
    return store


def _exists(location: str) -> bool:
    return bool(_URL.match(location)) or Path(location).expanduser().exists()


def _console() -> Console:
    columns = os.environ.get("COLUMNS", "")
    return Console(highlight=False, width=int(columns) if columns.isdigit() else None)


def _echo_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


@click.group(
    cls=OneLineErrors,
    epilog=EXAMPLES,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="mopr_timeline", prog_name="mopr-timeline")
@click.option(
    "--kinds",
    "kinds",
    multiple=True,
    metavar="MODULE",
    help="Load event kinds of your own from MODULE, a module name (looked up in the current "
    f"directory first) or a .py file (repeatable; also {ENV_VAR}, separated by commas).",
)
def main(kinds: tuple[str, ...]) -> None:
    """International Red Aid (MOPR) as fuzzy-dated, cited events.

    Every fact is answered certain, possible or impossible. Bad input prints one line on
    stderr and exits with 2; nothing in the store changes. Kinds of your own come from
    --kinds, MOPR_TIMELINE_KINDS and installed mopr_timeline.kinds entry points.
    """
    load_kinds(kinds, from_env=modules_from_env(os.environ.get(ENV_VAR)))


@main.command()
@click.argument("date", type=DATE)
@click.option(
    "--trust",
    "trust",
    multiple=True,
    metavar="TITLE",
    help="Where sources disagree, follow the claims of this source (its title, exactly as "
    "cited; repeatable). Disputes with no claim from a trusted source stay open.",
)
@click.option(
    "--during",
    is_flag=True,
    help="Ask about the whole period DATE stands for (1925: 1 January to 31 December): is "
    "each fact so on at least one day of it? Without it DATE is one unknown day.",
)
@click.option(
    "--throughout",
    is_flag=True,
    help="Ask about the whole period DATE stands for: is each fact so on every day of it?",
)
@_as_of_option
@_store_options()
@_format_option(("text", "json"))
def state(
    date: FuzzyDate,
    trust: tuple[str, ...],
    during: bool,
    throughout: bool,
    as_of: int | _dt.datetime | None,
    store: str | None,
    stream: str,
    fmt: str,
) -> None:
    """What the organization looked like on DATE (any date form: 1926, "Aug. 1925", ...).

    DATE is one unknown day in its bounds, or with --during (--throughout) the whole period
    from its earliest to its latest day, each fact answered for some day (every day) of it.
    A fact on which sources disagree is marked disputed, with what each source claims.

    \b
    Examples:
      mopr-timeline state 1926-01-01
      mopr-timeline state "before 1933" --format json
      mopr-timeline state 1930 --store my-log --as-of 12
      mopr-timeline state 1930-06-01 --trust "International Red Aid (encyclopedia article)"
      mopr-timeline state 1925 --during
      mopr-timeline state 1925 --throughout
    """
    timeline = _open(store, stream, read_only=True)
    if trust:
        _check_trusted(trust, timeline.events(as_of=as_of))
    if during and throughout:
        raise click.UsageError("--during and --throughout ask different questions: give one")
    over = "some" if during else "all" if throughout else None
    if over is None:
        answer = timeline.state_at(date, as_of=as_of, trust=trust or None)
    else:
        answer = timeline.state_during(date, mode=over, as_of=as_of, trust=trust or None)
    if fmt == "json":
        _echo_json(answer.to_dict())
        return
    _console().print(state_view(state_for_people(answer), trust=trust, over=over))


def _check_trusted(titles: Sequence[str], events: Sequence[Event]) -> None:
    """Every ``--trust`` title is the title of a source some event of the stream cites."""
    known = {e.source.title for e in events if e.source is not None}
    for title in titles:
        if title not in known:
            close = difflib.get_close_matches(title, sorted(known), n=3, cutoff=0.4)
            hint = (
                f"did you mean {' or '.join(repr(c) for c in close)}?"
                if close
                else (f"known titles: {'; '.join(sorted(known)[:5])}")
            )
            raise InputError(
                f"--trust {title!r}: no event of the stream cites this source ({hint})"
            )


@main.command(short_help="The events in order, with hedged dates.")
@click.option("--from", "start", type=DATE, help="Keep entries possibly on or after this date.")
@click.option("--to", "end", type=DATE, help="Keep entries possibly on or before this date.")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=LiveChoice(chronology_kinds),
    help="Keep only this event kind (repeatable).",
)
@click.option("--country", "countries", multiple=True, help="Keep only this country (repeatable).")
@click.option(
    "--certain",
    is_flag=True,
    help="Keep only entries certainly in the --from/--to range (in every reading of their dates).",
)
@click.option(
    "--group-by",
    type=click.Choice(["kind", "country"]),
    default="kind",
    show_default=True,
    help="TimelineJS groups.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of the terminal.",
)
@_as_of_option
@_store_options()
@_format_option(("text", *[f for f in FORMATS if f != "text"]))
def chronology(
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    kinds: tuple[str, ...],
    countries: tuple[str, ...],
    certain: bool,
    group_by: str,
    output: Path | None,
    as_of: int | _dt.datetime | None,
    store: str | None,
    stream: str,
    fmt: str,
) -> None:
    """The events in order, each dated as its source dates it ("in Aug. 1925").

    Every entry says whether it falls in the --from/--to range certainly or only possibly
    (its date allows days outside the range too); --certain keeps the certain ones.

    \b
    Examples:
      mopr-timeline chronology --from 1925 --to 1927
      mopr-timeline chronology --from 1925 --to 1927 --certain
      mopr-timeline chronology --kind CongressHeld --format markdown
      mopr-timeline chronology --country Spain --format csv -o spain.csv
      mopr-timeline chronology --format timelinejs --group-by country -o mopr.json
      mopr-timeline chronology --format edtf
    """
    events = list(_open(store, stream, read_only=True).events(as_of=as_of))
    _check_countries(countries, events)
    entries = build_chronology(
        events,
        start=start,
        end=end,
        kinds=kinds or None,
        countries=countries or None,
        certain=certain,
    )
    if fmt == "text" and output is None:
        _console().print(chronology_table(entries))
        return
    text = render(
        fmt,
        entries,
        events=events,
        group_by="country" if group_by == "country" else "kind",
        title=_title(events),
    )
    if output is None:
        click.echo(text, nl=False)
    else:
        with user_files(f"--output {str(output)!r}: cannot write"):
            output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {_entries_written(entries, fmt)} to {output}", err=True)


def _entries_written(entries: Sequence[ChronologyEntry], fmt: str) -> str:
    """How many entries the file holds, and how many of them only possibly fall in the
    range; TimelineJS lists the undated ones on its title slide."""
    possible = sum(1 for e in entries if not e.certainty.is_certain)
    parts = [f"{possible} only possibly in the range"] if possible else []
    if fmt == "timelinejs":
        undated = sum(1 for e in entries if e.when.earliest is None and e.when.latest is None)
        if undated:
            parts.append(f"{undated} undated, listed on the title slide")
    counted = f"{len(entries)} {'entry' if len(entries) == 1 else 'entries'}"
    return f"{counted} ({'; '.join(parts)})" if parts else counted


def _title(events: Sequence[Event]) -> str:
    name = organization_name(events)
    return f"{name}: chronology" if name else "Chronology"


def _range_or_date(
    text: str, date: FuzzyDate, year: int | None, order: Literal["dmy", "mdy"] | None
) -> Any:
    """A range's span report (start and end) when it has an EDTF interval, else the date's."""
    try:
        spanned = parse_span(text, year=year, order=order)
        if spanned.start.text == spanned.text and spanned.end.text == spanned.text:
            return date_report(date)
        return span_report(spanned)
    except DateParseError:
        return date_report(date)


def _check_countries(countries: Sequence[str], events: Sequence[Event]) -> None:
    known = {c for e in events if isinstance(c := getattr(e, "country", None), str)}
    folded = {c.casefold() for c in known}
    for country in countries:
        if country.casefold() not in folded:
            raise InputError(
                f"--country {country!r}: no event in the stream names this country "
                f"(e.g. {', '.join(sorted(known)[:5])})"
            )


@main.command()
@click.argument("text")
@click.option("--year", type=click.IntRange(1, 9999), help="The year for texts without one.")
@click.option("--span", is_flag=True, help="Read TEXT as a span (start and end).")
@click.option(
    "--order",
    type=click.Choice(["dmy", "mdy"]),
    help="How to read a numeric date such as 10/7/2008: day first (dmy) or month first "
    "(mdy). Without it both readings are covered and the date is marked ambiguous.",
)
@_format_option(("text", "json"))
def parse(text: str, year: int | None, span: bool, order: str | None, fmt: str) -> None:
    """Read TEXT as a fuzzy date (or a span) and show its bounds and EDTF.

    A range (1922–1925) is shown as a span when it has an EDTF interval, and so is a text
    that is no single date. A text with more than one common reading (1800s, 1918-21,
    10/7/2008) is marked ambiguous: its bounds cover every reading.

    \b
    Examples:
      mopr-timeline parse "Aug. 1925"
      mopr-timeline parse '"before 1933"' --format json
      mopr-timeline parse "July 14–16" --year 1924 --span
      mopr-timeline parse "10/7/2008" --order dmy
    """
    numeric: Literal["dmy", "mdy"] | None = (
        "dmy" if order == "dmy" else "mdy" if order == "mdy" else None
    )
    if span:
        report: Any = span_report(parse_span(text, year=year, order=numeric))
    else:
        try:
            date = parse_date(text, year=year, order=numeric, periods=PERIODS)
        except DateParseError as error:
            try:
                report = span_report(parse_span(text, year=year, order=numeric))
            except DateParseError:
                raise error from None
        else:
            report = _range_or_date(text, date, year, numeric)
    if fmt == "json":
        _echo_json(to_json_ready(report))
    else:
        click.echo(parse_text(report))


@main.command()
@click.option(
    "--expect-head",
    metavar="VERSION:HASH",
    help="Also prove that nothing up to this head (as `head` printed it earlier) was rewritten.",
)
@_store_options()
@_format_option(("text", "json"))
@click.pass_context
def check(
    ctx: click.Context, expect_head: str | None, store: str | None, stream: str, fmt: str
) -> None:
    """Check the log's integrity and where its sources disagree.

    Exits 1 when integrity fails (an altered or unreadable log, a record that cannot be read
    as its kind and is not retracted, or a stream whose history up to --expect-head is not the
    one recorded); disagreements between sources are findings, reported with exit code 0. A
    stream without events is bad input (exit code 2), as for every command.
    """
    if expect_head is not None:
        try:
            parse_head(expect_head)
        except HeadFormatError as exc:
            raise InputError(f"--expect-head: {exc}") from None
    if store is None:
        report = check_path(None, stream=stream, expect_head=expect_head)
    else:
        target = _store_at(store, stream, must_exist=True, read=False, read_only=True)
        with user_files(f"--store {store!r}"):
            if _no_trace_of(target, stream):
                raise InputError(f"--store {store!r} has no events in stream {stream!r}")
            report = check_store(target, stream, expect_head=expect_head)
    if fmt == "json":
        _echo_json(report.to_dict())
    else:
        click.echo(report.to_text())
    ctx.exit(0 if report.ok else 1)


def _no_trace_of(store: Store, stream: str) -> bool:
    """Does ``store`` hold nothing of ``stream`` (without reading its records, which ``check``
    reports on)? A FileStore's stream file that is there but empty is a trace (it was cut), and
    so is a head file left without its stream file (the stream file was deleted)."""
    if stream in store.streams():
        return False
    return not (
        isinstance(store, FileStore)
        and (store.path(stream).exists() or store.head_path(stream).exists())
    )


@main.command()
@_store_options()
@_format_option(("text", "json"))
def head(store: str | None, stream: str, fmt: str) -> None:
    """Print the stream's head, VERSION:HASH, to record elsewhere.

    The hash is chained over every record up to VERSION: `check --expect-head VERSION:HASH`
    later proves that nothing up to it was rewritten. The whole stream is read (a FileStore's
    lines, chain and acknowledged head checked on the way).

    \b
    Examples:
      mopr-timeline head --store my-log
      mopr-timeline check --store my-log --expect-head 42:5f0c...
    """
    if store is None:
        target: Store = open_dataset_store(None, stream=stream)
    else:
        target = _store_at(store, stream, must_exist=True, read_only=True)
    with user_files("the shipped dataset" if store is None else f"--store {store!r}"):
        found = target.head(stream)
    if fmt == "json":
        _echo_json({"stream": stream, "version": found.version, "hash": found.hash})
    else:
        click.echo(str(found))


@main.command()
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "start", type=DATE, help="First date shown.")
@click.option("--to", "end", type=DATE, help="Last date shown.")
@click.option(
    "--size",
    metavar="WxH",
    help="Width and height in inches, e.g. 7x4.5 (default: 7 wide, as tall as the rows need).",
)
@click.option(
    "--dpi",
    type=click.IntRange(20, 1200),
    default=DEFAULT_DPI,
    show_default=True,
    help="Dots per inch of a PNG.",
)
@click.option(
    "--hide-undated",
    is_flag=True,
    help="Leave out facts with no date at all; one line under the chart names them.",
)
@click.option(
    "--kind",
    "chart",
    type=click.Choice(["timeline", "counts"]),
    default="timeline",
    show_default=True,
    help="The lanes over time, or how many facts of --family hold over time.",
)
@click.option(
    "--family",
    type=LiveChoice(lambda: tuple(FAMILIES)),
    help="With --kind counts: the family counted (default: sections).",
)
@_as_of_option
@_store_options()
def plot(
    out: Path,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    size: str | None,
    dpi: int,
    hide_undated: bool,
    chart: str,
    family: str | None,
    as_of: int | _dt.datetime | None,
    store: str | None,
    stream: str,
) -> None:
    """Draw the organization, office holders, congresses and sections into OUT (.png, .svg, .pdf).

    \b
    Examples:
      mopr-timeline plot mopr.png
      mopr-timeline plot mopr.pdf --hide-undated
      mopr-timeline plot mopr-1930s.svg --from 1930 --to 1939 --size 7x6
      mopr-timeline plot mopr.png --size 3.5x5 --dpi 600 --from 1925 --to 1927
      mopr-timeline plot sections.pdf --kind counts --family sections
    """
    if out.suffix.lower() not in PLOT_SUFFIXES:
        raise InputError(f"OUT {str(out)!r}: the file name must end in {', '.join(PLOT_SUFFIXES)}")
    if chart == "counts" and hide_undated:
        raise InputError("--hide-undated: only for --kind timeline (counts include every fact)")
    if chart == "timeline" and family is not None:
        raise InputError("--family: only for --kind counts")
    timeline = _open(store, stream, read_only=True)
    try:
        chosen = None if size is None else PlotSize.parse(size)
        if chart == "counts":
            path = plot_counts(
                timeline,
                out,
                family or "sections",
                start=start,
                end=end,
                as_of=as_of,
                size=chosen,
                dpi=dpi,
            )
            click.echo(f"wrote {path}", err=True)
            return
        path = plot_timeline(
            timeline,
            out,
            start=start,
            end=end,
            as_of=as_of,
            size=chosen,
            dpi=dpi,
            hide_undated=hide_undated,
        )
    except PlotError as exc:
        message = str(exc)
        raise InputError(f"--{message}" if message.startswith("size ") else message) from exc
    click.echo(f"wrote {path}", err=True)


@main.command()
@click.option("--type", "type_name", type=LiveChoice(lambda: tuple(KINDS)), help="The event type.")
@click.option(
    "--when",
    help='The date as text ("Aug. 1925"; a span for a congress: "July 14–16, 1924").',
)
@click.option(
    "--year", type=click.IntRange(1, 9999), help='The year of a --when without one ("June").'
)
@click.option(
    "--field",
    "fields",
    multiple=True,
    metavar="NAME=VALUE",
    help="An event field (repeatable); list items separated by ';'.",
)
@click.option("--id", "event_id", help="The event id (default: a new unique id).")
@click.option("--source-title", help="The cited work.")
@click.option("--source-pages", help="The pages cited.")
@click.option("--quote", help="The passage quoted from the source.")
@click.option(
    "--contradicts",
    "contradicts",
    multiple=True,
    metavar="ID",
    help="An earlier claim this event competes with, when sources disagree (repeatable).",
)
@click.option(
    "--json",
    "json_text",
    metavar="JSON",
    help='The whole event as one JSON object with "type" (instead of the flags).',
)
@click.option("--after", multiple=True, metavar="ID", help="Dated after the event ID (repeatable).")
@click.option(
    "--before", multiple=True, metavar="ID", help="Dated before the event ID (repeatable)."
)
@click.option(
    "--not-before", multiple=True, metavar="ID", help="On or after the event ID's day (repeatable)."
)
@click.option(
    "--not-after", multiple=True, metavar="ID", help="On or before the event ID's day (repeatable)."
)
@click.option("--same-day", multiple=True, metavar="ID", help="On the event ID's day (repeatable).")
@click.option(
    "--within",
    metavar="TEXT",
    help='With one relation flag: at most this long from the other day ("3 months").',
)
@click.option(
    "--at-least",
    metavar="TEXT",
    help='With one relation flag: at least this long from the other day ("1 year").',
)
@click.option(
    "--of",
    type=click.Choice(["start", "end"]),
    help="With one relation flag: the other event's first (default) or last day (a span).",
)
@click.option(
    "--expected-version",
    type=click.IntRange(0),
    help="Fail unless the stream is at this version (guards against concurrent writers).",
)
@_store_options(required=True)
@_format_option(("text", "json"))
def append(expected_version: int | None, store: str, stream: str, fmt: str, **flags: Any) -> None:
    """Record one event, validated before anything is written.

    \b
    Examples:
      mopr-timeline append --store my-log --type SectionEstablished --when "Aug. 1925" \\
          --field country=Belgium --source-title "Ryle, International Red Aid" \\
          --source-pages 262-263 --quote "Belgium | | Aug. 1925"
      mopr-timeline append --store my-log --type CongressHeld --when "July 14–16" --year 1924 \\
          --field "name=1st International Conference" --field location=Moscow
      mopr-timeline append --store my-log.db --json \\
          '{"type": "Occurred", "when": "1926", "text": "Rode Hulp first published"}'
      mopr-timeline append --store my-log --type SectionEstablished --when "October 1934" \\
          --field country=Spain --contradicts section-spain --source-title "The article"
      mopr-timeline append --store my-log --type Occurred --when 1921 \\
          --field "text=First congress" --after founded --within "3 months"
    """
    relations = relations_from_flags(flags)
    event = build_event(EventFlags(**flags))
    if relations:
        if flags.get("json_text"):
            raise InputError('--json: give its relations inside the JSON as "relations"')
        event = attrs.evolve(event, relations=(*event.relations, *relations))
    timeline = _open(store, stream, must_exist=False)
    held = {record.event.id for record in timeline.records()}
    if event.id in held:
        raise InputError(f"--id {event.id!r}: the stream already holds an event with this id")
    for claim in event.contradicts:
        if claim not in held:
            raise InputError(
                f"contradicts {claim!r}: the stream holds no event with this id (a claim "
                "names the earlier claims it competes with)"
            )
    with user_files(f"--store {store!r}"):
        version = timeline.append([event], expected_version=expected_version)
    _report_append(event, version, stream, fmt)


@main.command(short_help="An event's date as relations narrow it, and why.")
@click.argument("event_id", metavar="EVENT_ID")
@_as_of_option
@_store_options()
@_format_option(("text", "json"))
def explain(
    event_id: str, as_of: int | _dt.datetime | None, store: str | None, stream: str, fmt: str
) -> None:
    """Print the narrowed bounds of EVENT_ID's date and the chain of relations and dates
    that forced each bound.

    \b
    Examples:
      mopr-timeline explain leader-left-stasova
      mopr-timeline explain congress-2 --store my-log --format json
    """
    timeline = _open(store, stream, read_only=True)
    narrowed = timeline.bounds(event_id, as_of=as_of)
    kind = next(e.kind for e in timeline.events(as_of=as_of) if e.id == event_id)
    if fmt == "json":
        _echo_json(narrowed_json(narrowed, kind))
        return
    for line in explained(narrowed, kind):
        click.echo(line)


def _report_append(event: Event, version: int, stream: str, fmt: str) -> None:
    if fmt == "json":
        _echo_json({"id": event.id, "type": event.kind, "stream": stream, "version": version})
    else:
        click.echo(f"recorded {event.kind} {event.id} in stream {stream!r} at version {version}")


@main.command("import", short_help="Append a spreadsheet's rows (CSV) as events.")
@click.argument("table", metavar="TABLE.csv", type=click.Path(path_type=Path))
@click.option(
    "--type",
    "type_name",
    required=True,
    type=LiveChoice(importable_kinds),
    help="The kind of event each row records.",
)
@click.option(
    "--map",
    "mappings",
    multiple=True,
    metavar="FIELD=COLUMN",
    help="Read FIELD from COLUMN (repeatable; every required field needs one).",
)
@click.option(
    "--when",
    "when_column",
    required=True,
    metavar="COLUMN",
    help="The column of dates, kept as written (a blank cell is an unknown date).",
)
@click.option(
    "--year", type=click.IntRange(1, 9999), help='The year of date cells without one ("June").'
)
@click.option("--source-title", help="The cited work, for every event.")
@click.option("--source-pages", help="The pages cited.")
@click.option(
    "--quote-row",
    is_flag=True,
    help='Quote each row as written ("Belgium | | Aug. 1925"); needs --source-title.',
)
@click.option(
    "--id-column",
    metavar="COLUMN",
    help="Take each event's id from COLUMN (default: derived from the row).",
)
@click.option(
    "--delimiter",
    default=",",
    show_default=True,
    help='The character between cells (";", "tab"...).',
)
@click.option("--dry-run", is_flag=True, help="Check every row and report; write nothing.")
@_store_options(required=True)
@_format_option(("text", "json"))
@click.pass_context
def import_table(
    ctx: click.Context,
    table: Path,
    type_name: str,
    mappings: tuple[str, ...],
    when_column: str,
    year: int | None,
    source_title: str | None,
    source_pages: str | None,
    quote_row: bool,
    id_column: str | None,
    delimiter: str,
    dry_run: bool,
    store: str,
    stream: str,
    fmt: str,
) -> None:
    """Append one event per row of TABLE.csv, all in one batch or none.

    Cells are read by their field's type; an empty cell leaves the field at its default.
    Every bad row is reported with its line (the header is line 1) and nothing is written.
    Ids derive from the rows (or --id-column), so importing the same file again appends
    nothing; rows already imported are counted, not appended again. The file is UTF-8 (an
    Excel "CSV UTF-8" file too).

    \b
    Examples:
      mopr-timeline import sections.csv --store my-log --type SectionEstablished \\
          --map country=Country --map name=Name --when Established \\
          --source-title "Ryle, International Red Aid" --source-pages 262-263 --quote-row
      mopr-timeline import congresses.csv --store my-log --type CongressHeld \\
          --map name=Congress --map location=City --when Dates --delimiter ";" --dry-run
    """
    if source_title is None and source_pages is not None:
        raise InputError("--source-pages cites a work: give its title too (--source-title)")
    source = None if source_title is None else Source(title=source_title, pages=source_pages)
    options: dict[str, Any] = {
        "stream": stream,
        "kind": type_name,
        "fields": _mappings(mappings),
        "when": when_column,
        "delimiter": delimiter,
        "year": year,
        "source": source,
        "quote_row": quote_row,
        "id_column": id_column,
        "periods": PERIODS,
    }
    try:
        if _exists(store):
            target = _store_at(store, stream, must_exist=False)
            with user_files(f"--store {store!r}"):
                report = import_csv(table, store=target, dry_run=dry_run, **options)
        else:  # check the rows before creating the store
            report = import_csv(table, store=MemoryStore(), dry_run=True, **options)
            if not dry_run and report.appended:
                target = _store_at(store, stream, must_exist=False)
                with user_files(f"--store {store!r}"):
                    report = import_csv(table, store=target, dry_run=False, **options)
    except BadRowsError as exc:
        _report_import(exc.report, fmt)
        ctx.exit(2)
    _report_import(report, fmt)


def _mappings(mappings: Sequence[str]) -> dict[str, str]:
    """``["country=Country", ...]`` as ``{field: column}``."""
    fields: dict[str, str] = {}
    for mapping in mappings:
        field, sep, column = mapping.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise InputError(f"--map {mapping!r}: expected FIELD=COLUMN, e.g. country=Country")
        if field.strip() in fields:
            raise InputError(f"--map {field.strip()!r} is given twice")
        fields[field.strip()] = column.strip()
    return fields


def _report_import(report: ImportReport, fmt: str) -> None:
    """The report on stdout; bad rows on stderr (in text, one line each after the first)."""
    if fmt == "json":
        _echo_json(report.to_dict())
        if not report.ok:
            click.echo(f"mopr-timeline: error: {report.headline()}", err=True)
        return
    if report.ok:
        click.echo(report.to_text())
        return
    click.echo(f"mopr-timeline: error: {report.headline()}", err=True)
    for error in report.errors:
        click.echo(f"  {' '.join(str(error).split())}", err=True)


@main.command()
@click.argument("event_id")
@click.option("--reason", required=True, help="Why the event is withdrawn.")
@click.option(
    "--expected-version", type=click.IntRange(0), help="Fail unless the stream is at this version."
)
@_store_options(required=True)
@_format_option(("text", "json"))
def retract(
    event_id: str, reason: str, expected_version: int | None, store: str, stream: str, fmt: str
) -> None:
    """Withdraw EVENT_ID from the record from now on (history keeps both).

    \b
    Example:
      mopr-timeline retract section-belgium --store my-log --reason "misread the table"
    """
    timeline = _open(store, stream)
    visible = {event.id for event in timeline.events()}
    if event_id not in visible:
        recorded = {record.event.id: record.event for record in timeline.records()}
        if event_id not in recorded:
            why = "no event has this id"
        elif isinstance(recorded[event_id], Retracted):
            why = (
                "it is itself a retraction; a retraction cannot be retracted (append the "
                "withdrawn event again, under a new id, to restore it)"
            )
        else:
            why = "it is already retracted"
        raise InputError(f"EVENT_ID {event_id!r}: cannot retract in stream {stream!r}: {why}")
    event = Retracted(target=event_id, reason=reason)
    version = timeline.append([event], expected_version=expected_version)
    _report_append(event, version, stream, fmt)


@main.command(short_help="How many facts of a family hold over time, certainly and possibly.")
@click.argument("family", type=LiveChoice(lambda: tuple(FAMILIES)), metavar="FAMILY")
@click.option("--from", "start", type=DATE, help="First day counted (default: open).")
@click.option("--to", "end", type=DATE, help="Last day counted (default: open).")
@click.option(
    "--trust",
    "trust",
    multiple=True,
    metavar="TITLE",
    help="Where sources disagree, follow the claims of this source (repeatable).",
)
@_as_of_option
@_store_options()
@_format_option(("csv", "json"))
def series(
    family: str,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    trust: tuple[str, ...],
    as_of: int | _dt.datetime | None,
    store: str | None,
    stream: str,
    fmt: str,
) -> None:
    """How many facts of FAMILY (sections, congresses, leaders, ...) hold over time: one row
    per range of days with the same counts, with the facts that hold certainly and those
    that may hold (possible, not certain). An empty start or end is open.

    \b
    Examples:
      mopr-timeline series sections --from 1922 --to 1947
      mopr-timeline series congresses --format json
    """
    timeline = _open(store, stream, read_only=True)
    if trust:
        _check_trusted(trust, timeline.events(as_of=as_of))
    counts = timeline.series(family, start, end, as_of=as_of, trust=trust or None)
    rows = [count.to_dict() for count in counts]
    if fmt == "json":
        _echo_json({"stream": stream, "family": family, "counts": rows})
        return
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=["start", "end", "certain", "possible"])
    writer.writeheader()
    writer.writerows({k: "" if v is None else v for k, v in row.items()} for row in rows)
    click.echo(out.getvalue(), nl=False)


@main.command("html", short_help="Write the interactive timeline page: one HTML file, offline.")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--from", "start", type=DATE, help="First date shown (default: a year before).")
@click.option("--to", "end", type=DATE, help="Last date shown (default: a year after).")
@click.option("--title", help="The page's title (default: the organization's name).")
@_as_of_option
@_store_options()
def html_page(
    out: Path,
    start: FuzzyDate | None,
    end: FuzzyDate | None,
    title: str | None,
    as_of: int | _dt.datetime | None,
    store: str | None,
    stream: str,
) -> None:
    """Write OUT (.html): the timeline as one self-contained page that works offline (open it
    in a browser, send it to a colleague): lanes of certain and possible stretches, the state
    on any day, each item's events and citations, counts over time.

    \b
    Examples:
      mopr-timeline html mopr.html
      mopr-timeline html mopr-1930s.html --from 1930 --to 1939
    """
    timeline = _open(store, stream, read_only=True)
    with user_files(f"OUT {str(out)!r}"):
        path = write_page(timeline, out, start=start, end=end, as_of=as_of, title=title)
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)", err=True)
