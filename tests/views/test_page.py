"""The timeline page as written (no browser): one self-contained file, its data equal to the
timeline's segments, the vendored component unchanged."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

import mopr_timeline as mt
from mopr_timeline.views import PageError, page_html, write_page

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "src" / "mopr_timeline" / "views" / "page" / "vendor"


def _data(page: str) -> dict[str, Any]:
    found = re.search(r'<script type="application/json" id="page-data">(.*?)</script>', page, re.S)
    assert found is not None
    data: dict[str, Any] = json.loads(found.group(1))
    return data


class _References(HTMLParser):
    """Every URL an element would fetch: src, href (but in-page anchors), and <link>."""

    def __init__(self) -> None:
        super().__init__()
        self.fetched: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "srcset", "data") and value:
                self.fetched.append(f"{tag} {name}={value}")
            if name == "href" and value and not value.startswith("#"):
                self.fetched.append(f"{tag} href={value}")
        if tag == "link":
            self.fetched.append(f"link {attrs}")


@pytest.fixture(scope="module")
def mopr_page() -> str:
    return page_html(mt.load())


def test_the_page_is_self_contained_and_small(mopr_page: str) -> None:
    references = _References()
    references.feed(mopr_page)
    assert references.fetched == []
    assert "@import" not in mopr_page
    assert len(mopr_page.encode("utf-8")) < 2_000_000
    assert mopr_page.count("<script") == 3  # the data, vis-timeline, the page's own script


def test_the_page_holds_the_timelines_segments(mopr_page: str) -> None:
    timeline = mt.load()
    data = _data(mopr_page)
    segments = timeline.segments(data["first"], data["last"])
    assert len(data["segments"]) == len(segments)
    for shown, segment in zip(data["segments"], segments, strict=True):
        assert (shown["start"], shown["end"]) == (
            segment.start.isoformat() if segment.start else None,
            segment.end.isoformat() if segment.end else None,
        )
        expected = segment.state.to_dict()
        assert shown["exists"] == expected["exists"]
        for family in segment.state.families:
            facts = [data["facts"][i] for i in shown["facts"][family]]
            assert [f["json"] for f in facts] == expected[family], (shown["start"], family)
            assert all(f["family"] == family for f in facts)


def test_items_name_their_events_and_disputes(mopr_page: str) -> None:
    data = _data(mopr_page)
    disputed = {r.event.id for claims in mt.load().disputes() for r in claims}
    spain = [i for i in data["items"] if i["label"] == "Spain"]
    assert spain
    assert all(i["disputed"] for i in spain)
    assert set(spain[0]["events"]) <= disputed
    for item in data["items"]:
        assert item["events"], item
        for event in item["events"]:
            assert event in data["events"]
    belgium = next(i for i in data["items"] if i["label"] == "Belgium")
    shown = data["events"][belgium["events"][0]]
    assert shown["written"] == "Aug. 1925"
    assert shown["bounds"] == "1925-08-01 to 1925-08-31"
    assert shown["source"]["quotation"]
    headings = {i["heading"] for i in data["items"]}
    assert {"Organization", "Leaders", "Governing body", "Congresses"} <= headings
    assert any(h.startswith("Sections: 19") for h in headings)


def test_text_from_the_log_cannot_break_out_of_the_page() -> None:
    hostile = "</script><script>alert(1)</script><!--"
    timeline = mt.Timeline(mt.MemoryStore())
    timeline.append(
        [
            mt.Founded(id="f", when="1922", name=hostile),
            mt.SectionEstablished(id="s", when="1925", country=hostile),
        ]
    )
    page = page_html(timeline)
    data = _data(page)
    assert any(i["label"] == hostile for i in data["items"])
    assert page.count("<script") == 3
    assert "alert(1)</script>" not in page
    assert "<!--" not in page.split('id="page-data">', 1)[1].split("</script>", 1)[0]


def test_a_log_of_your_own_kinds_and_an_empty_log() -> None:
    import wir_kinds

    timeline = mt.Timeline(mt.MemoryStore())
    timeline.append(wir_kinds.wir_log())
    data = _data(page_html(timeline))
    assert any(i["label"] == "Sichel und Hammer" for i in data["items"])
    assert {f["name"] for f in data["families"]} >= {"periodicals", "sections"}
    empty = _data(page_html(mt.Timeline(mt.MemoryStore())))
    assert empty["items"] == []
    assert len(empty["segments"]) == 1


def test_the_vendored_component_is_the_pinned_release() -> None:
    """The files scripts/vendor_js.py wrote, unchanged: the pinned version and integrity are
    in the license file's header, and the script's banner names the same version."""
    spec = importlib.util.spec_from_file_location("vendor_js", ROOT / "scripts" / "vendor_js.py")
    assert spec is not None
    assert spec.loader is not None
    vendor_js = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(vendor_js)
    version, integrity = vendor_js.VERSION, vendor_js.INTEGRITY
    assert integrity.startswith("sha512-")
    assert len(integrity) > 80
    license_text = (VENDOR / "LICENSE.vis-timeline.md").read_text(encoding="utf-8")
    assert license_text.startswith(f"vis-timeline {version}, from the npm registry")
    assert integrity in license_text.splitlines()[0]
    assert "MIT" in license_text
    assert "Apache License" in license_text
    js = (VENDOR / "vis-timeline-graph2d.min.js").read_bytes()
    assert f"@version {version}".encode() in js[:400]
    # recorded here so that a hand edit shows in review: re-run scripts/vendor_js.py instead
    assert hashlib.sha256(js).hexdigest() == (
        "22045807e537d38d01a537e97563ad8b0269f8b827bb5da23e060f9c3f8ec13b"
    )


def test_write_page_refuses_another_suffix(tmp_path: Path) -> None:
    with pytest.raises(PageError, match=r"must end in \.html"):
        write_page(mt.load(), tmp_path / "page.png")
    assert not (tmp_path / "page.png").exists()
