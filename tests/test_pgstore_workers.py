"""Several processes on one shared PostgreSQL store (issue 16, item 4): a write in one process is seen by the
others (their data version and cached reads change), and concurrent writers from two processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.pgstore import VERSION_MAX_AGE_S
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

    def on(self, store_url: str) -> tuple[Worker, Worker]:
        for index, worker in enumerate(self.workers):
            if worker.process.poll() is not None or worker.pending:
                worker.process.kill()
                worker.process.wait(timeout=30)
                self.workers[index] = Worker(self.url).started()
        first, second = self.workers
        assert first.ask(op="open", url=store_url, geography=True) == {"ready": True}
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
