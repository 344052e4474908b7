"""Map data (dashboard/eit/maps.py) on a small hand-made fixture: points, links, commune figures, GeoJSON.

Fixture (test geography of tests/factories.py: Vendôme and Saint-Ouen in the Vendômois EPCI, Saint-Pons
elsewhere):

- C1 Vendôme (1.05, 47.80), fabrication: diagnostic D1 (2021-03-01) with 2 waste flows and 1 energy flow;
- C2 Vendôme (1.10, 47.78), services: D2 (2022-05-10) with 1 energy flow, D3 (2023-02-01) with 1 training flow;
- C3 Saint-Ouen, no coordinates (placed at the commune's centroid 1.085, 47.845), batiment: 1 training flow
  without diagnostic (always counted);
- C4 Saint-Pons (outside the EPCI) with a diagnostic and a flow: never on the EPCI's maps.

Synergies of the EPCI: S1 substitution C1 → C2 (identified 2021-06-01, realised 2022-03-01); S2
mutualisation C1, C2, C3 (identified 2022-09-01); S3 mutualisation C1, C2 identified 2023-05-01 (not yet
at the end of 2022); S4 substitution with C1 alone (identified 2022-01-10: cannot be drawn).
"""

from __future__ import annotations

import pytest
import shapely

from dashboard.db import Database
from dashboard.eit import maps, metrics
from dashboard.eit.maps import CommuneMeasure
from dashboard.geography.shapes import (
    SIMPLIFY_SHARE,
    Bounds,
    boundaries_source,
    commune_shapes,
    coordinate_decimals,
    geometry_to_geojson,
)
from dashboard.scope import Period

EPCI = "epci:200072072"
VENDOME, SAINT_OUEN = "commune:41269", "commune:41226"
END_2022 = Period(2022)


def insert_map_records(db: Database) -> None:
    with db.transaction() as cur:
        cur.executemany(
            "INSERT INTO unit (unit_code, label, dimension, to_base) VALUES (?, ?, ?, ?)",
            [("t", "tonne", "mass", 1.0), ("MWh", "MWh", "energy", 1.0), ("h", "heure", "time", 1.0)],
        )
        cur.executemany(
            "INSERT INTO flow_category (category_code, label, family) VALUES (?, ?, ?)",
            [
                ("carton", "Carton", "dechet"),
                ("chaleur", "Chaleur", "energie"),
                ("formation", "Formation", "competence"),
            ],
        )
        cur.executemany(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id, longitude, latitude) "
            "VALUES (?, ?, ?, '1-9', ?, ?, ?)",
            [
                ("C1", "Cartonnerie Dupuis", "fabrication", VENDOME, 1.05, 47.80),
                ("C2", "Nettoyage Martin", "services", VENDOME, 1.10, 47.78),
                ("C3", "Maçonnerie Berger", "batiment", SAINT_OUEN, None, None),
                ("C4", "Palettes Sud", "fabrication", "commune:34284", 2.76, 43.48),
            ],
        )
        cur.executemany(
            "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind) VALUES (?, ?, ?, 'flash')",
            [
                ("D1", "C1", "2021-03-01"),
                ("D2", "C2", "2022-05-10"),
                ("D3", "C2", "2023-02-01"),
                ("D4", "C4", "2021-01-01"),
            ],
        )
        cur.executemany(
            "INSERT INTO flow (flow_id, company_id, diagnostic_id, direction, category_code, frequency) "
            "VALUES (?, ?, ?, ?, ?, 'yearly')",
            [
                ("F1", "C1", "D1", "out", "carton"),
                ("F2", "C1", "D1", "out", "carton"),
                ("F3", "C1", "D1", "in", "chaleur"),
                ("F4", "C2", "D2", "in", "chaleur"),
                ("F5", "C2", "D3", "in", "formation"),
                ("F6", "C3", None, "in", "formation"),
                ("F7", "C4", "D4", "out", "carton"),
            ],
        )
        cur.executemany(
            "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source) "
            "VALUES (?, ?, ?, ?, 'manual', 'test')",
            [
                ("S1", "Carton en calage", "substitution", EPCI),
                ("S2", "Formation mutualisée", "mutualisation", EPCI),
                ("S3", "Achat groupé", "mutualisation", EPCI),
                ("S4", "Chaleur fatale", "substitution", EPCI),
            ],
        )
        cur.executemany(
            "INSERT INTO synergy_status_event (synergy_id, status, event_date) VALUES (?, ?, ?)",
            [
                ("S1", "identified", "2021-06-01"),
                ("S1", "realised", "2022-03-01"),
                ("S2", "identified", "2022-09-01"),
                ("S3", "identified", "2023-05-01"),
                ("S4", "identified", "2022-01-10"),
            ],
        )
        cur.executemany(
            "INSERT INTO synergy_participant (synergy_id, company_id, role) VALUES (?, ?, ?)",
            [
                ("S1", "C1", "supplier"),
                ("S1", "C2", "receiver"),
                ("S2", "C1", "member"),
                ("S2", "C2", "member"),
                ("S2", "C3", "member"),
                ("S3", "C1", "member"),
                ("S3", "C2", "member"),
                ("S4", "C1", "supplier"),
            ],
        )


