"""Charts of the synergies and registers pages: pipeline funnel, synergy types per year, impacts by basis,
and the Sankey of the territory's flows (incoming categories → companies → outgoing categories)."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, TITLE_PAD_BOTTOM, ChartContext, apply_layout, fixed_title_room
from dashboard.charts.home import STATUS_COLOURS
from dashboard.codes import FlowFamily, ImpactKind, SynergyType, ValueBasis
from dashboard.eit.synergies import Funnel
from dashboard.i18n import fmt_int, fmt_number, fmt_percent, label, t

TYPE_COLOURS: dict[SynergyType, str] = {
    SynergyType.SUBSTITUTION: OKABE_ITO[0],  # blue
    SynergyType.MUTUALISATION: OKABE_ITO[1],  # orange
}
# Declared, computed, estimated: from the most to the least certain, dark to light (readable in greyscale).
BASIS_COLOURS: dict[ValueBasis, str] = {
    ValueBasis.DECLARED: OKABE_ITO[0],
    ValueBasis.COMPUTED: OKABE_ITO[2],
    ValueBasis.ESTIMATED: OKABE_ITO[4],
}
FAMILY_COLOURS: dict[FlowFamily, str] = {
    family: colour for family, colour in zip(FlowFamily, (*OKABE_ITO[:7], "#999933", "#882255"), strict=True)
}
SANKEY_MAX_CATEGORIES = 10  # per side: more nodes than this make the labels overlap on a laptop screen
SANKEY_LABEL_CHARS = 34  # longer category names are cut (full name on hover) so both sides stay readable
BASIS_TEXT_MIN_SHARE = 0.15  # no percentage written inside a slice thinner than this (it would be rotated)
# White text on the dark bars, near-black on the light ones (sky blue, orange): contrast in both cases.
DARK_TEXT, LIGHT_TEXT = "#1A1A1A", "#FFFFFF"
SANKEY_HEIGHT = 620  # ten labelled nodes per side with their values
FUNNEL_HEIGHT = 460


def _empty(fig: go.Figure, message: str) -> go.Figure:
    fig.add_annotation(text=message, showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper", font={"size": 18})
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return fig


def funnel_figure(funnel: Funnel, context: ChartContext) -> go.Figure:
    """Horizontal funnel: synergies that reached each stage, with the conversion from the previous stage."""
    fig = go.Figure()
    title = t("synergies.chart.funnel.title")
    if funnel.total == 0:
        return apply_layout(_empty(fig, t("synergies.chart.none")), title, context, height=FUNNEL_HEIGHT)
    texts = []
    previous = None
    for step in funnel.steps:
        if previous is None or previous.conversion_to_next is None:
            texts.append(fmt_int(step.reached))
        else:
            texts.append(
                t(
                    "synergies.chart.funnel.text",
                    count=fmt_int(step.reached),
                    rate=fmt_percent(previous.conversion_to_next),
                )
            )
        previous = step
    fig.add_trace(
        go.Funnel(
            y=[label(step.stage) for step in funnel.steps],
            x=[step.reached for step in funnel.steps],
            text=texts,
            textinfo="text",
            textposition="inside",
            insidetextfont={
                "color": [
                    LIGHT_TEXT if STATUS_COLOURS[step.stage] in (OKABE_ITO[0], OKABE_ITO[2]) else DARK_TEXT
                    for step in funnel.steps
                ],
                "size": 17,
            },
            marker={"color": [STATUS_COLOURS[step.stage] for step in funnel.steps]},
            connector={"fillcolor": "#EEEEEE"},
            hovertemplate="%{y} : %{x:,d}<extra></extra>",
        )
    )
    fig.update_yaxes(automargin=True)
    fig = apply_layout(fig, title, context, height=FUNNEL_HEIGHT)
    fig.add_annotation(
        text=t("synergies.chart.funnel.note", abandoned=fmt_int(funnel.abandoned)),
        showarrow=False,
        x=0,
        y=-0.08,
        xref="paper",
        yref="paper",
        xanchor="left",
        font={"size": 13, "color": NEUTRAL_GREY},
    )
    return fig


def types_per_year_figure(per_year: pd.DataFrame, measure: str, context: ChartContext) -> go.Figure:
    """Bars per year, one colour per synergy type; `measure` is 'identified' or 'realised'."""
    fig = go.Figure()
    title = t(f"synergies.chart.per_year.{measure}")
    if per_year.empty or int(per_year[measure].sum()) == 0:
        return apply_layout(_empty(fig, t("synergies.chart.none")), title, context)
    for kind in SynergyType:
        own = per_year[per_year["synergy_type"] == kind.value]
        fig.add_bar(
            x=own["year"].astype(str),
            y=own[measure],
            name=label(kind),
            marker_color=TYPE_COLOURS[kind],
            text=[fmt_int(v) if v else "" for v in own[measure]],
            textposition="inside",
            hovertemplate=f"{label(kind)}<br>%{{x}} : %{{y:,d}}<extra></extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(type="category")
    top = int(per_year.groupby("year")[measure].sum().max())
    fig.update_yaxes(rangemode="tozero", gridcolor="#E5E5E5", tickformat=",d", dtick=1 if top <= 5 else None)
    return apply_layout(fig, title, context)


def impact_basis_figure(totals: pd.DataFrame, context: ChartContext) -> go.Figure:
    """For each impact kind with a value: the share of its total that is declared, computed, estimated."""
    fig = go.Figure()
    title = t("synergies.chart.basis.title")
    shown = totals[totals["value"] > 0]
    if shown.empty:
        return apply_layout(_empty(fig, t("synergies.chart.no_impact")), title, context)
    names = [t(f"synergies.impact.short.{kind}") for kind in shown["impact_kind"]]
    for basis in ValueBasis:
        shares = (shown[basis.value] / shown["value"]).tolist()
        fig.add_bar(
            y=names,
            x=[100 * share for share in shares],
            orientation="h",
            name=label(basis),
            marker_color=BASIS_COLOURS[basis],
            text=[fmt_percent(share) if share >= BASIS_TEXT_MIN_SHARE else "" for share in shares],
            textposition="inside",
            textangle=0,
            customdata=[fmt_number(v, 1) for v in shown[basis.value]],
            hovertemplate=f"{label(basis)} : %{{customdata}} (%{{x:.0f}}\u00a0%)<extra>%{{y}}</extra>",
        )
    fig.update_layout(barmode="stack", legend_traceorder="normal")
    fig.update_xaxes(range=[0, 100], ticksuffix="\u00a0%", tickformat=",d", gridcolor="#E5E5E5")
    fig.update_yaxes(autorange="reversed", automargin=True)
    return apply_layout(fig, title, context, height=200 + 48 * len(shown))


def _top_categories(side: pd.DataFrame, measure: str) -> pd.DataFrame:
    """The SANKEY_MAX_CATEGORIES largest categories of one direction, the rest merged into one node."""
    side = side[side[measure] > 0].sort_values([measure, "category"], ascending=[False, True])
    if len(side) <= SANKEY_MAX_CATEGORIES:
        return side
    head = side.iloc[: SANKEY_MAX_CATEGORIES - 1]
    rest = side.iloc[SANKEY_MAX_CATEGORIES - 1 :]
    other = pd.DataFrame(
        [
            {
                "category_code": "_other",
                "category": t("flows.sankey.other", count=fmt_int(len(rest))),
                "family": None,
                measure: rest[measure].sum(),
            }
        ]
    )
    return pd.concat([head, other], ignore_index=True)


def flow_sankey_figure(totals: pd.DataFrame, measure: str, context: ChartContext) -> go.Figure:
    """Sankey of the territory's flows: incoming categories (left) → the companies (centre) → outgoing
    categories (right). `totals` are `registers.flow_totals` rows; `measure` is 'flow_count' (every flow) or
    'tonnes_per_year' (mass flows only). Nodes are coloured by flow family."""
    fig = go.Figure()
    title = t(f"flows.sankey.title.{measure}")
    if totals.empty or float(totals[measure].sum()) == 0:
        return apply_layout(_empty(fig, t("flows.sankey.none")), title, context, height=SANKEY_HEIGHT)
    incoming = _top_categories(totals[totals["direction"] == "in"], measure)
    outgoing = _top_categories(totals[totals["direction"] == "out"], measure)

    def value_text(value: float) -> str:
        return fmt_int(value) if measure == "flow_count" else fmt_number(value)

    labels, names, colours = [], [], []
    links: dict[str, list[object]] = {"source": [], "target": [], "value": [], "color": []}
    centre = len(incoming)

    def add_node(name: str, value: float, family: object) -> None:
        short = name if len(name) <= SANKEY_LABEL_CHARS else name[: SANKEY_LABEL_CHARS - 1].rstrip() + "…"
        labels.append(f"{short} ({value_text(value)})")
        names.append(f"{name} ({value_text(value)})")
        colours.append(colour(family))

    def colour(family: object) -> str:
        return FAMILY_COLOURS[FlowFamily(family)] if isinstance(family, str) else NEUTRAL_GREY

    for row in incoming.itertuples():
        add_node(row.category, getattr(row, measure), row.family)
    # The centre node has no label beside it (it would run into the outgoing labels): an annotation names it.
    labels.append("")
    names.append(t("flows.sankey.centre"))
    colours.append("#444444")
    for position, row in enumerate(incoming.itertuples()):
        links["source"].append(position)
        links["target"].append(centre)
        links["value"].append(float(getattr(row, measure)))
        links["color"].append("rgba(0, 114, 178, 0.25)")
    for position, row in enumerate(outgoing.itertuples(), start=centre + 1):
        add_node(row.category, getattr(row, measure), row.family)
        links["source"].append(centre)
        links["target"].append(position)
        links["value"].append(float(getattr(row, measure)))
        links["color"].append("rgba(213, 94, 0, 0.25)")
    fig.add_trace(
        go.Sankey(
            arrangement="snap",
            node={
                "label": labels,
                "customdata": names,
                "hovertemplate": "%{customdata}<extra></extra>",
                "color": colours,
                "pad": 14,
                "thickness": 18,
                "line": {"width": 0},
            },
            link={
                **links,
                "hovertemplate": "%{source.customdata} → %{target.customdata}<extra></extra>",
            },
            textfont={"size": 14},
        )
    )
    fig = fixed_title_room(apply_layout(fig, title, context, height=SANKEY_HEIGHT), below_px=TITLE_PAD_BOTTOM)
    fig.add_annotation(
        text=f"<b>{t('flows.sankey.centre')}</b>",
        showarrow=False,
        x=0.5,
        y=1.0,
        xref="paper",
        yref="paper",
        yanchor="bottom",
    )
    for x, anchor, key in ((0, "left", "flows.sankey.left"), (1, "right", "flows.sankey.right")):
        fig.add_annotation(
            text=f"<b>{t(key)}</b>", showarrow=False, x=x, y=-0.06, xref="paper", yref="paper", xanchor=anchor
        )
    return fig


def impact_kind_label(kind: ImpactKind) -> str:
    return t(f"synergies.impact.short.{kind.value}")
