"""Accueil: headline figures of the selected territory and period (work in progress)."""

from __future__ import annotations

import streamlit as st

from dashboard.i18n import t

st.title(t("app.title"))
