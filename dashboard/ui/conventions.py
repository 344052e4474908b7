"""The "Conventions et financements" page's sections (pages/conventions.py lays them out): each convention with the
amount due pro rata of what was done, and the funding plans by funder and year."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.funding import convention_figure, funding_by_year_figure
from dashboard.codes import FundingStatus, PartyRole
from dashboard.eit import conventions, funding, metrics, programmes
from dashboard.eit.conventions import ActionRealisation, ConventionStatus, RealisationBasis
from dashboard.eit.funding import FundingPlan
from dashboard.i18n import fmt_date, fmt_eur, fmt_number, fmt_percent, fmt_signed, label, t
from dashboard.ui.cache import cached, cached_drawn_figure, get_database
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs
from dashboard.ui.navigation import page_link
from dashboard.ui.record_sections import realisation_section
from dashboard.ui.text import md_escape

TAB_KEY = "conventions.tab"  # the open tab's label (dashboard.ui.lazy)
CHART_KEY = "conventions.chart.open"  # + the convention's id: its chart's section, open or not


def quantity_text(value: float | None) -> str:
    if value is None:
        return "–"
    return fmt_number(value, 0 if float(value).is_integer() else 1)


def eur_text(amount: float) -> str:
    """Whole euros as '1 500 €', amounts with cents (pro rata of an odd quantity) as '833,33 €'."""
    return fmt_eur(amount, 0 if float(amount).is_integer() else 2)


def basis_text(action: ActionRealisation) -> str:
    if action.basis == RealisationBasis.DECLARED and action.as_of is None:
        return t("conventions.basis.declared_undated")
    if action.basis == RealisationBasis.TO_DECLARE:
        return t("conventions.basis.to_declare")
    return t(f"conventions.basis.{action.basis.value}", date=fmt_date(action.as_of))


def show_convention(status: ConventionStatus, is_demo: bool, as_of_known: bool) -> None:
    st.markdown(f"#### {md_escape(status.title)}")
    period = t(
        "conventions.period",
        start=fmt_date(status.start),
        end=fmt_date(status.end),
        territory=md_escape(status.territory),
        rule=label(status.payment_rule),
    )
    if status.signed_on is not None:
        period += " · " + t("conventions.signed", date=fmt_date(status.signed_on))
    st.markdown(period)
    parties = ", ".join(
        t("conventions.party", name=md_escape(name), role=label(PartyRole(role)).lower())
        for name, role in status.parties.itertuples(index=False)
    )
    if parties:
        st.caption(t("conventions.parties", parties=parties))

    due, ceiling, committed, elapsed = st.columns(4)
    due.metric(t("conventions.due"), eur_text(status.amount_due), help=t("conventions.due_help"))
    ceiling.metric(t("conventions.ceiling"), fmt_eur(status.ceiling))
    committed.metric(t("conventions.committed_total"), fmt_eur(status.committed_total))
    elapsed.metric(t("conventions.elapsed", date=fmt_date(status.as_of)), fmt_percent(status.elapsed_share))
    st.caption(t("conventions.as_of", date=fmt_date(status.as_of)))
    if status.capped_by_ceiling:
        st.info(t("conventions.capped", total=fmt_eur(status.actions_total), ceiling=fmt_eur(status.ceiling)))

    rows = [
        {
            t("conventions.col.article"): action.article or "",
            t("conventions.col.action"): action.label,
            t("conventions.col.committed"): f"{quantity_text(action.committed)} {action.unit}",
            t("conventions.col.realised"): quantity_text(action.realised),
            t("conventions.col.completion"): fmt_percent(action.completion),
            t("conventions.col.basis"): basis_text(action),
            t("conventions.col.flat"): fmt_eur(action.flat_amount),
            t("conventions.col.due"): eur_text(action.amount_due(status.payment_rule)),
        }
        for action in status.actions
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    realisation_section(get_database(), status.convention_id)

    # The chart says again what the table and the cards say, below the fold: drawn once opened (dashboard.ui.lazy),
    # as a chart was the largest part of the browser's work on arrival.
    section = lazy_expander(
        t("conventions.chart.section"), key=f"{CHART_KEY}.{status.convention_id}", icon=":material/bar_chart:"
    )
    if is_open(section):
        context = ChartContext(
            territory=md_escape(status.territory),
            period=t("chart.funding.period", start=fmt_date(status.start), end=fmt_date(status.end)),
            source=t("chart.convention.source"),
            data_as_of=status.as_of if as_of_known else None,
            is_demo=is_demo,
        )
        with section:
            chart(cached_drawn_figure(convention_figure, status, context), "conventions.execution")
    with st.expander(t("conventions.rules.title")):
        rule_period = {"start": fmt_date(status.start), "end": fmt_date(status.as_of)}
        st.markdown(
            "\n".join(
                "- "
                + t(
                    "conventions.rule.line",
                    action=action.label,
                    rule=t(f"conventions.rule.{action.rule.value}", **rule_period),
                )
                for action in status.actions
            )
        )
        st.caption(t("conventions.rules.override"))
    st.caption(t("conventions.source", source=md_escape(status.source)))


def show_conventions(territory_id: str | None, territory_name: str | None, as_of: dt.date, as_of_known: bool) -> None:
    listed = cached(conventions.conventions_for_territory, territory_id)
    if listed.empty and territory_id is not None:
        listed = cached(conventions.conventions_for_territory, None)
        if not listed.empty:
            st.info(t("conventions.none_here", territory=md_escape(territory_name)))
    if listed.empty:
        st.info(t("conventions.none"))
        page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
        return
    if not as_of_known:
        st.caption(t("conventions.as_of_unknown", date=fmt_date(as_of)))
    info = cached(metrics.dataset_info)
    for convention_id in listed["convention_id"]:
        status = cached(conventions.convention_status, convention_id, as_of)
        if status is None:
            continue
        with st.container(border=True):
            show_convention(status, info.is_demo_dataset, as_of_known)


def envelopes_table(plan: FundingPlan) -> pd.DataFrame:
    envelopes = plan.envelopes
    total = envelopes["amount_eur"].sum()
    return pd.DataFrame(
        {
            t("funding.col.funder"): envelopes["funder_label"],
            t("funding.col.phase"): envelopes["phase_label"],
            t("funding.col.status"): [label(FundingStatus(s)) for s in envelopes["status"]],
            t("funding.col.envelope"): envelopes["amount_eur"].map(fmt_eur),
            t("funding.col.lines"): envelopes["lines_eur"].map(fmt_eur),
            t("funding.col.share"): [fmt_percent(a / total if total else None, 1) for a in envelopes["amount_eur"]],
        }
    )


def show_plan(plan: FundingPlan, programme_name: str, data_as_of: dt.date | None) -> None:
    source = md_escape(" ; ".join(plan.sources))  # imported text
    st.markdown(f"**{t('funding.envelopes')}**")
    st.dataframe(envelopes_table(plan), hide_index=True, width="stretch")
    st.caption(t("funding.share_help", total=fmt_eur(plan.envelopes["amount_eur"].sum())))
    for row in funding.envelope_differences(plan).itertuples():
        st.warning(
            t(
                "funding.difference",
                funder=row.funder_label,
                phase=row.phase_label,
                lines=fmt_eur(row.lines_eur),
                envelope=fmt_eur(row.amount_eur),
                difference=fmt_signed(row.difference_eur) + "\u00a0€",
            ),
            icon=":material/info:",
        )
    if plan.lines.empty:
        st.caption(t("funding.no_lines"))
        st.caption(t("funding.source", source=source))
        return

    st.markdown(f"**{t('funding.table')}**")
    table = funding.plan_table(plan).map(fmt_number)
    table = table.rename(
        index={funding.TOTAL_LABEL: t("funding.total")}, columns={funding.TOTAL_LABEL: t("funding.total")}
    )
    table.index.name = t("funding.col.funder")
    st.dataframe(table, width="stretch")
    by_year, by_phase = st.columns(2)
    with by_year:
        st.markdown(f"**{t('funding.by_year')}**")
        years = funding.totals_by_year(plan)
        st.dataframe(
            pd.DataFrame(
                {
                    t("funding.col.year"): years["year"].astype(str),
                    t("funding.col.amount"): years["amount_eur"].map(fmt_number),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    with by_phase:
        st.markdown(f"**{t('funding.by_phase')}**")
        phases = funding.totals_by_phase(plan)
        st.dataframe(
            pd.DataFrame(
                {
                    t("funding.col.phase"): phases["phase_label"],
                    t("funding.col.envelope"): phases["amount_eur"].map(fmt_number),
                    t("funding.col.lines"): phases["lines_eur"].map(fmt_number),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    context = ChartContext(
        territory=programme_name,
        period=t(
            "chart.funding.period",
            start=fmt_date(plan.lines["period_start"].min().date()),
            end=fmt_date(plan.lines["period_end"].max().date()),
        ),
        source=source,
        data_as_of=data_as_of,
    )
    chart(cached_drawn_figure(funding_by_year_figure, plan, context), "conventions.funding")
    st.caption(t("funding.source", source=source))


def show_funding(territory_id: str | None, territory_name: str | None, data_as_of: dt.date | None) -> None:
    local_ids = cached(programmes.programmes_for_territory, territory_id)["programme_id"].tolist()
    funded = cached(funding.programmes_with_funding, local_ids)
    if not funded:
        funded = cached(funding.programmes_with_funding, None)
        if funded and territory_name is not None:
            st.info(t("funding.none_here", territory=md_escape(territory_name)))
    if not funded:
        st.info(t("funding.none"))
        return
    names = dict(cached(programmes.programmes_for_territory, None)[["programme_id", "name"]].itertuples(index=False))
    chosen = st.selectbox(t("funding.programme"), funded, format_func=names.__getitem__, key="funding.programme")
    show_plan(cached(funding.funding_plan, chosen), names[chosen], data_as_of)


def show_page(territory_id: str | None, territory_name: str | None, data_as_of: dt.date | None) -> None:
    """The conventions and the funding plans, two subjects in two tabs: only the open one is drawn
    (dashboard.ui.lazy; the funding plan's four tables and chart cost the browser more than the conventions). The
    programme chosen in the funding tab is kept by its key while the other tab is open."""
    shown, plans = lazy_tabs([t("conventions.section"), t("funding.section")], key=TAB_KEY)
    if is_open(shown):
        with shown:
            show_conventions(territory_id, territory_name, data_as_of or dt.date.today(), data_as_of is not None)
    if is_open(plans):
        with plans:
            show_funding(territory_id, territory_name, data_as_of)
