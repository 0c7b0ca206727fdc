"""``plot``: size, resolution, undated lanes, formats; bad values are one line."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from cli_support import one_line_error, run

pytest.importorskip("matplotlib")


def png_size(path: Path) -> tuple[int, int]:
    width, height = struct.unpack(">II", path.read_bytes()[16:24])
    return width, height


def test_size_dpi_and_hidden_undated_rows(tmp_path: Path) -> None:
    out = tmp_path / "mopr.png"
    result = run("plot", str(out), "--size", "7x7", "--dpi", "100", "--hide-undated")
    assert result.exit_code == 0, result.output
    assert png_size(out) == (700, 700)
    assert f"wrote {out}" in result.stderr


@pytest.mark.parametrize(("suffix", "magic"), [(".pdf", b"%PDF-"), (".svg", b"<?xml")])
def test_vector_formats(tmp_path: Path, suffix: str, magic: bytes) -> None:
    out = tmp_path / f"mopr{suffix}"
    result = run("plot", str(out), "--from", "1925", "--to", "1927")
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(magic)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--size", "7by5"], "--size '7by5': expected WIDTHxHEIGHT in inches"),
        (["--size", "7x0.5"], "--size '7x0.5': the height must be 1 to 50 inches"),
        (["--size", "7x3"], "--size 7x3: 92 rows need a height of at least"),
        (["--dpi", "5"], "--dpi"),
        (["--from", "1930", "--to", "1925"], "the range ends (1925) before it starts (1930)"),
        (["--kind", "counts", "--from", "1930", "--to", "1925"], "the range ends (1925)"),
    ],
)
def test_bad_values_are_one_line_and_write_nothing(
    tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "mopr.png"
    line = one_line_error(run("plot", str(out), *args))
    assert message in line
    assert not out.exists()


def test_counts(tmp_path: Path) -> None:
    out = tmp_path / "sections.png"
    result = run("plot", str(out), "--kind", "counts", "--dpi", "100")
    assert result.exit_code == 0, result.output
    assert png_size(out) == (700, 320)
    congresses = tmp_path / "congresses.svg"
    result = run("plot", str(congresses), "--kind", "counts", "--family", "congresses")
    assert result.exit_code == 0, result.output
    assert "congresses, certain and possible" in congresses.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--kind", "counts", "--hide-undated"], "--hide-undated: only for --kind timeline"),
        (["--family", "sections"], "--family: only for --kind counts"),
        (["--kind", "counts", "--family", "section"], "--family"),
        (["--kind", "bars"], "--kind"),
    ],
)
def test_counts_options_are_checked(tmp_path: Path, args: list[str], message: str) -> None:
    out = tmp_path / "c.png"
    assert message in one_line_error(run("plot", str(out), *args))
    assert not out.exists()
