"""Map builders: offline SVG maps, view fitted to the territory, French legends, colours, names only if allowed."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest

from dashboard.charts import TITLE_LINE_PX, TITLE_TOP_PX, ChartContext
from dashboard.charts.home import STATUS_COLOURS
from dashboard.charts.maps import (
    FLOW_FAMILY_COLOURS,
    FRANCE_BOUNDS,
    NO_FLOW_COLOUR,
    SECTOR_COLOURS,
    SELECTED_COLOUR,
    TYPE_COLOURS,
    ColourBy,
    commune_choropleth,
    companies_map,
    geo_view,
    proposals_map,
)
from dashboard.codes import FlowFamily, SectorFamily, SynergyStatus, SynergyType
from dashboard.eit.maps import LINK_COLUMNS, CommuneMeasure
from dashboard.geography.shapes import Bounds, CommuneShapes
from dashboard.i18n import PLOTLY_SEPARATORS
from tests.world.shapes import VENDOMOIS_SHAPES

CONTEXT = ChartContext("CA Territoires Vendômois", "Année 2022", "registre de test", dt.date(2022, 11, 30), True)
SHAPES = VENDOMOIS_SHAPES
COMPANIES = pd.DataFrame(
    [
        ("C1", "Cartonnerie Dupuis", "fabrication", "Vendôme", 1.05, 47.80, False, 3, "dechet", ("dechet", "energie")),
        ("C2", "Nettoyage Martin", "services", "Vendôme", 1.10, 47.78, False, 1, "energie", ("energie",)),
        ("C3", "Maçonnerie Berger", "batiment", "Saint-Ouen", 1.085, 47.845, True, 0, None, ()),
        ("C4", "Atelier Roux", "fabrication", "Saint-Ouen", 1.07, 47.84, False, 1_234, "dechet", ("dechet",)),
    ],
    columns=[
        "company_id",
        "name",
        "sector_family",
        "commune_name",
        "longitude",
        "latitude",
        "approximate_location",
        "flow_count",
        "main_flow_family",
        "flow_families",
    ],
)
LINKS = pd.DataFrame(
    [
        (
            "S1",
            "Carton en calage",
            "substitution",
            "realised",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C2",
            "Nettoyage Martin",
            1.10,
            47.78,
        ),
        (
            "S2",
            "Formation mutualisée",
            "mutualisation",
            "identified",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C2",
            "Nettoyage Martin",
            1.10,
            47.78,
        ),
        (
            "S2",
            "Formation mutualisée",
            "mutualisation",
            "identified",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C3",
            "Maçonnerie Berger",
            1.085,
            47.845,
        ),
    ],
    columns=LINK_COLUMNS,
)
NAMES = ("Cartonnerie Dupuis", "Nettoyage Martin", "Maçonnerie Berger", "Atelier Roux")


def _traces(fig, kind: str) -> list:
    """The traces of type `kind`, after the invisible anchor every map starts with."""
    assert _is_anchor(fig.data[0])
    return [trace for trace in fig.data[1:] if trace.type == kind]


def _is_anchor(trace) -> bool:
    return trace.type == "scattergeo" and trace.hoverinfo == "skip" and trace.marker.opacity == 0


def _assert_offline_view(fig, bounds: Bounds) -> None:
    """SVG geo map without plotly's base layers, fitted to `bounds` (with a margin) and nothing much wider."""
    geo = fig.layout.geo
    assert geo.visible is False and geo.projection.type == "mercator"
    west, east = geo.lonaxis.range
    south, north = geo.lataxis.range
    assert west < bounds.west and east > bounds.east and south < bounds.south and north > bounds.north
    assert east - west < 1.2 * (bounds.east - bounds.west) + 0.03
    assert not any(trace.type.endswith("map") for trace in fig.data)  # no MapLibre (WebGL) trace


def _hover_texts(fig) -> str:
    return "\n".join(str(text) for trace in fig.data for text in (trace.hovertext or ()) if text)


def test_companies_map_is_offline_fitted_and_titled() -> None:
    fig = companies_map(COMPANIES, SHAPES, LINKS, CONTEXT)
    _assert_offline_view(fig, SHAPES.bounds)
    assert fig.layout.separators == PLOTLY_SEPARATORS
    title = fig.layout.title.text
    for expected in ("Entreprises et synergies", "CA Territoires Vendômois", "Année 2022", "données au 30/11/2022"):
        assert expected in title
    (boundaries,) = _traces(fig, "choropleth")
    assert list(boundaries.locations) == ["commune:41269", "commune:41226"]
    assert list(boundaries.hovertext) == ["Vendôme", "Saint-Ouen"]


