"""Detection on documented real industrial symbioses: recall at the page's default view, and precision.

The cases (data/evaluation/, sources in its README) are imported through the normal importers (the CSV
templates companies.csv and flows.csv) into a fresh installation with the reference geography and the
reference tables. Each case is detected on the EPCI of its first company, as the page would show it:

- recall: share of the documented exchanges (data/evaluation/expected.csv) that appear among the substitution
  proposals at the page's default view (radius DEFAULT_RADIUS_KM, score >= DEFAULT_MIN_SCORE), and with no
  score filter. An exchange is found when a proposal goes from its supplier to one of its receivers for the
  supplier flow's category.
- precision: share of the proposals shown at the default view that are documented or judged plausible in
  data/evaluation/judgements.csv (one written judgement per proposal); proposals without a judgement are
  listed so that someone judges them, and counted as not plausible.

    python -m benches.bench_detection_cases
    python -m benches.bench_detection_cases --radius 15 --min-score 0.7   # another view
"""

from __future__ import annotations

import argparse
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from dashboard.db import Database
from dashboard.detection.preview import (
    DEFAULT_MIN_SCORE,
    DEFAULT_RADIUS_KM,
    detection_preview,
    filter_proposals,
)
from dashboard.geography import load_reference_geography, write_geography
from dashboard.imports import describe, import_files
from dashboard.reference_data import load_reference_data

EVALUATION_DIR = Path(__file__).resolve().parents[1] / "data" / "evaluation"
TARGET_RECALL = 0.9  # issue 15: at least 90 % of the documented exchange types of each case


@dataclass(frozen=True)
class CaseResult:
    case: str
    territory: str
    documented: int
    found_default: int
    found_any_score: int
    shown: int
    documented_shown: int
    plausible: int
    all_proposals: int
    all_good: int
    unjudged: list[str]
    missed: list[str]


def build_installation(path: Path) -> Database:
    """A fresh installation (reference geography and tables) with every case imported through the importers."""
    db = Database(path)
    with db.transaction() as cursor:
        write_geography(cursor, load_reference_geography())
        load_reference_data(cursor)
    for case_dir in sorted(p for p in EVALUATION_DIR.iterdir() if p.is_dir()):
        result = import_files(db, [case_dir / "companies.csv", case_dir / "flows.csv"])
        if not result.ok:
            raise SystemExit(f"{case_dir.name}: import refused\n" + "\n".join(describe(p) for p in result.problems))
    return db


def case_territory(db: Database, company_id: str, level: str) -> str:
    """The EPCI (or the commune) of a case's first company: the territory a chargé de mission would pick."""
    if level == "commune":
        return str(db.query_value("SELECT commune_id FROM company WHERE company_id = $id", {"id": company_id}))
    rows = db.query_rows(
        """
        SELECT m.container_id FROM company c JOIN territory_membership m ON m.member_id = c.commune_id
        WHERE c.company_id = $id AND starts_with(m.container_id, 'epci:')
        """,
        {"id": company_id},
    )
    return rows[0][0]


def proposal_rows(table: pd.DataFrame, preview_subs: pd.DataFrame) -> pd.DataFrame:
    """One row per shown proposal: type, supplier, receiver (or members), output and input category."""
    subs = preview_subs.set_index(preview_subs["proposal_key"].astype(str))
    rows = []
    for row in table.itertuples(index=False):
        if row.synergy_type == "substitution":
            s = subs.loc[row.proposal_key]
            rows.append(
                (
                    "substitution",
                    str(s["supplier_id"]),
                    str(s["receiver_id"]),
                    str(s["output_category"]),
                    str(s["input_category"]),
                )
            )
        else:
            rows.append(("mutualisation", "+".join(sorted(row.company_ids)), "", row.category_code, ""))
    return pd.DataFrame(rows, columns=["type", "supplier", "receiver", "output_category", "input_category"])


def found_in(flows: pd.DataFrame, proposals: pd.DataFrame, exchange: pd.Series) -> bool:
    """A proposal from the exchange's supplier to one of its receivers, for the supplier flow's category."""
    supplier = flows.loc[exchange["supplier_flow"]]
    receivers = {flows.loc[f, "company_id"] for f in exchange["receiver_flows"].split("|")}
    hit = (
        (proposals["type"] == "substitution")
        & (proposals["supplier"] == supplier["company_id"])
        & proposals["receiver"].isin(receivers)
        & (proposals["output_category"] == supplier["category_code"])
    )
    return bool(hit.any())


def judge(
    proposals: pd.DataFrame,
    case: str,
    documented_keys: set[tuple[str, str, str]],
    judged: pd.Series,
    unjudged: list[str],
) -> tuple[int, int]:
    """(documented, judged plausible) among `proposals`; proposals without a judgement go to `unjudged`."""
    documented_count = plausible_count = 0
    for r in proposals.itertuples(index=False):
        if (r.supplier, r.receiver, r.output_category) in documented_keys:
            documented_count += 1
            continue
        key = (r.type, r.supplier, r.receiver, r.output_category, r.input_category)
        if key in judged.index:
            plausible_count += int(judged.loc[key] == "oui")
        elif ";".join([case, *key]) not in unjudged:
            unjudged.append(";".join([case, *key]))
    return documented_count, plausible_count


