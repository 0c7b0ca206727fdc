"""The timeline page in a real browser: headless Chromium (Debian's), the network off, the
page opened from file://.

Without Chromium, ChromeDriver or Selenium these tests skip, saying which is missing.
``MOPR_TIMELINE_SCREENSHOTS=docs/img`` makes the screenshot test write the docs' pictures.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_support import BrowserUnavailableError, open_page, start_chromium, stop_chromium

import mopr_timeline as mt
from mopr_timeline.views import write_page

ROOT = Path(__file__).resolve().parents[2]
DAYS = ("1925-12-31", "1933-01-01", "1936-01-01", "1945-06-01")


@pytest.fixture(scope="module")
def timeline() -> mt.Timeline:
    return mt.load()


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory, timeline: mt.Timeline) -> Path:
    return write_page(timeline, tmp_path_factory.mktemp("page") / "mopr.html")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    try:
        driver = start_chromium()
    except BrowserUnavailableError as why:
        pytest.skip(f"no headless Chromium: {why}")
    try:
        yield driver
    finally:
        stop_chromium(driver)


@pytest.fixture
def opened(browser: Any, page: Path) -> Any:
    open_page(browser, page)
    return browser


def _set_day(driver: Any, day: str) -> None:
    """Type ``day`` into the date input as a person would, by its value and change event
    (how WebDriver fills a date input whatever the browser's locale)."""
    driver.execute_script(
        "const input = document.getElementById('day');"
        "input.value = arguments[0];"
        "input.dispatchEvent(new Event('change', {bubbles: true}));",
        day,
    )


def _panel(driver: Any) -> dict[str, Any]:
    """What the state panel lists: ``exists``, and per family the facts' JSON in order, each
    checked to show its certainty as text."""
    listed = driver.execute_script(
        "const out = {exists: document.getElementById('exists').dataset.certainty,"
        " existsText: document.getElementById('exists').textContent, families: {}};"
        "document.querySelectorAll('#state-facts section.family').forEach(s => {"
        "  out.families[s.dataset.family] = Array.from(s.querySelectorAll('li.fact')).map(li =>"
        "    [li.dataset.fact, li.dataset.certainty, li.querySelector('.certainty').textContent]"
        "  );"
        "});"
        "return out;"
    )
    assert listed["existsText"].endswith(listed["exists"])
    families = {}
    for family, facts in listed["families"].items():
        parsed = []
        for fact, certainty, shown in facts:
            data = json.loads(fact)
            assert data["certainty"] == certainty == shown
            parsed.append(data)
        families[family] = parsed
    return {"exists": listed["exists"], "families": families}


@pytest.mark.parametrize("day", DAYS)
def test_the_state_panel_lists_state_at(opened: Any, timeline: mt.Timeline, day: str) -> None:
    _set_day(opened, day)
    assert opened.find_element("id", "state-day").text == day
    expected = timeline.state_at(day).to_dict()
    shown = _panel(opened)
    assert shown["exists"] == expected["exists"]
    assert set(shown["families"]) == set(timeline.state_at(day).families)
    for family, facts in shown["families"].items():
        assert facts == expected[family], family


def test_the_slider_steps_through_the_states(opened: Any, timeline: mt.Timeline) -> None:
    from selenium.webdriver.common.keys import Keys

    _set_day(opened, "1925-12-31")
    slider = opened.find_element("id", "slider")
    before = int(slider.get_attribute("value"))
    slider.send_keys(Keys.ARROW_RIGHT)
    assert int(slider.get_attribute("value")) == before + 1
    day = opened.find_element("id", "day").get_attribute("value")
    assert day > "1925-12-31"
    assert _panel(opened)["families"]["sections"] == timeline.state_at(day).to_dict()["sections"]
    assert day in slider.get_attribute("aria-valuetext")


def _item_of(driver: Any, label: str, certain: bool) -> str:
    return str(
        driver.execute_script(
            "const data = JSON.parse(document.getElementById('page-data').textContent);"
            "return data.items.find(i => i.label === arguments[0]"
            " && i.certain === arguments[1]).id;",
            label,
            certain,
        )
    )


def test_clicking_an_item_shows_its_citation(opened: Any, timeline: mt.Timeline) -> None:
    belgium = next(e for e in timeline.events() if getattr(e, "country", None) == "Belgium")
    assert belgium.source is not None
    item = _item_of(opened, "Belgium", True)
    clicked = _click_bar(opened, item)
    assert clicked, "no bar of the Belgium section is drawn in the timeline"
    details = opened.find_element("id", "details-body")
    assert "Belgium" in details.text
    citation = details.find_element("css selector", f'[data-event="{belgium.id}"] .citation').text
    assert belgium.source.title in citation
    quotation = details.find_element("css selector", f'[data-event="{belgium.id}"] blockquote')
    assert quotation.text == belgium.source.quotation
    written = details.find_element("css selector", f'[data-event="{belgium.id}"] .written').text
    assert written == belgium.when.text
    assert opened.execute_script("return document.body.dataset.selected") == item


def _click_bar(driver: Any, item: str) -> bool:
    """Click the timeline's bar of ``item`` (scrolling the timeline's rows to it)."""
    from selenium.webdriver.common.action_chains import ActionChains

    for _ in range(40):
        bars = driver.execute_script(
            "const data = JSON.parse(document.getElementById('page-data').textContent);"
            "const item = data.items.find(i => i.id === arguments[0]);"
            "return Array.from(document.querySelectorAll('#timeline .vis-item.vis-range'))"
            ".filter(el => el.getBoundingClientRect().height > 0 &&"
            "  el.textContent.indexOf(item.content) === 0);",
            item,
        )
        for bar in bars:
            ActionChains(driver).move_to_element(bar).click().perform()
            if driver.execute_script("return document.body.dataset.selected") == item:
                return True
        driver.execute_script(
            "const panel = document.querySelector('#timeline .vis-panel.vis-center');"
            "panel.dispatchEvent(new WheelEvent('wheel', {deltaY: 120, bubbles: true}));"
        )
    return False


def test_the_keyboard_reaches_the_controls_and_every_item(opened: Any) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    opened.execute_script("window.scrollTo(0, 0); document.activeElement.blur()")
    reached = []
    for _ in range(40):
        ActionChains(opened).send_keys(Keys.TAB).perform()
        active = opened.switch_to.active_element
        reached.append(active.get_attribute("id") or active.get_attribute("role") or "")
        if active.get_attribute("role") == "option":
            break
    for wanted in ("day", "slider", "country", "option"):
        assert any(r == wanted or r.startswith(wanted) for r in reached), (wanted, reached)
    assert any(r.startswith("kind-") for r in reached), reached
    total = opened.execute_script("return document.querySelectorAll('#item-list li').length")
    seen = {opened.switch_to.active_element.get_attribute("data-item")}
    for _ in range(total - 1):
        opened.switch_to.active_element.send_keys(Keys.ARROW_DOWN)
        seen.add(opened.switch_to.active_element.get_attribute("data-item"))
    assert len(seen) == total
    opened.switch_to.active_element.send_keys(Keys.ENTER)
    last = opened.switch_to.active_element.get_attribute("data-item")
    assert opened.execute_script("return document.body.dataset.selected") == last
    assert opened.find_element("id", "details-body").find_elements("css selector", "article")


def test_filters_keep_one_country(opened: Any) -> None:
    from selenium.webdriver.support.ui import Select

    Select(opened.find_element("id", "country")).select_by_value("Belgium")
    shown = opened.execute_script(
        "return Array.from(document.querySelectorAll('#item-list li'))"
        ".filter(li => !li.hidden).map(li => li.textContent);"
    )
    assert shown
    assert all("Belgium" in text for text in shown)
    drawn = opened.execute_script("return document.querySelectorAll('#timeline .vis-item').length")
    assert drawn == len(shown)


def test_the_page_fetches_nothing(opened: Any) -> None:
    """Everything is inline: the browser loaded no resource besides the page itself."""
    assert opened.execute_script("return performance.getEntriesByType('resource').length") == 0
    assert opened.execute_script("return typeof vis.Timeline") == "function"
    assert opened.find_elements("css selector", "#timeline .vis-item")


def test_screenshot_for_the_docs(opened: Any, tmp_path: Path) -> None:
    """The pictures of docs/page.md: the page on 1933-01-01 with an item selected, and the
    counts chart. Written to docs/img with MOPR_TIMELINE_SCREENSHOTS=docs/img."""
    target = Path(os.environ.get("MOPR_TIMELINE_SCREENSHOTS") or tmp_path)
    if not target.is_absolute():
        target = ROOT / target
    _set_day(opened, "1933-01-01")
    opened.execute_script(
        "document.getElementById('option-' + arguments[0]).click()",
        _item_of(opened, "Spain", False),
    )
    opened.execute_script("window.scrollTo(0, 0)")
    size = opened.get_window_size()
    opened.set_window_size(1400, 1700)
    page_png = target / "page.png"
    try:
        assert opened.save_screenshot(str(page_png))
    finally:
        opened.set_window_size(size["width"], size["height"])
    from selenium.webdriver.support.ui import Select

    Select(opened.find_element("id", "count-family")).select_by_value("sections")
    chart = opened.find_element("css selector", "#counts")
    counts_png = target / "page-counts.png"
    counts_png.write_bytes(chart.screenshot_as_png)
    for picture in (page_png, counts_png):
        assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert picture.stat().st_size > 10_000
    for committed in ("page.png", "page-counts.png"):
        assert (ROOT / "docs" / "img" / committed).exists(), f"docs/img/{committed} missing"
