"""The shared PostgreSQL store (dashboard/pgstore.py): schema.sql translated for PostgreSQL with the same tables,
columns and constraints as DuckDB's catalogue, the constraints enforced by PostgreSQL, writes all or nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.db import SCHEMA_SQL, Database
from dashboard.pgstore import postgres_ddl, split_schema, store_url, without_password
from tests.world.postgres import run_on_store, server_env

# DuckDB's type of a schema.sql column -> PostgreSQL's (format_type) in the translated schema.
PG_TYPE = {
    "VARCHAR": "character varying",
    "INTEGER": "integer",
    "BIGINT": "bigint",
    "DOUBLE": "double precision",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "TIMESTAMP": "timestamp without time zone",
    "GEOMETRY": "bytea",  # WKB, as the code writes it and reads it back (geometry::BLOB)
    "JSON": "json",
}
# Code run by a server-install process on the store (tests/world/postgres.py: run_on_store); prints JSON.
OPEN_STORE = "import os; from dashboard.db import Database; Database(os.environ['OBSERVATOIRE_DB']).close(); print(1)"
REFUSALS = """
import json, os
from dashboard.db import Database
from tests.factories import insert_test_territories

db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    insert_test_territories(cur)
good = "INSERT INTO organisation VALUES ('org-good', 'Chambre', 'cci')"
bad = {
    "primary key": "INSERT INTO territory (territory_id, level, code, name, source) "
    "VALUES ('commune:41269', 'commune', '41269', 'Doublon', 't')",
    "foreign key": "INSERT INTO territory_membership VALUES ('commune:41269', 'epci:999999999')",
    "check": "INSERT INTO organisation VALUES ('org-bad', 'Inconnue', 'martian')",
    "not null": "INSERT INTO organisation (org_id, kind) VALUES ('org-null', 'cci')",
    "regexp check": "INSERT INTO company (company_id, name, siret, sector_family, size_band, commune_id) "
    "VALUES ('c1', 'Société', '123', 'services', '0', 'commune:41269')",
}
refused = {}
for name, sql in bad.items():
    try:
        with db.transaction() as cur:
            cur.execute(good)  # all or nothing: this row must go with the refused one
            cur.execute(sql)
        refused[name] = None
    except Exception as error:
        refused[name] = str(error).splitlines()[0][:300]
