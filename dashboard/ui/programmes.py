"""The "Démarches" page's sections (pages/programmes.py lays them out): the programmes list, a programme's detail
(key figures, synergies by status, impacts) and the side-by-side comparison."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.charts.programmes import comparison_figure
from dashboard.codes import FundingStatus, Level, SynergyOrigin, SynergyStatus, SynergyType, ValueBasis
from dashboard.eit import programmes
from dashboard.eit.programmes import (
    ROW_DECIMALS,
    ComparisonRow,
    ProgrammeDetail,
    figure_text,
    short_name,
    short_source,
)
from dashboard.i18n import fmt_date, fmt_eur, fmt_int, fmt_number, label, t, t_count
from dashboard.ui.cache import cached, cached_drawn_figure, memo
from dashboard.ui.charts import chart
from dashboard.ui.lazy import is_open, lazy_tabs
from dashboard.ui.text import md_escape, user_text

SECTIONS_KEY = "programmes.section"  # the open tab's label (dashboard.ui.lazy)

KEY_FIGURES_PER_ROW = 3  # large numbers, readable on a shared screen


def dates_text(start: dt.date | None, end: dt.date | None) -> str:
    if start is None and end is None:
        return t("programmes.dates.unknown")
    begin = t("programmes.dates.unknown_start") if start is None else fmt_date(start)
    finish = t("programmes.dates.open_end") if end is None else fmt_date(end)
    return t("programmes.dates", start=begin, end=finish)


def _timestamp_date(value: object) -> dt.date | None:
    return value.date() if isinstance(value, pd.Timestamp) else None


def show_list(listed: pd.DataFrame, title: str, scoped: bool) -> None:
    st.subheader(title)  # a message with a count: no imported text
    table = pd.DataFrame(
        {
            t("programmes.col.name"): listed["name"],
            t("programmes.col.carrier"): listed["carrier"],
            t("programmes.col.perimeter"): [
                t("programmes.perimeter", name=name, level=label(Level(level)))
                for name, level in zip(listed["perimeter"], listed["perimeter_level"], strict=True)
            ],
            t("programmes.col.dates"): [
                dates_text(_timestamp_date(start), _timestamp_date(end))
                for start, end in zip(listed["start_date"], listed["end_date"], strict=True)
            ],
            t("programmes.col.budget"): listed["budget_eur"].map(fmt_eur),
            t("programmes.col.fte"): [fmt_number(fte) if pd.isna(fte) else figure_text(fte) for fte in listed["fte"]],
        }
    )
    st.dataframe(table, hide_index=True, width="stretch")
    sources = md_escape(" ; ".join(sorted(set(listed["source"]))))  # imported text
    st.caption(t("programmes.list.caption" if scoped else "programmes.list.caption_all", sources=sources))


def impacts_text(impacts: pd.DataFrame) -> str:
    return " · ".join(
        t(
            "programmes.impact",
            value=t_count(f"impact.{kind}", value, value=figure_text(value)),  # « 1 emploi »
            basis=label(ValueBasis(basis)).lower(),
        )
        for kind, value, basis in impacts[["impact_kind", "value", "basis"]].itertuples(index=False)
    )


def show_detail(detail: ProgrammeDetail) -> None:
    lines = [
        t("programmes.detail.carrier", carrier=detail.carrier),
        t(
            "programmes.detail.perimeter",
            perimeter=t("programmes.perimeter", name=detail.perimeter, level=label(Level(detail.perimeter_level))),
        ),
        t("programmes.detail.dates", dates=dates_text(detail.start, detail.end)),
    ]
    if detail.budget_eur is None:
        lines.append(t("programmes.detail.no_budget"))
    elif detail.budget_note:
        lines.append(t("programmes.detail.budget_note", budget=fmt_eur(detail.budget_eur), note=detail.budget_note))
    else:
        lines.append(t("programmes.detail.budget", budget=fmt_eur(detail.budget_eur)))
    if detail.fte is None:
        lines.append(t("programmes.detail.no_fte"))
    else:
        lines.append(t("programmes.detail.fte", fte=figure_text(detail.fte)))
    if detail.funders.empty:
        lines.append(t("programmes.detail.no_funders"))
    else:
        funders = [
            t(
                "programmes.detail.funder",
                funder=md_escape(row.funder_label),
                amount=fmt_eur(row.amount_eur),
                phase=md_escape(row.phase_label),
                status=label(FundingStatus(row.status)).lower(),
            )
            for row in detail.funders.itertuples()
        ]
        lines.append(t("programmes.detail.funders", funders=" ; ".join(funders)))
    st.markdown("  \n".join(lines))
    if detail.description:
        user_text(detail.description)
    st.caption(t("programmes.detail.source", source=md_escape(detail.source)))

    st.markdown(f"**{t('programmes.key_figures')}**")
    if detail.key_figures.empty:
        st.caption(t("programmes.key_figures.none"))
    else:
        figures = list(detail.key_figures.itertuples())
        for start in range(0, len(figures), KEY_FIGURES_PER_ROW):
            row_figures = figures[start : start + KEY_FIGURES_PER_ROW]
            for column, figure in zip(st.columns(KEY_FIGURES_PER_ROW), row_figures, strict=False):
                column.metric(figure.label, f"{figure_text(figure.value)} {figure.unit}")
        sources = md_escape(" ; ".join(sorted(set(detail.key_figures["source"]))))
        st.caption(t("programmes.key_figures.caption", source=sources))

    synergies = detail.synergies
    st.markdown(f"**{t('programmes.synergies', count=fmt_int(len(synergies)))}**")
    if synergies.empty:
        st.caption(t("programmes.synergies.none"))
        return
    counts = detail.synergy_counts()
    st.markdown(
        " · ".join(t("programmes.synergies.count", status=label(s), count=fmt_int(n)) for s, n in counts.items())
    )
    # Memoised (dashboard.ui.cache.memo): one impacts text per synergy was most of the page's server time.
    st.dataframe(memo(synergies_table, synergies, detail.impacts), hide_index=True, width="stretch")
    st.caption(t("programmes.synergies.caption"))


def synergies_table(synergies: pd.DataFrame, impacts_by_row: pd.DataFrame) -> pd.DataFrame:
    """A programme's synergies as shown: French labels, dates, and each synergy's impacts in one line."""
    impacts = {synergy_id: group for synergy_id, group in impacts_by_row.groupby("synergy_id")}
    return pd.DataFrame(
        {
            t("programmes.col.synergy"): synergies["title"],
            t("programmes.col.type"): [label(SynergyType(v)) for v in synergies["synergy_type"]],
            t("programmes.col.status"): [label(SynergyStatus(v)) for v in synergies["status"]],
            t("programmes.col.status_date"): [fmt_date(_timestamp_date(d)) for d in synergies["status_date"]],
            t("programmes.col.participants"): [fmt_int(n) if n else "–" for n in synergies["participants"]],
            t("programmes.col.impacts"): [
                impacts_text(impacts[s]) if s in impacts else "" for s in synergies["synergy_id"]
            ],
            t("programmes.col.origin"): [
                label(SynergyOrigin.DEMO) if is_demo else label(SynergyOrigin(origin))
                for origin, is_demo in zip(synergies["origin"], synergies["is_demo"], strict=True)
            ],
        }
    )


def show_comparison(all_programmes: pd.DataFrame, data_as_of: dt.date | None) -> None:
    candidates = all_programmes[all_programmes["has_key_figures"]]
    if candidates.empty:
        st.info(t("programmes.compare.none"))
        return
    st.caption(t("programmes.compare.help"))
    names = dict(zip(candidates["programme_id"], candidates["name"], strict=True))
    chosen = st.multiselect(
        t("programmes.compare.choose"),
        list(names),
        default=list(names),
        format_func=lambda programme_id: short_name(names[programme_id]),
        key="programmes.compare.programmes",
    )
    if not chosen:
        st.info(t("programmes.compare.none_chosen"))
        return
    comparison = cached(programmes.comparison, tuple(chosen))
    headers = [short_name(comparison.names[p]) for p in comparison.values.columns]
    shown = pd.DataFrame(
        [
            [fmt_number(value, ROW_DECIMALS.get(ComparisonRow(row), 0)) for value in comparison.values.loc[row]]
            for row in comparison.values.index
        ],
        index=[t(f"programmes.row.{row}") for row in comparison.values.index],
        columns=headers,
    )
    shown.index.name = t("programmes.compare.figure_col")
    st.table(shown)  # small and static: printed as text, legible on a shared screen and in screenshots
    with st.expander(t("programmes.compare.mapping")):
        origins = comparison.origins.map(lambda text: text or "–")
        origins.index = shown.index
        origins.columns = headers
        st.dataframe(origins, width="stretch")

    row = st.selectbox(
        t("programmes.compare.figure"),
        list(ComparisonRow),
        format_func=lambda code: t(f"programmes.row.{ComparisonRow(code).value}"),
        key="programmes.compare.figure",
    )
    context = ChartContext(
        territory=t("programmes.compare.scope", count=fmt_int(len(chosen))),
        period=t("programmes.compare.period"),
        source=t("programmes.compare.source", sources=" ; ".join(map(short_source, comparison.sources))),
        data_as_of=data_as_of,
    )
    chart(cached_drawn_figure(comparison_figure, comparison, ComparisonRow(row), context), "programmes.comparison")


def show_sections(listed: pd.DataFrame, all_programmes: pd.DataFrame, data_as_of: dt.date | None) -> None:
    """One programme's sheet and the programmes side by side, in two tabs of which only the open one is drawn
    (dashboard.ui.lazy): the sheet first, as the page always opened on it."""
    sheet, compared = lazy_tabs([t("programmes.section.detail"), t("programmes.section.compare")], key=SECTIONS_KEY)
    if is_open(sheet):
        with sheet:
            names = dict(zip(listed["programme_id"], listed["name"], strict=True))
            chosen_id = st.selectbox(
                t("programmes.choose"), list(names), format_func=names.__getitem__, key="programmes.detail"
            )
            detail = cached(programmes.programme_detail, chosen_id)
            if detail is not None:
                show_detail(detail)
    if is_open(compared):
        with compared:
            show_comparison(all_programmes, data_as_of)
