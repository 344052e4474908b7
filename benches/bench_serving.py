"""Serving: every page's time against a trivial Streamlit page, server CPU per page load, 1/10/20 concurrent
sessions, payload and memory peak — with a Streamlit protocol client (websocket on 127.0.0.1 only).

Two servers run side by side on the same machine: the app on a copy of the demo database, and a trivial page
(a plotly chart and a 50-row table). Measurements alternate between them so that the load of other jobs on
the shared machine weighs on both alike; the ratio app / trivial is the figure that counts.

A "page load" is what the browser asks when one navigates: a `rerun_script` message for the page (URL path +
query string) on an open session, timed until the server's `script_finished`. It includes the server's work
and the transfer of every message (counted in bytes: the payload), not the browser's drawing (Chromium adds
about the same for both pages). Server CPU is read from /proc for the server process (user + system), divided
by the number of loads; the memory peak is the server's VmHWM.

Several workers (`--workers N`, N ≥ 2): N `streamlit run app.py` processes with the same settings on ONE shared
PostgreSQL store (docs/deployment.md §5): a private cluster in a temporary folder (tests/world/postgres.py: Unix
socket only), loaded with `python -m dashboard build-demo`, every worker run with the server install on its
PYTHONPATH as the tests do. Session i goes to worker i mod N, as a reverse proxy with sticky sessions (nginx
`ip_hash`, one client address per session) would spread them. Times alone are measured on worker 0; server CPU
per load is the sum over the workers (and, apart, PostgreSQL's own processes); the memory peak is per worker.
`--workers 1 --store postgresql` runs one worker on the store (the store's cost without the second worker).

Think time (`--think SECONDS`): each session pauses between its loads like a person reading the page, an
exponential pause of that mean (seeded per session, truncated at 10× the mean), and also before its first load
so that sessions do not start in step. `--think 0` (the default) is the stress mode: loads back to back, every
session always has a load in flight. See THINK_REFERENCE_S for the time reported as the realistic one.
The trivial page then gets the same sessions (one process, no sign-in): the baseline of what as many loads at once
do to any Streamlit page on this machine.

Every loop is bounded (loads per session, a timeout per load, pauses truncated); nothing leaves 127.0.0.1.

    python -m benches.bench_serving                      # about 6 minutes on the 2-core machine
    python -m benches.bench_serving --loads 2 --sessions 1 10   # quicker
    python -m benches.bench_serving --workers 2 --think 0 7 --runs 3   # 2 workers on a store, both think modes
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.sync.client import ClientConnection, connect

from dashboard.auth import Role
from dashboard.auth.demo import DEMO_ACCOUNTS
from dashboard.config import PROJECT_ROOT, database_path
from dashboard.pgstore import VERSION_MAX_AGE_S
from tests.browser.harness import StreamlitServer, start_server, stop_server
from tests.world.postgres import Cluster, postgres_bin_dir, server_env, start_cluster

LOAD_TIMEOUT_S = 180.0  # one page load on a loaded machine with 20 sessions can take a while: beyond, an error
SIGN_OUT_KEY = "auth.sign_out"  # the sidebar's sign-out button: drawn on every page of a signed-in session
MAX_MESSAGE_BYTES = 1024 * 1024 * 1024
# The think time reported as the realistic one, in seconds (mean of an exponential pause, truncated at 10× the
# mean). An assumption, not an observation of our users (none was made): it is the TPC-W web benchmark's think
# time (TPC-W specification, clause 5.3.1.1: negative exponential, mean 7 s, at most 70 s; quoted from memory,
# not re-read here), the usual reference of web load models, which also truncate such pauses at 5–10× the mean.
# A chargé de mission or a COPIL member reading a page of indicators, charts, a map or a table of proposals
# reads it for several seconds to minutes; 7 s is on the short side of that, so the load it models is rather
# heavier than a real team's. The back-to-back figures (--think 0) are always reported beside it.
THINK_REFERENCE_S = 7.0
STORE_DATABASE = "observatoire"  # the database of the private cluster (--workers)
THINK_CAP = 10.0  # pauses are truncated at THINK_CAP × the mean (TPC-W: 70 s for a 7 s mean)
TERRITORY = "territoire=epci:200072072"  # CA Territoires Vendômois, the demo's richest territory
PAGES = (
    "",  # home (accueil)
    "objectifs",
    "copil",
    "artisanat",
    "programmes",
    "conventions",
    "autoevaluation",
    "entreprises",
    "synergies",
    "carte",
    "detection",
    "donnees",
)
TRIVIAL_PAGE = """
import numpy as np
import pandas as pd
import plotly.express as px
import streamlit as st

