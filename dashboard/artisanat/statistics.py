"""Artisan observatory figures (what a CMA's Géométiers platform gives an EPCI), for any territory and year.

Read from `artisan_stat` (commune × year × sector family); a territory of any level is the set of its communes
(the rows of the view `territory_commune`, read from its sources for speed: see _SCOPE_CTE), so commune figures
add up to every container's figures by construction.

Definitions (the same words are shown on screen, see dashboard/i18n/messages_artisanat.py):
- establishments: the stock **on 1 January** of the year (the convention of dashboard/artisanat/register.py; imported CMA
  figures follow it); creations (immatriculations) and closures (radiations): during the year;
- creation rate = creations of the year / establishments on 1 January of the same year, closure rate likewise:
  INSEE's denominator for business demography (the stock the year starts from); net balance = creations -
  closures;
- density = establishments per 10 000 inhabitants; population = sum of the populations of the territory's
  communes in the reference geography (one census figure, used for every year);
- share of owners aged 55 or more (transmission risk) and share of women: over `owners_total`, the owners whose
  age is known;
- change vs the previous year and over five years: the difference (in ratio points for rates and shares) and,
  for counts, the relative change.

France is the pseudo-territory `FRANCE` (every commune); it is offered as a reference only when statistics cover
every region of the geography, so that a partial extract never passes for France.

Statistical secrecy (dashboard/artisanat/secrecy.py): for a territory and a year, every figure is laid out as the table
"communes × (four families + total)" with the territory's own row as the communes' total, and protected as one
table; the territory's key figures, sector breakdown, time series point and commune map all take their hidden
cells from that one protection, so that no display gives back what another hides. Derived indicators are hidden
when a figure they are computed from is hidden, changes when either year is hidden.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import numpy as np
import pandas as pd

from dashboard.artisanat.secrecy import SECRECY_THRESHOLD, SECRET_MARK, ProtectedTable, protect_figures
from dashboard.codes import ARTISAN_FAMILIES, Level
from dashboard.db import Database
from dashboard.i18n import t

TOTAL = "total"  # row / column label of all four families together
FAMILIES: tuple[str, ...] = tuple(f.value for f in ARTISAN_FAMILIES)
FAMILY_ROWS: tuple[str, ...] = (*FAMILIES, TOTAL)
FRANCE = "france"  # pseudo territory id of the whole country (not stored: every commune of the database)
PER_INHABITANTS = 10_000  # density is expressed per 10 000 inhabitants, as in artisan observatories
LONG_CHANGE_YEARS = 5  # the "over five years" change of the brief


class Figure(StrEnum):
    """Stored counts of `artisan_stat` (summable over communes and families)."""

    ESTABLISHMENTS = "establishments"
    CREATIONS = "creations"
    CLOSURES = "closures"
    EMPLOYEES = "employees"
    OWNERS_TOTAL = "owners_total"
    OWNERS_LT30 = "owners_lt30"
    OWNERS_30_44 = "owners_30_44"
    OWNERS_45_54 = "owners_45_54"
    OWNERS_55_PLUS = "owners_55_plus"
    OWNERS_WOMEN = "owners_women"


class Indicator(StrEnum):
    """Indicators derived from the figures."""

    NET_BALANCE = "net_balance"
    DENSITY = "density"
    CREATION_RATE = "creation_rate"
    CLOSURE_RATE = "closure_rate"
    SHARE_55_PLUS = "share_55_plus"
    SHARE_WOMEN = "share_women"


FIGURES: tuple[str, ...] = tuple(f.value for f in Figure)
INDICATORS: tuple[str, ...] = tuple(i.value for i in Indicator)
MEASURES: tuple[str, ...] = (*FIGURES, *INDICATORS)
# Ratios (shown in percent, changed in points); the other measures are counts or densities.
RATIOS: frozenset[str] = frozenset(
    {Indicator.CREATION_RATE, Indicator.CLOSURE_RATE, Indicator.SHARE_55_PLUS, Indicator.SHARE_WOMEN}
)
# Figures each indicator is computed from: a hidden input hides the indicator (population is public).
DERIVED_FROM: dict[Indicator, tuple[Figure, ...]] = {
    Indicator.NET_BALANCE: (Figure.CREATIONS, Figure.CLOSURES),
    Indicator.DENSITY: (Figure.ESTABLISHMENTS,),
    Indicator.CREATION_RATE: (Figure.CREATIONS, Figure.ESTABLISHMENTS),
    Indicator.CLOSURE_RATE: (Figure.CLOSURES, Figure.ESTABLISHMENTS),
    Indicator.SHARE_55_PLUS: (Figure.OWNERS_55_PLUS, Figure.OWNERS_TOTAL),
    Indicator.SHARE_WOMEN: (Figure.OWNERS_WOMEN, Figure.OWNERS_TOTAL),
}
# Units behind a magnitude for the frequency rule: employees are secret where fewer than 3 establishments are.
CONTRIBUTORS: dict[Figure, Figure] = {Figure.EMPLOYEES: Figure.ESTABLISHMENTS}
# Levels offered as references above each level (its EPCI, department, region), nearest first.
REFERENCE_LEVELS: dict[str, tuple[Level, ...]] = {
    Level.COMMUNE: (Level.EPCI, Level.DEPARTEMENT, Level.REGION),
    Level.PERIMETRE: (Level.EPCI, Level.DEPARTEMENT, Level.REGION),
    Level.EPCI: (Level.DEPARTEMENT, Level.REGION),
    Level.DEPARTEMENT: (Level.REGION,),
    Level.REGION: (),
}

_FIGURE_SUMS = ", ".join(f"sum(s.{name})::BIGINT AS {name}" for name in FIGURES)  # constant column names
_FIGURE_COLUMNS = ", ".join(f"s.{name}" for name in FIGURES)
# France is every commune: the whole table, without joining the territories (rows name their commune).
_ANY_COMMUNE = "starts_with(s.commune_id, 'commune:')"
# One commune's figures of $year for $family, or every family when $family = $total (constant SQL).
_IN_FAMILY = "($family = $total OR s.sector_family = $family)"
_COMMUNE_SUMS = ", ".join(
    f"coalesce(sum(s.{name}) FILTER (WHERE s.year = $year AND {_IN_FAMILY}), 0)::BIGINT AS {name}" for name in FIGURES
)
# Communes of every territory in $territories (FRANCE: every commune). These are the rows of the view
# territory_commune, read from its two sources: a filter on the view applies after its UNION is built (about 25 ms
# on the national geography), a filter on territory_membership directly takes about 2 ms. Member ids carry their
# level ('commune:...'), as the schema's CHECK on territory ids guarantees. Values travel as parameters.
_SCOPE_CTE = """
scope AS (
    SELECT territory_id, territory_id AS commune_id FROM territory
    WHERE level = 'commune' AND list_contains($territories, territory_id)
    UNION ALL
    SELECT container_id AS territory_id, member_id AS commune_id FROM territory_membership
    WHERE list_contains($territories, container_id) AND starts_with(member_id, 'commune:')
    UNION ALL
    SELECT $france AS territory_id, territory_id AS commune_id FROM territory
    WHERE level = 'commune' AND list_contains($territories, $france)
)"""


# ---------------------------------------------------------------------------------------------- results
@dataclass(frozen=True)
class Masked:
    """A table of figures and the cells to hide (same index; mask columns are the measure columns)."""

    values: pd.DataFrame
    mask: pd.DataFrame

    def display(self) -> pd.DataFrame:
        """Values with SECRET_MARK in hidden cells."""
        shown = self.values.astype(object)
        for column in self.mask.columns:
            shown[column] = shown[column].mask(self.mask[column], SECRET_MARK)
        return shown


@dataclass(frozen=True)
class KeyFigures:
    """A territory's figures for a year, by family (rows FAMILY_ROWS) and measure (columns MEASURES).

    Values are NaN for a year without statistics. `change_1y` / `change_5y` are differences (ratio points for
    rates), `relative_1y` / `relative_5y` relative changes (counts only, NaN from a zero). Each has its mask.
    """

    territory_id: str
    year: int
    population: float | None
    current: pd.DataFrame
    previous: pd.DataFrame
    five_years_ago: pd.DataFrame
    mask: pd.DataFrame
    previous_mask: pd.DataFrame
    five_years_mask: pd.DataFrame
    change_1y: pd.DataFrame = field(init=False)
    change_5y: pd.DataFrame = field(init=False)
    relative_1y: pd.DataFrame = field(init=False)
    relative_5y: pd.DataFrame = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "change_1y", self.current - self.previous)
        object.__setattr__(self, "change_5y", self.current - self.five_years_ago)
        object.__setattr__(self, "relative_1y", _relative(self.current, self.previous))
        object.__setattr__(self, "relative_5y", _relative(self.current, self.five_years_ago))

    @property
    def change_1y_mask(self) -> pd.DataFrame:
        return self.mask | self.previous_mask

    @property
    def change_5y_mask(self) -> pd.DataFrame:
        return self.mask | self.five_years_mask

    @property
    def has_data(self) -> bool:
        return bool(self.current[Figure.ESTABLISHMENTS].notna().any())


@dataclass(frozen=True)
class YearSecrecy:
    """One protection of a territory's year: per figure, communes × (families + total) with the territory's row."""

    territory_id: str
    year: int
    tables: dict[str, ProtectedTable]
    commune_ids: tuple[str, ...]

    @property
    def territory_row(self) -> str:
        return self.commune_ids[0] if self.commune_ids == (self.territory_id,) else self.territory_id

    def territory_mask(self) -> pd.DataFrame:
        """Hidden cells of the territory's own figures: index FAMILY_ROWS, columns MEASURES."""
        row = self.territory_row
        figures = pd.DataFrame({name: self.tables[name].mask.loc[row] for name in FIGURES})
        return _with_derived_mask(figures.reindex(list(FAMILY_ROWS)))

    def commune_mask(self, family: str = TOTAL) -> pd.DataFrame:
        """Hidden cells of every commune for one family (or TOTAL): index commune ids, columns MEASURES."""
        figures = pd.DataFrame({name: self.tables[name].mask[family] for name in FIGURES})
        return _with_derived_mask(figures.reindex(list(self.commune_ids)))


