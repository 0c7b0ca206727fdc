"""The shipped log says what the article says: every row, every date text, every quotation."""

from __future__ import annotations

import re

import attrs
import pytest
from dataset_support import AFFILIATES, ARTICLE, RYLE, USSR, Row

import mopr_timeline as mt


def _live(events: list[mt.Event]) -> list[mt.Event]:
    """The events in force: neither retractions nor retracted."""
    retracted = {e.target for e in events if isinstance(e, mt.Retracted)}
    return [e for e in events if not isinstance(e, mt.Retracted) and e.id not in retracted]


def _when_text(event: mt.Event) -> str | None:
    when = getattr(event, "when", None)
    return None if when is None else str(when.text)


def test_every_event_has_a_source(events: list[mt.Event]) -> None:
    assert events
    assert [e.id for e in events if e.source is None] == []


def test_event_ids_are_unique_and_readable(events: list[mt.Event]) -> None:
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", i) for i in ids), ids


def test_all_73_affiliate_rows_are_sections_as_the_table_spells_them(
    events: list[mt.Event], affiliate_rows: list[Row]
) -> None:
    """Each row is cited as read: the article's table, the row quoted, and Ryle, pp.
    262-263, as the table's principal source the article names."""
    assert len(affiliate_rows) == 73
    from_table = [
        e
        for e in _live(events)
        if isinstance(e, mt.SectionEstablished) and e.source and e.source.part == AFFILIATES
    ]
    assert len(from_table) == 73
    by_row = {e.source.quotation: e for e in from_table if e.source}
    for row in affiliate_rows:
        country, name, date, _ = row.cells
        event = by_row[row.line]
        assert event.id == f"section-{_slug(country)}-article-table"
        assert event.country == country
        assert event.name == (name or None)
        assert event.when.text == date
        assert event.source == mt.Source(
            title=ARTICLE,
            part=AFFILIATES,
            quotation=row.line,
            cites=mt.CitedWork(title=RYLE, pages="262-263"),
        )


def test_the_rows_first_credited_to_ryle_alone_are_retracted(events: list[mt.Event]) -> None:
    first = [e for e in events if e.source and e.source.title == RYLE]
    assert len(first) == 73
    retracted = {e.target: e for e in events if isinstance(e, mt.Retracted)}
    for event in first:
        retraction = retracted[event.id]
        assert f"{event.id}-article-table" in retraction.reason
        assert retraction.source is not None
        assert retraction.source.quotation == event.source.quotation  # type: ignore[union-attr]
        assert retraction.source.part == AFFILIATES


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def test_blank_table_dates_are_unknown_dates(events: list[mt.Event]) -> None:
    albania = next(
        e
        for e in _live(events)
        if isinstance(e, mt.SectionEstablished) and e.id == "section-albania-article-table"
    )
    assert albania.when.text == ""
    assert albania.when.earliest is None
    assert albania.when.latest is None


def test_congresses_are_the_table_rows_read_with_their_year(
    events: list[mt.Event], congress_rows: list[Row]
) -> None:
    congresses = [e for e in events if isinstance(e, mt.CongressHeld)]
    assert len(congresses) == len(congress_rows) == 4
    for row, congress in zip(congress_rows, congresses, strict=True):
        year, name, location, dates, _delegates = row.cells
        assert (congress.name, congress.location, congress.when.text) == (name, location, dates)
        assert congress.when.start.earliest is not None
        assert congress.when.start.earliest.year == int(year)
        assert congress.source is not None
        assert congress.source.quotation is not None
        assert congress.source.quotation.startswith(row.line)


def test_1924_conference_delegates_and_breakdown(events: list[mt.Event]) -> None:
    conference = next(
        e
        for e in events
        if isinstance(e, mt.CongressHeld) and e.name == "1st International Conference"
    )
    assert conference.delegates == 109
    groups = {(g.label, g.count) for g in conference.delegate_groups}
    assert groups == {("CP", 91), ("YCI", 13), ("non-party", 5)}
    assert sum(g.count for g in conference.delegate_groups) == conference.delegates
    start, end = conference.when.start, conference.when.end
    assert (str(start.earliest), str(end.latest)) == ("1924-07-14", "1924-07-16")


def test_article_quotations_are_verbatim(events: list[mt.Event], article: str) -> None:
    cited = [e for e in events if e.source and e.source.title == ARTICLE]
    assert len(cited) > 30
    for event in cited:
        assert event.source is not None
        assert event.source.quotation, event.id
        for passage in event.source.quotation.split(" … "):
            assert passage in article, (event.id, passage)


def test_every_date_text_is_written_in_its_quotation(events: list[mt.Event]) -> None:
    for event in events:
        text = _when_text(event)
        if not text:
            continue
        assert event.source is not None
        assert event.source.quotation is not None
        assert text in event.source.quotation, (event.id, text)


