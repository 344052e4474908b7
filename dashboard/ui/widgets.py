"""Small input widgets shared by several pages' section modules (a page's section module imports no other page's)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from dashboard.codes import FlowFamily
from dashboard.i18n import label, t


def flow_family_filter(label_key: str, present: set[str], *, key: str, **options: Any) -> list[FlowFamily]:
    """A multiselect of the flow families among `present` (codes), in the code order; empty: every family. Its
    placeholder is `label_key`'s « .placeholder » message. Used by the Carte and Détection de synergies pages."""
    return st.multiselect(
        t(label_key),
        [family for family in FlowFamily if family.value in present],
        format_func=label,
        placeholder=t(f"{label_key}.placeholder"),
        key=key,
        **options,
    )
