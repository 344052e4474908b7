"""Territory and period selection, without Streamlit: listing territories by level, defaults, URL values.

The sidebar (dashboard/ui/sidebar.py) draws the widgets; everything it decides is here so that it can be
tested on a small database:

- a territory is chosen by level (région, département, EPCI, commune, périmètre de démarche); the
  "périmètre de démarche" level lists custom perimeters and the perimeters of programmes, whatever their level;
- communes are listed department by department (35 000 entries would make a select box unusable);
- the period is a year and a quarter (0 = the whole year);
- the URL carries `territoire`, `annee`, `trimestre` (and `niveau` when a programme perimeter was chosen at the
  "périmètre" level): any value that is missing, malformed or unknown falls back to a default, never raises.

Default territory: the EPCI or custom perimeter with the most activity (diagnostics of its companies,
synergies and events attached to it or to its communes); default year: the latest year with activity in
that territory (else in the whole database).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

import pandas as pd

from dashboard.codes import Level
from dashboard.db import Database
from dashboard.i18n import label, t
from dashboard.scope import WHOLE_YEAR, Period

# Selector order, from the widest to the narrowest, then custom perimeters.
LEVEL_ORDER: tuple[Level, ...] = (Level.REGION, Level.DEPARTEMENT, Level.EPCI, Level.COMMUNE, Level.PERIMETRE)
# Levels the default territory is taken from: the scale EIT programmes are steered at.
DEFAULT_TERRITORY_LEVELS: tuple[Level, ...] = (Level.EPCI, Level.PERIMETRE)

# URL query parameter names (French: they are visible in the address bar users share).
PARAM_TERRITORY = "territoire"
PARAM_YEAR = "annee"
PARAM_QUARTER = "trimestre"
PARAM_LEVEL = "niveau"

QUARTERS: tuple[int, ...] = (WHOLE_YEAR, 1, 2, 3, 4)
# Years a URL may ask for: the schema's own bounds on period years.
MIN_YEAR, MAX_YEAR = 1990, 2100
# '<level>:<code>' where code is an INSEE/SIREN code or a slug; bounded so a crafted URL stays harmless.
_TERRITORY_ID_RE = re.compile(r"(commune|epci|departement|region|perimetre):[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}")


@dataclass(frozen=True)
class Territory:
    territory_id: str
    level: Level
    code: str
    name: str


@dataclass(frozen=True)
class Selection:
    """What the sidebar selected. `territory` and `period` are None only when the database has no territory."""

    territory: Territory | None
    period: Period | None
    level: Level | None  # the level the territory was chosen at (PERIMETRE for a programme perimeter)

    def to_params(self) -> dict[str, str]:
        """The URL query parameters that restore this selection."""
        if self.territory is None or self.period is None:
            return {}
        params = {
            PARAM_TERRITORY: self.territory.territory_id,
            PARAM_YEAR: str(self.period.year),
            PARAM_QUARTER: str(self.period.quarter),
        }
        if self.level is not None and self.level != self.territory.level:
            params[PARAM_LEVEL] = self.level.value
        return params


def period_label(period: Period) -> str:
    """'Année 2022' or '3e trimestre 2022'."""
    if period.quarter == WHOLE_YEAR:
        return t("period.year", year=period.year)
    return t("period.quarter", quarter=t(f"quarter.short.{period.quarter}"), year=period.year)


def quarter_option_label(quarter: int) -> str:
    """Select-box label of a quarter value: 'Année entière', 'T1 (janvier–mars)'..."""
    return t(f"quarter.{quarter}")


def territory_label(territory: Territory) -> str:
    """'CA Territoires Vendômois — Intercommunalité (EPCI)'."""
    return t("territory.with_level", name=territory.name, level=label(territory.level))


# ---------------------------------------------------------------------------------------------- URL parsing
def parse_territory_id(value: object) -> str | None:
    """A well-formed territory id, or None (the caller still checks that it exists)."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if _TERRITORY_ID_RE.fullmatch(value) else None


def parse_year(value: object) -> int | None:
    if not isinstance(value, str) or not value.strip().isdigit():
        return None
    year = int(value.strip())
    return year if MIN_YEAR <= year <= MAX_YEAR else None


def parse_quarter(value: object) -> int | None:
    if not isinstance(value, str) or value.strip() not in {str(q) for q in QUARTERS}:
        return None
    return int(value.strip())


