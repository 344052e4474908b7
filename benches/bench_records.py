"""Record editing: the cost of the `live` views on every read, and of a save (validation + transaction + history).

Reads: the home page's figures (`metrics.home_summary`) and the indicator report of every demo territory with
records, through the `live` views (what the app does) against the same queries on the base tables (a read
cursor whose search path is `main` only: the baseline). Saves: a company edit and a diagnostic with two flows,
against the import of the same rows from a CSV file (the other way in, same validation).

    python -m benches.bench_records            # on a fresh copy of data/demo.duckdb (build it first)
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from dashboard.codes import RecordEntity
from dashboard.config import PROJECT_ROOT
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.geography.territories import Period
from dashboard.imports.loader import import_file
from dashboard.indicators import values
from dashboard.records import store


def _median(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--database", type=Path, default=PROJECT_ROOT / "data" / "demo.duckdb")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "bench.duckdb"
        shutil.copy2(args.database, copy)
        db = Database(copy)
        territories = [
            row[0]
            for row in db.query_rows(
                "SELECT DISTINCT t.territory_id FROM territory t JOIN territory_commune tc USING (territory_id) "
                "JOIN company c ON c.commune_id = tc.commune_id WHERE t.level IN ('epci', 'departement', 'region')"
            )
        ]

        def reads() -> None:
            for territory in territories:
                metrics.home_summary(db, territory, Period(2026, 0))
                values.indicator_report(db, "territory", territory, Period(2026, 0))

        reads()  # warm
        live = _median(reads, args.repeat)
        db._has_live = False  # the baseline: the same queries on the base tables
        base = _median(reads, args.repeat)
        db._has_live = True
        print(
            f"reads, {len(territories)} territories (home + 30 indicators each): live views {live:.3f} s, "
            f"base tables {base:.3f} s, ratio {live / base:.2f}"
        )

        company = db.query_value("SELECT company_id FROM company ORDER BY company_id LIMIT 1")
        names = iter(range(10_000))

        def edit() -> None:
            state = store.open_record(db, RecordEntity.COMPANY, company)
            assert state.snapshot is not None
            cells, _ = store.form_cells(RecordEntity.COMPANY, state.snapshot)
            outcome = store.save(
                db,
                RecordEntity.COMPANY,
                cells | {"nom": f"Bench {next(names)}"},
                by="bench",
                expected_version=state.version,
            )
            assert outcome.ok, outcome.problems

        def form_diagnostic() -> None:
            main = {"entreprise": company, "date_diagnostic": "15/10/2026", "type": "flash"}
            flows = [
                {"sens": "out", "categorie": "palettes", "quantite": "12", "unite": "pallet", "frequence": "yearly"},
                {"sens": "in", "categorie": "carton", "quantite": "2,5", "unite": "t", "frequence": "yearly"},
            ]
            assert store.save(db, RecordEntity.DIAGNOSTIC, main, {"flows": flows}, by="bench", expected_version=None).ok

        counter = iter(range(10_000))

        def import_diagnostic() -> None:
            n = next(counter)
            path = Path(folder) / "diagnostics.csv"
            path.write_text(
                f"identifiant;entreprise;date_diagnostic;type\nB-{n};{company};15/10/2026;flash\n", encoding="utf-8"
            )
            assert import_file(db, "diagnostics", path).ok
            flows = Path(folder) / "flows.csv"
            flows.write_text(
                "identifiant;entreprise;diagnostic;sens;categorie;quantite;unite;frequence\n"
                f"BF-{n}-1;{company};B-{n};out;palettes;12;pallet;yearly\n"
                f"BF-{n}-2;{company};B-{n};in;carton;2,5;t;yearly\n",
                encoding="utf-8",
            )
            assert import_file(db, "flows", flows).ok

        saved = _median(edit, args.repeat)
        created = _median(form_diagnostic, args.repeat)
        imported = _median(import_diagnostic, args.repeat)
        print(f"company edit (open + validate + transaction + history): {saved * 1000:.0f} ms")
        print(
            f"diagnostic with 2 flows from the form: {created * 1000:.0f} ms; the same rows imported from two "
            f"CSV files: {imported * 1000:.0f} ms; ratio {created / imported:.2f}"
        )
        db.close()


if __name__ == "__main__":
    main()
