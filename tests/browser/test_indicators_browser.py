"""Objectifs et réalisations at 1920×1080 (a meeting-room screen), screenshots for the README (COPIL mode:
tests/browser/test_copil_browser.py)."""

from __future__ import annotations

import pytest

from tests.browser.harness import SCREENSHOT_DIR, StreamlitServer, normalise, wait_for_charts, wait_until_rendered

SCREEN = {"width": 1920, "height": 1080}  # the COPIL projector
VENDOMOIS = "territoire=epci:200072072&annee=2022&trimestre=0"


TALL = {"width": 1920, "height": 5200}  # the whole page at once: Streamlit scrolls inside its own container


def shoot(page, path: str, name: str) -> str:
    wait_until_rendered(page)
    wait_for_charts(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))
    exceptions = page.locator('[data-testid="stException"]')
    if exceptions.count():
        pytest.fail(f"exception on {path}: {exceptions.first.inner_text()[:2000]}")
    return normalise(page.inner_text('[data-testid="stMain"]'))


@pytest.mark.browser
def test_objectifs_at_1920(browser, demo_server: StreamlitServer) -> None:
    path = f"objectifs?{VENDOMOIS}"
    page = browser.new_page(viewport=SCREEN)
    try:
        page.goto(f"{demo_server.url}/{path}")
        text = shoot(page, path, "objectifs-1920")
        assert "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100" in text
        assert "Référence 2019 : 2 · Objectif 2020 : 6 · Objectif 2022 : 12" in text
        page.set_viewport_size(TALL)  # the same page, whole: the charts follow their container's new width
        shoot(page, path, "objectifs-1920-full")
    finally:
        page.close()
