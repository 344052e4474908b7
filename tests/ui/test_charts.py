"""The one chart helper: a French name for every chart file, a PNG download under every chart of a page."""

from __future__ import annotations

from pathlib import Path

import plotly.graph_objects as go
import pytest

from dashboard.ui.charts import chart_name
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG, PLOTLY_CONFIG
from tests.pages import run_page


def test_chart_name_is_the_bold_title_line() -> None:
    fig = go.Figure(layout={"title": {"text": "<b>Synergies par statut</b><br>CA Territoires Vendômois · 2026"}})
    assert chart_name(fig) == "Synergies par statut"


def test_no_plotly_modebar_with_english_tooltips() -> None:
    assert PLOTLY_CONFIG["displayModeBar"] is False and MAP_PLOTLY_CONFIG["displayModeBar"] is False


@pytest.mark.slow
def test_every_home_chart_has_its_png_download(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, "pages/accueil.py", {"territoire": "epci:200072072", "annee": "2026"})
    assert not at.exception
    charts = at.get("plotly_chart")
    buttons = [b for b in at.get("download_button") if b.proto.label == "Télécharger en PNG (avec sa légende)"]
    assert len(charts) == len(buttons) == 2