st.title("Page témoin")
frame = pd.DataFrame({"x": np.arange(50), "y": np.sin(np.arange(50) / 5.0), "categorie": list("abcde") * 10})
st.plotly_chart(px.line(frame, x="x", y="y", color="categorie"))
st.dataframe(frame)
"""


@dataclass
class Load:
    page: str
    seconds: float
    payload_bytes: int
    exceptions: int
    error: str | None = None


@dataclass
class Session:
    """One browser tab, as Streamlit's frontend speaks to the server."""

    server: StreamlitServer
    ws: ClientConnection = field(init=False)
    _stack: contextlib.ExitStack = field(init=False, default_factory=contextlib.ExitStack)
    buttons: dict[str, str] = field(init=False, default_factory=dict)  # button id -> label, of the latest load
    signed_in: bool = field(init=False, default=False)  # from then on, a load showing the sign-in page is an error

    def __post_init__(self) -> None:
        host = self.server.url.removeprefix("http://")
        connection = connect(
            f"ws://{host}/_stcore/stream",
            subprotocols=["streamlit"],  # type: ignore[list-item]
            origin=self.server.url,  # type: ignore[arg-type]
            max_size=MAX_MESSAGE_BYTES,
            open_timeout=60,
        )
        self.ws = self._stack.enter_context(connection)

    def load(self, page: str, query: str = TERRITORY, *, click: str | None = None) -> Load:
        """Load `page` as the browser does on navigation; `click`: the id of a button pressed in this run."""
        message = BackMsg()
        message.rerun_script.query_string = query
        message.rerun_script.page_name = page
        if click is not None:
            message.rerun_script.widget_states.widgets.append(WidgetState(id=click, trigger_value=True))
        self.buttons = {}
        start = time.perf_counter()
        self.ws.send(message.SerializeToString())
        payload, exceptions = 0, 0
        deadline = start + LOAD_TIMEOUT_S
        while True:
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                return Load(page, time.perf_counter() - start, payload, exceptions, "délai dépassé")
            try:
                data = self.ws.recv(timeout=remaining)
            except TimeoutError:
                continue
            payload += len(data)
            forward = ForwardMsg()
            forward.ParseFromString(data)
            kind = forward.WhichOneof("type")
            if kind == "ref_hash":  # a message the server expects the client to fetch over HTTP
                with urllib.request.urlopen(f"{self.server.url}/_stcore/message?hash={forward.ref_hash}") as answer:
                    payload += len(answer.read())
            elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
                element = forward.delta.new_element
                exceptions += element.WhichOneof("type") == "exception"
                if element.WhichOneof("type") == "button":
                    self.buttons[element.button.id] = element.button.label
            elif kind == "script_finished":
                if forward.script_finished == ForwardMsg.FINISHED_EARLY_FOR_RERUN:
                    continue  # the page asked for a rerun (URL normalised): its next run follows
                seconds = time.perf_counter() - start
                if self.signed_in and not any(i.endswith(SIGN_OUT_KEY) for i in self.buttons):
                    return Load(page, seconds, payload, exceptions, "page de connexion au lieu de la page")
                return Load(page, seconds, payload, exceptions)

    def sign_in(self) -> None:
        """Press the demo administrator's one-click button on the sign-in page, as a user would: without it
        every page load would measure the sign-in page."""
        admin = next(a for a in DEMO_ACCOUNTS if a.grants[0].role == Role.ADMINISTRATOR)
        self.load("")
        button = next((i for i in self.buttons if i.endswith(f"auth.demo.{admin.login}")), None)
        if button is None:
            raise RuntimeError("no demo administrator button on the sign-in page: is this the demo database?")
        load = self.load("", click=button)
        if load.error or load.exceptions:
            raise RuntimeError(f"sign-in failed: {load.error or 'exception on the page'}")
        self.signed_in = True

    def close(self) -> None:
        self._stack.close()


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


