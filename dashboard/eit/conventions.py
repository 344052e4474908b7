"""Conventions: what was committed, what was done, and the amount due pro rata of what was done.

Payment (seed 001, article 5: "proratisé en fonction de la réalisation effective des actions"): each action pays
flat_amount × min(realised / committed, 1) (over-realising one action does not pay for another), and the total is
capped at the convention's ceiling. A "flat" convention pays its flat amounts whatever was done (capped too).

Realised quantities: the declared `convention_action.realised_quantity` when entered; otherwise computed from the
records of the convention's territory between its start and the data date, by the action's rule:

| rule                | computed as                                                                               |
|---------------------|-------------------------------------------------------------------------------------------|
| companies_supported | distinct companies located in the territory with an energy visit or a thematic (label)    |
|                     | diagnostic by a beneficiary of the convention (any advisor when it names no beneficiary)  |
| events_held         | workshops and thematic meetings held in the territory (or one of its communes)            |
| declared            | not computable from the records (e.g. access to a platform): to be declared               |

The rule of an action comes from its code (`ACTION_RULES`, the codes of the seed and of the import template's
example), else from its unit (`UNIT_RULES`, for conventions imported with their own codes), else "declared".
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from enum import StrEnum

import pandas as pd

from dashboard.codes import DiagnosticKind, EventKind, PaymentRule
from dashboard.db import Database


class RealisationRule(StrEnum):
    COMPANIES_SUPPORTED = "companies_supported"
    EVENTS_HELD = "events_held"
    DECLARED = "declared"


class RealisationBasis(StrEnum):
    DECLARED = "declared"  # realised_quantity entered by the user
    COMPUTED = "computed"  # counted from the records by the action's rule
    TO_DECLARE = "to_declare"  # neither: nothing is paid for it yet


# Action code -> rule (CDCMC 2026: article 1 Géométiers access, article 2 support of 5 companies, article 3 events).
ACTION_RULES: dict[str, RealisationRule] = {
    "geometiers": RealisationRule.DECLARED,
    "accompagnement": RealisationRule.COMPANIES_SUPPORTED,
    "evenements": RealisationRule.EVENTS_HELD,
}
# Unit of the committed quantity (lower case, accents removed) -> rule, for actions whose code is not listed above.
UNIT_RULES: dict[str, RealisationRule] = {
    "entreprise": RealisationRule.COMPANIES_SUPPORTED,
    "entreprises": RealisationRule.COMPANIES_SUPPORTED,
    "evenement": RealisationRule.EVENTS_HELD,
    "evenements": RealisationRule.EVENTS_HELD,
    "reunion": RealisationRule.EVENTS_HELD,
    "reunions": RealisationRule.EVENTS_HELD,
    "atelier": RealisationRule.EVENTS_HELD,
    "ateliers": RealisationRule.EVENTS_HELD,
}
# Article 2 of seed 001: support towards an environmental label (recorded as a thematic diagnostic) or an
# energy visit; flow diagnostics (flash, complete...) are another service and do not count.
SUPPORT_DIAGNOSTIC_KINDS: tuple[DiagnosticKind, ...] = (DiagnosticKind.ENERGY, DiagnosticKind.THEMATIC)
# Article 3 of seed 001: thematic meetings for companies; steering meetings (COPIL, COTECH) are not events for them.
HELD_EVENT_KINDS: tuple[EventKind, ...] = (EventKind.WORKSHOP, EventKind.THEMATIC_MEETING)

_COMPANIES_SUPPORTED_SQL = """
    SELECT count(DISTINCT d.company_id)
    FROM diagnostic d
    WHERE d.diagnostic_id IN (SELECT diagnostic_id FROM scope_diagnostics($scope))
      AND d.diagnostic_date BETWEEN $start AND $end
      AND list_contains($kinds, d.kind)
      AND (d.advisor_org_id IN (SELECT org_id FROM convention_party
                                WHERE convention_id = $convention AND role = 'beneficiary')
           OR NOT EXISTS (SELECT 1 FROM convention_party
                          WHERE convention_id = $convention AND role = 'beneficiary'))
"""
_EVENTS_HELD_SQL = """
    SELECT count(*) FROM event
    WHERE event_id IN (SELECT event_id FROM scope_events($scope))
      AND list_contains($kinds, event_kind) AND event_date BETWEEN $start AND $end
"""


def _normalise(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def realisation_rule(action_code: str, unit: str) -> RealisationRule:
    """The rule that computes an action's realisation (see the module docstring)."""
    if action_code in ACTION_RULES:
        return ACTION_RULES[action_code]
    return UNIT_RULES.get(_normalise(unit), RealisationRule.DECLARED)


def pro_rata_amount(flat_amount: float, committed: float, realised: float | None) -> float:
    """flat_amount × min(realised / committed, 1), to the cent; nothing while the realisation is unknown."""
    if realised is None or committed <= 0:
        return 0.0
    return round(flat_amount * min(realised / committed, 1.0), 2)


@dataclass(frozen=True)
class ActionRealisation:
    action_code: str
    label: str
    article: str | None
    unit: str
    flat_amount: float
    committed: float
    realised: float | None  # None while to be declared
    basis: RealisationBasis
    rule: RealisationRule
    as_of: dt.date | None  # date of the realisation (None for a declaration without date)

    @property
    def completion(self) -> float | None:
        """realised / committed, not capped (1.4 = 140 %): what was done."""
        return None if self.realised is None else self.realised / self.committed

    @property
    def share_paid(self) -> float:
        """Share of the flat amount due: the completion capped at 100 %."""
        return 0.0 if self.completion is None else min(self.completion, 1.0)

    def amount_due(self, payment_rule: PaymentRule = PaymentRule.PRO_RATA) -> float:
        if payment_rule == PaymentRule.FLAT:
            return self.flat_amount
        return pro_rata_amount(self.flat_amount, self.committed, self.realised)


