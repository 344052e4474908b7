"""Pro-rata amounts of a convention on a small frozen fixture, with amounts computed by hand.

Fixture: convention "conv" on the Minervois EPCI (Saint-Pons 34284, Courniou 34099), 2026-01-01 – 2026-12-31,
ceiling 4 000 €, pro rata; payer "cc", beneficiary "cma". Actions (the CDCMC 2026 shape):
- acces: 500 € for 1 "accès annuel", declared realised 1 on 2026-03-01;
- accompagnement: 2 500 € for 5 "entreprises" (rule: companies supported);
- evenements: 1 000 € for 2 "événements" (rule: events held).
Companies a, b, c, d in the territory, v in Vendôme (outside). Diagnostics:
- counted by 2026-10-31: a energy 03-01 and thematic 06-01 (one company), b thematic 04-01, c energy 09-30 -> 3;
- not counted: d flash 05-01 (not a support kind), d energy 2025-12-31 (before the start), d energy 05-01 by
  "cci" (not the beneficiary), v energy 05-01 (outside), d energy 11-15 (after 2026-10-31, counted by year end).
Events:
- counted by 2026-10-31: thematic meeting 05-19 on the EPCI, workshop 10-01 in Courniou -> 2;
- not counted: COPIL 06-01 on the EPCI, workshop 07-01 in Vendôme (other territory), thematic meeting 2025-12-15
  (before), workshop 12-01 in Saint-Pons (after 2026-10-31, counted by year end).
By 2026-10-31: 500 × 1/1 + 2 500 × 3/5 + 1 000 × 2/2 = 500 + 1 500 + 1 000 = 3 000 €.
By 2026-12-31: 4 companies, 3 events: 500 + 2 500 × 4/5 + 1 000 × min(3/2, 1) = 500 + 2 000 + 1 000 = 3 500 €.
"""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.codes import PaymentRule
from dashboard.db import Database
from dashboard.eit.conventions import (
    RealisationBasis,
    RealisationRule,
    convention_status,
    conventions_for_territory,
    pro_rata_amount,
    realisation_rule,
)

CONVENTION = "conv"
AS_OF = dt.date(2026, 10, 31)
YEAR_END = dt.date(2026, 12, 31)


@pytest.fixture
def db(geo_db: Database) -> Database:
    with geo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO organisation VALUES ('cma', 'CMA', 'cma'), ('cc', 'CC', 'epci'), ('cci', 'CCI', 'cci')"
        )
        cur.execute(
            "INSERT INTO convention VALUES ($c, 'Convention test', 'epci:200066348', NULL, DATE '2026-01-01', "
            "DATE '2026-12-31', DATE '2026-01-23', 4000, 'pro_rata', 'Convention signée', FALSE)",
            {"c": CONVENTION},
        )
        cur.executemany(
            "INSERT INTO convention_party VALUES ($c, $org, $role)",
            [{"c": CONVENTION, "org": "cc", "role": "payer"}, {"c": CONVENTION, "org": "cma", "role": "beneficiary"}],
        )
        cur.executemany(
            "INSERT INTO convention_action (convention_id, action_code, label, article, flat_amount_eur, "
            "committed_quantity, quantity_unit, realised_quantity, realised_as_of) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (CONVENTION, "acces", "Accès", "Article 1", 500, 1, "accès annuel", 1, dt.date(2026, 3, 1)),
                (CONVENTION, "accompagnement", "Accompagnement", "Article 2", 2500, 5, "entreprises", None, None),
                (CONVENTION, "evenements", "Événements", "Article 3", 1000, 2, "événements", None, None),
            ],
        )
        companies = [("a", "34284"), ("b", "34284"), ("c", "34099"), ("d", "34099"), ("v", "41269")]
        cur.executemany(
            "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
            "VALUES (?, ?, 'batiment', '1-9', ?)",
            [(company, company.upper(), f"commune:{commune}") for company, commune in companies],
        )
        diagnostics = [
            ("1", "a", "2026-03-01", "energy", "cma"), ("2", "a", "2026-06-01", "thematic", "cma"),
            ("3", "b", "2026-04-01", "thematic", "cma"), ("4", "c", "2026-09-30", "energy", "cma"),
            ("5", "d", "2026-05-01", "flash", "cma"), ("6", "d", "2025-12-31", "energy", "cma"),
            ("7", "d", "2026-05-01", "energy", "cci"), ("8", "v", "2026-05-01", "energy", "cma"),
            ("9", "d", "2026-11-15", "energy", "cma"),
        ]  # fmt: skip
        cur.executemany(
            "INSERT INTO diagnostic (diagnostic_id, company_id, diagnostic_date, kind, advisor_org_id) "
            "VALUES (?, ?, ?::DATE, ?, ?)",
            diagnostics,
        )
        events = [
            ("e1", "thematic_meeting", "2026-05-19", "epci:200066348"), ("e2", "workshop", "2026-10-01", "commune:34099"),
            ("e3", "copil", "2026-06-01", "epci:200066348"), ("e4", "workshop", "2026-07-01", "commune:41269"),
            ("e5", "thematic_meeting", "2025-12-15", "epci:200066348"), ("e6", "workshop", "2026-12-01", "commune:34284"),
        ]  # fmt: skip
        cur.executemany(
            "INSERT INTO event (event_id, event_kind, event_date, title, territory_id) VALUES (?, ?, ?::DATE, 'Réunion', ?)",
            events,
        )
    return geo_db


