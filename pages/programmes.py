"""Démarches: the programmes of the selected territory, one programme's sheet, and programmes side by side."""

from __future__ import annotations

import streamlit as st

from dashboard.eit import metrics, programmes
from dashboard.i18n import fmt_int, t
from dashboard.ui.cache import cached, get_database
from dashboard.ui.navigation import page_link
from dashboard.ui.programmes import show_list, show_sections
from dashboard.ui.record_sections import programme_section
from dashboard.ui.sidebar import current_selection
from dashboard.ui.text import md_escape

selection = current_selection()
info = cached(metrics.dataset_info)
all_programmes = cached(programmes.programmes_for_territory, None)
if all_programmes.empty:
    st.info(t("programmes.none"))
    page_link("pages/donnees.py", t("home.link.data"), ":material/upload_file:")
    st.stop()

territory = selection.territory
listed = all_programmes if territory is None else cached(programmes.programmes_for_territory, territory.territory_id)
if territory is not None and listed.empty:
    st.info(t("programmes.none_here", territory=md_escape(territory.name)))
    listed = all_programmes
if listed is all_programmes:
    show_list(listed, t("programmes.section.all", count=fmt_int(len(listed))), scoped=False)
else:
    show_list(listed, t("programmes.section.list", count=fmt_int(len(listed))), scoped=True)

show_sections(listed, all_programmes, info.data_as_of)
programme_section(get_database())
