"""What a full round trip of every appended event would cost SQLiteStore appends.

Run: ``.venv/bin/python benchmarks/roundtrip.py [EVENTS] [ROUNDS]`` (default 100,000 events,
5 rounds: about a minute). ``Store.append`` writes and reads back (``_check_round_trip``)
only the events of kinds declared outside the library; the library's own kinds are checked
field by field when made and again at append (their validators, ``attrs.validate``, about
2 µs an event), so that none can hold a value that would not read back. This
appends the replay benchmark's synthetic log (library kinds only) in batches of 5,000 into a
new database per run, once as the stores do and once with every event round-tripped as well;
the two take turns round by round, so that a busy machine slows both alike. Prints the best
time per event of each and what the round trip would add.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

import mopr_timeline.store._base as store_base
from mopr_timeline.events import Event, spec_of
from mopr_timeline.store import SQLiteStore
from replay import synthetic_log

BATCH = 5000


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    events = synthetic_log(count)
    as_shipped = store_base._check_batch

    def every_event(stream: str, batch: Iterable[Event]) -> tuple[tuple[Event, ...], bool]:
        checked, retracts = as_shipped(stream, batch)
        store_base._check_round_trip([e for e in checked if spec_of(e).builtin])
        return checked, retracts

    variants = {"as shipped": as_shipped, "round trip of every event": every_event}
    best = dict.fromkeys(variants, float("inf"))
    with tempfile.TemporaryDirectory() as directory:
        for round_ in range(rounds):
            for name, check in variants.items():
                store_base._check_batch = check  # type: ignore[assignment]
                path = Path(directory) / f"{round_}-{len(name)}.db"
                best[name] = min(best[name], _fill(SQLiteStore(path), events))
    store_base._check_batch = as_shipped
    shipped, full = best["as shipped"], best["round trip of every event"]
    for name, seconds in best.items():
        print(f"{name:>26}: {seconds / count * 1e6:6.2f} µs per event")
    print(
        f"{'the round trip adds':>26}: {(full - shipped) / count * 1e6:6.2f} µs per event "
        f"(+{(full / shipped - 1) * 100:.0f}%)"
    )


def _fill(store: SQLiteStore, events: Sequence[Event]) -> float:
    begin = time.perf_counter()
    for start in range(0, len(events), BATCH):
        store.append("mopr", events[start : start + BATCH])
    seconds = time.perf_counter() - begin
    store.close()
    return seconds


if __name__ == "__main__":
    main()
