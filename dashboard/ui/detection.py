"""Widgets of the detection page that must act on what the user saw, not on what a rerun recomputed."""

from __future__ import annotations

import streamlit as st

from dashboard.detection.preview import DetectionPreview
from dashboard.i18n import t

# Session entry holding the key of the proposal displayed when Accepter or Écarter was clicked.
DISPLAYED_KEY = "detect.displayed_key"


def _remember_displayed(key: str) -> None:
    st.session_state[DISPLAYED_KEY] = key


def decision_button(label: str, displayed_key: str, **options: object) -> bool:
    """A button that remembers, at click time, the key of the proposal shown beside it: the rerun that follows
    may recompute the list (another tab accepted it meanwhile), and must then act on that key or refuse."""
    return st.button(label, on_click=_remember_displayed, args=(displayed_key,), **options)


def clicked_key(default: str) -> str:
    """The key displayed when a decision button was clicked (then forgotten), else `default`."""
    return str(st.session_state.pop(DISPLAYED_KEY, default))


def company_names(preview: DetectionPreview) -> dict[str, str]:
    """Company names by id, neighbours across the territory's boundary marked « hors territoire »."""
    companies = preview.companies
    return {
        company_id: name if inside else t("detection.outside_name", name=name)
        for company_id, name, inside in zip(
            companies["company_id"], companies["name"], companies["in_territory"], strict=True
        )
    }
