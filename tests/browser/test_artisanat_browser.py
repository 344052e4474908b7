"""Observatoire de l'artisanat in Chromium: the commune map draws offline, with its masked communes, and a
screenshot of each tab a COPIL would look at (profile, families, series, map,
comparison, ranking)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.browser.harness import (
    DRAWN_ONCE,
    RENDER_TIMEOUT_MS,
    SCREENSHOT_DIR,
    VIEWPORT,
    StreamlitServer,
    charts_as_sent,
    normalise,
    wait_for_charts,
    wait_until_rendered,
)

TALL_VIEWPORT = {**VIEWPORT, "height": 2200}  # a whole tab (the map and its legend) in one screenshot
TABS = {
    "profil": "Profil du territoire",
    "familles": "Familles de métiers",
    "evolution": "Évolution",
    "carte": "Carte des communes",
    "comparaison": "Comparaison",
    "classement": "Classement des communes",
    "qui-visiter": "Qui visiter ?",
}


@pytest.fixture(scope="module")
def artisanat_page(browser, demo_server: StreamlitServer) -> Iterator[object]:
    """The artisan page, loaded once (with the sign-in) for every tab of this module: a user moves between tabs."""
    page = browser.new_page(viewport=TALL_VIEWPORT)
    page.set_default_timeout(RENDER_TIMEOUT_MS)  # clicks and waits for a loaded machine, as the page waits
    page.goto(f"{demo_server.url}/artisanat?territoire=epci:200072072&annee=2026")
    wait_until_rendered(page)
    yield page
    page.close()


def _open_tab(page, tab: str, screenshot: str):
    page.get_by_role("tab", name=tab).click()
    # Only the open tab is drawn (lazy tabs): the click reruns the page, and the panel stays empty until that run
    # has drawn it. A quick run may never show the app as "running", so the panel's content is what is waited for.
    expect(page.get_by_role("tab", name=tab)).to_have_attribute("aria-selected", "true")
    page.locator('[role="tabpanel"]:visible [data-testid="stElementContainer"]').first.wait_for()
    wait_until_rendered(page, fresh=True)
    wait_for_charts(page)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{screenshot}.png"), full_page=True)
    assert not page.locator('[data-testid="stException"]').count()
    return page


@pytest.mark.browser
def test_commune_map_draws_offline(artisanat_page):
    page = _open_tab(artisanat_page, TABS["carte"], "demo-artisanat-carte")
    panel = page.locator('[role="tabpanel"]:visible')
    panel.locator(".js-plotly-plot").first.wait_for(timeout=30_000)
    # the communes are drawn in SVG from our own boundaries: no WebGL canvas, no tile and no topojson from a CDN
    # (plotly.js draws nothing at all while such a fetch fails, and there is no internet here)
    panel.locator(".js-plotly-plot .geo path.choroplethlocation").first.wait_for(timeout=30_000)
    assert panel.locator(".js-plotly-plot .geo path.choroplethlocation").count() >= 2
    assert panel.locator(".js-plotly-plot canvas").count() == 0
    assert charts_as_sent(page, 1) == [DRAWN_ONCE]  # its three commune traces' GeoJSON read from data URLs
    text = normalise(panel.inner_text())
    assert "Établissements par commune, 2026" in text
    assert "« s » : secret statistique" in text  # the legend of the masked communes


@pytest.mark.browser
@pytest.mark.parametrize("name", ["profil", "familles", "evolution", "comparaison", "classement"])
def test_other_tabs(artisanat_page, name: str):
    _open_tab(artisanat_page, TABS[name], f"demo-artisanat-{name}")


@pytest.mark.browser
def test_who_to_visit_list(artisanat_page):
    page = _open_tab(artisanat_page, TABS["qui-visiter"], "demo-artisanat-qui-visiter")
    panel = page.locator('[role="tabpanel"]:visible')
    panel.get_by_text("Secteurs à flux valorisables connus").click()
    wait_until_rendered(page)
    panel.get_by_text("Afficher la liste des établissements").click()
    # the rerun may start after a first quiet second: wait for what the list brings
    panel.get_by_text("Transmettre au registre des diagnostics").first.wait_for(timeout=60_000)
    wait_until_rendered(page)
    wait_for_charts(page)
    page.screenshot(path=str(SCREENSHOT_DIR / "demo-artisanat-qui-visiter-liste.png"), full_page=True)
    assert not page.locator('[data-testid="stException"]').count()
    text = normalise(panel.inner_text())
    assert "Transmettre au registre des diagnostics" in text
    assert "Télécharger au format du modèle « companies.csv »" in text
