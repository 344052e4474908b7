"""Artisan observatory chart builders and export tables on the frozen dataset of tests/test_artisanat.py.

Hand values (2024): Saint-Ouen has 2 food, 8 building, 0 manufacturing and 4 service establishments (14); Vendôme
has 20 food establishments; with the usual threshold 3, Saint-Ouen's 2 food establishments are secret, its 4
services are the complement that protects them, and both communes' food figures of the EPCI are hidden (with two
communes, one shown cell and the EPCI total would give the other back).
"""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest

from dashboard.artisanat import statistics as a
from dashboard.artisanat.formatting import format_value
from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import MEASURES, TOTAL, Figure, Indicator
from dashboard.artisanat.tables import export_header, export_table, screen_table, table_bytes
from dashboard.charts import ChartContext
from dashboard.charts.artisanat import (
    SECRET_COLOUR,
    commune_map_figure,
    comparison_figure,
    family_breakdown_figure,
    ranking_figure,
    ranking_frame,
    time_series_figure,
)
from dashboard.charts.browser import browser_tree
from dashboard.db import Database
from dashboard.geography.shapes import commune_shapes
from dashboard.i18n import PLOTLY_SEPARATORS
from tests.world.build import SAINT_OUEN, VENDOME, VENDOMOIS

CONTEXT = ChartContext("CA Territoires Vendômois", "2024", "CMA (test)", dt.date(2025, 1, 31))
COMMUNE_LABELS = {"code": "Code INSEE", "name": "Commune"}


@pytest.fixture(scope="module")
def stats_db(world_db_path: Path) -> Iterator[Database]:
    """The test world, whose artisan statistics are listed in tests/world/build.py (README.md §5): opened read only
    once for the module's 250 cases, which draw charts and never write (a copy per case cost most of their time)."""
    db = Database(world_db_path, read_only=True)
    yield db
    db.close()


def trace_payload(fig) -> str:
    """Everything a figure carries that a reader could see or extract (values, texts, hovers, custom data)."""
    spec = json.loads(fig.to_json())
    return json.dumps([{k: v for k, v in trace.items() if k not in ("geojson",)} for trace in spec["data"]])


def test_french_formats():
    assert format_value(Figure.ESTABLISHMENTS, 1289.0) == "1\u202f289"
    assert format_value(Indicator.CREATION_RATE, 0.0967) == "9,7\u00a0%"
    assert format_value(Indicator.DENSITY, 238.27) == "238,3"
    assert format_value(Indicator.NET_BALANCE, -5.0) == "\u22125"
    assert format_value("relative_1y", 0.019) == "+1,9\u00a0%"
    assert format_value(Figure.ESTABLISHMENTS, float("nan")) == "–"


def test_family_breakdown_hides_secret_families(stats_db):
    key = a.key_figures(stats_db, SAINT_OUEN, 2024)
    fig = family_breakdown_figure(key, Figure.ESTABLISHMENTS, CONTEXT)
    (bars,) = fig.data
    assert list(bars.y) == ["Alimentation", "Bâtiment", "Fabrication", "Services"]
    assert list(bars.x) == [None, 8, 0, None]  # the 2 food and 4 service establishments are not drawn
    assert list(bars.text) == [SECRET_MARK, "8", "0", SECRET_MARK]
    assert [ann.text for ann in fig.layout.annotations].count(SECRET_MARK) == 2
    assert fig.layout.separators == PLOTLY_SEPARATORS
    assert "CA Territoires Vendômois" in fig.layout.title.text and "données au 31/01/2025" in fig.layout.title.text


def test_family_breakdown_without_secrecy_shows_every_family(stats_db):
    key = a.key_figures(stats_db, SAINT_OUEN, 2024, threshold=1)
    (bars,) = family_breakdown_figure(key, Figure.ESTABLISHMENTS, CONTEXT).data
    assert list(bars.x) == [2, 8, 0, 4]


def test_family_breakdown_of_a_rate_is_in_percent(stats_db):
    key = a.key_figures(stats_db, VENDOME, 2024, threshold=None)
    (bars,) = family_breakdown_figure(key, Indicator.CREATION_RATE, CONTEXT).data
    assert bars.x[0] == pytest.approx(3 / 20 * 100)
    assert bars.text[0] == "15,0\u00a0%"


