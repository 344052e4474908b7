"""Every page of app.py in a real Chromium: no exception element, a known figure on screen, a screenshot.

On the demo database each page must show a figure that comes from the source documents; on an empty
database each page must explain that there is no data instead of failing.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from dashboard.config import PROJECT_ROOT
from tests.browser.harness import (
    DRAWN_ONCE,
    SCREENSHOT_DIR,
    VIEWPORT,
    StreamlitServer,
    charts_as_sent,
    normalise,
    visit,
    wait_for_charts,
)

# Pages as registered in app.py (url path = file stem), read from the source so a new page is never forgotten.
PAGE_STEMS = re.findall(r'^\s*page\("pages/(\w+)\.py"', (PROJECT_ROOT / "app.py").read_text(encoding="utf-8"), re.M)

# A figure from the source documents each page must show on the demo database (default territory / period).
DEMO_EXPECTATIONS: dict[str, str] = {
    "accueil": "100",  # Vendômois action sheet: companies mobilised, target 2022
    "programmes": "220 472 €",  # Vendômois programme budget (CTE Pays Vendômois, fiche-action 3.2)
    "conventions": "4 000",  # CDCMC 2026 convention ceiling (€)
    "donnees": "34 875",  # communes of the reference geography
    "autoevaluation": "80 réponses au total",  # demo: 40 Vendômois actors answered twice
    "entreprises": "70 entreprises diagnostiquées en 2018",  # Vendômois action sheet: 70 companies in 2018
    "synergies": "38 synergies identifiées",  # demo: Vendômois synergies identified by the end of 2026
    "carte": "110 entreprises sur la carte",  # demo: the Vendômois companies, all located
    "detection": "sur 1 208 proposées",  # demo: Vendômois proposals at the default 10 km radius
    "artisanat": "1 289",  # demo artisan statistics: Vendômois establishments on 1 January 2026
    "objectifs": "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100",  # Vendômois sheet (seed 002)
    "copil": "Référence 2019 : 3 · Objectif 2020 : 12 · Objectif 2022 : 24",  # Vendômois sheet, synergies
    "rapport": "Produire le rapport (PDF, graphiques, tableaux)",  # figures appear once produced (tests/report)
}
EMPTY_MARKERS = ("Aucune donnée", "aucune donnée", "base est vide", "Base vide")


@pytest.fixture(scope="module")
def demo_tab(browser, demo_server: StreamlitServer) -> Iterator[object]:
    """One tab for every page of the demo, moved from page to page through the sidebar as a user does."""
    tab = browser.new_page(viewport=VIEWPORT)
    yield tab
    tab.close()


@pytest.fixture(scope="module")
def empty_tab(browser, empty_server: StreamlitServer) -> Iterator[object]:
    tab = browser.new_page(viewport=VIEWPORT)
    yield tab
    tab.close()


def open_page(tab, server: StreamlitServer, stem: str, screenshot: str) -> str:
    visit(tab, server, "" if stem == PAGE_STEMS[0] else stem)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    tab.screenshot(path=str(SCREENSHOT_DIR / f"{screenshot}.png"), full_page=True)
    exceptions = tab.locator('[data-testid="stException"]')
    if exceptions.count():
        pytest.fail(f"exception on page {stem}: {exceptions.first.inner_text()[:2000]}")
    return normalise(tab.inner_text('[data-testid="stMain"]'))


# The Plotly charts each page draws at first sight on the demo (the others are in closed tabs or sections).
DEMO_CHARTS: dict[str, int] = {"accueil": 2, "objectifs": 1, "autoevaluation": 1, "synergies": 1, "carte": 1}


def test_every_page_is_checked():
    assert PAGE_STEMS, "no page found in app.py"
    assert set(PAGE_STEMS) <= set(DEMO_EXPECTATIONS), "add the known figure of each new page"


@pytest.mark.browser
@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_page_on_demo_database(demo_tab, demo_server: StreamlitServer, stem: str):
    text = open_page(demo_tab, demo_server, stem, f"demo-{stem}")
    assert "Données de démonstration" in text
    assert DEMO_EXPECTATIONS[stem] in text, f"{DEMO_EXPECTATIONS[stem]!r} not on page {stem}"
    charts = charts_as_sent(demo_tab, DEMO_CHARTS.get(stem, 0))
    assert charts == [DRAWN_ONCE] * DEMO_CHARTS.get(stem, 0), f"the charts of {stem}, as sent to be drawn once"


@pytest.mark.browser
def test_a_map_legend_click_shows_no_english_tip(demo_tab, demo_server: StreamlitServer):
    """Plotly's own tips are English ("Double-click on legend to isolate one trace"): they are turned off
    (dashboard/ui/plotly_config.py)."""
    visit(demo_tab, demo_server, "carte")
    wait_for_charts(demo_tab)
    demo_tab.locator(".js-plotly-plot .legendtoggle").first.click()  # hides a legend entry's trace
    # Plotly shows its tip in the click's own handler, before the trace is hidden: once hidden, it would be there
    demo_tab.wait_for_function(
        "() => document.querySelector('.js-plotly-plot').data.some(trace => trace.visible === 'legendonly')"
    )
    assert demo_tab.locator(".notifier-note").count() == 0


@pytest.mark.browser
@pytest.mark.parametrize("stem", PAGE_STEMS)
def test_page_on_empty_database(empty_tab, empty_server: StreamlitServer, stem: str):
    text = open_page(empty_tab, empty_server, stem, f"empty-{stem}")
    assert any(marker in text for marker in EMPTY_MARKERS), f"page {stem} does not say that there is no data"
