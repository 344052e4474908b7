"""Conventions et financements : amount due pro rata of what was done, and funding plans by funder and year."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import conventions, funding, metrics, programmes
from dashboard.charts import ChartContext
from dashboard.charts.funding import convention_figure, funding_by_year_figure
from dashboard.codes import PartyRole, PaymentRule
from dashboard.i18n import fmt_date, fmt_eur, fmt_int, fmt_number, fmt_percent, label, t
from dashboard.ui.cache import cached
from dashboard.ui.sidebar import current_selection

PLOTLY_CONFIG = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}

selection = current_selection()
info = cached(metrics.dataset_info)
territory_id = None if selection.territory is None else selection.territory.territory_id
data_as_of = info.data_as_of

st.subheader(t("conventions.section"))
listed = cached(conventions.conventions_for_territory, territory_id)
if listed.empty and territory_id is not None:
    listed = cached(conventions.conventions_for_territory, None)
    if not listed.empty:
        st.info(t("conventions.none_here", territory=selection.territory.name))
if listed.empty or data_as_of is None:
    st.info(t("conventions.none"))
else:
    for convention_id in listed["convention_id"]:
        status = cached(conventions.convention_status, convention_id, data_as_of)
        with st.container(border=True):
            st.markdown(f"#### {status.title}")
            st.markdown(
                t(
                    "conventions.period",
                    start=fmt_date(status.start),
                    end=fmt_date(status.end),
                    territory=status.territory,
                    rule=label(PaymentRule(status.payment_rule)),
                )
            )
            parties = ", ".join(f"{n} ({label(PartyRole(r))})" for n, r in status.parties.itertuples(index=False))
            st.caption(t("conventions.parties", parties=parties))
            left, middle, right = st.columns(3)
            left.metric(t("conventions.due"), fmt_eur(status.amount_due), help=t("conventions.due_help"))
            middle.metric(t("conventions.ceiling"), fmt_eur(status.ceiling))
            right.metric(t("conventions.elapsed"), fmt_percent(status.elapsed_share))
            rows = []
            for action in status.actions:
                basis = t(f"conventions.basis.{action.basis}", date=fmt_date(action.as_of))
                rows.append(
                    {
                        t("conventions.col.action"): action.label,
                        t("conventions.col.article"): action.article or "",
                        t("conventions.col.committed"): f"{fmt_number(action.committed)} {action.unit}",
                        t("conventions.col.realised"): "–" if action.realised is None else fmt_number(action.realised),
                        t("conventions.col.basis"): basis,
                        t("conventions.col.flat"): fmt_eur(action.flat_amount),
                        t("conventions.col.due"): fmt_eur(action.amount_due),
                    }
                )
            st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
            context = ChartContext(
                status.territory,
                f"{fmt_date(status.start)} – {fmt_date(status.end)}",
                t("chart.convention.source"),
                data_as_of,
                info.is_demo_dataset,
            )
            st.plotly_chart(convention_figure(status, context), config=PLOTLY_CONFIG, theme=None)
            st.caption(t("conventions.rules"))
            st.caption(t("conventions.source", source=status.source))

st.subheader(t("funding.section"))
programme_ids = cached(programmes.programmes_for_territory, territory_id)["programme_id"].tolist()
funded = cached(funding.programmes_with_funding, programme_ids)
if not funded:
    st.info(t("funding.none"))
    st.stop()
names = dict(cached(programmes.programmes_for_territory, None)[["programme_id", "name"]].itertuples(index=False))
chosen = st.selectbox(t("funding.programme"), funded, format_func=names.get, key="funding.programme")
lines = cached(funding.funding_lines, chosen)
plan = funding.funding_plan(lines)
st.markdown(f"**{t('funding.table')}**")
shown = plan.map(lambda v: "" if pd.isna(v) else fmt_int(v))
shown.index.name = t("funding.col.funder")
st.dataframe(shown, width="stretch")
for row in cached(funding.envelope_differences, chosen).itertuples():
    st.warning(
        t(
            "funding.difference",
            funder=row.funder_label,
            phase=row.phase_label,
            lines=fmt_eur(row.lines_eur),
            envelope=fmt_eur(row.envelope_eur),
            difference=fmt_eur(row.difference_eur),
        )
    )
context = ChartContext(
    names[chosen],
    t("programmes.dates", start=str(lines["year"].min()), end=str(lines["year"].max())),
    lines["source"].iloc[0],
    data_as_of,
    False,
)
st.plotly_chart(funding_by_year_figure(funding.totals_by_year(lines), context), config=PLOTLY_CONFIG, theme=None)
st.caption(t("funding.source", source=lines["source"].iloc[0]))