def add_commune(db: Database, code: str, name: str, geometry: shapely.Geometry | None, in_epci: bool) -> str:
    """A commune of our own (DuckDB cannot update a row that other tables reference, so variations of the test
    geography are new communes): no centroid, `geometry` as given, in the Vendômois EPCI or alone."""
    commune_id = f"commune:{code}"
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, geometry, source) "
            "VALUES ($id, 'commune', $code, $name, $geometry, 'test')",
            {
                "id": commune_id,
                "code": code,
                "name": name,
                "geometry": None if geometry is None else shapely.to_wkb(geometry),
            },
        )
        if in_epci:
            cur.execute("INSERT INTO territory_membership VALUES ($id, $epci)", {"id": commune_id, "epci": EPCI})
    return commune_id


@pytest.fixture
def map_db(geo_db: Database) -> Database:
    insert_map_records(geo_db)
    return geo_db


def test_companies_are_the_territory_ones_placed_and_coloured(map_db: Database) -> None:
    companies = maps.map_companies(map_db, EPCI, END_2022).set_index("company_id")
    assert list(companies.index) == ["C1", "C2", "C3"]  # C4 is outside the EPCI
    assert companies.loc["C3", ["longitude", "latitude"]].tolist() == pytest.approx([1.085, 47.845])
    assert companies["approximate_location"].tolist() == [False, False, True]
    assert companies["commune_name"].tolist() == ["Vendôme", "Vendôme", "Saint-Ouen"]
    # flows up to the end of 2022 (F5 is dated 2023 by D3); F6 has no diagnostic and always counts
    assert companies["flow_count"].tolist() == [3, 1, 1]
    assert companies["main_flow_family"].tolist() == ["dechet", "energie", "competence"]
    assert companies.loc["C1", "flow_families"] == ("dechet", "energie")


def test_main_flow_family_ties_follow_the_nomenclature_order(map_db: Database) -> None:
    companies = maps.map_companies(map_db, EPCI, Period(2023)).set_index("company_id")
    assert companies.loc["C2", "flow_count"] == 2  # one energy, one training flow
    assert companies.loc["C2", "main_flow_family"] == "energie"  # energie comes before competence


def test_company_without_any_position_is_left_out(map_db: Database) -> None:
    nowhere = add_commune(map_db, "41998", "Sans-Contour", None, in_epci=True)
    with map_db.transaction() as cur:
        cur.execute(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
            "VALUES ('C5', 'Garage Sans Adresse', 'services', '0', $commune)",
            {"commune": nowhere},
        )
    assert maps.map_companies(map_db, EPCI, END_2022)["company_id"].tolist() == ["C1", "C2", "C3"]  # not C5


