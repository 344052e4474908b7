"""Rapport trimestriel: the quarterly report in one click (PDF, PNG bundle, XLSX), frozen figures, deltas.

The page draws `dashboard.ui.rapport`; the report itself is the core package `dashboard.report`.
"""

from __future__ import annotations

from dashboard.ui.page import open_page
from dashboard.ui.rapport import render_rapport
from dashboard.ui.sidebar import current_selection

open_page("obj.empty_db")  # the page contract: the one empty-database message (and a stop)
render_rapport(current_selection())
