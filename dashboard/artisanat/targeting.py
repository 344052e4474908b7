""" "Who to visit": the artisan establishments of the register matching a chargé de mission's criteria, and their
hand-over to the diagnostics register (the `company` table) as companies to diagnose.

Criteria (`Criteria`, all optional but the perimeter):
- **perimeter**: any territory (a commune, an EPCI, a department, or a custom perimeter such as a business park,
  `perimetre:<slug>`): its communes, as everywhere (the view `territory_commune`);
- **sector families**;
- **sectors with known reusable flows**: the establishment's NAF code appears in `data/reference/naf_flows.csv`
  (NAF_FLOWS_FILE), our mapping of artisan trades to the outgoing flows they usually produce and that EIT
  programmes know how to reuse (biowaste, cardboard, pallets, wood, metals, inert waste, WEEE, waste heat...), each
  a category of the flow nomenclature; optionally restricted to chosen categories. A NAF code takes the flows of
  every prefix it starts with (10.71C: the bakery's own flows and those of food manufacturing) and the sector
  label of its longest prefix (flows of the most specific prefix first);
- **owners aged 55 or more** (transmission risk), where the register gives the owner's age band;
- **recent creations**: created on or after a date.
Only establishments active on the reference date (created by then, not closed by then) are listed.

Hand-over (`hand_over`): the chosen establishments become rows of `company` in one transaction, with
`company_id` = the establishment identifier and `company.establishment_id` set (the flag "from the who-to-visit
list"); an establishment already handed over (same identifier, same SIRET or same company id) is skipped, so
the hand-over can be repeated without duplicates. `companies_template` gives the same rows in the exact shape of
the `companies` import template, for a hand-over by file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

import pandas as pd

from dashboard.auth import audit
from dashboard.auth.roles import Actor, require_company_read, require_edit
from dashboard.codes import EmployeesBand, OwnerAgeBand, SectorFamily, SizeBand
from dashboard.config import DATA_DIR
from dashboard.db import Database
from dashboard.i18n import label, t
from dashboard.imports.templates import TEMPLATES_BY_ENTITY

NAF_FLOWS_FILE = DATA_DIR / "reference" / "naf_flows.csv"
HAND_OVER_ENTITY = "companies"  # import_log entity of a hand-over: rows added to the company table
SIRET_PATTERN = r"[0-9]{14}"  # an establishment identifier that is a SIRET fills company.siret
# Register employees bands -> the company table's size bands (the register's bands are finer).
SIZE_OF_BAND: dict[str, str] = {
    EmployeesBand.NONE: SizeBand.NONE,
    EmployeesBand.B1_2: SizeBand.MICRO,
    EmployeesBand.B3_5: SizeBand.MICRO,
    EmployeesBand.B6_9: SizeBand.MICRO,
    EmployeesBand.B10_19: SizeBand.SMALL,
    EmployeesBand.B20_49: SizeBand.SMALL,
    EmployeesBand.B50_PLUS: SizeBand.MEDIUM,  # artisan establishments of 50 or more are almost all under 250
}
LIST_COLUMNS: tuple[str, ...] = (
    "establishment_id",
    "naf_code",
    "sector_label",
    "sector_family",
    "commune_id",
    "commune_code",
    "commune_name",
    "creation_date",
    "employees_band",
    "owner_age_band",
    "flows",
    "reasons",
    "handed_over",
    "is_demo",
)


@dataclass(frozen=True)
class Criteria:
    """What the chargé de mission is looking for (hashable: cached reads take it as an argument)."""

    perimeter_id: str
    as_of: dt.date
    families: tuple[str, ...] = ()  # empty: every family
    reusable_flows: bool = False  # only sectors with known reusable flows
    flow_categories: tuple[str, ...] = ()  # with reusable_flows: only these categories (empty: any)
    owners_55_plus: bool = False
    created_since: dt.date | None = None


@dataclass(frozen=True)
class HandOver:
    """What a hand-over did: companies added, establishments skipped because already in the company table."""

    added: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------- NAF -> flows
@cache
def naf_flows() -> pd.DataFrame:
    """The mapping NAF prefix -> sector label, flow category, note (data/reference/naf_flows.csv)."""
    return pd.read_csv(NAF_FLOWS_FILE, dtype=str, keep_default_na=False)


@cache  # a few hundred distinct codes at most: each is resolved once per process
def sector_of(naf_code: str) -> tuple[str | None, tuple[str, ...]]:
    """(sector label of the longest matching prefix, flow categories of every matching prefix) of a NAF code."""
    mapping = naf_flows()
    matching = mapping[[naf_code.startswith(prefix) for prefix in mapping["naf_prefix"]]]
    if matching.empty:
        return None, ()
    # most specific prefix first: its label names the sector, its flows come first
    matching = matching.assign(length=matching["naf_prefix"].str.len()).sort_values(
        "length", ascending=False, kind="stable"
    )
    return str(matching["sector_label"].iloc[0]), tuple(dict.fromkeys(matching["category_code"]))


def mapped_categories() -> tuple[str, ...]:
    """Every flow category of the mapping, in file order."""
    return tuple(dict.fromkeys(naf_flows()["category_code"]))


# ---------------------------------------------------------------------------------------------- reads
def has_register(db: Database) -> bool:
    return bool(db.query_value("SELECT count(*) > 0 FROM establishment"))


def covers(db: Database, perimeter_id: str) -> bool:
    """True when the register has establishments (open or closed) in the perimeter."""
    return bool(
        db.query_value(
            "SELECT count(*) > 0 FROM territory_commune s JOIN establishment e ON e.commune_id = s.commune_id "
            "WHERE s.territory_id = $perimeter",
            {"perimeter": perimeter_id},
        )
    )


def register_as_of(db: Database) -> dt.date | None:
    """The latest date of the register (creation or closure): the natural reference date of the list."""
    value = db.query_value("SELECT greatest(max(creation_date), max(closure_date)) FROM establishment")
    return value


def perimeters(db: Database) -> pd.DataFrame:
    """Custom perimeters (business parks, programme perimeters) that have register establishments."""
    return db.query_df(
        """
        SELECT t.territory_id, t.name FROM territory t
        WHERE t.level = 'perimetre' AND EXISTS (
            SELECT 1 FROM territory_commune c JOIN establishment e ON e.commune_id = c.commune_id
            WHERE c.territory_id = t.territory_id)
        ORDER BY t.name
        """
    )


def category_labels(db: Database) -> dict[str, str]:
    rows = db.query_rows("SELECT category_code, label FROM flow_category")
    return dict(rows)


# Keys under which an establishment is already in the company table (a hash set: one pass, then lookups).
_HANDED_CTE = """
handed AS (
    SELECT establishment_id AS key FROM company WHERE establishment_id IS NOT NULL
    UNION SELECT company_id FROM company
    UNION SELECT siret FROM company WHERE siret IS NOT NULL
)"""


def candidates(db: Database, criteria: Criteria, actor: Actor | None = None) -> pd.DataFrame:
    """The establishments matching `criteria`, most reasons first: LIST_COLUMNS (flows and reasons in French).
    Establishment-level (identifiers, positions): `actor` checked on the perimeter."""
    require_company_read(db, actor, criteria.perimeter_id)
    frame = db.query_df(
        f"""
        WITH {_HANDED_CTE}
        SELECT e.establishment_id, e.naf_code, e.sector_family, e.commune_id, t.code AS commune_code,
               t.name AS commune_name, e.creation_date, e.employees_band, e.owner_age_band, e.is_demo,
               e.establishment_id IN (SELECT key FROM handed) AS handed_over
        FROM territory_commune s
        JOIN establishment e ON e.commune_id = s.commune_id
        JOIN territory t ON t.territory_id = e.commune_id
        WHERE s.territory_id = $perimeter
          AND e.creation_date <= $as_of AND (e.closure_date IS NULL OR e.closure_date > $as_of)
          AND (len($families) = 0 OR list_contains($families, e.sector_family))
          AND (NOT $owners_55_plus OR e.owner_age_band = $band_55)
          AND ($created_since IS NULL OR e.creation_date >= $created_since)
        ORDER BY e.establishment_id
        """,
        {
            "perimeter": criteria.perimeter_id,
            "as_of": criteria.as_of,
            "families": list(criteria.families),
            "owners_55_plus": criteria.owners_55_plus,
            "band_55": OwnerAgeBand.A55_PLUS.value,
            "created_since": criteria.created_since,
        },
    )
    # everything derived from the NAF code is worked out once per distinct code (a few hundred), then mapped
    codes = pd.Series(frame["naf_code"].unique(), dtype=object)
    labels = category_labels(db)
    wanted = set(criteria.flow_categories)
    per_code = pd.DataFrame(
        {
            "naf_code": codes,
            "label": [sector_of(code)[0] for code in codes],
            "flows": [", ".join(labels.get(c, c) for c in sector_of(code)[1]) for code in codes],
            "has_flows": [bool(sector_of(code)[1]) for code in codes],
            "wanted": [not wanted or bool(wanted & set(sector_of(code)[1])) for code in codes],
        }
    ).set_index("naf_code")
    if criteria.reusable_flows:
        keep = frame["naf_code"].map(per_code["has_flows"] & per_code["wanted"]).astype(bool)
        frame = frame[keep.to_numpy()].reset_index(drop=True)
    family_names = {f.value: label(f.value, SectorFamily) for f in SectorFamily}
    frame["sector_label"] = frame["naf_code"].map(per_code["label"]).fillna(frame["sector_family"].map(family_names))
    frame["flows"] = frame["naf_code"].map(per_code["flows"]).fillna("")
    has_flows = frame["naf_code"].map(per_code["has_flows"]).fillna(False).astype(bool)
    old = (frame["owner_age_band"] == OwnerAgeBand.A55_PLUS.value).fillna(False).astype(bool)
    texts = {(f, o): _reasons(f, o, criteria.created_since is not None) for f in (False, True) for o in (False, True)}
    frame["reasons"] = [texts[(f, o)] for f, o in zip(has_flows, old, strict=True)]
    frame["creation_date"] = pd.to_datetime(frame["creation_date"]).dt.date
    return frame[list(LIST_COLUMNS)]


def _reasons(has_flows: bool, owner_55: bool, recent: bool) -> str:
    """Why an establishment is on the list, in French (the criteria it meets among those set)."""
    reasons = []
    if has_flows:
        reasons.append(t("targeting.reason.flows"))
    if owner_55:
        reasons.append(t("targeting.reason.owner_55"))
    if recent:
        reasons.append(t("targeting.reason.recent"))
    return ", ".join(reasons)


def sector_summary(listing: pd.DataFrame) -> pd.DataFrame:
    """Establishments of a list per sector: sector_label, sector_family, establishments, owners_55_plus, flows."""
    if listing.empty:
        return pd.DataFrame(columns=["sector_label", "sector_family", "establishments", "owners_55_plus", "flows"])
    grouped = listing.assign(old=listing["owner_age_band"] == OwnerAgeBand.A55_PLUS.value).groupby(
        ["sector_label", "sector_family"], as_index=False
    )
    summary = grouped.agg(establishments=("establishment_id", "size"), owners_55_plus=("old", "sum"),
                          flows=("flows", "first"))  # fmt: skip
    return summary.sort_values(["establishments", "sector_label"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------- hand-over
def company_name(row: pd.Series) -> str:
    """A company name for the diagnostics register: the register gives no name, so sector, commune and id."""
    name = t("targeting.company_name", sector=row["sector_label"], commune=row["commune_name"],
             id=row["establishment_id"])  # fmt: skip
    # fictitious companies of the demo say so in their name, as every demo company does
    return t("targeting.company_name_demo", name=name) if bool(row.get("is_demo", False)) else name


def companies_template(listing: pd.DataFrame) -> pd.DataFrame:
    """The establishments of a list as rows of the `companies` import template (same headers, same order)."""
    template = TEMPLATES_BY_ENTITY["companies"]
    headers = [column.header for column in template.columns]
    ids = listing["establishment_id"].astype(str)
    rows = pd.DataFrame(
        {
            "identifiant": ids,
            "nom": [company_name(row) for _, row in listing.iterrows()],
            "siret": ids.where(ids.str.fullmatch(SIRET_PATTERN), ""),
            "code_naf": listing["naf_code"],
            "famille": listing["sector_family"],
            "effectif": listing["employees_band"].map(SIZE_OF_BAND),
            "code_commune": listing["commune_code"],
            "longitude": "",
            "latitude": "",
            "zone_activites": "",
        }
    )
    return rows[headers].reset_index(drop=True)


def hand_over(db: Database, establishment_ids: Sequence[str], actor: Actor | None = None) -> HandOver:
    """Add the establishments to the company table (companies to diagnose), all or nothing, without duplicates;
    only in the actor's territories (PermissionDenied), recorded in the audit trail."""
    wanted = list(dict.fromkeys(str(i) for i in establishment_ids))
    if not wanted:
        return HandOver()
    # Read and written again when another worker handed over one of them meanwhile (a duplicate key on the shared
    # store): the new attempt skips it, as any establishment already handed over.
    return db.retrying(lambda: _hand_over_once(db, wanted, actor))


