"""The page contract: what every data page starts from, written once.

A page calls `open_page(empty_key)` first. It gets the sidebar's territory and period, the dataset's "données
au" date, the date its figures are as of (the one rule of dashboard.scope) and a `chart_context(...)` for its
charts, or, on a database without data, the page shows `empty_key`'s French message with the way to load data
and stops there. The shared header (dashboard.ui.header) states the period and the "données au" date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from dashboard.charts import ChartContext
from dashboard.eit import metrics
from dashboard.geography.territories import Territory, period_label
from dashboard.i18n import t
from dashboard.scope import Period, figures_as_of
from dashboard.ui.cache import cached
from dashboard.ui.navigation import page_link
from dashboard.ui.sidebar import current_selection


def cell_date(value: object) -> dt.date | None:
    """A date cell of a read's DataFrame as a date (None when empty): pandas hands back Timestamp, NaT or NaN."""
    if value is None or value is pd.NaT or (isinstance(value, float) and pd.isna(value)):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    return value if isinstance(value, dt.date) else None


@dataclass(frozen=True)
class PageContext:
    territory: Territory
    period: Period
    info: metrics.DatasetInfo

    @property
    def scope(self) -> str:
        """The scope key of the selected territory (dashboard.scope)."""
        return self.territory.territory_id

    @property
    def as_of(self) -> dt.date:
        """The date the page's figures are as of: the period end, or the data date when the data stop earlier."""
        return figures_as_of(self.period, self.info.data_as_of)

    def is_demo(self) -> bool:
        """Whether fictitious records are behind the figures (the whole dataset, or rows of the scope)."""
        return self.info.is_demo_dataset or cached(metrics.demo_rows_in_scope, self.scope)

    def chart_context(self, source: str, *, period_text: str | None = None) -> ChartContext:
        """The caption of a chart of this page: territory, period, source, "données au", demo flag."""
        return ChartContext(
            territory=self.territory.name,
            period=period_text or period_label(self.period),
            source=source,
            data_as_of=self.info.data_as_of,
            is_demo=self.is_demo(),
        )


def open_page(empty_key: str, *, show_build_command: bool = True) -> PageContext:
    """The page's context; on a database without data, the empty-state message and a stop."""
    selection = current_selection()
    if selection.territory is None or selection.period is None or not cached(metrics.database_has_records):
        st.info(t(empty_key))
        if show_build_command:
            st.code("python -m dashboard build-demo", language="bash")
        page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
        st.stop()
    return PageContext(selection.territory, selection.period, cached(metrics.dataset_info))
