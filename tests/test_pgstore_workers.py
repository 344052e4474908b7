"""Several processes on one shared PostgreSQL store (issue 16, item 4): a write in one process is seen by the
others (their data version and cached reads change), and concurrent writers from two processes lose nothing."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator

import pytest

from dashboard.config import PROJECT_ROOT
from dashboard.pgstore import VERSION_MAX_AGE_S
from tests.world.postgres import run_on_store, server_env

pytestmark = pytest.mark.postgres

GEOGRAPHY = """
import os
from dashboard.db import Database
from tests.factories import insert_test_territories
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    insert_test_territories(cur)
print(db.change_count())
"""
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
        assert self.answer() == {"ready": True}

    def send(self, **command: object) -> None:
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()

    def answer(self) -> dict:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, "the worker process stopped"
        return json.loads(line)

    def ask(self, **command: object) -> dict:
        self.send(**command)
        return self.answer()

    def stop(self) -> None:
        self.send(op="quit")
        self.process.wait(timeout=30)


@pytest.fixture
def workers(store_url: str) -> Iterator[tuple[Worker, Worker]]:
    run_on_store(store_url, GEOGRAPHY)
    first, second = Worker(store_url), Worker(store_url)
    yield first, second
    for worker in (first, second):
        if worker.process.poll() is None:
            worker.stop()


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
