"""Programmes (démarches): list by territory, detail, and side-by-side comparison of their key figures."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database

# Common comparison rows, mapped explicitly onto the differently worded key figures of each programme:
# (row code, figure codes, how to combine them). "first" takes the first code the programme publishes;
# "sum" adds them (ADETO publishes its diagnostics by kind). A programme without any of the codes shows "–".
COMPARISON_ROWS: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("actors", ("actors_engaged", "companies_involved", "members"), "first"),
    ("diagnostics", ("diagnostics", "diagnostics_complete", "diagnostics_biowaste", "diagnostics_pallets"), "sum"),
    (
        "synergies_identified",
        ("substitution_identified", "mutualisation_identified", "potential_synergies", "synergies_to_test"),
        "sum_or_first",
    ),
    ("synergies_realised", ("synergies_realised", "synergies_2019"), "first"),
    ("tonnes", ("kilotonnes_valorised",), "first"),
    ("tco2", ("tco2_avoided",), "first"),
)
# Kilotonnes are compared in tonnes.
FIGURE_FACTORS = {"kilotonnes_valorised": 1000.0}
# Identified synergies: Entrepreneurs des Sorgues publishes substitution and mutualisation separately (added);
# the others publish one count of "potential" or "to test" synergies (taken as is).
IDENTIFIED_PARTS = ("substitution_identified", "mutualisation_identified")


@dataclass(frozen=True)
class ProgrammeDetail:
    info: pd.Series
    key_figures: pd.DataFrame
    synergies: pd.DataFrame


def programmes_for_territory(db: Database, territory_id: str | None) -> pd.DataFrame:
    """Programmes whose perimeter shares at least one commune with the territory (all when territory_id is None)."""
    return db.query_df(
        """
        SELECT p.programme_id, p.name, o.name AS carrier, t.name AS perimeter, t.level AS perimeter_level,
               p.start_date, p.end_date, p.budget_eur, p.budget_note, p.fte, p.source, p.is_demo
        FROM programme p
        JOIN organisation o ON o.org_id = p.carrier_org_id
        JOIN territory t ON t.territory_id = p.perimeter_territory_id
        WHERE $territory IS NULL OR EXISTS (
            SELECT 1 FROM territory_commune a JOIN territory_commune b ON a.commune_id = b.commune_id
            WHERE a.territory_id = p.perimeter_territory_id AND b.territory_id = $territory)
        ORDER BY p.name
        """,
        {"territory": territory_id},
    )


def programme_detail(db: Database, programme_id: str) -> ProgrammeDetail:
    info = programmes_for_territory(db, None).set_index("programme_id").loc[programme_id]
    figures = db.query_df(
        "SELECT figure_code, label, value, unit, source FROM programme_key_figure WHERE programme_id = $p ORDER BY label",
        {"p": programme_id},
    )
    synergies = db.query_df(
        """
        SELECT s.synergy_id, s.title, s.synergy_type, s.status, s.status_date, s.category_code, s.origin, s.is_demo,
               (SELECT count(*) FROM synergy_participant sp WHERE sp.synergy_id = s.synergy_id) AS participants,
               (SELECT string_agg(i.impact_kind || '=' || i.value || ':' || i.basis, ';' ORDER BY i.impact_kind)
                FROM synergy_impact i WHERE i.synergy_id = s.synergy_id) AS impacts
        FROM synergy_current s WHERE s.programme_id = $p
        ORDER BY CASE s.status WHEN 'realised' THEN 1 WHEN 'in_progress' THEN 2 WHEN 'in_study' THEN 3
                               WHEN 'identified' THEN 4 ELSE 5 END, s.title
        """,
        {"p": programme_id},
    )
    return ProgrammeDetail(info, figures, synergies)


def synergy_counts(db: Database) -> pd.DataFrame:
    """Synergies recorded per programme and current status (from the records, not the key figures)."""
    return db.query_df(
        "SELECT programme_id, status, count(*) AS n FROM synergy_current WHERE programme_id IS NOT NULL GROUP BY ALL"
    )


def _combine(figures: dict[str, float], codes: tuple[str, ...], how: str) -> float | None:
    present = [code for code in codes if code in figures]
    if not present:
        return None
    values = [figures[code] * FIGURE_FACTORS.get(code, 1.0) for code in present]
    if how == "sum":
        return sum(values)
    if how == "sum_or_first":
        parts = [figures[c] for c in IDENTIFIED_PARTS if c in figures]
        return sum(parts) if parts else values[0]
    return values[0]


def comparison_table(db: Database, programme_ids: list[str] | None = None) -> pd.DataFrame:
    """One column per programme, one row per comparable figure (key figures + budget + FTE); NaN = not published."""
    programmes = programmes_for_territory(db, None)
    if programme_ids is not None:
        programmes = programmes[programmes["programme_id"].isin(programme_ids)]
    figures = db.query_df("SELECT programme_id, figure_code, value FROM programme_key_figure")
    rows: dict[str, dict[str, float | None]] = {code: {} for code, _, _ in COMPARISON_ROWS}
    rows["budget_eur"], rows["fte"] = {}, {}
    for programme in programmes.itertuples():
        own = dict(
            figures.loc[figures["programme_id"] == programme.programme_id, ["figure_code", "value"]].itertuples(
                index=False
            )
        )
        for code, codes, how in COMPARISON_ROWS:
            rows[code][programme.programme_id] = _combine(own, codes, how)
        rows["budget_eur"][programme.programme_id] = (
            None if pd.isna(programme.budget_eur) else float(programme.budget_eur)
        )
        rows["fte"][programme.programme_id] = None if pd.isna(programme.fte) else float(programme.fte)
    table = pd.DataFrame(rows).T
    return table.reindex(columns=programmes["programme_id"].tolist()).astype(float)