def evaluate(db: Database, radius_km: float, min_score: float, level: str = "epci") -> list[CaseResult]:
    expected = pd.read_csv(EVALUATION_DIR / "expected.csv", sep=";", dtype=str)
    judgements_path = EVALUATION_DIR / "judgements.csv"
    judgements = (
        pd.read_csv(judgements_path, sep=";", dtype=str, keep_default_na=False)
        if judgements_path.exists()
        else pd.DataFrame(
            columns=["case", "type", "supplier", "receiver", "output_category", "input_category", "plausible"]
        )
    )
    flows = db.query_df("SELECT flow_id, company_id, category_code FROM flow").set_index("flow_id")
    results = []
    for case, documented in expected.groupby("case", sort=False):
        first_company = flows.loc[documented["supplier_flow"].iloc[0], "company_id"]
        territory = case_territory(db, first_company, level)
        preview = detection_preview(db, territory, float(radius_km))
        everything = proposal_rows(preview.proposals, preview.result.substitutions)
        shown_table = filter_proposals(preview.proposals, min_score=min_score)
        shown = proposal_rows(shown_table, preview.result.substitutions)

        found_default = [found_in(flows, shown, ex) for _, ex in documented.iterrows()]
        found_any = [found_in(flows, everything, ex) for _, ex in documented.iterrows()]
        # Which shown proposals are documented exchanges
        documented_keys = set()
        for _, ex in documented.iterrows():
            supplier = flows.loc[ex["supplier_flow"]]
            for f in ex["receiver_flows"].split("|"):
                documented_keys.add((supplier["company_id"], flows.loc[f, "company_id"], supplier["category_code"]))
        judged = judgements[judgements["case"] == case].set_index(
            ["type", "supplier", "receiver", "output_category", "input_category"]
        )["plausible"]
        unjudged: list[str] = []

        documented_shown, plausible = judge(shown, case, documented_keys, judged, unjudged)
        all_documented, all_plausible = judge(everything, case, documented_keys, judged, unjudged)
        results.append(
            CaseResult(
                case=case,
                territory=territory,
                documented=len(documented),
                found_default=sum(found_default),
                found_any_score=sum(found_any),
                shown=len(shown),
                documented_shown=documented_shown,
                plausible=plausible,
                all_proposals=len(everything),
                all_good=all_documented + all_plausible,
                unjudged=unjudged,
                missed=[ex for ex, ok in zip(documented["exchange"], found_default, strict=True) if not ok],
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--radius", type=float, default=DEFAULT_RADIUS_KM)
    parser.add_argument("--min-score", type=float, default=DEFAULT_MIN_SCORE)
    parser.add_argument(
        "--level",
        choices=["epci", "commune"],
        default="epci",
        help="territory evaluated: the EPCI of each case's first company, or only its commune (partners across "
        "the boundary must then come from the neighbours within the radius)",
    )
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        db = build_installation(Path(tmp) / "evaluation.duckdb")
        try:
            results = evaluate(db, args.radius, args.min_score, args.level)
        finally:
            db.close()
    print(
        f"view: radius {args.radius:g} km, score >= {args.min_score:.0%} (page default: {DEFAULT_RADIUS_KM} km, {DEFAULT_MIN_SCORE:.0%})"
    )
    print(
        f"{'case':<20} {'territory':<16} {'recall@view':>12} {'recall@0%':>10} {'shown':>6} {'doc':>4} {'plaus.':>6} {'unjudged':>8} {'precision':>9} {'all':>5} {'prec@0%':>8}"
    )
    for r in results:
        precision = (r.documented_shown + r.plausible) / r.shown if r.shown else float("nan")
        print(
            f"{r.case:<20} {r.territory:<16} {r.found_default:>4}/{r.documented:<2} {r.found_default / r.documented:>5.0%}"
            f" {r.found_any_score / r.documented:>10.0%} {r.shown:>6} {r.documented_shown:>4} {r.plausible:>6}"
            f" {len(r.unjudged):>8} {precision:>9.0%} {r.all_proposals:>5} {r.all_good / max(r.all_proposals, 1):>8.0%}"
        )
        if r.missed:
            print(f"    missed at the view: {', '.join(r.missed)}")
    unjudged = [line for r in results for line in r.unjudged]
    if unjudged:
        print("\nproposals without a judgement (case;type;supplier;receiver;output;input):")
        print("\n".join(unjudged))
    ok = all(r.found_default / r.documented >= TARGET_RECALL for r in results)
    print(
        f"\nrecall >= {TARGET_RECALL:.0%} on every case: {'yes' if ok else 'NO'}  ({time.perf_counter() - started:.1f} s)"
    )


if __name__ == "__main__":
    main()
