"""Self-assessment chart builders on the responses of the test world (tests/world/README.md §4)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.charts import ChartContext
from dashboard.charts.self_assessment import levels_figure, themes_radar_figure, yearly_figure
from dashboard.db import Database
from dashboard.eit.self_assessment import summary
from dashboard.i18n import PLOTLY_SEPARATORS
from tests.world.build import VENDOMOIS

END_2025 = dt.date(2025, 12, 31)


@pytest.fixture
def sa_db(world_db: Database) -> Database:
    """A copy of the test world of this test's own (tests/conftest.py)."""
    return world_db


CONTEXT = ChartContext("CA Territoires Vendômois", "réponses au 31/12/2025", "questionnaires", dt.date(2025, 12, 31))


def test_radar_shows_first_and_latest_closed_polygons(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    fig = themes_radar_figure(result, CONTEXT)
    first, latest = fig.data
    assert first.line.dash == "dot"
    assert list(latest.r) == pytest.approx([3.25, 2.75, 2.75, 2.75, 3.25])  # closed on the energy score
    assert latest.theta[0] == latest.theta[-1] == "Énergie"
    assert latest.theta[2] == "Eau, agriculture,<br>biodiversité"  # wrapped to fit a half-width column
    assert latest.name == "Dernière réponse (5 acteurs)"
    assert fig.layout.polar.radialaxis.range == (0, 5)
    assert "CA Territoires Vendômois" in fig.layout.title.text


def test_radar_without_progress_has_one_trace(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, dt.date(2024, 12, 31))
    assert result is not None
    assert len(themes_radar_figure(result, CONTEXT).data) == 1


def test_masked_summary_draws_no_score(sa_db: Database) -> None:
    result = summary(sa_db, "commune:41226", END_2025)
    assert result is not None
    for builder in (themes_radar_figure, levels_figure, yearly_figure):
        fig = builder(result, CONTEXT)
        assert not fig.data
        assert "masqué" in fig.layout.annotations[0].text


def test_levels_bars_count_actors(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    (bars,) = levels_figure(result, CONTEXT).data
    assert list(bars.y) == ["Niveau débutant", "Niveau intermédiaire", "Niveau avancé", "Niveau exemplaire"]
    assert list(bars.x) == [1, 0, 3, 1]
    assert len(set(bars.marker.color)) == 4  # one shade per level, light to dark


def test_yearly_lines_one_per_theme_in_canonical_order(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    fig = yearly_figure(result, CONTEXT)
    assert [trace.name for trace in fig.data] == [
        "Énergie",
        "Déchets et économie circulaire",
        "Eau, agriculture, biodiversité",
        "Mobilité",
    ]
    energy = fig.data[0]
    assert list(energy.x) == ["2024", "2025"]
    assert list(energy.y) == pytest.approx([6.25 / 4, 16.25 / 4])
    assert fig.layout.separators == PLOTLY_SEPARATORS
