"""State-over-time benchmark: ``Timeline.segments`` and ``Timeline.series`` over the MOPR life.

Run ``.venv/bin/python benchmarks/series.py``. Loads the shipped log once, then times
``timeline.segments("1922", "1947")`` (every change of the state over the organization's
life, 1922-1947) and ``timeline.series("sections", "1922", "1947")``, each on a freshly
loaded timeline (``--runs`` times, best and median printed, as this machine's neighbours
make single runs noisy), and prints the goal (50 ms) beside them; also how long the same
segments would take as one ``state_at`` per change point, for comparison. Exit status 1 when
the best run misses the goal.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

import mopr_timeline as mt

GOAL_MS = 50.0


def _timed(function: object, runs: int) -> list[float]:
    times = []
    for _ in range(runs):
        timeline = mt.load()
        timeline.state_at("1930")  # the first query pays for reading the events
        start = time.perf_counter()
        function(timeline)  # type: ignore[operator]
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    segments = mt.load().segments("1922", "1947")
    print(f"MOPR 1922-1947: {len(segments)} segments")
    missed = False
    for label, function in (
        ("segments", lambda t: t.segments("1922", "1947")),
        ("series sections", lambda t: t.series("sections", "1922", "1947")),
    ):
        times = _timed(function, args.runs)
        best, median = min(times), statistics.median(times)
        missed = missed or best >= GOAL_MS
        print(f"{label:16} best {best:6.1f} ms  median {median:6.1f} ms  (goal < {GOAL_MS:.0f} ms)")
    days = [s.start for s in segments if s.start is not None]
    timeline = mt.load()
    timeline.state_at("1930")
    start = time.perf_counter()
    for day in days:
        timeline.state_at(day)
    per_day = (time.perf_counter() - start) * 1000
    print(f"state_at on each segment's first day instead: {per_day:.1f} ms")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
