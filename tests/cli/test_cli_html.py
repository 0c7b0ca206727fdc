"""``mopr-timeline html OUT.html``: the timeline page, written from the shell."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from cli_support import one_line_error, run


def _data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


def test_cli_html_writes_the_page(tmp_path: Path) -> None:
    out = tmp_path / "mopr.html"
    result = run("html", str(out), "--from", "1925", "--to", "1935", "--title", "MOPR 1925-35")
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<title>MOPR 1925-35</title>" in page
    data = _data(page)
    assert data["first"] == "1925-01-01"
    assert data["last"] == "1935-12-31"
    assert "wrote" in result.stderr


def test_cli_html_bad_paths_are_one_line(tmp_path: Path) -> None:
    assert "must end in .html" in one_line_error(run("html", str(tmp_path / "x.txt")))
    line = one_line_error(run("html", str(tmp_path / "missing" / "x.html")))
    assert "No such file or directory" in line
