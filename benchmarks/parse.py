"""Parse one mixed corpus with mopr_timeline, python-edtf and undate; compare speed and bounds;
then count the share of a natural-language corpus each library reads.

Run: ``.venv/bin/python benchmarks/parse.py`` (about a minute). The mixed corpus holds EDTF
of levels 0-2 and the natural forms of the source text; mopr_timeline reads all of it with
``parse_date`` / ``parse_span``. Exits non-zero when ``parse_edtf``'s strict bounds differ
from python-edtf's ``lower_strict()`` / ``upper_strict()`` on any unqualified EDTF string.
mopr_timeline has no parse cache, so its figure is the uncached cost.

python-edtf reads English through ``text_to_edtf`` and then ``parse_edtf``; undate reads
EDTF with its ``"EDTF"`` converter and English with its ``"omnibus"`` one. A failure counts
as a parse (its time is included) and is reported.

The natural-language corpus is ``tests/date_phrases.py``: python-edtf's own natural-language
examples (BCE phrases and non-dates left out) and phrases collected for this library (the
MOPR article, finding aids, encyclopedia prose). Each phrase is either a date (with its bounds
there) or not one date ("1863, printed 1870", "notcirca 1860"); a library "reads" a phrase
when it returns a date without an error, so reading a phrase that is not one date means
ignoring words or dates in it. mopr_timeline reads with ``parse_date`` or ``parse_span``, given
the year (``June`` of a table whose Year column says 1923) or the numeric order where the
corpus gives one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import sys
import time
from collections.abc import Callable
from pathlib import Path

import edtf
from undate import Undate

from mopr_timeline import DateParseError, parse_date, parse_edtf, parse_span

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from date_phrases import OWN, PUBLIC, Read, Refused  # a data module of the tests

EDTF_UNQUALIFIED = [
    *("1925", "1925-08", "1925-08-15", "0001", "9999-12-31", "1924-02-29"),
    *("1925-08-15T10:20:30", "1925-08-15T10:20:30Z", "1925-08-15T10:20:30+05:00"),
    *("2001-21", "2001-22", "2001-23", "2001-24", "2001-33", "2001-40"),
    *("192X", "19XX", "1XXX", "1984-06-XX", "1984-XX", "1984-XX-XX", "1984-XX-15"),
    *("156X-12-25", "19X5"),
    *("[..1932]", "[1929..]", "[1925,1927]", "[1925-08-01..1925-09-15]"),
    *("[1667, 1668, 1670..1672]", "[..1932-05]"),
]
EDTF_QUALIFIED = ["1925~", "1925?", "1925%", "1925-08~", "1925-08-15?", "?2004-06-~11"]
EDTF_INTERVALS = ["1925/1927", "../1932", "1929/..", "1925-08/1926-02-14", "192X/1930"]
NATURAL = [
    *("Aug. 1925", "Sept. 1923", "Feb. 1925", "Oct. 1924", "April 1923", "March 1924"),
    *('"before 1933"', '"before 1928"', '"after 1928"', "1926", "1928", ""),
    *("June 1923", "July 1924", "January 1, 1928", "November 1932", "October 1934"),
    *("January 1936", "21 January 1937", "the 1930s", "Towards the ends of the 1920s"),
    *("As of 1924", "By 1932", "After 1924", "in 1933", "c. 1925", "mid-1920s"),
]
NATURAL_SPANS = [("1922–1925", None), ("July 14–16", 1924), ("March 24-April 5", 1927)]


def _strict(value: time.struct_time | float) -> dt.date | None:
    if isinstance(value, float):
        return None
    return dt.date(value.tm_year, value.tm_mon, value.tm_mday)


def verify() -> list[str]:
    """Texts whose strict EDTF bounds differ from python-edtf's (empty when all agree)."""
    wrong = []
    for text in EDTF_UNQUALIFIED:
        ours = parse_edtf(text)
        theirs = edtf.parse_edtf(text)
        expected = (_strict(theirs.lower_strict()), _strict(theirs.upper_strict()))
        if (ours.earliest, ours.latest) != expected:
            wrong.append(f"{text}: ours {ours.bounds_text()}, python-edtf {expected}")
    for text in EDTF_INTERVALS:
        span = parse_span(text)
        theirs = edtf.parse_edtf(text)
        expected = (_strict(theirs.lower_strict()), _strict(theirs.upper_strict()))
        if (span.start.earliest, span.end.latest) != expected:
            wrong.append(f"{text}: ours {span}, python-edtf {expected}")
    return wrong


def _ours() -> int:
    for text in EDTF_UNQUALIFIED:
        parse_date(text)
    for text in EDTF_QUALIFIED:
        parse_date(text)
    for text in EDTF_INTERVALS:
        parse_span(text)
    for text in NATURAL:
        parse_date(text)
    for text, year in NATURAL_SPANS:
        parse_span(text, year=year)
    return 0


def _attempt(read: Callable[[], object]) -> int:
    try:
        read()
    except Exception:  # a competitor's failure is counted, not raised
        return 1
    return 0


def _python_edtf_natural(text: str) -> object:
    written = edtf.text_to_edtf(text)
    if written is None:
        raise ValueError(text)
    return edtf.parse_edtf(written)


