"""Streamlit's own interface in a real Chromium speaks French (dashboard/ui/french_chrome.py): the sign-in page's
password eye button as a screen reader names it, a dataframe toolbar's buttons and hover tooltips, and the figures
of a column's statistics panel. (Plotly's English tips: tests/browser/test_pages_browser.py.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    SCREENSHOT_DIR,
    VIEWPORT,
    StreamlitServer,
    sign_in_as_administrator,
    visit,
    wait_until_rendered,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

TOOLBAR = ["Afficher ou masquer des colonnes", "Télécharger en CSV", "Rechercher", "Plein écran"]
# Streamlit's column statistics (English browser) and their French text.
STATISTICS = {
    "25th percentile": "1er quartile",
    "1 (25%)": "1 (25\u00a0%)",
    "2,468 (12.5%)": "2\u202f468 (12,5\u00a0%)",
    "411,526.58": "411\u202f526,58",
    "0.13": "0,13",
    "10": "10",
}
STATISTICS_PANEL_JS = """(texts) => {
  const panel = document.createElement("div");
  panel.id = "statistics-panel-probe";
  panel.dataset.testid = "stDataFrameStatisticsMetrics";
  for (const text of texts) panel.appendChild(document.createElement("span")).textContent = text;
  document.body.appendChild(panel);
}"""
FRENCH_WAIT_MS = 10_000  # the script rewrites as soon as Streamlit draws: English after this is a failure


def test_streamlit_chrome_speaks_french(browser, demo_server: StreamlitServer):
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(demo_server.url)
        password = page.get_by_label("Mot de passe", exact=True)
        password.wait_for()
        eye = page.locator(".st-key-auth-password button[aria-pressed]")
        expect(eye).to_have_attribute("aria-label", "Afficher le mot de passe", timeout=FRENCH_WAIT_MS)
        eye.click()  # the password shown: the button now hides it
        expect(eye).to_have_attribute("aria-label", "Masquer le mot de passe", timeout=FRENCH_WAIT_MS)

        sign_in_as_administrator(page)
        wait_until_rendered(page, sign_in=False)
        visit(page, demo_server, "journal")
        table = page.locator('[data-testid="stDataFrame"]').first
        table.hover()
        buttons = table.locator('[data-testid="stElementToolbarButton"] button')
        expect(buttons).to_have_count(len(TOOLBAR))
        for button, french in zip(buttons.all(), TOOLBAR, strict=True):
            expect(button).to_have_attribute("aria-label", french, timeout=FRENCH_WAIT_MS)
        buttons.nth(1).hover()
        tooltip = page.locator('[data-testid="stTooltipContent"]')
        expect(tooltip).to_have_text("Télécharger en CSV", timeout=FRENCH_WAIT_MS)
        SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOT_DIR / "french_chrome_toolbar.png")

        # The statistics panel as Streamlit 1.67 writes it in this (English) browser, added where Streamlit adds
        # it: its canvas-drawn column menu has no element to click.
        page.evaluate(STATISTICS_PANEL_JS, list(STATISTICS))
        figures = page.locator("#statistics-panel-probe span")
        expect(figures).to_have_text(list(STATISTICS.values()), timeout=FRENCH_WAIT_MS)
    finally:
        page.close()