def status_of(db: Database, as_of: dt.date = AS_OF):
    status = convention_status(db, CONVENTION, as_of)
    assert status is not None
    return status, {action.action_code: action for action in status.actions}


def test_amounts_pro_rata_of_what_was_done(db: Database) -> None:
    status, actions = status_of(db)
    assert [a.action_code for a in status.actions] == ["acces", "accompagnement", "evenements"]  # article order
    assert (actions["accompagnement"].realised, actions["accompagnement"].basis) == (3, RealisationBasis.COMPUTED)
    assert (actions["evenements"].realised, actions["evenements"].basis) == (2, RealisationBasis.COMPUTED)
    assert (actions["acces"].realised, actions["acces"].basis) == (1, RealisationBasis.DECLARED)
    assert [actions[c].amount_due() for c in ("acces", "accompagnement", "evenements")] == [500, 1500, 1000]
    assert status.amount_due == 3000
    assert (status.actions_total, status.committed_total, status.capped_by_ceiling) == (3000, 4000, False)


def test_provenance_of_each_realisation(db: Database) -> None:
    status, actions = status_of(db)
    assert status.as_of == AS_OF
    assert actions["acces"].as_of == dt.date(2026, 3, 1)  # date of the declaration
    assert actions["accompagnement"].as_of == AS_OF  # computed up to the data date
    assert [actions[c].rule for c in ("acces", "accompagnement", "evenements")] == [
        RealisationRule.DECLARED,
        RealisationRule.COMPANIES_SUPPORTED,
        RealisationRule.EVENTS_HELD,
    ]
    assert (status.signed_on, status.payment_rule, status.source) == (
        dt.date(2026, 1, 23),
        PaymentRule.PRO_RATA,
        "Convention signée",
    )
    assert status.parties.values.tolist() == [["CC", "payer"], ["CMA", "beneficiary"]]


def test_over_realisation_is_capped_per_action(db: Database) -> None:
    # a data date after the end is read at the end: d's November visit and the December workshop count
    status, actions = status_of(db, dt.date(2027, 3, 1))
    assert status.as_of == YEAR_END
    assert (actions["accompagnement"].realised, actions["evenements"].realised) == (4, 3)
    assert actions["evenements"].completion == pytest.approx(1.5)
    assert actions["evenements"].share_paid == 1.0
    # 500 + 2 500 × 4/5 + 1 000 (3 of 2 events: not 1 500)
    assert [actions[c].amount_due() for c in ("acces", "accompagnement", "evenements")] == [500, 2000, 1000]
    assert status.amount_due == 3500


