"""Every indicator of the catalogue for many territories: demo database and a national-scale generated one.

What is timed: `indicators.indicator_report` (all 30 indicators, computed live from the records, with targets,
achievement and status) per territory, warm (each territory once, after one warm-up call).
Baseline, same run, same territories: `metrics.home_summary`, the five headline figures of the home page
(the cheapest existing read of a territory's records); the ratio says what the full catalogue costs on top.

1. Demo database (built here): every territory that holds records (company, synergy, event or value),
   plus a random sample of territories without any record, so that the cost of all territories is known.
2. National dataset: the demo database plus generated records on real communes (the company placement of
   benches/bench_detection.py): 100 000 companies, 150 000 diagnostics, 1 000 000 flows, 20 000 synergies,
   5 000 events; every region and department, and a sample of EPCI.

    python -m benches.bench_indicators                       # about 5 minutes
    python -m benches.bench_indicators --companies 20000 --flows 200000 --epci-sample 20   # quicker
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

from benches.bench_detection import commune_points, load_reference, national_dataset
from dashboard.db import Database
from dashboard.demo.build import build_demo_database
from dashboard.eit import metrics
from dashboard.indicators import values as indicators

SEED = 20261202  # fixed: the same dataset on every run
EMPTY_SAMPLE = 50  # territories without records timed to extrapolate to all territories
YEAR = 2025  # the period computed (the demo's data runs to 2026)
START, END = dt.date(2018, 1, 1), dt.date(2025, 12, 31)  # dates of the generated records
STATUSES = ("identified", "in_study", "in_progress", "realised", "abandoned")
STATUS_SHARES = (0.3, 0.2, 0.15, 0.25, 0.1)  # a pipeline narrowing towards realisation
IMPACT_KINDS = ("tonnes", "tco2e", "energy_mwh", "savings_eur")


def time_reports(db: Database, territory_ids: list[str]) -> tuple[list[float], list[float]]:
    """Seconds per territory for the full report and for the home-page baseline (same order)."""
    indicators.indicator_report(db, "territory", territory_ids[0], YEAR, 0)  # warm-up: imports, catalogue
    full, base = [], []
    for territory_id in territory_ids:
        start = time.perf_counter()
        metrics.home_summary(db, territory_id, YEAR, 0)
        base.append(time.perf_counter() - start)
        start = time.perf_counter()
        indicators.indicator_report(db, "territory", territory_id, YEAR, 0)
        full.append(time.perf_counter() - start)
    return full, base


def territories_with_records(db: Database) -> list[str]:
    return [
        str(r[0])
        for r in db.query_rows(
            """
            SELECT DISTINCT tc.territory_id FROM company c JOIN territory_commune tc USING (commune_id)
            UNION SELECT territory_id FROM synergy
            UNION SELECT container_id FROM territory_membership WHERE member_id IN (SELECT territory_id FROM synergy)
            UNION SELECT territory_id FROM event
            UNION SELECT container_id FROM territory_membership WHERE member_id IN (SELECT territory_id FROM event)
            UNION SELECT territory_id FROM indicator_value WHERE territory_id IS NOT NULL
            UNION SELECT perimeter_territory_id FROM programme
            ORDER BY 1
            """
        )
    ]


def summary(label: str, full: list[float], base: list[float]) -> str:
    total, total_base = sum(full), sum(base)
    return (
        f"{label}: {len(full)} territories, {total:.1f} s in all (median {1000 * statistics.median(full):.0f} ms, "
        f"max {1000 * max(full):.0f} ms); baseline home_summary {total_base:.1f} s "
        f"(median {1000 * statistics.median(base):.0f} ms); ratio {total / total_base:.2f}×"
    )


def add_national_records(db: Database, n_companies: int, n_flows: int) -> dict[str, int]:
    """Generated records on real communes (those of the database's geography)."""
    rng = np.random.default_rng(SEED)
    categories, _, units, _ = load_reference()
    communes = commune_points()
    known = {str(r[0]) for r in db.query_rows("SELECT code FROM territory WHERE level = 'commune'")}
    communes = communes[communes["code"].isin(known)].reset_index(drop=True)
    companies, flows = national_dataset(communes, categories, units, n_companies, n_flows)
    companies = companies.assign(
        company_id="N" + companies["company_id"],
        sector_family=rng.choice(
            ["alimentation", "batiment", "fabrication", "services", "hors_artisanat"], n_companies
        ),
        size_band=rng.choice(["0", "1-9", "10-49", "50-249"], n_companies),
        is_demo=True,
    )
    days = (END - START).days
    n_diag = int(n_companies * 1.5)
    diagnostics = pd.DataFrame(
        {
            "diagnostic_id": [f"ND{i:07d}" for i in range(n_diag)],
            "company_id": companies["company_id"].to_numpy()[rng.integers(0, n_companies, n_diag)],
            "diagnostic_date": pd.to_datetime(START) + pd.to_timedelta(rng.integers(0, days, n_diag), unit="D"),
            "kind": rng.choice(["flash", "complete", "thematic"], n_diag),
            "is_demo": True,
        }
    )
    first_diag = diagnostics.sort_values("diagnostic_date").drop_duplicates("company_id")
    flows = flows.assign(flow_id="N" + flows["flow_id"], company_id="N" + flows["company_id"], is_demo=True)
    flows = flows.merge(first_diag[["company_id", "diagnostic_id"]], on="company_id", how="left")
    n_syn = n_companies // 5
    members = rng.integers(0, n_companies, (n_syn, 2))
    synergies = pd.DataFrame(
        {
            "synergy_id": [f"NS{i:06d}" for i in range(n_syn)],
            "title": "Synergie générée",
            "synergy_type": rng.choice(["substitution", "mutualisation"], n_syn),
            "territory_id": companies["commune_id"].to_numpy()[members[:, 0]],
            "origin": "demo",
            "source": "bench",
            "is_demo": True,
        }
    )
    participants = pd.DataFrame(
        {
            "synergy_id": np.repeat(synergies["synergy_id"].to_numpy(), 2),
            "company_id": companies["company_id"].to_numpy()[members.ravel()],
            "role": np.tile(["supplier", "receiver"], n_syn),
        }
    ).drop_duplicates(["synergy_id", "company_id"])
    identified = pd.to_datetime(START) + pd.to_timedelta(rng.integers(0, days - 400, n_syn), unit="D")
    final = rng.choice(STATUSES, n_syn, p=STATUS_SHARES)
    events = [pd.DataFrame({"synergy_id": synergies["synergy_id"], "status": "identified", "event_date": identified})]
    later = final != "identified"
    events.append(
        pd.DataFrame(
            {
                "synergy_id": synergies["synergy_id"][later],
                "status": final[later],
                "event_date": identified[later] + pd.to_timedelta(rng.integers(30, 400, later.sum()), unit="D"),
            }
        )
    )
    status_events = pd.concat(events, ignore_index=True)
    status_events["abandonment_reason"] = np.where(status_events["status"] == "abandoned", "economic", None)
    realised = synergies["synergy_id"][final == "realised"].to_numpy()
    impacts = pd.DataFrame(
        {
            "synergy_id": np.repeat(realised, len(IMPACT_KINDS)),
            "impact_kind": np.tile(IMPACT_KINDS, len(realised)),
            "value": np.round(rng.lognormal(2.0, 1.0, len(realised) * len(IMPACT_KINDS)), 1),
            "basis": "estimated",
            "source": "bench",
            "as_of": END,
        }
    )
    epci = [str(r[0]) for r in db.query_rows("SELECT territory_id FROM territory WHERE level = 'epci'")]
    n_events = 5_000
    event_frame = pd.DataFrame(
        {
            "event_id": [f"NE{i:05d}" for i in range(n_events)],
            "event_kind": rng.choice(["workshop", "thematic_meeting", "copil", "launch"], n_events),
            "event_date": pd.to_datetime(START) + pd.to_timedelta(rng.integers(0, days, n_events), unit="D"),
            "title": "Événement généré",
            "territory_id": np.array(epci)[rng.integers(0, len(epci), n_events)],
            "attendance_total": rng.integers(5, 40, n_events),
            "is_demo": True,
        }
    )
    tables = {
        "company": companies[["company_id", "name", "sector_family", "size_band", "commune_id", "longitude", "latitude", "is_demo"]],
        "diagnostic": diagnostics,
        "flow": flows[["flow_id", "company_id", "diagnostic_id", "direction", "category_code", "quantity", "unit_code", "frequency", "is_demo"]],
        "synergy": synergies,
        "synergy_status_event": status_events,
        "synergy_participant": participants,
        "synergy_impact": impacts,
        "event": event_frame,
    }  # fmt: skip
    with db.transaction() as cur:
        for table, frame in tables.items():
            cur.register("_frame", frame)
            columns = ", ".join(frame.columns)
            # table and column names are this function's constants
            cur.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame")
            cur.unregister("_frame")
    return {table: len(frame) for table, frame in tables.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--companies", type=int, default=100_000)
    parser.add_argument("--flows", type=int, default=1_000_000)
    parser.add_argument("--epci-sample", type=int, default=60)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "demo.duckdb"
        build_demo_database(path)
        db = Database(path)
        every = [str(r[0]) for r in db.query_rows("SELECT territory_id FROM territory ORDER BY 1")]
        active = territories_with_records(db)
        idle = sorted(set(every) - set(active))
        sample = list(rng.choice(idle, min(EMPTY_SAMPLE, len(idle)), replace=False))
        full, base = time_reports(db, active)
        print(summary("demo, territories with records", full, base))
        empty_full, empty_base = time_reports(db, sample)
        print(summary("demo, sample of territories without records", empty_full, empty_base))
        extrapolated = sum(full) + statistics.mean(empty_full) * len(idle)
        print(f"demo, all {len(every)} territories (extrapolated from the sample): {extrapolated / 60:.1f} min")

        start = time.perf_counter()
        counts = add_national_records(db, args.companies, args.flows)
        print(f"national dataset added in {time.perf_counter() - start:.1f} s: {counts}")
        regions = [str(r[0]) for r in db.query_rows("SELECT territory_id FROM territory WHERE level = 'region'")]
        departments = [
            str(r[0]) for r in db.query_rows("SELECT territory_id FROM territory WHERE level = 'departement'")
        ]
        epci = [str(r[0]) for r in db.query_rows("SELECT territory_id FROM territory WHERE level = 'epci'")]
        epci_sample = list(rng.choice(epci, min(args.epci_sample, len(epci)), replace=False))
        for label, ids in (("national, regions", regions), ("national, departments", departments),
                           (f"national, sample of {len(epci_sample)} EPCI", epci_sample)):  # fmt: skip
            full, base = time_reports(db, ids)
            print(summary(label, full, base))
        db.close()


if __name__ == "__main__":
    main()
