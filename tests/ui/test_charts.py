"""The one chart helper: a French name for every chart file, a PNG download under every chart of a page."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import plotly.graph_objects as go
import pytest

from dashboard.charts.browser import browser_tree
from dashboard.ui import charts
from dashboard.ui.cache import DrawnFigure
from dashboard.ui.charts import chart_name
from dashboard.ui.plotly_config import MAP_PLOTLY_CONFIG, PLOTLY_CONFIG
from tests.pages import run_page


def test_chart_name_is_the_bold_title_line() -> None:
    fig = go.Figure(layout={"title": {"text": "<b>Synergies par statut</b><br>CA Territoires Vendômois · 2026"}})
    assert chart_name(fig) == "Synergies par statut"


def test_no_plotly_modebar_with_english_tooltips_nor_english_tips() -> None:
    assert PLOTLY_CONFIG["displayModeBar"] is False and MAP_PLOTLY_CONFIG["displayModeBar"] is False
    assert PLOTLY_CONFIG["showTips"] is False and MAP_PLOTLY_CONFIG["showTips"] is False


@pytest.mark.slow
def test_every_home_chart_has_its_png_download(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, "pages/accueil.py", {"territoire": "epci:200072072", "annee": "2026"})
    assert not at.exception
    charts = at.get("plotly_chart")
    buttons = [b for b in at.get("download_button") if b.proto.label == "Télécharger en PNG (avec sa légende)"]
    assert len(charts) == len(buttons) == 2


def _figure(title: str) -> go.Figure:
    """A chart as the builders make it: without a template (dashboard.charts.apply_layout)."""
    fig = go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"title": {"text": title}})
    fig.layout.template = None
    return fig


def _capture(monkeypatch: pytest.MonkeyPatch) -> tuple[list[go.Figure], list[dict[str, object]]]:
    """What `chart` hands to Streamlit: the figures drawn and the download buttons' options."""
    sent: list[go.Figure] = []
    downloads: list[dict[str, object]] = []
    monkeypatch.setattr(charts, "current_selection", lambda: SimpleNamespace(territory=None, period=None))
    monkeypatch.setattr(charts.st, "plotly_chart", lambda fig, **options: sent.append(fig))
    monkeypatch.setattr(charts.st, "download_button", lambda label, **options: downloads.append(options))
    return sent, downloads


def test_a_drawn_figure_is_sent_as_cached_and_its_png_draws_the_whole_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    tree = browser_tree(_figure("<b>Carte</b>"))
    sent, downloads = _capture(monkeypatch)
    rendered: list[go.Figure] = []
    charts.chart(DrawnFigure(tree), "test.map", render=lambda fig: rendered.append(fig) or b"png")
    assert sent[0].to_dict() is tree  # what Streamlit encodes: the cached tree, as it is
    assert str(downloads[0]["file_name"]).startswith("carte")
    assert downloads[0]["data"]() == b"png"  # drawn when clicked: the whole figure, not the title alone
    assert type(rendered[0]) is go.Figure and rendered[0].to_dict() == tree


def test_any_other_figure_is_sent_as_the_browser_draws_it(monkeypatch: pytest.MonkeyPatch) -> None:
    fig = _figure("<b>Synergies</b>")
    sent, downloads = _capture(monkeypatch)
    charts.chart(fig, "test.bars")
    assert sent[0].to_dict() == browser_tree(fig)  # no template, a data revision: drawn once (charts/browser.py)
    assert str(downloads[0]["file_name"]).startswith("synergies")
