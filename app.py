"""Observatoire territorial EIT: the Streamlit entry point (`streamlit run app.py`).

The shell only: page configuration, first-start demo build, navigation, and the sidebar + header shared by
every page. Pages live in pages/ and stay thin (queries and logic are in the dashboard package).
"""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t
from dashboard.ui.first_start import ensure_database

st.set_page_config(page_title=t("app.title"), page_icon=":material/recycling:", layout="wide")

if not ensure_database():
    st.stop()

# Explicit pages grouped in labelled sections; the first page of the first section is the default.
navigation = st.navigation(
    {
        t("nav.section.overview"): [
            st.Page("pages/accueil.py", title=t("nav.page.home"), icon=":material/home:", default=True),
        ],
        # Section "Démarches": pages/programmes.py and pages/conventions.py go here, e.g.
        # t("nav.section.programmes"): [st.Page("pages/programmes.py", title=..., icon=...), ...],
        # Section "Données": pages/donnees.py goes here, e.g.
        # t("nav.section.data"): [st.Page("pages/donnees.py", title=..., icon=...)],
    }
)
navigation.run()