# ---------------------------------------------------------------------------------------------- territories
def stat_years(db: Database, territory_id: str) -> list[int]:
    """Years with artisan statistics in the territory, oldest first."""
    if territory_id == FRANCE:
        rows = db.query_rows(f"SELECT DISTINCT s.year FROM artisan_stat s WHERE {_ANY_COMMUNE} ORDER BY 1")
    else:
        rows = db.query_rows(
            f"WITH {_SCOPE_CTE} SELECT DISTINCT s.year FROM artisan_stat s JOIN scope USING (commune_id) ORDER BY 1",
            _scope_params([territory_id]),
        )
    return [int(r[0]) for r in rows]


def stat_sources(db: Database, territory_id: str) -> list[str]:
    """The sources of the territory's artisan statistics (what a chart's "Source :" line names)."""
    rows = db.query_rows(
        f"WITH {_SCOPE_CTE} SELECT DISTINCT s.source FROM artisan_stat s JOIN scope USING (commune_id) ORDER BY 1",
        _scope_params([territory_id]),
    )
    return [str(r[0]) for r in rows]


def has_france(db: Database) -> bool:
    """True when statistics exist in every region of the geography (then FRANCE is a meaningful reference)."""
    row = db.query_rows(
        """
        WITH covered AS (
            SELECT DISTINCT m.container_id FROM (SELECT DISTINCT commune_id FROM artisan_stat) s
            JOIN territory_membership m ON m.member_id = s.commune_id
        )
        SELECT count(*) AS regions, count(*) FILTER (WHERE territory_id IN (SELECT container_id FROM covered))
        FROM territory WHERE level = 'region'
        """
    )[0]
    return row[0] > 0 and row[0] == row[1]


