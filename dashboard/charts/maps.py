"""Offline maps: Plotly's SVG geo traces over our own commune boundaries (no tile, no base layer, no internet).

- `companies_map`: commune boundaries underneath, synergy links as lines coloured by status, companies as
  points coloured by sector family or by main flow family.
- `commune_choropleth`: one figure per commune (companies mobilised, diagnostics, flows, companies).
- `proposals_map`: the detection preview: substitution pairs as lines, mutualisation groups as stars from
  their centre company, the selected proposal drawn on top.

Every builder takes `show_names`: when False, hover texts never name a company (COPIL screens).
The map view is fitted to the territory's box (`geo_view`), not to the traces: a synergy with a partner
outside the territory must not zoom the map out. Nothing is written on the map itself: every word is in the
title, the legend or the hover labels.

Why SVG (`go.Choropleth`, `go.Scattergeo`) and not MapLibre (`go.Choroplethmap`, `go.Scattermap`): without tiles
the two look alike, but MapLibre draws with WebGL, which Chromium runs in software on a machine without GPU. The
Carte page's companies map cost the browser 620-860 ms of CPU in MapLibre and 140-310 ms in SVG, the Détection
overview 590-810 ms and 110-200 ms (the trivial page: 180-280 ms), counted by Chromium (`SystemInfo`, as
benches/bench_pages_browser.py does); the canvas appears before MapLibre has drawn, so the page bench's wall time
under-counts MapLibre's work. The SVG maps keep zoom (scroll) and pan.

Every geo figure starts with `geo_anchor`, an invisible point: plotly.js decides whether to fetch its world
topojson from a CDN by looking at the first trace of the map only, and a choropleth first (even with our own
`geojson`) would make it fetch one: offline, the fetch fails and the map stays blank.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout, fixed_title_room
from dashboard.charts.home import STATUS_COLOURS, STATUS_ORDER
from dashboard.codes import FlowFamily, SectorFamily, SynergyStatus, SynergyType
from dashboard.eit.maps import CommuneMeasure
from dashboard.geography.shapes import Bounds, CommuneShapes
from dashboard.i18n import fmt_int, fmt_percent, label, t, t_count

MAP_HEIGHT = 640  # px: tall enough for an EPCI's communes to be told apart on a laptop screen
LEGEND_BELOW_PX = 60  # room for a two-line legend under a narrow map
FRANCE_BOUNDS = Bounds(west=-5.2, south=41.3, east=9.6, north=51.1)  # no boundary to fit to: metropolitan France
FIT_MARGIN = 0.05  # share of the box's span added on each side, so that the outer communes do not touch the edge
MIN_SPAN_DEGREES = 0.02  # a single commune or point must not zoom in to the building level
BOUNDARY_COLOUR = "#8C8C8C"  # commune outlines: present but quieter than the data
BOUNDARY_FILL = "#F4F4F4"  # a light grey land so that the white page and the territory differ
BOUNDARY_WIDTH = 0.8
POINT_SIZE = 10
POINT_OPACITY = 0.9
LINK_WIDTH = 2.5
LINK_OPACITY = 0.7  # overlapping links stay readable, points on top stay sharp
LEGEND_FONT_SIZE = 14  # the legend sits beside the map: a notch smaller than the base font
BACKGROUND_POINT_COLOUR = "#BDBDBD"  # companies behind the detection proposals
BACKGROUND_POINT_SIZE = 6
SELECTED_COLOUR = OKABE_ITO[7]  # black: the proposal under discussion stands out from both types
SELECTED_WIDTH = 5
CHOROPLETH_SCALE = "Blues"  # sequential, readable in greyscale; zero stays near white
# Colours of the sector families (Okabe–Ito, in the order of the codes).
SECTOR_COLOURS: dict[SectorFamily, str] = {family: OKABE_ITO[position] for position, family in enumerate(SectorFamily)}
# Nine flow families: the seven Okabe–Ito colours after black, then two of Paul Tol's muted palette
# (also colour-blind safe) for the last families.
FLOW_FAMILY_COLOURS: dict[FlowFamily, str] = dict(zip(FlowFamily, (*OKABE_ITO[:7], "#882255", "#44AA99"), strict=True))
NO_FLOW_COLOUR = NEUTRAL_GREY  # companies without a recorded flow
# Line width, marker size and opacity per proposal type: substitutions are short pairs drawn boldly; a
# mutualisation is a star of many thin spokes that must not hide them.
PROPOSAL_STYLES: dict[SynergyType, dict[str, float]] = {
    SynergyType.SUBSTITUTION: {"width": 3, "marker": 8, "opacity": 0.9},
    SynergyType.MUTUALISATION: {"width": 1, "marker": 6, "opacity": 0.5},
}
TYPE_COLOURS: dict[SynergyType, str] = {
    SynergyType.SUBSTITUTION: OKABE_ITO[0],
    SynergyType.MUTUALISATION: OKABE_ITO[1],
}


# Payload ceiling: beyond this many companies on one map, points are grouped by place (a grid cell of about
# 1 km) with their count in the hover. A region after a national import holds 100 000 companies: one point each
# sent 155 MB per map to the browser; grouped, a few thousand points at most (one per occupied cell).
MAX_MAP_POINTS = 3_000
GROUP_CELL_DEGREES = 0.01


def grouped_points(rows: pd.DataFrame) -> pd.DataFrame:
    """longitude, latitude (cell centre) and count of the companies of `rows`, one row per occupied cell."""
    cells = pd.DataFrame(
        {
            "longitude": (rows["longitude"] / GROUP_CELL_DEGREES).round() * GROUP_CELL_DEGREES,
            "latitude": (rows["latitude"] / GROUP_CELL_DEGREES).round() * GROUP_CELL_DEGREES,
        }
    )
    return cells.groupby(["longitude", "latitude"], sort=True).size().rename("count").reset_index()


def _points(rows: pd.DataFrame, grouped: bool, hover: Callable[[pd.DataFrame], list[str]]) -> dict[str, object]:
    """lon, lat, hovertext and marker sizes of company points: one per company, or one per cell when grouped."""
    if not grouped:
        return {"lon": rows["longitude"].tolist(), "lat": rows["latitude"].tolist(), "hovertext": hover(rows)}
    cells = grouped_points(rows)
    return {
        "lon": cells["longitude"].tolist(),
        "lat": cells["latitude"].tolist(),
        "hovertext": [t_count("map.hover.grouped", n, count=fmt_int(n)) for n in cells["count"]],
    }


class ColourBy(StrEnum):
    """What the company points are coloured by."""

    SECTOR = "sector"
    FLOW_FAMILY = "flow_family"


def _range(low: float, high: float) -> list[float]:
    span = max(high - low, MIN_SPAN_DEGREES)
    middle = (low + high) / 2
    return [middle - span * (0.5 + FIT_MARGIN), middle + span * (0.5 + FIT_MARGIN)]


def geo_view(bounds: Bounds | None) -> dict[str, object]:
    """The `geo` layout of an SVG map showing the whole box (France without one): Mercator, no base layer
    (the communes are our own traces), the plot area fitted to the box by plotly.js itself."""
    box = bounds or FRANCE_BOUNDS
    return {
        "visible": False,  # no coastline, country or land from plotly's topojson: our boundaries only
        "projection": {"type": "mercator"},
        "lonaxis": {"range": _range(box.west, box.east)},
        "lataxis": {"range": _range(box.south, box.north)},
        "bgcolor": "rgba(0,0,0,0)",
    }


def geo_anchor(bounds: Bounds | None) -> go.Scattergeo:
    """An invisible point at the box's centre, to put first in every geo figure (see the module docstring)."""
    box = bounds or FRANCE_BOUNDS
    return go.Scattergeo(
        lon=[(box.west + box.east) / 2],
        lat=[(box.south + box.north) / 2],
        mode="markers",
        marker={"size": 1, "opacity": 0},
        hoverinfo="skip",
        showlegend=False,
        name="",
    )


