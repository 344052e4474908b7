"""From an establishment-level extract of the national business register to `artisan_stat` aggregates.

Input: a CSV file, UTF-8, `;` as separator (read by dashboard.imports.reader, with its encoding and separator
messages), one row per establishment. Headers are French; the national register's (SIRENE) column names are
accepted as aliases (REGISTER_ALIASES):

| column                | required | content                                                                    |
|-----------------------|----------|----------------------------------------------------------------------------|
| identifiant           | yes      | establishment identifier (SIRET or register number), unique in the file    |
| code_naf              | yes      | NAF rév. 2 code, written 10.71C or 1071C                                   |
| code_commune          | yes      | INSEE code; arrondissements of Paris, Lyon, Marseille count for their city |
| date_creation         | yes      | JJ/MM/AAAA or AAAA-MM-JJ                                                   |
| date_fermeture        | no       | closure (radiation) date, empty while the establishment is active         |
| tranche_effectifs     | yes      | 0, 1-2, 3-5, 6-9, 10-19, 20-49, 50+, or INSEE's codes NN, 00, 01... 53     |
| tranche_age_dirigeant | no       | lt30, 30_44, 45_54, 55_plus (or their French labels)                       |
| dirigeant_femme       | no       | oui / non                                                                  |

Conventions (the observatory's definitions, see dashboard/artisanat/statistics.py):
- **artisan family** from the NAF code through NAF_FAMILIES (longest prefix wins). It follows the usual grouping
  of the chambers of trades' observatories; the exact artisan scope is registration in the Répertoire des métiers,
  which an extract may not carry. Other codes are not artisan trades: their rows are dropped and counted by NAF
  division in the result. Only the NAF code and the identifier of a dropped row are checked.
- **establishments of year Y** = active on 1 January of Y: created before 1 January Y and not closed before it
  (closure date empty or on 1 January Y or later). **Creations** and **closures** of Y: dated from 1 January to
  31 December of Y. Hence stock(Y + 1) = stock(Y) + creations(Y) - closures(Y) exactly.
- **employees**: sum over the establishments active on 1 January of the middle of their band (BAND_MIDPOINTS),
  rounded per commune × year × family. The register gives one band per establishment (its latest), applied to
  every year: an estimate, without trend bias.
- **owners** (age band, women): the band describes the owner at the extraction date, so owner figures are filled
  for the **last year built only** (other years: 0, i.e. unknown); owners_total counts the establishments whose
  owner's age band is given, owners_women those among them whose owner is a woman.
- **years**: by default the DEFAULT_YEARS years ending with the year of the latest date of the extract (whose
  creations and closures run to that date); a row exists for a commune × year × family when at least one
  establishment is active during the year.

Loading is all or nothing (one `Database.transaction()`): the aggregates, the artisan establishments (table
`establishment`, for the "who to visit" lists), one `import_log` row and the `data_as_of` date. Existing statistics
for the same communes and years, or existing establishments, are an error unless `replace=True`, which deletes
them first: the extract is then authoritative for the communes where it has artisan establishments, for the
years built.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from dashboard.auth import audit
from dashboard.auth.roles import Action, Actor, require_edit
from dashboard.codes import EmployeesBand, OwnerAgeBand, SectorFamily
from dashboard.db import Database, set_meta
from dashboard.i18n import CODE_LABELS, fmt_int, t
from dashboard.imports.communes import NAME_HEADERS, check_commune_codes
from dashboard.imports.identifiers import sirets_ok
from dashboard.imports.reader import ROW, SEPARATOR, Problem, RawTable, decode_text, encoding_notices, read_csv_bytes
from dashboard.imports.validation import FALSE_WORDS, TRUE_WORDS, normalise

A, B, F, S = SectorFamily.ALIMENTATION, SectorFamily.BATIMENT, SectorFamily.FABRICATION, SectorFamily.SERVICES
# NAF rév. 2 prefix -> artisan family (None: explicitly not an artisan trade). Longest matching prefix wins.
NAF_FAMILIES: tuple[tuple[str, SectorFamily | None], ...] = (
    ("10", A),  # food manufacturing: bakeries-pastry (10.71), pork butchers (10.13B), ice cream, chocolate...
    ("11", A),  # drinks: craft brewers, distillers, cider makers
    ("47.2", A),  # specialised food shops: butchers (47.22), fishmongers, bread, cheese...
    ("47.26", None),  # ... except tobacconists: a licensed retail trade, not a craft
    ("56.10C", A),  # fast food prepared on site (pizzas, crêpes, takeaway dishes)
    ("56.21", A),  # caterers (traiteurs)
    ("41.2", B),  # building construction (41.10, property development, is not a trade)
    ("42", B),  # civil engineering: earthworks, networks
    ("43", B),  # specialised construction: masonry, plumbing, electrics, roofing, painting, joinery fitting
    ("13", F),  # textiles
    ("14", F),  # clothing
    ("15", F),  # leather and footwear
    ("16", F),  # wood (carpentry, cooperage)
    ("17", F),  # paper and cardboard articles
    ("18", F),  # printing
    ("20", F),  # chemicals: soaps, cosmetics, paints made in workshops
    ("22", F),  # rubber and plastics
    ("23", F),  # glass, ceramics, stone cutting, concrete products
    ("24", F),  # metal casting
    ("25", F),  # metalwork: locksmiths, forging, machining
    ("26", F),  # electronics
    ("27", F),  # electrical equipment
    ("28", F),  # machinery
    ("29", F),  # motor vehicle bodies and trailers
    ("30", F),  # other transport equipment (boats)
    ("31", F),  # furniture
    ("32", F),  # jewellery, musical instruments, toys, dental prostheses...
    ("33", F),  # repair and installation of machines
    ("45.20", S),  # car maintenance and repair, body shops
    ("45.40", S),  # motorcycle trade and repair
    ("49.32", S),  # taxis
    ("49.41", S),  # road haulage
    ("49.42", S),  # removals
    ("74.20", S),  # photography
    ("81.2", S),  # cleaning
    ("81.30", S),  # landscaping
    ("95", S),  # repair of computers and personal goods (shoes, watches, appliances)
    ("96.0", S),  # hairdressing, beauty care, laundries, funeral services, other personal services
)
# Employees counted for an establishment of each band: the band's middle; 75 for "50 or more", the middle of
# INSEE's next band (50-99), where almost all artisan establishments of that size fall.
BAND_MIDPOINTS: dict[EmployeesBand, float] = {
    EmployeesBand.NONE: 0.0,
    EmployeesBand.B1_2: 1.5,
    EmployeesBand.B3_5: 4.0,
    EmployeesBand.B6_9: 7.5,
    EmployeesBand.B10_19: 14.5,
    EmployeesBand.B20_49: 34.5,
    EmployeesBand.B50_PLUS: 75.0,
}
# INSEE's employees band codes (SIRENE `trancheEffectifsEtablissement`) -> our bands.
INSEE_BANDS: dict[str, EmployeesBand] = {
    "NN": EmployeesBand.NONE,  # not an employer
    "00": EmployeesBand.NONE,
    "01": EmployeesBand.B1_2,
    "02": EmployeesBand.B3_5,
    "03": EmployeesBand.B6_9,
    "11": EmployeesBand.B10_19,
    "12": EmployeesBand.B20_49,
    **dict.fromkeys(("21", "22", "31", "32", "41", "42", "51", "52", "53"), EmployeesBand.B50_PLUS),
}
REGISTER_COLUMNS: tuple[str, ...] = (
    "identifiant",
    "code_naf",
    "code_commune",
    "date_creation",
    "date_fermeture",
    "tranche_effectifs",
    "tranche_age_dirigeant",
    "dirigeant_femme",
)
REQUIRED_COLUMNS: tuple[str, ...] = (
    "identifiant",
    "code_naf",
    "code_commune",
    "date_creation",
    "tranche_effectifs",
)
# Other names of our columns (normalised: lower case, no accents, '_' between words): the national register's
# (SIRENE stock file) and the usual spreadsheet headers. Other columns are ignored, and listed in a notice.
REGISTER_ALIASES: dict[str, str] = {
    "siret": "identifiant",
    "n_siret": "identifiant",
    "numero_siret": "identifiant",
    "activiteprincipaleetablissement": "code_naf",
    "naf": "code_naf",
    "code_ape": "code_naf",
    "ape": "code_naf",
    "codecommuneetablissement": "code_commune",
    "code_insee": "code_commune",
    "insee": "code_commune",
    "code_commune_insee": "code_commune",
    "depcom": "code_commune",
    "datecreationetablissement": "date_creation",
    "date_de_creation": "date_creation",
    "date_immatriculation": "date_creation",
    "date_radiation": "date_fermeture",
    "date_de_radiation": "date_fermeture",
    "date_de_fermeture": "date_fermeture",
    "trancheeffectifsetablissement": "tranche_effectifs",
    "tranche_effectif": "tranche_effectifs",
    "tranche_d_effectif": "tranche_effectifs",
}
TYPO_CUTOFF = 0.8  # an unknown header this close to a missing column of ours is taken for a misspelling
DEFAULT_YEARS = 10  # years built by default: the observatory's ten-year series
YEAR_MIN, YEAR_MAX = 1990, 2100  # the schema's bounds on years
ENTITY = "establishments_register"  # import_log entity of this path
_NAF_RE = r"[0-9]{2}\.?[0-9]{2}[A-Z]"
_INSEE_RE = r"[0-9][0-9AB][0-9]{3}"
_ARRONDISSEMENT_RE = r"751[0-9]{2}|6938[0-9]|132[0-9]{2}"  # Paris, Lyon and Marseille arrondissements
_COMMUNE_PREFIX = "commune:"


@dataclass
class RegisterResult:
    """What the register path did: problems (then nothing was written), or what it built and loaded."""

    problems: list[Problem] = field(default_factory=list)
    notices: list[Problem] = field(default_factory=list)  # encoding read, columns ignored...
    establishments_read: int = 0
    artisan_establishments: int = 0
    dropped_by_division: dict[str, int] = field(default_factory=dict)  # NAF division -> establishments dropped
    years: list[int] = field(default_factory=list)
    aggregates: pd.DataFrame | None = None  # the artisan_stat rows built

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def dropped(self) -> int:
        return sum(self.dropped_by_division.values())

    def summary(self) -> str:
        """One French sentence for the user."""
        return t(
            "artisanat.register.summary",
            kept=fmt_int(self.artisan_establishments),
            rows=fmt_int(0 if self.aggregates is None else len(self.aggregates)),
            first=self.years[0] if self.years else "–",
            last=self.years[-1] if self.years else "–",
            dropped=fmt_int(self.dropped),
        )


# ---------------------------------------------------------------------------------------------- NAF mapping
def naf_family(code: str) -> SectorFamily | None:
    """Artisan family of a NAF rév. 2 code ('10.71C' or '1071C'), None when it is not an artisan trade."""
    normalised = _normalise_naf(code)
    best: tuple[int, SectorFamily | None] = (0, None)
    for prefix, family in NAF_FAMILIES:
        if normalised.startswith(prefix) and len(prefix) > best[0]:
            best = (len(prefix), family)
    return best[1]


def _normalise_naf(code: str) -> str:
    compact = code.strip().upper().replace(".", "")
    return f"{compact[:2]}.{compact[2:]}" if len(compact) > 2 else compact


# ---------------------------------------------------------------------------------------------- entry points
def import_register(
    db: Database,
    path: Path,
    *,
    years: Sequence[int] | None = None,
    replace: bool = False,
    name: str | None = None,
    today: dt.date | None = None,
) -> RegisterResult:
    """Validate, aggregate and load a register extract file (see the module docstring)."""
    return import_register_bytes(db, path.read_bytes(), name or path.name, years=years, replace=replace, today=today)


def import_register_bytes(
    db: Database,
    data: bytes,
    file: str,
    *,
    years: Sequence[int] | None = None,
    replace: bool = False,
    today: dt.date | None = None,
    actor: Actor | None = None,
) -> RegisterResult:
    """The same from the bytes of an uploaded file; a signed-in `actor` loads only establishments of its
    territories (PermissionDenied otherwise), and the audit trail records the import."""
    require_edit(db, actor, action=Action.IMPORT)
    result, establishments = read_register(db, data, file, today=today)
    if not result.ok:
        return result
    require_edit(db, actor, commune_ids=establishments["commune_id"], action=Action.IMPORT)
    result.years = list(years) if years is not None else default_years(establishments)
    if not result.years:
        first, last = _date_years(establishments)
        result.problems.append(Problem(file, None, None, t("artisanat.register.error.no_year", first=first, last=last)))
        return result
    if any(not YEAR_MIN <= y <= YEAR_MAX for y in result.years):
        raise ValueError(f"years must lie between {YEAR_MIN} and {YEAR_MAX}")
    aggregates = aggregate_establishments(establishments, result.years)
    aggregates["source"] = t("artisanat.register.source", file=file)
    aggregates["is_demo"] = False
    result.aggregates = aggregates
    result.problems += _conflicts(db, file, establishments, aggregates, result.years, replace)
    if result.problems:
        return result
    _load(db, establishments, aggregates, result.years, file, hashlib.sha256(data).hexdigest(), today, actor)
    return result


def read_register(
    db: Database, data: bytes, file: str, *, today: dt.date | None = None
) -> tuple[RegisterResult, pd.DataFrame]:
    """Read and check an extract; return the artisan establishments, typed (columns of table `establishment`).
    `today`: dates after it are refused (a typo such as 2031 would otherwise move the years built)."""
    raw = _read_extract(data, file)
    result = RegisterResult(problems=list(raw.problems), notices=list(raw.notices))
    if raw.frame is None:
        return result, pd.DataFrame()
    checker = _Checker(raw, db, today or dt.date.today())
    establishments = checker.run()
    # Every problem, in row order: the screen groups them by kind (dashboard.ui.imports.show_refusal) and the
    # downloadable report holds them all, as for the template imports.
    result.problems = sorted(result.problems + checker.problems, key=lambda p: (p.row or 0, p.column or ""))
    result.notices = checker.notices
    result.establishments_read = checker.rows_read
    result.artisan_establishments = len(establishments)
    result.dropped_by_division = checker.dropped_by_division
    if result.ok and establishments.empty:
        result.problems.append(Problem(file, None, None, t("artisanat.register.error.no_artisan")))
    return result, establishments


def _read_extract(data: bytes, file: str) -> RawTable:
    """The extract as text cells with spreadsheet row numbers (header = row 1), blank rows dropped, cells stripped.

    A national extract has about a million rows: pandas' C parser reads a well-formed file about ten times faster
    than the import system's reader. Any doubt (encoding, separator, a row with more cells than the header) goes
    to that reader, whose messages locate the problem: the result is the same, only the speed differs.
    """
    text, encoding, _ = decode_text(data, file)
    if text is None or SEPARATOR not in text.split("\n", 1)[0]:
        return read_csv_bytes(data, file)
    try:
        frame = pd.read_csv(
            io.StringIO(text), sep=SEPARATOR, dtype=str, keep_default_na=False, skip_blank_lines=False, engine="c"
        )
    except (pd.errors.ParserError, ValueError):
        return read_csv_bytes(data, file)
    frame.columns = [str(column).strip() for column in frame.columns]
    for column in frame.columns:
        frame[column] = frame[column].fillna("").str.strip()
    frame.insert(0, ROW, np.arange(2, len(frame) + 2))
    blank = (frame.drop(columns=ROW) == "").all(axis=1)
    return RawTable(file, None, frame.loc[~blank].reset_index(drop=True), notices=encoding_notices(encoding, file))


def default_years(establishments: pd.DataFrame) -> list[int]:
    """The DEFAULT_YEARS years ending with the year of the extract's latest date, within the schema's bounds."""
    if establishments.empty:
        return []
    _, last = _date_years(establishments)
    return [y for y in range(last - DEFAULT_YEARS + 1, last + 1) if YEAR_MIN <= y <= YEAR_MAX]


def aggregate_establishments(establishments: pd.DataFrame, years: Sequence[int]) -> pd.DataFrame:
    """artisan_stat rows (without source) for `years` from typed establishments; owners for the last year only."""
    connection = duckdb.connect(":memory:")
    try:
        connection.register("establishments", establishments)
        midpoints = pd.DataFrame(
            {"employees_band": [b.value for b in BAND_MIDPOINTS], "midpoint": list(BAND_MIDPOINTS.values())}
        )
        connection.register("midpoints", midpoints)
        return connection.execute(_AGGREGATE_SQL, {"years": list(years), "owners_year": max(years)}).df()
    finally:
        connection.close()


_AGGREGATE_SQL = """
WITH years AS (SELECT unnest($years::INTEGER[]) AS year),
active AS (
    SELECT e.commune_id, e.sector_family, e.creation_date, e.closure_date, e.owner_age_band, e.owner_is_woman,
           m.midpoint, y.year, make_date(y.year, 1, 1) AS jan1, y.year = $owners_year AS owners_year,
           e.creation_date < make_date(y.year, 1, 1) AS in_stock
    FROM establishments e
    JOIN midpoints m USING (employees_band)
    JOIN years y ON e.creation_date < make_date(y.year + 1, 1, 1)
                AND (e.closure_date IS NULL OR e.closure_date >= make_date(y.year, 1, 1))
)
SELECT commune_id, year, sector_family,
       count(*) FILTER (WHERE in_stock)::INTEGER AS establishments,
       count(*) FILTER (WHERE NOT in_stock)::INTEGER AS creations,
       count(*) FILTER (WHERE closure_date < make_date(year + 1, 1, 1))::INTEGER AS closures,
       coalesce(round(sum(midpoint) FILTER (WHERE in_stock)), 0)::INTEGER AS employees,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band IS NOT NULL)::INTEGER AS owners_total,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band = 'lt30')::INTEGER AS owners_lt30,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band = '30_44')::INTEGER AS owners_30_44,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band = '45_54')::INTEGER AS owners_45_54,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band = '55_plus')::INTEGER AS owners_55_plus,
       count(*) FILTER (WHERE in_stock AND owners_year AND owner_age_band IS NOT NULL
                        AND owner_is_woman)::INTEGER AS owners_women