@pytest.mark.parametrize(
    ("event_id", "text"),
    [
        ("governing-body-after-1924-executive-committee", "After 1924"),
        ("section-algeria-article-table", '"before 1928"'),
        ("section-madagascar-article-table", '"before 1933"'),
        ("section-belgium-article-table", "Aug. 1925"),
        ("section-india-article-table", '"after 1928"'),
        ("section-madagascar-prose-disputing-article-table", "1933"),
        ("section-spain-article-table", "Sept. 1925"),
        ("section-spain-prose-disputing-article-table", "October 1934"),
        ("figures-by-1932-sixty-two-affiliates-national-histories", "By 1932"),
        ("figures-1924-nineteen-countries", "As of 1924"),
        ("figures-by-1931-01-01-stasova", "By January 1, 1931"),
        ("figures-1932-01-01-world-congress-as-of-january-1", "January 1"),
        ("latin-america-late-1920s-farabundo-marti", "Towards the ends of the 1920s"),
        ("spain-1937-fifth-regiment-dissolved", "21 January 1937"),
        ("spain-civil-war-arderius-president-dated", "During the Spanish Civil War"),
        ("spain-civil-war-figures-hospitals", "during the Spanish Civil War"),
    ],
)
def test_date_texts_as_the_source_writes_them(
    events: list[mt.Event], event_id: str, text: str
) -> None:
    event = next(e for e in _live(events) if e.id == event_id)
    assert _when_text(event) == text


def test_stasova_figures_say_so(events: list[mt.Event]) -> None:
    reports = {e.id: e for e in events if isinstance(e, mt.FiguresReported)}
    for event_id in ("figures-1928-01-01-stasova", "figures-by-1931-01-01-stasova"):
        report = reports[event_id]
        assert "Stasova" in report.note
        assert report.source is not None
        assert "Stasova" in (report.source.quotation or "")


def test_figure_reports(events: list[mt.Event]) -> None:
    reports = {e.id: e for e in _live(events) if isinstance(e, mt.FiguresReported)}
    ussr = (USSR,)
    expected = {
        "figures-1924-nineteen-countries": (None, 19, None, None, ()),
        "figures-1928-01-01-stasova": (8_900_000, 44, None, None, ()),
        "figures-by-1931-01-01-stasova": (8_305_454, 58, 56, 19, ()),
        "figures-1932-01-01-world-congress-as-of-january-1": (1_278_274, 67, None, None, ussr),
        "figures-by-1932-sixty-two-affiliates-national-histories": (
            1_278_274,
            62,
            None,
            None,
            ussr,
        ),
        "spain-civil-war-figures-national-school-students": (None, None, None, None, ()),
        "spain-civil-war-figures-childrens-park-sheltered": (None, None, None, None, ()),
        "spain-civil-war-figures-hospitals": (None, None, None, None, ()),
    }
    assert set(reports) == set(expected)
    for event_id, (members, sections, periodicals, languages, excluding) in expected.items():
        r = reports[event_id]
        assert (r.members, r.sections, r.periodicals, r.languages, r.excluding) == (
            members,
            sections,
            periodicals,
            languages,
            excluding,
        ), event_id
    spain = {r.id: [(c.name, c.value) for c in r.counts] for r in reports.values() if r.country}
    assert spain == {
        "spain-civil-war-figures-national-school-students": [("students", 150)],
        "spain-civil-war-figures-childrens-park-sheltered": [("children sheltered", 150)],
        "spain-civil-war-figures-hospitals": [("hospitals established", 275)],
    }
    assert {r.country for r in reports.values()} == {None, "Spain"}
    world_congress = reports["figures-1932-01-01-world-congress-as-of-january-1"].when
    assert (str(world_congress.earliest), str(world_congress.latest)) == ("1932-01-01",) * 2
    assert (world_congress.text, world_congress.context) == ("January 1", "1932")
    by_1931 = reports["figures-by-1931-01-01-stasova"].when
    assert (by_1931.earliest, str(by_1931.latest)) == (None, "1931-01-01")
    assert by_1931.qualifier is mt.Qualifier.NO_LATER_THAN


def test_leadership_list(events: list[mt.Event]) -> None:
    appointed = [(e.person, e.when.text) for e in events if isinstance(e, mt.LeaderAppointed)]
    assert appointed == [
        ("Julian Marchlewski", "1922"),
        ("Panteleimon Lepeshinsky", "1925"),
        ("Elena Stasova", "1927"),
    ]
    left = [(e.person, e.when.text) for e in events if isinstance(e, mt.LeaderLeft)]
    assert left == [("Elena Stasova", "1937")]