def test_a_map_title_block_has_room_of_its_own_without_a_second_draw() -> None:
    """No automargin (plotly.js would draw the map again once the title is measured): the top margin is the title
    block's own height, which grows with a line when a long territory name puts the period on a line of its own."""
    short = companies_map(COMPANIES, SHAPES, LINKS, CONTEXT)
    long_name = ChartContext("Communauté d'agglomération Territoires Vendômois", "Année 2022", "registre de test",
                             dt.date(2022, 11, 30), True)  # fmt: skip
    long = companies_map(COMPANIES, SHAPES, LINKS, long_name)
    for fig, lines in ((short, 4), (long, 5)):
        assert fig.layout.title.text.count("<br>") + 1 == lines
        assert fig.layout.title.automargin is False
        assert (fig.layout.title.yref, fig.layout.title.y, fig.layout.title.yanchor) == ("container", 1, "top")
        assert fig.layout.margin.t == TITLE_TOP_PX + lines * TITLE_LINE_PX
    assert long.layout.margin.t - short.layout.margin.t == TITLE_LINE_PX


def test_points_by_sector_family_with_french_legend() -> None:
    fig = companies_map(COMPANIES, SHAPES, LINKS, CONTEXT, show_links=False)
    points = _traces(fig, "scattergeo")
    assert [trace.name for trace in points] == ["Bâtiment (1)", "Fabrication (2)", "Services (1)"]
    fabrication = points[1]
    assert fabrication.marker.color == SECTOR_COLOURS[SectorFamily.FABRICATION]
    assert list(fabrication.lon) == [1.05, 1.07] and list(fabrication.lat) == [47.80, 47.84]
    assert fabrication.legendgrouptitle.text == "Entreprises par famille de secteur"
    hover = _hover_texts(fig)
    assert "1 234 flux enregistrés · famille principale : Déchets" in hover.replace("\u202f", " ").replace("\xa0", " ")
    assert "position approximative (centre de la commune)" in hover
    assert "aucun flux enregistré" in hover


def test_points_by_main_flow_family() -> None:
    fig = companies_map(COMPANIES, SHAPES, LINKS, CONTEXT, colour_by=ColourBy.FLOW_FAMILY, show_links=False)
    points = _traces(fig, "scattergeo")
    assert [trace.name for trace in points] == ["Déchets (2)", "Énergie (1)", "Aucun flux enregistré (1)"]
    assert [trace.marker.color for trace in points] == [
        FLOW_FAMILY_COLOURS[FlowFamily.DECHET],
        FLOW_FAMILY_COLOURS[FlowFamily.ENERGIE],
        NO_FLOW_COLOUR,
    ]
    assert len(set(FLOW_FAMILY_COLOURS.values())) == len(FlowFamily)  # one colour per family


def test_links_are_lines_between_both_ends_coloured_by_status() -> None:
    fig = companies_map(COMPANIES, SHAPES, LINKS, CONTEXT)
    lines = [trace for trace in _traces(fig, "scattergeo") if trace.mode == "lines"]
    assert [trace.name for trace in lines] == ["Identifiée (1)", "Réalisée (1)"]  # synergies, not segments
    identified, realised = lines
    assert identified.line.color == STATUS_COLOURS[SynergyStatus.IDENTIFIED]
    assert realised.line.color == STATUS_COLOURS[SynergyStatus.REALISED]
    assert list(realised.lon) == [1.05, 1.10, None] and list(realised.lat) == [47.80, 47.78, None]
    assert list(identified.lon) == [1.05, 1.10, None, 1.05, 1.085, None]
    assert "Cartonnerie Dupuis → Nettoyage Martin" in realised.hovertext[0]
    assert "Synergie de substitution · Réalisée" in realised.hovertext[0]


