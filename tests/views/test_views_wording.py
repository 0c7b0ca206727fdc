"""Hedged wording: a fixed set of phrases that always shows the source's own date text."""

from __future__ import annotations

import pytest

from mopr_timeline import Occurred, parse_date, parse_span
from mopr_timeline.dates import FuzzyDate
from mopr_timeline.replay._chronology_wording import date_phrase, sentence, span_phrase


@pytest.mark.parametrize(
    ("text", "phrase"),
    [
        ("1923", "in 1923"),
        ("August 1925", "in August 1925"),
        ("Aug. 1925", "in Aug. 1925"),
        ("Sept. 1923", "in Sept. 1923"),
        ("21 January 1937", "on 21 January 1937"),
        ("January 1, 1928", "on January 1, 1928"),
        ("1928-01-01", "on 1 Jan. 1928"),
        ("1925-08", "in Aug. 1925"),
        ('"before 1933"', "before 1933"),
        ("before Aug. 1925", "before Aug. 1925"),
        ("after 1928", "after 1928"),
        ("After 1924", "After 1924"),
        ("by 1932", "by 1932"),
        ("As of 1924", "As of 1924"),
        ("c. 1925", "c. 1925"),
        ("ca. 1925", "ca. 1925"),
        ("circa 1925", "circa 1925"),
        ("1920s", "in the 1920s"),
        ("the 1930s", "in the 1930s"),
        ("early 1920s", "in the early 1920s"),
        ("towards the end of the 1920s", "towards the end of the 1920s"),
        ("", "date unknown"),
        ("unknown", "date unknown"),
        ("1925~", "c. 1925"),
        ("1925?", "perhaps in 1925"),
        ("1925%", "perhaps c. 1925"),
        ("192X", "in the 1920s"),
        ("[..1932]", "by 1932"),
        ("[1929..]", "in 1929 or later"),
        ("[1922..1925]", "between 1922 and 1925"),
        ("[1925,1927]", "in 1925 or 1927"),
        ("[1925-08,1925-09-15]", "in Aug. 1925 or 15 Sept. 1925"),
        ("1926-21", "in spring 1926"),
        ("[1921-08..1921-12]", "between Aug. and Dec. 1921"),
        ("[1924,1925]", "in 1924 or 1925"),
        ("1924 or 1925", "in 1924 or 1925"),
        ("Aug. or Sept. 1925", "in Aug. or Sept. 1925"),
        ("spring 1926", "in spring 1926"),
        ("winter 1926/27", "in winter 1926/27"),
        ("1926-24", "in Dec. 1926"),
        ("1925-21~", "c. spring 1925"),
        ("1925-08-15?", "perhaps on 15 Aug. 1925"),
        ("1918-21", "between 1918 and 1921"),
        ("XXXX", "date unknown"),
        ("c1860", "c1860"),
        ("c. 1860", "c. 1860"),
        ("undated", "date unknown"),
        ("n.d.", "date unknown"),
        ("not before 1925", "not before 1925"),
        ("until 1937", "until 1937"),
        ("25 October 1917 O.S.", "on 25 October 1917 O.S."),
    ],
)
def test_date_phrase(text: str, phrase: str) -> None:
    assert date_phrase(parse_date(text)) == phrase


@pytest.mark.parametrize(
    ("text", "year", "phrase"),
    [
        ("July 14–16", 1924, "on July 14–16, 1924"),
        ("March 24-April 5", 1927, "on March 24-April 5, 1927"),
        ("June", 1923, "in June 1923"),
        ("1922–1925", None, "from 1922 to 1925"),
        ("1925/1927", None, "from 1925 to 1927"),
        ("../1932", None, "until 1932"),
        ("1929/..", None, "from 1929 on"),
    ],
)
def test_span_phrase(text: str, year: int | None, phrase: str) -> None:
    assert span_phrase(parse_span(text, year=year)) == phrase


def test_a_year_given_apart_is_added() -> None:
    assert date_phrase(parse_date("January 1", year=1932)) == "on January 1, 1932"
    assert date_phrase(parse_date("June", year=1923)) == "in June 1923"


def test_dates_without_text_are_worded_from_their_bounds() -> None:
    assert date_phrase(FuzzyDate.from_ordinals(700000, 700000)) == "on 15 July 1917"
    assert date_phrase(FuzzyDate.from_ordinals(700000, 700010)) == "between 15 and 25 July 1917"
    assert date_phrase(FuzzyDate.from_ordinals(None, 700000)) == "by 15 July 1917"


def test_sentences() -> None:
    event = Occurred(when="1926", text="The Dutch section held its first congress.")
    assert sentence("in 1926", event) == "In 1926: the Dutch section held its first congress."
    assert sentence("date unknown", event).startswith("Date unknown: ")
    quoted = Occurred(when="1931", text='Stasova: "the economic struggle."')
    assert sentence("in 1931", quoted) == 'In 1931: Stasova: "the economic struggle."'
    assert sentence("in 1931", Occurred(when="1931", text="No stop")) == "In 1931: No stop."
    mella = Occurred(when="1926", text="Julio Antonio Mella was exiled.", country="Mexico")
    assert sentence("in 1926", mella) == "In 1926 (Mexico section): Julio Antonio Mella was exiled."
    spain = Occurred(when="January 1936", text="The organization was re-formed.", country="Spain")
    assert sentence("in January 1936", spain) == (
        "In January 1936 (Spain section): the organization was re-formed."
    )
