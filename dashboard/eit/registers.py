"""Registers of a territory: its companies, their diagnostics and flows, and one company's sheet.

Scope: companies located in the territory's communes (view `territory_commune`), as on the home page
(`dashboard.eit.metrics`). Registers list every record held, whatever the sidebar's period: a register is the
list of what is known; the `year` filter narrows it to the diagnostics of one year (and the flows they
recorded, and the companies diagnosed that year).

Filters (`RegisterFilters`, all optional, combined with AND):
- sector families of the company;
- flow categories: the company has a flow of one of these categories or of a narrower one (the nomenclature
  is a tree, so "déchets" covers "cartons");
- direction: combined with the categories, the company has such a flow in that direction;
- diagnostic kinds: the company has a diagnostic of one of these kinds;
- year: the company has a diagnostic dated that year (flows: recorded by a diagnostic of that year);
- search: a case-insensitive text found in the company's name, NAF code or commune.

Confidentiality. Every function takes `show_names`: with False, company names are replaced by a stable
anonymous label ("Entreprise n° 12", numbered over the whole database by company id so that the same company
gets the same label in every table), the SIRET and exact coordinates are left out, and the text search does
not look into names. COPIL mode calls them with show_names=False.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.codes import FlowFamily
from dashboard.db import Database
from dashboard.detection.quantities import OCCURRENCES_PER_YEAR
from dashboard.i18n import t

# Categories and their ancestors (self included): "has a flow of category X or narrower" is one join.
_LINEAGE_CTE = """
lineage AS (
    WITH RECURSIVE up(category_code, ancestor_code, depth) AS (
        SELECT category_code, category_code, 0 FROM flow_category
        UNION ALL
        SELECT up.category_code, c.parent_code, up.depth + 1
        FROM up JOIN flow_category c ON c.category_code = up.ancestor_code
        WHERE c.parent_code IS NOT NULL AND up.depth < 32
    )
    SELECT category_code, ancestor_code FROM up
)
"""

# Every company's anonymous number, over the whole database so that it never depends on a filter.
_ANONYMOUS_CTE = """
anonymous AS (
    SELECT company_id, dense_rank() OVER (ORDER BY company_id) AS company_number FROM company
)
"""


@dataclass(frozen=True)
class RegisterFilters:
    """Filters of the registers (hashable, so that the page can cache on them)."""

    sector_families: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    direction: str | None = None
    diagnostic_kinds: tuple[str, ...] = ()
    year: int | None = None
    search: str = ""

    def params(self) -> dict[str, object]:
        return {
            "sectors": list(self.sector_families),
            "categories": list(self.categories),
            "direction": self.direction,
            "kinds": list(self.diagnostic_kinds),
            "year": self.year,
            "search": self.search.strip().lower(),
        }


# The filtered companies of the scope $scope, as a CTE after _LINEAGE_CTE and _ANONYMOUS_CTE. Empty lists mean
# "no filter" (len = 0), a NULL direction or year too.
_FILTERED_CTE = """
filtered_company AS (
    SELECT c.company_id
    FROM company c
    JOIN territory commune ON commune.territory_id = c.commune_id
    WHERE c.company_id IN (SELECT company_id FROM scope_companies($scope))
      AND (len($sectors) = 0 OR list_contains($sectors, c.sector_family))
      AND (
          (len($categories) = 0 AND $direction IS NULL)
          OR EXISTS (
              SELECT 1 FROM flow f JOIN lineage l ON l.category_code = f.category_code
              WHERE f.company_id = c.company_id
                AND (len($categories) = 0 OR list_contains($categories, l.ancestor_code))
                AND ($direction IS NULL OR f.direction = $direction)
          )
      )
      AND (len($kinds) = 0 OR EXISTS (
              SELECT 1 FROM diagnostic d WHERE d.company_id = c.company_id AND list_contains($kinds, d.kind)))
      AND ($year IS NULL OR EXISTS (
              SELECT 1 FROM diagnostic d WHERE d.company_id = c.company_id AND year(d.diagnostic_date) = $year))
      AND ($search = ''
           OR contains(lower(coalesce(c.naf_code, '')), $search)
           OR contains(lower(commune.name), $search)
           OR ($show_names AND contains(lower(c.name), $search)))
)
"""


def _shown_name(name: str = "c.name", number: str = "a.company_number") -> str:
    """SQL of the name shown: the name itself, or the anonymous label ($anonymous is its French prefix)."""
    return f"CASE WHEN $show_names THEN {name} ELSE $anonymous || CAST({number} AS VARCHAR) END"


def _name_params(show_names: bool) -> dict[str, object]:
    return {"show_names": show_names, "anonymous": t("registers.anonymous_prefix")}


def companies(db: Database, scope: str, filters: RegisterFilters, show_names: bool = True) -> pd.DataFrame:
    """The territory's companies passing `filters`, one row each, by name.

    Columns: company_id, name, siret, naf_code, sector_family, size_band, commune_id, commune, longitude,
    latitude, business_park, is_demo, diagnostics, last_diagnostic, flows_in, flows_out, synergies.
    """
    return db.query_df(
        f"""
        WITH {_LINEAGE_CTE}, {_ANONYMOUS_CTE}, {_FILTERED_CTE}
        SELECT c.company_id, {_shown_name()} AS name,
               CASE WHEN $show_names THEN c.siret END AS siret, c.naf_code, c.sector_family, c.size_band,
               c.commune_id, commune.name AS commune,
               CASE WHEN $show_names THEN c.longitude END AS longitude,
               CASE WHEN $show_names THEN c.latitude END AS latitude,
               c.business_park, c.is_demo,
               (SELECT count(*) FROM diagnostic d WHERE d.company_id = c.company_id) AS diagnostics,
               (SELECT max(diagnostic_date) FROM diagnostic d WHERE d.company_id = c.company_id) AS last_diagnostic,
               (SELECT count(*) FROM flow f WHERE f.company_id = c.company_id AND f.direction = 'in') AS flows_in,
               (SELECT count(*) FROM flow f WHERE f.company_id = c.company_id AND f.direction = 'out') AS flows_out,
               (SELECT count(DISTINCT synergy_id) FROM synergy_participant p
                WHERE p.company_id = c.company_id) AS synergies
        FROM company c
        JOIN anonymous a USING (company_id)
        JOIN territory commune ON commune.territory_id = c.commune_id
        WHERE c.company_id IN (SELECT company_id FROM filtered_company)
        ORDER BY CASE WHEN $show_names THEN c.name END, a.company_number
        """,
        {"scope": scope, **_name_params(show_names), **filters.params()},
    )


def diagnostics(db: Database, scope: str, filters: RegisterFilters, show_names: bool = True) -> pd.DataFrame:
    """Diagnostics of the filtered companies (of the filter's kinds and year when set), latest first.

    Columns: diagnostic_id, company_id, company, diagnostic_date, kind, programme, advisor, flows, is_demo.
    """
    return db.query_df(
        f"""
        WITH {_LINEAGE_CTE}, {_ANONYMOUS_CTE}, {_FILTERED_CTE}
        SELECT d.diagnostic_id, d.company_id, {_shown_name()} AS company, d.diagnostic_date, d.kind,
               p.name AS programme, o.name AS advisor,
               (SELECT count(*) FROM flow f WHERE f.diagnostic_id = d.diagnostic_id) AS flows, d.is_demo
        FROM diagnostic d
        JOIN company c USING (company_id)
        JOIN anonymous a USING (company_id)
        LEFT JOIN programme p USING (programme_id)
        LEFT JOIN organisation o ON o.org_id = d.advisor_org_id
        WHERE d.company_id IN (SELECT company_id FROM filtered_company)
          AND (len($kinds) = 0 OR list_contains($kinds, d.kind))
          AND ($year IS NULL OR year(d.diagnostic_date) = $year)
        ORDER BY d.diagnostic_date DESC, d.diagnostic_id
        """,
        {"scope": scope, **_name_params(show_names), **filters.params()},
    )


def flows(db: Database, scope: str, filters: RegisterFilters, show_names: bool = True) -> pd.DataFrame:
    """Flows of the filtered companies (of the filter's categories, direction and year when set).

    Columns: flow_id, company_id, company, direction, category_code, category, family, description, quantity,
    unit_code, unit, dimension, to_base, frequency, diagnostic_date, is_demo.
    """
    return db.query_df(
        f"""
        WITH {_LINEAGE_CTE}, {_ANONYMOUS_CTE}, {_FILTERED_CTE}
        SELECT f.flow_id, f.company_id, {_shown_name()} AS company, f.direction, f.category_code,
               fc.label AS category, fc.family, f.description, f.quantity, f.unit_code, u.label AS unit,
               u.dimension, u.to_base, f.frequency, d.diagnostic_date, f.is_demo
        FROM flow f
        JOIN company c USING (company_id)
        JOIN anonymous a USING (company_id)
        JOIN flow_category fc ON fc.category_code = f.category_code
        LEFT JOIN unit u ON u.unit_code = f.unit_code
        LEFT JOIN diagnostic d ON d.diagnostic_id = f.diagnostic_id
        WHERE f.company_id IN (SELECT company_id FROM filtered_company)
          AND ($direction IS NULL OR f.direction = $direction)
          AND (len($categories) = 0 OR EXISTS (
                  SELECT 1 FROM lineage l
                  WHERE l.category_code = f.category_code AND list_contains($categories, l.ancestor_code)))
          AND ($year IS NULL OR year(d.diagnostic_date) = $year)
        ORDER BY CASE WHEN $show_names THEN c.name END, a.company_number, f.direction, fc.label, f.flow_id
        """,
        {"scope": scope, **_name_params(show_names), **filters.params()},
    )


def flow_totals(flow_rows: pd.DataFrame) -> pd.DataFrame:
    """Flows per direction and category, from `flows` rows: what the Sankey draws.

    Columns: direction, category_code, category, family, flow_count, companies, tonnes_per_year (mass flows
    only, annualised with the detection engine's occurrences per year and converted to tonnes; other units are
    never added to tonnes), mass_flows (how many flows the tonnage comes from).
    """
    columns = ["direction", "category_code", "category", "family"]
    if flow_rows.empty:
        return pd.DataFrame(columns=[*columns, "flow_count", "companies", "tonnes_per_year", "mass_flows"])
    rows = flow_rows.copy()
    per_year = rows["frequency"].map({f.value: n for f, n in OCCURRENCES_PER_YEAR.items()})
    is_mass = rows["dimension"] == "mass"
    rows["tonnes"] = (rows["quantity"] * rows["to_base"] * per_year).where(is_mass)
    rows["is_mass"] = is_mass & rows["tonnes"].notna()
    totals = (
        rows.groupby(columns, dropna=False)
        .agg(
            flow_count=("flow_id", "count"),
            companies=("company_id", "nunique"),
            tonnes_per_year=("tonnes", "sum"),
            mass_flows=("is_mass", "sum"),
        )
        .reset_index()
    )
    return totals.sort_values(["direction", "flow_count", "category"], ascending=[True, False, True]).reset_index(
        drop=True
    )


@dataclass(frozen=True)
class CompanySheet:
    """One company with everything recorded about it."""

    company: pd.Series  # a row of `companies` (same columns)
    diagnostics: pd.DataFrame  # diagnostic_id, diagnostic_date, kind, programme, advisor, flows
    flows: pd.DataFrame  # a `flows` frame for this company
    synergies: pd.DataFrame  # synergy_id, title, synergy_type, role, status, status_date, partners


def company_sheet(db: Database, scope: str, company_id: str, show_names: bool = True) -> CompanySheet | None:
    """The sheet of one company of the territory, or None when it is not one of its companies.

    Synergies are shown with their current status (latest dated event, view `synergy_current`): a company
    sheet says where things stand today, whatever the period.
    """
    listed = companies(db, scope, RegisterFilters(), show_names)
    own = listed[listed["company_id"] == company_id]
    if own.empty:
        return None
    all_diagnostics = diagnostics(db, scope, RegisterFilters(), show_names)
    all_flows = flows(db, scope, RegisterFilters(), show_names)
    synergy_rows = db.query_df(
        f"""
        WITH {_ANONYMOUS_CTE}
        SELECT s.synergy_id, s.title, s.synergy_type, p.role, s.status, s.status_date,
               (SELECT string_agg({_shown_name("oc.name", "oa.company_number")}, ', ' ORDER BY oc.company_id)
                FROM synergy_participant op JOIN company oc USING (company_id) JOIN anonymous oa USING (company_id)
                WHERE op.synergy_id = s.synergy_id AND op.company_id <> $company_id) AS partners
        FROM synergy_participant p JOIN synergy_current s USING (synergy_id)
        WHERE p.company_id = $company_id
        ORDER BY s.identified_date, s.synergy_id
        """,
        {"company_id": company_id, **_name_params(show_names)},
    )
    return CompanySheet(
        company=own.iloc[0],
        diagnostics=all_diagnostics[all_diagnostics["company_id"] == company_id].reset_index(drop=True),
        flows=all_flows[all_flows["company_id"] == company_id].reset_index(drop=True),
        synergies=synergy_rows,
    )


def filter_options(db: Database, scope: str) -> dict[str, list[object]]:
    """Values the filters can take in the territory: sector families, flow categories used (with their
    ancestors, so that a family can be chosen), diagnostic kinds and years present."""
    params = {"scope": scope}
    sectors = db.query_df(
        "SELECT DISTINCT sector_family FROM company "
        "WHERE company_id IN (SELECT company_id FROM scope_companies($scope)) ORDER BY 1",
        params,
    )["sector_family"].tolist()
    categories = db.query_df(
        f"""
        WITH {_LINEAGE_CTE}
        SELECT DISTINCT l.ancestor_code AS category_code
        FROM flow f JOIN lineage l ON l.category_code = f.category_code
        WHERE f.company_id IN (SELECT company_id FROM scope_companies($scope))
        ORDER BY 1
        """,
        params,
    )["category_code"].tolist()
    kinds = db.query_df(
        "SELECT DISTINCT kind FROM diagnostic "
        "WHERE company_id IN (SELECT company_id FROM scope_companies($scope)) ORDER BY 1",
        params,
    )["kind"].tolist()
    years = db.query_df(
        "SELECT DISTINCT year(diagnostic_date) AS y FROM diagnostic "
        "WHERE company_id IN (SELECT company_id FROM scope_companies($scope)) ORDER BY 1",
        params,
    )["y"].tolist()
    return {"sectors": sectors, "categories": categories, "kinds": kinds, "years": [int(y) for y in years]}


def nomenclature(db: Database) -> pd.DataFrame:
    """The flow nomenclature as stored: category_code, parent_code, label, parent_label, family, default_unit,
    ewc_chapter, depth (0 for the roots), in tree order (each category after its parent), families in the
    order of `FlowFamily` (materials, wastes, energy, water...)."""
    return db.query_df(
        """
        WITH RECURSIVE tree(category_code, path, depth) AS (
            SELECT category_code, [category_code], 0 FROM flow_category WHERE parent_code IS NULL
            UNION ALL
            SELECT c.category_code, list_append(tree.path, c.category_code), tree.depth + 1
            FROM flow_category c JOIN tree ON c.parent_code = tree.category_code
            WHERE tree.depth < 32
        )
        SELECT c.category_code, c.parent_code, c.label, p.label AS parent_label, c.family, c.default_unit,
               c.ewc_chapter, tree.depth
        FROM tree JOIN flow_category c USING (category_code)
        LEFT JOIN flow_category p ON p.category_code = c.parent_code
        ORDER BY list_position($families, c.family), tree.path
        """,
        {"families": [family.value for family in FlowFamily]},
    )


def compatibility(db: Database) -> pd.DataFrame:
    """The substitution compatibility table with both categories' labels: output_category, output_label,
    input_category, input_label, note, source."""
    return db.query_df(
        """
        SELECT x.output_category, o.label AS output_label, x.input_category, i.label AS input_label, x.note, x.source
        FROM flow_compatibility x
        JOIN flow_category o ON o.category_code = x.output_category
        JOIN flow_category i ON i.category_code = x.input_category
        ORDER BY o.label, i.label
        """
    )


def diagnosed_per_year(db: Database, scope: str) -> pd.DataFrame:
    """Per calendar year: companies of the territory diagnosed that year (distinct) and diagnostics made.

    Columns: year, companies, diagnostics; only years with a diagnostic, oldest first.
    """
    return db.query_df(
        """
        SELECT year(diagnostic_date) AS year, count(DISTINCT company_id) AS companies, count(*) AS diagnostics
        FROM diagnostic
        WHERE diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope))
        GROUP BY ALL ORDER BY year
        """,
        {"scope": scope},
    )