def reference_territories(db: Database, territory_id: str) -> list[str]:
    """The territories a territory is naturally compared with: its EPCI (for a commune or a perimeter), its
    department(s) and region(s) (several when it straddles a border), then FRANCE when present."""
    if territory_id == FRANCE:
        return []
    level = db.query_value("SELECT level FROM territory WHERE territory_id = $id", {"id": territory_id})
    if level is None:
        return []
    levels = [lv.value for lv in REFERENCE_LEVELS[level]]
    rows = db.query_rows(
        f"""
        WITH {_SCOPE_CTE}
        SELECT DISTINCT t.territory_id, t.level, t.code FROM scope
        JOIN territory_membership m ON m.member_id = scope.commune_id
        JOIN territory t ON t.territory_id = m.container_id
        WHERE list_contains($levels, t.level) AND t.territory_id <> $id
        """,
        {**_scope_params([territory_id]), "id": territory_id, "levels": levels},
    )
    ordered = sorted(rows, key=lambda r: (levels.index(r[1]), r[2]))
    references = [r[0] for r in ordered]
    if has_france(db):
        references.append(FRANCE)
    return references


# ---------------------------------------------------------------------------------------------- figures
def family_figures(db: Database, territory_ids: Sequence[str], years: Sequence[int]) -> pd.DataFrame:
    """Figures and indicators per territory × year × family (FAMILY_ROWS), for the years with statistics.

    Columns: territory_id, year, sector_family, population, then MEASURES. A family without a row in a year that
    has statistics counts zero.
    """
    wanted = [int(y) for y in years]
    parts = []
    local = [territory for territory in territory_ids if territory != FRANCE]
    if local:
        parts.append(
            db.query_df(
                f"""
                WITH {_SCOPE_CTE}
                SELECT scope.territory_id, s.year, s.sector_family, {_FIGURE_SUMS}
                FROM artisan_stat s JOIN scope USING (commune_id)
                WHERE list_contains($years, s.year)
                GROUP BY ALL
                """,
                {**_scope_params(local), "years": wanted},
            )
        )
    if FRANCE in territory_ids:
        parts.append(
            db.query_df(
                f"""
                SELECT $france AS territory_id, s.year, s.sector_family, {_FIGURE_SUMS} FROM artisan_stat s
                WHERE list_contains($years, s.year) AND {_ANY_COMMUNE} GROUP BY ALL
                """,
                {"france": FRANCE, "years": wanted},
            )
        )
    found = [part for part in parts if not part.empty]
    stats = pd.concat(found, ignore_index=True) if found else pd.DataFrame()
    populations = _populations(db, territory_ids)
    if stats.empty:
        return _empty_figures()
    keys = stats[["territory_id", "year"]].drop_duplicates()
    grid = keys.merge(pd.DataFrame({"sector_family": FAMILIES}), how="cross")
    stats = grid.merge(stats, how="left", on=["territory_id", "year", "sector_family"])
    stats[list(FIGURES)] = stats[list(FIGURES)].fillna(0).astype("int64")
    totals = stats.groupby(["territory_id", "year"], as_index=False)[list(FIGURES)].sum()
    totals["sector_family"] = TOTAL
    frame = pd.concat([stats, totals], ignore_index=True)
    frame["population"] = frame["territory_id"].map(populations).astype(float)
    frame["year"] = frame["year"].astype(int)
    order = {family: i for i, family in enumerate(FAMILY_ROWS)}
    frame = frame.iloc[np.lexsort((frame["sector_family"].map(order), frame["year"], frame["territory_id"]))]
    frame = add_indicators(frame.reset_index(drop=True))
    return frame[["territory_id", "year", "sector_family", "population", *MEASURES]]