FROM active
GROUP BY ALL
ORDER BY commune_id, year, sector_family
"""


# ---------------------------------------------------------------------------------------------- validation
class _Checker:
    """Vectorised checks of an extract: every problem located (file, row, column) with the import system's words."""

    def __init__(self, raw: RawTable, db: Database, today: dt.date) -> None:
        assert raw.frame is not None
        self.file = raw.file
        self.frame = raw.frame.rename(columns=_register_names(raw.frame.columns))
        self.db = db
        self.today = today
        self.problems: list[Problem] = []
        self.notices: list[Problem] = list(raw.notices)
        self.rows_read = len(self.frame)
        self.dropped_by_division: dict[str, int] = {}

    def problem(self, rows: pd.Series, column: str | None, key: str, values: pd.Series | None = None, **extra) -> None:
        """One problem per row of `rows` (spreadsheet row numbers); `values` fills {value}."""
        texts = values.tolist() if values is not None else [None] * len(rows)
        messages: dict[object, str] = {}  # one message per distinct value: a systematic error repeats a few
        for row, value in zip(rows.tolist(), texts, strict=True):
            if value not in messages:
                messages[value] = t(key, value=value, column=column, **extra)
            self.problems.append(Problem(self.file, int(row), column, messages[value], key))

    def run(self) -> pd.DataFrame:
        if not self._headers():
            return pd.DataFrame()
        frame = self.frame
        if frame.empty:
            self.problems.append(Problem(self.file, None, None, t("artisanat.register.error.empty")))
            return pd.DataFrame()
        for column in REGISTER_COLUMNS:
            if column not in frame.columns:
                frame[column] = ""
        # Every row must say what it is; the rest only matters for artisan rows (the others are dropped).
        self._required(frame, ("identifiant", "code_naf"))
        self._unique_identifiers(frame)
        naf = self._naf(frame)
        family = naf.map(self._family_table(naf))
        artisan = family.notna()
        divisions = naf[~artisan & naf.notna()].str[:2].value_counts().sort_index()
        self.dropped_by_division = {str(k): int(v) for k, v in divisions.items()}
        rows = frame.loc[artisan].copy()
        rows["naf_code"] = naf[artisan]
        rows["sector_family"] = family[artisan]
        return self._typed(rows)

    def _headers(self) -> bool:
        present = set(self.frame.columns) - {ROW}
        expected = ", ".join(REGISTER_COLUMNS)
        ok = True
        for column in REQUIRED_COLUMNS:
            if column not in present:
                self.problems.append(
                    Problem(
                        self.file,
                        1,
                        column,
                        t("artisanat.register.error.missing_column", column=column, expected=expected),
                    )
                )
                ok = False
        ignored = []
        for column in sorted(present - set(REGISTER_COLUMNS)):
            close = difflib.get_close_matches(column, [c for c in REGISTER_COLUMNS if c not in present], 1, TYPO_CUTOFF)
            if close:  # a misspelt column of ours: ignoring it would silently drop its values (closure dates...)
                message = t("import.error.unknown_column", column=column, close=close[0])
                self.problems.append(Problem(self.file, 1, column, message))
                ok = False
            else:
                ignored.append(column)
        if ignored:
            listed = ", ".join(f"« {column} »" for column in ignored)
            self.notices.append(
                Problem(self.file, 1, None, t("import.notice.ignored_columns", columns=listed, expected=expected))
            )
        return ok

    def _unique_identifiers(self, frame: pd.DataFrame) -> None:
        ids = frame["identifiant"]
        repeated = ids.duplicated(keep="first") & (ids != "")
        self.problem(frame.loc[repeated, ROW], "identifiant", "artisanat.register.error.duplicate_id", ids[repeated])

    def _naf(self, frame: pd.DataFrame) -> pd.Series:
        text = frame["code_naf"].str.upper()
        valid = text.str.fullmatch(_NAF_RE)
        bad = ~valid & (text != "")
        self.problem(frame.loc[bad, ROW], "code_naf", "artisanat.register.error.naf", frame.loc[bad, "code_naf"])
        compact = text.str.replace(".", "", regex=False)
        return (compact.str[:2] + "." + compact.str[2:]).where(valid)

    @staticmethod
    def _family_table(naf: pd.Series) -> dict[str, str | None]:
        return {code: (f.value if (f := naf_family(code)) else None) for code in naf.dropna().unique()}

    def _required(self, rows: pd.DataFrame, columns: Sequence[str]) -> None:
        for column in columns:
            blank = rows[column] == ""
            self.problem(rows.loc[blank, ROW], column, "artisanat.register.error.required")

    def _typed(self, rows: pd.DataFrame) -> pd.DataFrame:
        self._required(rows, [c for c in REQUIRED_COLUMNS if c not in ("identifiant", "code_naf")])
        creation = self._dates(rows, "date_creation")
        closure = self._dates(rows, "date_fermeture")
        self._siret(rows)
        backwards = closure.notna() & creation.notna() & (closure < creation)
        for row, made, closed in zip(rows.loc[backwards, ROW], creation[backwards], closure[backwards], strict=True):
            self.problems.append(
                Problem(
                    self.file,
                    int(row),
                    "date_fermeture",
                    t(
                        "artisanat.register.error.closure_before_creation",
                        closure=closed.strftime("%d/%m/%Y"),
                        creation=made.strftime("%d/%m/%Y"),
                    ),
                )
            )
        return pd.DataFrame(
            {
                ROW: rows[ROW],
                "establishment_id": rows["identifiant"],
                "naf_code": rows["naf_code"],
                "sector_family": rows["sector_family"],
                "commune_id": self._communes(rows),
                "creation_date": creation,
                "closure_date": closure,
                "employees_band": self._employees_band(rows),
                "owner_age_band": self._owner_band(rows),
                "owner_is_woman": self._woman(rows),
            }
        ).reset_index(drop=True)

    def _dates(self, rows: pd.DataFrame, column: str) -> pd.Series:
        text = rows[column]
        # JJ/MM/AAAA is rewritten AAAA-MM-JJ so that one pass of the fast ISO parser reads both forms;
        # impossible dates (31/02/2020) come out missing and are reported.
        french = text.str.fullmatch(r"[0-9]{2}/[0-9]{2}/[0-9]{4}")
        iso = text.where(~french, text.str[6:10] + "-" + text.str[3:5] + "-" + text.str[0:2])
        looks_iso = iso.str.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
        parsed = pd.to_datetime(iso.where(looks_iso, None), format="%Y-%m-%d", errors="coerce")
        bad = parsed.isna() & (text != "")
        self.problem(rows.loc[bad, ROW], column, "artisanat.register.error.date", text[bad])
        # A date after the extraction is a typo (15/03/2031): kept, it would move the years built to 2031.
        future = parsed.notna() & (parsed > pd.Timestamp(self.today))
        self.problem(
            rows.loc[future, ROW],
            column,
            "import.register.future_date",
            text[future],
            today=self.today.strftime("%d/%m/%Y"),
        )
        return parsed.where(~future)

    def _siret(self, rows: pd.DataFrame) -> None:
        """An identifier of 14 digits is a SIRET: its check digit must be right."""
        ids = rows["identifiant"]
        fourteen = ids.str.fullmatch(r"[0-9]{14}")
        wrong = pd.Series(False, index=ids.index)
        wrong[fourteen] = ~sirets_ok(ids[fourteen])
        self.problem(rows.loc[wrong, ROW], "identifiant", "import.error.siret_check", ids[wrong])

    def _communes(self, rows: pd.DataFrame) -> pd.Series:
        codes = rows["code_commune"].str.upper()
        bad_form = ~codes.str.fullmatch(_INSEE_RE) & (codes != "")
        self.problem(rows.loc[bad_form, ROW], "code_commune", "artisanat.register.error.commune_form", codes[bad_form])
        name_column = next((c for c in rows.columns if normalise(str(c)) in NAME_HEADERS), None)
        checked = ~bad_form & (codes != "")
        # An establishment's address lies in today's commune: a former commune's code is read as today's, said so.
        check = check_commune_codes(codes[checked], rows[name_column] if name_column else None, map_former=True)
        refused = pd.Series(False, index=rows.index)
        for found in check.problems:  # postcodes: explained, never taken for another commune
            message = t(found.key, value=codes[found.index], **found.values)
            self.problems.append(Problem(self.file, int(rows.at[found.index, ROW]), "code_commune", message))
            refused[found.index] = True
        for found in check.notices:
            message = t(found.key, value=codes[found.index], **found.values)
            self.notices.append(Problem(self.file, int(rows.at[found.index, ROW]), "code_commune", message, found.key))
        codes = codes.where(~checked, check.codes.reindex(codes.index).fillna(codes))
        bad_form |= refused
        known = {r[0] for r in self.db.query_rows("SELECT code FROM territory WHERE level = 'commune'")}
        unknown = ~codes.isin(known) & ~bad_form & (codes != "")
        arrondissement = unknown & codes.str.fullmatch(_ARRONDISSEMENT_RE)
        if arrondissement.any():
            from dashboard.geography import arrondissement_commune_codes  # reads a data file: only when needed

            codes = codes.where(~arrondissement, codes.map(arrondissement_commune_codes()).fillna(codes))
            unknown = ~codes.isin(known) & ~bad_form & (codes != "")
        self.problem(rows.loc[unknown, ROW], "code_commune", "artisanat.register.error.unknown_commune", codes[unknown])
        return _COMMUNE_PREFIX + codes

    def _employees_band(self, rows: pd.DataFrame) -> pd.Series:
        accepted = {b.value.lower(): b.value for b in EmployeesBand}
        accepted |= {CODE_LABELS[(EmployeesBand, b.value)].lower(): b.value for b in EmployeesBand}
        accepted |= {code.lower(): band.value for code, band in INSEE_BANDS.items()}
        return self._coded(rows, "tranche_effectifs", accepted, "artisanat.register.error.band", EmployeesBand)

    def _owner_band(self, rows: pd.DataFrame) -> pd.Series:
        accepted = {b.value.lower(): b.value for b in OwnerAgeBand}
        accepted |= {CODE_LABELS[(OwnerAgeBand, b.value)].lower(): b.value for b in OwnerAgeBand}
        return self._coded(rows, "tranche_age_dirigeant", accepted, "artisanat.register.error.owner_band", OwnerAgeBand)

    def _coded(self, rows: pd.DataFrame, column: str, accepted: dict[str, str], key: str, enum) -> pd.Series:
        text = rows[column]
        coded = text.str.lower().map(accepted)
        bad = coded.isna() & (text != "")
        allowed = ", ".join(f"{m.value} ({CODE_LABELS[(enum, m.value)]})" for m in enum)
        self.problem(rows.loc[bad, ROW], column, key, text[bad], allowed=allowed)
        return coded.astype(object).where(coded.notna(), None)

    def _woman(self, rows: pd.DataFrame) -> pd.Series:
        text = rows["dirigeant_femme"].str.lower()
        bad = ~text.isin(TRUE_WORDS | FALSE_WORDS) & (text != "")
        self.problem(
            rows.loc[bad, ROW], "dirigeant_femme", "artisanat.register.error.bool", rows.loc[bad, "dirigeant_femme"]
        )
        answer = pd.Series(None, index=rows.index, dtype=object)
        answer[text.isin(TRUE_WORDS)] = True
        answer[text.isin(FALSE_WORDS)] = False
        return answer


