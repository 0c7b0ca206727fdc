"""Headless Chromium for the page's tests and benchmark: Debian's ``chromium`` and
``chromium-driver`` driven by Selenium (the ``test`` extra), nothing downloaded.

``start_chromium()`` raises ``BrowserUnavailableError`` saying what is missing; the tests turn it
into a skip with that reason.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
)


class BrowserUnavailableError(Exception):
    """Chromium, ChromeDriver or Selenium is missing here."""


def start_chromium(*, width: int = 1400, height: int = 1000) -> Any:
    """A Selenium driver of headless Chromium with a fresh profile and the network off (the
    DevTools protocol's offline emulation: any request fails)."""
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError as error:
        raise BrowserUnavailableError(
            "selenium is not installed (pip install 'mopr_timeline[test]')"
        ) from error
    for path in (CHROMIUM, CHROMEDRIVER):
        if shutil.which(path) is None:
            raise BrowserUnavailableError(
                f"{path} not found: install Debian's chromium and chromium-driver "
                "(apt-get install chromium chromium-driver; .ci/run does)"
            )
    profile = tempfile.mkdtemp(prefix="mopr-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (*FLAGS, f"--user-data-dir={profile}", f"--window-size={width},{height}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.execute_cdp_cmd("Network.enable", {})
    driver.execute_cdp_cmd(
        "Network.emulateNetworkConditions",
        {"offline": True, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1},
    )
    driver.profile_dir = profile
    return driver


def stop_chromium(driver: Any) -> None:
    driver.quit()
    shutil.rmtree(driver.profile_dir, ignore_errors=True)


def open_page(driver: Any, page: Path, *, timeout: float = 10.0) -> float:
    """Open ``page`` over file:// and wait until its script has run; the seconds it took."""
    start = time.perf_counter()
    driver.get(page.resolve().as_uri())
    while driver.execute_script("return document.body.getAttribute('data-ready')") != "true":
        if time.perf_counter() - start > timeout:
            raise AssertionError(f"{page} not ready after {timeout} s")
        time.sleep(0.01)
    return time.perf_counter() - start
