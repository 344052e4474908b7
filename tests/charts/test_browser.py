"""The tree sent to the browser: no template, a data revision, GeoJSON as a data URL — and the figure looks the
same (PNG pixels compared)."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json

import plotly.graph_objects as go
import pytest
from PIL import Image, ImageChops

from dashboard.charts import ChartContext, apply_layout
from dashboard.charts.browser import GEOJSON_URL_PREFIX, browser_tree
from dashboard.charts.maps import boundary_trace, geo_anchor, geo_view
from tests.world.shapes import VENDOMOIS_SHAPES

CONTEXT = ChartContext("CA Territoires Vendômois", "Année 2026", "registre de test", dt.date(2026, 10, 31), True)
SHAPES = VENDOMOIS_SHAPES


def _bars() -> go.Figure:
    fig = go.Figure([go.Bar(x=["a", "b"], y=[1, 2]), go.Bar(x=["a", "b"], y=[2, 1])])
    fig.add_annotation(text="note", x="a", y=1)
    return apply_layout(fig, "Barres", CONTEXT)


def _map() -> go.Figure:
    fig = go.Figure([geo_anchor(SHAPES.bounds), boundary_trace(SHAPES)], layout={"geo": geo_view(SHAPES.bounds)})
    return apply_layout(fig, "Carte", CONTEXT)


def test_a_figure_with_a_template_is_refused() -> None:
    with pytest.raises(ValueError, match="template"):
        browser_tree(go.Figure(go.Bar(y=[1]), layout={"template": "plotly"}))
    assert "template" not in browser_tree(_bars())["layout"]


def test_the_data_revision_follows_the_figure() -> None:
    first, again = browser_tree(_bars()), browser_tree(_bars())
    assert first["layout"]["datarevision"] == again["layout"]["datarevision"]
    other_data = _bars().update_traces(y=[5, 6], selector=0)
    other_layout = _bars().update_layout(xaxis={"tickvals": ["a"]})
    revisions = {browser_tree(fig)["layout"]["datarevision"] for fig in (other_data, other_layout)}
    assert len(revisions | {first["layout"]["datarevision"]}) == 3


def test_geojson_is_sent_as_a_data_url_of_the_same_object() -> None:
    url = browser_tree(_map())["data"][1]["geojson"]
    assert url.startswith(GEOJSON_URL_PREFIX)
    assert json.loads(base64.b64decode(url.removeprefix(GEOJSON_URL_PREFIX))) == SHAPES.geojson


def _pixels(fig: go.Figure) -> Image.Image:
    from dashboard.charts.indicators import figure_png

    return Image.open(io.BytesIO(figure_png(fig))).convert("RGB")


def test_a_figure_looks_the_same_once_made_ready_for_the_browser() -> None:
    """Drawn by Chromium: the revision changes nothing, and the commune read from its data URL is drawn alike."""
    for fig in (_bars().add_vline(x="a"), _map()):
        ready = go.Figure(browser_tree(fig))
        ready.layout.template = None  # plotly.py would add its default one back
        assert ImageChops.difference(_pixels(fig), _pixels(ready)).getbbox() is None, fig.layout.title.text