def test_time_series_leaves_secret_years_out(stats_db):
    series = a.time_series(stats_db, SAINT_OUEN)
    fig = time_series_figure(series, Figure.ESTABLISHMENTS, CONTEXT)
    food = next(trace for trace in fig.data if trace.name == "Alimentation")
    building = next(trace for trace in fig.data if trace.name == "Bâtiment")
    assert list(food.x) == ["2019", "2023", "2024"]
    assert list(food.y) == [0, None, None]  # 1 in 2023 and 2 in 2024 are secret
    assert list(food.text) == ["0", SECRET_MARK, SECRET_MARK]
    assert list(building.y) == [7, 8, 8]
    assert len(fig.data) == 5  # four families and the total


def test_commune_map_draws_secret_communes_grey_without_their_value(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024, family="alimentation")
    geojson = commune_shapes(stats_db, VENDOMOIS)
    assert {f["id"] for f in geojson.geojson["features"]} == {SAINT_OUEN, VENDOME}
    fig = commune_map_figure(table, geojson, Figure.ESTABLISHMENTS, CONTEXT, year=2024)
    # both food cells are hidden: no value trace at all, one grey trace with "s"
    anchor, secret = fig.data  # the invisible anchor (dashboard.charts.maps.geo_anchor) and one grey trace
    assert anchor.type == "scattergeo" and anchor.hoverinfo == "skip"
    assert set(secret.locations) == {SAINT_OUEN, VENDOME}
    assert set(secret.z) == {0}
    assert secret.colorscale[0][1] == SECRET_COLOUR
    assert all(text.endswith(f": {SECRET_MARK}") for text in secret.text)
    assert secret.type == "choropleth" and fig.layout.geo.visible is False  # SVG, no base layer, no tile server


def test_commune_map_of_shown_values(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024)
    fig = commune_map_figure(table, commune_shapes(stats_db, VENDOMOIS), Figure.ESTABLISHMENTS, CONTEXT, year=2024)
    (values,) = fig.data[1:]  # no commune is hidden for all families together
    assert dict(zip(values.locations, values.z, strict=True)) == {SAINT_OUEN: 14, VENDOME: 92}
    creations = commune_map_figure(table, commune_shapes(stats_db, VENDOMOIS), Figure.CREATIONS, CONTEXT, year=2024)
    assert [trace.name for trace in creations.data[1:]] == [
        "« s » : secret statistique"
    ]  # 2 in Saint-Ouen: both hidden


def test_the_values_trace_carries_the_territory_s_shapes_and_the_grey_ones_their_own(stats_db):
    """The browser keeps every GeoJSON it has read for the tab's life (dashboard.charts.browser): the values' trace
    of every view carries the same one (the territory's), the grey traces only their few communes."""
    shapes = commune_shapes(stats_db, VENDOMOIS)
    fig = commune_map_figure(a.commune_table(stats_db, VENDOMOIS, 2024), shapes, Figure.CREATIONS, CONTEXT, year=2024)
    mixed = commune_map_figure(
        a.commune_table(stats_db, VENDOMOIS, 2024, family="fabrication"), shapes, Figure.ESTABLISHMENTS, CONTEXT,
        year=2024,
    )  # fmt: skip
    assert len(mixed.data) == 3  # the anchor, then one commune shown, the other hidden: two traces
    for figure in (fig, mixed):
        assert figure.data[1].geojson == shapes.geojson  # the values, drawn for their own locations only
        for trace in figure.data[2:]:
            assert sorted(f["id"] for f in trace.geojson["features"]) == sorted(trace.locations)
    assert browser_tree(fig)["data"][1]["geojson"] == browser_tree(mixed)["data"][1]["geojson"]  # one URL


@pytest.mark.parametrize("family", ["alimentation", "batiment", "fabrication", "services", TOTAL])
@pytest.mark.parametrize("measure", MEASURES)
def test_no_hidden_value_reaches_a_map_or_ranking_trace(stats_db, family, measure):
    table = a.commune_table(stats_db, VENDOMOIS, 2024, family=family)
    geojson = commune_shapes(stats_db, VENDOMOIS)
    hidden = table.values[table.mask[measure].to_numpy()]
    fig = commune_map_figure(table, geojson, measure, CONTEXT, year=2024)
    ranking = ranking_figure(table, measure, CONTEXT, year=2024)
    value_traces = [trace for trace in fig.data[1:] if trace.showscale is not False]
    for _, row in hidden.iterrows():
        for trace in value_traces:
            assert row["commune_id"] not in trace.locations
        assert row["name"] not in (ranking.data[0].y if ranking.data else ())
        shown_texts = [text for trace in fig.data[1:] for text in trace.text if text.startswith(row["name"] + " :")]
        assert shown_texts == [f"{row['name']} : {SECRET_MARK}"]
    ordered = ranking_frame(table, measure)
    assert ordered.loc[table.mask[measure].to_numpy()[ordered.index], "rank"].isna().all()