def _python_edtf() -> int:
    failures = 0
    for text in [*EDTF_UNQUALIFIED, *EDTF_QUALIFIED, *EDTF_INTERVALS]:
        failures += _attempt(lambda text=text: edtf.parse_edtf(text))
    for text in [*NATURAL, *(t for t, _ in NATURAL_SPANS)]:
        failures += _attempt(lambda text=text: _python_edtf_natural(text))
    return failures


def _undate_english_format() -> str:
    """undate's converter for English: "omnibus" (undate 0.8 and later), else EDTF."""
    try:
        Undate.parse("August 1925", "omnibus")
    except Exception:  # an older undate without the omnibus converter
        return "EDTF"
    return "omnibus"


def _undate() -> int:
    failures = 0
    for text in [*EDTF_UNQUALIFIED, *EDTF_QUALIFIED, *EDTF_INTERVALS]:
        failures += _attempt(lambda text=text: Undate.parse(text, "EDTF"))
    for text in [*NATURAL, *(t for t, _ in NATURAL_SPANS)]:
        failures += _attempt(lambda text=text: Undate.parse(text, UNDATE_ENGLISH))
    return failures


def _time(runners: dict[str, tuple[Callable[[], int], int]], rounds: int) -> dict[str, float]:
    """Microseconds per string for each runner (a corpus reader and its passes per round).

    The readers take turns round by round, so a change in the machine's load during the run
    weighs on all of them alike and the ratios stay fair.
    """
    for run, _passes in runners.values():
        run()  # warm-up: grammar compilation and imports are not counted
    spent = dict.fromkeys(runners, 0.0)
    for _ in range(rounds):
        for name, (run, passes) in runners.items():
            begin = time.perf_counter()
            for _ in range(passes):
                run()
            spent[name] += (time.perf_counter() - begin) / passes
    return {name: total / rounds / CORPUS_SIZE * 1e6 for name, total in spent.items()}


UNDATE_ENGLISH = _undate_english_format()
CORPUS_SIZE = (
    len(EDTF_UNQUALIFIED)
    + len(EDTF_QUALIFIED)
    + len(EDTF_INTERVALS)
    + len(NATURAL)
    + len(NATURAL_SPANS)
)


def _reads(read: Callable[[], object]) -> bool:
    try:
        read()
    except Exception:  # any library's failure to read a phrase is counted, not raised
        return False
    return True


def _ours_reads(item: Read | Refused) -> bool:
    year = item.year if isinstance(item, Read) else None
    order = item.order if isinstance(item, Read) else None
    for reader in (parse_date, parse_span):
        try:
            reader(item.text, year=year, order=order)  # type: ignore[operator]
        except DateParseError:
            continue
        return True
    return False


NATURAL_READERS: dict[str, Callable[[Read | Refused], bool]] = {
    "mopr_timeline": _ours_reads,
    "python-edtf": lambda item: _reads(lambda: _python_edtf_natural(item.text)),
    "undate": lambda item: _reads(lambda: Undate.parse(item.text, UNDATE_ENGLISH)),
}


def natural_shares() -> list[str]:
    """Lines: for each corpus and library, how many dates it reads and how many phrases that
    are not one date it reads anyway."""
    lines = []
    for name, corpus in (
        ("python-edtf's natural-language examples", PUBLIC),
        ("phrases collected for mopr_timeline", OWN),
    ):
        dates = [item for item in corpus if isinstance(item, Read)]
        others = [item for item in corpus if isinstance(item, Refused)]
        lines.append(
            f"{name}: {len(corpus)} phrases, {len(dates)} dates and {len(others)} that are no "
            "one dated day"
        )
        for library, reads in NATURAL_READERS.items():
            read = sum(reads(item) for item in dates)
            wrongly = sum(reads(item) for item in others)
            lines.append(
                f"  {library:14} reads {read:3}/{len(dates)} dates ({read / len(dates):4.0%}), "
                f"and {wrongly:2}/{len(others)} of the others"
            )
    return lines


def main() -> int:
    with contextlib.redirect_stdout(io.StringIO()):  # python-edtf prints while it parses
        wrong = verify()
        runners = {"ours": (_ours, 100), "edtf": (_python_edtf, 1), "undate": (_undate, 1)}
        timings = _time(runners, 3)
        edtf_failures, undate_failures = _python_edtf(), _undate()
        shares = natural_shares()
    ours, theirs, undate = timings["ours"], timings["edtf"], timings["undate"]
    print(f"corpus: {CORPUS_SIZE} strings (EDTF levels 0-2, intervals, the source's English)")
    print(f"mopr_timeline  {ours:10.1f} us/string   failures 0")
    print(f"python-edtf    {theirs:10.1f} us/string   failures {edtf_failures}")
    print(f"undate         {undate:10.1f} us/string   failures {undate_failures}")
    print(f"ratio python-edtf / mopr_timeline: {theirs / ours:8.0f}x  (goal >= 500x)")
    print(f"ratio undate / mopr_timeline:      {undate / ours:8.0f}x  (goal >= 100x)")
    print(*shares, sep="\n")
    if wrong:
        print("bounds differ from python-edtf's strict bounds:", *wrong, sep="\n  ")
        return 1
    print(f"bounds equal python-edtf's strict bounds on all {len(EDTF_UNQUALIFIED)} plain EDTF")
    print(f"strings and the outer bounds of all {len(EDTF_INTERVALS)} intervals")
    return 0


if __name__ == "__main__":
    sys.exit(main())