def _register_names(headers: pd.Index) -> dict[str, str]:
    """Headers renamed to ours: exact, or through REGISTER_ALIASES once normalised (« Code INSEE », SIRET...)."""
    names = {}
    for header in headers:
        if header == ROW or header in REGISTER_COLUMNS:
            continue
        plain = normalise(str(header))
        target = plain if plain in REGISTER_COLUMNS else REGISTER_ALIASES.get(plain)
        if target is not None and target not in headers and target not in names.values():
            names[header] = target
    return names


def _date_years(establishments: pd.DataFrame) -> tuple[int, int]:
    dates = pd.concat([establishments["creation_date"], establishments["closure_date"].dropna()])
    return min(dates).year, max(dates).year


# ---------------------------------------------------------------------------------------------- loading
def _conflicts(
    db: Database,
    file: str,
    establishments: pd.DataFrame,
    aggregates: pd.DataFrame,
    years: Sequence[int],
    replace: bool,
) -> list[Problem]:
    if replace:
        return []
    problems = []
    communes = sorted(establishments["commune_id"].unique())
    existing = db.query_rows(
        "SELECT commune_id, year, sector_family FROM artisan_stat "
        "WHERE list_contains($communes, commune_id) AND list_contains($years, year) ORDER BY ALL",
        {"communes": communes, "years": list(years)},
    )
    if existing:
        commune, year, family = existing[0]
        example = f"{commune.removeprefix(_COMMUNE_PREFIX)} × {year} × {family}"
        problems.append(
            Problem(
                file,
                None,
                None,
                t("artisanat.register.error.existing_stats", count=fmt_int(len(existing)), example=example),
            )
        )
    ids = establishments[["establishment_id"]]
    taken = db.query_rows_joining(
        "SELECT i.establishment_id FROM ids i JOIN establishment e USING (establishment_id) ORDER BY 1", {"ids": ids}
    )
    if taken:
        problems.append(
            Problem(
                file,
                None,
                None,
                t("artisanat.register.error.existing_establishments", count=fmt_int(len(taken)), example=taken[0][0]),
            )
        )
    return problems


