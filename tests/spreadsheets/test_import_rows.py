"""import_rows: cells read by the fields' types, dates as written, one batch or nothing, ids
stable across imports, and every bad row named by its line."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs
import pytest

import mopr_timeline as mt
from mopr_timeline.spreadsheets import (
    BadRowsError,
    ImportReport,
    RowError,
    SpreadsheetError,
    derive_id,
    import_rows,
    importable_kinds,
)
from registry_support import restored_registry
from wir_kinds import CampaignHeld, FilmShown, PeriodicalFounded, unregistered

SECTIONS = {"country": "Country", "name": "Name"}


def reader(text: str, delimiter: str = ",") -> csv.DictReader[str]:
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)


def sections(text: str, store: mt.Store | None = None, **options: Any) -> ImportReport:
    return import_rows(
        reader(text),
        store=store if store is not None else mt.MemoryStore(),
        kind=options.pop("kind", "SectionEstablished"),
        fields=options.pop("fields", SECTIONS),
        when=options.pop("when", "Established"),
        **options,
    )


def events(store: mt.Store, stream: str = "mopr") -> list[Any]:
    return [record.event for record in store.read(stream)]


def bad_rows(text: str, store: mt.Store | None = None, **options: Any) -> list[RowError]:
    with pytest.raises(BadRowsError) as caught:
        sections(text, store, **options)
    assert caught.value.report.errors == caught.value.errors
    return list(caught.value.errors)


TABLE = (
    "Country,Name,Established\n"
    "Belgium,,Aug. 1925\n"
    'Bolivia,,"""before 1933"""\n'
    "Albania,,\n"
    "Canada,Canadian Labour Defense League,Aug. 1925\n"
)


def test_date_cells_are_kept_as_written() -> None:
    store = mt.MemoryStore()
    report = sections(TABLE, store)
    assert report.ok
    assert report.rows == 4
    assert report.version == 4
    belgium, bolivia, albania, canada = events(store)
    assert belgium.when.text == "Aug. 1925"
    assert (belgium.when.earliest.isoformat(), belgium.when.latest.isoformat()) == (
        "1925-08-01",
        "1925-08-31",
    )
    assert bolivia.when.text == '"before 1933"'
    assert bolivia.when.earliest is None
    assert bolivia.when.latest.isoformat() == "1932-12-31"
    assert albania.when == mt.parse_date("")
    assert albania.when.earliest is None
    assert albania.when.latest is None
    assert canada.name == "Canadian Labour Defense League"


def test_empty_cells_are_absent_values() -> None:
    store = mt.MemoryStore()
    sections(TABLE, store)
    assert [event.name for event in events(store)] == [
        None,
        None,
        None,
        "Canadian Labour Defense League",
    ]
    congresses = mt.MemoryStore()
    import_rows(
        reader("Name,City,Dates,Delegates\nFirst conference,Moscow,1924-07-14/1924-07-16,\n"),
        store=congresses,
        kind="CongressHeld",
        fields={"name": "Name", "location": "City", "delegates": "Delegates"},
        when="Dates",
    )
    (congress,) = events(congresses)
    assert congress.delegates is None
    assert congress.delegate_groups == ()


def test_cells_are_read_by_their_fields_types() -> None:
    store = mt.MemoryStore()
    import_rows(
        reader(
            "Name,City,Dates,Delegates,Groups\n"
            '1st International Conference,Moscow,July 14–16,"1,278", 91 CP ; 13 YCI\n'
        ),
        store=store,
        kind="CongressHeld",
        fields={
            "name": "Name",
            "location": "City",
            "delegates": "Delegates",
            "delegate_groups": "Groups",
        },
        when="Dates",
        year=1924,
    )
    (congress,) = events(store)
    assert congress.delegates == 1278
    assert [(g.count, g.label) for g in congress.delegate_groups] == [(91, "CP"), (13, "YCI")]
    assert congress.when.text == "July 14–16"
    assert congress.when.start.earliest.isoformat() == "1924-07-14"
    assert congress.when.end.latest.isoformat() == "1924-07-16"


def test_year_completes_date_cells_without_one() -> None:
    store = mt.MemoryStore()
    sections("Country,Name,Established\nBelgium,,June\nCanada,,Aug. 1925\n", store, year=1924)
    belgium, canada = events(store)
    assert belgium.when.text == "June"
    assert belgium.when.latest.isoformat() == "1924-06-30"
    assert canada.when.latest.isoformat() == "1925-08-31"


def test_kinds_of_your_own() -> None:
    store = mt.MemoryStore()
    import_rows(
        reader(
            "Campaign,Countries,Tons,Dates\n"
            'Famine relief,"Soviet Russia; Germany",,1921-08/1922-12\n'
        ),
        store=store,
        kind=CampaignHeld,
        fields={"name": "Campaign", "countries": "Countries", "tons": "Tons"},
        when="Dates",
    )
    import_rows(
        [{"Film": "Mother", "Sound": "no", "Shown": "1926"}],
        store=store,
        kind="FilmShown",
        fields={"title": "Film", "sound": "Sound"},
        when="Shown",
    )
    campaign, film = events(store)
    assert isinstance(campaign, CampaignHeld)
    assert campaign.countries == ("Soviet Russia", "Germany")
    assert campaign.tons is None
    assert campaign.when.end.latest.isoformat() == "1922-12-31"
    assert isinstance(film, FilmShown)
    assert film.sound is False
    with pytest.raises(BadRowsError) as caught:
        import_rows(
            [{"Film": "Mother", "Sound": "perhaps", "Shown": "1926"}],
            store=store,
            kind="FilmShown",
            fields={"title": "Film", "sound": "Sound"},
            when="Shown",
        )
    (error,) = caught.value.errors
    assert (error.line, error.column, error.field) == (2, "Sound", "sound")
    assert "'perhaps'" in error.reason


def test_every_bad_row_is_reported_and_nothing_is_written() -> None:
    store = mt.MemoryStore()
    sections("Country,Name,Established\nFrance,,1923\n", store)
    errors = bad_rows(
        "Country,Name,Established\n"
        "Belgium,,Aug. 1925\n"  # 2: fine
        "Atlantis,,Agu. 1925\n"  # 3: bad date
        ",Nobody,1925\n"  # 4: a required cell empty
        "Spain,,31 February 1925\n"  # 5: an impossible day
        "Peru,,1925,surplus\n",  # 6: a cell beyond the header
        store,
    )
    assert [(e.line, e.column, e.field) for e in errors] == [
        (3, "Established", "when"),
        (4, "Country", "country"),
        (5, "Established", "when"),
        (6, None, None),
    ]
    assert "'Agu. 1925'" in errors[0].reason
    assert "required" in errors[1].reason
    assert "28 days" in errors[2].reason
    assert "more non-empty cell" in errors[3].reason
    assert [event.country for event in events(store)] == ["France"]


def test_the_error_message_lists_every_bad_row() -> None:
    with pytest.raises(BadRowsError) as caught:
        sections("Country,Name,Established\nX,,Agu 1925\nY,,Febtember 1925\n", table="t.csv")
    lines = str(caught.value).splitlines()
    assert (
        lines[0]
        == "t.csv: 2 of 2 rows cannot be imported as SectionEstablished; nothing was written"
    )
    assert lines[1].startswith("  line 2, column 'Established' (when): ")
    assert lines[2].startswith("  line 3, column 'Established' (when): ")
    assert isinstance(caught.value, mt.MoprTimelineError)


def test_line_numbers_count_blank_lines_and_line_breaks_in_cells() -> None:
    errors = bad_rows('Country,Name,Established\n\nBelgium,"two\nlines",Agu 1925\n\nX,,Febtember\n')
    assert [error.line for error in errors] == [3, 6]


def test_rows_without_a_reader_are_numbered_from_line_2() -> None:
    rows = [
        {"Country": "Belgium", "Name": "", "Established": "1925"},
        {"Country": "", "Name": "", "Established": ""},  # blank: skipped, still a line
        {"Country": "", "Name": "", "Established": "1926"},
    ]
    with pytest.raises(BadRowsError) as caught:
        import_rows(
            rows,
            store=mt.MemoryStore(),
            kind="SectionEstablished",
            fields=SECTIONS,
            when="Established",
        )
    assert [(e.line, e.field) for e in caught.value.errors] == [(4, "country")]
    assert caught.value.report.rows == 2


class _HeaderOnly:
    """Rows whose header is known but that fail the test if a row is read."""

    fieldnames = ("Country", "Name", "Established")

    def __iter__(self) -> Iterator[Mapping[str, str]]:
        raise AssertionError("a row was read")


@pytest.mark.parametrize(
    ("fields", "when", "message"),
    [
        ({"country": "Country", "colour": "Name"}, "Established", "no field 'colour'"),
        ({"name": "Name"}, "Established", "needs 'country'"),
        ({"country": "Land"}, "Established", "no column 'Land' (for country)"),
        ({"country": "country"}, "Established", "did you mean 'Country'?"),
        ({"country": "Country"}, "Date", "no column 'Date' (for when)"),
        ({"country": "Country", "when": "Established"}, "Established", "date column"),
        ({"country": "Country", "id": "Name"}, "Established", "id column"),
        ({"country": "Country", "source": "Name"}, "Established", "citation"),
        ({"country": ""}, "Established", "column's name"),
    ],
)
def test_a_mapping_is_refused_before_any_row_is_read(
    fields: dict[str, str], when: str, message: str
) -> None:
    with pytest.raises(SpreadsheetError) as caught:
        import_rows(
            _HeaderOnly(),
            store=mt.MemoryStore(),
            kind="SectionEstablished",
            fields=fields,
            when=when,
        )
    assert message in str(caught.value)
    assert not isinstance(caught.value, BadRowsError)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"kind": "Sectionestablished"}, "unknown event kind 'Sectionestablished'"),
        ({"kind": "Retracted"}, "cannot be imported"),
        ({"quote_row": True}, "needs a source"),
        ({"quote_row": True, "source": mt.Source(title="T", quotation="q")}, "without one"),
        ({"id_column": "ID"}, "no column 'ID' (for id)"),
        ({"year": 0}, "year"),
        ({"stream": "../x"}, "invalid stream name"),
    ],
)
def test_options_are_checked_before_any_row_is_read(options: dict[str, Any], message: str) -> None:
    kind = options.pop("kind", "SectionEstablished")
    with pytest.raises(mt.MoprTimelineError) as caught:
        import_rows(
            _HeaderOnly(),
            store=mt.MemoryStore(),
            kind=kind,
            fields={"country": "Country"},
            when="Established",
            **options,
        )
    assert message in str(caught.value)


def test_a_header_in_one_column_hints_at_the_delimiter() -> None:
    with pytest.raises(SpreadsheetError, match="is the delimiter ';'"):
        sections("Country;Name;Established\nBelgium;;1925\n")


def test_importable_kinds_are_the_dated_ones() -> None:
    assert "SectionEstablished" in importable_kinds()
    assert "CongressHeld" in importable_kinds()
    assert "PeriodicalFounded" in importable_kinds()
    assert "Retracted" not in importable_kinds()


def test_importing_again_appends_only_the_new_rows() -> None:
    store = mt.MemoryStore()
    first = sections(TABLE, store)
    assert len(first.appended) == 4
    again = sections(TABLE, store)
    assert (again.appended, again.version) == ((), None)
    assert [a.line for a in again.already] == [2, 3, 4, 5]
    assert "all 4 rows already in stream 'mopr'; nothing was appended" in again.headline()
    more = sections(TABLE + "Chile,,1930\n", store)
    assert len(more.appended) == 1
    assert len(more.already) == 4
    assert more.version == 5
    assert "appended 1 SectionEstablished event" in more.headline()
    assert "4 of the 5 rows already there" in more.headline()
    assert store.current_version("mopr") == 5


def test_identical_rows_in_one_table_are_a_row_error() -> None:
    errors = bad_rows(TABLE + "Belgium,,Aug. 1925\n")
    (error,) = errors
    assert error.line == 6
    assert "the same SectionEstablished as line 2" in error.reason


def test_two_claims_for_one_country_are_two_rows() -> None:
    store = mt.MemoryStore()
    sections("Country,Name,Established\nSpain,,Sept. 1925\nSpain,,October 1934\n", store)
    assert [event.when.text for event in events(store)] == ["Sept. 1925", "October 1934"]


def test_derived_ids_are_readable_stable_and_independent_of_columns() -> None:
    one, two = mt.MemoryStore(), mt.MemoryStore()
    sections("Country,Name,Established\nBelgium,,Aug. 1925\n", one)
    import_rows(
        reader("Date;Land;Label\nAug. 1925; Belgium ;\n", delimiter=";"),
        store=two,
        stream="elsewhere",
        kind="SectionEstablished",
        fields={"country": "Land", "name": "Label"},
        when="Date",
    )
    (first,) = events(one)
    (second,) = events(two, "elsewhere")
    assert first.id == second.id
    assert re.fullmatch(r"section-established-belgium-[0-9a-f]{12}", first.id)
    assert first.id == derive_id(
        mt.KINDS["SectionEstablished"], {"country": "Belgium"}, "Aug. 1925"
    )
    other = derive_id(mt.KINDS["SectionEstablished"], {"country": "Belgium"}, "Sept. 1925")
    assert other != first.id
    named = derive_id(
        mt.KINDS["SectionEstablished"], {"country": "Belgium", "name": "Rode Hulp"}, "Aug. 1925"
    )
    assert named != first.id


def test_an_id_column() -> None:
    store = mt.MemoryStore()
    sections("ID,Country,Name,Established\nbelgium,Belgium,,Aug. 1925\n", store, id_column="ID")
    assert [event.id for event in events(store)] == ["belgium"]
    errors = bad_rows(
        "ID,Country,Name,Established\n"
        "belgium,Belgium,,Aug. 1925\n"  # already there: fine
        "canada,Canada,,1925\n"
        "canada,Canada (again),,1926\n"
        ",Chile,,1930\n"
        "belgium-2,Belgium,,1925\n",
        store,
        id_column="ID",
    )
    assert [(e.line, e.column, e.field) for e in errors] == [(4, "ID", "id"), (5, "ID", "id")]
    assert "also the id of line 3" in errors[0].reason
    assert "every row needs an id" in errors[1].reason
    assert [event.id for event in events(store)] == ["belgium"]


def test_an_id_the_stream_holds_for_another_event_is_a_row_error() -> None:
    store = mt.MemoryStore()
    sections("ID,Country,Name,Established\nx,Belgium,,Aug. 1925\n", store, id_column="ID")
    (error,) = bad_rows("ID,Country,Name,Established\nx,Canada,,Aug. 1925\n", store, id_column="ID")
    assert error.line == 2
    assert "already holds a different event with the id 'x'" in error.reason
    assert "country differs" in error.reason


def test_source_and_the_row_as_quotation() -> None:
    store = mt.MemoryStore()
    sections(
        TABLE,
        store,
        source=mt.Source(title="Ryle, International Red Aid", pages="262-263"),
        quote_row=True,
    )
    belgium, bolivia, albania, _ = events(store)
    assert belgium.source == mt.Source(
        title="Ryle, International Red Aid", pages="262-263", quotation="Belgium | | Aug. 1925"
    )
    assert bolivia.source.quotation == 'Bolivia | | "before 1933"'
    assert albania.source.quotation == "Albania | |"
    plain = mt.MemoryStore()
    sections(TABLE, plain, source=mt.Source(title="Ryle"))
    assert {event.source for event in events(plain)} == {mt.Source(title="Ryle")}


def test_a_dry_run_checks_and_writes_nothing() -> None:
    store = mt.MemoryStore()
    report = sections(TABLE, store, dry_run=True)
    assert (report.dry_run, report.version, len(report.appended)) == (True, None, 4)
    assert "would append 4 SectionEstablished events" in report.headline()
    assert "nothing was written" in report.headline()
    assert store.current_version("mopr") == 0
    with pytest.raises(BadRowsError):
        sections(TABLE + "X,,Agu 1925\n", store, dry_run=True)


def test_the_report_as_json() -> None:
    store = mt.MemoryStore()
    report = sections(TABLE, store)
    data = report.to_dict()
    assert data["ok"] is True
    assert data["rows"] == 4
    assert data["appended"] == [event.id for event in events(store)]
    assert data["errors"] == []
    with pytest.raises(BadRowsError) as caught:
        sections("Country,Name,Established\nX,,Agu 1925\n", store)
    assert caught.value.report.to_dict()["errors"] == [
        {
            "line": 2,
            "column": "Established",
            "field": "when",
            "reason": caught.value.errors[0].reason,
        }
    ]


def test_a_kind_whose_events_would_not_read_back_is_refused_row_by_row() -> None:
    with restored_registry():

        @mt.event_kind(wording="{text}")
        @attrs.frozen(kw_only=True)
        class SloganShouted(mt.DatedEvent):
            text: str = attrs.field(converter=lambda value: f"{value}!")

        store = mt.MemoryStore()
        with pytest.raises(BadRowsError) as caught:
            import_rows(
                [{"Slogan": "Free them", "Date": "1925"}],
                store=store,
                kind=SloganShouted,
                fields={"text": "Slogan"},
                when="Date",
            )
        (error,) = caught.value.errors
        assert (error.line, error.column, error.field) == (2, "Slogan", "text")
        assert "read back" in error.reason
        assert store.current_version("mopr") == 0


def test_an_event_refused_when_built_names_its_row() -> None:
    (error,) = bad_rows('ID,Country,Name,Established\n"two\nlines",Belgium,,1925\n', id_column="ID")
    assert (error.line, error.column, error.field) == (2, "ID", "id")
    assert "single-line" in error.reason


def test_a_stream_holding_kinds_not_registered_here(tmp_path: Path) -> None:
    location = str(tmp_path / "log")
    mt.Timeline(mt.open_store(location), "mopr").append(
        [PeriodicalFounded(id="per-aiz", when="1926", title="AIZ", country="Germany")]
    )
    with unregistered(PeriodicalFounded):
        report = sections(TABLE, mt.open_store(location))
        assert (len(report.appended), report.version) == (4, 5)
        (error,) = bad_rows(
            "ID,Country,Name,Established\nper-aiz,Belgium,,1925\n",
            mt.open_store(location),
            id_column="ID",
        )
    assert "an event of the kind PeriodicalFounded, not registered here" in error.reason