def _map_layout(
    fig: go.Figure,
    shapes: CommuneShapes,
    title: str,
    context: ChartContext,
    *,
    focus: Bounds | None = None,
    height: int = MAP_HEIGHT,
    legend_below: bool = False,
) -> go.Figure:
    """Title block, and the view fitted to `focus` (default: the territory's communes).

    The legend goes on the right, so that the map keeps the whole height; `legend_below` puts it under a
    narrow map instead (a half-width column has no room beside it)."""
    fixed_title_room(apply_layout(fig, title, context, height=height))
    if legend_below:
        legend = {"orientation": "h", "x": 0, "y": 0, "yanchor": "top"}
    else:
        legend = {"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"}
    fig.update_layout(
        geo=geo_view(focus or shapes.bounds),
        legend={**legend, "groupclick": "toggleitem", "font": {"size": LEGEND_FONT_SIZE}},
        margin={"l": 10, "r": 10, "b": LEGEND_BELOW_PX if legend_below else 10},
    )
    return fig


def boundary_trace(shapes: CommuneShapes, *, name: str | None = None) -> go.Choropleth:
    """The communes as light grey land with grey outlines; hovering a commune gives its name."""
    features = shapes.geojson["features"]
    return go.Choropleth(
        geojson=shapes.geojson,
        locations=[feature["id"] for feature in features],
        z=[0] * len(features),
        featureidkey="id",
        colorscale=[[0, BOUNDARY_FILL], [1, BOUNDARY_FILL]],
        showscale=False,
        marker={"line": {"color": BOUNDARY_COLOUR, "width": BOUNDARY_WIDTH}},
        hovertext=[feature["properties"]["name"] for feature in features],
        hoverinfo="text",
        name=name or t("map.legend.communes"),
        showlegend=False,
    )


