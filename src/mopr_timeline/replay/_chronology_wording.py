"""Hedged wording for chronology entries: a date phrase that keeps the source's text.

The phrases come from a fixed set, chosen from the date's qualifier and precision:

* ``on X`` (a day), ``in X`` (a month, season or year), ``in the X`` (a decade);
* ``before X``, ``after X``, ``by X``, ``c. X``, ``perhaps in X``, ``perhaps c. X``;
* ``between X and Y`` (one day somewhere in a range), ``in one of X`` (one of a set);
* ``date unknown`` (no bounds at all);
* for an event with no date of its own that relations date: its narrowed bounds,
  ``not before 2 Jan. 1937``, ``not after 1 March 1938`` or ``between X and Y``
  (``narrowed_phrase``).

X is the source's own date text where it was words (``Aug. 1925`` stays ``Aug. 1925``), with
the context completing it in brackets (``January 1 [1932]``). A text that already opens with
its own hedge (``before 1933``, ``c. 1925``, ``c1860``, ``as of 1924``, ``not before 1925``) is
shown as written. A date written in EDTF, or with no text, is worded from its bounds
(``1926-21`` reads ``in spring 1926``, ``[1921-08..1921-12]`` ``between Aug. and Dec. 1921``,
``1925~`` ``c. 1925``): prose never shows an EDTF code.
"""

from __future__ import annotations

import re

from mopr_timeline.dates import FuzzyDate, FuzzySpan, Precision, Qualifier
from mopr_timeline.events import Event, UnreadEvent, UnregisteredEvent, spec_of
from mopr_timeline.replay._date_words import bounds_phrase, bounds_words, edtf_words, is_edtf_text

__all__ = ["date_phrase", "describe", "narrowed_phrase", "sentence", "span_phrase"]

UNKNOWN = "date unknown"

_OWN_HEDGE = re.compile(
    r"^(?:(?:before|after|by|as of|in|on|circa|about|around|between|from|towards|until|since|"
    r"during|till|not|no|prior|earlier|later|sometime|approx|approximately|perhaps|maybe|"
    r"probably|possibly|roughly)\b|(?:c|ca)\.?\s?(?=\d)|(?:c|ca)\.\s)",
    re.IGNORECASE,
)
_DECADE_WORDS = re.compile(r"^(the\s+)?(early|mid|late)?[-\s]*\d{3}0s$", re.IGNORECASE)
_PREFIXES = {
    Qualifier.BEFORE: "before ",
    Qualifier.AFTER: "after ",
    Qualifier.NO_LATER_THAN: "by ",
    Qualifier.NO_EARLIER_THAN: "from ",
    Qualifier.APPROXIMATE: "c. ",
    Qualifier.UNCERTAIN_APPROXIMATE: "perhaps c. ",
    Qualifier.ONE_OF_SET: "in one of ",
}


def date_phrase(when: FuzzyDate) -> str:
    """The hedged phrase for one fuzzy day, e.g. ``in Aug. 1925`` or ``before 1933``."""
    text = when.text.strip().strip('"').strip()
    if _unknown(when) or when.qualifier is Qualifier.UNKNOWN:
        return text if _OWN_HEDGE.match(text) else UNKNOWN
    if not text or is_edtf_text(text):
        return edtf_words(when, text)
    if when.context:
        text = f"{text} [{when.context}]"
    if _OWN_HEDGE.match(text):
        return text
    return _hedge(when, _with_year(text, when))


def narrowed_phrase(own: FuzzyDate, narrowed: FuzzyDate) -> str:
    """The phrase for a day: ``date_phrase(own)``, unless ``own`` is unknown (no bounds) and
    relations narrow it: then the narrowed bounds, ``not before 2 Jan. 1937``."""
    if not _unknown(own) or _unknown(narrowed):
        return date_phrase(own)
    if narrowed.earliest is None:
        return f"not after {bounds_words(FuzzyDate.from_ordinals(narrowed.hi, narrowed.hi))}"
    if narrowed.latest is None:
        return f"not before {bounds_words(FuzzyDate.from_ordinals(narrowed.lo, narrowed.lo))}"
    return bounds_phrase(narrowed)


