"""The synergies page's sections (pages/synergies.py lays them out): key figures, funnel, types per year, impacts,
list and detail of each synergy, all as of the page's date (dashboard.scope)."""

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
from dashboard.eit import synergies
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_percent, label, options, t, t_count
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached, cached_drawn_figure
from dashboard.ui.charts import chart
from dashboard.ui.french_chrome import dataframe_or_sentence
from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs
from dashboard.ui.page import cell_date
from dashboard.ui.text import md_escape, user_text

# Chargés de mission see company names; COPIL mode calls the same core functions with show_names=False.

SHOW_COMPANY_NAMES = True
DAYS_PER_MONTH = 30.44  # mean Gregorian month: "407 jours (13,4 mois)"
IMPACT_DECIMALS: dict[ImpactKind, int] = {ImpactKind.TCO2E: 1, ImpactKind.JOBS: 1}  # at most; others: whole
SECTIONS_KEY = "synergies.section"  # the open tab's label (dashboard.ui.lazy)


def show_kpis(overview: synergies.SynergyOverview, as_of: dt.date) -> None:
    funnel = overview.funnel
    engaged, realised = overview.headline, funnel.reached(SynergyStatus.REALISED)
    columns = st.columns(4)
    with columns[0], st.container(border=True):
        st.metric(t("synergies.kpi.engaged"), fmt_int(engaged.cumulative), help=t("synergies.kpi.engaged.help"))
        st.caption(t_count("synergies.kpi.engaged.caption", engaged.in_period, count=fmt_int(engaged.in_period)))
    with columns[1], st.container(border=True):
        st.metric(t("synergies.kpi.realised"), fmt_int(overview.status_counts[SynergyStatus.REALISED]))
        st.caption(t("synergies.kpi.realised.caption", date=fmt_date(as_of)))
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


def show_funnel(overview: synergies.SynergyOverview, context: ChartContext, as_of: dt.date) -> None:
    funnel = overview.funnel
    st.markdown(t("synergies.funnel.summary", total=fmt_int(funnel.total), date=fmt_date(as_of)))
    left, right = st.columns([3, 2])
    with left:
        chart(cached_drawn_figure(funnel_figure, funnel, context), "synergies.funnel")
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
        st.markdown(t("synergies.rule.body", date=fmt_date(as_of)))


def show_per_year(overview: synergies.SynergyOverview, context: ChartContext) -> None:
    measure = st.radio(
        t("synergies.per_year.measure"),
        ["identified", "realised"],
        format_func=lambda value: t(f"synergies.per_year.measure.{value}"),
        horizontal=True,
        key="synergies.per_year.measure",
    )
    chart(cached_drawn_figure(types_per_year_figure, overview.per_year, measure, context), "synergies.types")
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


def show_impacts(overview: synergies.SynergyOverview, context: ChartContext, as_of: dt.date) -> None:
    totals = overview.impact_totals
    if float(totals["value"].sum()) == 0:
        st.info(t("synergies.impacts.none", date=fmt_date(as_of)))
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
        st.caption(t("synergies.impacts.caption", date=fmt_date(as_of)))
    with right:
        chart(cached_drawn_figure(impact_basis_figure, totals, context), "synergies.impacts")
    detail = lazy_expander(t("synergies.impacts.detail"), key="synergies.impacts.detail.open")
    if not is_open(detail):  # closed: its table is neither built nor sent (dashboard.ui.lazy)
        return
    with detail:
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
                    t("synergies.impacts.col.as_of"): [fmt_date(cell_date(d)) for d in impacts["as_of"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )


def show_list(overview: synergies.SynergyOverview) -> pd.DataFrame:
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
    st.caption(
        t_count("synergies.list.count", len(listed), shown=fmt_int(len(listed)), total=fmt_int(len(overview.listed)))
    )
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
                t("synergies.col.since"): [fmt_date(cell_date(d)) for d in listed["status_date"]],
                t("synergies.col.identified"): [fmt_date(cell_date(d)) for d in listed["identified_on"]],
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


def show_detail(listed: pd.DataFrame, as_of: dt.date) -> None:
    st.subheader(t("synergies.section.detail"))
    titles = {
        row.synergy_id: t("synergies.detail.option", title=row.title, date=fmt_date(cell_date(row.identified_on)))
        for row in listed.itertuples()
    }
    chosen = st.selectbox(
        t("synergies.detail.choose"), list(titles), format_func=titles.__getitem__, key="synergies.detail"
    )
    detail = cached(synergies.synergy_detail, chosen, SHOW_COMPANY_NAMES, current_actor())
    if detail is None:
        return
    synergy = detail.synergy
    lines = [
        t("synergies.detail.type", value=label(SynergyType(synergy["synergy_type"]))),
        t(
            "synergies.detail.category",
            value=md_escape(synergy["category"]) if isinstance(synergy["category"], str) else "–",
        ),
        t("synergies.detail.territory", value=synergy["territory"]),
    ]
    if isinstance(synergy["programme"], str):
        lines.append(t("synergies.detail.programme", value=md_escape(synergy["programme"])))
    lines.append(t("synergies.detail.source", value=md_escape(synergy["source"])))  # imported text: shown as text
    st.markdown("  \n".join(lines))
    if isinstance(synergy["description"], str):
        user_text(synergy["description"])
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
        dataframe_or_sentence(
            pd.DataFrame(
                {
                    t("synergies.detail.col.date"): [fmt_date(cell_date(d)) for d in history["event_date"]],
                    t("synergies.detail.col.status"): [
                        label(SynergyStatus(s))
                        + ("" if cell_date(d) is None or cell_date(d) <= as_of else t("synergies.detail.after_period"))
                        for s, d in zip(history["status"], history["event_date"], strict=True)
                    ],
                    t("synergies.detail.col.reason"): [
                        label(AbandonmentReason(r)) if isinstance(r, str) else "" for r in history["abandonment_reason"]
                    ],
                    t("synergies.detail.col.comment"): history["comment"].fillna(""),
                }
            ),
            t("synergies.detail.no_history"),
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
                    t("synergies.impacts.col.as_of"): [fmt_date(cell_date(d)) for d in detail.impacts["as_of"]],
                }
            ),
            hide_index=True,
            width="stretch",
        )
        st.caption(t("synergies.detail.impacts.caption"))


def show_sections(overview: synergies.SynergyOverview, context: ChartContext, as_of: dt.date) -> None:
    """The funnel, the types per year, the impacts and the list with each synergy's sheet, in four tabs of which
    only the open one is drawn (dashboard.ui.lazy): the funnel first, as the page always opened on it."""
    funnel, per_year, impacts, listing = lazy_tabs(
        [t(f"synergies.section.{name}") for name in ("funnel", "per_year", "impacts", "list")], key=SECTIONS_KEY
    )
    if is_open(funnel):
        with funnel:
            show_funnel(overview, context, as_of)
    if is_open(per_year):
        with per_year:
            show_per_year(overview, context)
    if is_open(impacts):
        with impacts:
            show_impacts(overview, context, as_of)
    if is_open(listing):
        with listing:
            listed = show_list(overview)
            if not listed.empty:
                show_detail(listed, as_of)
