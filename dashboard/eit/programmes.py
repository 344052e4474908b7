"""Programmes (démarches): list by territory, one programme's detail, and programmes compared side by side.

Key figures are what each programme publishes about itself (declared, never computed here), each with its own
wording. The comparison puts them on common rows through an explicit mapping, `KEY_FIGURE_MAPPING`:

| comparison row          | figure codes, in order of preference (a "+" group is added up)                      |
|-------------------------|--------------------------------------------------------------------------------------|
| actors                  | actors_engaged; else companies_involved (CAVEM); else members (ADETO, Authentic P.) |
| diagnostics             | diagnostics; else companies_diagnosed (Vendômois, 2018); else                         |
|                         | diagnostics_complete + diagnostics_biowaste + diagnostics_pallets (ADETO, by kind)   |
| synergies_identified    | substitution_identified + mutualisation_identified (Entrepreneurs des Sorgues); else |
|                         | potential_synergies (ADETO, PTSI workshop); else synergies_to_test (L'Argile)        |
| synergies_realised      | synergies_realised; else synergies_2019 (CAVEM: implemented in 2019); else          |
|                         | group_purchases (ADETO: group-purchase operations set up)                            |
| tonnes                  | tonnes_valorised; else kilotonnes_valorised × 1 000 (PIICTO)                         |
| tco2                    | tco2_avoided                                                                         |
| budget_eur, fte         | the programme's own budget and FTE columns (budget_note says total or annual)       |

Each row ends with a French code (acteurs_engages, diagnostics_realises, synergies_identifiees,
synergies_realisees, tonnes_valorisees, tco2_evitees): the import template's codes are written in French.

Figures that fit no row are left out of the comparison on purpose (members by trade, tonnes of soap produced,
employees trained...): they stay on the programme's own sheet. A programme that publishes none of a row's codes
gets NaN ("–" on screen), never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from dashboard.codes import SYNERGY_PIPELINE, ImpactKind, SynergyStatus
from dashboard.db import Database
from dashboard.i18n import fmt_number
from dashboard.scope import programme_scope


class ComparisonRow(StrEnum):
    ACTORS = "actors"
    DIAGNOSTICS = "diagnostics"
    SYNERGIES_IDENTIFIED = "synergies_identified"
    SYNERGIES_REALISED = "synergies_realised"
    TONNES = "tonnes"
    TCO2 = "tco2"
    BUDGET_EUR = "budget_eur"
    FTE = "fte"


# Each row: alternatives in order of preference; the first alternative of which the programme publishes at least
# one code gives the value, the sum of its published codes (see the module docstring for the table).
KEY_FIGURE_MAPPING: dict[ComparisonRow, tuple[tuple[str, ...], ...]] = {
    ComparisonRow.ACTORS: (("actors_engaged",), ("companies_involved",), ("members",), ("acteurs_engages",)),
    ComparisonRow.DIAGNOSTICS: (
        ("diagnostics",),
        ("companies_diagnosed",),
        ("diagnostics_complete", "diagnostics_biowaste", "diagnostics_pallets"),
        ("diagnostics_realises",),
    ),
    ComparisonRow.SYNERGIES_IDENTIFIED: (
        ("substitution_identified", "mutualisation_identified"),
        ("potential_synergies",),
        ("synergies_to_test",),
        ("synergies_identifiees",),
    ),
    ComparisonRow.SYNERGIES_REALISED: (
        ("synergies_realised",),
        ("synergies_2019",),
        ("group_purchases",),
        ("synergies_realisees",),
    ),
    ComparisonRow.TONNES: (("tonnes_valorised",), ("kilotonnes_valorised",), ("tonnes_valorisees",)),
    ComparisonRow.TCO2: (("tco2_avoided",), ("tco2_evitees",)),
}
# Published figures deliberately kept out of the comparison (no common row means the same thing); they stay on
# the programme's sheet. Listed so that a new wording is a decision, not an oversight (tests check the seeds).
LEFT_OUT_FIGURES: frozenset[str] = frozenset(
    {
        "agents",  # people mobilised, not full-time equivalents
        "flows_recorded",
        "workshops",
        "farmers",  # Authentic Provence's members by trade: already counted in "members"
        "brands",
        "processors",
        "soap_tonnes",  # tonnes produced, not valorised or avoided
        "business_parks",
        "park_associations",
        "tpe_pme_support",
        "vade_mecum",
        "employees_trained",
        "projects_in_study",  # projects, not synergies identified
    }
)
# Unit conversions onto the row's unit (tonnes are compared in tonnes).
FIGURE_FACTORS: dict[str, float] = {"kilotonnes_valorised": 1000.0}
# Decimals shown per row: FTE are fractional, kilotonnes converted to tonnes may be too; the rest is counted.
ROW_DECIMALS: dict[ComparisonRow, int] = {ComparisonRow.FTE: 2}
# Current statuses in the order a programme sheet lists them (pipeline end first, then abandoned).
STATUS_ORDER: tuple[SynergyStatus, ...] = (*reversed(SYNERGY_PIPELINE), SynergyStatus.ABANDONED)

# Impacts of a synergy in the order the schema lists them (matter first, money and jobs last).
IMPACT_ORDER: dict[str, int] = {kind.value: index for index, kind in enumerate(ImpactKind)}


@dataclass(frozen=True)
class ProgrammeDetail:
    """One programme's sheet; every figure here is declared by the programme's source document or records."""

    programme_id: str
    name: str
    carrier: str
    perimeter: str
    perimeter_level: str
    start: dt.date | None
    end: dt.date | None
    budget_eur: float | None
    budget_note: str | None
    fte: float | None
    description: str | None
    source: str
    funders: pd.DataFrame  # funder_label, phase_label, amount_eur, status (one row per funding envelope)
    key_figures: pd.DataFrame  # figure_code, label, value, unit, source
    synergies: pd.DataFrame  # synergy_id, title, synergy_type, status, status_date, participants, origin, is_demo
    impacts: pd.DataFrame  # synergy_id, impact_kind, value, basis, source, as_of

    def synergy_counts(self) -> dict[SynergyStatus, int]:
        """Current synergies per status, in STATUS_ORDER, statuses without synergy left out."""
        counts = self.synergies["status"].value_counts()
        return {status: int(counts[status]) for status in STATUS_ORDER if status in counts}


@dataclass(frozen=True)
class Comparison:
    """Comparable figures of several programmes: one column per programme, one row per ComparisonRow."""

    values: pd.DataFrame  # float, NaN where the programme does not publish the figure
    origins: pd.DataFrame  # same shape: the published figures each value comes from ("" when missing)
    names: dict[str, str]  # programme_id -> name
    sources: list[str]  # distinct sources of the compared figures


def figure_text(value: float) -> str:
    """A published figure as the source writes it: '35,9', '4 800' (no decimals added to whole numbers)."""
    if float(value).is_integer():
        return fmt_number(value)
    return fmt_number(value, 2).rstrip("0").rstrip(",")


def _date(value: object) -> dt.date | None:
    return value.date() if isinstance(value, pd.Timestamp) else None


def _optional(value: object) -> float | str | None:
    return None if pd.isna(value) else value  # type: ignore[arg-type, return-value]


_PROGRAMMES_SQL = """
    SELECT p.programme_id, p.name, o.name AS carrier, t.name AS perimeter, t.level AS perimeter_level,
           p.start_date, p.end_date, p.budget_eur::DOUBLE AS budget_eur, p.budget_note, p.fte, p.description,
           p.source, p.is_demo,
           EXISTS (SELECT 1 FROM programme_key_figure k WHERE k.programme_id = p.programme_id) AS has_key_figures
    FROM programme p
    JOIN organisation o ON o.org_id = p.carrier_org_id
    JOIN territory t ON t.territory_id = p.perimeter_territory_id
