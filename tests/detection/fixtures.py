"""Small frozen fixture for the detection tests: a nomenclature, units, a compatibility table, and companies
placed at exact distances (km due north of two sites, so that great-circle distances are the offsets).

Site V is in Vendôme (commune:41269 of tests/factories.py), site P in Saint-Pons-de-Thomières
(commune:34284), about 470 km apart: nothing matches across sites.
"""

from __future__ import annotations

import math

import pandas as pd

from dashboard.db import Database
from dashboard.detection.categories import ancestors
from dashboard.detection.spatial import EARTH_RADIUS_KM

KM_PER_DEGREE_OF_LATITUDE = math.pi * EARTH_RADIUS_KM / 180
SITES = {"V": (1.07, 47.79, "commune:41269"), "P": (2.76, 43.48, "commune:34284")}

CATEGORIES = pd.DataFrame(
    [
        # category_code, parent_code, label, family, default_unit
        ("dechet", None, "Déchets", "dechet", None),
        ("dechet_carton", "dechet", "Carton", "dechet", "t"),
        ("dechet_carton_ondule", "dechet_carton", "Carton ondulé", "dechet", "t"),
        ("dechet_palette", "dechet", "Palettes", "dechet", "u"),
        ("dechet_bois", "dechet", "Déchets de bois", "dechet", "t"),
        ("matiere", None, "Matières", "matiere", None),
        ("matiere_emballage", "matiere", "Emballage et calage", "matiere", "t"),
        ("matiere_combustible", "matiere", "Combustibles", "matiere", "t"),
        ("matiere_combustible_granule", "matiere_combustible", "Granulés de bois", "matiere", "t"),
        ("energie", None, "Énergie", "energie", None),
        ("energie_chaleur_fatale", "energie", "Chaleur fatale", "energie", "MWh"),
        ("energie_besoin_chaleur", "energie", "Besoin de chaleur", "energie", "MWh"),
        ("energie_electricite", "energie", "Électricité", "energie", "MWh"),
        ("competence", None, "Compétences et formation", "competence", None),
        ("competence_formation_reglementaire", "competence", "Formation réglementaire", "competence", "h"),
    ],
    columns=["category_code", "parent_code", "label", "family", "default_unit"],
)

COMPATIBILITY = pd.DataFrame(
    [
        ("dechet_carton", "matiere_emballage", "Carton broyé en calage", "test"),
        ("dechet_bois", "matiere_combustible", "Bois non traité en combustible", "test"),
        ("energie_chaleur_fatale", "energie_besoin_chaleur", "Récupération de chaleur", "test"),
    ],
    columns=["output_category", "input_category", "note", "source"],
)

UNITS = pd.DataFrame(
    [
        ("t", "t", "mass", 1.0),
        ("kg", "kg", "mass", 0.001),
        ("m3", "m³", "volume", 1.0),
        ("MWh", "MWh", "energy", 1.0),
        ("kWh", "kWh", "energy", 0.001),
        ("u", "unités", "count", 1.0),
        ("h", "h", "time", 1.0),
    ],
    columns=["unit_code", "label", "dimension", "to_base"],
)


def place(site: str, km_north: float) -> tuple[float, float]:
    """(longitude, latitude) `km_north` km due north of the site (negative: south)."""
    lon, lat, _ = SITES[site]
    return lon, lat + km_north / KM_PER_DEGREE_OF_LATITUDE


def _companies(rows: list[tuple[str, str, str, float]]) -> pd.DataFrame:
    records = []
    for company_id, name, site, km_north in rows:
        lon, lat = place(site, km_north)
        records.append((company_id, name, lon, lat, SITES[site][2]))
    return pd.DataFrame(records, columns=["company_id", "name", "longitude", "latitude", "commune_id"])


def _flows(rows: list[tuple[str, str, str, float | None, str | None, str]]) -> pd.DataFrame:
    frame = pd.DataFrame(
        rows, columns=["company_id", "direction", "category_code", "quantity", "unit_code", "frequency"]
    )
    frame.insert(0, "flow_id", [f"F{i:03d}" for i in range(1, len(frame) + 1)])
    return frame


SUBSTITUTION_COMPANIES = _companies(
    [
        ("V01", "Cartonnerie Dupuis", "V", 0.0),
        ("V02", "Emballages Martin", "V", 3.2),
        ("V03", "Atelier Ondulé", "V", -1.0),
        ("V04", "Recyclage Berger", "V", 5.0),
        ("V05", "Chaufferie collective", "V", -2.0),
        ("V06", "Fonderie Roux", "V", -2.5),
        ("V07", "Scierie Blanc", "V", 4.0),
        ("V08", "Granulés du Loir", "V", 6.0),
        ("V09", "Serres Lambert", "V", 7.0),
        ("V10", "Logistique Petit", "V", 1.0),
        ("P01", "Palettes Sud", "P", 0.0),
        ("P02", "Menuiserie Azéma", "P", 9.9),
        ("P03", "Transports Cros", "P", 10.1),
        ("P04", "Bois et Jardin", "P", 1.0),
        ("P05", "Épicerie Vidal", "P", 2.0),
        ("P06", "Brasserie Occitane", "P", -3.0),
    ]
)

