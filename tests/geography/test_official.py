"""Import of IGN ADMIN EXPRESS COG CARTO (+ INSEE COG) on the hand-made fixture of tests/fixtures/geography."""

from __future__ import annotations

from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely

from dashboard.geography import ReferenceGeography, load_official_geography
from tests.world.files import GEOGRAPHY_FIXTURES as FIXTURES

GPKG = FIXTURES / "admin_express_cog_carto.gpkg"
COG_CSV = FIXTURES / "v_commune_2025.csv"
LAYERS = ("COMMUNE", "EPCI", "DEPARTEMENT", "region")  # as written by make_admin_express_fixture.py
SIDE_KM2 = 16.0  # each fixture commune is a 4 km square


@pytest.fixture(scope="module")
def official() -> ReferenceGeography:
    return load_official_geography(GPKG, COG_CSV)


def _links(geo: ReferenceGeography) -> set[tuple[str, str]]:
    return set(zip(geo.memberships["member_id"], geo.memberships["container_id"], strict=True))


def _copy_layers(target: Path, change: dict[str, gpd.GeoDataFrame | None]) -> Path:
    """The fixture GeoPackage rewritten to `target`, with some layers replaced (or dropped when None)."""
    for layer in LAYERS:
        frame = change[layer] if layer in change else gpd.read_file(GPKG, layer=layer)
        if frame is not None:
            frame.to_file(target, layer=layer, driver="GPKG")
    return target


def test_territories_of_the_fixture(official: ReferenceGeography) -> None:
    territories = official.territories.set_index("territory_id")
    assert territories["level"].value_counts().to_dict() == {"commune": 6, "epci": 2, "departement": 2, "region": 1}
    # the établissement public territorial listed in SIREN_EPCI is not an EPCI à fiscalité propre
    assert "epci:200057941" not in territories.index
    assert territories.at["epci:200072072", "name"] == "CA Territoires Vendômois"
    assert territories.at["region:24", "name"] == "Centre-Val de Loire"  # lower-case layer and columns
    assert territories.at["epci:200072072", "population"] == 15_857 + 3_304 + 5_000 + 800
    assert territories.at["region:24", "population"] == 15_857 + 3_304 + 1_200 + 5_000 + 800 + 250
    assert set(territories["source"]) == {
        "IGN ADMIN EXPRESS COG CARTO (admin_express_cog_carto.gpkg), noms du COG Insee (v_commune_2025.csv)"
    }


def test_memberships_of_the_fixture(official: ReferenceGeography) -> None:
    links = _links(official)
    assert {c for m, c in links if m == "commune:41269"} == {"epci:200072072", "departement:41", "region:24"}
    assert {c for m, c in links if m == "commune:41001"} == {"epci:200099999", "departement:41", "region:24"}
    assert {c for m, c in links if m == "commune:37003"} == {"departement:37", "region:24"}  # "NC": no EPCI
    assert {c for m, c in links if m == "epci:200072072"} == {"departement:41", "departement:37", "region:24"}
    assert {c for m, c in links if m == "epci:200099999"} == {"departement:41", "region:24"}
    assert {c for m, c in links if m == "departement:37"} == {"region:24"}
    assert len(links) == 6 * 2 + 5 + 3 + 2 + 2  # dept+region per commune, 5 EPCI links, EPCI and dept links


def test_cog_names_override_the_layer_names(official: ReferenceGeography) -> None:
    with_cog = official.territories.set_index("territory_id")["name"]
    without_cog = load_official_geography(GPKG).territories.set_index("territory_id")
    assert with_cog["commune:41269"] == "Vendôme"  # the COMD row sharing the code does not win
    assert without_cog.at["commune:41269", "name"] == "VENDOME"
    assert set(without_cog["source"]) == {"IGN ADMIN EXPRESS COG CARTO (admin_express_cog_carto.gpkg)"}


def test_coordinates_are_reprojected_to_wgs84(official: ReferenceGeography) -> None:
    territories = official.territories.set_index("territory_id")
    # Vendôme's square holds Vendôme's centre (1.0657 E, 47.7930 N) and its centroid is a few km away
    vendome = shapely.from_wkb(territories.at["commune:41269", "geometry"])
    assert vendome.contains(shapely.Point(1.0657, 47.7930))
    assert territories.at["commune:41269", "centroid_lon"] == pytest.approx(1.09, abs=0.02)
    assert territories.at["commune:41269", "centroid_lat"] == pytest.approx(47.79, abs=0.02)
    back = gpd.GeoSeries([vendome], crs="EPSG:4326").to_crs("EPSG:2154")
    assert back.area.iloc[0] / 1e6 == pytest.approx(SIDE_KM2, rel=1e-3)
    region = shapely.from_wkb(territories.at["region:24", "geometry"])
    assert gpd.GeoSeries([region], crs="EPSG:4326").to_crs("EPSG:2154").area.iloc[0] / 1e6 == pytest.approx(
        6 * SIDE_KM2, rel=1e-3
    )


def test_a_folder_of_shapefiles_gives_the_same_geography(official: ReferenceGeography, tmp_path: Path) -> None:
    delivery = tmp_path / "ADMIN-EXPRESS-COG-CARTO" / "1_DONNEES_LIVRAISON" / "SHP_LAMB93_FXX"
    delivery.mkdir(parents=True)
    for layer in LAYERS:
        gpd.read_file(GPKG, layer=layer).to_file(delivery / f"{layer.upper()}.shp")

    from_folder = load_official_geography(tmp_path, COG_CSV)

    columns = ["territory_id", "name", "population", "centroid_lon", "centroid_lat"]
    pd.testing.assert_frame_equal(from_folder.territories[columns], official.territories[columns])
    assert _links(from_folder) == _links(official)


def test_a_missing_column_is_named_in_french(tmp_path: Path) -> None:
    communes = gpd.read_file(GPKG, layer="COMMUNE").drop(columns="SIREN_EPCI")
    broken = _copy_layers(tmp_path / "broken.gpkg", {"COMMUNE": communes})
    with pytest.raises(ValueError, match=r"La colonne « SIREN_EPCI » manque dans la couche « COMMUNE »"):
        load_official_geography(broken)


def test_a_missing_layer_is_named_in_french(tmp_path: Path) -> None:
    broken = _copy_layers(tmp_path / "no_region.gpkg", {"region": None})
    with pytest.raises(ValueError, match=r"La couche « REGION » est absente .* Couches trouvées : COMMUNE"):
        load_official_geography(broken)


def test_an_unknown_department_is_refused(tmp_path: Path) -> None:
    communes = gpd.read_file(GPKG, layer="COMMUNE")
    communes.loc[0, "INSEE_DEP"] = "99"
    broken = _copy_layers(tmp_path / "unknown_dep.gpkg", {"COMMUNE": communes})
    with pytest.raises(ValueError, match=r"départements absents de la couche « DEPARTEMENT » : 99"):
        load_official_geography(broken)


def test_a_cog_file_without_libelle_is_refused(tmp_path: Path) -> None:
    cog = tmp_path / "v_commune_2025.csv"
    pd.read_csv(COG_CSV, dtype=str).drop(columns="LIBELLE").to_csv(cog, sep=";", index=False)
    with pytest.raises(ValueError, match=r"La colonne « LIBELLE » manque dans le fichier des communes du COG"):
        load_official_geography(GPKG, cog)


def test_a_missing_path_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="Fichier ou dossier introuvable"):
        load_official_geography(tmp_path / "absent.gpkg")