def test_comparison_bars_hide_secret_territories(stats_db):
    comparison = a.comparison(stats_db, [SAINT_OUEN, VENDOMOIS, "departement:41"], 2024, family="batiment")
    fig = comparison_figure(comparison, Figure.ESTABLISHMENTS, CONTEXT, family="batiment")
    (bars,) = fig.data
    assert list(bars.x) == ["Saint-Ouen", "CA Territoires Vendômois", "Loir-et-Cher"]
    assert list(bars.y) == [8, 43, 43]
    food = a.comparison(stats_db, [SAINT_OUEN, VENDOMOIS], 2024, family="alimentation")
    (food_bars,) = comparison_figure(food, Figure.ESTABLISHMENTS, CONTEXT, family="alimentation").data
    assert list(food_bars.y) == [None, None] and list(food_bars.text) == [SECRET_MARK, SECRET_MARK]
    assert "22" not in trace_payload(comparison_figure(food, Figure.ESTABLISHMENTS, CONTEXT))


def test_ranking_orders_shown_communes(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024)
    ordered = ranking_frame(table, Figure.ESTABLISHMENTS)
    assert list(ordered["name"]) == ["Vendôme", "Saint-Ouen"] and list(ordered["rank"]) == [1, 2]
    fig = ranking_figure(table, Figure.ESTABLISHMENTS, CONTEXT, year=2024)
    assert list(fig.data[0].x) == [92, 14]


def test_empty_figures_say_there_is_no_data(geo_db):
    key = a.key_figures(geo_db, VENDOMOIS, 2024)
    fig = family_breakdown_figure(key, Figure.ESTABLISHMENTS, CONTEXT)
    assert not fig.data and "Aucune donnée" in fig.layout.annotations[0].text
    series = a.time_series(geo_db, VENDOMOIS)
    assert not time_series_figure(series, Figure.ESTABLISHMENTS, CONTEXT).data


# ---------------------------------------------------------------------------------------------- exports
def test_screen_and_export_tables_write_s_in_hidden_cells(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024, family="alimentation")
    screen = screen_table(table, [Figure.ESTABLISHMENTS, Indicator.CREATION_RATE], COMMUNE_LABELS)
    assert list(screen.columns) == ["Code INSEE", "Commune", "Établissements", "Taux d'immatriculation"]
    assert list(screen["Établissements"]) == [SECRET_MARK, SECRET_MARK]
    export = export_table(table, MEASURES, COMMUNE_LABELS)
    assert export_header(Indicator.CREATION_RATE) == "Taux d'immatriculation (%)"
    for measure in MEASURES:
        hidden = table.mask[measure].to_numpy()
        assert (export.loc[hidden, export_header(measure)] == SECRET_MARK).all(), measure


def test_csv_and_xlsx_exports_never_hold_a_hidden_value(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024)
    export = export_table(table, MEASURES, COMMUNE_LABELS)
    csv = pd.read_csv(io.BytesIO(table_bytes(export, "csv", "communes")), sep=";", dtype=str, encoding="utf-8-sig")
    xlsx = pd.read_excel(io.BytesIO(table_bytes(export, "xlsx", "communes")), dtype=object)
    for frame in (csv, xlsx):
        assert list(frame.columns) == list(export.columns)
        for measure in MEASURES:
            column = export_header(measure)
            hidden = table.mask[measure].to_numpy()
            assert (frame.loc[hidden, column] == SECRET_MARK).all(), measure
            assert not (frame.loc[~hidden, column].astype(str) == SECRET_MARK).any(), measure
    # shown cells, the French way in CSV: Vendôme's creation rate 13/92 = 14,1 %
    assert csv.loc[1, "Taux d'immatriculation (%)"] == SECRET_MARK  # creations are secret in Saint-Ouen, so here too
    assert csv.loc[1, "Établissements"] == "92" and csv.loc[1, "Densité artisanale (pour 10 000 habitants)"] == "58"
    assert xlsx.loc[1, "Établissements"] == 92


def test_screen_table_formats_populations_the_french_way(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024)
    screen = screen_table(table, [Figure.ESTABLISHMENTS], {"name": "Commune", "population": "Population"})
    assert list(screen["Population"]) == ["3\u202f304", "15\u202f857"]
