"""Démarches : the programmes of the territory, one programme's sheet, and programmes side by side."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import metrics, programmes
from dashboard.charts import ChartContext
from dashboard.charts.programmes import comparison_figure
from dashboard.codes import Level, SynergyStatus, SynergyType, ValueBasis
from dashboard.i18n import fmt_date, fmt_eur, fmt_int, fmt_number, label, t
from dashboard.territories import period_label
from dashboard.ui.cache import cached
from dashboard.ui.sidebar import current_selection

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
# Decimals shown per comparison row (FTE are fractional, everything else is counted or in euros).
ROW_DECIMALS = {"fte": 2}


def _dates(start: object, end: object) -> str:
    begin = fmt_date(start.date()) if isinstance(start, pd.Timestamp) else t("programmes.unknown")
    finish = fmt_date(end.date()) if isinstance(end, pd.Timestamp) else t("programmes.ongoing")
    return t("programmes.dates", start=begin, end=finish)


def _impacts(text: object) -> str:
    if not isinstance(text, str):
        return ""
    parts = []
    for item in text.split(";"):
        kind, rest = item.split("=", 1)
        value, basis = rest.rsplit(":", 1)
        parts.append(f"{t('impact.' + kind, value=fmt_number(float(value)))} ({label(basis, ValueBasis)})")
    return " · ".join(parts)


selection = current_selection()
info = cached(metrics.dataset_info)
territory_id = None if selection.territory is None else selection.territory.territory_id
listed = cached(programmes.programmes_for_territory, territory_id)
if listed.empty:
    listed = cached(programmes.programmes_for_territory, None)
    if listed.empty:
        st.info(t("programmes.none"))
        st.stop()
    st.info(t("programmes.none_here", territory=selection.territory.name if selection.territory else "–"))

st.subheader(t("programmes.section.list"))
st.dataframe(
    pd.DataFrame(
        {
            t("programmes.col.name"): listed["name"],
            t("programmes.col.carrier"): listed["carrier"],
            t("programmes.col.perimeter"): listed["perimeter"],
            t("programmes.col.dates"): [
                _dates(s, e) for s, e in zip(listed["start_date"], listed["end_date"], strict=True)
            ],
            t("programmes.col.budget"): [fmt_eur(b) if not pd.isna(b) else "–" for b in listed["budget_eur"]],
            t("programmes.col.fte"): [fmt_number(f, 2) if not pd.isna(f) else "–" for f in listed["fte"]],
        }
    ),
    hide_index=True,
    width="stretch",
)

st.subheader(t("programmes.section.detail"))
names = dict(zip(listed["programme_id"], listed["name"], strict=True))
chosen = st.selectbox(t("programmes.choose"), list(names), format_func=names.get, key="programmes.detail")
detail = cached(programmes.programme_detail, chosen)
st.markdown(
    t(
        "programmes.carrier",
        carrier=detail.info["carrier"],
        perimeter=detail.info["perimeter"],
        level=label(Level(detail.info["perimeter_level"])),
    )
)
if not pd.isna(detail.info["budget_eur"]):
    budget = fmt_eur(detail.info["budget_eur"])
    note = detail.info["budget_note"]
    st.markdown(t("programmes.budget", budget=budget if pd.isna(note) else f"{budget} ({note})"))
if not pd.isna(detail.info["fte"]):
    st.markdown(t("programmes.fte", fte=fmt_number(detail.info["fte"], 2)))
st.caption(t("programmes.source", source=detail.info["source"]))
if not detail.key_figures.empty:
    st.markdown(f"**{t('programmes.key_figures')}**")
    columns = st.columns(min(len(detail.key_figures), 3))
    for index, figure in enumerate(detail.key_figures.itertuples()):
        decimals = 0 if float(figure.value).is_integer() else 1
        columns[index % len(columns)].metric(figure.label, f"{fmt_number(figure.value, decimals)} {figure.unit}")
if not detail.synergies.empty:
    st.markdown(f"**{t('programmes.synergies', count=fmt_int(len(detail.synergies)))}**")
    synergies = detail.synergies
    st.dataframe(
        pd.DataFrame(
            {
                t("programmes.col.synergy"): synergies["title"],
                t("programmes.col.type"): [label(SynergyType(v)) for v in synergies["synergy_type"]],
                t("programmes.col.status"): [label(SynergyStatus(v)) for v in synergies["status"]],
                t("programmes.col.status_date"): [fmt_date(d.date()) for d in synergies["status_date"]],
                t("programmes.col.participants"): synergies["participants"].map(fmt_int),
                t("programmes.col.impacts"): synergies["impacts"].map(_impacts),
            }
        ),
        hide_index=True,
        width="stretch",
    )

st.subheader(t("programmes.section.compare"))
st.caption(t("programmes.compare.help"))
table = cached(programmes.comparison_table, None)
all_names = dict(
    zip(*cached(programmes.programmes_for_territory, None)[["programme_id", "name"]].T.to_numpy(), strict=True)
)
short_names = {p: n.split(" – ")[0] for p, n in all_names.items()}
display = table.copy().astype(object)
for row in display.index:
    display.loc[row] = [fmt_number(v, ROW_DECIMALS.get(row, 0)) for v in table.loc[row]]
display.index = [t(f"programmes.row.{row}") for row in table.index]
display.columns = [short_names[c] for c in table.columns]
st.table(display)  # a small static table: printed as text, legible on a shared screen and in screenshots
row_code = st.selectbox(
    t("programmes.compare.figure"),
    list(table.index),
    format_func=lambda r: t(f"programmes.row.{r}"),
    key="programmes.compare",
)
context = ChartContext(
    territory=t("programmes.section.compare"),
    period=period_label(selection.period) if selection.period else "",
    source=t("programmes.compare.source"),
    data_as_of=info.data_as_of,
    is_demo=False,
)
figure_title = t("chart.comparison.title", figure=t(f"programmes.row.{row_code}"))
st.plotly_chart(
    comparison_figure(table.loc[row_code], short_names, figure_title, context, ROW_DECIMALS.get(row_code, 0)),
    config=PLOTLY_CONFIG,
    theme=None,
)
