"""Sign-in cost: argon2id hashing and a full local sign-in (password check, roles loaded, audit line written), and
the checks a company-level read adds, against plain baselines measured in the same run.

    python -m benches.bench_auth

Baselines: one SHA-256 of the same password (argon2id is slow on purpose: that ratio is the attacker's cost per
guess); the company register read without an actor (the check's overhead is the difference).
"""

from __future__ import annotations

import hashlib
import statistics
import time
from collections.abc import Callable

from dashboard.auth.passwords import hash_password, verify_password
from dashboard.auth.roles import Grant, Role, ScopeType, actor_from_grants
from dashboard.auth.store import NewAccount, create_user, sign_in
from dashboard.db import Database
from dashboard.eit import registers
from dashboard.eit.registers import RegisterFilters
from tests.world.build import VENDOMOIS, insert_world

PASSWORD = "Vendome-Loir-2026!"
RUNS = 20


def median_ms(call: Callable[[], object], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    db = Database(":memory:")
    with db.transaction() as cur:
        insert_world(cur)  # the test world (tests/world/README.md)
    grants = (Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, VENDOMOIS),)
    create_user(db, NewAccount("marie.martin", "Marie", grants, password=PASSWORD), None)
    stored = hash_password(PASSWORD)
    officer = actor_from_grants("u", "marie.martin", "Marie", grants)

    sha = median_ms(lambda: hashlib.sha256(PASSWORD.encode()).hexdigest(), 1000)
    argon_hash = median_ms(lambda: hash_password(PASSWORD))
    argon_verify = median_ms(lambda: verify_password(stored, PASSWORD))
    full = median_ms(lambda: sign_in(db, "marie.martin", PASSWORD))
    registers.companies(db, VENDOMOIS, RegisterFilters(), True)  # warm-up: the first query plans and caches
    plain_read = median_ms(lambda: registers.companies(db, VENDOMOIS, RegisterFilters(), True))
    checked_read = median_ms(lambda: registers.companies(db, VENDOMOIS, RegisterFilters(), True, officer))
    print(f"SHA-256 of the password (baseline)      {sha:9.4f} ms")
    print(f"argon2id hash                           {argon_hash:9.1f} ms  ({argon_hash / sha:,.0f}× the baseline)")
    print(f"argon2id verify                         {argon_verify:9.1f} ms")
    print(f"full local sign-in (check, roles, audit){full:9.1f} ms  ({full / argon_verify:.2f}× a verify)")
    print(f"company register read, no actor         {plain_read:9.2f} ms (baseline)")
    print(f"the same read by a chargé de mission    {checked_read:9.2f} ms  ({checked_read / plain_read:.2f}×)")


if __name__ == "__main__":
    main()
