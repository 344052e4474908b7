"""Geometry steps of the build on tiny hand-made coverages (unit squares), and the assembly of frames."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.codes import Level
from dashboard.geography.build import (
    CommuneTable,
    assemble_geography,
    clean_coverage,
    dissolve,
    simplify_for_display,
)


def test_clean_coverage_removes_an_overlap_and_keeps_missing_geometries() -> None:
    left = shapely.box(0, 0, 1, 1)
    right = shapely.box(0.999, 0, 2, 1)  # overlaps its neighbour by a sliver
    untouched = shapely.box(5, 5, 6, 6)
    geoms = np.array([left, right, None, untouched], dtype=object)
    assert not shapely.coverage_is_valid(geoms[[0, 1, 3]])

    cleaned = clean_coverage(geoms)

    assert cleaned[2] is None
    assert cleaned[3].equals(untouched)
    assert shapely.coverage_is_valid(cleaned[[0, 1, 3]])
    assert cleaned[0].area + cleaned[1].area == pytest.approx(2.0)


def test_dissolve_groups_by_key_and_ignores_missing_keys_and_geometries() -> None:
    geoms = np.array([shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1), shapely.box(5, 5, 6, 6), None], dtype=object)
    keys = pd.Series(["a", "a", None, "b"], dtype=str)

    unions = dissolve(geoms, keys)

    assert set(unions.index) == {"a", "b"}
    assert unions["a"].area == pytest.approx(2.0)
    assert shapely.get_num_geometries(unions["a"]) == 1
    assert unions["b"] is None


def test_simplify_for_display_keeps_communes_and_simplifies_regions() -> None:
    wiggly = shapely.Polygon([(0, 0), (0.5, 0.0001), (1, 0), (1, 1), (0, 1)])
    geoms = np.array([wiggly, None], dtype=object)

    assert simplify_for_display(geoms, Level.COMMUNE)[0].equals(wiggly)
    simplified = simplify_for_display(geoms, Level.REGION)
    assert shapely.get_num_coordinates(simplified[0]) < shapely.get_num_coordinates(wiggly)
    assert simplified[1] is None


def _table(geometries: list[shapely.Geometry | None]) -> CommuneTable:
    """Four communes in a row of unit squares (the last one possibly elsewhere), two EPCI, two departments."""
    communes = pd.DataFrame(
        {
            "code": ["00001", "00002", "00003", "00004"],
            "name": ["Un", "Deux", "Trois", "Quatre"],
            "population": pd.array([100, 200, None, 50], dtype="Int64"),
            "epci": ["111111111", "111111111", "222222222", None],
            "departement": ["01", "02", "02", "02"],
            "region": ["84", "84", "84", "84"],
        }
    )
    return CommuneTable(
        communes=communes,
        geometries=np.array(geometries, dtype=object),
        epci_names={"111111111": "CC Une", "222222222": "CC Deux"},
        departement_names={"01": "Ain", "02": "Aisne"},
        region_names={"84": "Auvergne-Rhône-Alpes"},
        source="test",
    )


def test_assemble_lays_out_territories_and_flattened_memberships() -> None:
    squares = [shapely.box(i, 0, i + 1, 1) for i in range(4)]

    geo = assemble_geography(_table(squares))

    territories = geo.territories.set_index("territory_id")
    assert territories["level"].value_counts().to_dict() == {"commune": 4, "epci": 2, "departement": 2, "region": 1}
    assert territories.at["epci:111111111", "population"] == 300
    assert territories.at["epci:222222222", "population"] is pd.NA  # its only commune has no known population
    assert territories.at["region:84", "population"] == 350
    assert territories.at["epci:111111111", "name"] == "CC Une"
    assert set(territories["source"]) == {"test"}
    links = set(zip(geo.memberships["member_id"], geo.memberships["container_id"], strict=True))
    assert ("commune:00001", "epci:111111111") in links
    assert ("epci:111111111", "departement:01") in links
    assert ("epci:111111111", "departement:02") in links  # straddles two departments
    assert ("departement:02", "region:84") in links
    assert not any(member == "commune:00004" and container.startswith("epci:") for member, container in links)
    epci = shapely.from_wkb(territories.at["epci:111111111", "geometry"])
    assert epci.area == pytest.approx(2.0)
    assert epci.contains(shapely.Point(territories.at["epci:111111111", "centroid_lon"], 0.5))


def test_assemble_fills_a_source_gap_but_keeps_an_enclave() -> None:
    # Department 02 = three squares around a gap ring; commune 00001 (department 01) sits in another hole.
    ring = shapely.box(0, 0, 6, 3).difference(shapely.box(1, 1, 2, 2)).difference(shapely.box(4, 1, 5, 2))
    enclave = shapely.box(1, 1, 2, 2)
    left, middle, right = (ring.intersection(shapely.box(x, -1, x + 2, 4)) for x in (0, 2, 4))
    geo = assemble_geography(_table([enclave, left, middle, right]))

    territories = geo.territories.set_index("territory_id")
    department = shapely.from_wkb(territories.at["departement:02", "geometry"])
    holes = [shapely.Polygon(r) for part in shapely.get_parts(department) for r in part.interiors]
    assert len(holes) == 1  # the gap at (4..5, 1..2) is filled, the enclave's hole is kept
    assert holes[0].symmetric_difference(enclave).area < 1e-9
    assert department.area == pytest.approx(18 - 1)


def test_assemble_refuses_a_container_without_a_name() -> None:
    table = _table([shapely.box(i, 0, i + 1, 1) for i in range(4)])
    nameless = CommuneTable(
        communes=table.communes,
        geometries=table.geometries,
        epci_names={"111111111": "CC Une"},
        departement_names=table.departement_names,
        region_names=table.region_names,
        source="test",
    )
    with pytest.raises(ValueError, match="222222222"):
        assemble_geography(nameless)