def parse_level(value: object) -> Level | None:
    if not isinstance(value, str):
        return None
    try:
        return Level(value.strip())
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------------- territories
def get_territory(db: Database, territory_id: str | None) -> Territory | None:
    if territory_id is None:
        return None
    rows = db.query_rows(
        "SELECT territory_id, level, code, name FROM territory WHERE territory_id = $territory_id",
        {"territory_id": territory_id},
    )
    if not rows:
        return None
    tid, level, code, name = rows[0]
    return Territory(tid, Level(level), code, name)


def available_levels(db: Database) -> list[Level]:
    """Levels that have at least one territory to offer, in selector order."""
    present = {Level(r[0]) for r in db.query_rows("SELECT DISTINCT level FROM territory")}
    if db.query_value("SELECT count(*) FROM programme") > 0:
        present.add(Level.PERIMETRE)  # programme perimeters are offered at this level whatever their own level
    return [level for level in LEVEL_ORDER if level in present]


def list_territories(db: Database, level: Level, departement_id: str | None = None) -> pd.DataFrame:
    """Territories offered at `level`: columns territory_id, label, sorted by label.

    Communes are restricted to `departement_id` when given. At the PERIMETRE level, programme perimeters
    are listed with the programmes that use them, e.g. "CA Territoires Vendômois — Démarche EIT Vendômois".
    """
    if level == Level.PERIMETRE:
        return db.query_df(
            """
            WITH offered AS (
                SELECT territory_id, NULL AS programme_name FROM territory WHERE level = 'perimetre'
                UNION ALL
                SELECT perimeter_territory_id, name FROM programme
            )
            SELECT o.territory_id,
                   t.name || coalesce(' — ' || string_agg(DISTINCT o.programme_name, ', '
                                                          ORDER BY o.programme_name), '') AS label
            FROM offered o JOIN territory t USING (territory_id)
            GROUP BY o.territory_id, t.name
            ORDER BY strip_accents(lower(label))
            """
        )
    if level == Level.COMMUNE and departement_id is not None:
        return db.query_df(
            """
            SELECT t.territory_id, t.name || ' (' || t.code || ')' AS label
            FROM territory t JOIN territory_membership m ON m.member_id = t.territory_id
            WHERE t.level = 'commune' AND m.container_id = $departement_id
            ORDER BY strip_accents(lower(t.name)), t.code
            """,
            {"departement_id": departement_id},
        )
    # Codes disambiguate homonyms (communes, EPCI); regions and departments read better with the code first.
    return db.query_df(
        """
        SELECT territory_id,
               CASE WHEN level IN ('departement', 'region') THEN code || ' – ' || name
                    ELSE name || ' (' || code || ')' END AS label
        FROM territory WHERE level = $level
        ORDER BY CASE WHEN level = 'departement' THEN code ELSE strip_accents(lower(name)) END, code
        """,
        {"level": level.value},
    )


COMMUNE_SEARCH_LIMIT = 20  # matches offered at once: enough to pick a homonym, short enough to read


def search_communes(db: Database, text: str, limit: int = COMMUNE_SEARCH_LIMIT) -> pd.DataFrame:
    """Communes of all of France whose name (accents, case, hyphens and apostrophes ignored) or INSEE code
    matches `text`: territory_id, label "Name (department code)"; names starting with it (article or not) first."""
    wanted = " ".join(text.replace("-", " ").replace("'", " ").replace("’", " ").split()).lower()
    if len(wanted) < 2:
        return pd.DataFrame(columns=["territory_id", "label"])
    return db.query_df(
        """
        WITH communes AS (
            SELECT t.territory_id, t.name, t.code,
                   strip_accents(lower(replace(replace(t.name, '-', ' '), chr(39), ' '))) AS folded,
                   (SELECT d.code FROM territory_membership m JOIN territory d ON d.territory_id = m.container_id
                    WHERE m.member_id = t.territory_id AND d.level = 'departement') AS departement
            FROM territory t WHERE t.level = 'commune'
        )
        SELECT territory_id, name || ' (' || coalesce(departement, code) || ')' AS label
        FROM communes
        WHERE contains(folded, strip_accents($wanted)) OR code = $wanted
        ORDER BY NOT (starts_with(folded, strip_accents($wanted))
                      OR starts_with(regexp_replace(folded, '^(la|le|les|l|aux) ', ''), strip_accents($wanted))),
                 length(name), folded, code
        LIMIT $limit
        """,
        {"wanted": wanted, "limit": limit},
    )