def test_links_join_both_ends_with_the_status_at_the_period_end(map_db: Database) -> None:
    links = maps.synergy_links(map_db, EPCI, END_2022)
    segments = links.segments
    got = set(zip(segments["synergy_id"], segments["from_id"], segments["to_id"], segments["status"], strict=True))
    assert got == {
        ("S1", "C1", "C2", "realised"),  # supplier -> receiver
        ("S2", "C1", "C2", "identified"),  # star from C1, the member closest to the group's mean position
        ("S2", "C1", "C3", "identified"),
    }
    assert (links.drawn, links.not_drawn) == (2, 1)  # S4 has one participant; S3 is not identified yet
    s2_to_c3 = segments[(segments["synergy_id"] == "S2") & (segments["to_id"] == "C3")].iloc[0]
    assert (s2_to_c3["from_lon"], s2_to_c3["from_lat"]) == (1.05, 47.80)
    assert (s2_to_c3["to_lon"], s2_to_c3["to_lat"]) == pytest.approx((1.085, 47.845))  # C3 at its centroid
    assert s2_to_c3["from_name"] == "Cartonnerie Dupuis" and s2_to_c3["to_name"] == "Maçonnerie Berger"
    later = maps.synergy_links(map_db, EPCI, Period(2023)).segments
    assert set(later.loc[later["synergy_id"] == "S3", "status"]) == {"identified"}


def test_a_coordinator_is_the_hub_of_its_group(map_db: Database) -> None:
    with map_db.transaction() as cur:
        cur.execute("UPDATE synergy_participant SET role = 'coordinator' WHERE synergy_id = 'S2' AND company_id = 'C3'")
    segments = maps.synergy_links(map_db, EPCI, END_2022).segments
    s2 = segments[segments["synergy_id"] == "S2"]
    assert set(zip(s2["from_id"], s2["to_id"], strict=True)) == {("C3", "C1"), ("C3", "C2")}


def test_commune_figures_follow_the_home_page_rules(map_db: Database) -> None:
    figures = maps.commune_figures(map_db, EPCI, END_2022).set_index("commune_id")
    # Saint-Ouen first: rows are sorted by name ("Saint-Ouen" < "Vendôme")
    assert list(figures.index) == [SAINT_OUEN, VENDOME]
    assert figures.loc[VENDOME, ["companies_mobilised", "diagnostics", "flows", "companies"]].tolist() == [2, 2, 4, 2]
    # C3: mobilised by its S2 participation, no diagnostic, one undated flow
    assert figures.loc[SAINT_OUEN, ["companies_mobilised", "diagnostics", "flows", "companies"]].tolist() == [
        1,
        0,
        1,
        1,
    ]
    assert (
        figures[CommuneMeasure.COMPANIES_MOBILISED.value].sum()
        == metrics.companies_mobilised(map_db, EPCI, END_2022).cumulative
    )
    assert figures["diagnostics"].sum() == metrics.diagnostics(map_db, EPCI, END_2022).cumulative
    assert figures["flows"].sum() == metrics.flows(map_db, EPCI, END_2022).cumulative


def test_commune_figures_list_communes_without_records(map_db: Database) -> None:
    figures = maps.commune_figures(map_db, "epci:200066348", Period(2020))  # before D4: nothing counted yet
    assert figures["name"].tolist() == ["Courniou", "Saint-Pons-de-Thomières"]
    assert figures[["companies_mobilised", "diagnostics", "flows"]].to_numpy().sum() == 0
    assert figures["companies"].tolist() == [0, 1]


def test_commune_geojson_of_the_territory(map_db: Database) -> None:
    shapes = commune_shapes(map_db, EPCI)
    assert shapes.geojson["type"] == "FeatureCollection"
    assert [f["id"] for f in shapes.geojson["features"]] == [SAINT_OUEN, VENDOME]
    assert [f["properties"]["name"] for f in shapes.geojson["features"]] == ["Saint-Ouen", "Vendôme"]
    assert shapes.bounds == Bounds(1.02, 47.75, 1.12, 47.86)
    vendome = shapes.geojson["features"][1]["geometry"]
    assert vendome["type"] == "Polygon"
    assert shapely.geometry.shape(vendome).equals(shapely.box(1.02, 47.75, 1.12, 47.83))
    single = commune_shapes(map_db, VENDOME)  # a commune is its own territory
    assert [f["id"] for f in single.geojson["features"]] == [VENDOME]