def add_indicators(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the derived indicators to a frame with the FIGURES columns (and `population` for the density)."""
    out = frame.copy()
    establishments = out[Figure.ESTABLISHMENTS].astype(float)
    owners = out[Figure.OWNERS_TOTAL].astype(float)
    out[Indicator.NET_BALANCE] = out[Figure.CREATIONS] - out[Figure.CLOSURES]
    population = out["population"].astype(float) if "population" in out else pd.Series(np.nan, index=out.index)
    out[Indicator.DENSITY] = _ratio(establishments * PER_INHABITANTS, population)
    out[Indicator.CREATION_RATE] = _ratio(out[Figure.CREATIONS], establishments)
    out[Indicator.CLOSURE_RATE] = _ratio(out[Figure.CLOSURES], establishments)
    out[Indicator.SHARE_55_PLUS] = _ratio(out[Figure.OWNERS_55_PLUS], owners)
    out[Indicator.SHARE_WOMEN] = _ratio(out[Figure.OWNERS_WOMEN], owners)
    return out


def key_figures(db: Database, territory_id: str, year: int, *, threshold: int | None = SECRECY_THRESHOLD) -> KeyFigures:
    """The territory's figures of `year`, of the year before and of five years before, with the cells to hide."""
    years = (year, year - 1, year - LONG_CHANGE_YEARS)
    frame = family_figures(db, [territory_id], years)
    population = _populations(db, [territory_id]).get(territory_id)
    tables = [_family_table(frame, y) for y in years]
    no_mask = pd.DataFrame(False, index=list(FAMILY_ROWS), columns=list(MEASURES))
    with_data = [y for y in years if (frame["year"] == y).any()]
    protections = (
        protect_years(db, territory_id, with_data, threshold=threshold) if threshold is not None and with_data else {}
    )
    masks = [protections[y].territory_mask() if y in protections else no_mask for y in years]
    return KeyFigures(territory_id, year, population, *tables, *masks)


def time_series(db: Database, territory_id: str, *, threshold: int | None = SECRECY_THRESHOLD) -> Masked:
    """Every year with statistics × FAMILY_ROWS: columns year, sector_family, population, MEASURES."""
    years = stat_years(db, territory_id)
    frame = family_figures(db, [territory_id], years).drop(columns="territory_id")
    mask = pd.DataFrame(False, index=frame.index, columns=list(MEASURES))
    if threshold is not None and years:
        secrecy = protect_years(db, territory_id, years, threshold=threshold)
        for year, protection in secrecy.items():
            rows = frame.index[frame["year"] == year]
            year_mask = protection.territory_mask().reindex(frame.loc[rows, "sector_family"])
            mask.loc[rows] = year_mask.to_numpy()
    return Masked(frame.reset_index(drop=True), mask.reset_index(drop=True))


def commune_table(
    db: Database,
    territory_id: str,
    year: int,
    *,
    family: str = TOTAL,
    threshold: int | None = SECRECY_THRESHOLD,
) -> Masked:
    """One row per commune of the territory (all of them, zeros included) for one family or TOTAL, for a map or
    a ranking: commune_id, code, name, population, MEASURES, change_1y / relative_1y of establishments."""
    if family not in FAMILY_ROWS:
        raise ValueError(f"unknown family {family!r}")
    current = db.query_df(
        f"""
        WITH {_SCOPE_CTE}
        SELECT t.territory_id AS commune_id, t.code, t.name, t.population, {_COMMUNE_SUMS},
               coalesce(sum(s.establishments) FILTER (WHERE s.year = $previous AND {_IN_FAMILY}), 0)::BIGINT
                   AS previous_establishments,
               coalesce(bool_or(s.year = $previous), FALSE) AS has_previous
        FROM scope JOIN territory t ON t.territory_id = scope.commune_id
        LEFT JOIN artisan_stat s ON s.commune_id = scope.commune_id AND s.year IN ($year, $previous)
        GROUP BY ALL ORDER BY t.code
        """,
        {**_scope_params([territory_id]), "year": year, "previous": year - 1, "family": family, "total": TOTAL},
    )
    has_previous = bool(current["has_previous"].any())
    values = add_indicators(current)
    change = (current[Figure.ESTABLISHMENTS] - current["previous_establishments"]).astype(float)
    relative = _ratio(change, current["previous_establishments"].astype(float))
    values["change_1y"] = change if has_previous else np.nan
    values["relative_1y"] = relative if has_previous else np.nan
    columns = [*MEASURES, "change_1y", "relative_1y"]
    mask = pd.DataFrame(False, index=values.index, columns=columns)
    if threshold is not None and not current.empty:
        protections = protect_years(db, territory_id, [year, year - 1], threshold=threshold)
        now = protections[year].commune_mask(family).reindex(values["commune_id"])
        before = protections[year - 1].commune_mask(family).reindex(values["commune_id"])
        mask[list(MEASURES)] = now.to_numpy()
        moved = (now[Figure.ESTABLISHMENTS] | before[Figure.ESTABLISHMENTS]).to_numpy()
        mask["change_1y"] = moved
        mask["relative_1y"] = moved
    return Masked(values[["commune_id", "code", "name", "population", *columns]], mask)


def comparison(
    db: Database,
    territory_ids: Sequence[str],
    year: int,
    *,
    family: str = TOTAL,
    threshold: int | None = SECRECY_THRESHOLD,
) -> Masked:
    """One row per territory (in the given order) for one family or TOTAL: territory_id, name, population,
    MEASURES. A territory without statistics that year has NaN figures."""
    frame = family_figures(db, territory_ids, [year])
    frame = frame[frame["sector_family"] == family].set_index("territory_id")
    names = _names(db, territory_ids)
    populations = _populations(db, territory_ids)
    values = frame.reindex(list(territory_ids))[list(MEASURES)]
    values.insert(0, "population", [populations.get(t) for t in territory_ids])
    values.insert(0, "name", [names.get(t) for t in territory_ids])
    values = values.reset_index(names="territory_id")
    mask = pd.DataFrame(False, index=values.index, columns=list(MEASURES))
    if threshold is not None:
        for i, territory_id in enumerate(territory_ids):
            if territory_id in frame.index:
                protection = protect_years(db, territory_id, [year], threshold=threshold)[year]
                mask.loc[i] = protection.territory_mask().loc[family].to_numpy()
    return Masked(values, mask)


# ---------------------------------------------------------------------------------------------- secrecy
def protect_years(
    db: Database,
    territory_id: str,
    years: Sequence[int],
    *,
    threshold: int = SECRECY_THRESHOLD,
    stats: pd.DataFrame | None = None,
) -> dict[int, YearSecrecy]:
    """The protection of every figure of the territory for each year (see the module docstring)."""
    communes = _communes(db, territory_id)
    if stats is None:
        stats = _commune_stats(db, territory_id, years)
    commune_ids = tuple(communes["commune_id"])
    alone = commune_ids == (territory_id,)
    rows = list(commune_ids) if alone else [*commune_ids, territory_id]
    parent = None if alone else dict.fromkeys(commune_ids, territory_id)
    position = pd.Index(commune_ids)
    index = pd.Index(rows)
    result: dict[int, YearSecrecy] = {}
    for year in years:  # one run per year (all its figures together); one run for all years grows superlinearly
        year_stats = stats[stats["year"] == year]
        at_row = position.get_indexer(year_stats["commune_id"])
        at_col = pd.Index(FAMILIES).get_indexer(year_stats["sector_family"])
        tables: dict[str, pd.DataFrame] = {}
        for name in FIGURES:
            grid = np.zeros((len(commune_ids), len(FAMILIES)), dtype=np.int64)
            grid[at_row, at_col] = year_stats[name].to_numpy()
            grid = np.column_stack([grid, grid.sum(axis=1)])
            if not alone:
                grid = np.vstack([grid, grid.sum(axis=0)])
            tables[name] = pd.DataFrame(grid, index=index, columns=list(FAMILY_ROWS))
        helpers = {str(name): tables[str(units)] for name, units in CONTRIBUTORS.items()}
        by_figure = protect_figures(
            tables, parent=parent, total_column=TOTAL, contributors=helpers, threshold=threshold
        )
        result[year] = YearSecrecy(territory_id, year, by_figure, commune_ids)
    return result


# ---------------------------------------------------------------------------------------------- helpers
def _scope_params(territory_ids: Sequence[str]) -> dict[str, object]:
    return {"territories": list(territory_ids), "france": FRANCE}


def _populations(db: Database, territory_ids: Sequence[str]) -> dict[str, float]:
    rows = db.query_rows(
        f"""
        WITH {_SCOPE_CTE}
        SELECT scope.territory_id, sum(t.population) FROM scope JOIN territory t ON t.territory_id = scope.commune_id
        GROUP BY 1
        """,
        _scope_params(territory_ids),
    )
    return {r[0]: float(r[1]) for r in rows if r[1] is not None}


def _names(db: Database, territory_ids: Sequence[str]) -> dict[str, str]:
    rows = db.query_rows(
        "SELECT territory_id, name FROM territory WHERE list_contains($ids, territory_id)", {"ids": list(territory_ids)}
    )
    names = dict(rows)
    if FRANCE in territory_ids:
        names[FRANCE] = t("artisanat.france")
    return names


def _communes(db: Database, territory_id: str) -> pd.DataFrame:
    return db.query_df(
        f"""
        WITH {_SCOPE_CTE}
        SELECT t.territory_id AS commune_id, t.code, t.name, t.population
        FROM scope JOIN territory t ON t.territory_id = scope.commune_id ORDER BY t.code
        """,
        _scope_params([territory_id]),
    )


def _commune_stats(db: Database, territory_id: str, years: Sequence[int]) -> pd.DataFrame:
    return db.query_df(
        f"""
        WITH {_SCOPE_CTE}
        SELECT s.commune_id, s.year, s.sector_family, {_FIGURE_COLUMNS}
        FROM artisan_stat s JOIN scope USING (commune_id) WHERE list_contains($years, s.year)
        """,
        {**_scope_params([territory_id]), "years": [int(y) for y in years]},
    )


def _family_table(frame: pd.DataFrame, year: int) -> pd.DataFrame:
    rows = frame[frame["year"] == year].set_index("sector_family")
    return rows.reindex(list(FAMILY_ROWS))[list(MEASURES)].astype(float)


def _with_derived_mask(figures: pd.DataFrame) -> pd.DataFrame:
    out = figures.astype(bool)
    for indicator, inputs in DERIVED_FROM.items():
        out[indicator.value] = out[[str(f) for f in inputs]].any(axis=1)
    return out[list(MEASURES)]


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    denominator = denominator.astype(float)
    return (numerator.astype(float) / denominator).where(denominator > 0)


def _relative(current: pd.DataFrame, before: pd.DataFrame) -> pd.DataFrame:
    out = current / before.where(before > 0) - 1
    out[[c for c in out.columns if c not in FIGURES]] = np.nan
    return out


def _empty_figures() -> pd.DataFrame:
    columns = ["territory_id", "year", "sector_family", "population", *MEASURES]
    return pd.DataFrame(
        {c: pd.Series(dtype=object if c in ("territory_id", "sector_family") else float) for c in columns}
    )


# ---------------------------------------------------------------------------------------------- boundaries
# ---------------------------------------------------------------------------------------------- page reads
# Positional forms of the reads above, for dashboard.ui.cache.cached (which passes positional arguments only).
def key_figures_read(db: Database, territory_id: str, year: int, threshold: int) -> KeyFigures:
    return key_figures(db, territory_id, year, threshold=threshold)


def time_series_read(db: Database, territory_id: str, threshold: int) -> Masked:
    return time_series(db, territory_id, threshold=threshold)


def commune_table_read(db: Database, territory_id: str, year: int, family: str, threshold: int) -> Masked:
    return commune_table(db, territory_id, year, family=family, threshold=threshold)


def territory_names(db: Database, territory_ids: tuple[str, ...]) -> dict[str, str]:
    """French names of territories (FRANCE included)."""
    return _names(db, list(territory_ids))


def comparison_read(db: Database, territory_ids: tuple[str, ...], year: int, family: str, threshold: int) -> Masked:
    return comparison(db, list(territory_ids), year, family=family, threshold=threshold)