def test_both_claims_recorded_where_prose_and_table_disagree(events: list[mt.Event]) -> None:
    for country in ("Madagascar", "Spain"):
        claims = [
            e
            for e in _live(events)
            if isinstance(e, mt.SectionEstablished) and e.country == country
        ]
        assert len(claims) == 2
        table, prose = claims
        assert table.source is not None
        assert prose.source is not None
        assert (table.source.title, prose.source.title) == (ARTICLE, ARTICLE)
        assert table.source.part == AFFILIATES
        assert table.source.cites == mt.CitedWork(title=RYLE, pages="262-263")
        assert prose.source.part == f"National histories: {country}"
        assert prose.source.cites is None
        assert prose.contradicts == (table.id,)
        assert table.contradicts == ()


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("section-spain", "section-spain-prose"),
        ("section-madagascar", "section-madagascar-prose"),
        ("founded", "founded-formation"),
        ("figures-1932-01-01-world-congress", "figures-by-1932-sixty-two-affiliates"),
    ],
)
def test_each_dispute_is_linked_by_a_retraction_and_an_unchanged_replacement(
    events: list[mt.Event], earlier: str, later: str
) -> None:
    """The unlinked later claim was retracted (citing its own passage) and recorded again,
    equal to it but for its id and ``contradicts`` naming the earlier claim (the first
    correction; the claims of three of these disputes were recorded again since, see
    ``test_the_retractions_are_those_of_the_corrections``)."""
    by_id = {e.id: e for e in events}
    (retraction,) = [e for e in events if isinstance(e, mt.Retracted) and e.target == later]
    original = by_id[later]
    assert retraction.source == original.source
    (replacement,) = [e for e in events if e.contradicts == (earlier,)]
    assert replacement.id.startswith(f"{later}-disputing-")
    assert replacement.id in retraction.reason
    assert attrs.evolve(replacement, id=later, contradicts=()) == original


def test_the_retractions_are_those_of_the_corrections(events: list[mt.Event]) -> None:
    """The disputes linked; the 73 rows cited as read (with Spain's and Madagascar's prose
    claims, recorded again to say where they were read); the 1931 and 1932 dates as written
    (with the 1932 dispute's other claim); the two statements dated by the Spanish Civil War;
    the deemphasis dated by its relation to Stasova's leaving, and Mella's sentence as two
    statements. Each retracted event is replaced by live events."""
    targets = [e.target for e in events if isinstance(e, mt.Retracted)]
    assert targets[:4] == [
        "section-spain-prose",
        "section-madagascar-prose",
        "founded-formation",
        "figures-by-1932-sixty-two-affiliates",
    ]
    rows = [t for t in targets[4:] if t.startswith("section-") and "prose" not in t]
    assert len(rows) == 73
    assert [t for t in targets[4:] if t not in rows] == [
        "section-madagascar-prose-disputing-table",
        "section-spain-prose-disputing-table",
        "figures-1931-01-01-stasova",
        "figures-1932-01-01-world-congress",
        "figures-by-1932-sixty-two-affiliates-disputing-world-congress",
        "spain-civil-war-arderius-president",
        "spain-civil-war-poum-parallel-organization",
        "1937-international-character-deemphasized",
        "mexico-1926-mella-exiled",
    ]
    assert len(targets) == len(set(targets))


def test_stasova_deputy_head_is_recorded_as_the_article_states_it(
    events: list[mt.Event], article: str
) -> None:
    (event,) = [e for e in events if "deputy-head" in e.id]
    assert isinstance(event, mt.Occurred)
    assert event.when.text == "January 1, 1928"
    assert "deputy head of the Central Committee" in event.text
    assert event.source is not None
    assert event.source.quotation is not None
    assert "deputy head of the Central Committee" in event.source.quotation
    assert event.source.quotation in article
    assert event.contradicts == ()


def test_founding_names_and_end(events: list[mt.Event]) -> None:
    foundings = [e for e in _live(events) if isinstance(e, mt.Founded)]
    assert [(f.name, f.when.text, f.contradicts) for f in foundings] == [
        ("International Red Aid", "1922", ()),
        ("International Workers Aid society", "1922", ("founded",)),
    ]
    assert foundings[0].aliases == ("MOPR",)
    assert [e.when.text for e in events if isinstance(e, mt.Dissolved)] == ["1941"]
    ended = [(e.country, e.when.text) for e in events if isinstance(e, mt.SectionDissolved)]
    assert ended == [("Union of Soviet Socialist Republics", "1947")]


def test_national_history_occurrences_carry_their_country(events: list[mt.Event]) -> None:
    countries = {e.id: e.country for e in events if isinstance(e, mt.Occurred)}
    assert countries["spain-1936-re-formed-in-barcelona"] == "Spain"
    assert countries["netherlands-1926-first-congress"] == "Netherlands"
    assert countries["netherlands-1926-rode-hulp"] == "Netherlands"
    assert countries["finland-1930s-active"] == "Finland"
    assert countries["mexico-1926-mella-exiled"] == "Mexico"
    assert countries["korea-yi-donghwi"] == "Korea"
