"""apply_layout: the title block every chart shares."""

from __future__ import annotations

import datetime as dt

import plotly.graph_objects as go

from dashboard.charts import ChartContext, apply_layout


def _title(territory: str, period: str) -> str:
    context = ChartContext(territory, period, "test", dt.date(2026, 10, 31))
    return apply_layout(go.Figure(), "Titre", context).layout.title.text


def test_short_place_stays_on_one_line() -> None:
    assert "<br>Vendôme · Année 2026<br>" in _title("Vendôme", "Année 2026")


def test_long_territory_name_puts_the_period_on_its_own_line() -> None:
    title = _title("Communauté d'agglomération Territoires Vendômois", "Année 2026")
    assert "<br>Communauté d'agglomération Territoires Vendômois<br>Année 2026<br>" in title


def test_the_look_is_written_out_without_a_template() -> None:
    """Whatever plotly.py's default template is (Streamlit's in the app, plotly's here), a chart carries none."""
    context = ChartContext("Vendôme", "Année 2026", "test", dt.date(2026, 10, 31))
    fig = go.Figure([go.Scatter(y=[1, 2]), go.Scatter(y=[2, 1], marker={"line": {"width": 2}})])
    tree = apply_layout(fig, "Titre", context).to_dict()
    assert "template" not in tree["layout"]
    # Streamlit's template drew scatter markers without an outline: so do they still, unless a chart asks for one
    assert [trace["marker"]["line"]["width"] for trace in tree["data"]] == [0, 2]
