"""Replay benchmark: state_at latency by log size, loading from stores, eventsourcing, memory.

Run ``.venv/bin/python benchmarks/replay.py`` (a few minutes) or with ``--quick`` (seconds,
smaller logs). Synthetic logs keep about 50 facts alive on any day: national sections
established and later dissolved (each country re-established a few times), a succession of
leaders, governing-body renamings, and a fixed number of congresses and reports, all with a
mix of exact, month and year dates, and "before X" for some congresses and reports (an open
start makes a fact possible on every earlier day, so open dates stay where their number is
fixed). Their span of days grows with the number of events, so the density of events per day
is the same at every size. A share of the section establishments and leader appointments
(``--disputed``, 5% by default) is disputed: a second claim, recorded later, dates the same
establishment or appointment one to six months earlier and names the first in
``contradicts``, as a second source would.

Printed: the median ``state_at`` latency at each size and the 100k/1k ratio; the peak RSS of a
process holding the largest log and its index (the largest size runs in a child process so
that its memory is measured alone); load + first query from freshly opened SQLiteStore and
FileStore, then, for comparison, each store's lazy read alone and its plain read decoding
every event; the same count of events replayed by eventsourcing 9.5.6 on its SQLite
recorder, and each store's speed-up over it; batched SQLiteStore append
throughput by batch size (each into a new database), beside the append goal scaled by
eventsourcing's replay rate here over the issue's, and eventsourcing's own save rate; then
PostgreSQL's figures beside SQLite's from ``benchmarks/postgres.py`` (a throwaway local
cluster, or ``--dsn``), or why they are missing. Loads, replays and appends are each the best
of nine runs, the measurements taking turns run by run, as this machine's neighbours make
single runs noisy. ``--stores`` prints only the loads and appends beside eventsourcing (a
minute or two: for comparing two versions of the code). Exit status 0 whenever the run
completes.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import functools
import itertools
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import attrs

from mopr_timeline import (
    CongressHeld,
    Dissolved,
    Event,
    FiguresReported,
    FileStore,
    Founded,
    FuzzyDate,
    FuzzySpan,
    GoverningBodyNamed,
    LeaderAppointed,
    MemoryStore,
    Occurred,
    SectionDissolved,
    SectionEstablished,
    SQLiteStore,
    Store,
    Timeline,
)

START = _dt.date(1000, 1, 1).toordinal()
DAYS_PER_EVENT = 3
SECTION_LIFE = 250
REGULAR = 20
"""Congresses and reports per log, whatever its size (they are listed cumulatively)."""
APPEND_BATCHES = (5_000, 1_000, 20_000)
"""Batch sizes whose SQLiteStore append throughput is printed (the first one's store is
then loaded)."""
APPEND_GOAL = 150_000
ISSUE_ES_RATE = 45_000
"""eventsourcing's replay rate on the machines the issue set its goals on ("about 45k events/s
on these machines"): this machine's rate over it scales the append goal to this machine."""


DateSpec = tuple[str, int, int]
"""A drawn fuzzy date: its form ("day", "month", "year" or "before"), its day's ordinal and,
for "before", how many days later the open date ends."""


def _fuzzy(rng: random.Random, day: int, *, may_open: bool = False) -> DateSpec:
    """The day as an exact date, or its month or year, or (``may_open``) "before" a later day."""
    roll = rng.random()
    if may_open and roll < 0.2:
        return "before", day, rng.randint(0, 60)
    return ("day" if roll < 0.5 else "month" if roll < 0.85 else "year"), day, 0


def _date(spec: DateSpec) -> FuzzyDate:
    form, day, later = spec
    date = _dt.date.fromordinal(day)
    if form == "before":
        return FuzzyDate.from_ordinals(None, day + later, text=f"before {date}")
    if form == "day":
        return FuzzyDate.exact(date)
    if form == "month":
        first = date.replace(day=1)
        following = (first + _dt.timedelta(days=32)).replace(day=1)
        return FuzzyDate(
            earliest=first, latest=following - _dt.timedelta(days=1), text=first.isoformat()[:7]
        )
    return FuzzyDate(
        earliest=_dt.date(date.year, 1, 1), latest=_dt.date(date.year, 12, 31), text=str(date.year)
    )


EventSpec = tuple[str, DateSpec, int]
"""A drawn event: its kind, its date and the number in its name or figures."""


