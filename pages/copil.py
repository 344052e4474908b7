"""Mode COPIL: the targets and realisations as a full-screen presentation for a steering committee.

One group of indicators per screen, large type, no company name; PageDown/PageUp or the arrow keys move
between screens. The presenter lives in `dashboard.ui.copil`, its screens in `dashboard.report.screens`.
"""

from __future__ import annotations

from dashboard.ui.copil import render_copil
from dashboard.ui.page import open_page
from dashboard.ui.sidebar import current_selection

open_page("obj.empty_db")  # the page contract: the one empty-database message (and a stop)
render_copil(current_selection())