"""


def programmes_for_territory(db: Database, territory_id: str | None) -> pd.DataFrame:
    """Programmes whose perimeter shares at least one commune with the territory (all when territory_id is None)."""
    return db.query_df(
        _PROGRAMMES_SQL
        + """
        WHERE $scope IS NULL OR EXISTS (
            SELECT 1 FROM scope_communes(p.perimeter_territory_id) a
            WHERE a.commune_id IN (SELECT commune_id FROM scope_communes($scope)))
        ORDER BY p.name
        """,
        {"scope": territory_id},
    )


def programme_detail(db: Database, programme_id: str) -> ProgrammeDetail | None:
    """The programme's sheet, or None when it does not exist."""
    rows = db.query_df(_PROGRAMMES_SQL + " WHERE p.programme_id = $p", {"p": programme_id})
    if rows.empty:
        return None
    row = rows.iloc[0]
    params = {"p": programme_id, "scope": programme_scope(programme_id)}
    funders = db.query_df(
        """
        SELECT funder_label, phase_label, amount_eur::DOUBLE AS amount_eur, status FROM funding_envelope
        WHERE programme_id = $p ORDER BY rowid  -- the order the source lists them in
        """,
        params,
    )
    key_figures = db.query_df(
        "SELECT figure_code, label, value, unit, source FROM programme_key_figure WHERE programme_id = $p "
        "ORDER BY rowid",
        params,
    )
    synergies = db.query_df(
        """
        SELECT s.synergy_id, s.title, s.synergy_type, s.status, s.status_date, s.origin, s.is_demo,
               (SELECT count(DISTINCT sp.company_id) FROM synergy_participant sp
                WHERE sp.synergy_id = s.synergy_id) AS participants
        FROM synergy_current s WHERE s.synergy_id IN (SELECT synergy_id FROM scope_synergies($scope))
        ORDER BY CASE s.status WHEN 'realised' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'in_study' THEN 3
                               WHEN 'identified' THEN 4 ELSE 5 END, s.title
        """,
        params,
    )
    impacts = db.query_df(
        """
        SELECT i.synergy_id, i.impact_kind, i.value, i.basis, i.source, i.as_of
        FROM synergy_impact i
        WHERE i.synergy_id IN (SELECT synergy_id FROM scope_synergies($scope)) ORDER BY i.synergy_id
        """,
        params,
    )
    impacts = impacts.sort_values(
        ["synergy_id", "impact_kind"],
        key=lambda column: column.map(IMPACT_ORDER) if column.name == "impact_kind" else column,
    ).reset_index(drop=True)
    return ProgrammeDetail(
        programme_id=programme_id,
        name=row["name"],
        carrier=row["carrier"],
        perimeter=row["perimeter"],
        perimeter_level=row["perimeter_level"],
        start=_date(row["start_date"]),
        end=_date(row["end_date"]),
        budget_eur=_optional(row["budget_eur"]),  # type: ignore[arg-type]
        budget_note=_optional(row["budget_note"]),  # type: ignore[arg-type]
        fte=_optional(row["fte"]),  # type: ignore[arg-type]
        description=_optional(row["description"]),  # type: ignore[arg-type]
        source=row["source"],
        funders=funders,
        key_figures=key_figures,
        synergies=synergies,
        impacts=impacts,
    )