def _line_coordinates(segments: pd.DataFrame, texts: Sequence[str]) -> tuple[list, list, list]:
    """lon, lat and hover text lists of many segments in one trace (None breaks the line between them)."""
    lon: list[float | None] = []
    lat: list[float | None] = []
    hover: list[str | None] = []
    for row, text in zip(segments.itertuples(index=False), texts, strict=True):
        lon += [row.from_lon, row.to_lon, None]
        lat += [row.from_lat, row.to_lat, None]
        hover += [text, text, None]
    return lon, lat, hover


def company_hover(row: object, show_names: bool) -> str:
    """Hover text of a company point: name (if allowed), sector, commune, flows."""
    lines = [f"<b>{row.name}</b>" if show_names else f"<b>{t('map.hover.company')}</b>"]  # type: ignore[attr-defined]
    lines.append(
        t(
            "map.hover.sector_commune",
            sector=label(SectorFamily(row.sector_family)),  # type: ignore[attr-defined]
            commune=row.commune_name,  # type: ignore[attr-defined]
        )
    )
    flows = int(row.flow_count)  # type: ignore[attr-defined]
    if flows:
        family = label(FlowFamily(row.main_flow_family))  # type: ignore[attr-defined]
        key = "map.hover.flows_plural" if flows >= 2 else "map.hover.flows"
        lines.append(t(key, count=fmt_int(flows), family=family))
    else:
        lines.append(t("map.hover.no_flow"))
    if row.approximate_location:  # type: ignore[attr-defined]
        lines.append(t("map.hover.approximate"))
    return "<br>".join(lines)


def link_hover(row: object, show_names: bool) -> str:
    """Hover text of a synergy link: title, type and status, and the two companies if names are allowed."""
    lines = [
        f"<b>{row.title}</b>",  # type: ignore[attr-defined]
        t(
            "map.hover.type_status",
            type=label(SynergyType(row.synergy_type)),  # type: ignore[attr-defined]
            status=label(SynergyStatus(row.status)),  # type: ignore[attr-defined]
        ),
    ]
    if show_names:
        lines.append(t("map.hover.between", a=row.from_name, b=row.to_name))  # type: ignore[attr-defined]
    return "<br>".join(lines)


