"""Writing a geography into the database, and custom perimeters."""

from __future__ import annotations

import pytest
import shapely

from dashboard.db import Database
from dashboard.geography import ReferenceGeography, add_perimeter, load_official_geography, write_geography
from tests.world.files import GEOGRAPHY_FIXTURES as FIXTURES

# Three neighbouring communes of the Vendômois: Vendôme, Saint-Ouen, Naveil (ids or bare INSEE codes).
PERIMETER_COMMUNES = ["commune:41269", "commune:41226", "41158"]


@pytest.fixture(scope="module")
def national_db(reference_geography: ReferenceGeography) -> Database:
    db = Database(":memory:")
    with db.transaction() as cursor:
        write_geography(cursor, reference_geography)
    yield db
    db.close()


def test_write_geography_inserts_every_territory_and_membership(
    national_db: Database, reference_geography: ReferenceGeography
) -> None:
    counts = national_db.table_counts()
    assert counts["territory"] == len(reference_geography.territories)
    assert counts["territory_membership"] == len(reference_geography.memberships)
    assert national_db.query_value("SELECT count(*) FROM territory WHERE is_demo") == 0


def test_territory_commune_lists_the_communes_of_a_region(
    national_db: Database, reference_geography: ReferenceGeography
) -> None:
    memberships = reference_geography.memberships
    in_frame = memberships[
        (memberships["container_id"] == "region:24") & memberships["member_id"].str.startswith("commune:")
    ]
    in_db = national_db.query_df(
        "SELECT commune_id FROM territory_commune WHERE territory_id = $territory", {"territory": "region:24"}
    )
    assert len(in_db) == len(in_frame) > 1_000
    assert set(in_db["commune_id"]) == set(in_frame["member_id"])


def test_values_round_trip(national_db: Database, reference_geography: ReferenceGeography) -> None:
    expected = reference_geography.territories.set_index("territory_id").loc["epci:200072072"]
    row = national_db.query_df(
        "SELECT name, population, geometry, centroid_lon, centroid_lat, source FROM territory WHERE territory_id = $id",
        {"id": "epci:200072072"},
    ).iloc[0]
    assert row["name"] == expected["name"]
    assert row["population"] == expected["population"]
    assert bytes(row["geometry"]) == expected["geometry"]
    assert row["centroid_lon"] == pytest.approx(expected["centroid_lon"])
    assert row["source"] == expected["source"]


def test_add_perimeter_on_national_data(national_db: Database) -> None:
    with national_db.transaction() as cursor:
        perimeter_id = add_perimeter(cursor, "coeur-vendomois", "Cœur du Vendômois", PERIMETER_COMMUNES, "test")

    assert perimeter_id == "perimetre:coeur-vendomois"
    communes = national_db.query_df(
        "SELECT territory_id, population, geometry FROM territory WHERE territory_id IN ($a, $b, $c)",
        {"a": "commune:41269", "b": "commune:41226", "c": "commune:41158"},
    )
    perimeter = national_db.query_df("SELECT * FROM territory WHERE territory_id = $id", {"id": perimeter_id}).iloc[0]
    assert perimeter["level"] == "perimetre"
    assert perimeter["population"] == communes["population"].sum()
    assert not perimeter["is_demo"]
    boundary = shapely.from_wkb(bytes(perimeter["geometry"]))
    parts = shapely.from_wkb([bytes(g) for g in communes["geometry"]])
    assert boundary.is_valid
    assert boundary.area == pytest.approx(shapely.area(parts).sum())
    assert shapely.get_num_geometries(boundary) == 1  # neighbours merge into one polygon
    assert boundary.contains(shapely.Point(perimeter["centroid_lon"], perimeter["centroid_lat"]))
    listed = national_db.query_df(
        "SELECT commune_id FROM territory_commune WHERE territory_id = $id", {"id": perimeter_id}
    )
    assert set(listed["commune_id"]) == {"commune:41269", "commune:41226", "commune:41158"}


def test_add_perimeter_refuses_unknown_communes_and_writes_nothing(geo_db: Database) -> None:
    with pytest.raises(ValueError, match=r"communes absentes de la base : 99999"), geo_db.transaction() as cursor:
        add_perimeter(cursor, "zone", "Zone", ["41269", "commune:99999"], "test")
    assert geo_db.query_value("SELECT count(*) FROM territory WHERE level = 'perimetre'") == 0


@pytest.mark.parametrize(
    ("code", "name", "communes", "message"),
    [
        ("zone industrielle", "ZI", ["41269"], "Code de périmètre invalide"),
        ("zi", "  ", ["41269"], "est vide"),
        ("zi", "ZI", [], "au moins une commune"),
        ("zi", "ZI", ["region:24"], "communes absentes"),  # a territory that is not a commune
    ],
)
def test_add_perimeter_refuses_bad_input(
    geo_db: Database, code: str, name: str, communes: list[str], message: str
) -> None:
    with pytest.raises(ValueError, match=message), geo_db.transaction() as cursor:
        add_perimeter(cursor, code, name, communes, "test")


def test_add_perimeter_refuses_an_existing_code(geo_db: Database) -> None:
    with geo_db.transaction() as cursor:
        add_perimeter(cursor, "zi", "ZI", ["41269"], "test", is_demo=True)
    with pytest.raises(ValueError, match="existe déjà"), geo_db.transaction() as cursor:
        add_perimeter(cursor, "zi", "ZI bis", ["41242"], "test")
    assert geo_db.query_value("SELECT is_demo FROM territory WHERE territory_id = 'perimetre:zi'") is True


def test_write_geography_of_the_official_fixture(empty_db: Database) -> None:
    geo = load_official_geography(FIXTURES / "admin_express_cog_carto.gpkg")
    with empty_db.transaction() as cursor:
        write_geography(cursor, geo)
    levels = empty_db.query_df("SELECT level, count(*) AS n FROM territory GROUP BY level")
    assert dict(zip(levels["level"], levels["n"], strict=True)) == {
        "commune": 6,
        "epci": 2,
        "departement": 2,
        "region": 1,
    }
    epci_communes = empty_db.query_df(
        "SELECT commune_id FROM territory_commune WHERE territory_id = 'epci:200072072' ORDER BY commune_id"
    )
    assert list(epci_communes["commune_id"]) == ["commune:37001", "commune:37002", "commune:41226", "commune:41269"]
