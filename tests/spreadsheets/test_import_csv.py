"""import_csv: UTF-8 with or without Excel's byte order mark, any delimiter, and a clear error
for a file that is not UTF-8 CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

import mopr_timeline as mt
from mopr_timeline.spreadsheets import BadRowsError, SpreadsheetError, import_csv, read_csv

FIELDS = {"country": "Country", "name": "Name"}


def run(path: Path, store: mt.Store | None = None, **options: Any) -> mt.Store:
    store = store if store is not None else mt.MemoryStore()
    import_csv(
        path,
        store=store,
        kind="SectionEstablished",
        fields=FIELDS,
        when="Established",
        **options,
    )
    return store


def countries(store: mt.Store) -> list[str]:
    return [record.event.country for record in store.read("mopr")]  # type: ignore[attr-defined]


def test_excel_utf8_with_a_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(
        "Country,Name,Established\r\nÖsterreich,Rote Hilfe,1924\r\n".encode("utf-8-sig")
    )
    store = run(path)
    assert countries(store) == ["Österreich"]
    (record,) = store.read("mopr")
    assert record.event.id.startswith("section-established-osterreich-")


@pytest.mark.parametrize(
    ("delimiter", "sep"), [(";", ";"), ("tab", "\t"), ("\\t", "\t"), ("|", "|")]
)
def test_any_delimiter(tmp_path: Path, delimiter: str, sep: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        sep.join(["Country", "Name", "Established"]) + "\nBelgium" + sep + sep + "Aug. 1925\n",
        encoding="utf-8",
    )
    assert countries(run(path, delimiter=delimiter)) == ["Belgium"]


def test_header_names_lose_surrounding_blanks(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(" Country , Name ,Established\nBelgium,,1925\n", encoding="utf-8")
    assert countries(run(path)) == ["Belgium"]


def test_bad_rows_are_named_by_their_line_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "\nCountry,Name,Established\nBelgium,,Aug. 1925\n\n"
        'Canada,"Canadian Labour\nDefense League",Agu 1925\n,,1926\n',
        encoding="utf-8",
    )
    with pytest.raises(BadRowsError) as caught:
        run(path)
    assert [(e.line, e.field) for e in caught.value.errors] == [(5, "when"), (7, "country")]
    assert str(caught.value).startswith(f"{path}: 2 of 3 rows cannot be imported")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        (b"\n\n", "the file is empty"),
        (b"PK\x03\x04\x14\x00rest of a workbook", "a workbook"),
        ("Country,Established\n".encode("utf-16"), "UTF-16"),
        (b"Country,Name,Established\nK\xf6ln,,1925\n", "line 2: not UTF-8 text (byte 0xf6)"),
        (b"Country,Name,Established\nA\x00,,1925\n", "line 2: not a text file"),
    ],
)
def test_a_file_that_is_not_utf8_csv_is_a_clear_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "table.csv"
    path.write_bytes(content)
    store = mt.MemoryStore()
    with pytest.raises(SpreadsheetError) as caught:
        run(path, store)
    assert message in str(caught.value)
    assert str(path) in str(caught.value)
    assert not isinstance(caught.value, BadRowsError)
    assert store.current_version("mopr") == 0


def test_a_cell_csv_cannot_read(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text(
        "Country,Name,Established\nBelgium,,1925\nX," + "y" * 200_000 + ",1925\n",
        encoding="utf-8",
    )
    with pytest.raises(SpreadsheetError, match=r"line 3: not readable as CSV: field larger"):
        run(path)


def test_a_missing_file_or_a_directory(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="no such file"):
        run(tmp_path / "missing.csv")
    with pytest.raises(SpreadsheetError, match="a directory, not a CSV file"):
        run(tmp_path)


@pytest.mark.parametrize("delimiter", ["", ";;", '"', "\n"])
def test_a_delimiter_is_one_character(tmp_path: Path, delimiter: str) -> None:
    path = tmp_path / "table.csv"
    path.write_text("Country,Name,Established\n", encoding="utf-8")
    with pytest.raises(SpreadsheetError, match="the delimiter is one character"):
        run(path, delimiter=delimiter)


def test_the_mapping_is_checked_before_the_file_is_read(tmp_path: Path) -> None:
    with pytest.raises(SpreadsheetError, match="no field 'colour'"):
        import_csv(
            tmp_path / "missing.csv",
            store=mt.MemoryStore(),
            kind="SectionEstablished",
            fields={"colour": "Colour"},
            when="Established",
        )


def test_read_csv_numbers_rows_and_keeps_extra_cells(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"
    path.write_text('A,B\n1,2\n\n"x\ny",4,5\n6\n', encoding="utf-8")
    header, rows = read_csv(path)
    assert header == ["A", "B"]
    assert list(rows) == [
        (2, {"A": "1", "B": "2"}),
        (4, {"A": "x\ny", "B": "4", None: ["5"]}),
        (6, {"A": "6", "B": ""}),
    ]


def test_top_level_exports() -> None:
    assert mt.import_rows is not None
    assert mt.import_csv is import_csv
