"""Data page through app.py: content summary, import report, export, on the demo and on an empty database."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.pages import run_page

PAGE = "pages/donnees.py"


def test_data_page_on_the_demo_database(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Communes"] == "34\u202f875"
    assert metrics["Périmètres de démarche"] == "4"
    assert at.selectbox(key="data.import.entity").value == "__classeur__"


def test_export_choice_changes_the_download(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)
    at.selectbox(key="data.export.entity").set_value("programmes").run()
    assert not at.exception
    assert at.selectbox(key="data.export.entity").value == "programmes"


def test_data_page_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any("Aucune donnée dans la base" in info.value for info in at.info)
