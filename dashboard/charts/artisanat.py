"""Charts of the artisan observatory: sector breakdown, time series, commune map, comparison, ranking.

Statistical secrecy: every builder takes the masked tables of dashboard.artisanat.statistics (values + mask) and puts a
hidden cell in no trace (value, text, hover or custom data): it is drawn as "s" (a grey commune on the map, an
"s" label where a bar would be), never as a number or a zero.

The map is offline: an SVG `go.Choropleth` (see dashboard.charts.maps) over the communes' own boundaries
(dashboard.artisanat.statistics.commune_geojson), with no base layer and no tiles.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from dashboard.artisanat.formatting import (
    SIGNED,
    family_label,
    format_value,
    measure_label,
    shown_text,
)
from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import (
    FAMILIES,
    FAMILY_ROWS,
    RATIOS,
    TOTAL,
    KeyFigures,
    Masked,
)
from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext, apply_layout, fixed_title_room
from dashboard.charts.maps import geo_anchor, geo_view
from dashboard.codes import SectorFamily
from dashboard.geography.shapes import CommuneShapes
from dashboard.i18n import fmt_int, t, t_count

SECRET_COLOUR = "#D9D9D9"  # light grey: a masked commune, present but visibly without a value
NO_DATA_COLOUR = "#FFFFFF"  # a commune without a value (no population for a density, no previous year)
BOUNDARY_COLOUR = "#7F7F7F"  # commune borders, thin and neutral
# ColorBrewer sequential Blues (counts, rates) and diverging orange-blue (changes, balances): colour-blind safe.
SEQUENTIAL_SCALE = "Blues"
DIVERGING_SCALE = [[0.0, "#B35806"], [0.5, "#F7F7F7"], [1.0, "#2166AC"]]
FAMILY_COLOURS: dict[str, str] = {
    SectorFamily.ALIMENTATION: OKABE_ITO[1],
    SectorFamily.BATIMENT: OKABE_ITO[0],
    SectorFamily.FABRICATION: OKABE_ITO[2],
    SectorFamily.SERVICES: OKABE_ITO[5],
    TOTAL: OKABE_ITO[7],
}
RANKING_TOP = 15  # communes in the ranking chart: readable on one screen; the table lists them all
MAP_HEIGHT = 820  # tall enough for an EPCI's communes at a readable size


def _plot_value(measure: str, value: float) -> float:
    """Ratios are plotted in percent (axis in %), other measures as they are."""
    return value * 100 if measure in RATIOS or measure == "relative_1y" else value


AXIS_FORMAT = ",~f"  # "60 000", "12,5": French groups and decimals (plotly's default "60k" is not French)


def _axis_title(measure: str) -> str:
    suffix = " (%)" if measure in RATIOS or measure == "relative_1y" else ""
    return measure_label(measure) + suffix


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def _secret_note(fig: go.Figure, count: int) -> None:
    """A line under the plot saying how many cells are hidden, so that a screenshot explains its gaps."""
    if count:
        fig.add_annotation(
            text=t_count("artisanat.chart.secret_count", count, count=fmt_int(count)),
            showarrow=False,
            x=0,
            y=0,
            xref="paper",
            yref="paper",
            xanchor="left",
            yanchor="top",
            yshift=-30,
            font={"size": 12, "color": "#555555"},
        )


# ---------------------------------------------------------------------------------------------- figures
def family_breakdown_figure(key: KeyFigures, measure: str, context: ChartContext) -> go.Figure:
    """One horizontal bar per family for the year's value of `measure`; a hidden family shows "s", no bar."""
    fig = go.Figure()
    title = t("artisanat.chart.families.title", measure=measure_label(measure), year=key.year)
    if not key.has_data:
        return apply_layout(_empty(fig, t("artisanat.chart.no_data")), title, context)
    names, values, texts, colours = [], [], [], []
    for family in FAMILIES:
        hidden = bool(key.mask.loc[family, measure])
        value = key.current.loc[family, measure]
        names.append(family_label(family))
        values.append(None if hidden or pd.isna(value) else _plot_value(measure, float(value)))
        texts.append(shown_text(measure, None if hidden else float(value), hidden))
        colours.append(FAMILY_COLOURS[family])
    fig.add_bar(
        y=names,
        x=values,
        orientation="h",
        marker_color=colours,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        hovertemplate="%{y} : %{text}<extra></extra>",
        showlegend=False,
    )
    # A hidden family has no bar: its "s" is written at the axis, where the bar would start.
    for name, value, text in zip(names, values, texts, strict=True):
        if value is None and text == SECRET_MARK:
            fig.add_annotation(x=0, y=name, text=SECRET_MARK, showarrow=False, xanchor="left", font={"size": 16})
    fig.update_xaxes(
        title=_axis_title(measure), rangemode="tozero", gridcolor="#E5E5E5", automargin=True, tickformat=AXIS_FORMAT
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    _secret_note(fig, sum(text == SECRET_MARK for text in texts))
    return apply_layout(fig, title, context, height=380)


def time_series_figure(
    series: Masked, measure: str, context: ChartContext, families: Sequence[str] = FAMILY_ROWS
) -> go.Figure:
    """One line per family (and the total) over the years; a hidden year is a gap, marked "s" in the legend note."""
    fig = go.Figure()
    title = t("artisanat.chart.series.title", measure=measure_label(measure))
    frame, mask = series.values, series.mask
    if frame.empty:
        return apply_layout(_empty(fig, t("artisanat.chart.no_data")), title, context)
    hidden_points = 0
    for family in families:
        rows = frame.index[frame["sector_family"] == family]
        hidden = mask.loc[rows, measure].to_numpy(dtype=bool)
        raw = frame.loc[rows, measure].to_numpy(dtype=float)
        hidden_points += int(hidden.sum())
        values = [None if h or np.isnan(v) else _plot_value(measure, v) for v, h in zip(raw, hidden, strict=True)]
        texts = [shown_text(measure, None if h else v, h) for v, h in zip(raw, hidden, strict=True)]
        fig.add_scatter(
            x=[str(int(y)) for y in frame.loc[rows, "year"]],
            y=values,
            text=texts,
            name=family_label(family),
            mode="lines+markers",
            line={"color": FAMILY_COLOURS[family], "width": 4 if family == TOTAL else 2},
            hovertemplate="%{x} : %{text}<extra>" + family_label(family) + "</extra>",
        )
    fig.update_xaxes(type="category")
    fig.update_yaxes(
        title=_axis_title(measure), gridcolor="#E5E5E5", automargin=True, rangemode="tozero", tickformat=AXIS_FORMAT
    )
    _secret_note(fig, hidden_points)
    return apply_layout(fig, title, context, height=440)


def commune_map_figure(
    table: Masked, shapes: CommuneShapes, measure: str, context: ChartContext, *, year: int
) -> go.Figure:
    """Choropleth of `measure` per commune; hidden communes are grey with "s", communes without value white."""
    title = t("artisanat.chart.map.title", measure=measure_label(measure), year=year)
    values, mask = table.values, table.mask
    if values.empty or not shapes.drawn:
        return apply_layout(_empty(go.Figure(), t("artisanat.chart.no_data")), title, context, height=MAP_HEIGHT)
    fig = go.Figure(geo_anchor(shapes.bounds))
    hidden = mask[measure].to_numpy(dtype=bool)
    raw = values[measure].astype(float).to_numpy()
    shown = ~hidden & ~np.isnan(raw)
    missing = ~hidden & np.isnan(raw)
    names = values["name"].astype(str).to_numpy()
    ids = values["commune_id"].to_numpy()
    plotted = np.array([_plot_value(measure, v) for v in raw[shown]], dtype=float)
    if plotted.size:
        signed = measure in SIGNED
        bound = float(np.nanmax(np.abs(plotted))) if signed else None
        fig.add_trace(
            go.Choropleth(
                # The whole territory's GeoJSON (Plotly draws the listed communes alone): the browser keeps each
                # GeoJSON URL it has read for the tab's life (dashboard.charts.browser), so the values' trace of
                # every year, family and measure shares one; the grey ones below are a few communes each.
                geojson=shapes.geojson,
                locations=list(ids[shown]),
                z=list(plotted),
                text=[f"{n} : {format_value(measure, v)}" for n, v in zip(names[shown], raw[shown], strict=True)],
                hovertemplate="%{text}<extra></extra>",
                colorscale=DIVERGING_SCALE if signed else SEQUENTIAL_SCALE,
                zmid=0 if signed else None,
                zmin=-bound if signed and bound else None,
                zmax=bound if signed and bound else None,
                marker={"line": {"color": BOUNDARY_COLOUR, "width": 0.5}, "opacity": 0.9},
                colorbar={
                    "title": {"text": _axis_title(measure), "side": "top"},
                    "thickness": 14,
                    "len": 0.8,
                    "tickformat": AXIS_FORMAT,
                },
                name=measure_label(measure),
                showlegend=False,
            )
        )
    for selection, colour, key in ((hidden, SECRET_COLOUR, "artisanat.chart.map.secret"),
                                   (missing, NO_DATA_COLOUR, "artisanat.chart.map.no_value")):  # fmt: skip
        if not selection.any():
            continue
        mark = SECRET_MARK if colour == SECRET_COLOUR else "–"
        fig.add_trace(
            go.Choropleth(
                geojson=shapes.only(ids[selection]),
                locations=list(ids[selection]),
                z=[0] * int(selection.sum()),  # a constant: the colour says "no value shown"
                text=[f"{n} : {mark}" for n in names[selection]],
                hovertemplate="%{text}<extra></extra>",
                colorscale=[[0, colour], [1, colour]],
                showscale=False,
                marker={"line": {"color": BOUNDARY_COLOUR, "width": 0.5}, "opacity": 0.9},
                name=t(key),
                showlegend=True,
            )
        )
    fig.update_layout(geo=geo_view(shapes.bounds))
    fig = fixed_title_room(apply_layout(fig, title, context, height=MAP_HEIGHT))
    fig.update_layout(legend={"orientation": "h", "y": 0, "x": 0, "yanchor": "top"}, margin={"b": 60})
    return fig


def comparison_figure(comparison: Masked, measure: str, context: ChartContext, *, family: str = TOTAL) -> go.Figure:
    """One bar per territory (the territory first, then its references) for `measure`."""
    fig = go.Figure()
    title = t("artisanat.chart.comparison.title", measure=measure_label(measure), family=family_label(family))
    values, mask = comparison.values, comparison.mask
    if values.empty or values[measure].isna().all():
        return apply_layout(_empty(fig, t("artisanat.chart.no_data")), title, context)
    names = [str(n) for n in values["name"]]
    hidden = mask[measure].to_numpy(dtype=bool)
    raw = values[measure].astype(float).to_numpy()
    plotted = [None if h or np.isnan(v) else _plot_value(measure, v) for v, h in zip(raw, hidden, strict=True)]
    texts = [shown_text(measure, None if h else v, h) for v, h in zip(raw, hidden, strict=True)]
    colours = [OKABE_ITO[0]] + [NEUTRAL_GREY] * (len(names) - 1)  # the territory stands out from its references
    fig.add_bar(
        x=names,
        y=plotted,
        text=texts,
        textposition="outside",
        cliponaxis=False,
        marker_color=colours,
        hovertemplate="%{x} : %{text}<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(
        title=_axis_title(measure), rangemode="tozero", gridcolor="#E5E5E5", automargin=True, tickformat=AXIS_FORMAT
    )
    fig.update_xaxes(automargin=True)
    _secret_note(fig, int(hidden.sum()))
    return apply_layout(fig, title, context)


def ranking_frame(table: Masked, measure: str) -> pd.DataFrame:
    """Communes ordered by `measure`, highest first; hidden or missing values last (never ranked)."""
    values = table.values.assign(_hidden=table.mask[measure].to_numpy(dtype=bool))
    rankable = ~values["_hidden"] & values[measure].notna()
    ordered = pd.concat(
        [
            values[rankable].sort_values([measure, "name"], ascending=[False, True], kind="stable"),
            values[~rankable].sort_values("name", kind="stable"),
        ]
    )
    ordered["rank"] = [i + 1 if ok else None for i, ok in enumerate(rankable.loc[ordered.index])]
    return ordered.drop(columns="_hidden")


def ranking_figure(
    table: Masked, measure: str, context: ChartContext, *, year: int, top: int = RANKING_TOP
) -> go.Figure:
    """The `top` communes by `measure` (hidden values are never ranked: a rank would bound them)."""
    fig = go.Figure()
    title = t("artisanat.chart.ranking.title", measure=measure_label(measure), year=year, top=top)
    ordered = ranking_frame(table, measure)
    best = ordered[ordered["rank"].notna()].head(top)
    if best.empty:
        return apply_layout(_empty(fig, t("artisanat.chart.no_data")), title, context)
    raw = best[measure].astype(float).to_numpy()
    fig.add_bar(
        y=[str(n) for n in best["name"]],
        x=[_plot_value(measure, v) for v in raw],
        text=[format_value(measure, v) for v in raw],
        orientation="h",
        textposition="outside",
        cliponaxis=False,
        marker_color=OKABE_ITO[0],
        hovertemplate="%{y} : %{text}<extra></extra>",
        showlegend=False,
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(title=_axis_title(measure), gridcolor="#E5E5E5", automargin=True, tickformat=AXIS_FORMAT)
    hidden = int(table.mask[measure].sum())
    _secret_note(fig, hidden)
    return apply_layout(
        fig, title, context, height=max(420, 220 + 32 * len(best))
    )  # title block + one readable bar per commune
