"""The French chrome layer (dashboard/ui/french_chrome.py): its texts, its script's guard, and empty tables told in a
sentence instead of Streamlit's table reading "empty"."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.i18n import MESSAGES
from dashboard.ui.french_chrome import _FRENCH_CHROME_JS, ENGLISH, ENGLISH_PREFIXES, run_script


def test_every_english_text_has_a_french_text_and_none_is_left_english() -> None:
    for english, key in ENGLISH.items():
        assert MESSAGES[key] and MESSAGES[key] != english, english
    for english, key in ENGLISH_PREFIXES.items():  # a start of ours replaced, the rest (a label) kept
        assert "{label}" in MESSAGES[key] and not MESSAGES[key].startswith(english), english
    assert "<" not in _FRENCH_CHROME_JS  # DOMPurify would drop the script (see run_script)


def test_a_script_that_looks_like_markup_is_refused_rather_than_silently_dropped() -> None:
    with pytest.raises(ValueError, match="markup"):
        run_script("() => { /* <label> */ }", {})


def _tables() -> None:
    import pandas as pd

    from dashboard.ui.french_chrome import dataframe_or_sentence

    dataframe_or_sentence(pd.DataFrame({"Commune": []}), "Aucune ligne ne correspond.", hide_index=True)
    dataframe_or_sentence(pd.DataFrame({"Commune": ["Vendôme"]}), "Jamais affiché.", hide_index=True)


def test_an_empty_table_is_a_french_sentence_and_a_filled_one_a_table() -> None:
    at = AppTest.from_function(_tables).run()
    assert not at.exception
    assert [caption.value for caption in at.caption] == ["Aucune ligne ne correspond."]
    assert len(at.dataframe) == 1 and list(at.dataframe[0].value["Commune"]) == ["Vendôme"]
