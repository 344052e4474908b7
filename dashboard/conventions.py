"""Conventions: what was committed, what was done, and the amount due pro rata of what was done.

Each action pays flat_amount × min(realised / committed, 1); the total is capped at the convention's ceiling.
Realised quantities are the declared `realised_quantity` when entered, otherwise computed from the records of
the convention's territory and period by a rule chosen from the action's unit (REALISATION_RULES).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

import pandas as pd

from dashboard.db import Database

RealisationBasis = Literal["declared", "computed", "to_declare"]

# Rule by unit of the committed quantity: companies supported = distinct companies of the territory with a
# diagnostic (any kind: label support, energy visit...) by the beneficiary organisation in the period; events =
# workshops and thematic meetings held in the territory in the period. Other units must be declared.
COMPANY_UNITS = ("entreprises", "entreprise")
EVENT_UNITS = ("événements", "événement", "evenements", "réunions")
COMPANY_RULE_SQL = """
    SELECT count(DISTINCT d.company_id)
    FROM diagnostic d JOIN company c USING (company_id)
    WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory)
      AND d.diagnostic_date BETWEEN $start AND $end
      AND d.advisor_org_id IN (SELECT org_id FROM convention_party WHERE convention_id = $convention AND role = 'beneficiary')
"""
EVENT_RULE_SQL = """
    SELECT count(*) FROM event
    WHERE territory_id IN (SELECT $territory UNION SELECT member_id FROM territory_membership WHERE container_id = $territory)
      AND event_kind IN ('workshop', 'thematic_meeting') AND event_date BETWEEN $start AND $end
"""


@dataclass(frozen=True)
class ActionRealisation:
    action_code: str
    label: str
    article: str | None
    unit: str
    flat_amount: float
    committed: float
    realised: float | None
    basis: RealisationBasis
    as_of: dt.date

    @property
    def share(self) -> float:
        """Share of the commitment done, capped at 100 % (over-realisation is not paid more)."""
        return 0.0 if self.realised is None else min(self.realised / self.committed, 1.0)

    @property
    def amount_due(self) -> float:
        return round(self.flat_amount * self.share, 2)


@dataclass(frozen=True)
class ConventionStatus:
    convention_id: str
    title: str
    territory: str
    start: dt.date
    end: dt.date
    ceiling: float
    payment_rule: str
    source: str
    parties: pd.DataFrame
    actions: list[ActionRealisation]
    as_of: dt.date

    @property
    def amount_due(self) -> float:
        """Sum of the actions' amounts, capped at the ceiling; a flat convention pays its total."""
        if self.payment_rule == "flat":
            return min(sum(a.flat_amount for a in self.actions), self.ceiling)
        return min(sum(a.amount_due for a in self.actions), self.ceiling)

    @property
    def elapsed_share(self) -> float:
        """Share of the convention period elapsed at the data date (to read realisations in context)."""
        total = (self.end - self.start).days + 1
        return min(max(((self.as_of - self.start).days + 1) / total, 0.0), 1.0)


def conventions_for_territory(db: Database, territory_id: str | None) -> pd.DataFrame:
    """Conventions whose territory shares a commune with the selection (all when territory_id is None)."""
    return db.query_df(
        """
        SELECT c.convention_id, c.title, t.name AS territory, c.start_date, c.end_date FROM convention c
        JOIN territory t ON t.territory_id = c.territory_id
        WHERE $territory IS NULL OR EXISTS (
            SELECT 1 FROM territory_commune a JOIN territory_commune b ON a.commune_id = b.commune_id
            WHERE a.territory_id = c.territory_id AND b.territory_id = $territory)
        ORDER BY c.start_date DESC, c.title
        """,
        {"territory": territory_id},
    )


def convention_status(db: Database, convention_id: str, data_as_of: dt.date) -> ConventionStatus:
    """The convention with each action's realisation and the amount due, as of the data date."""
    row = db.query_df(
        "SELECT c.*, t.name AS territory_name FROM convention c JOIN territory t USING (territory_id) "
        "WHERE convention_id = $c",
        {"c": convention_id},
    ).iloc[0]
    start, end = row["start_date"].date(), row["end_date"].date()
    as_of = min(data_as_of, end)
    params = {"territory": row["territory_id"], "start": start, "end": as_of, "convention": convention_id}
    actions = []
    for action in db.query_df(
        "SELECT * FROM convention_action WHERE convention_id = $c ORDER BY article, action_code", {"c": convention_id}
    ).itertuples():
        realised: float | None
        if not pd.isna(action.realised_quantity):
            realised, basis = float(action.realised_quantity), "declared"
            action_as_of = action.realised_as_of.date() if not pd.isna(action.realised_as_of) else as_of
        elif action.quantity_unit.lower() in COMPANY_UNITS:
            realised, basis, action_as_of = float(db.query_value(COMPANY_RULE_SQL, params)), "computed", as_of
        elif action.quantity_unit.lower() in EVENT_UNITS:
            event_params = {k: v for k, v in params.items() if k != "convention"}
            realised, basis, action_as_of = float(db.query_value(EVENT_RULE_SQL, event_params)), "computed", as_of
        else:
            realised, basis, action_as_of = None, "to_declare", as_of
        actions.append(
            ActionRealisation(
                action.action_code,
                action.label,
                None if pd.isna(action.article) else action.article,
                action.quantity_unit,
                float(action.flat_amount_eur),
                float(action.committed_quantity),
                realised,
                basis,
                action_as_of,
            )
        )
    parties = db.query_df(
        "SELECT o.name, p.role FROM convention_party p JOIN organisation o USING (org_id) WHERE convention_id = $c "
        "ORDER BY p.role DESC",
        {"c": convention_id},
    )
    return ConventionStatus(
        convention_id, row["title"], row["territory_name"], start, end, float(row["ceiling_eur"]),
        row["payment_rule"], row["source"], parties, actions, as_of,
    )  # fmt: skip
