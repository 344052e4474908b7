"""Home-page charts: figure data, colours, and titles that stand alone in a screenshot."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.charts import OKABE_ITO, ChartContext
from dashboard.charts.home import BEHIND_COLOUR, REACHED_COLOUR, STATUS_COLOURS, synergy_status_figure, targets_figure
from dashboard.codes import ScopeType, SynergyStatus, ValueKind
from dashboard.eit.metrics import Headline, HeadlineFigure, TargetValue
from dashboard.i18n import PLOTLY_SEPARATORS

CONTEXT = ChartContext(
    territory="CA Territoires Vendômois",
    period="Année 2022",
    source="enregistrements de l'observatoire",
    data_as_of=dt.date(2022, 11, 30),
    is_demo=True,
)


def _target(value: float, year: int = 2022) -> TargetValue:
    return TargetValue(
        "x", ValueKind.TARGET, year, value, ScopeType.TERRITORY, "Vendômois", "Fiche", dt.date(2019, 6, 26)
    )


def _title(fig: object) -> str:
    return fig.layout.title.text  # type: ignore[attr-defined]


def test_titles_carry_territory_period_source_and_date() -> None:
    fig = synergy_status_figure({SynergyStatus.REALISED: 2}, CONTEXT)
    title = _title(fig)
    for expected in (
        "Synergies par statut",
        "CA Territoires Vendômois",
        "Année 2022",
        "Source : enregistrements",
        "données au 30/11/2022",
        "données de démonstration",
    ):
        assert expected in title
    assert fig.layout.separators == PLOTLY_SEPARATORS
    no_date = ChartContext("X", "Année 2020", "s", None)
    assert "date des données inconnue" in _title(targets_figure([], no_date))
    assert "démonstration" not in _title(targets_figure([], no_date))


def test_synergy_status_figure_data_and_colours() -> None:
    counts = {
        SynergyStatus.IDENTIFIED: 5,
        SynergyStatus.IN_STUDY: 3,
        SynergyStatus.REALISED: 1_234,
        SynergyStatus.ABANDONED: 2,
    }
    (bar,) = synergy_status_figure(counts, CONTEXT).data
    assert list(bar.x) == ["Identifiée", "En étude", "En cours", "Réalisée", "Abandonnée"]
    assert list(bar.y) == [5, 3, 0, 1_234, 2]
    assert list(bar.text)[3] == "1\u202f234"  # French grouping in the labels too
    assert list(bar.marker.color) == [
        STATUS_COLOURS[SynergyStatus.IDENTIFIED],
        STATUS_COLOURS[SynergyStatus.IN_STUDY],
        STATUS_COLOURS[SynergyStatus.IN_PROGRESS],
        STATUS_COLOURS[SynergyStatus.REALISED],
        STATUS_COLOURS[SynergyStatus.ABANDONED],
    ]
    assert len(set(bar.marker.color)) == 5  # one distinct colour per status
    assert set(STATUS_COLOURS.values()) <= set(OKABE_ITO)


def test_synergy_status_figure_without_synergy_says_so() -> None:
    fig = synergy_status_figure({}, CONTEXT)
    assert not fig.data
    assert fig.layout.annotations[0].text == "Aucune synergie identifiée à la fin de la période"


def test_targets_figure_shows_share_of_each_target() -> None:
    figures = [
        HeadlineFigure(Headline.COMPANIES_MOBILISED, 82, 12, 300, target=_target(100)),
        HeadlineFigure(Headline.DIAGNOSTICS, 90, 10, 90),  # no target: not drawn
        HeadlineFigure(Headline.SYNERGIES, 30, 4, 40, target=_target(24)),
    ]
    (bar,) = targets_figure(figures, CONTEXT).data
    assert list(bar.y) == [
        "Entreprises mobilisées<br>(objectif 2022 : 100)",
        "Synergies engagées<br>(objectif 2022 : 24)",
    ]
    assert list(bar.x) == pytest.approx([82, 125])
    assert list(bar.text) == ["82\u00a0% (82)", "125\u00a0% (30)"]
    assert list(bar.marker.color) == [BEHIND_COLOUR, REACHED_COLOUR]
    assert "Réalisé par rapport aux objectifs" in _title(targets_figure(figures, CONTEXT))


def test_targets_figure_without_target_says_so() -> None:
    fig = targets_figure([HeadlineFigure(Headline.DIAGNOSTICS, 3, 1, 3)], CONTEXT)
    assert not fig.data
    assert fig.layout.annotations[0].text == "Aucun objectif fixé pour ce territoire"


def test_synergy_status_ticks_never_cut() -> None:
    """The y-axis margin grows with its tick labels: '20' stays '20' (it was cut to '0')."""
    from dashboard.charts import ChartContext
    from dashboard.charts.home import synergy_status_figure
    from dashboard.codes import SynergyStatus

    context = ChartContext("CA Territoires Vendômois", "Année 2022", "saisies", None)
    fig = synergy_status_figure({SynergyStatus.IDENTIFIED: 20, SynergyStatus.REALISED: 12}, context)
    assert fig.layout.yaxis.automargin is True