def company_groups(companies: pd.DataFrame, colour_by: ColourBy) -> list[tuple[str, str, pd.DataFrame]]:
    """(legend label, colour, companies) per group, in code order; empty groups left out."""
    groups: list[tuple[str, str, pd.DataFrame]] = []
    if colour_by == ColourBy.SECTOR:
        for family, colour in SECTOR_COLOURS.items():
            groups.append((label(family), colour, companies[companies["sector_family"] == family.value]))
    else:
        for family, colour in FLOW_FAMILY_COLOURS.items():
            groups.append((label(family), colour, companies[companies["main_flow_family"] == family.value]))
        groups.append((t("map.legend.no_flow"), NO_FLOW_COLOUR, companies[companies["main_flow_family"].isna()]))
    return [(name, colour, rows) for name, colour, rows in groups if not rows.empty]


def companies_map(
    companies: pd.DataFrame,
    shapes: CommuneShapes,
    links: pd.DataFrame,
    context: ChartContext,
    *,
    colour_by: ColourBy = ColourBy.SECTOR,
    show_names: bool = True,
    show_links: bool = True,
) -> go.Figure:
    """Companies (`maps.map_companies`) over the commune boundaries, with synergy links (`maps.synergy_links`
    segments) coloured by status underneath the points."""
    fig = go.Figure(geo_anchor(shapes.bounds))
    fig.add_trace(boundary_trace(shapes))
    if show_links:
        for status in STATUS_ORDER:
            own = links[links["status"] == status.value]
            if own.empty:
                continue
            lon, lat, hover = _line_coordinates(own, [link_hover(row, show_names) for row in own.itertuples()])
            fig.add_trace(
                go.Scattergeo(
                    lon=lon,
                    lat=lat,
                    mode="lines",
                    line={"color": STATUS_COLOURS[status], "width": LINK_WIDTH},
                    opacity=LINK_OPACITY,
                    hovertext=hover,
                    hoverinfo="text",
                    name=t("map.legend.status", status=label(status), count=fmt_int(own["synergy_id"].nunique())),
                    legendgroup="links",
                    legendgrouptitle={"text": t("map.legend.links")},
                )
            )
    title_key = "map.legend.sectors" if colour_by == ColourBy.SECTOR else "map.legend.flow_families"
    grouped = len(companies) > MAX_MAP_POINTS
    for name, colour, rows in company_groups(companies, colour_by):
        fig.add_trace(
            go.Scattergeo(
                **_points(rows, grouped, lambda own: [company_hover(row, show_names) for row in own.itertuples()]),
                mode="markers",
                marker={"size": POINT_SIZE, "color": colour, "opacity": POINT_OPACITY},
                hoverinfo="text",
                name=t("map.legend.group", name=name, count=fmt_int(len(rows))),
                legendgroup="companies",
                legendgrouptitle={"text": t(title_key)},
            )
        )
    return _map_layout(fig, shapes, t("map.companies.title"), context)


def commune_choropleth(
    figures: pd.DataFrame, shapes: CommuneShapes, measure: CommuneMeasure, context: ChartContext
) -> go.Figure:
    """One commune figure (`maps.commune_figures` column `measure`) as a sequential choropleth."""
    drawn = {feature["id"] for feature in shapes.geojson["features"]}
    rows = figures[figures["commune_id"].isin(drawn)]
    values = rows[measure.value].astype(int)
    name = t(f"map.measure.{measure.value}")
    fig = go.Figure(geo_anchor(shapes.bounds))
    fig.add_trace(
        go.Choropleth(
            geojson=shapes.geojson,
            locations=rows["commune_id"].tolist(),
            z=values.tolist(),
            featureidkey="id",
            colorscale=CHOROPLETH_SCALE,
            zmin=0,
            zmax=max(int(values.max()) if len(values) else 0, 1),
            marker={"line": {"color": BOUNDARY_COLOUR, "width": BOUNDARY_WIDTH}, "opacity": 0.9},
            colorbar={"title": {"text": name, "side": "right"}, "tickformat": ",d", "thickness": 16},
            hovertext=[
                t("map.hover.commune_value", commune=commune, value=fmt_int(value), measure=name.lower())
                for commune, value in zip(rows["name"], values, strict=True)
            ],
            hoverinfo="text",
            name=name,
        )
    )
    title = t("map.choropleth.title", measure=name)
    return _map_layout(fig, shapes, title, context)