SUBSTITUTION_FLOWS = _flows(
    [
        ("V01", "out", "dechet_carton", 12.0, "t", "yearly"),
        ("V02", "in", "matiere_emballage", 10.0, "t", "yearly"),
        ("V03", "out", "dechet_carton_ondule", 500.0, "kg", "monthly"),  # 6 t/yr
        ("V04", "in", "dechet_carton", 1000.0, "kg", "monthly"),  # 12 t/yr
        ("V05", "in", "energie_besoin_chaleur", 800.0, "MWh", "yearly"),
        ("V06", "out", "energie_chaleur_fatale", 2000.0, "MWh", "yearly"),
        ("V07", "out", "dechet_bois", 50.0, "t", "yearly"),
        ("V08", "in", "matiere_combustible_granule", 40.0, "t", "yearly"),
        ("V09", "in", "energie_besoin_chaleur", 500.0, "m3", "yearly"),  # a volume: kept, quantities not compared
        ("V10", "out", "dechet_palette", 100.0, "u", "yearly"),  # its own need below: never matched to itself
        ("V10", "in", "dechet_palette", 50.0, "u", "yearly"),
        ("P01", "out", "dechet_palette", 20.0, "u", "weekly"),  # 1 040 /yr
        ("P02", "in", "dechet_palette", 80.0, "u", "monthly"),  # 960 /yr, 9.9 km: inside a 10 km radius
        ("P03", "in", "dechet_palette", 1000.0, "u", "yearly"),  # 10.1 km: outside
        ("P04", "in", "dechet_palette", 2.0, "t", "yearly"),  # mass vs count: kept, quantities not compared
        ("P05", "in", "dechet_palette", None, None, "yearly"),  # no quantity: matched, scored lower
        ("P06", "in", "dechet_palette", 10.0, "u", "yearly"),  # about 1 % of the supply
    ]
)

# (supplier, receiver, output category, input category) expected at a 10 km radius, and nothing else.
EXPECTED_SUBSTITUTIONS_10_KM = {
    ("V01", "V02", "dechet_carton", "matiere_emballage"),
    ("V01", "V04", "dechet_carton", "dechet_carton"),
    ("V03", "V02", "dechet_carton_ondule", "matiere_emballage"),
    ("V03", "V04", "dechet_carton_ondule", "dechet_carton"),
    ("V06", "V05", "energie_chaleur_fatale", "energie_besoin_chaleur"),
    ("V06", "V09", "energie_chaleur_fatale", "energie_besoin_chaleur"),
    ("V07", "V08", "dechet_bois", "matiere_combustible_granule"),
    ("P01", "P02", "dechet_palette", "dechet_palette"),
    ("P01", "P04", "dechet_palette", "dechet_palette"),
    ("P01", "P05", "dechet_palette", "dechet_palette"),
    ("P01", "P06", "dechet_palette", "dechet_palette"),
}

MUTUALISATION_COMPANIES = _companies(
    [
        ("M01", "Boulangerie Arnaud", "V", 0.0),
        ("M02", "Garage Chevalier", "V", 1.5),
        ("M03", "Imprimerie Morel", "V", -2.0),
        ("M04", "Atelier Fournier", "V", 3.0),
        ("M05", "Palettes Sud", "P", 0.0),
        ("M06", "Menuiserie Azéma", "P", 6.0),
        ("M07", "Transports Cros", "P", -6.0),
        ("M08", "Fonderie Bonnet", "P", 1.0),
        ("M09", "Forge Garnier", "P", 2.0),
        ("M10", "Verrerie Perrin", "P", 3.0),
        ("M11", "Laiterie Robin", "V", 20.0),
        ("M12", "Fromagerie Henry", "V", 25.0),
        ("M13", "Conserverie Meyer", "V", 35.1),
    ]
)

