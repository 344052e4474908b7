"""The page header, identical on every page: title, territory (+ level), period, the date its figures are as of
(dashboard.scope's rule, when the period ended before the data date), "données au", demo badge."""

from __future__ import annotations

import streamlit as st

from dashboard.eit import metrics
from dashboard.geography.territories import Selection, period_label, territory_label
from dashboard.i18n import fmt_date, t
from dashboard.scope import figures_as_of
from dashboard.ui.cache import cached
from dashboard.ui.text import md_escape


def data_as_of_text(info: metrics.DatasetInfo) -> str:
    """'données au 22/11/2026', flagged when the date comes from the import log, or 'date … inconnue'."""
    if info.data_as_of is None:
        return t("header.data_as_of_unknown")
    key = "header.data_as_of_import" if info.as_of_from_import else "header.data_as_of"
    return t(key, date=fmt_date(info.data_as_of))


def render_header(selection: Selection, page_title: str) -> None:
    """Draw the header of the current page for the sidebar's selection."""
    info = cached(metrics.dataset_info)
    st.title(page_title)
    if selection.territory is None or selection.period is None:
        st.markdown(f"**{t('header.no_territory')}** · {data_as_of_text(info)}")
        return
    is_demo = info.is_demo_dataset or cached(metrics.demo_rows_in_scope, selection.territory.territory_id)
    parts = [f"**{md_escape(territory_label(selection.territory))}**", period_label(selection.period)]
    as_of = figures_as_of(selection.period, info.data_as_of)
    if info.data_as_of is None or as_of < info.data_as_of:  # a past period: its figures stop at its end
        parts.append(t("header.figures_as_of", date=fmt_date(as_of)))
    parts.append(data_as_of_text(info))
    line = " · ".join(parts)
    if is_demo:
        line += f" &nbsp; :orange-badge[:material/science: {t('badge.demo')}]"
    st.markdown(line)
