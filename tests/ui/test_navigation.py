"""Links only to the pages app.py registers."""

from __future__ import annotations

from dashboard.ui import navigation


def test_page_link_skips_unregistered_pages() -> None:
    assert not navigation.is_registered("pages/does_not_exist.py")
    assert navigation.page_link("pages/does_not_exist.py", "Nulle part") is False


def test_page_registers_its_path() -> None:
    navigation.page("pages/accueil.py", "Accueil", default=True)
    assert navigation.is_registered("pages/accueil.py")