rows = db.query_value("SELECT count(*) FROM organisation")
print(json.dumps({"refused": refused, "organisations": rows, "commits": db.change_count()}))
db.close()
"""
DUCKDB_KIND = {"PRIMARY KEY": "p", "UNIQUE": "u", "FOREIGN KEY": "f", "CHECK": "c"}


def test_store_url_survives_a_path() -> None:
    from pathlib import Path

    url = "postgresql://obs@db.example/observatoire?sslmode=require"
    assert store_url(url) == url
    assert store_url(Path(url)) == url  # pathlib folds "//" into "/"
    assert store_url("data/observatoire.duckdb") is None
    assert store_url(":memory:") is None


def test_every_schema_statement_has_a_side() -> None:
    tables, derived = split_schema(SCHEMA_SQL)
    db = Database(":memory:")
    try:
        catalogue = db.query_value("SELECT count(*) FROM duckdb_tables() WHERE schema_name = 'main'")
        views = db.query_value("SELECT count(*) FROM duckdb_views() WHERE NOT internal")
    finally:
        db.close()
    assert sum(t.upper().startswith("CREATE TABLE") for t in tables) == catalogue
    assert sum(" VIEW " in f" {d.upper()} " for d in derived) == views
    with pytest.raises(ValueError, match="unknown kind"):
        split_schema("INSERT INTO meta VALUES ('a', 'b');")


def test_translation_spells_postgresql() -> None:
    ddl = postgres_ddl(SCHEMA_SQL)
    assert "GEOMETRY" not in ddl and "regexp_full_match" not in ddl
    assert "DOUBLE PRECISION" in ddl and "DOUBLE PRECISION PRECISION" not in ddl
    assert r"(siret ~ '^(?:[0-9]{14})$')" in ddl


def _duckdb_catalogue() -> tuple[dict[str, list[tuple[str, str, bool]]], dict[str, Counter[tuple[str, str]]]]:
    db = Database(":memory:")
    try:
        columns: dict[str, list[tuple[str, str, bool]]] = {}
        for table, column, data_type, nullable in db.query_rows(
            "SELECT table_name, column_name, data_type, is_nullable FROM duckdb_columns() "
            "WHERE schema_name = 'main' AND NOT internal AND table_name IN "
            "(SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main') ORDER BY table_name, column_index"
        ):
            pg_type = PG_TYPE.get(data_type) or data_type.replace("DECIMAL", "numeric")
            columns.setdefault(table, []).append((column, pg_type, bool(nullable)))
        constraints: dict[str, Counter[tuple[str, str]]] = {}
        for table, kind, names in db.query_rows(
            "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints() "
            "WHERE schema_name = 'main' AND constraint_type <> 'NOT NULL'"
        ):
            key = ",".join(sorted(names)) if kind != "CHECK" else ""  # CHECKs compared by number
            constraints.setdefault(table, Counter())[(DUCKDB_KIND[kind], key)] += 1
        return columns, constraints
    finally:
        db.close()


def _postgres_catalogue(cluster: object, database: str) -> tuple[dict, dict]:
    rows = cluster.psql(  # type: ignore[attr-defined]
        database,
        """SELECT json_agg(json_build_array(c.relname, a.attname, format_type(a.atttypid, a.atttypmod),
                                            NOT a.attnotnull) ORDER BY c.relname, a.attnum)
           FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'main' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped""",
    )
    columns: dict[str, list[tuple[str, str, bool]]] = {}
    for table, column, pg_type, nullable in json.loads(rows):
        columns.setdefault(table, []).append((column, pg_type, nullable))
    rows = cluster.psql(  # type: ignore[attr-defined]
        database,
        """SELECT json_agg(json_build_array(c.relname, k.contype,
                    (SELECT array_agg(a.attname::text ORDER BY a.attname) FROM pg_attribute a
                     WHERE a.attrelid = k.conrelid AND a.attnum = ANY (k.conkey))))
           FROM pg_constraint k JOIN pg_class c ON c.oid = k.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = 'main' AND k.contype IN ('p', 'u', 'f', 'c')""",
    )
    constraints: dict[str, Counter[tuple[str, str]]] = {}
    for table, kind, names in json.loads(rows):
        key = ",".join(sorted(names)) if kind != "c" else ""
        constraints.setdefault(table, Counter())[(kind, key)] += 1
    return columns, constraints


@pytest.mark.postgres
def test_the_store_has_the_duckdb_catalogue(postgres_cluster: object, store_url: str) -> None:
    """Opened by a server process, the store has every table of schema.sql with the same columns (order, type,
    NOT NULL) and the same primary keys, unique keys, references and number of CHECKs."""
    assert run_on_store(store_url, OPEN_STORE) == 1
    database = urlsplit(store_url).path.lstrip("/")
    duck_columns, duck_constraints = _duckdb_catalogue()
    pg_columns, pg_constraints = _postgres_catalogue(postgres_cluster, database)
    assert len(duck_columns) > 30 and sum(map(len, duck_constraints.values())) > 60  # the whole schema compared
    assert sorted(pg_columns) == sorted(duck_columns)
    for table, columns in duck_columns.items():
        assert pg_columns[table] == columns, table
        assert pg_constraints.get(table, Counter()) == duck_constraints.get(table, Counter()), table


@pytest.mark.postgres
def test_postgresql_enforces_the_constraints_all_or_nothing(store_url: str) -> None:
    """Each kind of constraint refuses its row, and the transaction's earlier row goes with it."""
    result = run_on_store(store_url, REFUSALS)
    assert isinstance(result, dict)
    messages = result["refused"]
    assert messages["primary key"] and "duplicate key" in messages["primary key"]
    assert messages["foreign key"] and "foreign key" in messages["foreign key"]
    assert messages["check"] and "check constraint" in messages["check"]
    assert messages["not null"] and "not-null" in messages["not null"]
    assert messages["regexp check"] and "check constraint" in messages["regexp check"]
    assert result["organisations"] == 0  # every good row rolled back with its transaction
    assert result["commits"] == 1  # only the geography's transaction was counted


SCHEMA_WAITERS = "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"


