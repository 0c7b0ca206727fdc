"""Timeline page benchmark: writing the MOPR page, its size, and opening it in headless Chromium.

Run ``.venv/bin/python benchmarks/page.py`` (needs Debian's chromium and chromium-driver, and
Selenium from the ``test`` extra). Prints the time ``write_page`` takes for the shipped log,
the file's size (goal: under 2 MB), and the time from asking headless Chromium (network off,
fresh profile) to open it over file:// until the page's script has run (goal: under 2 s):
the first open, then the best and median of ``--runs`` more. Exit status 1 when the size or
the best open misses its goal, 2 when no browser is available.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "views"))

from browser_support import (
    BrowserUnavailableError,
    open_page,
    start_chromium,
    stop_chromium,
)

import mopr_timeline as mt
from mopr_timeline.views import write_page

SIZE_GOAL = 2_000_000
OPEN_GOAL_S = 2.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    timeline = mt.load()
    with tempfile.TemporaryDirectory() as folder:
        start = time.perf_counter()
        page = write_page(timeline, Path(folder) / "mopr.html")
        written = time.perf_counter() - start
        size = page.stat().st_size
        print(f"write_page (MOPR): {written * 1000:.0f} ms")
        print(f"page size: {size:,} bytes (goal < {SIZE_GOAL:,})")
        try:
            driver = start_chromium()
        except BrowserUnavailableError as why:
            print(f"no headless Chromium: {why}")
            return 2
        try:
            first = open_page(driver, page)
            times = [open_page(driver, page) for _ in range(args.runs)]
        finally:
            stop_chromium(driver)
    best, median = min(times), statistics.median(times)
    print(
        f"open in headless Chromium: first {first:.2f} s, best {best:.2f} s, "
        f"median {median:.2f} s of {args.runs} (goal < {OPEN_GOAL_S:.0f} s)"
    )
    return 1 if size >= SIZE_GOAL or best >= OPEN_GOAL_S else 0


if __name__ == "__main__":
    sys.exit(main())
