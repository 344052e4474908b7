"""The data page's file uploader in a real Chromium: what it shows and what a screen reader announces is French
(dashboard/ui/imports.py), before and after a file is chosen, and a chosen file's size is not shown in English; a
file the browser refuses (too large, another type) is told why in French."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from dashboard.config import TEMPLATES_DIR
from dashboard.imports import TEMPLATES
from dashboard.imports.docs import WORKBOOK_NAME
from tests.browser.harness import SCREENSHOT_DIR, VIEWPORT, StreamlitServer, wait_until_rendered
from tests.world.files import IMPORT_FIXTURES as FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Streamlit's own English texts of the widget (visible or announced).
ENGLISH = re.compile(r"Upload|Browse|file upload|Remove|Add files|MB per file|\d+(\.\d+)?\s?[KM]?B\b|icon")


def test_the_uploader_speaks_french_to_eyes_and_screen_readers(browser, demo_server: StreamlitServer):
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{demo_server.url}/donnees")
        wait_until_rendered(page)
        register = page.locator('[data-testid="stFileUploader"]').last
        page.get_by_text("Glissez-déposez ici").last.wait_for()
        before = register.aria_snapshot()
        assert "Choisir un fichier" in register.inner_text() and not ENGLISH.search(register.inner_text())
        assert not ENGLISH.search(before), before
        page.locator('input[type="file"]').last.set_input_files(FIXTURES / "register_postcode.csv")
        page.get_by_role("button", name="Retirer register_postcode.csv").wait_for()
        after = register.aria_snapshot()
        assert "Ajouter des fichiers" in after and not ENGLISH.search(after), after
        chip = register.locator('[data-testid="stFileChip"]').inner_text()  # shown: the name, no "150.0B"
        assert chip.strip() and not ENGLISH.search(chip), chip
    finally:
        page.close()


def test_a_file_refused_by_the_browser_is_told_in_french(browser, demo_server: StreamlitServer, tmp_path):
    """A file over server.maxUploadSize (50 MB, docs/deployment.md §2) and a file of another type are refused by
    the browser before any upload: the file's tooltip and what a screen reader announces say why in French."""
    big = tmp_path / "registre.csv"
    with big.open("wb") as handle:
        handle.truncate(51 * 1024 * 1024)  # 51 MB, sparse: nothing written to the disk
    wrong = tmp_path / "notes.pdf"
    wrong.write_bytes(b"%PDF-1.4\n")
    page = browser.new_page(viewport=VIEWPORT)
    try:
        page.goto(f"{demo_server.url}/donnees")
        wait_until_rendered(page)
        register = page.locator('[data-testid="stFileUploader"]').last
        chips = register.locator('[data-testid="stFileChip"]')
        for count, chosen in enumerate((big, wrong), start=1):  # as dropped: a drop bypasses the dialog's filter
            register.locator('input[type="file"]').set_input_files(chosen)
            expect(chips).to_have_count(count)
        alerts = register.locator('[data-testid="stFileChip"] [role="alert"]')
        expect(alerts.first).to_have_text("Erreur : Fichier trop volumineux : 50 Mo au plus. Rien n'a été envoyé.")
        expect(alerts.last).to_have_text(re.compile(r"^Erreur : Type de fichier refusé ici"))
        chips.first.scroll_into_view_if_needed()
        chips.first.hover()
        tip = page.locator('[data-testid="stTooltipErrorContent"]')
        expect(tip).to_have_text("Fichier trop volumineux : 50 Mo au plus. Rien n'a été envoyé.")
        page.screenshot(path=str(SCREENSHOT_DIR / "uploader-file-too-large.png"))
        said = register.aria_snapshot() + tip.inner_text()
        assert not re.search(r"or smaller|not allowed|Error", said), said
    finally:
        page.close()


def test_the_templates_download_whole(browser, demo_server: StreamlitServer, tmp_path):
    """The two template buttons read their file when clicked (a button holding its bytes is fetched whole by the
    browser at every load of the page): the workbook and a CSV template arrive as they are in data/templates."""
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    try:
        page.goto(f"{demo_server.url}/donnees")
        wait_until_rendered(page)
        for label, name in (
            ("Télécharger le classeur de modèles (XLSX)", WORKBOOK_NAME),
            ("Télécharger le modèle « ", f"{TEMPLATES[0].entity}.csv"),
        ):  # the first one offered
            with page.expect_download() as download:
                page.get_by_role("button", name=label).first.click()
            saved = tmp_path / name
            download.value.save_as(saved)
            assert saved.read_bytes() == (TEMPLATES_DIR / name).read_bytes(), name
    finally:
        page.close()
