"""Funding plans: lines by funder and period, totals, and the check of lines against stated envelopes."""

from __future__ import annotations

import pandas as pd

from dashboard.db import Database


def programmes_with_funding(db: Database, programme_ids: list[str]) -> list[str]:
    rows = db.query_rows(
        "SELECT DISTINCT programme_id FROM funding_envelope WHERE list_contains($ids, programme_id) ORDER BY 1",
        {"ids": programme_ids},
    )
    return [r[0] for r in rows]


def funding_lines(db: Database, programme_id: str) -> pd.DataFrame:
    """One row per envelope line: funder, phase, status, period (ordered by start), year, amount."""
    return db.query_df(
        """
        SELECT e.envelope_id, e.funder_label, e.phase_label, e.status, e.amount_eur AS envelope_eur, e.source,
               l.period_label, l.year, l.period_start, l.amount_eur::DOUBLE AS amount_eur,
               e.rowid AS envelope_order  -- funders in the order the source lists them
        FROM funding_envelope e JOIN funding_line l USING (envelope_id)
        WHERE e.programme_id = $p ORDER BY e.rowid, l.period_start
        """,
        {"p": programme_id},
    )


def funding_plan(lines: pd.DataFrame) -> pd.DataFrame:
    """Funder × period table (periods in time order) with a total per funder and per period."""
    periods = lines.drop_duplicates("period_label").sort_values("period_start")["period_label"].tolist()
    funders = lines.drop_duplicates("envelope_id")["funder_label"].tolist()
    table = lines.pivot_table(index="funder_label", columns="period_label", values="amount_eur", aggfunc="sum")
    table = table.reindex(index=list(dict.fromkeys(funders)), columns=periods)
    table["Total"] = table.sum(axis=1)
    table.loc["Total"] = table.sum(axis=0)
    return table


def envelope_differences(db: Database, programme_id: str) -> pd.DataFrame:
    """Envelopes whose period lines do not add up to the stated amount (kept as the source says, shown)."""
    return db.query_df(
        """
        SELECT e.funder_label, e.phase_label, e.amount_eur::DOUBLE AS envelope_eur, sum(l.amount_eur)::DOUBLE AS lines_eur,
               (sum(l.amount_eur) - e.amount_eur)::DOUBLE AS difference_eur
        FROM funding_envelope e JOIN funding_line l USING (envelope_id)
        WHERE e.programme_id = $p
        GROUP BY e.envelope_id, e.funder_label, e.phase_label, e.amount_eur
        HAVING sum(l.amount_eur) <> e.amount_eur ORDER BY e.funder_label
        """,
        {"p": programme_id},
    )


def totals_by_year(lines: pd.DataFrame) -> pd.DataFrame:
    """Amounts per year and funder (long form), for the stacked chart."""
    return lines.groupby(["year", "funder_label"], as_index=False, sort=False)["amount_eur"].sum()
