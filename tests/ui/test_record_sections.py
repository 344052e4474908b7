"""The entry sections' forms run as fragments (dashboard.ui.record_sections): a fragment's run alone is not
inside app.py's guard, so each form brings its own."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _failing_form_page() -> None:
    from dashboard.ui.record_sections import _fragment

    @_fragment
    def form() -> None:
        raise RuntimeError("a save failing in the database")

    form()  # as a fragment's run alone would: no guard of app.py around it


def test_a_form_failing_in_its_own_run_says_so_in_french_with_a_reference() -> None:
    at = AppTest.from_function(_failing_form_page).run()
    assert not at.exception  # not Streamlit's English error box
    (error,) = at.error
    assert error.value.startswith("Une erreur inattendue a interrompu cette page.")
    assert "référence" in error.value