def test_commune_without_boundary_is_named_but_not_drawn(map_db: Database) -> None:
    nowhere = add_commune(map_db, "41998", "Sans-Contour", None, in_epci=True)
    shapes = commune_shapes(map_db, EPCI)  # the NULL blob comes back as NaN (pandas 3)
    assert [f["id"] for f in shapes.geojson["features"]] == [SAINT_OUEN, VENDOME]
    assert shapes.names == {SAINT_OUEN: "Saint-Ouen", VENDOME: "Vendôme", nowhere: "Sans-Contour"}
    assert shapes.bounds == Bounds(1.02, 47.75, 1.12, 47.86)
    assert boundaries_source(map_db, EPCI) == "test"
    alone = commune_shapes(map_db, nowhere)
    assert (alone.drawn, alone.bounds) == (0, None)
    assert boundaries_source(map_db, nowhere) is None


def test_territory_of_no_commune(geo_db: Database) -> None:
    assert commune_shapes(geo_db, "region:24").drawn == 2
    empty = commune_shapes(geo_db, "epci:000000000")
    assert (empty.drawn, empty.bounds, empty.names) == (0, None, {})


def test_geometry_to_geojson_rounds_and_keeps_holes() -> None:
    ring = shapely.box(0, 0, 1, 1).difference(shapely.box(0.25, 0.25, 0.5, 0.5))
    mapping = geometry_to_geojson(shapely.affinity.translate(ring, 1.123456789, 0))
    assert mapping["type"] == "Polygon"
    assert len(mapping["coordinates"]) == 2  # outer ring and the hole
    assert all(round(value, 5) == value for ring_ in mapping["coordinates"] for point in ring_ for value in point)
    multi = geometry_to_geojson(shapely.MultiPolygon([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)]))
    assert multi["type"] == "MultiPolygon" and len(multi["coordinates"]) == 2


def test_boundaries_are_simplified_for_display(map_db: Database) -> None:
    detailed = shapely.Point(1.07, 47.79).buffer(0.04, quad_segs=500)  # 2 000 vertices
    round_commune = add_commune(map_db, "41997", "Ronde", detailed, in_epci=False)
    shapes = commune_shapes(map_db, round_commune)
    drawn = shapely.geometry.shape(shapes.geojson["features"][0]["geometry"])
    assert len(drawn.exterior.coords) < len(detailed.exterior.coords) / 10
    assert drawn.symmetric_difference(detailed).area < 0.01 * detailed.area  # still the same shape


def test_coordinates_keep_the_decimals_the_simplified_outline_needs() -> None:
    # an EPCI about 0,7° across (tolerance 0,7/800), a region 5° across, a commune 0,1° across
    assert [coordinate_decimals(span * SIMPLIFY_SHARE) for span in (0.7, 5.0, 0.1)] == [4, 3, 5]
    for span in (0.02, 0.1, 0.7, 5.0, 50.0):
        tolerance = span * SIMPLIFY_SHARE
        assert 0.5 * 10 ** -coordinate_decimals(tolerance) <= tolerance / 4 or coordinate_decimals(tolerance) == 5
    ring = shapely.Point(1.07, 47.79).buffer(0.35, quad_segs=200)
    mapping = geometry_to_geojson(ring, coordinate_decimals(0.7 * SIMPLIFY_SHARE))
    assert all(round(value, 4) == value for point in mapping["coordinates"][0] for value in point)
    assert shapely.geometry.shape(mapping).hausdorff_distance(ring) <= 0.7 * SIMPLIFY_SHARE / 4