def _hand_over_once(db: Database, wanted: list[str], actor: Actor | None) -> HandOver:
    rows = db.query_df(
        f"""
        WITH {_HANDED_CTE}
        SELECT e.establishment_id, e.naf_code, e.sector_family, e.commune_id, t.name AS commune_name,
               e.employees_band, e.is_demo,
               e.establishment_id IN (SELECT key FROM handed) AS taken
        FROM establishment e JOIN territory t ON t.territory_id = e.commune_id
        WHERE list_contains($ids, e.establishment_id) ORDER BY e.establishment_id
        """,
        {"ids": wanted},
    )
    require_edit(db, actor, commune_ids=rows["commune_id"])
    new = rows[~rows["taken"]].copy()
    skipped = [i for i in wanted if i not in set(new["establishment_id"])]
    if new.empty:
        return HandOver([], skipped)
    new["sector_label"] = [sector_of(code)[0] or label(family, SectorFamily)
                           for code, family in zip(new["naf_code"], new["sector_family"], strict=True)]  # fmt: skip
    companies = pd.DataFrame(
        {
            "company_id": new["establishment_id"],
            "name": [company_name(row) for _, row in new.iterrows()],
            "siret": new["establishment_id"].where(new["establishment_id"].str.fullmatch(SIRET_PATTERN), None),
            "naf_code": new["naf_code"],
            "sector_family": new["sector_family"],
            "size_band": new["employees_band"].map(SIZE_OF_BAND),
            "commune_id": new["commune_id"],
            "establishment_id": new["establishment_id"],
            "is_demo": new["is_demo"].astype(bool),
        }
    )
    digest = hashlib.sha256("\n".join(companies["company_id"]).encode("utf-8")).hexdigest()
    with db.transaction() as cursor:
        cursor.register("handed_over", companies)
        try:
            cursor.execute(
                "INSERT INTO company (company_id, name, siret, naf_code, sector_family, size_band, commune_id, "
                "establishment_id, is_demo) SELECT company_id, name, siret, naf_code, sector_family, size_band, "
                "commune_id, establishment_id, is_demo FROM handed_over"
            )
        finally:
            cursor.unregister("handed_over")
        # logged like an import: the data page lists it, and cached reads see a new data version
        cursor.execute(
            "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) "
            "VALUES (now(), $entity, $file, $rows, $digest)",
            {"entity": HAND_OVER_ENTITY, "file": t("targeting.handover.log"), "rows": len(companies), "digest": digest},
        )
        audit.record(cursor, actor, audit.AuditAction.HAND_OVER, entity="company",
                     record_id=", ".join(companies["company_id"][:20]), detail=str(len(companies)))  # fmt: skip
    return HandOver(list(companies["company_id"]), skipped)
