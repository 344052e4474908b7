""" "Who to visit" on a small register whose matches are counted by hand below.

Geography: tests/factories.py (Vendôme and Saint-Ouen in the EPCI Vendômois, Saint-Pons in the Minervois).
Reference date 30/06/2026. Establishments:

| id | commune    | NAF    | family       | created    | closed     | owner | known reusable flows (naf_flows.csv)  |
|----|------------|--------|--------------|------------|------------|-------|----------------------------------------|
| E1 | Vendôme    | 10.71C | alimentation | 01/01/2000 |            | 55+   | biowaste, cardboard, waste heat, pallets |
| E2 | Vendôme    | 96.02A | services     | 01/03/2025 |            | <30   | cardboard                              |
| E3 | Saint-Ouen | 43.99C | batiment     | 05/05/2010 | 15/01/2024 | 55+   | (closed: never listed)                 |
| E4 | Saint-Ouen | 43.21A | batiment     | 01/01/2015 |            | 45-54 | WEEE (43.21), metal waste (43.2)       |
| E5 | Vendôme    | 96.09Z | services     | 01/02/2026 |            | –     | none                                   |
| E6 | Saint-Pons | 16.23Z | fabrication  | 01/01/2012 |            | 55+   | wood waste, pallets (outside the EPCI) |
| E7 | Vendôme    | 10.71C | alimentation | 15/07/2026 |            | –     | (created after the reference date)     |
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd
import pytest

from dashboard.artisanat import targeting
from dashboard.artisanat.register import naf_family
from dashboard.artisanat.targeting import Criteria
from dashboard.db import Database
from dashboard.geography import add_perimeter
from dashboard.imports.templates import TEMPLATES_BY_ENTITY
from dashboard.reference_data import load_reference_data, read_reference

D = dt.date
AS_OF = D(2026, 6, 30)
VENDOMOIS = "epci:200072072"
ESTABLISHMENTS = [
    ("E1", "10.71C", "alimentation", "commune:41269", D(2000, 1, 1), None, "1-2", "55_plus", False),
    ("E2", "96.02A", "services", "commune:41269", D(2025, 3, 1), None, "0", "lt30", True),
    ("E3", "43.99C", "batiment", "commune:41226", D(2010, 5, 5), D(2024, 1, 15), "3-5", "55_plus", False),
    ("E4", "43.21A", "batiment", "commune:41226", D(2015, 1, 1), None, "10-19", "45_54", False),
    ("E5", "96.09Z", "services", "commune:41269", D(2026, 2, 1), None, "0", None, None),
    ("E6", "16.23Z", "fabrication", "commune:34284", D(2012, 1, 1), None, "6-9", "55_plus", True),
    ("E7", "10.71C", "alimentation", "commune:41269", D(2026, 7, 15), None, "0", None, None),
]


@pytest.fixture
def register_db(geo_db: Database) -> Database:
    with geo_db.transaction() as cursor:
        load_reference_data(cursor)
        cursor.executemany(
            "INSERT INTO establishment (establishment_id, naf_code, sector_family, commune_id, creation_date, "
            "closure_date, employees_band, owner_age_band, owner_is_woman, is_demo) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE)",
            ESTABLISHMENTS,
        )
        add_perimeter(cursor, "zone-test", "Zone d'activités test", ["41226", "34284"], "test")
    return geo_db


def ids(frame: pd.DataFrame) -> list[str]:
    return list(frame["establishment_id"])


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (Criteria(VENDOMOIS, AS_OF), ["E1", "E2", "E4", "E5"]),  # E3 closed, E6 elsewhere, E7 not yet created
        (Criteria(VENDOMOIS, AS_OF, reusable_flows=True), ["E1", "E2", "E4"]),  # 96.09Z has no known flow
        (Criteria(VENDOMOIS, AS_OF, reusable_flows=True, flow_categories=("deee",)), ["E4"]),
        (Criteria(VENDOMOIS, AS_OF, reusable_flows=True, flow_categories=("carton", "bois_dechet")), ["E1", "E2"]),
        (Criteria(VENDOMOIS, AS_OF, owners_55_plus=True), ["E1"]),
        (Criteria(VENDOMOIS, AS_OF, created_since=D(2025, 1, 1)), ["E2", "E5"]),
        (Criteria(VENDOMOIS, AS_OF, families=("batiment",)), ["E4"]),
        (Criteria(VENDOMOIS, D(2023, 12, 31), families=("batiment",)), ["E3", "E4"]),  # E3 still open then
        (Criteria("commune:41226", AS_OF), ["E4"]),
        (Criteria("perimetre:zone-test", AS_OF, owners_55_plus=True), ["E6"]),  # a business park's communes
        (Criteria("perimetre:zone-test", AS_OF), ["E4", "E6"]),
        (Criteria("epci:200066348", AS_OF, owners_55_plus=True, reusable_flows=True), ["E6"]),
    ],
)
def test_hand_counted_matches(register_db, criteria, expected):
    assert ids(targeting.candidates(register_db, criteria)) == expected


def test_flows_and_reasons_are_in_french(register_db):
    listing = targeting.candidates(register_db, Criteria(VENDOMOIS, AS_OF, reusable_flows=True)).set_index(
        "establishment_id"
    )
    assert listing.loc["E1", "sector_label"] == "Boulangerie-pâtisserie"  # the longest prefix, 10.71
    assert listing.loc["E1", "flows"] == "Biodéchets, Cartons et papiers, Chaleur fatale, Palettes usagées"
    assert (
        listing.loc["E4", "flows"] == "Déchets d'équipements électriques et électroniques (DEEE), Déchets métalliques"
    )
    assert listing.loc["E1", "reasons"] == "flux valorisables connus, dirigeant de 55 ans ou plus"
    unmapped = targeting.candidates(register_db, Criteria(VENDOMOIS, AS_OF)).set_index("establishment_id")
    assert unmapped.loc["E5", "sector_label"] == "Services"  # no mapping: the family's name
    assert unmapped.loc["E5", "flows"] == ""


def test_sector_summary(register_db):
    summary = targeting.sector_summary(targeting.candidates(register_db, Criteria("perimetre:zone-test", AS_OF)))
    assert summary[["sector_label", "establishments", "owners_55_plus"]].values.tolist() == [
        ["Installation électrique", 1, 0],
        ["Travail du bois", 1, 1],
    ]


def test_companies_template_has_the_import_shape(register_db):
    listing = targeting.candidates(register_db, Criteria(VENDOMOIS, AS_OF, owners_55_plus=True))
    frame = targeting.companies_template(listing)
    assert list(frame.columns) == [column.header for column in TEMPLATES_BY_ENTITY["companies"].columns]
    assert frame.iloc[0].to_dict() == {
        "identifiant": "E1",
        "nom": "Boulangerie-pâtisserie – Vendôme (E1)",
        "siret": "",  # E1 is not a 14-digit SIRET
        "code_naf": "10.71C",
        "famille": "alimentation",
        "effectif": "1-9",
        "code_commune": "41269",
        "longitude": "",
        "latitude": "",
        "zone_activites": "",
    }


def test_hand_over_adds_flagged_companies_once(register_db):
    first = targeting.hand_over(register_db, ["E1", "E4"])
    assert first.added == ["E1", "E4"] and first.skipped == []
    companies = register_db.query_rows(
        "SELECT company_id, name, naf_code, sector_family, size_band, commune_id, establishment_id, is_demo "
        "FROM company ORDER BY 1"
    )
    assert companies == [
        ("E1", "Boulangerie-pâtisserie – Vendôme (E1)", "10.71C", "alimentation", "1-9", "commune:41269", "E1", False),
        ("E4", "Installation électrique – Saint-Ouen (E4)", "43.21A", "batiment", "10-49", "commune:41226", "E4",
         False),
    ]  # fmt: skip
    again = targeting.hand_over(register_db, ["E1", "E2"])
    assert again.added == ["E2"] and again.skipped == ["E1"]
    assert register_db.query_value("SELECT count(*) FROM company") == 3
    assert register_db.query_value("SELECT count(*) FROM import_log WHERE entity = 'companies'") == 2
    listing = targeting.candidates(register_db, Criteria(VENDOMOIS, AS_OF)).set_index("establishment_id")
    assert listing["handed_over"].to_dict() == {"E1": True, "E2": True, "E4": True, "E5": False}
    assert targeting.hand_over(register_db, ["E1"]).added == []


def test_hand_over_skips_a_company_with_the_same_siret(register_db):
    with register_db.transaction() as cursor:
        cursor.execute(
            "INSERT INTO establishment VALUES ('12345678900012', '45.20A', 'services', 'commune:41269', "
            "DATE '2020-01-01', NULL, '1-2', NULL, NULL, FALSE)"
        )
        cursor.execute(
            "INSERT INTO company (company_id, name, siret, sector_family, size_band, commune_id) "
            "VALUES ('C-1', 'Garage du Loir', '12345678900012', 'services', '1-9', 'commune:41269')"
        )
    result = targeting.hand_over(register_db, ["12345678900012"])
    assert result.added == [] and result.skipped == ["12345678900012"]


def test_a_failed_hand_over_writes_nothing(register_db, monkeypatch):
    # the companies go in first, then the log line is refused: the companies must go too
    monkeypatch.setattr(targeting, "HAND_OVER_ENTITY", None)
    with pytest.raises(duckdb.ConstraintException):
        targeting.hand_over(register_db, ["E1", "E4"])
    assert register_db.query_value("SELECT count(*) FROM company") == 0
    assert register_db.query_value("SELECT count(*) FROM import_log") == 0


def test_mapping_uses_known_categories_and_artisan_trades():
    mapping = targeting.naf_flows()
    known = set(read_reference("flow_categories")["category_code"])
    assert set(mapping["category_code"]) <= known
    for prefix in mapping["naf_prefix"].unique():
        # every prefix is a craft: a full code under it gets an artisan family
        digits = (prefix.replace(".", "") + "0000")[:4]
        code = prefix if len(prefix) == len("10.71C") else f"{digits[:2]}.{digits[2:]}Z"
        assert naf_family(code) is not None, prefix
    assert targeting.sector_of("10.71C") == ("Boulangerie-pâtisserie",
                                              ("biodechets", "carton", "chaleur_fatale", "palettes"))  # fmt: skip
    assert targeting.sector_of("62.01Z") == (None, ())


def test_coverage_of_the_register(register_db):
    assert targeting.covers(register_db, VENDOMOIS)
    assert targeting.covers(register_db, "commune:41226")  # E3 is closed there, E4 open
    assert not targeting.covers(register_db, "commune:34099")  # Courniou: no establishment
