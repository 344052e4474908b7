"""Page header: territory, period, data date, and the demo badge."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from dashboard.eit.metrics import DatasetInfo
from dashboard.ui.header import data_as_of_text
from tests.pages import run_page
from tests.world.build import build_world_db

DEMO_BADGE = "Données de démonstration"


@pytest.mark.parametrize(
    ("info", "expected"),
    [
        (DatasetInfo(dt.date(2026, 11, 22), False, True), "données au 22/11/2026"),
        (DatasetInfo(dt.date(2025, 3, 4), True, False), "données au 04/03/2025 (dernier import)"),
        (DatasetInfo(None, False, False), "date des données inconnue"),
    ],
)
def test_data_as_of_text(info: DatasetInfo, expected: str) -> None:
    assert data_as_of_text(info) == expected


def test_header_shows_the_data_date_and_the_badge_for_demo_rows(
    monkeypatch: pytest.MonkeyPatch, small_db_path: Path
) -> None:
    at = run_page(monkeypatch, small_db_path)
    assert at.title[0].value == "Accueil"
    assert "données au 30/11/2022" in at.markdown[0].value
    assert DEMO_BADGE in at.markdown[0].value  # synergy S2 is a demo record
    at.selectbox(key="sidebar.territory").set_value("epci:200066348").run()
    assert DEMO_BADGE not in at.markdown[0].value  # nothing fictitious in the Minervois


def test_header_badge_for_a_demo_dataset(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    path = build_world_db(tmp_path / "demo-flag.duckdb", data_as_of=None, dataset="demo")
    at = run_page(monkeypatch, path, query_params={"territoire": "epci:200066348"})
    assert DEMO_BADGE in at.markdown[0].value
    assert "date des données inconnue" in at.markdown[0].value


def test_header_on_an_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path)
    assert not at.exception
    assert at.markdown[0].value.startswith("**Aucun territoire dans la base**")
    assert any("aucun territoire" in i.value for i in at.sidebar.info)
