"""A private PostgreSQL cluster and the server install (DuckDB 1.5.5 + its postgres extension) for the tests of
the shared store (issue 16, item 4).

The cluster lives in a temporary folder, listens on a Unix socket there only (no system service), and is
stopped at the end. `start_cluster(..., tcp_port=…)` also listens on TCP 127.0.0.1 with password authentication
there, as workers on other machines reach the store (tests/browser/test_proxy_browser.py). PostgreSQL refuses to run as root: when the tests run as root (CI), initdb and the
server run as the `postgres` account that the Debian package creates (or `nobody`).

The test process itself keeps the project's DuckDB 2.0; the processes that open the store run with the server
install laid over it: `pip install --target` of requirements-server.txt, first on PYTHONPATH, exactly the two
packages a server install changes.
"""

from __future__ import annotations

import fcntl
import glob
import importlib.util
import json
import os
import pwd
import select
import shutil
import subprocess
import sys
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import DB_PATH_ENV, PROJECT_ROOT

SERVER_SITE_ENV = "OBSERVATOIRE_SERVER_SITE"  # where the server install's packages are (default .server-site)
PORT = 5432  # only names the socket file, inside the cluster's own folder
TCP_HBA = "host all all 127.0.0.1/32 scram-sha-256"  # the TCP listener: by password


def server_install_importable() -> bool:
    """True when this process can import the server install (DuckDB's postgres extension): a shared store would
    then be reached rather than refused for the missing install."""
    return importlib.util.find_spec("duckdb_extension_postgres") is not None


