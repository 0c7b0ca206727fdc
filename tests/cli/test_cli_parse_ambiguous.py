"""``parse`` says when a text had more than one common reading, and ``--order`` picks one
reading of a numeric date."""

from __future__ import annotations

import json

from cli_support import one_line_error, run


def test_parse_marks_an_ambiguous_text() -> None:
    result = run("parse", "1800s")
    assert result.exit_code == 0, result.output
    assert "1800-01-01 to 1899-12-31" in result.output
    assert "ambiguous yes" in result.output
    data = json.loads(run("parse", "1918-21", "--format", "json").output)
    assert (data["earliest"], data["latest"], data["ambiguous"]) == (
        "1918-01-01",
        "1921-12-31",
        True,
    )


def test_parse_of_a_plain_text_is_not_ambiguous() -> None:
    result = run("parse", "Aug. 1925")
    assert "ambiguous" not in result.output
    assert json.loads(run("parse", "Aug. 1925", "--format", "json").output)["ambiguous"] is False


def test_order_picks_one_reading() -> None:
    both = json.loads(run("parse", "10/7/2008", "--format", "json").output)
    assert (both["earliest"], both["latest"], both["ambiguous"]) == (
        "2008-07-10",
        "2008-10-07",
        True,
    )
    day_first = json.loads(run("parse", "10/7/2008", "--order", "dmy", "--format", "json").output)
    assert (day_first["earliest"], day_first["ambiguous"]) == ("2008-07-10", False)
    month_first = run("parse", "10/7/2008", "--order", "mdy")
    assert "2008-10-07 to 2008-10-07" in month_first.output


def test_a_range_is_shown_as_a_span_and_a_backwards_one_is_an_error() -> None:
    data = json.loads(run("parse", "1851-52", "--format", "json").output)
    assert (data["start"]["latest"], data["end"]["earliest"], data["edtf"]) == (
        "1851-12-31",
        "1852-01-01",
        "1851/1852",
    )
    assert "the span runs backwards" in one_line_error(run("parse", "1930-1920"))
