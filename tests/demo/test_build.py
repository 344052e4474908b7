"""The demo build: metadata, no personal data from the seeds, deterministic, atomic."""

from __future__ import annotations

import re
from pathlib import Path

import duckdb
import pytest

import dashboard.demo.build as build_module
from dashboard.demo.build import DEMO_AS_OF, build_demo_database
from tests.demo.helpers import rows
from tests.factories import insert_test_territories


def test_metadata(demo):
    assert dict(rows(demo, "SELECT key, value FROM meta")) == {
        "dataset": "demo",
        "data_as_of": DEMO_AS_OF.isoformat(),
        "schema_version": build_module.SCHEMA_VERSION,
    }


# Surnames of the people named in the four source documents (signatories, contacts, advisers).
SEED_SURNAMES = (
    "Poujol", "Hennebert", "Chal", "Michou", "Després", "Tonnau", "Maillard", "Cauchard", "Houzet", "Florit",
    "des Gayets", "Gaubert", "Duret", "Rossoglio", "Huyghues", "Despointes", "Frick", "Farissier", "Maille", "Landi",
    "Aizpuru", "Bezard", "Mat", "Berettoni", "Caranta",
)  # fmt: skip
PERSON = re.compile(r"\b(" + "|".join(re.escape(name) for name in SEED_SURNAMES) + r")\b", re.IGNORECASE)
EMAIL = re.compile(r"[\w.+-]+(@|\[a\])[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d([ .,-]?\d{2}){4}\b")
# Official place names may share a surname (Poujol-sur-Orb): only the perimeters made from the seeds are scanned.
OFFICIAL_ROWS_EXCLUDED = {("territory", "name"): "level = 'perimetre'"}


def test_patterns_find_what_the_seeds_contain():
    assert PERSON.search("Contact : Nicolas MAT, secrétaire général")
    assert not PERSON.search("Matières premières et chaleur fatale")
    assert EMAIL.search("cecilia.florit@ademe.fr") and EMAIL.search("sophie.houzet[a]cerema.fr")
    assert all(PHONE.search(p) for p in ("04 94 63 16 08", "06-79-48-19-04", "07,62,83,01,32", "0684035152"))


def test_no_personal_data_from_the_seeds(demo):
    columns = rows(
        demo,
        "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())",
    )
    assert len(columns) > 50
    found = []
    for table, column in columns:
        row_filter = OFFICIAL_ROWS_EXCLUDED.get((table, column), "TRUE")
        # Identifiers and filters are constants of this test, never user input.
        query = f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL AND {row_filter}'
        for (value,) in rows(demo, query):
            if PERSON.search(value) or EMAIL.search(value) or PHONE.search(value):
                found.append((table, column, value))
    assert found == []


def _content_hash(path: Path) -> dict[str, tuple[int, int]]:
    """Per table, its row count and the sum of its rows' hashes: equal for the same rows in any order, repeats
    counted, a change in any value of any row changes it. Made by DuckDB in one scan (about 0,1 s for the demo;
    a SHA-256 of each sorted table's CSV made through pandas took about 2 s)."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        hashes = {}
        for (table,) in rows(con, "SELECT table_name FROM duckdb_tables() ORDER BY 1"):
            # `hash(row)`: the whole row as one struct. Table names come from the file, never from user input.
            count, total = rows(con, f'SELECT count(*), sum(hash(row)::HUGEINT) FROM "{table}" AS row')[0]
            hashes[table] = (count, int(total or 0))
        return hashes
    finally:
        con.close()


def test_build_is_deterministic(demo_db_path: Path, tmp_path: Path):
    progress: list[tuple[float, str]] = []
    again = build_demo_database(tmp_path / "again.duckdb", lambda f, m: progress.append((f, m)))
    assert _content_hash(again.path) == _content_hash(demo_db_path)
    assert again.row_counts["company"] > 0 and again.row_counts["artisan_stat"] > 0
    fractions = [f for f, _ in progress]
    assert fractions == sorted(fractions) and fractions[0] == 0 and fractions[-1] == 1
    assert all(message for _, message in progress)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again.duckdb"]  # no temporary file left


def test_failed_build_leaves_the_previous_file_untouched(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "demo.duckdb"
    path.write_bytes(b"previous database")
    # A small geography without the PACA communes: the seed perimeters cannot be built, the build fails midway.
    monkeypatch.setattr(build_module, "load_reference_geography", lambda progress=None: None)
    monkeypatch.setattr(build_module, "write_geography", lambda cursor, geography: insert_test_territories(cursor))
    with pytest.raises(ValueError):
        build_demo_database(path)
    assert path.read_bytes() == b"previous database"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["demo.duckdb"]
