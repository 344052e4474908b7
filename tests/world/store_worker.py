"""A worker process on the shared store, driven by the tests of tests/test_pgstore_workers.py.

Run by a server install (tests/world/postgres.py: server_env) as `python -m tests.world.store_worker`, it reads one
JSON command per line on stdin and answers one JSON line on stdout:

- {"op": "read"}: the dashboard's data version and a cached read (dashboard.ui.cache.cached) of the
  organisations, as a page would get them;
- {"op": "write", "prefix": p, "count": n, "threads": t, "shared": true}: n write transactions spread over t
  threads of this process (Database serialises one process's writers; the processes write concurrently), each inserting its own organisation `p-i` and, when shared, the organisation
  `shared-i` that the other process inserts too (exactly one of the two may commit); answers the committed and
  the refused transactions;
- {"op": "bump", "retry": r, "signal": path, "wait_for": path}: one write transaction adding 1 to the meta value
  `test.counter`, through `Database.write` (run again on a conflict) when `retry`, else `Database.transaction`. With
  `signal`, its first attempt reads the counter, creates the file `signal`, waits (at most 60 s) for the file
  `wait_for` and only then writes: another process's increment committed meanwhile makes it collide. Answers
  {"committed": bool, "attempts": n, "error": text or null};
- {"op": "open", "url": u, "geography": g}: work on the store `u` from now on, as a process started on it would
  (OBSERVATOIRE_DB changed: the dashboard's `get_database()` opens it, and its caches are keyed by the database);
  when `g`, the test geography is first written there by a connection of its own. Answers {"ready": true} as at
  the start, so that the tests share two processes and each still works on a store of its own;
- {"op": "writer", "writer": w, "args": {...}, "signal": path, "wait_for": path, "attempts": n}: one of the
  dashboard's own writers (WRITERS: an import, a failed sign-in, an account creation, a snapshot deletion). With
  `signal`, the writer's first transaction reads the store (which fixes its snapshot), creates the file `signal`
  and waits for the file `wait_for` before the writer's own statements: another process's commit meanwhile makes
  it collide. `attempts`: the most attempts `Database.write`/`retrying` make (1: the retry turned off). Answers
  {"result": the writer's answer, "transactions": transactions begun, "error": text or null};
- {"op": "quit"}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import duckdb
import pandas as pd

from dashboard import db as db_module
from dashboard.auth import Grant, Role
from dashboard.auth import store as accounts
from dashboard.config import DB_PATH_ENV
from dashboard.db import Database
from dashboard.imports import import_files
from dashboard.report import snapshots
from dashboard.ui.cache import cached, data_version, get_database
from tests.factories import insert_test_territories


def organisations(db: Database) -> pd.DataFrame:
    return db.query_df("SELECT org_id, name FROM organisation ORDER BY org_id")


def _write_one(db: Database, prefix: str, index: int, shared: bool) -> tuple[str, str | None]:
    own = f"{prefix}-{index:03d}"
    try:
        with db.transaction() as cursor:
            cursor.execute("INSERT INTO organisation VALUES ($id, $name, 'cci')", {"id": own, "name": own})
            if shared:
                key = f"shared-{index:03d}"
                cursor.execute("INSERT INTO organisation VALUES ($id, $name, 'cma')", {"id": key, "name": own})
        return own, None
    except Exception as error:  # refused by PostgreSQL: reported, and nothing of it may be stored
        return own, str(error).splitlines()[0][:200]


def _write(db: Database, command: dict[str, object]) -> dict[str, object]:
    prefix, count = str(command["prefix"]), int(command["count"])  # type: ignore[call-overload]
    shared = bool(command.get("shared"))
    with ThreadPoolExecutor(max_workers=int(command.get("threads", 1))) as pool:  # type: ignore[call-overload]
        results = list(pool.map(lambda i: _write_one(db, prefix, i, shared), range(count)))
    return {
        "committed": [own for own, error in results if error is None],
        "refused": {own: error for own, error in results if error is not None},
    }


def _bump(db: Database, command: dict[str, object]) -> dict[str, object]:
    attempts = 0

    def body(cursor: duckdb.DuckDBPyConnection) -> None:
        nonlocal attempts
        attempts += 1
        value = int(cursor.execute("SELECT value FROM meta WHERE key = 'test.counter'").fetchone()[0])
        if command.get("signal") and attempts == 1:
            Path(str(command["signal"])).touch()
            deadline = time.monotonic() + 60
            while not Path(str(command["wait_for"])).exists() and time.monotonic() < deadline:
                time.sleep(0.02)  # waiting for the other process's commit, bounded
        cursor.execute("UPDATE meta SET value = $v WHERE key = 'test.counter'", {"v": str(value + 1)})

    try:
        if command.get("retry"):
            db.write(body)
        else:
            with db.transaction() as cursor:
                body(cursor)
        return {"committed": True, "attempts": attempts, "error": None}
    except Exception as error:  # refused by PostgreSQL: reported, nothing of it stored
        # The end of the message: PostgreSQL's reason follows the (long) statement the extension sent.
        return {"committed": False, "attempts": attempts, "error": " ".join(str(error).split())[-300:]}


def _open(command: dict[str, object]) -> dict[str, object]:
    url = str(command["url"])
    if command.get("geography"):
        writer = Database(url)
        with writer.transaction() as cursor:
            insert_test_territories(cursor)
        writer.close()
    os.environ[DB_PATH_ENV] = url
    return {"ready": get_database().store_url is not None}


def _import(db: Database, args: dict[str, Any]) -> object:
    result = import_files(db, [Path(args["path"])], entity="companies")
    return {"rows": result.rows, "problems": [problem.message for problem in result.problems]}


def _failed_sign_in(db: Database, args: dict[str, Any]) -> object:
    outcome = accounts.sign_in(db, args["login"], "Pas-le-bon-2026")
    return {"outcome": outcome.outcome.value, "failures": outcome.failures}


def _create_account(db: Database, args: dict[str, Any]) -> object:
    account = accounts.NewAccount(args["login"], args["name"], (Grant(Role.COPIL_READER),), password="Agent-Test-2026")
    try:
        return {"created": accounts.create_user(db, account, None) is not None, "problems": []}
    except accounts.AccountError as refused:
        return {"created": False, "problems": refused.problems}


def _delete_snapshot(db: Database, args: dict[str, Any]) -> object:
    snapshots.delete_snapshot(db, int(args["id"]))
    return {"deleted": True}


WRITERS: dict[str, Callable[[Database, dict[str, Any]], object]] = {
    "import": _import,
    "failed_sign_in": _failed_sign_in,
    "create_account": _create_account,
    "delete_snapshot": _delete_snapshot,
}


@contextmanager
def _first_transaction_waits(signal: str | None, wait_for: str | None) -> Iterator[list[int]]:
    """Every `Database.transaction` of the block counted; the first one, when `signal` is given, reads the store
    (PostgreSQL fixes its snapshot at its first statement), creates `signal` and waits for `wait_for`."""
    begun: list[int] = []
    transaction = Database.transaction

    @contextmanager
    def counted(self: Database, *, data_change: bool = True) -> Iterator[Any]:
        with transaction(self, data_change=data_change) as cursor:
            begun.append(1)
            if signal and len(begun) == 1:
                cursor.execute("SELECT count(*) FROM meta").fetchall()
                Path(signal).touch()
                deadline = time.monotonic() + 60
                while not Path(str(wait_for)).exists() and time.monotonic() < deadline:
                    time.sleep(0.02)  # waiting for the other process's commit, bounded
            yield cursor

    with mock.patch.object(Database, "transaction", counted):
        yield begun


def _writer(db: Database, command: dict[str, Any]) -> dict[str, object]:
    attempts = int(command.get("attempts") or db_module.WRITE_ATTEMPTS)
    limits = {"WRITE_ATTEMPTS": attempts, "UNIQUE_ATTEMPTS": min(attempts, db_module.UNIQUE_ATTEMPTS)}
    with (
        mock.patch.multiple(db_module, **limits),
        _first_transaction_waits(command.get("signal"), command.get("wait_for")) as begun,
    ):
        try:
            result = WRITERS[command["writer"]](db, command.get("args") or {})
            return {"result": result, "transactions": len(begun), "error": None}
        except Exception as error:  # refused by PostgreSQL: reported, nothing of it stored
            return {"result": None, "transactions": len(begun), "error": " ".join(str(error).split())[-300:]}


def main() -> None:
    db = get_database()  # the dashboard's own: OBSERVATOIRE_DB, opened once per process
    print(json.dumps({"ready": db.store_url is not None}), flush=True)
    for line in sys.stdin:
        command = json.loads(line)
        if command["op"] == "quit":
            break
        if command["op"] == "read":
            frame = cached(organisations)
            answer: dict[str, object] = {"version": data_version(db), "organisations": frame["org_id"].tolist()}
        elif command["op"] == "open":
            answer = _open(command)
            db = get_database()
        elif command["op"] == "bump":
            answer = _bump(db, command)
        elif command["op"] == "writer":
            answer = _writer(db, command)
        else:
            answer = _write(db, command)
        print(json.dumps(answer), flush=True)


if __name__ == "__main__":
    main()
