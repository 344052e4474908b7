"""The data page's file uploader in a real Chromium: what it shows and what a screen reader announces is French
(dashboard/ui/imports.py), before and after a file is chosen, and a chosen file's size is not shown in English."""

from __future__ import annotations

import re

import pytest

from tests.browser.harness import VIEWPORT, StreamlitServer, wait_until_rendered
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
