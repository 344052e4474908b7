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

Every loop is bounded (loads per session, a timeout per load); nothing leaves 127.0.0.1.

    python -m benches.bench_serving                      # about 6 minutes on the 2-core machine
    python -m benches.bench_serving --loads 2 --sessions 1 10   # quicker
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
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
from dashboard.config import database_path
from tests.browser.harness import StreamlitServer, start_server, stop_server

LOAD_TIMEOUT_S = 180.0  # one page load on a loaded machine with 20 sessions can take a while: beyond, an error
SIGN_OUT_KEY = "auth.sign_out"  # the sidebar's sign-out button: drawn on every page of a signed-in session
MAX_MESSAGE_BYTES = 1024 * 1024 * 1024
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


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def solo(app: StreamlitServer, trivial: StreamlitServer, runs: int, pages: tuple[str, ...] = PAGES) -> dict[str, float]:
    """Each page warm, alone, alternating with the trivial page; server CPU per page load, and its ratio to the
    trivial page's CPU per load measured in the same loop. Returns each page's median time alone."""
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
        worst, trivial_cpu, errors, alone = 0.0, [], [], {}
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
        return alone
    finally:
        app_session.close()
        trivial_session.close()


@dataclass
class Run:
    sessions: int
    loads: list[Load]
    wall_seconds: float
    cpu_seconds: float


def concurrent(app: StreamlitServer, sessions: int, loads: int) -> Run:
    """`sessions` tabs at once, each loading `loads` pages in turn (offset so that they do not move together).

    The tabs connect and sign in first, one after the other; the clock and the server CPU count from the moment
    they all start loading pages."""
    results: list[Load] = []
    lock = threading.Lock()
    tabs: list[Session] = []
    for _ in range(sessions):
        try:
            session = Session(app)
            tabs.append(session)
            session.sign_in()
        except Exception as error:  # a refused connection is an error of the run, not of the bench
            results.append(Load("connexion", 0.0, 0, 0, str(error)))
    start = threading.Barrier(len(tabs) + 1)

    def tab(index: int, session: Session) -> None:
        start.wait()
        for step in range(loads):
            page = PAGES[(index + step) % len(PAGES)]
            try:
                load = session.load(page)
            except Exception as error:
                load = Load(page, 0.0, 0, 0, str(error))
            with lock:
                results.append(load)

    threads = [threading.Thread(target=tab, args=(index, session)) for index, session in enumerate(tabs)]
    try:
        for thread in threads:
            thread.start()
        cpu_before = cpu_seconds(app.process.pid)
        start.wait()
        began = time.perf_counter()
        for thread in threads:
            thread.join()
        return Run(sessions, results, time.perf_counter() - began, cpu_seconds(app.process.pid) - cpu_before)
    finally:
        for session in tabs:
            session.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=str(database_path()), help="demo database (copied; never written)")
    parser.add_argument("--runs", type=int, default=3, help="warm runs per page (median)")
    parser.add_argument("--loads", type=int, default=3, help="page loads per session in the concurrent runs")
    parser.add_argument("--sessions", type=int, nargs="*", default=[1, 10, 20], help="none: solo pages only")
    parser.add_argument("--pages", nargs="+", default=list(PAGES), help="url paths ('' for home), default all")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        tmp_dir = Path(tmp)
        db_copy = tmp_dir / "demo.duckdb"
        shutil.copyfile(args.db, db_copy)  # the server holds its copy: the original stays free
        trivial_script = tmp_dir / "temoin.py"
        trivial_script.write_text(TRIVIAL_PAGE, encoding="utf-8")
        app = start_server(db_copy, tmp_dir / "app.log", script="app.py")
        trivial = start_server(db_copy, tmp_dir / "temoin.log", script=str(trivial_script))
        try:
            alone = solo(app, trivial, args.runs, tuple(args.pages))
            print(f"\n== Sessions simultanées ({args.loads} pages chacune, pages en rotation) ==")
            print(
                f"{'sessions':>8}{'médiane':>10}{'max':>10}{'erreurs':>9}{'exceptions':>12}{'durée':>9}{'pages/min':>11}"
                f"{'÷ seule':>9}"
            )
            for count in args.sessions:
                run = concurrent(app, count, args.loads)
                times = [r.seconds for r in run.loads if r.error is None]
                errors = sum(r.error is not None for r in run.loads)
                exceptions = sum(r.exceptions for r in run.loads)
                # Each load against the same page's time alone (table above): "median page ≤ 2× its solo time".
                slower = [r.seconds / alone[r.page] for r in run.loads if r.error is None and r.page in alone]
                print(
                    f"{count:>8}{median(times):>9.2f}s{max(times, default=float('nan')):>9.2f}s{errors:>9}"
                    f"{exceptions:>12}{run.wall_seconds:>8.0f}s{len(run.loads) / run.wall_seconds * 60:>11.1f}"
                    f"{median(slower):>9.1f}x   (CPU serveur {run.cpu_seconds / max(len(run.loads), 1) * 1000:.0f}"
                    " ms/page)"
                )
                for error in sorted({r.error for r in run.loads if r.error}):
                    print(f"         ERREUR {error}")
            print(f"\npic mémoire du serveur (VmHWM) : {memory_peak_mb(app.process.pid):,.0f} Mo")
        finally:
            stop_server(app)
            stop_server(trivial)


if __name__ == "__main__":
    main()