def test_total_is_capped_at_the_ceiling(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE convention SET ceiling_eur = 3200")
    status, _ = status_of(db, YEAR_END)
    assert (status.actions_total, status.amount_due, status.capped_by_ceiling) == (3500, 3200, True)


def test_declared_quantity_replaces_the_computation(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE convention_action SET realised_quantity = 9 WHERE action_code = 'accompagnement'")
    _, actions = status_of(db)
    support = actions["accompagnement"]
    assert (support.realised, support.basis, support.as_of) == (9, RealisationBasis.DECLARED, None)
    assert support.amount_due() == 2500  # 9 of 5: capped at the flat amount


def test_action_without_rule_or_declaration_is_to_declare(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute(
            "UPDATE convention_action SET realised_quantity = NULL, realised_as_of = NULL WHERE action_code = 'acces'"
        )
    status, actions = status_of(db)
    assert (actions["acces"].realised, actions["acces"].basis) == (None, RealisationBasis.TO_DECLARE)
    assert actions["acces"].amount_due() == 0
    assert status.amount_due == 2500  # 0 + 1 500 + 1 000


def test_beneficiary_restriction_only_when_the_convention_names_one(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("DELETE FROM convention_party WHERE role = 'beneficiary'")
    _, actions = status_of(db)
    assert actions["accompagnement"].realised == 4  # d's visit by the CCI now counts


def test_flat_convention_pays_its_flat_amounts(db: Database) -> None:
    with db.transaction() as cur:
        cur.execute("UPDATE convention SET payment_rule = 'flat', ceiling_eur = 3900")
    status, _ = status_of(db)
    assert (status.actions_total, status.amount_due) == (4000, 3900)


def test_before_the_start_nothing_is_done(db: Database) -> None:
    status, actions = status_of(db, dt.date(2025, 12, 31))
    assert (actions["accompagnement"].realised, actions["evenements"].realised) == (0, 0)
    assert status.elapsed_share == 0
    assert status.amount_due == 500  # the declared access only


def test_elapsed_share_and_listing(db: Database) -> None:
    status, _ = status_of(db)
    assert status.elapsed_share == pytest.approx(304 / 365)
    assert conventions_for_territory(db, "commune:34284")["convention_id"].tolist() == [CONVENTION]
    assert conventions_for_territory(db, "region:76")["convention_id"].tolist() == [CONVENTION]
    assert conventions_for_territory(db, "epci:200072072").empty
    assert conventions_for_territory(db, None)["convention_id"].tolist() == [CONVENTION]
    assert convention_status(db, "missing", AS_OF) is None


@pytest.mark.parametrize(
    ("flat", "committed", "realised", "due"),
    [
        (2500, 5, 3, 1500),
        (1000, 2, 3, 1000),  # over-realisation: capped at the flat amount
        (1000, 3, 1, 333.33),  # to the cent
        (500, 1, None, 0),  # not yet known
        (500, 1, 0, 0),
    ],
)
def test_pro_rata_amount(flat: float, committed: float, realised: float | None, due: float) -> None:
    assert pro_rata_amount(flat, committed, realised) == due


@pytest.mark.parametrize(
    ("code", "unit", "rule"),
    [
        ("accompagnement", "visites", RealisationRule.COMPANIES_SUPPORTED),  # the code decides first
        ("geometiers", "entreprises", RealisationRule.DECLARED),
        ("art2", "Entreprises", RealisationRule.COMPANIES_SUPPORTED),  # else the unit, case and accents ignored
        ("art3", "Réunions", RealisationRule.EVENTS_HELD),
        ("art3", "evenements", RealisationRule.EVENTS_HELD),
        ("art4", "jours", RealisationRule.DECLARED),
    ],
)
def test_realisation_rule(code: str, unit: str, rule: RealisationRule) -> None:
    assert realisation_rule(code, unit) == rule
