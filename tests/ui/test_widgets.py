"""Input widgets shared by several pages (dashboard.ui.widgets)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from dashboard.codes import FlowFamily
from dashboard.i18n import label


def _page() -> None:
    import streamlit as st

    from dashboard.ui.widgets import flow_family_filter

    # codes of the flows recorded on a territory (a set: no order)
    chosen = flow_family_filter("map.family_filter", {"eau", "dechet", "energie"}, key="families")
    st.markdown(f"choisies : {','.join(family.value for family in chosen) or 'toutes'}")


def test_the_families_present_in_code_order_and_empty_means_every_family() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    (families,) = at.multiselect
    assert families.label == "Entreprises ayant des flux de la famille"
    assert families.placeholder == "Toutes les entreprises"
    # in the codes' order (matière, déchet, énergie, eau, …), the families without a flow left out
    assert families.options == [label(family) for family in (FlowFamily.DECHET, FlowFamily.ENERGIE, FlowFamily.EAU)]
    assert at.markdown[0].value == "choisies : toutes"
    families.set_value([FlowFamily.EAU]).run()
    assert at.markdown[0].value == "choisies : eau"