@pytest.mark.postgres
def test_two_processes_opening_a_new_store_together_both_open_it(postgres_cluster: object, store_url: str) -> None:
    """Two workers started at once on a new store: both wait for the schema lock (held here by a psql session
    until both wait) with their snapshot already taken; the one served second meets the first's committed schema
    (PostgreSQL: could not serialize access) and must then open the store, not stop (seen under load)."""
    from dashboard.pgstore import _SCHEMA_LOCK_KEY

    cluster = postgres_cluster
    database = urlsplit(store_url).path.lstrip("/")
    holder = subprocess.Popen(
        [str(cluster.bin_dir / "psql"), "-X", "-q", "-At", "-h", str(cluster.folder), "-p", str(cluster.port),
         "-U", cluster.user, "-d", database],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert holder.stdin is not None and holder.stdout is not None
    holder.stdin.write(f"BEGIN; SELECT 'held' FROM (SELECT pg_advisory_xact_lock({_SCHEMA_LOCK_KEY})) AS lock;\n")
    holder.stdin.flush()
    assert holder.stdout.readline().strip() == "held"
    # One process of its own and the test's store process (tests/world/store_runner.py), each opening the store.
    fresh = subprocess.Popen(
        [sys.executable, "-c", OPEN_STORE], env=server_env(store_url), cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    with ThreadPoolExecutor(max_workers=1) as pool:
        runner = pool.submit(run_on_store, store_url, OPEN_STORE)
        deadline = time.monotonic() + 120
        while cluster.psql("postgres", SCHEMA_WAITERS).strip() != "2" and time.monotonic() < deadline:
            time.sleep(0.05)  # polling PostgreSQL's lock table for the two processes, not waiting for a page
        waiting = cluster.psql("postgres", SCHEMA_WAITERS).strip()
        holder.stdin.write("ROLLBACK;\n\\q\n")
        holder.stdin.flush()
        holder.wait(timeout=30)
        assert waiting == "2"
        assert runner.result(timeout=300) == 1
    output, errors = fresh.communicate(timeout=300)
    assert fresh.returncode == 0 and output.strip() == "1", errors[-3000:]


SUMMARIES = """
import json, os
from dashboard.backup import table_summaries
from dashboard.db import Database
from dashboard.pgstore import STORE
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.snapshot() as cursor:
    print(json.dumps({name: [s.rows, s.checksum] for name, s in table_summaries(cursor, STORE).items()}))
"""
RECORDS = """
import os
from dashboard.db import Database
from tests.world.build import insert_world
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    insert_world(cur)
print(db.change_count())
"""


def _cli(url: str, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dashboard", "--db", url, *arguments], cwd=PROJECT_ROOT, env=server_env(url),
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip


@pytest.mark.postgres
def test_backup_of_the_store_restores_identical(postgres_cluster: object, store_url: str, tmp_path: Path) -> None:
    """`sauvegarder` on the store: pg_dump in the manifest's snapshot; `restaurer` into an empty database gives
    every table identical (row counts and checksums), and is refused over a database that holds a store."""
    assert run_on_store(store_url, RECORDS) == 1
    backed = _cli(store_url, "sauvegarder", "--dossier", str(tmp_path / "sauvegardes"))
    assert backed.returncode == 0, backed.stderr
    (folder,) = (tmp_path / "sauvegardes").iterdir()
    assert sorted(p.name for p in folder.iterdir()) == ["manifeste.json", "observatoire.pgdump"]
    manifest = json.loads((folder / "manifeste.json").read_text(encoding="utf-8"))
    assert manifest["tables"]["company"]["rows"] == 6 and manifest["tables"]["synergy"]["rows"] == 7  # A-F, S1-S7

    copy = postgres_cluster.create_database("restored")  # type: ignore[attr-defined]
    restored = _cli(copy, "restaurer", str(folder))
    assert restored.returncode == 0, restored.stderr
    original, copied = run_on_store(store_url, SUMMARIES), run_on_store(copy, SUMMARIES)
    assert isinstance(original, dict) and len(original) > 30
    assert copied == original
    assert {name: [s["rows"], s["checksum"]] for name, s in manifest["tables"].items()} == original

    again = _cli(copy, "restaurer", str(folder))
    assert again.returncode != 0 and "n'est pas vide" in again.stderr


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            'Unable to connect to Postgres at "postgresql://observatoire:TopSecret42@db.example:5432/obs": refused',
            'Unable to connect to Postgres at "postgresql://observatoire:***@db.example:5432/obs": refused',
        ),
        ("postgres://u:p%40ss@h/db", "postgres://u:***@h/db"),
        ("host=db user=obs password=TopSecret42 dbname=obs", "host=db user=obs password=*** dbname=obs"),
        ("host=db password = 'a b\\'c' dbname=obs", "host=db password = *** dbname=obs"),
        (
            "postgresql://observatoire@/observatoire?host=/run/postgresql",
            "postgresql://observatoire@/observatoire?host=/run/postgresql",
        ),
    ],
)
def test_a_store_password_is_never_shown(text: str, shown: str) -> None:
    assert without_password(text) == shown


