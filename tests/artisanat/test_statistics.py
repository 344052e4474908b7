"""Artisan observatory figures on a small frozen dataset whose sums are worked out by hand below.

Geography (tests/factories.py): Vendôme 41269 (15 857 inhabitants) and Saint-Ouen 41226 (3 304) form the EPCI
Vendômois (department 41, region 24); Saint-Pons 34284 (2 000) and Courniou 34099 (600, no statistics) form the
EPCI Minervois (department 34, region 76).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from dashboard.artisanat import statistics as a
from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import FAMILY_ROWS, FIGURES, FRANCE, MEASURES, TOTAL, Figure, Indicator
from dashboard.db import Database
from tests.world.build import COURNIOU, MINERVOIS, SAINT_OUEN, SAINT_PONS, VENDOME, VENDOMOIS


@pytest.fixture
def stats_db(world_db: Database) -> Database:
    """The test world, read-only, whose artisan statistics are listed in tests/world/build.py (README.md §5)."""
    return world_db


# ---------------------------------------------------------------------------------------------- key figures
def test_key_figures_of_an_epci_by_hand(stats_db):
    figures = a.key_figures(stats_db, VENDOMOIS, 2024, threshold=None)
    now = figures.current
    # Vendôme + Saint-Ouen, 2024
    assert now.loc["alimentation", Figure.ESTABLISHMENTS] == 20 + 2
    assert now.loc["batiment", Figure.ESTABLISHMENTS] == 35 + 8
    assert now.loc["fabrication", Figure.ESTABLISHMENTS] == 12  # no Saint-Ouen row: zero
    assert now.loc["services", Figure.ESTABLISHMENTS] == 25 + 4
    assert now.loc[TOTAL, Figure.ESTABLISHMENTS] == 22 + 43 + 12 + 29 == 106
    assert now.loc[TOTAL, Figure.CREATIONS] == (3 + 1) + (5 + 1) + 1 + 4 == 15
    assert now.loc[TOTAL, Figure.CLOSURES] == 2 + (4 + 1) + 1 + (2 + 1) == 11
    assert now.loc[TOTAL, Figure.EMPLOYEES] == 63 + 102 + 40 + 32
    assert figures.population == 15_857 + 3_304
    assert now.loc[TOTAL, Indicator.DENSITY] == pytest.approx(106 / 19_161 * 10_000)
    assert now.loc[TOTAL, Indicator.CREATION_RATE] == pytest.approx(15 / 106)
    assert now.loc[TOTAL, Indicator.CLOSURE_RATE] == pytest.approx(11 / 106)
    assert now.loc[TOTAL, Indicator.NET_BALANCE] == 15 - 11
    assert now.loc[TOTAL, Indicator.SHARE_55_PLUS] == pytest.approx((8 + 15 + 4 + 9) / 106)
    assert now.loc["services", Indicator.SHARE_WOMEN] == pytest.approx((12 + 2) / 29)
    # 2023: Vendôme 19 + 34 + 12 + 23 = 88, Saint-Ouen 1 + 8 + 5 = 14; 2019: Vendôme 77, Saint-Ouen 7
    assert figures.previous.loc[TOTAL, Figure.ESTABLISHMENTS] == 102
    assert figures.change_1y.loc[TOTAL, Figure.ESTABLISHMENTS] == 106 - 102
    assert figures.relative_1y.loc[TOTAL, Figure.ESTABLISHMENTS] == pytest.approx(106 / 102 - 1)
    assert figures.five_years_ago.loc[TOTAL, Figure.ESTABLISHMENTS] == 84
    assert figures.change_5y.loc[TOTAL, Figure.ESTABLISHMENTS] == 22
    assert figures.change_1y.loc[TOTAL, Indicator.CREATION_RATE] == pytest.approx(15 / 106 - 12 / 102)
    assert np.isnan(figures.relative_1y.loc[TOTAL, Indicator.CREATION_RATE])  # rates change in points only
    assert list(now.index) == list(FAMILY_ROWS) and list(now.columns) == list(MEASURES)


def test_a_year_without_statistics_has_no_figures(stats_db):
    figures = a.key_figures(stats_db, VENDOMOIS, 2010)
    assert not figures.has_data
    assert figures.current[Figure.ESTABLISHMENTS].isna().all()
    assert not figures.mask.any().any()


def test_stat_years(stats_db):
    assert a.stat_years(stats_db, VENDOMOIS) == [2019, 2023, 2024]
    assert a.stat_years(stats_db, "departement:34") == [2024]
    assert a.stat_years(stats_db, COURNIOU) == []


# ---------------------------------------------------------------------------------------------- additivity
@pytest.mark.parametrize(
    "territory", [VENDOMOIS, MINERVOIS, "departement:41", "departement:34", "region:24", "region:76", FRANCE]
)
def test_commune_figures_add_up_to_the_territory(stats_db, territory):
    for year in (2019, 2023, 2024):
        figures = a.key_figures(stats_db, territory, year, threshold=None)
        for family in FAMILY_ROWS:
            communes = a.commune_table(stats_db, territory, year, family=family, threshold=None).values
            expected = figures.current.loc[family, list(FIGURES)].fillna(0)
            assert communes[list(FIGURES)].sum().tolist() == expected.tolist(), (year, family)


def test_epci_figures_add_up_to_the_department_and_region(stats_db):
    for year in (2023, 2024):
        epci = a.key_figures(stats_db, VENDOMOIS, year, threshold=None).current
        departement = a.key_figures(stats_db, "departement:41", year, threshold=None).current
        region = a.key_figures(stats_db, "region:24", year, threshold=None).current
        pd.testing.assert_frame_equal(epci[list(FIGURES)], departement[list(FIGURES)])
        pd.testing.assert_frame_equal(epci[list(FIGURES)], region[list(FIGURES)])
    france = a.key_figures(stats_db, FRANCE, 2024, threshold=None).current
    minervois = a.key_figures(stats_db, MINERVOIS, 2024, threshold=None).current
    vendomois = a.key_figures(stats_db, VENDOMOIS, 2024, threshold=None).current
    assert france[list(FIGURES)].equals(vendomois[list(FIGURES)] + minervois[list(FIGURES)])


def test_shown_commune_cells_and_hidden_ones_make_the_shown_total(stats_db):
    # Outside hidden cells the figures still add up: in every column whose territory total is shown, the hidden
    # commune cells are 0 or at least 2, and the shown ones leave exactly their sum to the total.
    secrecy = a.protect_years(stats_db, VENDOMOIS, [2024])[2024]
    for name in FIGURES:
        table = secrecy.tables[name]
        communes = table.values.drop(index=VENDOMOIS)
        hidden = table.mask.drop(index=VENDOMOIS)
        for family in FAMILY_ROWS:
            if table.mask.loc[VENDOMOIS, family]:
                continue
            count = int(hidden[family].sum())
            assert count == 0 or count >= 2, (name, family)
            shown = communes.loc[~hidden[family], family].sum()
            assert shown + communes.loc[hidden[family], family].sum() == table.values.loc[VENDOMOIS, family]


# ---------------------------------------------------------------------------------------------- secrecy
def test_one_commune_hand_checked_secrecy(stats_db):
    # Saint-Ouen 2024, families alimentation, bâtiment, fabrication, services, total:
    # establishments 2, 8, 0, 4, 14 -> alimentation secret, services (4) is its complement (fabrication's 0 is not
    # secret and not used); creations 1, 1, 0, 0, 2 -> every non-zero cell secret; employees 3, 12, 0, 2, 17 are
    # secret where establishments are fewer than 3 (alimentation) and services' 2 is the complement.
    figures = a.key_figures(stats_db, SAINT_OUEN, 2024)
    mask = figures.mask
    assert mask[Figure.ESTABLISHMENTS].tolist() == [True, False, False, True, False]
    assert mask[Figure.CREATIONS].tolist() == [True, True, False, False, True]
    assert mask[Figure.EMPLOYEES].tolist() == [True, False, False, True, False]
    # Derived indicators follow their inputs: the density from establishments, rates from both.
    assert mask[Indicator.DENSITY].tolist() == mask[Figure.ESTABLISHMENTS].tolist()
    assert mask[Indicator.CREATION_RATE].tolist() == [True, True, False, True, True]
    # Changes are hidden when either year is.
    assert (figures.change_1y_mask == (figures.mask | figures.previous_mask)).all().all()
    assert figures.previous_mask.loc["alimentation", Figure.ESTABLISHMENTS]  # 1 establishment in 2023


def test_key_figures_take_their_hidden_cells_from_the_commune_table(stats_db):
    figures = a.key_figures(stats_db, VENDOMOIS, 2024)
    secrecy = a.protect_years(stats_db, VENDOMOIS, [2024])[2024]
    pd.testing.assert_frame_equal(figures.mask, secrecy.territory_mask())
    for family in FAMILY_ROWS:
        table = a.commune_table(stats_db, VENDOMOIS, 2024, family=family)
        expected = secrecy.commune_mask(family)
        assert table.mask[list(MEASURES)].to_numpy().tolist() == expected.to_numpy().tolist()
    # Saint-Ouen's 2 food establishments are hidden on the map and in the table
    alimentation = a.commune_table(stats_db, VENDOMOIS, 2024, family="alimentation")
    shown = alimentation.display().set_index("commune_id")
    assert shown.loc[SAINT_OUEN, Figure.ESTABLISHMENTS] == SECRET_MARK
    assert shown.loc[SAINT_OUEN, "name"] == "Saint-Ouen"


def test_time_series_masks_each_year_with_its_own_protection(stats_db):
    series = a.time_series(stats_db, VENDOMOIS)
    values, mask = series.values, series.mask
    assert sorted(values["year"].unique()) == [2019, 2023, 2024]
    assert len(values) == 3 * len(FAMILY_ROWS)
    totals = values[values["sector_family"] == TOTAL].set_index("year")[Figure.ESTABLISHMENTS]
    assert totals.to_dict() == {2019: 84, 2023: 102, 2024: 106}
    for year in (2019, 2023, 2024):
        expected = a.protect_years(stats_db, VENDOMOIS, [year])[year].territory_mask()
        rows = values["year"] == year
        assert mask[rows].to_numpy().tolist() == expected.to_numpy().tolist()


# ---------------------------------------------------------------------------------------------- maps and rankings
def test_commune_table_lists_every_commune_with_its_change(stats_db):
    table = a.commune_table(stats_db, "departement:34", 2024, threshold=None).values.set_index("commune_id")
    assert list(table.index) == [COURNIOU, SAINT_PONS]  # by INSEE code; Courniou has no statistics: zeros
    assert table.loc[COURNIOU, Figure.ESTABLISHMENTS] == 0
    assert np.isnan(table.loc[COURNIOU, Indicator.CREATION_RATE])  # no establishment: no rate
    assert table.loc[SAINT_PONS, Indicator.DENSITY] == pytest.approx(9 / 2_000 * 10_000)
    assert table["change_1y"].isna().all()  # no 2023 statistics in the Hérault
    vendomois = a.commune_table(stats_db, VENDOMOIS, 2024, threshold=None).values.set_index("commune_id")
    assert vendomois.loc[VENDOME, "change_1y"] == (20 + 35 + 12 + 25) - 88
    assert vendomois.loc[SAINT_OUEN, "change_1y"] == 14 - 14


def test_commune_table_by_family(stats_db):
    table = a.commune_table(stats_db, VENDOMOIS, 2024, family="batiment", threshold=None).values
    assert table.set_index("commune_id")[Figure.ESTABLISHMENTS].to_dict() == {SAINT_OUEN: 8, VENDOME: 35}
    with pytest.raises(ValueError):
        a.commune_table(stats_db, VENDOMOIS, 2024, family="peche")


# ---------------------------------------------------------------------------------------------- references
def test_reference_territories(stats_db):
    assert a.reference_territories(stats_db, VENDOME) == [VENDOMOIS, "departement:41", "region:24", FRANCE]
    assert a.reference_territories(stats_db, VENDOMOIS) == ["departement:41", "region:24", FRANCE]
    assert a.reference_territories(stats_db, "departement:34") == ["region:76", FRANCE]
    assert a.reference_territories(stats_db, "region:24") == [FRANCE]


def test_france_only_when_every_region_has_statistics(writable_world_db):
    assert a.has_france(writable_world_db)
    with writable_world_db.transaction() as cursor:
        cursor.execute("DELETE FROM artisan_stat WHERE commune_id = $id", {"id": SAINT_PONS})
    assert not a.has_france(writable_world_db)  # the Occitanie has no statistics left: the sum would not be France
    assert a.reference_territories(writable_world_db, VENDOMOIS) == ["departement:41", "region:24"]


def test_comparison_with_references(stats_db):
    territories = [VENDOMOIS, "departement:41", FRANCE]
    table = a.comparison(stats_db, territories, 2024, threshold=None).values
    assert table["territory_id"].tolist() == territories
    assert table["name"].tolist() == ["CA Territoires Vendômois", "Loir-et-Cher", "France"]
    assert table[Figure.ESTABLISHMENTS].tolist() == [106, 106, 106 + 9]
    assert table["population"].tolist() == [19_161, 19_161, 19_161 + 2_600]
    assert table[Indicator.DENSITY].iloc[2] == pytest.approx(115 / 21_761 * 10_000)
    food = a.comparison(stats_db, territories, 2024, family="alimentation")
    assert food.values[Figure.ESTABLISHMENTS].tolist() == [22, 22, 25]
    assert food.mask.shape == (3, len(MEASURES))


def test_indicators_are_missing_without_a_denominator():
    frame = pd.DataFrame({name: [0] for name in FIGURES} | {"population": [np.nan]})
    out = a.add_indicators(frame)
    assert out[[Indicator.DENSITY, Indicator.CREATION_RATE, Indicator.SHARE_WOMEN]].isna().all().all()
    assert out.loc[0, Indicator.NET_BALANCE] == 0