def test_no_company_name_when_names_are_not_allowed() -> None:
    shown = _hover_texts(companies_map(COMPANIES, SHAPES, LINKS, CONTEXT, show_names=True))
    assert all(name in shown for name in NAMES)
    for colour_by in ColourBy:
        hidden = _hover_texts(companies_map(COMPANIES, SHAPES, LINKS, CONTEXT, colour_by=colour_by, show_names=False))
        assert not any(name in hidden for name in NAMES)
        assert "Entreprise" in hidden and "Carton en calage" in hidden  # the synergy title stays


def test_commune_choropleth_values_and_french_hover() -> None:
    figures = pd.DataFrame(
        {
            "commune_id": ["commune:41226", "commune:41269", "commune:99999"],
            "name": ["Saint-Ouen", "Vendôme", "Sans contour"],
            "companies_mobilised": [1, 1_234, 5],
            "diagnostics": [0, 2, 0],
            "flows": [1, 4, 0],
            "companies": [1, 2, 0],
        }
    )
    fig = commune_choropleth(figures, SHAPES, CommuneMeasure.COMPANIES_MOBILISED, CONTEXT)
    (trace,) = _traces(fig, "choropleth")
    assert len(fig.data) == 2  # the anchor and the choropleth
    assert list(trace.locations) == ["commune:41226", "commune:41269"]  # a commune without boundary is not drawn
    assert list(trace.z) == [1, 1_234]
    assert trace.colorbar.title.text == "Entreprises mobilisées"
    assert trace.hovertext[1].replace("\u202f", " ") == "<b>Vendôme</b><br>1 234 : entreprises mobilisées"
    assert fig.layout.title.text.startswith("<b>Entreprises mobilisées par commune</b>")
    _assert_offline_view(fig, SHAPES.bounds)


def test_geo_view_shows_the_whole_box() -> None:
    bounds = Bounds(0.58, 47.60, 1.25, 47.96)  # about the Vendômois
    view = geo_view(bounds)
    assert view["lonaxis"]["range"] == pytest.approx([0.5465, 1.2835])
    assert view["lataxis"]["range"] == pytest.approx([47.582, 47.978])
    west, east = geo_view(Bounds(1.0, 47.0, 1.0, 47.0))["lonaxis"]["range"]
    assert east - west == pytest.approx(0.022)  # a single point: not zoomed in to the building level


def test_empty_territory_map_falls_back_to_france() -> None:
    empty = CommuneShapes({"type": "FeatureCollection", "features": []}, None, {})
    fig = companies_map(COMPANIES.iloc[0:0], empty, LINKS.iloc[0:0], CONTEXT)
    _assert_offline_view(fig, FRANCE_BOUNDS)  # metropolitan France, not the world


SEGMENTS = pd.DataFrame(
    [
        (
            "K1",
            "substitution",
            0.9,
            "Substitution : Carton vers Calage",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C2",
            "Nettoyage Martin",
            1.10,
            47.78,
        ),
        (
            "K2",
            "mutualisation",
            0.7,
            "Mutualisation : formation",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C2",
            "Nettoyage Martin",
            1.10,
            47.78,
        ),
        (
            "K2",
            "mutualisation",
            0.7,
            "Mutualisation : formation",
            "C1",
            "Cartonnerie Dupuis",
            1.05,
            47.80,
            "C3",
            "Maçonnerie Berger",
            1.085,
            47.845,
        ),
    ],
    columns=[
        "proposal_key",
        "synergy_type",
        "score",
        "title",
        "from_id",
        "from_name",
        "from_lon",
        "from_lat",
        "to_id",
        "to_name",
        "to_lon",
        "to_lat",
    ],
)


def test_proposals_map_types_and_selected_proposal() -> None:
    counts = {SynergyType.SUBSTITUTION: 1, SynergyType.MUTUALISATION: 1}
    fig = proposals_map(SEGMENTS, COMPANIES, SHAPES, CONTEXT, counts=counts, selected_key="K2")
    names = [trace.name for trace in fig.data[1:]]
    assert _is_anchor(fig.data[0]) and names == [
        "Communes",
        "Entreprises du territoire (4)",
        "Mutualisations (1)",
        "Substitutions (1)",
        "Piste sélectionnée",
    ]
    mutualisation, substitution, selected = fig.data[3:]
    assert substitution.line.color == TYPE_COLOURS[SynergyType.SUBSTITUTION]
    assert mutualisation.line.color == TYPE_COLOURS[SynergyType.MUTUALISATION]
    assert list(mutualisation.lon) == [1.05, 1.10, None, 1.05, 1.085, None]  # a star from the centre company
    assert selected.line.color == SELECTED_COLOUR and list(selected.lon) == list(mutualisation.lon)
    assert "score 90" in substitution.hovertext[0] and "score 70" in mutualisation.hovertext[0]
    hidden = _hover_texts(proposals_map(SEGMENTS, COMPANIES, SHAPES, CONTEXT, counts=counts, show_names=False))
    assert not any(name in hidden for name in NAMES)


