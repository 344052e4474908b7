"""Real-browser fixtures: a Streamlit server per database and a headless Chromium driven by Playwright.

Chromium comes from the system (Debian package `chromium`); Playwright's own browser download is not used.
Without Chromium the browser tests are skipped locally but FAIL in CI (CI=true): they may never be skipped there.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser.harness import (
    CHROMIUM_ARGS,
    TEST_CHROMIUM_PATH,
    StreamlitServer,
    TrackingBrowser,
    add_browser_administrator,
    start_server,
    stop_server,
)


def _require_chromium() -> None:
    if Path(TEST_CHROMIUM_PATH).exists() or shutil.which(TEST_CHROMIUM_PATH):
        return
    message = (
        f"Chromium not found at {TEST_CHROMIUM_PATH} "
        "(apt-get install -y chromium chromium-headless-shell fonts-noto-color-emoji)"
    )
    if os.environ.get("CI"):
        pytest.fail(message + " — browser tests may not be skipped in CI")
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=TEST_CHROMIUM_PATH, args=CHROMIUM_ARGS, headless=True)
        yield TrackingBrowser(chromium)  # its pages count the app's script runs (harness.wait_until_rendered)
        chromium.close()


@pytest.fixture(scope="session")
def demo_server(demo_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    _require_chromium()
    # The server opens the database read-write (it is the writer): give it its own copy so that the other
    # tests of the session can still open the shared demo file.
    copy = tmp_path_factory.mktemp("browser-demo") / demo_db_path.name
    shutil.copy2(demo_db_path, copy)
    server = start_server(copy, tmp_path_factory.mktemp("logs") / "streamlit-demo.log")
    yield server
    stop_server(server)


@pytest.fixture(scope="session")
def empty_server(empty_db_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[StreamlitServer]:
    _require_chromium()
    copy = tmp_path_factory.mktemp("browser-empty") / empty_db_path.name
    shutil.copy2(empty_db_path, copy)
    add_browser_administrator(copy)  # a real database asks for its first administrator: this one signs in
    server = start_server(copy, tmp_path_factory.mktemp("logs") / "streamlit-empty.log")
    yield server
    stop_server(server)