def _load(
    db: Database,
    establishments: pd.DataFrame,
    aggregates: pd.DataFrame,
    years: Sequence[int],
    file: str,
    digest: str,
    today: dt.date | None,
    actor: Actor | None = None,
) -> None:
    rows = establishments.drop(columns=[ROW]).assign(is_demo=False)
    communes = sorted(rows["commune_id"].unique())

    def load(cursor: duckdb.DuckDBPyConnection) -> None:
        audit.record(cursor, actor, audit.AuditAction.IMPORT, entity="establishment", detail=f"{file} : {len(rows)}")
        cursor.execute(
            "DELETE FROM artisan_stat WHERE list_contains($communes, commune_id) AND list_contains($years, year)",
            {"communes": communes, "years": list(years)},
        )
        cursor.register("register_rows", rows)
        cursor.register("register_stats", aggregates)
        try:
            cursor.execute(
                "DELETE FROM establishment WHERE establishment_id IN (SELECT establishment_id FROM register_rows)"
            )
            cursor.execute(f"INSERT INTO artisan_stat ({_STAT_COLUMNS}) SELECT {_STAT_COLUMNS} FROM register_stats")
            cursor.execute(
                f"INSERT INTO establishment ({_ESTABLISHMENT_COLUMNS}) "
                f"SELECT {_ESTABLISHMENT_COLUMNS} FROM register_rows"
            )
        finally:
            cursor.unregister("register_rows")
            cursor.unregister("register_stats")
        cursor.execute(
            "INSERT INTO import_log (imported_at, entity, file_name, row_count, sha256) "
            "VALUES (now(), $entity, $file, $rows, $digest)",
            {"entity": ENTITY, "file": file, "rows": len(rows), "digest": digest},
        )
        set_meta(cursor, "data_as_of", (today or dt.date.today()).isoformat())

    # Deletes then inserts by key: a new attempt replaces what another worker's load of the same establishments
    # committed meanwhile (the last load wins whole, as loading the same file twice does).
    db.write(load)


# Column lists of the two tables written (constants: never built from the file).
_STAT_COLUMNS = (
    "commune_id, year, sector_family, establishments, creations, closures, employees, owners_total, owners_lt30, "
    "owners_30_44, owners_45_54, owners_55_plus, owners_women, source, is_demo"
)
_ESTABLISHMENT_COLUMNS = (
    "establishment_id, naf_code, sector_family, commune_id, creation_date, closure_date, employees_band, "
    "owner_age_band, owner_is_woman, is_demo"
)