def mapped_value(
    published: dict[str, tuple[str, float]], alternatives: tuple[tuple[str, ...], ...]
) -> tuple[float | None, list[str]]:
    """Value of one comparison row for one programme, and the codes it was taken from.

    `published` maps figure codes to (label, value); the first alternative with at least one published code wins.
    """
    for codes in alternatives:
        present = [code for code in codes if code in published]
        if present:
            return sum(published[code][1] * FIGURE_FACTORS.get(code, 1.0) for code in present), present
    return None, []


def comparison(db: Database, programme_ids: tuple[str, ...] | None = None) -> Comparison:
    """The programmes' comparable figures (all programmes publishing key figures when programme_ids is None)."""
    programmes = programmes_for_territory(db, None)
    if programme_ids is None:
        programmes = programmes[programmes["has_key_figures"]]
    else:
        programmes = programmes[programmes["programme_id"].isin(programme_ids)]
    figures = db.query_df("SELECT programme_id, figure_code, label, value, unit, source FROM programme_key_figure")
    figures = figures[figures["programme_id"].isin(programmes["programme_id"])]
    values: dict[str, dict[str, float | None]] = {}
    origins: dict[str, dict[str, str]] = {}
    for programme in programmes.itertuples():
        own = figures[figures["programme_id"] == programme.programme_id]
        published = {
            code: (text, float(value))
            for code, text, value in own[["figure_code", "label", "value"]].itertuples(index=False)
        }
        units = dict(zip(own["figure_code"], own["unit"], strict=True))
        column_values: dict[str, float | None] = {}
        column_origins: dict[str, str] = {}
        for row, alternatives in KEY_FIGURE_MAPPING.items():
            value, codes = mapped_value(published, alternatives)
            column_values[row] = value
            column_origins[row] = " + ".join(
                f"{published[code][0]} ({figure_text(published[code][1])} {units[code]})" for code in codes
            )
        column_values[ComparisonRow.BUDGET_EUR] = _optional(programme.budget_eur)  # type: ignore[assignment]
        column_origins[ComparisonRow.BUDGET_EUR] = "" if pd.isna(programme.budget_note) else programme.budget_note
        column_values[ComparisonRow.FTE] = _optional(programme.fte)  # type: ignore[assignment]
        column_origins[ComparisonRow.FTE] = ""
        values[programme.programme_id] = column_values
        origins[programme.programme_id] = column_origins
    order = [row.value for row in ComparisonRow]
    ids = programmes["programme_id"].tolist()
    value_frame = pd.DataFrame(values, index=order, columns=ids, dtype=float)
    origin_frame = pd.DataFrame(origins, index=order, columns=ids, dtype=object).fillna("")
    sources = sorted(set(figures["source"]) | set(programmes["source"]))
    return Comparison(
        value_frame, origin_frame, dict(zip(programmes["programme_id"], programmes["name"], strict=True)), sources
    )


# Programme names are "<short name> – <subtitle>" in the seeds; charts and table headers use the short name.
NAME_SEPARATOR = " – "


def short_name(name: str) -> str:
    """'PIICTO – Démarche EIT de la plateforme…' -> 'PIICTO' (names without a subtitle are kept whole)."""
    return name.split(NAME_SEPARATOR, 1)[0]


def short_source(source: str) -> str:
    """The document's name before its details: 'CTE Pays Vendômois, fiche-action n°3.2 …' -> 'CTE Pays Vendômois'.

    Chart titles do not wrap, so a chart cites its sources this short; tables and captions cite them in full.
    """
    return source.split(",", 1)[0].strip()
