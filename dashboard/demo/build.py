"""Build the demo database: reference geography, reference tables, the seeds' real figures, generated records.

Deterministic (seeded generator, fixed data date, no wall-clock value stored) and atomic: the database is
built in a temporary file next to the target and renamed into place only when complete.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np

from dashboard.db import SCHEMA_VERSION, Database, set_meta
from dashboard.demo.generator import (
    SEED,
    DemoGenerator,
    generate_artisan_stats,
    generate_demo_register,
    generate_self_assessments,
)
from dashboard.demo.seed_figures import load_seed_figures
from dashboard.geography import ReferenceGeography, load_reference_geography, write_geography
from dashboard.i18n import t
from dashboard.locking import hold_database_file
from dashboard.pgstore import StoreNotEmptyError, store_url
from dashboard.reference_data import load_reference_data

ProgressCallback = Callable[[float, str], None]
DEMO_AS_OF = dt.date(2026, 10, 31)  # "données au" of the demo: fixed so that two builds are identical
GEOGRAPHY_SHARE = 0.55  # share of the progress bar taken by the geography (about half of the build time)


@dataclass(frozen=True)
class DemoBuildReport:
    """Where the demo database was written and the row count of every table."""

    path: Path | str  # the file, or the shared store's URL
    row_counts: dict[str, int]


def _no_progress(fraction: float, message: str) -> None:
    del fraction, message


def build_demo_database(path: Path, progress: ProgressCallback | None = None) -> DemoBuildReport:
    """Build the demo database at `path` (replacing any file there) and report its row counts.

    A PostgreSQL URL (the shared store) is filled in one transaction, only when it holds no data: other
    processes may be using it, so nothing there is replaced (StoreNotEmptyError)."""
    url = store_url(path)
    if url is not None:
        return _build_into_store(url, progress or _no_progress)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    # The real file's lock, held from the start to the rename: a running dashboard refuses the build at once
    # (DatabaseFileHeldError) instead of being left writing into a deleted file.
    with hold_database_file(path):
        counts = _build_and_replace(path, progress or _no_progress)
    return DemoBuildReport(path, counts)


def _build_into_store(url: str, report: ProgressCallback) -> DemoBuildReport:
    report(0.0, t("demo.progress.geography"))
    geography = load_reference_geography(lambda f, m: report(f * GEOGRAPHY_SHARE, m))
    db = Database(url)
    try:
        with db.transaction() as cursor:
            # Checked inside the transaction; two builds at once: PostgreSQL refuses the second one's keys.
            if cursor.execute("SELECT count(*) FROM territory").fetchone()[0]:
                raise StoreNotEmptyError(url)
            _fill(cursor, geography, report)
        report(0.97, t("demo.progress.finish"))
        counts = db.table_counts()
    finally:
        db.close()
    report(1.0, t("demo.progress.done"))
    return DemoBuildReport(url, counts)


def _build_and_replace(path: Path, report: ProgressCallback) -> dict[str, int]:
    tmp_path = path.with_name(path.name + ".tmp-build")
    _remove_build_files(tmp_path)  # left by a build that was killed

    report(0.0, t("demo.progress.geography"))
    geography = load_reference_geography(lambda f, m: report(f * GEOGRAPHY_SHARE, m))
    try:
        db = Database(tmp_path)
        try:
            with db.transaction() as cursor:
                _fill(cursor, geography, report)
            report(0.97, t("demo.progress.finish"))
            counts = db.table_counts()
        finally:
            db.close()
        # A write-ahead log left by the replaced database would be replayed onto the new one.
        path.with_name(path.name + ".wal").unlink(missing_ok=True)
        os.replace(tmp_path, path)
    except BaseException:
        _remove_build_files(tmp_path)  # a failed build leaves nothing behind, and `path` untouched
        raise
    report(1.0, t("demo.progress.done"))
    return counts


def _fill(cursor: duckdb.DuckDBPyConnection, geography: ReferenceGeography, report: ProgressCallback) -> None:
    """Every table of the demo, in dependency order, inside one transaction."""
    report(GEOGRAPHY_SHARE, t("demo.progress.write_geography"))
    write_geography(cursor, geography)
    report(0.65, t("demo.progress.reference"))
    load_reference_data(cursor)
    report(0.70, t("demo.progress.seeds"))
    load_seed_figures(cursor)
    report(0.75, t("demo.progress.records"))
    generator = DemoGenerator(cursor, DEMO_AS_OF)
    generator.vendomois()
    generator.cdcmc()
    generator.paca()
    generator.write()
    report(0.85, t("demo.progress.artisans"))
    rng = np.random.default_rng(SEED + 1)  # a second stream: artisan figures do not shift when records change
    generate_artisan_stats(cursor, rng)
    generate_self_assessments(cursor, rng)
    # a third stream: the register follows the stored statistics, and nothing drawn before it moves
    generate_demo_register(cursor, np.random.default_rng(SEED + 2), DEMO_AS_OF)
    set_meta(cursor, "dataset", "demo")
    set_meta(cursor, "data_as_of", DEMO_AS_OF.isoformat())
    set_meta(cursor, "schema_version", SCHEMA_VERSION)


def _remove_build_files(tmp_path: Path) -> None:
    for leftover in (tmp_path, tmp_path.with_name(tmp_path.name + ".wal")):
        leftover.unlink(missing_ok=True)