@pytest.mark.postgres
def test_an_unreachable_store_is_explained_without_its_password() -> None:
    """The driver quotes the URL in its error; the page before sign-in and the command line show that reason."""
    url = "postgresql://observatoire:TopSecret42@127.0.0.1:1/observatoire?connect_timeout=5"
    result = subprocess.run(
        [sys.executable, "-m", "dashboard", "info"], env=server_env(url), cwd=PROJECT_ROOT, capture_output=True,
        text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "TopSecret42" not in result.stdout + result.stderr
    assert "observatoire:***@127.0.0.1:1" in result.stderr


# Code run on the store while the test restarts PostgreSQL under it (`_restart_when_asked`). Each write waits for
# the restart at a chosen point: inside its first attempt's transaction, or just before its commit.
WRITES_UNDER_A_RESTART = """
import json, os, time
from pathlib import Path
from dashboard.db import Database
from dashboard.pgstore import StoreInterruptedError

MARKS = Path(os.environ["MARKS"])
db = Database(os.environ["OBSERVATOIRE_DB"])


def restarted_under_me(name):
    (MARKS / f"{name}.waiting").touch()
    while not (MARKS / f"{name}.restarted").exists():
        time.sleep(0.02)


attempts = []


def in_flight(cursor):
    attempts.append(1)
    cursor.execute("INSERT INTO organisation VALUES ('org-a', 'Chambre A', 'cci')")
    if len(attempts) == 1:
        restarted_under_me("in_flight")
    cursor.execute("INSERT INTO organisation VALUES ('org-b', 'Chambre B', 'cci')")


db.write(in_flight)
out = {"in_flight_attempts": len(attempts)}

try:
    with db.transaction() as cursor:  # one attempt: the caller is told
        cursor.execute("INSERT INTO organisation VALUES ('org-c', 'Chambre C', 'cci')")
        restarted_under_me("unretried")
        cursor.execute("INSERT INTO organisation VALUES ('org-d', 'Chambre D', 'cci')")
    out["unretried"] = "committed"
except StoreInterruptedError as interrupted:
    out["unretried"] = "maybe committed" if interrupted.maybe_committed else "not committed"

attempts.clear()


def lost_at_commit(cursor):
    attempts.append(1)
    cursor.execute("INSERT INTO organisation VALUES ('org-e', 'Chambre E', 'cci')")
    restarted_under_me("commit")  # the body's end: the commit is sent next, on the dead connection


try:
    db.write(lost_at_commit, data_change=False)  # no version row written after the body: the commit comes next
    out["commit"] = "committed"
except StoreInterruptedError as interrupted:
    out["commit"] = "maybe committed" if interrupted.maybe_committed else "not committed"
out["commit_attempts"] = len(attempts)
out["organisations"] = [row[0] for row in db.query_rows("SELECT org_id FROM organisation ORDER BY org_id")]
db.close()
print(json.dumps(out))
"""


def _restart_when_asked(cluster: object, marks: Path, names: list[str], done: threading.Event) -> None:
    for name in names:
        while not (marks / f"{name}.waiting").exists():
            if done.is_set():
                return
            time.sleep(0.02)
        cluster.restart()  # type: ignore[attr-defined]
        (marks / f"{name}.restarted").touch()


def test_a_write_cut_by_a_store_restart_is_run_again_or_reported_never_half_written(
    postgres_cluster: object, store_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL restarted (`pg_ctl restart -m fast`, as a package upgrade does) under writes in flight: a write cut
    before its commit is run again once the store is back (PostgreSQL rolled the cut one back: each row once);
    a bare transaction is reported as not written; a write cut while committing is reported as perhaps written,
    never run twice."""
    done = threading.Event()
    restarts = threading.Thread(
        target=_restart_when_asked, args=(postgres_cluster, tmp_path, ["in_flight", "unretried", "commit"], done)
    )
    restarts.start()
    monkeypatch.setenv("MARKS", str(tmp_path))
    try:
        out = run_on_store(store_url, WRITES_UNDER_A_RESTART)
    finally:
        done.set()
        restarts.join(timeout=120)
    assert out == {
        "in_flight_attempts": 2,
        "unretried": "not committed",
        "commit": "maybe committed",
        "commit_attempts": 1,
        # org-c and org-d: rolled back with their cut transaction; org-e: its commit never reached PostgreSQL here,
        # but the client could not know it.
        "organisations": ["org-a", "org-b"],
    }
