"""Signed in as lecteur COPIL on the demo, a real browser visits every page it is offered and every screen of the
Mode COPIL, downloads every file offered, and fails if a company name, a SIRET (or register identifier) or a
company's coordinates from the database appear in a page's text or in a downloaded file."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

from tests.browser.harness import RENDER_TIMEOUT_MS, VIEWPORT, StreamlitServer, normalise, wait_until_rendered

READER_BUTTON = "Entrer comme Lecteur COPIL (démo)"
NEXT_SCREEN = "Suivant"


def forbidden_values(db_path: Path) -> dict[str, set[str]]:
    """What must never reach a lecteur COPIL: company names, SIRETs and register identifiers, coordinates (at
    the 4 decimals the company table shows, both decimal separators, and as stored)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        companies = con.execute("SELECT name, siret, longitude, latitude FROM company").fetchall()
        establishments = [r[0] for r in con.execute("SELECT establishment_id FROM establishment").fetchall()]
    coordinates = set()
    for _, _, lon, lat in companies:
        for value in (lon, lat):
            if value is not None:
                text = f"{value:.4f}"
                coordinates |= {text, text.replace(".", ","), repr(value)}
    return {
        "nom": {name for name, *_ in companies},
        "siret": {s for _, s, _, _ in companies if s} | {e for e in establishments if re.fullmatch(r"\d{14}", e)},
        "coordonnées": coordinates,
    }


def leaks(text: str, forbidden: dict[str, set[str]]) -> list[str]:
    return sorted(f"{kind} « {value} »" for kind, values in forbidden.items() for value in values if value in text)


@pytest.mark.browser
@pytest.mark.slow
def test_copil_reader_never_sees_company_data(
    browser, demo_server: StreamlitServer, demo_db_path: Path, tmp_path: Path
) -> None:
    forbidden = forbidden_values(demo_db_path)
    assert forbidden["nom"] and forbidden["coordonnées"]
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    try:
        page.goto(demo_server.url)
        page.get_by_role("button", name=READER_BUTTON).click(timeout=RENDER_TIMEOUT_MS)
        wait_until_rendered(page, sign_in=False)
        links = page.locator('[data-testid="stSidebarNav"] a')
        titles = [normalise(links.nth(i).inner_text()) for i in range(links.count())]
        assert "Entreprises et diagnostics" not in " ".join(titles)  # company pages are not offered
        visited, found = [], {}
        for index, title in enumerate(titles):
            page.locator('[data-testid="stSidebarNav"] a').nth(index).click()
            wait_until_rendered(page, sign_in=False)
            screens = 1
            while True:
                text = page.inner_text('[data-testid="stMain"]') + page.inner_text('[data-testid="stSidebar"]')
                found[f"{title} (écran {screens})"] = leaks(text, forbidden)
                for number, button in enumerate(page.locator('[data-testid="stDownloadButton"] button').all()):
                    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as download_info:
                        button.click()
                    saved = tmp_path / f"{index}-{screens}-{number}-{download_info.value.suggested_filename}"
                    download_info.value.save_as(saved)
                    content = saved.read_bytes().decode("utf-8", errors="ignore")
                    found[f"{title} : {saved.name}"] = leaks(content, forbidden)
                next_screen = page.get_by_role("button", name=NEXT_SCREEN)
                if next_screen.count() == 0 or next_screen.is_disabled():
                    break
                next_screen.click()
                wait_until_rendered(page, sign_in=False)
                screens += 1
            visited.append((title, screens))
        assert {title for title, _ in visited} >= {"Accueil", "Mode COPIL", "Carte", "Synergies"}
        assert dict(visited)["Mode COPIL"] >= 5, visited  # every COPIL screen
        assert {where: what for where, what in found.items() if what} == {}
    finally:
        page.close()
