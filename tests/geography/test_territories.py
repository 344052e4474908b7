"""Territory listing, defaults and URL parsing on the test world (tests/world/README.md)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.codes import Level
from dashboard.db import Database
from dashboard.geography import territories as tr
from tests.world.build import MINERVOIS, VENDOMOIS


@pytest.fixture
def home_db(writable_world_db: Database) -> Database:
    with writable_world_db.transaction() as cur:
        cur.execute("DELETE FROM meta WHERE key = 'data_as_of'")  # the data date is set by the test that needs it
        # a custom perimeter (business park) made of Courniou, with a programme of its own
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) "
            "VALUES ('perimetre:za-test', 'perimetre', 'za-test', 'ZA de test', 'test')"
        )
        cur.execute("INSERT INTO territory_membership VALUES ('commune:34099', 'perimetre:za-test')")
        cur.execute(
            "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
            "VALUES ('p2', 'Club de la ZA', 'cci41', 'perimetre:za-test', 'test')"
        )
    return writable_world_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("epci:200072072", "epci:200072072"),
        (" commune:41269 ", "commune:41269"),
        ("perimetre:za-test", "perimetre:za-test"),
        ("epci:", None),
        ("pays:41", None),
        ("epci:2000'; DROP TABLE territory; --", None),
        ("", None),
        (None, None),
        (["epci:200072072"], None),
    ],
)
def test_parse_territory_id(value: object, expected: str | None) -> None:
    assert tr.parse_territory_id(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [("2022", 2022), ("1989", None), ("20x2", None), ("-1", None), (None, None)]
)
def test_parse_year(value: object, expected: int | None) -> None:
    assert tr.parse_year(value) == expected


@pytest.mark.parametrize(("value", "expected"), [("0", 0), ("4", 4), ("5", None), ("T1", None), (None, None)])
def test_parse_quarter(value: object, expected: int | None) -> None:
    assert tr.parse_quarter(value) == expected


@pytest.mark.parametrize(
    ("period", "start", "end"),
    [
        (tr.Period(2022), dt.date(2022, 1, 1), dt.date(2022, 12, 31)),
        (tr.Period(2022, 1), dt.date(2022, 1, 1), dt.date(2022, 3, 31)),
        (tr.Period(2024, 2), dt.date(2024, 4, 1), dt.date(2024, 6, 30)),
        (tr.Period(2022, 3), dt.date(2022, 7, 1), dt.date(2022, 9, 30)),
        (tr.Period(2022, 4), dt.date(2022, 10, 1), dt.date(2022, 12, 31)),
    ],
)
def test_period_bounds(period: tr.Period, start: dt.date, end: dt.date) -> None:
    assert (period.start, period.end) == (start, end)


def test_levels_and_lists(home_db: Database) -> None:
    assert tr.available_levels(home_db) == list(tr.LEVEL_ORDER)
    communes_41 = tr.list_territories(home_db, Level.COMMUNE, departement_id="departement:41")
    assert communes_41["territory_id"].tolist() == ["commune:41226", "commune:41269"]  # Saint-Ouen, Vendôme
    perimeters = tr.list_territories(home_db, Level.PERIMETRE)
    labels = dict(zip(perimeters["territory_id"], perimeters["label"], strict=True))
    # programme perimeters are offered whatever their own level, named with their programme
    assert labels == {
        VENDOMOIS: "CA Territoires Vendômois — Démarche EIT test",
        "perimetre:za-test": "ZA de test — Club de la ZA",
    }
    assert tr.is_offered(home_db, VENDOMOIS, Level.PERIMETRE)
    assert not tr.is_offered(home_db, MINERVOIS, Level.PERIMETRE)


def test_default_territory_is_the_most_active(home_db: Database) -> None:
    # Vendômois: 3 diagnostics + 5 synergies (S1 S2 S5 S6 S7) + 4 events (E1 E2 E3 E5); Minervois: 1 + 2 + 1
    ranking = tr.activity_ranking(home_db, tr.DEFAULT_TERRITORY_LEVELS)
    assert ranking.set_index("territory_id")["activity"].to_dict()[VENDOMOIS] == 12
    assert ranking.set_index("territory_id")["activity"].to_dict()[MINERVOIS] == 4
    assert tr.default_territory_id(home_db) == VENDOMOIS


def test_default_territory_without_activity_is_the_first_listed(geo_db: Database) -> None:
    assert tr.default_territory_id(geo_db) == "region:24"


def test_default_territory_for_level_stays_close(home_db: Database) -> None:
    assert tr.default_territory_for_level(home_db, Level.DEPARTEMENT, VENDOMOIS) == "departement:41"
    # Vendôme has 3 diagnostics and a meeting; Saint-Ouen nothing of its own
    assert tr.default_territory_for_level(home_db, Level.COMMUNE, VENDOMOIS) == "commune:41269"
    assert tr.default_territory_for_level(home_db, Level.PERIMETRE, VENDOMOIS) == VENDOMOIS
    assert tr.default_territory_for_level(home_db, Level.EPCI, "region:76") == MINERVOIS
    assert tr.departement_of(home_db, "commune:41226") == "departement:41"
    assert tr.default_commune_of_departement(home_db, "departement:34") == "commune:34284"


def test_years(home_db: Database) -> None:
    # records 2021-2023 (S3, identified 2023, has a participant in Saint-Ouen: the Vendômois' activity too, by the
    # scope layer) and artisan statistics of Vendôme and Saint-Ouen in 2019, 2023 and 2024; no record in 2020
    assert tr.activity_years(home_db, VENDOMOIS) == [2019, 2021, 2022, 2023, 2024]
    assert tr.activity_years(home_db) == [2019, 2020, 2021, 2022, 2023, 2024]  # S4 identified in 2020
    assert tr.year_options(home_db) == [2024, 2023, 2022, 2021, 2020, 2019]  # targets (2020-2023) within
    assert tr.default_year(home_db, VENDOMOIS) == 2024  # no data date in this fixture: nothing skipped
    assert tr.default_year(home_db, "commune:34099") == 2024  # nothing in Courniou: the database's latest


def test_resolve_selection_from_url(home_db: Database) -> None:
    selection = tr.resolve_selection(home_db, {"territoire": "commune:41226", "annee": "2021", "trimestre": "2"})
    assert selection.territory is not None and selection.territory.name == "Saint-Ouen"
    assert selection.period == tr.Period(2021, 2)
    assert selection.to_params() == {"territoire": "commune:41226", "annee": "2021", "trimestre": "2"}


def test_resolve_selection_defaults_and_bad_values(home_db: Database) -> None:
    default = tr.resolve_selection(home_db, {})
    assert default.territory is not None and default.territory.territory_id == VENDOMOIS
    assert default.period == tr.Period(2024, 0)  # the artisan statistics of 2024 (no data date in this fixture)
    bad = tr.resolve_selection(home_db, {"territoire": "epci:999999999", "annee": "1800", "trimestre": "9"})
    assert bad == default
    assert tr.resolve_selection(home_db, {"annee": "2015"}).period == tr.Period(2024, 0)  # no data in 2015


def test_resolve_selection_keeps_the_programme_perimeter_level(home_db: Database) -> None:
    selection = tr.resolve_selection(home_db, {"territoire": VENDOMOIS, "niveau": "perimetre"})
    assert selection.level == Level.PERIMETRE
    assert selection.to_params()["niveau"] == "perimetre"
    # a level the territory is not offered at is ignored
    assert tr.resolve_selection(home_db, {"territoire": MINERVOIS, "niveau": "perimetre"}).level == Level.EPCI


def test_resolve_selection_falls_back_on_the_session(home_db: Database) -> None:
    previous = tr.resolve_selection(home_db, {"territoire": MINERVOIS, "annee": "2020", "trimestre": "1"})
    assert tr.resolve_selection(home_db, {}, fallback=previous) == previous


def test_resolve_selection_on_an_empty_database(empty_db: Database) -> None:
    assert tr.resolve_selection(empty_db, {"territoire": VENDOMOIS}) == tr.Selection(None, None, None)


def test_labels() -> None:
    assert tr.period_label(tr.Period(2022)) == "Année 2022"
    assert tr.period_label(tr.Period(2022, 3)) == "3e trimestre 2022"
    assert tr.period_label(tr.Period(2022, 1)) == "1er trimestre 2022"
    assert [tr.quarter_option_label(q) for q in tr.QUARTERS][:2] == ["Année entière", "T1 (janvier–mars)"]
    vendomois = tr.Territory(VENDOMOIS, Level.EPCI, "200072072", "CA Territoires Vendômois")
    assert tr.territory_label(vendomois) == "CA Territoires Vendômois — Intercommunalité (EPCI)"


def test_default_year_skips_years_after_the_data_date(home_db: Database) -> None:
    from dashboard.db import set_meta

    assert tr.default_year(home_db, MINERVOIS) == 2024  # Saint-Pons' artisan statistics of 2024 (S3 in 2023)
    with home_db.transaction() as cur:
        set_meta(cur, "data_as_of", "2022-11-30")
    assert tr.default_year(home_db, MINERVOIS) == 2022
    with home_db.transaction() as cur:
        set_meta(cur, "data_as_of", "not a date")
    assert tr.meta_data_as_of(home_db) is None


def test_commune_search_covers_all_of_france(home_db: Database) -> None:
    found = tr.search_communes(home_db, "saint")  # accents, case and hyphens ignored; the start of a name first
    assert found["label"].tolist()[:2] == ["Saint-Ouen (41)", "Saint-Pons-de-Thomières (34)"]
    assert tr.search_communes(home_db, "SAINT ouen")["territory_id"].tolist() == ["commune:41226"]
    assert tr.search_communes(home_db, "34099")["territory_id"].tolist() == ["commune:34099"]  # INSEE code
    assert tr.search_communes(home_db, "v").empty  # one letter: too vague to list
