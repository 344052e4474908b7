"""Tabs and expanders whose hidden content is neither run nor sent (dashboard.ui.lazy)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import streamlit as st

    from dashboard.ui.lazy import is_open, lazy_expander, lazy_tabs

    first, second = lazy_tabs(["Premier", "Second"], key="tab")
    for tab, text in ((first, "contenu du premier"), (second, "contenu du second")):
        if is_open(tab):
            with tab:
                st.markdown(text)
    section = lazy_expander("Saisie", key="section")
    if is_open(section):
        with section:
            st.markdown("formulaire")
    plain = st.expander("Sans état")
    st.markdown(f"ouvert sans état : {is_open(plain)}")


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown]


def test_only_the_open_tab_and_an_open_expander_are_run() -> None:
    at = AppTest.from_function(_page).run()
    assert not at.exception
    assert texts(at) == ["contenu du premier", "ouvert sans état : True"]  # closed expander: nothing run
    at.session_state["tab"] = "Second"  # a click on the second tab reruns the page
    at.run()
    assert texts(at) == ["contenu du second", "ouvert sans état : True"]
    at.session_state["section"] = True  # a click on the expander's title
    at.run()
    assert texts(at) == ["contenu du second", "formulaire", "ouvert sans état : True"]


def _entry_page() -> None:
    import streamlit as st

    from dashboard.ui.lazy import entry_section

    section = entry_section("Saisir une entreprise", key="entry")
    if section is not None:
        with section:
            st.text_input("Nom", key="entry.name")


def test_an_entry_section_once_opened_keeps_what_was_typed_when_closed() -> None:
    at = AppTest.from_function(_entry_page).run()
    assert not at.text_input  # never opened: nothing run or sent
    at.session_state["entry"] = True  # opened
    at.run()
    at.text_input(key="entry.name").input("Menuiserie du Loir").run()
    at.session_state["entry"] = False  # closed again before saving
    at.run()
    at.session_state["entry"] = True  # and reopened
    at.run()
    assert at.text_input(key="entry.name").value == "Menuiserie du Loir"
