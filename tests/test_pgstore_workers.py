"""Several processes on one shared PostgreSQL store (issue 16, item 4): a write in one process is seen by the
others (their data version and cached reads change), and concurrent writers from two processes lose nothing."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.i18n import t
from dashboard.pgstore import VERSION_MAX_AGE_S
from tests.world.files import IMPORT_FIXTURES
from tests.world.postgres import run_on_store, server_env

pytestmark = pytest.mark.postgres

ONE_WRITE = """
import os
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    cur.execute("INSERT INTO organisation VALUES ('cli-001', 'Écrite ailleurs', 'epci')")
print(db.change_count())
"""
TOTALS = """
import json, os
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
print(json.dumps({"organisations": [r[0] for r in db.query_rows("SELECT org_id FROM organisation")],
                  "commits": db.change_count()}))
"""


class Worker:
    """A worker process on the store (tests/world/store_worker.py), one JSON command and answer per line."""

    def __init__(self, url: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.world.store_worker"], cwd=PROJECT_ROOT, env=server_env(url),
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        self.pending = 1  # answers not read yet: the start's

    def started(self) -> Worker:
        assert self.answer() == {"ready": True}
        return self

    def send(self, **command: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        self.pending += 1

    def answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the worker process stopped"
        self.pending -= 1
        return json.loads(line)

    def ask(self, **command: object) -> dict:
        self.send(**command)
        return self.answer()

    def stop(self) -> None:
        self.send(op="quit")
        self.process.wait(timeout=30)


class WorkerPair:
    """Two worker processes shared by this module's tests: a start costs about a second of CPU (Python, the
    dashboard, DuckDB's postgres extension). Each test moves them to a new database of its own (`on`), with the
    test geography written first, so the tests stay as independent as with processes of their own; a worker left
    stopped or owing an answer by an earlier test is replaced."""

    def __init__(self, url: str) -> None:
        self.url = url  # the database they start on
        started = [Worker(url), Worker(url)]  # both start at once
        self.workers = [worker.started() for worker in started]

    def on(self, store_url: str, *, geography: bool = True) -> tuple[Worker, Worker]:
        """Both workers on `store_url` (the test geography written there first when `geography`)."""
        for index, worker in enumerate(self.workers):
            if worker.process.poll() is not None or worker.pending:
                worker.process.kill()
                worker.process.wait(timeout=30)
                self.workers[index] = Worker(self.url).started()
        first, second = self.workers
        assert first.ask(op="open", url=store_url, geography=geography) == {"ready": True}
        assert second.ask(op="open", url=store_url) == {"ready": True}
        return first, second

    def stop(self) -> None:
        for worker in self.workers:
            if worker.process.poll() is None:
                worker.stop()


@pytest.fixture(scope="module")
def worker_pair(postgres_cluster: object) -> Iterator[WorkerPair]:
    url = postgres_cluster.create_database(f"t_workers_start_{uuid.uuid4().hex[:8]}")  # type: ignore[attr-defined]
    pair = WorkerPair(url)
    yield pair
    pair.stop()


@pytest.fixture
def workers(store_url: str, worker_pair: WorkerPair) -> tuple[Worker, Worker]:
    return worker_pair.on(store_url)


def test_a_write_in_one_process_is_seen_by_the_others(store_url: str, workers: tuple[Worker, Worker]) -> None:
    first, second = workers
    before = second.ask(op="read")
    assert before["organisations"] == [] and first.ask(op="read")["version"] == before["version"]
    # A write by the first worker: its own next read sees it at once; the second's reads have a new version and
    # the new row, not its cache, within the store version's age (pgstore.VERSION_MAX_AGE_S).
    assert first.ask(op="write", prefix="a", count=1)["committed"] == ["a-000"]
    assert first.ask(op="read")["organisations"] == ["a-000"]
    after = _read_until(second, ["a-000"])
    assert after["version"] != before["version"]
    # A write by a third process (the command line, while both workers run), seen by both.
    run_on_store(store_url, ONE_WRITE)
    for worker in (first, second):
        _read_until(worker, ["a-000", "cli-001"])


def _read_until(worker: Worker, organisations: list[str]) -> dict:
    """The worker's reads until they show `organisations`: within the version's age and a margin, never stale."""
    deadline = time.monotonic() + VERSION_MAX_AGE_S + 5
    while True:
        answer = worker.ask(op="read")
        if answer["organisations"] == organisations or time.monotonic() > deadline:
            assert answer["organisations"] == organisations
            return answer
        time.sleep(0.05)  # polling a process's answer, not waiting for a page


def test_concurrent_writers_of_two_processes_lose_nothing(store_url: str, workers: tuple[Worker, Worker]) -> None:
    """Two processes, 30 transactions each at the same time, each inserting its own row and a row `shared-i`
    that the other process inserts too: every committed transaction is stored whole, every refused one left
    nothing, each shared key exists once, and the store counted exactly the committed transactions."""
    first, second = workers
    commits_before = run_on_store(store_url, TOTALS)["commits"]  # type: ignore[index]
    count = 30
    first.send(op="write", prefix="p1", count=count, threads=2, shared=True)
    second.send(op="write", prefix="p2", count=count, threads=2, shared=True)
    results = [first.answer(), second.answer()]
    totals = run_on_store(store_url, TOTALS)
    assert isinstance(totals, dict)
    stored = set(totals["organisations"])
    committed = [own for result in results for own in result["committed"]]
    refused = [own for result in results for own in result["refused"]]
    assert len(committed) + len(refused) == 2 * count
    assert set(committed) <= stored  # nothing committed is missing
    assert not set(refused) & stored  # a refused transaction left nothing
    shared = {org for org in stored if org.startswith("shared-")}
    assert shared == {f"shared-{i:03d}" for i in range(count)}  # every shared key once (a primary key)
    assert len(stored) == len(committed) + len(shared)
    assert totals["commits"] - commits_before == len(committed)
    for error in (e for result in results for e in result["refused"].values()):
        assert "duplicate key" in error or "could not serialize" in error, error


SIGN_INS = """
import json, os
from dashboard.auth import Grant, Role
from dashboard.auth import store
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
store.ensure_tables(db)
user_id = store.create_user(db, store.NewAccount("agent.test", "Agent", (Grant(Role.ADMINISTRATOR),),
                                                 password="Agent-Test-2026"), None)