def is_offered(db: Database, territory_id: str, level: Level) -> bool:
    """Whether `territory_id` is listed at `level` (its own level, or a programme perimeter at PERIMETRE)."""
    territory = get_territory(db, territory_id)
    if territory is None:
        return False
    if territory.level == level:
        return True
    return level == Level.PERIMETRE and bool(
        db.query_value(
            "SELECT count(*) FROM programme WHERE perimeter_territory_id = $territory_id",
            {"territory_id": territory_id},
        )
    )


def departement_of(db: Database, territory_id: str) -> str | None:
    """The department containing a territory (itself for a department), or None."""
    return db.query_value(
        """
        SELECT territory_id FROM territory WHERE territory_id = $territory_id AND level = 'departement'
        UNION ALL
        SELECT m.container_id FROM territory_membership m JOIN territory t ON t.territory_id = m.container_id
        WHERE m.member_id = $territory_id AND t.level = 'departement'
        ORDER BY 1 LIMIT 1
        """,
        {"territory_id": territory_id},
    )


# Activity of a territory: diagnostics of companies located in it, synergies and events attached to it or
# to one of its members. Counted through territory_membership so containers include their communes.
_ACTIVITY_SQL = """
WITH record AS (
    SELECT c.commune_id AS territory_id FROM diagnostic d JOIN company c USING (company_id)
    UNION ALL SELECT territory_id FROM synergy
    UNION ALL SELECT territory_id FROM event
), counted AS (
    SELECT territory_id, count(*) AS n FROM record GROUP BY territory_id
), rolled_up AS (
    SELECT territory_id, n FROM counted
    UNION ALL
    SELECT m.container_id, c.n FROM counted c JOIN territory_membership m ON m.member_id = c.territory_id
)
SELECT t.territory_id, t.level, t.name, coalesce(sum(r.n), 0) AS activity
FROM territory t LEFT JOIN rolled_up r USING (territory_id)
WHERE list_contains($levels, t.level)
  AND ($within IS NULL OR t.territory_id IN (
        SELECT member_id FROM territory_membership WHERE container_id = $within))
GROUP BY t.territory_id, t.level, t.name
ORDER BY activity DESC, list_position($levels, t.level), strip_accents(lower(t.name))
"""


def activity_ranking(db: Database, levels: tuple[Level, ...], within: str | None = None) -> pd.DataFrame:
    """Territories of `levels` (members of `within` when given), most active first; ties by level then name."""
    return db.query_df(_ACTIVITY_SQL, {"levels": [lv.value for lv in levels], "within": within})


def default_territory_id(db: Database) -> str | None:
    """The EPCI or perimeter with the most activity; else the first territory in selector order; else None."""
    ranking = activity_ranking(db, DEFAULT_TERRITORY_LEVELS)
    if not ranking.empty and ranking["activity"].iloc[0] > 0:
        return str(ranking["territory_id"].iloc[0])
    for level in LEVEL_ORDER:
        listed = list_territories(db, level)
        if not listed.empty:
            return str(listed["territory_id"].iloc[0])
    return None


def default_territory_for_level(db: Database, level: Level, current_id: str | None) -> str | None:
    """The territory to show when the user switches to `level`, staying close to the current one.

    Wider level: the territory of that level containing the current one. Narrower level: the most active
    member of the current one. Otherwise (or when nothing matches): the most active of that level.
    """
    if current_id is not None:
        if is_offered(db, current_id, level):
            return current_id
        container = db.query_value(
            """
            SELECT m.container_id FROM territory_membership m JOIN territory t ON t.territory_id = m.container_id
            WHERE m.member_id = $current_id AND t.level = $level
            ORDER BY 1 LIMIT 1
            """,
            {"current_id": current_id, "level": level.value},
        )
        if container is not None:
            return str(container)
        if level != Level.PERIMETRE:
            members = activity_ranking(db, (level,), within=current_id)
            if not members.empty:
                return str(members["territory_id"].iloc[0])
    if level == Level.PERIMETRE:
        offered = list_territories(db, Level.PERIMETRE)
        if offered.empty:
            return None
        ranking = activity_ranking(db, tuple(LEVEL_ORDER))
        ranked = ranking[ranking["territory_id"].isin(offered["territory_id"])]
        return str(ranked["territory_id"].iloc[0]) if not ranked.empty else str(offered["territory_id"].iloc[0])
    ranking = activity_ranking(db, (level,))
    return str(ranking["territory_id"].iloc[0]) if not ranking.empty else None