def proposal_hover(row: object, show_names: bool) -> str:
    lines = [
        f"<b>{row.title}</b>",  # type: ignore[attr-defined]
        t("map.hover.score", score=fmt_percent(row.score)),  # type: ignore[attr-defined]
    ]
    if show_names:
        lines.append(t("map.hover.between", a=row.from_name, b=row.to_name))  # type: ignore[attr-defined]
    return "<br>".join(lines)


def proposals_map(
    segments: pd.DataFrame,
    companies: pd.DataFrame,
    shapes: CommuneShapes,
    context: ChartContext,
    *,
    counts: Mapping[SynergyType, int],
    selected_key: str | None = None,
    show_names: bool = True,
    focus: Bounds | None = None,
    title: str | None = None,
    height: int = MAP_HEIGHT,
    legend_below: bool = False,
) -> go.Figure:
    """Detection preview: companies in grey, one line per substitution pair and a star per mutualisation
    group (`detection.preview.proposal_segments`), the selected proposal in black on top. `counts` are the
    proposals of each type on the map (the legend says how many; a type with no count is not drawn, so that a
    zoom on the selected proposal shows it alone). `focus` fits the view to a box instead of the territory."""
    fig = go.Figure(geo_anchor(shapes.bounds))
    fig.add_trace(boundary_trace(shapes))
    fig.add_trace(
        go.Scattergeo(
            **_points(
                companies,
                len(companies) > MAX_MAP_POINTS,
                lambda own: [f"<b>{name}</b>" if show_names else t("map.hover.company") for name in own["name"]],
            ),
            mode="markers",
            marker={"size": BACKGROUND_POINT_SIZE, "color": BACKGROUND_POINT_COLOUR},
            hoverinfo="text",
            name=t("map.legend.companies", count=fmt_int(len(companies))),
        )
    )
    # mutualisations first: their stars are large and would hide the short substitution lines
    for synergy_type in (SynergyType.MUTUALISATION, SynergyType.SUBSTITUTION):
        own = segments[segments["synergy_type"] == synergy_type.value]
        if own.empty or not counts.get(synergy_type):
            continue
        style = PROPOSAL_STYLES[synergy_type]
        lon, lat, hover = _line_coordinates(own, [proposal_hover(row, show_names) for row in own.itertuples()])
        fig.add_trace(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines+markers",
                line={"color": TYPE_COLOURS[synergy_type], "width": style["width"]},
                marker={"size": style["marker"], "color": TYPE_COLOURS[synergy_type]},
                hovertext=hover,
                hoverinfo="text",
                opacity=style["opacity"],
                name=t(f"map.legend.proposals.{synergy_type.value}", count=fmt_int(counts[synergy_type])),
            )
        )
    selected = segments[segments["proposal_key"] == selected_key] if selected_key else segments.iloc[0:0]
    if not selected.empty:
        lon, lat, hover = _line_coordinates(
            selected, [proposal_hover(row, show_names) for row in selected.itertuples()]
        )
        fig.add_trace(
            go.Scattergeo(
                lon=lon,
                lat=lat,
                mode="lines+markers",
                line={"color": SELECTED_COLOUR, "width": SELECTED_WIDTH},
                marker={"size": 12, "color": SELECTED_COLOUR},
                hovertext=hover,
                hoverinfo="text",
                name=t("map.legend.selected"),
            )
        )
    return _map_layout(
        fig,
        shapes,
        title or t("map.proposals.title"),
        context,
        focus=focus,
        height=height,
        legend_below=legend_below,
    )