def _event(spec: EventSpec) -> Event:
    kind, when, number = spec
    if kind == "leader":
        return LeaderAppointed(when=_date(when), person=f"Leader {number}")
    if kind == "body":
        return GoverningBodyNamed(when=_date(when), name=f"Committee {number}")
    if kind == "established":
        country = f"Country {number}"
        return SectionEstablished(when=_date(when), country=country, name=country)
    if kind == "dissolved":
        return SectionDissolved(when=_date(when), country=f"Country {number}")
    if kind == "congress":
        first = _date(when)
        return CongressHeld(
            when=FuzzySpan(start=first, end=first), name=f"Congress {number}", location="Moscow"
        )
    if kind == "figures":
        return FiguresReported(when=_date(when), members=1000 * number, sections=number)
    if kind == "founded":
        return Founded(when=_date(when), name="Red Aid")
    if kind == "end":
        return Dissolved(when=_date(when))
    return Occurred(when=_date(when), text="a demonstration")


DISPUTED = 0.05
"""The share of section establishments and leader appointments given a competing claim."""


def synthetic_log(count: int, seed: int = 1922, disputed: float | None = None) -> list[Event]:
    """``count`` events in stream order (not date order: histories are recorded out of order),
    ``disputed`` (default ``DISPUTED``) of the establishments and appointments with a
    competing claim among them (the competing claims count in ``count``).

    The log is drawn kind by kind and shuffled, then its events are made in stream order, as
    a writer makes its events: their objects lie in memory in the order they are appended.
    (Made kind by kind, the shuffled events' objects were scattered over all the log's
    memory, and appending them measured that too: 15-20% slower.)
    """
    share = DISPUTED if disputed is None else disputed
    rng = random.Random(seed)
    rivals = int(share * (count // 25 + count // 2 * 0.48))
    return _with_disputes(_plain_log(count - rivals, rng), rng, rivals)


def _plain_log(count: int, rng: random.Random) -> list[Event]:
    """``count`` events without disputes, in stream order."""
    span = count * DAYS_PER_EVENT
    end = START + span
    specs: list[EventSpec] = [("founded", ("day", START, 0), 0)]
    leaders = max(1, count // 25)
    bodies = max(1, count // 100)
    pairs = max(1, (count - leaders - bodies - 2 * REGULAR - 2) // 2)
    countries = max(1, pairs // 4)
    for i in range(leaders):
        day = START + rng.randrange(span)
        specs.append(("leader", _fuzzy(rng, day), i % 997))
    for i in range(bodies):
        day = START + rng.randrange(span)
        specs.append(("body", _fuzzy(rng, day), i % 13))
    for i in range(pairs):
        born = START + rng.randrange(span)
        established = _fuzzy(rng, born)
        specs.append(("established", established, i % countries))
        last = _date(established).hi
        died = last + rng.randint(SECTION_LIFE // 2, SECTION_LIFE * 3 // 2)
        dissolved = _fuzzy(rng, died)
        if _date(dissolved).lo <= last:
            dissolved = ("day", died, 0)
        specs.append(("dissolved", dissolved, i % countries))
    for i in range(REGULAR):
        day = START + (i * span) // REGULAR + rng.randrange(span // REGULAR or 1)
        specs.append(("congress", _fuzzy(rng, day, may_open=True), i))
        specs.append(("figures", _fuzzy(rng, day, may_open=True), i))
    while len(specs) < count - 1:
        day = START + rng.randrange(span)
        specs.append(("occurred", _fuzzy(rng, day), 0))
    body = specs[1:]
    rng.shuffle(body)
    specs = [specs[0], *body[: count - 2], ("end", ("day", end, 0), 0)]
    return [_event(spec) for spec in specs]


def _with_disputes(events: list[Event], rng: random.Random, rivals: int) -> list[Event]:
    """``events`` with ``rivals`` competing claims: each dates an establishment or appointment
    of the log 30 to 180 days earlier (so a section's competing claims both precede its
    dissolution), names it in ``contradicts`` and is recorded at a random later place in the
    stream."""
    claims = [
        i for i, e in enumerate(events) if isinstance(e, SectionEstablished | LeaderAppointed)
    ]
    keyed: list[tuple[float, Event]] = [(float(i), e) for i, e in enumerate(events)]
    last = len(events) - 1
    for i in rng.sample(claims, min(rivals, len(claims))):
        first = events[i]
        when = _shifted(first.when, -rng.randint(30, 180))  # type: ignore[attr-defined]
        rival = attrs.evolve(first, id=f"{first.id}-rival", when=when, contradicts=(first.id,))
        keyed.append((rng.uniform(i + 0.5, last - 0.5), rival))
    keyed.sort(key=lambda item: item[0])
    return [e for _, e in keyed]


def _shifted(when: FuzzyDate, days: int) -> FuzzyDate:
    """``when`` moved ``days`` later (earlier when negative), bounds and text alike (open
    bounds stay open)."""
    step = _dt.timedelta(days=days)
    earliest = None if when.earliest is None else when.earliest + step
    latest = None if when.latest is None else when.latest + step
    return attrs.evolve(when, earliest=earliest, latest=latest, text=f"{when.text} ({days:+} d)")


def _median_latencies(
    timelines: dict[int, Timeline], rounds: int
) -> dict[int, tuple[float, float]]:
    """Per log size: median seconds per ``state_at`` over random exact and fuzzy days, and the
    mean number of facts per answer. Sizes take turns query by query, so that a machine
    busy with other work slows every size alike."""
    rng = random.Random(7)
    times: dict[int, list[float]] = {count: [] for count in timelines}
    facts = dict.fromkeys(timelines, 0)
    for _ in range(rounds):
        for count, timeline in timelines.items():
            query = _date(_fuzzy(rng, START + rng.randrange(count * DAYS_PER_EVENT)))
            begin = time.perf_counter()
            state = timeline.state_at(query)
            times[count].append(time.perf_counter() - begin)
            facts[count] += len(state.sections) + len(state.leaders) + len(state.names)
            facts[count] += len(state.governing_body) + len(state.congresses) + len(state.reports)
    return {count: (statistics.median(times[count]), facts[count] / rounds) for count in times}


Run = Callable[[], float]
"""One timed run of a measurement: returns the seconds it took."""


def _timed(action: Callable[[], Any]) -> tuple[float, Any]:
    begin = time.perf_counter()
    result = action()
    return time.perf_counter() - begin, result


def _batches(events: list[Event], size: int) -> Iterator[list[Event]]:
    for start in range(0, len(events), size):
        yield events[start : start + size]


def _fill(store: Store, events: list[Event], batch: int = 5000) -> float:
    """Append in batches; returns the seconds taken."""
    begin = time.perf_counter()
    for chunk in _batches(events, batch):
        store.append("mopr", chunk)
    return time.perf_counter() - begin


def _filling(open_store: Callable[[int], Store], events: list[Event], batch: int) -> Run:
    """A run appending ``events`` in batches into a new store (``open_store(run)``)."""
    runs = itertools.count()

    def fill() -> float:
        store = open_store(next(runs))
        seconds = _fill(store, events, batch)
        store.close()
        return seconds

    return fill


def _on_fresh_store(open_store: Callable[[], Store], action: Callable[[Store], Any]) -> Run:
    """A run of ``action`` on a freshly opened store (nothing a store remembers between
    calls is reused)."""

    def run() -> float:
        store = open_store()
        seconds = _timed(functools.partial(action, store))[0]
        store.close()
        return seconds

    return run


def _in_turns(runs: dict[str, Run], rounds: int) -> dict[str, float]:
    """The least seconds each run took over ``rounds`` rounds in which the runs take turns,
    so that a stretch of this machine's neighbours' work slows every figure alike rather than
    all the runs of one."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            seconds[name].append(run())
    return {name: min(taken) for name, taken in seconds.items()}


def _eventsourcing(events: list[Event], directory: Path) -> tuple[Run, float]:
    """eventsourcing holding one aggregate with one event per our event: a run replaying it
    (its repository's cache off), and the events per second its saves (5,000 events each)
    wrote."""
    from eventsourcing.application import Application
    from eventsourcing.domain import Aggregate, event

    class Organization(Aggregate):  # type: ignore[misc]
        def __init__(self) -> None:
            self.facts = 0
            self.last: tuple[str, str | None, str | None, str] | None = None

        @event("Recorded")  # type: ignore[misc]
        def record(self, kind: str, earliest: str | None, latest: str | None, key: str) -> None:
            self.facts += 1
            self.last = (kind, earliest, latest, key)

    class History(Application):  # type: ignore[misc]
        pass

    os.environ["PERSISTENCE_MODULE"] = "eventsourcing.sqlite"
    os.environ["SQLITE_DBNAME"] = str(directory / "eventsourcing.sqlite")
    app = History()
    org = Organization()
    saving = 0.0
    for chunk in _batches(events, 5000):
        for item in chunk:
            when = getattr(item, "start", None)
            org.record(
                kind=item.kind,
                earliest=None
                if when is None or when.earliest is None
                else when.earliest.isoformat(),
                latest=None if when is None or when.latest is None else when.latest.isoformat(),
                key=str(getattr(item, "country", "") or getattr(item, "person", "") or ""),
            )
        saving += _timed(lambda: app.save(org))[0]
    app.repository.cache = None

    def replay() -> float:
        seconds, replayed = _timed(lambda: app.repository.get(org.id))
        assert replayed.facts == len(events)
        return float(seconds)

    return replay, len(events) / saving


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _largest(count: int, rounds: int) -> None:
    """Child process: build the largest log in a MemoryStore, index it, query; print JSON."""
    events = synthetic_log(count)
    store = MemoryStore()
    store.append("mopr", events)
    del events
    index_seconds, timeline = _timed(lambda: Timeline(store, "mopr"))
    latency, facts = _median_latencies({count: timeline}, rounds)[count]
    print(
        json.dumps(
            {
                "latency": latency,
                "facts": facts,
                "index_seconds": index_seconds,
                "rss_mb": _peak_rss_mb(),
            }
        )
    )


def main() -> int:
    global DISPUTED
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, a few seconds")
    parser.add_argument("--largest", type=int, help=argparse.SUPPRESS)
    parser.add_argument(
        "--disputed",
        type=float,
        default=DISPUTED,
        help=f"the share of sections and leaders with a competing claim (default {DISPUTED})",
    )
    parser.add_argument(
        "--dsn", help="a PostgreSQL database for its figures (default: a throwaway one)"
    )
    parser.add_argument(
        "--stores",
        action="store_true",
        help="only the stores' loads and appends beside eventsourcing (no latencies, memory "
        "or PostgreSQL): for comparing two versions of the code",
    )
    args = parser.parse_args()
    DISPUTED = args.disputed
    rounds = 300 if args.quick else 2000
    if args.largest:
        _largest(args.largest, rounds)
        return 0
    small, middle, large = (1_000, 10_000, 100_000) if args.quick else (1_000, 100_000, 1_000_000)
    print(
        f"replay benchmark ({'quick' if args.quick else 'full'}): "
        f"sizes {small:,}, {middle:,}, {large:,}; {DISPUTED:.0%} of the sections and "
        "leaders disputed"
    )

    if not args.stores:
        _latencies(small, middle, large, rounds, quick=args.quick)

    events = synthetic_log(middle)
    rounds = 9
    day = _dt.date.fromordinal(START + middle * DAYS_PER_EVENT // 2)
    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp)
        appending = {
            f"sqlite {size}": _filling(
                lambda run, size=size: SQLiteStore(directory / f"batches-{size}-{run}.sqlite"),
                events,
                size,
            )
            for size in APPEND_BATCHES
        }
        appending["files"] = _filling(
            lambda run: FileStore(directory / f"files-{run}"), events, 5000
        )
        filled = _in_turns(appending, rounds)
        append_rates = {size: middle / filled[f"sqlite {size}"] for size in APPEND_BATCHES}
        file_rate = middle / filled["files"]
        replay, es_save_rate = _eventsourcing(events, directory)
        database = directory / f"batches-{APPEND_BATCHES[0]}-0.sqlite"
        files = directory / "files-0"

        def query(store: Store) -> None:
            Timeline(store, "mopr").state_at(day)

        def read_lazy(store: Store) -> int:
            return sum(1 for _ in store.read_lazy("mopr"))

        def read(store: Store) -> int:
            return sum(1 for _ in store.read("mopr"))

        sqlite = functools.partial(SQLiteStore, database)
        file_store = functools.partial(FileStore, files)
        best = _in_turns(
            {
                "sqlite load": _on_fresh_store(sqlite, query),
                "sqlite lazy": _on_fresh_store(sqlite, read_lazy),
                "sqlite read": _on_fresh_store(sqlite, read),
                "file load": _on_fresh_store(file_store, query),
                "file lazy": _on_fresh_store(file_store, read_lazy),
                "file read": _on_fresh_store(file_store, read),
                "eventsourcing": replay,
            },
            rounds,
        )
    sqlite_load, sqlite_lazy, sqlite_read = (best[f"sqlite {k}"] for k in ("load", "lazy", "read"))
    file_load, file_lazy, file_read = (best[f"file {k}"] for k in ("load", "lazy", "read"))
    es_seconds = best["eventsourcing"]
    es_rate = middle / es_seconds
    print(f"  (each the best of {rounds} runs, the measurements taking turns run by run)")
    print(
        f"  load + first query of {middle:,} events: SQLiteStore {sqlite_load:.2f} s "
        f"({middle / sqlite_load:,.0f} events/s), FileStore {file_load:.2f} s "
        f"({middle / file_load:,.0f} events/s)"
    )
    print(
        f"    reading the records undecoded (store.read_lazy alone, what a load reads): "
        f"SQLiteStore {sqlite_lazy:.2f} s, FileStore {file_lazy:.2f} s"
    )
    print(
        f"    reading and decoding every event (store.read alone): SQLiteStore "
        f"{sqlite_read:.2f} s, FileStore {file_read:.2f} s"
    )
    print(
        f"  eventsourcing 9.5.6 (SQLite) replay of {middle:,} events: {es_seconds:.2f} s "
        f"({es_rate:,.0f} events/s; the issue's machines: about {ISSUE_ES_RATE:,})"
    )
    print(
        f"  speed-up over eventsourcing: SQLiteStore {es_seconds / sqlite_load:.2f}x "
        f"(goal >= 5x), FileStore {es_seconds / file_load:.2f}x (goal >= 2x)"
    )
    rates = ", ".join(f"{size:,} per batch {rate:,.0f}" for size, rate in append_rates.items())
    print(f"  batched SQLiteStore append, events/s: {rates} (goal >= 150,000)")
    scaled = APPEND_GOAL * es_rate / ISSUE_ES_RATE
    best = max(append_rates.values())
    print(
        f"    on this machine eventsourcing replays {es_rate:,.0f} events/s where the issue's "
        f"replay {ISSUE_ES_RATE:,}: the goal scaled alike is {scaled:,.0f} events/s "
        f"(SQLiteStore {best / scaled:.1f}x it); eventsourcing's own saves (5,000 events "
        f"each) write {es_save_rate:,.0f} events/s (SQLiteStore {best / es_save_rate:.1f}x)"
    )
    print(f"  batched FileStore append: {file_rate:,.0f} events/s (5,000 per batch)")
    if not args.stores:
        _postgres_figures(quick=args.quick, dsn=args.dsn)
    return 0


def _latencies(small: int, middle: int, large: int, rounds: int, *, quick: bool) -> None:
    """Print the median ``state_at`` latency at each size, their ratios, and the peak RSS of
    a child process holding the largest log."""
    timelines: dict[int, Timeline] = {}
    indexing: dict[int, float] = {}
    for count in (small, middle):
        timeline = Timeline(MemoryStore(), "mopr")
        timeline.store.append("mopr", synthetic_log(count))
        indexing[count], _ = _timed(timeline.refresh)
        timelines[count] = timeline
    measured = _median_latencies(timelines, rounds)
    latencies = {count: latency for count, (latency, _) in measured.items()}
    for count, (latency, facts) in measured.items():
        print(
            f"  {count:>9,} events: index {indexing[count]:6.2f} s, state_at median "
            f"{latency * 1e6:8.1f} us ({facts:.0f} facts per answer)"
        )
    del timelines
    child = subprocess.run(
        [
            sys.executable,
            __file__,
            "--largest",
            str(large),
            "--disputed",
            str(DISPUTED),
            *(["--quick"] if quick else []),
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    big = json.loads(child.stdout.strip().splitlines()[-1])
    latencies[large] = big["latency"]
    print(
        f"  {large:>9,} events: index {big['index_seconds']:6.2f} s, state_at median "
        f"{big['latency'] * 1e6:8.1f} us ({big['facts']:.0f} facts per answer)"
    )
    ratio = latencies[middle] / latencies[small]
    print(f"  latency ratio {middle:,}/{small:,}: {ratio:.2f}x (goal <= 3x)")
    print(f"  latency ratio {large:,}/{small:,}: {latencies[large] / latencies[small]:.2f}x")
    print(
        f"  peak RSS with {large:,} events and their index: {big['rss_mb']:.0f} MB (goal < 1500 MB)"
    )


def _postgres_figures(*, quick: bool, dsn: str | None) -> None:
    """PostgreSQL's figures beside SQLite's, from ``benchmarks/postgres.py`` (its own process:
    it starts a throwaway cluster), or the reason they are missing."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "store"))
    from postgres_server import find_server_binaries

    if dsn is None and find_server_binaries() is None:
        print("  PostgreSQL: skipped (no server binaries; install Debian's postgresql or --dsn)")
        return
    command = [sys.executable, str(Path(__file__).with_name("postgres.py"))]
    command += [*(["--quick"] if quick else []), *(["--dsn", dsn] if dsn else [])]
    child = subprocess.run(command, capture_output=True, text=True, check=False)
    if child.returncode != 0:
        reason = (child.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"  PostgreSQL: failed ({reason})")
        return
    for line in child.stdout.strip().splitlines():
        print(f"  {line}")


if __name__ == "__main__":
    sys.exit(main())
