"""The administrator's backup section of the data page: the button writes a verified backup of the running
database into the configured folder, and the latest one is offered for download."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.backup import DATABASE_FILE, file_summaries, list_backups, read_manifest
from dashboard.config import BACKUP_DIR_ENV, BACKUP_HOURS_ENV
from tests.pages import run_page


def test_the_button_backs_up_the_running_database(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "sauvegardes"
    monkeypatch.setenv(BACKUP_DIR_ENV, str(folder))
    monkeypatch.delenv(BACKUP_HOURS_ENV, raising=False)
    at = run_page(monkeypatch, small_db_path, "pages/donnees.py")
    assert not at.exception
    captions = " ".join(caption.value for caption in at.caption)
    assert f"Aucune sauvegarde dans {folder}." in captions
    assert "Pas de sauvegarde programmée" in captions
    at.button(key="backup.run").click().run()
    assert not at.exception
    (backup,) = list_backups(folder)
    (success,) = [s.value for s in at.success if s.value.startswith("Sauvegarde écrite")]
    assert f"Sauvegarde écrite : {backup.name} (" in success and "sommes de contrôle vérifiées" in success
    assert file_summaries(backup / DATABASE_FILE) == read_manifest(backup).tables
    assert read_manifest(backup).tables["synergy"].rows > 0  # the page's data, not an empty copy
    assert f"Dernière sauvegarde : {backup.name}" in " ".join(caption.value for caption in at.caption)
