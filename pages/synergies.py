"""Synergies: pipeline funnel, substitution vs mutualisation per year, impacts rolled up with their basis, and
the list with each synergy's detail (participants, dated status history, impacts).

Status counts and impacts come from dashboard.eit.metrics (through dashboard.eit.synergies.overview): the home and
targets pages show the same numbers.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.synergies import funnel_figure, impact_basis_figure, impact_kind_label, types_per_year_figure
from dashboard.codes import (
    AbandonmentReason,
    ImpactKind,
    ParticipantRole,
    SectorFamily,
    SynergyOrigin,
    SynergyStatus,
    SynergyType,
    ValueBasis,
)
from dashboard.eit import metrics, synergies
from dashboard.geography import territories
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_percent, label, options, t
from dashboard.ui.cache import cached, get_database
from dashboard.ui.navigation import page_link
from dashboard.ui.plotly_config import PLOTLY_CONFIG
from dashboard.ui.record_sections import synergies_entry
from dashboard.ui.sidebar import current_selection

# Chargés de mission see company names; COPIL mode calls the same core functions with show_names=False.
SHOW_COMPANY_NAMES = True
DAYS_PER_MONTH = 30.44  # mean Gregorian month: "407 jours (13,4 mois)"
IMPACT_DECIMALS: dict[ImpactKind, int] = {ImpactKind.TCO2E: 1, ImpactKind.JOBS: 1}  # at most; others: whole


def _date(value: object) -> dt.date | None:
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


def show_kpis(overview: synergies.SynergyOverview, period: territories.Period) -> None:
    funnel = overview.funnel
    engaged, realised = overview.headline, funnel.reached(SynergyStatus.REALISED)
    columns = st.columns(4)
    with columns[0], st.container(border=True):
        st.metric(t("synergies.kpi.engaged"), fmt_int(engaged.cumulative), help=t("synergies.kpi.engaged.help"))
        st.caption(t("synergies.kpi.engaged.caption", count=fmt_int(engaged.in_period)))
    with columns[1], st.container(border=True):
        st.metric(t("synergies.kpi.realised"), fmt_int(overview.status_counts[SynergyStatus.REALISED]))
        st.caption(t("synergies.kpi.realised.caption", date=fmt_date(period.end)))
    with columns[2], st.container(border=True):
        rate = realised / funnel.total if funnel.total else None
        st.metric(t("synergies.kpi.conversion"), fmt_percent(rate) if rate is not None else "–")
        st.caption(t("synergies.kpi.conversion.caption", realised=fmt_int(realised), total=fmt_int(funnel.total)))
    with columns[3], st.container(border=True):
        median = funnel.median_days_to_realisation
        if median is None:
            st.metric(t("synergies.kpi.delay"), "–")
            st.caption(t("synergies.kpi.delay.none"))
        else:
            st.metric(t("synergies.kpi.delay"), t("synergies.days", days=fmt_number(median)))
            st.caption(
                t(
                    "synergies.kpi.delay.caption",
                    months=fmt_number(median / DAYS_PER_MONTH, 1),
                    count=fmt_int(len(funnel.days_to_realisation)),
                )
            )


def show_funnel(overview: synergies.SynergyOverview, context: ChartContext, period: territories.Period) -> None:
    funnel = overview.funnel
    st.subheader(t("synergies.section.funnel"))
    st.markdown(t("synergies.funnel.summary", total=fmt_int(funnel.total), date=fmt_date(period.end)))
    left, right = st.columns([3, 2])
    with left:
        st.plotly_chart(funnel_figure(funnel, context), config=PLOTLY_CONFIG, theme=None)
    with right:
        steps = pd.DataFrame(
            {
                t("synergies.funnel.col.stage"): [label(step.stage) for step in funnel.steps],
                t("synergies.funnel.col.reached"): [fmt_int(step.reached) for step in funnel.steps],
                t("synergies.funnel.col.current"): [fmt_int(step.current) for step in funnel.steps],
                t("synergies.funnel.col.conversion"): [
                    fmt_percent(step.conversion_to_next) if step.conversion_to_next is not None else "–"
                    for step in funnel.steps
                ],
            }
        )
        st.table(steps.set_index(t("synergies.funnel.col.stage")))
        if funnel.abandoned:
            reasons = " · ".join(
                t("synergies.funnel.count", name=label(reason), count=fmt_int(count))
                for reason, count in sorted(funnel.abandoned_by_reason.items(), key=lambda item: -item[1])
            )
            stages = " · ".join(
                t("synergies.funnel.count", name=label(stage), count=fmt_int(count))
                for stage, count in funnel.abandoned_by_stage.items()
            )
            st.markdown(t("synergies.funnel.abandoned", count=fmt_int(funnel.abandoned), reasons=reasons))
            st.caption(t("synergies.funnel.abandoned_stage", stages=stages))
        else:
            st.markdown(t("synergies.funnel.no_abandoned"))
        if funnel.days_to_realisation:
            days = funnel.days_to_realisation
            st.caption(
                t(
                    "synergies.funnel.delay",
                    median=fmt_number(funnel.median_days_to_realisation),
                    low=fmt_int(min(days)),
                    high=fmt_int(max(days)),
                    count=fmt_int(len(days)),
                )
            )
    with st.expander(t("synergies.rule.title")):
        st.markdown(t("synergies.rule.body", date=fmt_date(period.end)))


def show_per_year(overview: synergies.SynergyOverview, context: ChartContext) -> None:
    st.subheader(t("synergies.section.per_year"))
    measure = st.radio(
        t("synergies.per_year.measure"),
        ["identified", "realised"],
        format_func=lambda value: t(f"synergies.per_year.measure.{value}"),
        horizontal=True,
        key="synergies.per_year.measure",
    )
    st.plotly_chart(types_per_year_figure(overview.per_year, measure, context), config=PLOTLY_CONFIG, theme=None)
    per_year = overview.per_year
    if not per_year.empty:
        totals = per_year.groupby("synergy_type")[measure].sum()
        st.caption(
            t(
                "synergies.per_year.caption",
                substitution=fmt_int(totals.get(SynergyType.SUBSTITUTION.value, 0)),
                mutualisation=fmt_int(totals.get(SynergyType.MUTUALISATION.value, 0)),
            )
        )


def _impact_value(kind: ImpactKind, value: float) -> str:
    """Whole numbers without decimals ("3 emplois", not "3,0"); tCO2e and jobs keep one when they have one."""
    return fmt_number(value, 0 if float(value).is_integer() else IMPACT_DECIMALS.get(kind, 0))


def show_impacts(overview: synergies.SynergyOverview, context: ChartContext, period: territories.Period) -> None:
    st.subheader(t("synergies.section.impacts"))
    totals = overview.impact_totals
    if float(totals["value"].sum()) == 0:
        st.info(t("synergies.impacts.none", date=fmt_date(period.end)))
        return
    rows = []
    for row in totals.itertuples():
        kind = ImpactKind(row.impact_kind)
        parts = [
            t("synergies.impacts.part", basis=label(basis), value=_impact_value(kind, getattr(row, basis.value)))
            for basis in ValueBasis
            if getattr(row, basis.value) > 0
        ]
        rows.append(
            {
                t("synergies.impacts.col.kind"): label(kind),
                t("synergies.impacts.col.total"): _impact_value(kind, row.value) if row.synergy_count else "–",
                t("synergies.impacts.col.synergies"): fmt_int(row.synergy_count),
                t("synergies.impacts.col.basis"): " · ".join(parts) if parts else "–",
            }
        )
    left, right = st.columns(2)
    with left:
        st.table(pd.DataFrame(rows).set_index(t("synergies.impacts.col.kind")))
        st.caption(t("synergies.impacts.caption", date=fmt_date(period.end)))
    with right:
        st.plotly_chart(impact_basis_figure(totals, context), config=PLOTLY_CONFIG, theme=None)
    with st.expander(t("synergies.impacts.detail")):
        impacts = overview.impacts
        st.dataframe(
            pd.DataFrame(
                {
                    t("synergies.col.title"): impacts["title"],
                    t("synergies.impacts.col.kind"): [impact_kind_label(ImpactKind(k)) for k in impacts["impact_kind"]],
                    t("synergies.impacts.col.value"): [
                        _impact_value(ImpactKind(k), v)
                        for k, v in zip(impacts["impact_kind"], impacts["value"], strict=True)
                    ],
                    t("synergies.impacts.col.flag"): [label(ValueBasis(b)) for b in impacts["basis"]],
                    t("synergies.impacts.col.source"): impacts["source"],
                    t("synergies.impacts.col.as_of"): [fmt_date(_date(d)) for d in impacts["as_of"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def show_list(overview: synergies.SynergyOverview) -> pd.DataFrame:
    st.subheader(t("synergies.section.list"))
    left, middle, right = st.columns(3)
    statuses = left.multiselect(
        t("synergies.filter.status"),
        [s.value for s in SynergyStatus],
        format_func=lambda code: label(SynergyStatus(code)),
        key="synergies.filter.status",
        placeholder=t("registers.filter.any"),
    )
    types = middle.multiselect(
        t("synergies.filter.type"),
        list(options(SynergyType)),
        format_func=lambda code: label(SynergyType(code)),
        key="synergies.filter.type",
        placeholder=t("registers.filter.any"),
    )
    search = right.text_input(t("synergies.filter.search"), key="synergies.filter.search")
    listed = synergies.filter_list(overview.listed, tuple(statuses), tuple(types), search)
    st.caption(t("synergies.list.count", shown=fmt_int(len(listed)), total=fmt_int(len(overview.listed))))
    if listed.empty:
        st.info(t("synergies.list.empty"))
        return listed
    st.dataframe(
        pd.DataFrame(
            {
                t("synergies.col.title"): listed["title"],
                t("synergies.col.type"): [label(SynergyType(v)) for v in listed["synergy_type"]],
                t("synergies.col.category"): listed["category"].fillna("–"),
                t("synergies.col.status"): [label(SynergyStatus(v)) for v in listed["status"]],
                t("synergies.col.since"): [fmt_date(_date(d)) for d in listed["status_date"]],
                t("synergies.col.identified"): [fmt_date(_date(d)) for d in listed["identified_on"]],
                t("synergies.col.participants"): [fmt_int(n) for n in listed["participants"]],
                t("synergies.col.programme"): listed["programme"].fillna("–"),
                t("synergies.col.origin"): [
                    label(SynergyOrigin.DEMO) if demo else label(SynergyOrigin(origin))
                    for origin, demo in zip(listed["origin"], listed["is_demo"], strict=True)
                ],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    return listed


def show_detail(listed: pd.DataFrame, period: territories.Period) -> None:
    st.subheader(t("synergies.section.detail"))
    titles = {
        row.synergy_id: t("synergies.detail.option", title=row.title, date=fmt_date(_date(row.identified_on)))
        for row in listed.itertuples()
    }
    chosen = st.selectbox(
        t("synergies.detail.choose"), list(titles), format_func=titles.__getitem__, key="synergies.detail"
    )
    detail = cached(synergies.synergy_detail, chosen, SHOW_COMPANY_NAMES)
    if detail is None:
        return
    synergy = detail.synergy
    lines = [
        t("synergies.detail.type", value=label(SynergyType(synergy["synergy_type"]))),
        t("synergies.detail.category", value=synergy["category"] if isinstance(synergy["category"], str) else "–"),
        t("synergies.detail.territory", value=synergy["territory"]),
    ]
    if isinstance(synergy["programme"], str):
        lines.append(t("synergies.detail.programme", value=synergy["programme"]))
    lines.append(t("synergies.detail.source", value=synergy["source"]))
    st.markdown("  \n".join(lines))
    if isinstance(synergy["description"], str):
        st.markdown(synergy["description"])
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{t('synergies.detail.participants', count=fmt_int(len(detail.participants)))}**")
        if detail.participants.empty:
            st.caption(t("synergies.detail.no_participants"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("synergies.detail.col.company"): detail.participants["company"],
                        t("synergies.detail.col.role"): [
                            label(ParticipantRole(r)) for r in detail.participants["role"]
                        ],
                        t("synergies.detail.col.sector"): [
                            label(SectorFamily(s)) for s in detail.participants["sector_family"]
                        ],
                        t("synergies.detail.col.commune"): detail.participants["commune"],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
    with right:
        st.markdown(f"**{t('synergies.detail.history')}**")
        history = detail.history
        st.dataframe(
            pd.DataFrame(
                {
                    t("synergies.detail.col.date"): [fmt_date(_date(d)) for d in history["event_date"]],
                    t("synergies.detail.col.status"): [
                        label(SynergyStatus(s))
                        + ("" if _date(d) is None or _date(d) <= period.end else t("synergies.detail.after_period"))
                        for s, d in zip(history["status"], history["event_date"], strict=True)
                    ],
                    t("synergies.detail.col.reason"): [
                        label(AbandonmentReason(r)) if isinstance(r, str) else "" for r in history["abandonment_reason"]
                    ],
                    t("synergies.detail.col.comment"): history["comment"].fillna(""),
                }
            ),
            hide_index=True,
            width="stretch",
        )
    st.markdown(f"**{t('synergies.detail.impacts')}**")
    if detail.impacts.empty:
        st.caption(t("synergies.detail.no_impacts"))
    else:
        st.dataframe(
            pd.DataFrame(
                {
                    t("synergies.impacts.col.kind"): [label(ImpactKind(k)) for k in detail.impacts["impact_kind"]],
                    t("synergies.impacts.col.value"): [
                        _impact_value(ImpactKind(k), v)
                        for k, v in zip(detail.impacts["impact_kind"], detail.impacts["value"], strict=True)
                    ],
                    t("synergies.impacts.col.flag"): [label(ValueBasis(b)) for b in detail.impacts["basis"]],
                    t("synergies.impacts.col.source"): detail.impacts["source"],
                    t("synergies.impacts.col.as_of"): [fmt_date(_date(d)) for d in detail.impacts["as_of"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("synergies.detail.impacts.caption"))


selection = current_selection()
if selection.territory is None or selection.period is None or not cached(metrics.database_has_records):
    st.info(t("synergies.empty_db"))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    st.stop()

territory, period = selection.territory, selection.period
overview = cached(synergies.overview, territory.territory_id, period.year, period.quarter)
if overview.funnel.total == 0:
    st.info(t("synergies.none_here", territory=territory.name, date=fmt_date(period.end)))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    synergies_entry(get_database(), territory.territory_id)
    st.stop()

info = cached(metrics.dataset_info)
context = ChartContext(
    territory=territory.name,
    period=territories.period_label(period),
    source=t("synergies.source"),
    data_as_of=info.data_as_of,
    is_demo=info.is_demo_dataset or cached(metrics.demo_rows_in_scope, territory.territory_id),
)
show_kpis(overview, period)
show_funnel(overview, context, period)
show_per_year(overview, context)
show_impacts(overview, context, period)
listed = show_list(overview)
if not listed.empty:
    show_detail(listed, period)
synergies_entry(get_database(), territory.territory_id)