def memory_peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def postgres_cpu_seconds(cluster: Cluster | None) -> float:
    """CPU of the whole PostgreSQL cluster so far: the postmaster's own and its reaped children's (cutime +
    cstime: connections that ended), plus its live children's (one backend per worker connection)."""
    if cluster is None:
        return 0.0
    postmaster = int((cluster.folder / "data" / "postmaster.pid").read_text().split()[0])
    fields = Path(f"/proc/{postmaster}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = sum(int(f) for f in fields[11:15])  # utime, stime, cutime, cstime
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            child = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # a process that ended meanwhile
            continue
        if int(child[1]) == postmaster:
            ticks += int(child[11]) + int(child[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def store_commits(cluster: Cluster | None) -> int | None:
    """Committed write transactions on the store so far: page loads must not write (each commit changes the
    version every worker's cache keys on, so one would empty every cache)."""
    if cluster is None:
        return None
    return int(cluster.psql(STORE_DATABASE, "SELECT count(*) FROM observatoire.commit_log").strip())


def load_average() -> float:
    return os.getloadavg()[0]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def solo(
    app: StreamlitServer, trivial: StreamlitServer, runs: int, pages: tuple[str, ...] = PAGES
) -> tuple[dict[str, float], float]:
    """Each page warm, alone, alternating with the trivial page; server CPU per page load, and its ratio to the
    trivial page's CPU per load measured in the same loop. Returns each page's median time alone, and the trivial
    page's."""
    app_session, trivial_session = Session(app), Session(trivial)
    try:
        app_session.sign_in()
        for page in pages:  # warm-up: first runs fill caches and import modules
            app_session.load(page)
        trivial_session.load("", "")
        print(f"\n== Pages seules, à chaud (médiane de {runs}) ==")
        print(
            f"{'page':<16}{'temps':>9}{'témoin':>9}{'ratio':>8}{'CPU serveur':>13}{'CPU témoin':>12}{'ratio CPU':>11}"
            f"{'octets':>13}{'exc.':>6}"
        )
        worst, trivial_cpu, trivial_times, errors, alone = 0.0, [], [], [], {}
        for page in pages:
            times, baseline, cpu, page_trivial_cpu, payload, exceptions = [], [], [], [], 0, 0
            for _ in range(runs):
                before = cpu_seconds(trivial.process.pid)
                baseline.append(trivial_session.load("", "").seconds)
                page_trivial_cpu.append(cpu_seconds(trivial.process.pid) - before)
                before = cpu_seconds(app.process.pid)
                load = app_session.load(page)
                cpu.append(cpu_seconds(app.process.pid) - before)
                times.append(load.seconds)
                payload, exceptions = load.payload_bytes, max(exceptions, load.exceptions)
                errors += [f"{page or 'accueil'} : {load.error}"] if load.error else []
            trivial_cpu += page_trivial_cpu
            trivial_times += baseline
            alone[page] = median(times)
            ratio = median(times) / median(baseline)
            cpu_ratio = median(cpu) / max(median(page_trivial_cpu), 1e-3)  # /proc counts in 10 ms ticks
            worst = max(worst, ratio)
            print(
                f"{page or 'accueil':<16}{median(times) * 1000:>7.0f}ms{median(baseline) * 1000:>7.0f}ms"
                f"{ratio:>7.2f}x{median(cpu) * 1000:>11.0f}ms{median(page_trivial_cpu) * 1000:>10.0f}ms"
                f"{cpu_ratio:>10.1f}x{payload:>13,}{exceptions:>6}"
            )
        print(f"pire ratio page / témoin : {worst:.2f}x (objectif ≤ 1,5x) ; CPU par chargement ≤ 200 ms visé")
        print(f"CPU serveur de la page témoin : {median(trivial_cpu) * 1000:.0f} ms par chargement (médiane)")
        for error in errors:
            print(f"ERREUR {error}")
        return alone, median(trivial_times)
    finally:
        app_session.close()
        trivial_session.close()


@dataclass
class Run:
    sessions: int
    loads: list[Load]
    wall_seconds: float
    cpu_seconds: float  # the workers' CPU, summed
    postgres_cpu_seconds: float
    load_average: float  # the machine's 1-minute load average at the end of the run
    store_commits: int | None  # write transactions committed on the store during the run (None: the file)


def pauses(mean: float, seed: int) -> random.Random | None:
    """The seeded generator of a session's think times (None: back to back)."""
    return random.Random(seed) if mean > 0 else None


def think(rng: random.Random | None, mean: float) -> float:
    """One pause: exponential of mean `mean`, truncated at THINK_CAP × mean (0 in the back-to-back mode)."""
    return 0.0 if rng is None else min(rng.expovariate(1.0 / mean), THINK_CAP * mean)


def open_tabs(workers: list[StreamlitServer], count: int) -> list[Session]:
    """`count` signed-in tabs, tab i on worker i mod len(workers) (sticky sessions), kept open for every run."""
    tabs = []
    for index in range(count):
        tabs.append(Session(workers[index % len(workers)]))
        tabs[-1].sign_in()
    return tabs


def rewarm(workers: list[StreamlitServer], tabs: list[Session], pages: tuple[str, ...]) -> float:
    """Every page loaded once on every worker (untimed, by the worker's first tab); returns the seconds taken.

    A sign-in is a committed write (an audit line). On the embedded file that leaves the cache keys as they are;
    on the shared store every committed write changes the store's version that every worker's cache keys on,
    and each worker reads that version at most every VERSION_MAX_AGE_S: wait until every worker has seen the
    last sign-in, then load every page once so that the runs measure warm serving on both backends."""
    time.sleep(VERSION_MAX_AGE_S + 0.5)
    began = time.perf_counter()
    for worker in workers:
        tab = next(t for t in tabs if t.server is worker)
        for page in pages:
            tab.load(page)
    return time.perf_counter() - began


def concurrent(
    tabs: list[Session],
    workers: list[StreamlitServer],
    loads: int,
    *,
    think_mean: float = 0.0,
    seed: int = 16,
    cluster: Cluster | None = None,
    pages: tuple[str, ...] = PAGES,
    query: str = TERRITORY,
) -> Run:
    """The signed-in `tabs` at once, each loading `loads` pages in turn (offset so that they do not move
    together), with think-time pauses when `think_mean` > 0. The clock and the server CPU count from the moment
    all tabs start."""
    results: list[Load] = []
    lock = threading.Lock()
    start = threading.Barrier(len(tabs) + 1)

    def tab(index: int, session: Session) -> None:
        rng = pauses(think_mean, seed * 1000 + index)
        start.wait()
        for step in range(loads):
            time.sleep(think(rng, think_mean))  # reading the previous page (a random start for the first)
            page = pages[(index + step) % len(pages)]
            try:
                load = session.load(page, query)
            except Exception as error:
                load = Load(page, 0.0, 0, 0, str(error))
            with lock:
                results.append(load)

    threads = [threading.Thread(target=tab, args=(index, session)) for index, session in enumerate(tabs)]

    def workers_cpu() -> float:
        return sum(cpu_seconds(worker.process.pid) for worker in workers)

    for thread in threads:
        thread.start()
    cpu_before, pg_before, commits_before = workers_cpu(), postgres_cpu_seconds(cluster), store_commits(cluster)
    start.wait()
    began = time.perf_counter()
    for thread in threads:
        thread.join()
    return Run(
        len(tabs),
        results,
        time.perf_counter() - began,
        workers_cpu() - cpu_before,
        postgres_cpu_seconds(cluster) - pg_before,
        load_average(),
        None if commits_before is None else (store_commits(cluster) or 0) - commits_before,
    )


def start_store(tmp_dir: Path) -> tuple[Cluster, str]:
    """A private PostgreSQL cluster (as the tests start it) with one database loaded with the demo."""
    bin_dir = postgres_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL's programs (initdb, pg_ctl) are missing: apt-get install postgresql")
    # Not under the temporary folder of this run: the cluster's account must reach it (see start_cluster).
    cluster = start_cluster(bin_dir, Path(tempfile.mkdtemp(prefix="bench-serving-pg-")))
    url = cluster.create_database(STORE_DATABASE)
    began = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "dashboard", "build-demo"], env=server_env(url), cwd=PROJECT_ROOT, check=True,
        capture_output=True, timeout=900,
    )  # fmt: skip
    print(f"démo chargée dans le magasin PostgreSQL en {time.perf_counter() - began:.1f} s")
    return cluster, url


def print_run(run: Run, think_mean: float, alone: dict[str, float]) -> None:
    times = [r.seconds for r in run.loads if r.error is None]
    errors = sum(r.error is not None for r in run.loads)
    exceptions = sum(r.exceptions for r in run.loads)
    # Each load against the same page's time alone (table above): "median page ≤ 2× its solo time".
    slower = [r.seconds / alone[r.page] for r in run.loads if r.error is None and r.page in alone]
    count = max(len(run.loads), 1)
    print(
        f"{run.sessions:>8}{think_mean:>8g}s{median(times):>9.2f}s{max(times, default=float('nan')):>9.2f}s"
        f"{median(slower):>9.1f}x{max(slower, default=float('nan')):>9.1f}x{len(run.loads) / run.wall_seconds * 60:>11.1f}"
        f"{errors:>9}{exceptions:>12}{run.cpu_seconds / count * 1000:>11.0f}ms{run.postgres_cpu_seconds / count * 1000:>9.0f}ms"
        f"{run.wall_seconds:>8.0f}s{run.load_average:>8.1f}{'' if run.store_commits is None else run.store_commits:>7}"
    )
    for error in sorted({r.error for r in run.loads if r.error}):
        print(f"         ERREUR {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(database_path()), help="demo database (copied; never written)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per page (median)")
    parser.add_argument("--loads", type=int, default=3, help="page loads per session in the concurrent runs")
    parser.add_argument(
        "--think-loads", type=int, default=8, help="page loads per session when the sessions think (--think > 0)"
    )
    parser.add_argument("--sessions", type=int, nargs="*", default=[1, 10, 20], help="none: solo pages only")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="url paths ('' for home), default all")
    parser.add_argument("--workers", type=int, default=1, help="dashboard processes; 2 or more: a PostgreSQL store")
    parser.add_argument(
        "--store", choices=("fichier", "postgresql"), default=None, help="default: the DuckDB file for 1 worker"
    )
    parser.add_argument(
        "--think",
        type=float,
        nargs="+",
        default=[0.0],
        help=f"mean pauses, s (0: back to back; {THINK_REFERENCE_S:g}: realistic)",
    )
    parser.add_argument("--seed", type=int, default=16, help="seed of the think times")
    args = parser.parse_args()
    # A stopped bench (timeout, Ctrl-C) still stops its servers and its PostgreSQL cluster (the finally below).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    store = args.store or ("postgresql" if args.workers > 1 else "fichier")
    if store == "fichier" and args.workers > 1:
        parser.error("several workers share a PostgreSQL store (--store postgresql), not the DuckDB file")

    print(
        f"charge de la machine au départ : {' / '.join(f'{v:.1f}' for v in os.getloadavg())} ({os.cpu_count()} cœurs)"
    )
    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        cluster: Cluster | None = None
        workers: list[StreamlitServer] = []
        trivial: StreamlitServer | None = None
        try:
            if store == "postgresql":
                cluster, url = start_store(tmp_dir)
                database, environment = url, server_env(url)
            else:
                db_copy = tmp_dir / "demo.duckdb"
                shutil.copyfile(args.db, db_copy)  # the server holds its copy: the original stays free
                database, environment = str(db_copy), None
            trivial_script = tmp_dir / "temoin.py"
            trivial_script.write_text(TRIVIAL_PAGE, encoding="utf-8")
            for number in range(args.workers):  # one after the other: the first one adds the demo accounts
                log = tmp_dir / f"app-{number}.log"
                workers.append(start_server(database, log, script="app.py", environment=environment))
            trivial = start_server(database, tmp_dir / "temoin.log", script=str(trivial_script))
            print(f"{args.workers} processus dashboard sur {'PostgreSQL' if cluster else 'le fichier DuckDB'}")
            alone, trivial_alone = solo(workers[0], trivial, args.runs, tuple(args.pages))
            tabs = open_tabs(workers, max(args.sessions, default=0))
            trivial_tabs: list[Session] = []
            try:
                for _ in range(max(args.sessions, default=0)):  # warm, as the app's tabs are: a first run untimed
                    trivial_tabs.append(Session(trivial))
                    trivial_tabs[-1].load("", "")
                if tabs:
                    seconds = rewarm(workers, tabs, PAGES)
                    print(f"\nsessions connectées ; chaque page rechargée sur chaque processus en {seconds:.0f} s")
                print("\n== Sessions simultanées (pages en rotation ; session i sur le processus i mod N) ==")
                print(f"({args.loads} pages par session sans pause, {args.think_loads} avec pauses de lecture)")
                print(
                    f"{'sessions':>8}{'pause':>9}{'médiane':>10}{'max':>10}{'÷ seule':>10}{'÷ pire':>10}"
                    f"{'pages/min':>11}{'erreurs':>9}{'exceptions':>12}{'CPU/page':>13}{'CPU PG':>11}{'durée':>9}"
                    f"{'charge':>8}{'écrit.':>7}"
                )
                for think_mean in args.think:
                    for count in args.sessions:
                        loads = args.loads if think_mean == 0 else args.think_loads
                        run = concurrent(
                            tabs[:count], workers, loads, think_mean=think_mean, seed=args.seed, cluster=cluster
                        )
                        print_run(run, think_mean, alone)
                if trivial_tabs:
                    # The same sessions on the trivial page (one process, its own server): how far any Streamlit
                    # page on this machine stays from its time alone when as many loads arrive at once.
                    print("\n== Page témoin, mêmes sessions (un processus) ==")
                    for think_mean in args.think:
                        for count in args.sessions:
                            loads = args.loads if think_mean == 0 else args.think_loads
                            run = concurrent(
                                trivial_tabs[:count], [trivial], loads, think_mean=think_mean, seed=args.seed,
                                pages=("",), query="",
                            )  # fmt: skip
                            print_run(run, think_mean, {"": trivial_alone})
            finally:
                for tab in [*tabs, *trivial_tabs]:
                    tab.close()
            for number, worker in enumerate(workers):
                print(f"pic mémoire du processus {number} (VmHWM) : {memory_peak_mb(worker.process.pid):,.0f} Mo")
        finally:
            for server in [*workers, *([trivial] if trivial else [])]:
                stop_server(server)
            if cluster is not None:
                cluster.stop()
                shutil.rmtree(cluster.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