def test_proposals_map_focus_zooms_on_the_selected_proposal() -> None:
    selected = SEGMENTS[SEGMENTS["proposal_key"] == "K1"]
    focus = Bounds(1.04, 47.77, 1.11, 47.81)
    fig = proposals_map(
        selected, COMPANIES, SHAPES, CONTEXT, counts={}, selected_key="K1", focus=focus, legend_below=True
    )
    assert [trace.name for trace in fig.data][-1] == "Piste sélectionnée"
    assert not any(trace.name.startswith("Substitutions") for trace in fig.data)  # no count: not drawn twice
    whole = proposals_map(selected, COMPANIES, SHAPES, CONTEXT, counts={}, selected_key="K1")
    _assert_offline_view(fig, focus)
    zoomed, wide = (figure.layout.geo.lonaxis.range for figure in (fig, whole))
    assert zoomed[1] - zoomed[0] < wide[1] - wide[0]
    assert fig.layout.legend.orientation == "h"


def test_choropleth_of_zeros_keeps_a_colour_range() -> None:
    zeros = pd.DataFrame(
        {
            "commune_id": ["commune:41226", "commune:41269"],
            "name": ["Saint-Ouen", "Vendôme"],
            "companies_mobilised": [0, 0],
            "diagnostics": [0, 0],
            "flows": [0, 0],
            "companies": [0, 0],
        }
    )
    (trace,) = _traces(commune_choropleth(zeros, SHAPES, CommuneMeasure.FLOWS, CONTEXT), "choropleth")
    assert (trace.zmin, trace.zmax) == (0, 1)  # a 0–0 range would leave every commune uncoloured
    assert trace.hovertext[0] == "<b>Saint-Ouen</b><br>0 : flux enregistrés"


def test_many_companies_are_grouped_by_place_under_a_payload_ceiling() -> None:
    """Beyond MAX_MAP_POINTS companies, one point per occupied cell (about 1 km) with its count: the figure
    stays small whatever the import, and every company is still counted."""
    from dashboard.charts.maps import MAX_MAP_POINTS, grouped_points

    count = MAX_MAP_POINTS * 4
    many = pd.DataFrame(
        {
            "company_id": [f"E-{i}" for i in range(count)],
            "name": [f"Entreprise {i}" for i in range(count)],
            "longitude": [1.02 + (i % 40) * 0.0025 for i in range(count)],  # 40 × 30 positions, 10 cells × 8
            "latitude": [47.75 + (i // 40 % 30) * 0.0025 for i in range(count)],
            "sector_family": ["services"] * count,
            "main_flow_family": [None] * count,
        }
    )
    cells = grouped_points(many)
    assert cells["count"].sum() == count and len(cells) < 100
    fig = companies_map(many, SHAPES, pd.DataFrame(columns=LINK_COLUMNS), CONTEXT)
    (points,) = [trace for trace in fig.data if trace.type == "scattergeo" and trace.mode == "markers"][1:]
    assert len(points.lon) == len(cells)
    assert all(
        re.search(r"^1 entreprise à cet endroit|^\d[\d\u202f]* entreprises à cet endroit", text)
        for text in points.hovertext
    )
    assert not any("Entreprise 1" in text for text in points.hovertext)  # no name: a cell holds many companies
    segments = pd.DataFrame(columns=proposal_segment_columns())
    background = proposals_map(segments, many, SHAPES, CONTEXT, counts={}).data[2]
    assert len(background.lon) == len(cells)
    few = many.head(MAX_MAP_POINTS)  # at the ceiling: one point per company, as before
    assert len(proposals_map(segments, few, SHAPES, CONTEXT, counts={}).data[2].lon) == MAX_MAP_POINTS


def proposal_segment_columns() -> list[str]:
    from dashboard.detection.preview import SEGMENT_COLUMNS

    return list(SEGMENT_COLUMNS)
