"""Programme comparison chart built from a frozen comparison: bars, missing programmes, title, separators."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.charts import ChartContext
from dashboard.charts.programmes import BAR_COLOUR, comparison_figure
from dashboard.eit.programmes import Comparison, ComparisonRow
from dashboard.i18n import PLOTLY_SEPARATORS

CONTEXT = ChartContext("3 démarches comparées", "chiffres clés tels que publiés", "recueil PACA", dt.date(2026, 10, 31))
ROWS = [row.value for row in ComparisonRow]


def _comparison() -> Comparison:
    values = pd.DataFrame(
        {"a": [float("nan")] * len(ROWS), "b": [float("nan")] * len(ROWS), "c": [float("nan")] * len(ROWS)},
        index=ROWS,
    )
    values.loc["diagnostics"] = [16, float("nan"), 1234]
    values.loc["fte"] = [0.65, 1.6, float("nan")]
    names = {"a": "PIICTO – Plateforme", "b": "EBG – Bois de Grasse", "c": "Club PAL"}
    return Comparison(values, values.map(lambda _: ""), names, ["recueil PACA"])


def test_bars_for_published_values_largest_on_top() -> None:
    fig = comparison_figure(_comparison(), ComparisonRow.DIAGNOSTICS, CONTEXT)
    (bar,) = fig.data
    # ascending: Plotly draws the first category at the bottom, so the largest is on top
    assert list(bar.y) == ["PIICTO", "Club PAL"] and list(bar.x) == [16, 1234]
    assert list(bar.text) == ["16", "1\u202f234"]
    assert bar.orientation == "h" and bar.marker.color == BAR_COLOUR
    # EBG does not publish diagnostics: no bar (never a zero), named in a note
    (note,) = fig.layout.annotations
    assert note.text == "Non publié : EBG"


def test_decimals_of_fractional_rows() -> None:
    fig = comparison_figure(_comparison(), ComparisonRow.FTE, CONTEXT)
    (bar,) = fig.data
    assert list(bar.text) == ["0,65", "1,60"]
    assert fig.layout.xaxis.tickformat == ",.2f"
    assert fig.layout.annotations[0].text == "Non publié : Club PAL"


def test_title_stands_alone_and_french_separators() -> None:
    fig = comparison_figure(_comparison(), ComparisonRow.DIAGNOSTICS, CONTEXT)
    title = fig.layout.title.text
    for expected in (
        "Diagnostics réalisés, par démarche",
        "3 démarches comparées",
        "chiffres clés tels que publiés",
        "Source : recueil PACA",
        "données au 31/10/2026",
    ):
        assert expected in title
    assert fig.layout.separators == PLOTLY_SEPARATORS


def test_nothing_missing_no_note() -> None:
    comparison = _comparison()
    comparison.values.loc["tco2"] = [1.0, 2.0, 3.0]
    fig = comparison_figure(comparison, ComparisonRow.TCO2, CONTEXT)
    assert not fig.layout.annotations
    assert len(fig.data[0].x) == 3