def default_commune_of_departement(db: Database, departement_id: str) -> str | None:
    members = activity_ranking(db, (Level.COMMUNE,), within=departement_id)
    return str(members["territory_id"].iloc[0]) if not members.empty else None


# ---------------------------------------------------------------------------------------------- years
# Years with dated activity: diagnostics, synergy status changes, events, artisan statistics and
# realised/estimated indicator values (targets are excluded: a target year is not a year with data).
_ACTIVITY_YEARS_SQL = """
WITH dated AS (
    SELECT year(diagnostic_date) AS y FROM diagnostic
    WHERE $scope IS NULL OR diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope))
    UNION SELECT year(event_date) FROM synergy_status_event
    WHERE $scope IS NULL OR synergy_id IN (SELECT synergy_id FROM scope_synergies($scope))
    UNION SELECT year(event_date) FROM event
    WHERE $scope IS NULL OR event_id IN (SELECT event_id FROM scope_events($scope))
    UNION SELECT year FROM artisan_stat
    WHERE $scope IS NULL OR commune_id IN (SELECT commune_id FROM scope_communes($scope))
    UNION SELECT period_year FROM indicator_value
    WHERE value_kind IN ('actual', 'estimate')
      AND ($scope IS NULL OR value_id IN (SELECT value_id FROM scope_indicator_values($scope)))
)
SELECT DISTINCT y FROM dated WHERE y IS NOT NULL ORDER BY y
"""


def activity_years(db: Database, scope: str | None = None) -> list[int]:
    """Years with dated records, in the scope (dashboard.scope) when given, else in the whole database."""
    return [int(r[0]) for r in db.query_rows(_ACTIVITY_YEARS_SQL, {"scope": scope})]


def year_options(db: Database) -> list[int]:
    """Years offered by the selector: from the first to the last year with data or a target, newest first."""
    years = set(activity_years(db))
    years |= {
        int(r[0]) for r in db.query_rows("SELECT DISTINCT period_year FROM indicator_value WHERE value_kind = 'target'")
    }
    if not years:
        return []
    return list(range(max(years), min(years) - 1, -1))


def meta_data_as_of(db: Database) -> dt.date | None:
    """The meta `data_as_of` date (ISO text), or None when absent or malformed."""
    text = db.get_meta("data_as_of")
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if text else None
    except ValueError:
        return None


def default_year(db: Database, territory_id: str | None) -> int | None:
    """The latest year with activity in the territory, else in the database, else None.

    Years after the data date (meta data_as_of) are skipped when earlier ones exist: records dated later are
    plans (a workshop scheduled next year), not the state of things.
    """
    as_of = meta_data_as_of(db)
    for scope in (territory_id, None):
        years = activity_years(db, scope)
        if as_of is not None and any(y <= as_of.year for y in years):
            years = [y for y in years if y <= as_of.year]
        if years:
            return years[-1]
    return None


# ---------------------------------------------------------------------------------------------- resolution
def resolve_selection(
    db: Database,
    params: Mapping[str, object],
    fallback: Selection | None = None,
    today: dt.date | None = None,
    offered_years: list[int] | None = None,
) -> Selection:
    """The selection asked for by URL `params`, completed by `fallback` (e.g. the session's last selection)
    then by defaults. Malformed or unknown values are ignored; this never raises on user input.

    `offered_years` is `year_options(db)` when the caller has it at hand (cached).
    """
    territory_id = parse_territory_id(params.get(PARAM_TERRITORY))
    territory = get_territory(db, territory_id)
    if territory is None and fallback is not None and fallback.territory is not None:
        territory = get_territory(db, fallback.territory.territory_id)
        asked_level = fallback.level
    else:
        asked_level = parse_level(params.get(PARAM_LEVEL))
    if territory is None:
        territory = get_territory(db, default_territory_id(db))
        asked_level = None
    if territory is None:
        return Selection(None, None, None)
    level = asked_level if asked_level is not None and is_offered(db, territory.territory_id, asked_level) else None
    level = level or territory.level

    if offered_years is None:
        offered_years = year_options(db)
    year = parse_year(params.get(PARAM_YEAR))
    if year is None and fallback is not None and fallback.period is not None:
        year = fallback.period.year
    if year is None or (offered_years and year not in offered_years):
        year = default_year(db, territory.territory_id) or (today or dt.date.today()).year
    quarter = parse_quarter(params.get(PARAM_QUARTER))
    if quarter is None:
        quarter = fallback.period.quarter if fallback is not None and fallback.period is not None else WHOLE_YEAR
    return Selection(territory, Period(year, quarter), level)