def span_phrase(span: FuzzySpan) -> str:
    """The phrase for something that lasts: ``on July 14–16, 1924``, ``from 1922 to 1925``."""
    start, end = span.start, span.end
    core = (span.text or "").strip().strip('"').strip()
    if not core or is_edtf_text(core) or core.startswith(".."):
        return _bounded_span(start, end)
    if _OWN_HEDGE.match(core):
        return core
    if start.precision is Precision.DAY and end.precision is Precision.DAY:
        return f"on {_with_year(core, start)}"
    if start.text and end.text and start.text != end.text:
        return f"from {start.text} to {_with_year(end.text, end)}"
    return f"in {_with_year(core, start)}"


def _bounded_span(start: FuzzyDate, end: FuzzyDate) -> str:
    if start == end or (start.text == end.text and start.text):
        return date_phrase(start)
    if _unknown(start):
        return UNKNOWN if _unknown(end) else f"until {_core(end)}"
    if _unknown(end):
        return f"from {_core(start)} on"
    return f"from {_core(start)} to {_core(end)}"


def _unknown(when: FuzzyDate) -> bool:
    return when.earliest is None and when.latest is None


def _with_year(text: str, when: FuzzyDate) -> str:
    """``text`` with the year appended when the source left it to the context."""
    lo, hi = when.earliest, when.latest
    if re.search(r"\d{3,4}", text) or lo is None or hi is None or lo.year != hi.year:
        return text
    return f"{text}, {lo.year}" if text[-1].isdigit() else f"{text} {lo.year}"


def _core(when: FuzzyDate) -> str:
    phrase = date_phrase(when)
    return re.sub(r"^(on|in) ", "", phrase)


def _hedge(when: FuzzyDate, text: str) -> str:
    if when.qualifier is Qualifier.ONE_OF_SET and " or " in text:
        return f"{'on' if when.precision is Precision.DAY else 'in'} {text}"
    prefix = _PREFIXES.get(when.qualifier)
    if prefix is not None:
        return prefix + text
    plain = _plain(when, text)
    return f"perhaps {plain}" if when.qualifier is Qualifier.UNCERTAIN else plain


def _plain(when: FuzzyDate, text: str) -> str:
    if when.precision is Precision.DAY:
        return f"on {text}"
    if when.precision is Precision.DECADE or _DECADE_WORDS.match(text):
        return f"in {text}" if text.lower().startswith("the ") else f"in the {text}"
    return f"in {text}"


def describe(event: Event) -> str:
    """What happened, without the date, in its kind's declared wording: ``the Belgium section
    was established``."""
    if isinstance(event, UnregisteredEvent):
        return f"an event of the unregistered kind {event.type} ({event.id})"
    if isinstance(event, UnreadEvent):
        return f"an unreadable record of the kind {event.type} ({event.id})"
    return spec_of(event).describe(event)


_LOWERED = re.compile(r"^(The|A|An|It|Its|After|Before|During)\b")
"""Words opening a text that are lower-cased after the date phrase (a proper name keeps its
capital: ``In 1926: Julio Antonio Mella...``)."""


def sentence(phrase: str, event: Event, *, according_to: str | None = None) -> str:
    """One line for a chronology: ``In Aug. 1925, the Belgium section was established.``

    A free text (``Occurred``) follows a colon, its opening word lower-cased unless it is a
    name; one about a section (its ``country`` set) names the section after the date: ``In
    January 1936 (Spain section): the organization was re-formed...``. With ``according_to``
    (a claim of a dispute) the line says whose claim it is: ``In October 1934, the Spain
    section was established (according to X; disputed).``"""
    what = describe(event)
    stop = "" if what.rstrip("\"'”’)").endswith((".", "!", "?")) else "."
    free_text = not isinstance(event, UnreadEvent) and spec_of(event).free_text
    joint = ":" if phrase == UNKNOWN or free_text else ","
    if free_text:
        country = getattr(event, "country", None)
        if isinstance(country, str) and country:
            phrase = f"{phrase} ({country} section)"
    what = _LOWERED.sub(lambda word: word[0].lower(), what, count=1)
    line = f"{phrase[0].upper()}{phrase[1:]}{joint} {what}{stop}"
    if according_to is None:
        return line
    if line.endswith("."):
        return f"{line[:-1]} (according to {according_to}; disputed)."
    return f"{line} (according to {according_to}; disputed)"
