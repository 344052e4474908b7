"""Observatoire territorial EIT: the Streamlit entry point (`streamlit run app.py`).

The shell only: page configuration, first-start demo build, navigation, and the sidebar + header shared by
every page. Pages live in pages/ and stay thin (queries and logic are in the dashboard package); a page
reads the sidebar's choice with `dashboard.ui.sidebar.current_selection()`.
"""

from __future__ import annotations

import streamlit as st

from dashboard.auth import PermissionDenied
from dashboard.db import DatabaseLockedError
from dashboard.i18n import t
from dashboard.pgstore import StoreUnavailableError
from dashboard.ui.auth import ADMIN_PAGES, guard_page, require_sign_in, show_denied
from dashboard.ui.cache import get_database
from dashboard.ui.first_start import ensure_database
from dashboard.ui.french_chrome import install_french_chrome
from dashboard.ui.header import render_header
from dashboard.ui.heap import freeze_after_first_run
from dashboard.ui.locked import show_database_locked, show_store_unavailable, unexpected_errors_explained
from dashboard.ui.navigation import page
from dashboard.ui.sidebar import render_sidebar

# An emoji favicon is drawn locally; a :material/ favicon would be fetched from Google Fonts (offline use).
st.set_page_config(page_title=t("app.title"), page_icon="♻️", layout="wide")
install_french_chrome()  # Streamlit's own English texts (tooltips, menus, screen-reader labels) in French

if not ensure_database():
    st.stop()
try:
    database = get_database()
except DatabaseLockedError:
    show_database_locked()
    st.stop()
except StoreUnavailableError as unavailable:
    show_store_unavailable(unavailable)
    st.stop()
with unexpected_errors_explained(before_navigation=True):  # a French message and a reference, never Streamlit's
    require_sign_in(database)  # the sign-in page (or the first administrator's creation) until someone is signed in

# Explicit pages grouped in labelled sections; the first page of the first section is the default.
# Declare pages with dashboard.ui.navigation.page(...) so that page links know which pages exist, and which pages
# the signed-in role may open (dashboard.ui.auth.page_allowed).
# .streamlit/config.toml hides Streamlit's automatic pages/ listing (raw file names) of a new process's first run;
# the app's own navigation below is drawn in the sidebar (the option also hides it unless turned back on).
st.set_option("client.showSidebarNavigation", True)
navigation = st.navigation(
    {
        t("nav.section.overview"): [
            page("pages/accueil.py", t("nav.page.home"), ":material/home:", default=True),
            page("pages/objectifs.py", t("nav.page.objectives"), ":material/flag:"),
            page("pages/copil.py", t("nav.page.copil"), ":material/co_present:"),
            page("pages/rapport.py", t("nav.page.report"), ":material/picture_as_pdf:"),
        ],
        t("nav.section.observatory"): [
            page("pages/artisanat.py", t("nav.page.artisanat"), ":material/storefront:"),
        ],
        t("nav.section.programmes"): [
            page("pages/programmes.py", t("nav.page.programmes"), ":material/hub:"),
            page("pages/conventions.py", t("nav.page.conventions"), ":material/handshake:"),
            page("pages/autoevaluation.py", t("nav.page.self_assessment"), ":material/checklist:"),
        ],
        t("nav.section.companies"): [
            page("pages/entreprises.py", t("nav.page.companies"), ":material/factory:"),
            page("pages/synergies.py", t("nav.page.synergies"), ":material/share:"),
            page("pages/carte.py", t("nav.page.map"), ":material/map:"),
            page("pages/detection.py", t("nav.page.detection"), ":material/join_inner:"),
        ],
        t("nav.section.data"): [
            page("pages/donnees.py", t("nav.page.data"), ":material/upload_file:"),
        ],
        t("nav.section.admin"): [page(path, t(title), icon) for path, title, icon in ADMIN_PAGES],
    },
    expanded=True,  # every page listed: a collapsed list would add Streamlit's English "View more"
)
with unexpected_errors_explained():
    selection = render_sidebar(database)
    if navigation.url_path != "copil":  # the COPIL presenter is full screen: its own title line, no page header
        render_header(selection, navigation.title)
    try:
        guard_page(navigation)  # the page of a shared link after sign-in; a page this role is not offered: refused
        navigation.run()
    except PermissionDenied as denied:  # a core function refused this actor: say why instead of a traceback
        show_denied(denied)
freeze_after_first_run()  # once per process: full garbage collections then skip what every session shares