versions = [db.change_count()]
store.sign_in(db, "agent.test", "mauvais")  # a refused attempt: counter and audit line
store.sign_in(db, "agent.test", "Agent-Test-2026")
actor = store.load_actor(db, user_id)
store.record_sign_in(db, actor, "demo")
store.record_sign_out(db, actor, "user")
versions.append(db.change_count())
with db.transaction() as cur:
    cur.execute("INSERT INTO organisation VALUES ('org-1', 'Écrite', 'epci')")
versions.append(db.change_count())
events = db.query_value("SELECT count(*) FROM audit_event WHERE action IN ('sign_in', 'sign_in_failed', 'sign_out')")
print(json.dumps({"versions": versions, "events": events}))
"""


def test_signing_in_and_out_leaves_every_workers_cache_warm(store_url: str) -> None:
    """Sign-in bookkeeping (audit lines, failed-attempt counter) is written but does not change the store's
    version that every worker's cache keys on; a data write does."""
    answer = run_on_store(store_url, SIGN_INS)
    assert isinstance(answer, dict)
    before, after_sign_ins, after_write = answer["versions"]
    assert answer["events"] == 4  # every attempt and sign-out recorded
    assert after_sign_ins == before
    assert after_write == before + 1


COUNTER = """
import json, os
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
if os.environ.get("COUNTER_SET"):
    with db.transaction() as cur:
        cur.execute("INSERT INTO meta VALUES ('test.counter', '0')")
print(json.dumps(int(db.get_meta("test.counter"))))
"""


