"""Self-assessment aggregates on a frozen fixture, every figure against a hand count written here.

Questionnaire: the shipped one (12 questions, 3 per theme, 4 points each), so a theme score is
5 × 3p / 12 = 1,25 p when every question of the theme earns p points.
The responses of the test world (tests/world/README.md §4): companies in CA Territoires Vendômois (Vendôme 41269
and Saint-Ouen 41226), one outside (Saint-Pons 34284):
    A (41269): 2024-03-01 all 2 (every theme 2,5) ; 2025-10-01 energy 4 (5,0), others 2 (2,5)
    B (41269): 2024-04-01 all 0 (0)
    E (41269): 2024-05-01 all 1 (1,25) ; 2025-09-15 all 3 (3,75)
    C (41226): 2025-10-10 all 4 (5,0)
    F (41269): 2024-06-01 all 2 (2,5) ; 2025-11-01 all 2 (2,5)
    D (34284): 2025-01-01 all 4 (another EPCI: never counted for Vendômois)
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.db import Database
from dashboard.eit.self_assessment import level_of, questionnaires, summary
from tests.world.build import SA_ENERGY_THEME as ENERGY
from tests.world.build import VENDOMOIS

END_2025 = dt.date(2025, 12, 31)


@pytest.fixture
def sa_db(world_db: Database) -> Database:
    """A copy of the test world of this test's own (tests/conftest.py)."""
    return world_db


def test_counts_use_the_actors_of_the_territory_up_to_the_period_end(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    assert result.respondents == 5  # A, B, E, C, F (D is elsewhere)
    assert result.responses == 8
    assert result.repeat_respondents == 3  # A, E, F
    assert [q.responses for q in questionnaires(sa_db, VENDOMOIS, END_2025)] == [8]


def test_latest_scores_per_theme_and_average(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    themes = result.themes.set_index("theme_code")
    # latest responses: A energy 5, others 2,5 ; B 0 ; E 3,75 ; C 5 ; F 2,5
    assert themes.loc[ENERGY, "latest"] == pytest.approx((5 + 0 + 3.75 + 5 + 2.5) / 5)  # 3,25
    assert themes.loc["mobilite", "latest"] == pytest.approx((2.5 + 0 + 3.75 + 5 + 2.5) / 5)  # 2,75
    # actors' averages 3,125 ; 0 ; 3,75 ; 5 ; 2,5 → 2,875, "Niveau avancé" (from 2,5)
    assert result.average == pytest.approx(2.875)
    assert result.level == "Niveau avancé"
    assert list(themes.index) == ["energie", "dechets_economie_circulaire", "eau_agriculture_biodiversite", "mobilite"]


def test_actors_per_level(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    counts = dict(zip(result.levels["label"], result.levels["actors"], strict=True))
    # B 0 → débutant ; nobody in [1,5 ; 2,5) ; A 3,125, E 3,75, F 2,5 → avancé ; C 5 → exemplaire
    assert counts == {"Niveau débutant": 1, "Niveau intermédiaire": 0, "Niveau avancé": 3, "Niveau exemplaire": 1}


def test_progress_of_the_actors_who_answered_twice(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    themes = result.themes.set_index("theme_code")
    # A, E, F: first energy 2,5 ; 1,25 ; 2,5 → latest 5 ; 3,75 ; 2,5
    assert themes.loc[ENERGY, "first"] == pytest.approx(6.25 / 3)
    assert themes.loc[ENERGY, "latest_repeat"] == pytest.approx(11.25 / 3)
    assert themes.loc[ENERGY, "change"] == pytest.approx(5 / 3)
    assert themes.loc["mobilite", "change"] == pytest.approx((8.75 - 6.25) / 3)


def test_yearly_means_of_the_responses_submitted_each_year(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, END_2025)
    assert result is not None
    yearly = result.yearly.set_index(["year", "theme_code"])
    assert yearly.loc[(2024, ENERGY), "respondents"] == 4  # A, B, E, F
    assert yearly.loc[(2024, ENERGY), "score"] == pytest.approx((2.5 + 0 + 1.25 + 2.5) / 4)
    assert yearly.loc[(2025, ENERGY), "score"] == pytest.approx((5 + 3.75 + 5 + 2.5) / 4)
    assert yearly.loc[(2025, "mobilite"), "score"] == pytest.approx((2.5 + 3.75 + 5 + 2.5) / 4)


def test_the_period_end_cuts_later_responses(sa_db: Database) -> None:
    result = summary(sa_db, VENDOMOIS, dt.date(2024, 12, 31))
    assert result is not None
    assert (result.respondents, result.responses, result.repeat_respondents) == (4, 4, 0)
    assert result.progress_masked
    assert result.themes["change"].isna().all()
    # averages 2,5 ; 0 ; 1,25 ; 2,5 → 1,5625
    assert result.average == pytest.approx(1.5625)
    assert result.level == "Niveau intermédiaire"


def test_fewer_than_three_actors_are_masked(sa_db: Database) -> None:
    result = summary(sa_db, "commune:41226", END_2025)  # C alone
    assert result is not None
    assert result.masked and result.respondents == 1
    assert result.average is None and result.level is None
    assert result.themes["latest"].isna().all()
    assert result.levels.empty and result.yearly.empty


def test_no_response_gives_none(sa_db: Database) -> None:
    assert summary(sa_db, VENDOMOIS, dt.date(2023, 12, 31)) is None
    assert summary(sa_db, "epci:200066348", dt.date(2024, 12, 31)) is None
    assert questionnaires(sa_db, "epci:200066348", dt.date(2024, 12, 31)) == []


def test_level_thresholds_are_inclusive(sa_db: Database) -> None:
    levels = sa_db.query_df("SELECT min_score, label FROM sa_level ORDER BY min_score")
    assert level_of(2.5, levels) == "Niveau avancé"
    assert level_of(2.49, levels) == "Niveau intermédiaire"
    assert level_of(0.0, levels) == "Niveau débutant"
