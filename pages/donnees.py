"""Données : what the database holds, import with a full validation report, templates, exports.

The sections live in dashboard.ui.donnees; the backup section (administrators) in dashboard.ui.backup.
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.ui.backup import show_backup
from dashboard.ui.donnees import show_content, show_export, show_import, show_register_import, show_templates
from dashboard.ui.sidebar import current_selection

# Only the export depends on the territory, but asking for the selection makes a deep link (/donnees as the
# first request of the server) run through app.py, with its header and sidebar.
current_selection()
st.caption(t("data.intro"))
show_content()
show_import()
show_register_import()
show_templates()
show_export()
show_backup()