def postgres_bin_dir() -> Path | None:
    """The folder of initdb/pg_ctl/psql: the newest /usr/lib/postgresql/<version>/bin, or pg_config's."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _run_as() -> list[str]:
    """Prefix that runs a PostgreSQL program as an unprivileged account when the tests run as root."""
    if os.geteuid() != 0:
        return []
    for account in ("postgres", "nobody"):
        try:
            pwd.getpwnam(account)
        except KeyError:
            continue
        return ["runuser", "-u", account, "--"]
    raise RuntimeError("running as root and no unprivileged account to run PostgreSQL")


@dataclass
class Cluster:
    bin_dir: Path
    folder: Path
    user: str = "observatoire"
    port: int = PORT  # the TCP port too, when the cluster listens on 127.0.0.1

    def url(self, database: str) -> str:
        """The database over the Unix socket (trust authentication: the tests' own setup)."""
        return f"postgresql://{self.user}@/{database}?host={self.folder}&port={self.port}"

    def tcp_url(self, database: str) -> str:
        """The database over TCP, without the password (libpq finds it in PGPASSFILE, as a server's unit sets)."""
        return f"postgresql://{self.user}@127.0.0.1:{self.port}/{database}"

    def psql(self, database: str, sql: str) -> str:
        """Run SQL with psql (stops at the first error); returns the unaligned output."""
        result = subprocess.run(
            [str(self.bin_dir / "psql"), "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", "-h", str(self.folder),
             "-p", str(self.port), "-U", self.user, "-d", database, "-c", sql],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        if result.returncode:
            raise RuntimeError(f"psql failed: {result.stderr}")
        return result.stdout

    def create_database(self, name: str) -> str:
        self.psql("postgres", f'CREATE DATABASE "{name}"')
        return self.url(name)

    def restart(self) -> None:
        """Stop the server as an upgrade of the package does (fast: clients are disconnected, their open transactions
        rolled back) and start it again with the same options; returns once it accepts connections."""
        subprocess.run(
            [*_run_as(), str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w",
             "-l", str(self.folder / "server.log"), "restart"],
            capture_output=True, check=True, timeout=120,
        )  # fmt: skip

    def stop(self) -> None:
        subprocess.run(
            [*_run_as(), str(self.bin_dir / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop"],
            capture_output=True, check=False,
        )  # fmt: skip


def start_cluster(
    bin_dir: Path,
    folder: Path,
    *,
    tcp_port: int | None = None,
    password: str = "",
    tcp_hba: str = TCP_HBA,
    settings: str = "",
    server_files: Sequence[Path] = (),
) -> Cluster:
    """initdb + start a throwaway cluster in `folder` (trust authentication on its own socket).

    With `tcp_port`, it also listens on 127.0.0.1:`tcp_port`, where it asks for `password` (scram-sha-256), the
    way a store on its own host is reached by the workers of other machines. `tcp_hba`: the pg_hba.conf line(s) for
    TCP (e.g. `hostssl …` from docs/deployment.md, TLS only); `settings`: lines added to postgresql.conf (the
    command line's listen_addresses and port still win); `server_files`: files the server must own (a TLS key).

    `folder` must not be under pytest's temporary root: every pytest run of the machine (another xdist worker
    too) resets that root to mode 0700, which locks the PostgreSQL account out of its running cluster. Give a
    folder of `tempfile.mkdtemp()` (directly in /tmp)."""
    if tcp_port is not None and not password:
        raise ValueError("a TCP listener needs a password")
    folder.mkdir(parents=True, exist_ok=True)
    prefix = _run_as()
    if prefix:
        account = pwd.getpwnam(prefix[2])
        os.chown(folder, account.pw_uid, account.pw_gid)
    cluster = Cluster(bin_dir, folder, port=tcp_port or PORT)
    subprocess.run(
        [*prefix, str(bin_dir / "initdb"), "-D", str(folder / "data"), "-U", cluster.user, "--auth=trust",
         "-E", "UTF8", "--locale=C.UTF-8"],
        capture_output=True, check=True,
    )  # fmt: skip
    # A test cluster: durability off (fsync), sockets in its own folder, TCP on 127.0.0.1 only when asked.
    listen = "''"
    if tcp_port is not None:
        listen = "127.0.0.1"
        hba = folder / "pg_hba.conf"  # the socket trusted (the tests' setup), TCP by password only
        hba.write_text(f"local all all trust\n{tcp_hba.strip()}\n", encoding="utf-8")
        hba.chmod(0o644)
    if settings:
        with (folder / "data" / "postgresql.conf").open("a", encoding="utf-8") as conf:
            conf.write("\n" + settings.strip() + "\n")
    for path in server_files:  # PostgreSQL refuses a key another account owns with a mode over 0600
        if prefix:
            os.chown(path, account.pw_uid, account.pw_gid)
    options = (
        f"-k {folder} -p {cluster.port} -c listen_addresses={listen} -c fsync=off -c synchronous_commit=off "
        "-c max_connections=200" + (f" -c hba_file={folder / 'pg_hba.conf'}" if tcp_port is not None else "")
    )
    subprocess.run(
        [*prefix, str(bin_dir / "pg_ctl"), "-D", str(folder / "data"), "-o", options, "-l", str(folder / "server.log"),
         "-w", "-t", "60", "start"],
        capture_output=True, check=True,
    )  # fmt: skip
    if tcp_port is not None:
        try:
            cluster.psql("postgres", f"ALTER ROLE {cluster.user} PASSWORD '{password}'")  # stored as scram-sha-256
        except RuntimeError:
            cluster.stop()
            raise
    return cluster


def write_pgpass(path: Path, cluster: Cluster, password: str) -> Path:
    """A libpq password file for the cluster's TCP listener (mode 0600, as libpq requires): what a worker's
    PGPASSFILE names, so that no password sits in OBSERVATOIRE_DB (a URL can end up in a log or a message)."""
    path.write_text(f"127.0.0.1:{cluster.port}:*:{cluster.user}:{password}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


def server_site() -> Path:
    """The server install's packages (requirements-server.txt), installed once into .server-site when missing."""
    site = Path(os.environ.get(SERVER_SITE_ENV) or PROJECT_ROOT / ".server-site")
    with open(f"{site}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # two pytest-xdist workers: one installs, the other waits
        if not (site / "duckdb_extension_postgres").exists():
            subprocess.run(
                [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site),
                 "-r", str(PROJECT_ROOT / "requirements-server.txt")],
                check=True,
            )  # fmt: skip
    return site


def server_env(url: str) -> dict[str, str]:
    """The environment of a process of a server install working on the store `url`."""
    path = os.pathsep.join([str(server_site()), str(PROJECT_ROOT)])
    return {**os.environ, "PYTHONPATH": path, DB_PATH_ENV: url}


# Code for `run_on_store`: the test world (tests/world/README.md) and the browser tests' administrator.
RECORDS_WORLD = """
import os
from dashboard.db import Database
from tests.browser.harness import add_browser_administrator
from tests.world.build import insert_world
db = Database(os.environ["OBSERVATOIRE_DB"])
with db.transaction() as cur:
    insert_world(cur)
db.close()
add_browser_administrator(os.environ["OBSERVATOIRE_DB"])
print(1)
"""


class _Runner:
    """The server-install process of tests/world/store_runner.py, started at the first `run_on_store` of this test
    process and kept for the next ones (it ends with this process: its stdin closes)."""

    def __init__(self) -> None:
        self.process: subprocess.Popen[str] | None = None
        self.lock = threading.Lock()  # one request at a time

    def run(self, env: dict[str, str], code: str, timeout_s: float) -> dict[str, str]:
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.process = subprocess.Popen(
                    [sys.executable, "-m", "tests.world.store_runner"], env=env, cwd=PROJECT_ROOT,
                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                )  # fmt: skip
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write(json.dumps({"code": code, "env": env}) + "\n")
            self.process.stdin.flush()
            ready, _, _ = select.select([self.process.stdout], [], [], timeout_s)
            line = self.process.stdout.readline() if ready else ""
            if not line:  # stopped or still running the code: a new process for the next request
                self.process.kill()
                self.process.wait(timeout=30)
                self.process = None
                return {"error": "the store process stopped or ran out of time"}
            return json.loads(line)


_RUNNER = _Runner()


def run_on_store(url: str, code: str) -> object:
    """Run Python `code` as a server-install process on the store would (its environment: `server_env(url)`); it
    prints one JSON value, returned here. The code runs in one process kept for this test process's runs
    (tests/world/store_runner.py): another client of the store than the test's workers, without a new Python each
    time."""
    answer = _RUNNER.run(server_env(url), code, timeout_s=300)
    if "error" in answer:
        raise RuntimeError(f"store process failed:\n{answer['error'][-4000:]}")
    return json.loads(answer["output"].strip().splitlines()[-1])