MUTUALISATION_FLOWS = _flows(
    [
        # A shared training need: 4 companies within 5 km.
        ("M01", "in", "competence_formation_reglementaire", 35.0, "h", "yearly"),
        ("M02", "in", "competence_formation_reglementaire", 20.0, "h", "yearly"),
        ("M03", "in", "competence_formation_reglementaire", None, None, "yearly"),
        ("M04", "in", "competence_formation_reglementaire", 14.0, "h", "yearly"),
        # Pallets out: M06 and M07 are 12 km apart, both 6 km from M05 (the centre).
        ("M05", "out", "dechet_palette", 20.0, "u", "monthly"),
        ("M06", "out", "dechet_palette", 100.0, "u", "yearly"),
        ("M07", "out", "dechet_palette", 50.0, "u", "yearly"),
        # Waste heat out (energy family): never a group collection.
        ("M08", "out", "energie_chaleur_fatale", 100.0, "MWh", "yearly"),
        ("M09", "out", "energie_chaleur_fatale", 200.0, "MWh", "yearly"),
        ("M10", "out", "energie_chaleur_fatale", 300.0, "MWh", "yearly"),
        # A heat need shared by two companies only.
        ("M08", "in", "energie_besoin_chaleur", 50.0, "MWh", "yearly"),
        ("M09", "in", "energie_besoin_chaleur", 60.0, "MWh", "yearly"),
        # Electricity: M12 is 5 km from M11 and 10.1 km from M13: a group only from a 10.1 km radius.
        ("M11", "in", "energie_electricite", 300.0, "MWh", "yearly"),
        ("M12", "in", "energie_electricite", 200.0, "MWh", "yearly"),
        ("M13", "in", "energie_electricite", 400.0, "MWh", "yearly"),
    ]
)


def run_substitutions(radius_km: float = 10.0, **options: object) -> pd.DataFrame:
    from dashboard.detection import detect_substitutions

    return detect_substitutions(
        SUBSTITUTION_COMPANIES, SUBSTITUTION_FLOWS, COMPATIBILITY, UNITS, CATEGORIES, radius_km=radius_km, **options
    )


def run_mutualisations(radius_km: float = 10.0, **options: object) -> pd.DataFrame:
    from dashboard.detection import detect_mutualisations

    return detect_mutualisations(
        MUTUALISATION_COMPANIES, MUTUALISATION_FLOWS, CATEGORIES, UNITS, radius_km=radius_km, **options
    )


def found(frame: pd.DataFrame) -> set[tuple[str, str, str, str]]:
    return set(
        zip(frame["supplier_id"], frame["receiver_id"], frame["output_category"], frame["input_category"], strict=True)
    )


def insert_fixture(db: Database, companies: pd.DataFrame, flows: pd.DataFrame) -> None:
    """Insert the reference data and the given companies and flows into a database with the test geography."""
    depth = CATEGORIES["category_code"].map(ancestors(CATEGORIES).groupby("category_code")["depth"].max())
    with db.transaction() as cur:
        cur.executemany(
            "INSERT INTO unit (unit_code, label, dimension, to_base) VALUES (?, ?, ?, ?)", UNITS.values.tolist()
        )
        for level in sorted(depth.unique()):  # parents first: parent_code is a foreign key
            rows = CATEGORIES[depth == level].astype(object).where(CATEGORIES[depth == level].notna(), None)
            cur.executemany(
                "INSERT INTO flow_category (category_code, parent_code, label, family, default_unit) VALUES (?, ?, ?, ?, ?)",
                rows.values.tolist(),
            )
        cur.executemany(
            "INSERT INTO flow_compatibility (output_category, input_category, note, source) VALUES (?, ?, ?, ?)",
            COMPATIBILITY.values.tolist(),
        )
    insert_fixture_rows(db, companies, flows)


def insert_fixture_rows(db: Database, companies: pd.DataFrame, flows: pd.DataFrame) -> None:
    """Insert companies and flows (the reference data being there already)."""
    with db.transaction() as cur:
        for row in companies.astype(object).where(companies.notna(), None).itertuples(index=False):
            cur.execute(
                "INSERT INTO company (company_id, name, sector_family, size_band, commune_id, longitude, latitude) "
                "VALUES ($id, $name, 'fabrication', '1-9', $commune, $lon, $lat)",
                {
                    "id": row.company_id,
                    "name": row.name,
                    "commune": row.commune_id,
                    "lon": row.longitude,
                    "lat": row.latitude,
                },
            )
        for row in flows.astype(object).where(flows.notna(), None).itertuples(index=False):
            cur.execute(
                "INSERT INTO flow (flow_id, company_id, direction, category_code, quantity, unit_code, frequency) "
                "VALUES ($id, $company, $direction, $category, $quantity, $unit, $frequency)",
                {
                    "id": row.flow_id,
                    "company": row.company_id,
                    "direction": row.direction,
                    "category": row.category_code,
                    "quantity": row.quantity,
                    "unit": row.unit_code,
                    "frequency": row.frequency,
                },
            )
