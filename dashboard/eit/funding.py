"""Funding plans: envelopes per funder and phase, their period lines, totals, shares and the envelope check.

The source states an envelope per funder and phase and splits it into period lines. Both are kept exactly as
stated: when lines do not add up to their envelope (the Vendômois table has two such envelopes, 1 € apart), the
difference is reported for the page to show, never "fixed". Totals and shares per funder are taken from the
envelopes (the amounts the funders committed to), totals per year and period from the lines.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard.db import Database

# Amounts are stored to the cent: a difference below half a cent is rounding, not a discrepancy.
DIFFERENCE_TOLERANCE_EUR = 0.005
TOTAL_LABEL = "Total"  # index label of the total row/column of the plan table (translated by the page)


@dataclass(frozen=True)
class FundingPlan:
    programme_id: str
    envelopes: pd.DataFrame  # envelope_id, funder_label, phase_label, status, amount_eur, lines_eur, source, order
    lines: (
        pd.DataFrame
    )  # envelope_id, funder_label, phase_label, status, period_label, year, period_start/end, amount_eur

    @property
    def is_empty(self) -> bool:
        return self.envelopes.empty

    @property
    def sources(self) -> list[str]:
        return sorted(set(self.envelopes["source"]))


def programmes_with_funding(db: Database, programme_ids: list[str] | None = None) -> list[str]:
    """Programmes (among programme_ids, all when None) that have at least one funding envelope, by name."""
    rows = db.query_rows(
        """
        SELECT p.programme_id FROM programme p
        WHERE EXISTS (SELECT 1 FROM funding_envelope e WHERE e.programme_id = p.programme_id)
          AND ($ids IS NULL OR list_contains($ids, p.programme_id))
        ORDER BY p.name
        """,
        {"ids": programme_ids},
    )
    return [row[0] for row in rows]


def funding_plan(db: Database, programme_id: str) -> FundingPlan:
    """The programme's envelopes (in the source's order) and their period lines (in time order)."""
    envelopes = db.query_df(
        """
        SELECT e.envelope_id, e.funder_label, e.phase_label, e.status, e.amount_eur::DOUBLE AS amount_eur,
               (SELECT sum(l.amount_eur) FROM funding_line l WHERE l.envelope_id = e.envelope_id)::DOUBLE
                   AS lines_eur,
               e.source, e.rowid AS "order"  -- rowid: the order the source lists the funders in
        FROM funding_envelope e WHERE e.programme_id = $p ORDER BY e.rowid
        """,
        {"p": programme_id},
    )
    lines = db.query_df(
        """
        SELECT e.envelope_id, e.funder_label, e.phase_label, e.status, l.period_label, l.year, l.period_start,
               l.period_end, l.amount_eur::DOUBLE AS amount_eur
        FROM funding_envelope e JOIN funding_line l USING (envelope_id)
        WHERE e.programme_id = $p ORDER BY l.period_start, e.rowid
        """,
        {"p": programme_id},
    )
    return FundingPlan(programme_id, envelopes, lines)


def plan_table(plan: FundingPlan) -> pd.DataFrame:
    """Funder × period (periods in time order, funders in the source's order) with a total row and column.

    Cells without a line are NaN (no amount stated), not 0. Funders without period lines are left out.
    """
    lines = plan.lines
    if lines.empty:
        return pd.DataFrame()
    periods = lines.sort_values("period_start")["period_label"].drop_duplicates().tolist()
    funders = plan.envelopes.loc[plan.envelopes["envelope_id"].isin(lines["envelope_id"]), "funder_label"]
    table = lines.pivot_table(index="funder_label", columns="period_label", values="amount_eur", aggfunc="sum")
    table = table.reindex(index=list(dict.fromkeys(funders)), columns=periods)
    table[TOTAL_LABEL] = table.sum(axis=1, min_count=1)
    table.loc[TOTAL_LABEL] = table.sum(axis=0, min_count=1)
    table.index.name = None
    table.columns.name = None
    return table


def _lines_total(lines_per_envelope: pd.Series) -> float:
    """Sum of the envelopes' lines, NaN unless every envelope has lines (a partial sum would read as a gap)."""
    return float("nan") if lines_per_envelope.isna().any() else float(lines_per_envelope.sum())


def totals_by_funder(plan: FundingPlan) -> pd.DataFrame:
    """Per funder (source order): stated envelopes, sum of their lines (see _lines_total), share of the total."""
    envelopes = plan.envelopes
    if envelopes.empty:
        return pd.DataFrame(columns=["funder_label", "amount_eur", "lines_eur", "share"])
    totals = envelopes.groupby("funder_label", sort=False).agg(
        amount_eur=("amount_eur", "sum"), lines_eur=("lines_eur", _lines_total)
    )
    total = totals["amount_eur"].sum()
    totals["share"] = totals["amount_eur"] / total if total > 0 else float("nan")
    return totals.reset_index()


def totals_by_phase(plan: FundingPlan) -> pd.DataFrame:
    """Per phase (source order): stated envelopes and the sum of their lines (see _lines_total)."""
    envelopes = plan.envelopes
    if envelopes.empty:
        return pd.DataFrame(columns=["phase_label", "amount_eur", "lines_eur"])
    return (
        envelopes.groupby("phase_label", sort=False)
        .agg(amount_eur=("amount_eur", "sum"), lines_eur=("lines_eur", _lines_total))
        .reset_index()
    )


def totals_by_year(plan: FundingPlan) -> pd.DataFrame:
    """Per year: sum of the period lines (half-years are added into their year)."""
    if plan.lines.empty:
        return pd.DataFrame(columns=["year", "amount_eur"])
    return plan.lines.groupby("year", as_index=False)["amount_eur"].sum()


def by_year_and_funder(plan: FundingPlan) -> pd.DataFrame:
    """Long form year × funder (funders in the source's order), for the stacked chart."""
    if plan.lines.empty:
        return pd.DataFrame(columns=["year", "funder_label", "status", "amount_eur"])
    funder_order = {label: index for index, label in enumerate(dict.fromkeys(plan.envelopes["funder_label"]))}
    grouped = plan.lines.groupby(["year", "funder_label", "status"], as_index=False)["amount_eur"].sum()
    grouped["funder_order"] = grouped["funder_label"].map(funder_order)
    return grouped.sort_values(["year", "funder_order"]).drop(columns="funder_order").reset_index(drop=True)


def envelope_differences(plan: FundingPlan) -> pd.DataFrame:
    """Envelopes whose period lines do not add up to the stated amount: funder, phase, envelope, lines, difference."""
    envelopes = plan.envelopes.dropna(subset=["lines_eur"]).copy()
    envelopes["difference_eur"] = envelopes["lines_eur"] - envelopes["amount_eur"]
    mismatched = envelopes[envelopes["difference_eur"].abs() > DIFFERENCE_TOLERANCE_EUR]
    return mismatched[["funder_label", "phase_label", "amount_eur", "lines_eur", "difference_eur"]].reset_index(
        drop=True
    )
