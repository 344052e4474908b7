"""Indicator charts: trajectory styles, status colours with words, caption lines, French units."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd

from dashboard.charts import ChartContext
from dashboard.charts.indicators import (
    STATUS_COLOURS,
    achievement_figure,
    copil_style,
    fmt_value,
    pillar_radar,
    trajectory_figure,
)
from dashboard.codes import IndicatorAggregation, IndicatorDirection, Pillar, Realisation
from dashboard.eit.metrics import TargetValue
from dashboard.indicators.values import IndicatorDef, IndicatorResult, IndicatorValue, ProgressStatus

CONTEXT = ChartContext("CA Territoires Vendômois", "Année 2022", "test", dt.date(2022, 11, 30), is_demo=True)
DEFINITION = IndicatorDef(
    "companies_mobilised", "Entreprises mobilisées", "entreprises", 0, Pillar.ACTIVITES_RESULTATS,
    IndicatorDirection.HIGHER_BETTER, Realisation.COMPUTED, True, "définition", "règle", 0, None,
    IndicatorAggregation.DISTINCT,
)  # fmt: skip


def test_units_in_french() -> None:
    assert fmt_value(1, DEFINITION) == "1\u00a0entreprise"
    assert fmt_value(1234, DEFINITION) == "1\u202f234\u00a0entreprises"
    assert fmt_value(None, DEFINITION) == "non renseigné"


def test_trajectory_target_dotted_realised_solid_interpolated_hollow() -> None:
    frame = pd.DataFrame(
        {
            "year": [2019, 2020, 2021, 2022],
            "planned": [70.0, 80.0, 90.0, 100.0],
            "planned_kind": ["reference", "target", "interpolated", "target"],
            "realised": [75.0, 79.0, 87.0, 94.0],
            "realised_provenance": ["computed"] * 4,
        }
    )
    fig = trajectory_figure(frame, DEFINITION, CONTEXT, 2022)
    planned, realised = fig.data
    assert planned.line.dash == "dot" and realised.line.dash is None
    assert list(planned.marker.symbol) == ["diamond", "diamond", "circle-open", "diamond"]
    labels = [a for a in fig.layout.annotations if a.name == "point-label"]
    texts = [a.text for a in labels]
    assert "Objectif<br>100" in texts and "Référence<br>70" in texts
    assert fig.layout.shapes[0].x0 == 2022  # current-period marker
    # labels beside their point (shifted off the line, on a white ground): the higher of two same-year
    # points labelled above, the lower one below: 2019 realised 75 > reference 70
    side = {(a.x, a.text): "below" if a.yshift < 0 else "above" for a in labels}
    assert side[(2019, "Référence<br>70")] == "below" and side[(2019, "75")] == "above"
    assert side[(2022, "Objectif<br>100")] == "above" and side[(2022, "94")] == "below"
    assert all(a.bgcolor for a in labels)
    assert list(fig.layout.xaxis.ticktext) == ["2019", "2020", "2021", "2022"]  # whole years, never cut
    title = fig.layout.title.text
    assert "CA Territoires Vendômois" in title and "Année 2022" in title and "données au 30/11/2022" in title


def test_achievement_colours_and_words() -> None:
    target = TargetValue(
        "companies_mobilised", "target", 2022, 100.0, "programme", "EIT", "fiche", dt.date(2019, 6, 26)
    )  # type: ignore[arg-type]
    value = IndicatorValue("companies_mobilised", 94.0, "computed", "records", dt.date(2022, 12, 31))  # type: ignore[arg-type]
    late = IndicatorResult(DEFINITION, value, target, None, 0.94, 100.0, ProgressStatus.LATE)
    fig = achievement_figure([late], CONTEXT, "Objectifs")
    assert list(fig.data[0].marker.color) == [STATUS_COLOURS[ProgressStatus.LATE]]
    assert fig.data[0].text[0] == "94\u00a0% (94\u00a0entreprises) · En retard"
    big = copil_style(fig)
    assert big.layout.font.size == 26 and "font-size:18px" in big.layout.title.text


def test_radar_has_the_three_pillars() -> None:
    summary = pd.DataFrame(
        {"pillar": [p.value for p in Pillar], "achievement": [0.5, None, 1.0], "filled_share": [0.5, 0.2, 0.9],
         "with_target": [1, 0, 3], "indicators": [7, 5, 18]}
    )  # fmt: skip
    fig = pillar_radar(summary, CONTEXT)
    assert list(fig.data[1].theta) == ["Gouvernance", "Modèle économique", "Activités et résultats", "Gouvernance"]
    assert list(fig.data[1].r) == [50.0, 0.0, 100.0, 50.0]


def test_png_export_keeps_the_caption_and_size() -> None:
    import shutil
    import struct

    import pytest

    from dashboard.charts.indicators import PNG_SCALE, PNG_WIDTH, figure_png

    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium for kaleido")
    fig = copil_style(pillar_radar(
        pd.DataFrame({"pillar": [p.value for p in Pillar], "achievement": [0.5, None, 1.0],
                      "filled_share": [0.5, 0.2, 0.9], "with_target": [1, 0, 3], "indicators": [7, 5, 18]}),
        CONTEXT,
    ))  # fmt: skip
    png = figure_png(fig)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (PNG_WIDTH * PNG_SCALE, int(fig.layout.height) * PNG_SCALE)


def test_png_export_keeps_its_page_between_figures_without_carrying_a_figure_into_the_next() -> None:
    """The renderer's page is not reloaded after each figure (dashboard.charts.indicators, PNG export): a figure
    drawn after another, a map and an SVG, or after a failed figure gives the same bytes as the first time."""
    import shutil

    import plotly.graph_objects as go
    import pytest

    from dashboard.charts.indicators import _RENDERER, RELOAD_EVERY, figure_png, figure_svg

    if shutil.which("chromium") is None and not Path("/usr/bin/chromium").exists():
        pytest.skip("no Chromium for kaleido")
    radar = copil_style(pillar_radar(
        pd.DataFrame({"pillar": [p.value for p in Pillar], "achievement": [0.2, 0.7, None],
                      "filled_share": [0.9, 0.1, 0.4], "with_target": [2, 1, 0], "indicators": [3, 4, 5]}),
        CONTEXT,
    ))  # fmt: skip
    first = figure_png(radar)
    drawn = _RENDERER.drawn
    bars = go.Figure(go.Bar(x=["a", "b"], y=[3, 1]), layout={"title": {"text": "<b>Autre figure</b>"}})
    figure_png(bars)
    figure_svg(bars, width=800, height=400)
    shapes = {"type": "FeatureCollection", "features": [{"type": "Feature", "id": "41269", "properties": {},
              "geometry": {"type": "Polygon", "coordinates": [[[1.0, 47.7], [1.2, 47.7], [1.1, 47.9], [1.0, 47.7]]]}}]}  # fmt: skip
    figure_png(
        go.Figure(go.Choroplethmap(geojson=shapes, locations=["41269"], z=[4]), layout={"map": {"style": "white-bg"}})
    )
    with pytest.raises(ValueError, match="format"):
        _RENDERER.draw(bars, format="bmp")
    assert figure_png(radar) == first
    assert _RENDERER.drawn - drawn == 4 < RELOAD_EVERY  # the figures drawn since the first: no reload among them


def test_achievement_bar_drawn_to_its_real_share() -> None:
    target = TargetValue("jobs_created", "target", 2022, 1.0, "programme", "EIT", "fiche", dt.date(2019, 6, 26))  # type: ignore[arg-type]
    value = IndicatorValue("jobs_created", 3.0, "computed", "records", dt.date(2022, 12, 31))  # type: ignore[arg-type]
    met = IndicatorResult(DEFINITION, value, target, None, 3.0, None, ProgressStatus.MET)
    fig = achievement_figure([met], CONTEXT, "Objectifs", wrap=28)
    assert list(fig.data[0].x) == [300.0]  # the 300 % bar reaches 300 %, not 200 %
    assert fig.layout.xaxis.range[1] > 300