@pytest.mark.parametrize("retry", [False, True], ids=["one-attempt", "write-with-retry"])
def test_a_write_aborted_by_another_workers_commit_is_run_again(
    store_url: str, workers: tuple[Worker, Worker], tmp_path: Path, retry: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two processes change the same row at the same time: the first reads the counter, the second commits its
    increment, then the first writes. PostgreSQL aborts the first (a serialization failure: never a lost update).
    With one attempt (`Database.transaction`) it is refused and its increment is lost to the user; through
    `Database.write` it is run again, reads the committed value and stores both increments."""
    monkeypatch.setenv("COUNTER_SET", "1")
    assert run_on_store(store_url, COUNTER) == 0
    first, second = workers
    read, done = tmp_path / "read", tmp_path / "done"
    first.send(op="bump", retry=retry, signal=str(read), wait_for=str(done))
    deadline = time.monotonic() + 60
    while not read.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # polling the first process's signal file, not waiting for a page
    assert read.exists()
    assert second.ask(op="bump", retry=False)["committed"]
    done.touch()
    answer = first.answer()
    monkeypatch.delenv("COUNTER_SET")
    if retry:
        assert answer == {"committed": True, "attempts": 2, "error": None}
        assert run_on_store(store_url, COUNTER) == 2
    else:
        assert not answer["committed"] and "could not serialize" in answer["error"], answer
        assert run_on_store(store_url, COUNTER) == 1


# ------------------------------------------------------------------ every writer, run again after a collision
WRITERS_WORLD = """
import os
from dashboard.db import Database
from tests.world.record_forms import editing_world
editing_world(Database(os.environ["OBSERVATOIRE_DB"]))
print(1)
"""
A_SNAPSHOT = """
import json, os
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    cur.execute("INSERT INTO report_snapshot (name, scope_type, scope_id, scope_name, period_year, period_quarter, "
                "copil_date, frozen_at, content_json) VALUES ($name, 'territory', 'epci:200072072', 'CA', 2026, 4, "
                "DATE '2026-12-01', TIMESTAMP '2026-12-01 10:00', '{}')", {"name": os.environ["SNAPSHOT_NAME"]})
    snapshot_id = cur.execute("SELECT max(snapshot_id) FROM report_snapshot").fetchone()[0]
    cur.execute("INSERT INTO report_snapshot_figure (snapshot_id, indicator_code, status) VALUES ($id, 'x', 'no_value')",
                {"id": snapshot_id})
print(snapshot_id)
"""
STORED = """
import json, os
from dashboard.db import Database
db = Database(os.environ["OBSERVATOIRE_DB"])
print(json.dumps(db.query_rows(os.environ["STORED_SQL"])))
"""


@pytest.fixture(scope="module")
def writers_url(postgres_cluster: object) -> str:
    """One store with the test geography and reference tables for every writer case (each uses its own keys)."""
    url = postgres_cluster.create_database(f"t_writers_{uuid.uuid4().hex[:8]}")  # type: ignore[attr-defined]
    run_on_store(url, WRITERS_WORLD)
    return url


@pytest.fixture
def writers_store(writers_url: str, worker_pair: WorkerPair) -> tuple[str, Worker, Worker]:
    """The writers' store and the module's two worker processes moved onto it (rather than two more processes)."""
    return (writers_url, *worker_pair.on(writers_url, geography=False))


def _stored(url: str, sql: str, monkeypatch: pytest.MonkeyPatch) -> list[list[object]]:
    monkeypatch.setenv("STORED_SQL", sql)
    rows = run_on_store(url, STORED)
    monkeypatch.delenv("STORED_SQL")
    assert isinstance(rows, list)
    return rows


def _collide(
    workers: tuple[Worker, Worker], tmp_path: Path, writer: str, args: tuple[dict, dict], attempts: int
) -> tuple[dict, dict]:
    """The first worker's writer starts its transaction and waits; the second's runs and commits; then the first
    goes on and meets the second's commit. Returns both answers (tests/world/store_worker.py, op "writer")."""
    first, second = workers
    read, done = tmp_path / "read", tmp_path / "done"
    first.send(op="writer", writer=writer, args=args[0], signal=str(read), wait_for=str(done), attempts=attempts)
    deadline = time.monotonic() + 60
    while not read.exists() and time.monotonic() < deadline:
        time.sleep(0.02)  # polling the first process's signal file, not waiting for a page
    assert read.exists()
    other = second.ask(op="writer", writer=writer, args=args[1])
    done.touch()
    answer = first.answer()
    assert other["error"] is None and other["transactions"] == 1, other
    return answer, other["result"]


# How PostgreSQL aborts the later of two colliding transactions. The extension writes DuckDB's INSERT OR REPLACE
# (meta's data date, a login's failure count) as a delete of the rows its snapshot sees and a COPY: a row the other
# transaction committed meanwhile is then a duplicate key, not a serialization failure.
COLLISION = re.compile(r"could not serialize access|duplicate key value")
RETRY = [pytest.param(1, id="one-attempt"), pytest.param(4, id="with-retry")]


def _companies_file(folder: Path, prefix: str, ids: tuple[str, str]) -> Path:
    path = folder / f"companies-{prefix}.csv"
    text = (IMPORT_FIXTURES / "companies_valid.csv").read_text(encoding="utf-8")
    text = text.replace("12345678200010", "")  # a SIRET is unique too: one per company of the world
    path.write_text(text.replace("E-0002", ids[0]).replace("E-0003", ids[1]), encoding="utf-8")
    return path


@pytest.mark.parametrize("attempts", RETRY)
def test_two_imports_at_once_both_land(
    writers_store: tuple[str, Worker, Worker], tmp_path: Path, attempts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two workers import different companies at the same time: both set the data date (meta `data_as_of`), so
    PostgreSQL aborts the later transaction. Run again, both imports are stored whole; in one attempt the first
    is refused (with the database's reason) and nothing of it is stored."""
    url, *workers = writers_store
    p = f"IMP{attempts}"
    files = (
        _companies_file(tmp_path, "a", (f"{p}-A1", f"{p}-A2")),
        _companies_file(tmp_path, "b", (f"{p}-B1", f"{p}-B2")),
    )
    answer, other = _collide(
        tuple(workers), tmp_path, "import", ({"path": str(files[0])}, {"path": str(files[1])}), attempts
    )
    assert other == {"rows": {"companies": 2}, "problems": []}
    stored = _stored(url, f"SELECT company_id FROM company WHERE company_id LIKE '{p}-%' ORDER BY 1", monkeypatch)
    if attempts == 1:
        assert answer["result"]["rows"] == {} and COLLISION.search(answer["result"]["problems"][0]), answer
        assert stored == [[f"{p}-B1"], [f"{p}-B2"]]
    else:
        assert answer["result"] == {"rows": {"companies": 2}, "problems": []} and answer["transactions"] == 2
        assert stored == [[f"{p}-A1"], [f"{p}-A2"], [f"{p}-B1"], [f"{p}-B2"]]


def test_an_import_of_a_key_another_worker_just_imported_is_refused_by_name(
    writers_store: tuple[str, Worker, Worker], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both import the company `…-X1`: the later one is checked again after the collision and refused with the
    import's own French message for a known identifier, naming its row; nothing of it is stored."""
    url, *workers = writers_store
    files = _companies_file(tmp_path, "a", ("DUP-X1", "DUP-A2")), _companies_file(tmp_path, "b", ("DUP-X1", "DUP-B2"))
    answer, other = _collide(tuple(workers), tmp_path, "import", ({"path": str(files[0])}, {"path": str(files[1])}), 4)
    assert other["problems"] == []
    assert answer["transactions"] == 1 and answer["result"]["rows"] == {}, answer
    assert answer["result"]["problems"] and "DUP-X1" in answer["result"]["problems"][0], answer
    stored = _stored(url, "SELECT company_id FROM company WHERE company_id LIKE 'DUP-%' ORDER BY 1", monkeypatch)
    assert stored == [["DUP-B2"], ["DUP-X1"]]


@pytest.mark.parametrize("attempts", RETRY)
def test_failed_sign_ins_on_two_workers_both_count(
    writers_store: tuple[str, Worker, Worker], tmp_path: Path, attempts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The slow-down and lock-out count every failed attempt on a login, whichever worker received it: two at
    the same time count 2. In one attempt the later one fails with a database error instead of « identifiant ou
    mot de passe incorrect » (and is not counted)."""
    url, *workers = writers_store
    login = f"sonde.{attempts}"
    answer, other = _collide(tuple(workers), tmp_path, "failed_sign_in", ({"login": login}, {"login": login}), attempts)
    assert other == {"outcome": "wrong", "failures": 1}
    stored = _stored(url, f"SELECT failures FROM sign_in_failure WHERE login = '{login}'", monkeypatch)
    if attempts == 1:
        assert answer["result"] is None and COLLISION.search(answer["error"]), answer
        assert stored == [[1]]
    else:
        assert answer["result"] == {"outcome": "wrong", "failures": 2} and answer["transactions"] == 2, answer
        assert stored == [[2]]


@pytest.mark.parametrize("attempts", RETRY)
def test_two_administrators_creating_one_login_get_the_accounts_message(
    writers_store: tuple[str, Worker, Worker], tmp_path: Path, attempts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two administrators create the login `agent.n` at once: one account, and the other is told in French that
    the login is taken (checked again after the collision), not shown a database error."""
    url, *workers = writers_store
    login = f"agent.double{attempts}"
    args = {"login": login, "name": "Premier"}, {"login": login, "name": "Second"}
    answer, other = _collide(tuple(workers), tmp_path, "create_account", args, attempts)
    assert other == {"created": True, "problems": []}
    stored = _stored(url, f"SELECT display_name FROM app_user WHERE login = '{login}'", monkeypatch)
    assert stored == [["Second"]]
    if attempts == 1:
        assert answer["result"] is None and "duplicate key" in answer["error"], answer
    else:
        assert answer["result"]["created"] is False and answer["transactions"] == 1, answer
        assert answer["result"]["problems"] == [t("auth.account.login_taken", login=login)]


@pytest.mark.parametrize("attempts", RETRY)
def test_a_snapshot_deleted_on_two_workers_at_once(
    writers_store: tuple[str, Worker, Worker], tmp_path: Path, attempts: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two users delete the same frozen snapshot at once: it is gone, and neither is shown an error."""
    url, *workers = writers_store
    monkeypatch.setenv("SNAPSHOT_NAME", f"COPIL {attempts}")
    snapshot_id = run_on_store(url, A_SNAPSHOT)
    args = {"id": snapshot_id}, {"id": snapshot_id}
    answer, other = _collide(tuple(workers), tmp_path, "delete_snapshot", args, attempts)
    assert other == {"deleted": True}
    left = f"SELECT count(*) FROM report_snapshot_figure WHERE snapshot_id = {snapshot_id}"
    assert _stored(url, left, monkeypatch) == [[0]]
    if attempts == 1:
        assert answer["result"] is None and COLLISION.search(answer["error"]), answer
    else:
        assert answer == {"result": {"deleted": True}, "transactions": 2, "error": None}