@dataclass(frozen=True)
class ConventionStatus:
    convention_id: str
    title: str
    territory_id: str
    territory: str
    start: dt.date
    end: dt.date
    signed_on: dt.date | None
    ceiling: float
    payment_rule: PaymentRule
    source: str
    parties: pd.DataFrame  # name, role
    actions: list[ActionRealisation]
    as_of: dt.date  # realisations computed up to this date (data date, at most the convention's end)

    @property
    def actions_total(self) -> float:
        """Sum of the actions' amounts due, before the ceiling."""
        return round(sum(action.amount_due(self.payment_rule) for action in self.actions), 2)

    @property
    def committed_total(self) -> float:
        """Sum of the flat amounts: what full realisation would pay (before the ceiling)."""
        return round(sum(action.flat_amount for action in self.actions), 2)

    @property
    def amount_due(self) -> float:
        """The actions' amounts due, capped at the ceiling."""
        return min(self.actions_total, self.ceiling)

    @property
    def capped_by_ceiling(self) -> bool:
        return self.actions_total > self.ceiling

    @property
    def elapsed_share(self) -> float:
        """Share of the convention period elapsed at `as_of` (to read realisations in context)."""
        total_days = (self.end - self.start).days + 1
        return min(max(((self.as_of - self.start).days + 1) / total_days, 0.0), 1.0)


def conventions_for_territory(db: Database, territory_id: str | None) -> pd.DataFrame:
    """Conventions whose territory shares a commune with the selection (all when territory_id is None)."""
    return db.query_df(
        """
        SELECT c.convention_id, c.title, t.name AS territory, c.start_date, c.end_date FROM convention c
        JOIN territory t ON t.territory_id = c.territory_id
        WHERE $scope IS NULL OR EXISTS (
            SELECT 1 FROM scope_communes(c.territory_id) a WHERE a.commune_id IN (SELECT commune_id FROM scope_communes($scope)))
        ORDER BY c.start_date DESC, c.title
        """,
        {"scope": territory_id},
    )


def computed_realisation(
    db: Database, rule: RealisationRule, convention_id: str, territory_id: str, start: dt.date, end: dt.date
) -> float | None:
    """The quantity realised between start and end by `rule`, from the records (None for a declared rule)."""
    params: dict[str, object] = {"scope": territory_id, "start": start, "end": end}
    if rule == RealisationRule.COMPANIES_SUPPORTED:
        params |= {"convention": convention_id, "kinds": [kind.value for kind in SUPPORT_DIAGNOSTIC_KINDS]}
        return float(db.query_value(_COMPANIES_SUPPORTED_SQL, params))
    if rule == RealisationRule.EVENTS_HELD:
        params["kinds"] = [kind.value for kind in HELD_EVENT_KINDS]
        return float(db.query_value(_EVENTS_HELD_SQL, params))
    return None


def convention_status(db: Database, convention_id: str, data_as_of: dt.date) -> ConventionStatus | None:
    """The convention with each action's realisation and the amount due, as of the data date (None if absent)."""
    rows = db.query_df(
        "SELECT c.*, c.ceiling_eur::DOUBLE AS ceiling, t.name AS territory_name "
        "FROM convention c JOIN territory t USING (territory_id) WHERE convention_id = $c",
        {"c": convention_id},
    )
    if rows.empty:
        return None
    row = rows.iloc[0]
    start, end = row["start_date"].date(), row["end_date"].date()
    as_of = min(data_as_of, end)
    actions = []
    for action in db.query_df(
        "SELECT *, flat_amount_eur::DOUBLE AS flat_amount FROM convention_action WHERE convention_id = $c "
        "ORDER BY article NULLS LAST, action_code",
        {"c": convention_id},
    ).itertuples():
        rule = realisation_rule(action.action_code, action.quantity_unit)
        realised: float | None
        action_as_of: dt.date | None
        if not pd.isna(action.realised_quantity):
            realised, basis = float(action.realised_quantity), RealisationBasis.DECLARED
            action_as_of = None if pd.isna(action.realised_as_of) else action.realised_as_of.date()
        else:
            realised = computed_realisation(db, rule, convention_id, row["territory_id"], start, as_of)
            basis = RealisationBasis.TO_DECLARE if realised is None else RealisationBasis.COMPUTED
            action_as_of = as_of
        actions.append(
            ActionRealisation(
                action_code=action.action_code,
                label=action.label,
                article=None if pd.isna(action.article) else action.article,
                unit=action.quantity_unit,
                flat_amount=float(action.flat_amount),
                committed=float(action.committed_quantity),
                realised=realised,
                basis=basis,
                rule=rule,
                as_of=action_as_of,
            )
        )
    parties = db.query_df(
        "SELECT o.name, p.role FROM convention_party p JOIN organisation o USING (org_id) WHERE convention_id = $c "
        "ORDER BY p.role DESC, o.name",
        {"c": convention_id},
    )
    signed = row["signed_on"]
    return ConventionStatus(
        convention_id=convention_id,
        title=row["title"],
        territory_id=row["territory_id"],
        territory=row["territory_name"],
        start=start,
        end=end,
        signed_on=signed.date() if isinstance(signed, pd.Timestamp) else None,
        ceiling=float(row["ceiling"]),
        payment_rule=PaymentRule(row["payment_rule"]),
        source=row["source"],
        parties=parties,
        actions=actions,
        as_of=as_of,
    )
