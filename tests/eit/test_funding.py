"""Funding plan on a small frozen fixture (the Vendômois table's shape), totals worked out by hand.

Programme "p", envelopes in this order:
- ADEME, phase 1, 100 € secured: lines 2018 30, 2019 40, "1er semestre 2020" 31 -> 101 (1 € more: kept, reported);
- CCI, phase 1, 60 € secured: lines 2018 20, 2019 20, "1er semestre 2020" 20 -> 60;
- "À répartir", phase 2, 50 € to allocate: lines "2e semestre 2020" 10, 2021 40 -> 50;
- LEADER, phase 1, 40 € requested: no line.
Total of the envelopes 250 €: shares 40 %, 24 %, 20 %, 16 %. Lines per year: 2018 50, 2019 60, 2020 61, 2021 40.
Programme "q" has no envelope.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.db import Database
from dashboard.eit import funding

PHASE1, PHASE2 = "Phase 1", "Phase 2"


@pytest.fixture
def db(geo_db: Database) -> Database:
    with geo_db.transaction() as cur:
        cur.execute("INSERT INTO organisation VALUES ('cci', 'CCI', 'cci'), ('ademe', 'ADEME', 'ademe')")
        cur.executemany(
            "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, source) "
            "VALUES (?, ?, 'cci', 'epci:200072072', 'test')",
            [("p", "Programme P"), ("q", "Programme Q")],
        )
        cur.executemany(
            "INSERT INTO funding_envelope VALUES (?, 'p', ?, ?, ?, ?, ?, 'Fiche-action')",
            [
                ("e_ademe", "ademe", "ADEME", PHASE1, 100, "secured"),
                ("e_cci", "cci", "CCI", PHASE1, 60, "secured"),
                ("e_open", None, "À répartir", PHASE2, 50, "to_allocate"),
                ("e_leader", None, "LEADER", PHASE1, 40, "requested"),
            ],
        )
        year = [("2018", 2018, dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
                ("2019", 2019, dt.date(2019, 1, 1), dt.date(2019, 12, 31))]  # fmt: skip
        first_half = ("1er semestre 2020", 2020, dt.date(2020, 1, 1), dt.date(2020, 6, 30))
        second_half = ("2e semestre 2020", 2020, dt.date(2020, 7, 1), dt.date(2020, 12, 31))
        year_2021 = ("2021", 2021, dt.date(2021, 1, 1), dt.date(2021, 12, 31))
        cur.executemany(
            "INSERT INTO funding_line VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("e_ademe", *year[0], 30), ("e_ademe", *year[1], 40), ("e_ademe", *first_half, 31),
                ("e_cci", *year[0], 20), ("e_cci", *year[1], 20), ("e_cci", *first_half, 20),
                ("e_open", *second_half, 10), ("e_open", *year_2021, 40),
            ],
        )  # fmt: skip
    return geo_db


@pytest.fixture
def plan(db: Database) -> funding.FundingPlan:
    return funding.funding_plan(db, "p")


def test_programmes_with_funding(db: Database) -> None:
    assert funding.programmes_with_funding(db) == ["p"]
    assert funding.programmes_with_funding(db, ["q"]) == []
    assert funding.programmes_with_funding(db, ["p", "q"]) == ["p"]


def test_envelopes_in_the_source_order(plan: funding.FundingPlan) -> None:
    assert plan.envelopes["funder_label"].tolist() == ["ADEME", "CCI", "À répartir", "LEADER"]
    assert plan.envelopes["amount_eur"].tolist() == [100, 60, 50, 40]
    assert plan.envelopes["lines_eur"].tolist()[:3] == [101, 60, 50]
    assert pd.isna(plan.envelopes["lines_eur"].iloc[3])
    assert plan.sources == ["Fiche-action"]


def test_plan_by_funder_and_period_with_totals(plan: funding.FundingPlan) -> None:
    table = funding.plan_table(plan)
    assert table.index.tolist() == ["ADEME", "CCI", "À répartir", funding.TOTAL_LABEL]  # LEADER: no line
    assert table.columns.tolist() == ["2018", "2019", "1er semestre 2020", "2e semestre 2020", "2021", "Total"]
    assert table.loc["ADEME"].tolist()[:3] == [30, 40, 31] and table.loc["ADEME", "Total"] == 101
    assert table.loc[funding.TOTAL_LABEL].tolist() == [50, 60, 51, 10, 40, 211]
    # no line stated: missing, not zero
    assert pd.isna(table.loc["ADEME", "2021"]) and pd.isna(table.loc["À répartir", "2018"])


def test_envelope_difference_is_reported_not_fixed(plan: funding.FundingPlan) -> None:
    differences = funding.envelope_differences(plan)
    assert differences.values.tolist() == [["ADEME", PHASE1, 100.0, 101.0, 1.0]]
    # the stated envelope is left as stated
    assert plan.envelopes.loc[plan.envelopes["funder_label"] == "ADEME", "amount_eur"].item() == 100


def test_totals_and_shares_per_funder(plan: funding.FundingPlan) -> None:
    totals = funding.totals_by_funder(plan)
    assert totals["funder_label"].tolist() == ["ADEME", "CCI", "À répartir", "LEADER"]
    assert totals["amount_eur"].tolist() == [100, 60, 50, 40]
    assert totals["share"].tolist() == pytest.approx([0.40, 0.24, 0.20, 0.16])
    assert totals["share"].sum() == pytest.approx(1)


def test_totals_per_phase_and_year(plan: funding.FundingPlan) -> None:
    phases = funding.totals_by_phase(plan)
    assert phases["phase_label"].tolist() == [PHASE1, PHASE2]
    assert phases["amount_eur"].tolist() == [200, 50]
    # phase 1 has an envelope without lines (LEADER): a partial lines total would read as a gap
    assert pd.isna(phases["lines_eur"].iloc[0]) and phases["lines_eur"].iloc[1] == 50
    years = funding.totals_by_year(plan)
    assert years.values.tolist() == [[2018, 50], [2019, 60], [2020, 61], [2021, 40]]
    long = funding.by_year_and_funder(plan)
    assert long[long["year"] == 2020][["funder_label", "amount_eur"]].values.tolist() == [
        ["ADEME", 31],
        ["CCI", 20],
        ["À répartir", 10],
    ]


def test_programme_without_funding(db: Database) -> None:
    plan = funding.funding_plan(db, "q")
    assert plan.is_empty
    assert funding.plan_table(plan).empty
    assert funding.totals_by_funder(plan).empty and funding.totals_by_year(plan).empty
    assert funding.envelope_differences(plan).empty
