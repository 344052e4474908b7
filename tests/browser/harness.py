"""Start a Streamlit server on a database and drive Chromium: shared by the browser tests and the benches."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import unicodedata
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlparse

from dashboard.config import DB_PATH_ENV, PROJECT_ROOT

VIEWPORT = {"width": 1600, "height": 1000}  # a chargé de mission's laptop screen


def normalise(text: str) -> str:
    """Fold the no-break spaces of French number formats into plain spaces for comparisons."""
    return unicodedata.normalize("NFKC", text).replace("\u202f", " ").replace("\u00a0", " ")


# The benches time what users see: the full browser. The tests drive Chromium's headless shell when it is
# installed (Debian's `chromium-headless-shell`, what Playwright itself runs headless): the same Blink and V8
# without the desktop browser around them, 15-20 % less Chromium CPU per test (tests/browser/test_pages_browser.py,
# two runs each: 20,8 and 20,0 s -> 17,5 and 16,7 s). `CHROMIUM_PATH` in the environment overrides both.
CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
HEADLESS_SHELL_PATH = "/usr/bin/chromium-headless-shell"
TEST_CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH") or (
    HEADLESS_SHELL_PATH if Path(HEADLESS_SHELL_PATH).exists() else CHROMIUM_PATH
)
# Flags that keep Chromium quiet on a machine without internet (no background calls to Google services).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SERVER_START_TIMEOUT_S = 90  # first start imports pandas/plotly/geopandas: slow on a loaded 2-core machine
RENDER_TIMEOUT_MS = 90_000  # a page's first run may build caches on a loaded machine
SCREENSHOT_DIR = PROJECT_ROOT / "artifacts" / "screenshots"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class StreamlitServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path


def start_server(
    db_path: Path | str,
    log_path: Path,
    script: str = "app.py",
    environment: dict[str, str] | None = None,
    port: int | None = None,
) -> StreamlitServer:
    """`environment`: the server's environment (default this process's), OBSERVATOIRE_DB set to `db_path`;
    `port`: a given one (a server restarted where its browser reconnects), by default a free one."""
    port = port or free_port()
    env = {**(environment or os.environ), DB_PATH_ENV: str(db_path)}
    log = log_path.open("wb")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            script,
            "--server.headless",
            "true",
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=PROJECT_ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited early:\n{log_path.read_text(errors='replace')}")
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return StreamlitServer(url, process, log_path)
        except OSError:
            time.sleep(0.5)
    process.kill()
    raise RuntimeError(f"streamlit did not answer within {SERVER_START_TIMEOUT_S} s")


def stop_server(server: StreamlitServer) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.process.kill()


# Browser tests act as an administrator: the demo's one-click button, or this account on any other database
# (created by the server fixtures with `add_browser_administrator`).
DEMO_ADMIN_BUTTON = "Entrer comme Administrateur (démo)"
BROWSER_LOGIN, BROWSER_PASSWORD = "navigateur.admin", "Navigateur-Admin-2026"


def add_browser_administrator(db_path: Path) -> None:
    from dashboard.auth import Grant, Role
    from dashboard.auth.store import NewAccount, create_user, ensure_tables
    from dashboard.db import Database

    db = Database(db_path)
    try:
        ensure_tables(db)
        if not db.query_value("SELECT count(*) FROM app_user WHERE login = $login", {"login": BROWSER_LOGIN}):
            account = NewAccount(BROWSER_LOGIN, "Navigateur", (Grant(Role.ADMINISTRATOR),), password=BROWSER_PASSWORD)
            create_user(db, account, None)
    finally:
        db.close()


def sign_in_as_administrator(page, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
    """On the sign-in page, sign in as an administrator (the app then opens the page of the address)."""
    demo = page.get_by_role("button", name=DEMO_ADMIN_BUTTON)
    if demo.count():
        demo.click()
    else:
        page.get_by_label("Identifiant").fill(BROWSER_LOGIN)
        page.get_by_label("Mot de passe", exact=True).fill(BROWSER_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    # Signed in once the sidebar's sign-out button exists. Attached, not visible: the full-screen COPIL presenter
    # hides the sidebar, and a wait for visibility there only passed when it polled before the hiding style applied.
    page.get_by_text("Se déconnecter").wait_for(state="attached", timeout=timeout_ms)


# The shared page header (an h1), or the full-screen COPIL mode's screen title or its one-sentence message.
APP_LANDMARK = (
    '[data-testid="stMain"] h1, [data-testid="stMain"] .copil h2, [data-testid="stMain"] [data-testid="stAlert"], '
    '[data-testid="stException"]'
)


# Counts the app's script runs in the page, from its WebSocket messages (one protobuf message per frame): the
# browser's requests for a run (BackMsg field 11, `rerun_script`), the runs the server starts (ForwardMsg field 4,
# `new_session`) and ends (ForwardMsg field 6, `script_finished`, whose value 2 means "stopped early for the next
# run"), with the time of the last message and of the last run's end (`performance.now()`). Installed before the
# app's own code by `TrackingBrowser`; `wait_until_rendered` and the page bench read it. `fragmentOnly`: the last
# run ended with value 3, a fragment's run alone (`st.fragment`), not the page's.
RUN_TRACKER = """
(() => {
  if (window.__streamlitRuns) return;
  const runs = { seq: 0, sent: 0, started: 0, finished: 0, early: 0, waited: 0, lastMessageAt: 0, finishedAt: 0 };
  window.__streamlitRuns = runs;
  const bytes = (data) => data instanceof ArrayBuffer ? new Uint8Array(data)
    : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : null;
  // The top-level fields of a protobuf message: [field number, value when a varint else null]; values skipped.
  const fields = (b) => {
    const found = [];
    let i = 0;
    const varint = () => {
      let value = 0, scale = 1, byte;
      do { byte = b[i++]; value += (byte & 0x7f) * scale; scale *= 128; } while (byte & 0x80 && i < b.length);
      return value;
    };
    while (i < b.length) {
      const tag = varint(), number = Math.floor(tag / 8), wire = tag % 8;
      if (wire === 0) { found.push([number, varint()]); continue; }
      found.push([number, null]);
      if (wire === 2) { const length = varint(); i += length; }  // (`i += varint()` would add to the old i)
      else if (wire === 1) i += 8;
      else if (wire === 5) i += 4;
      else break;
    }
    return found;
  };
  const Native = window.WebSocket;
  const send = Native.prototype.send;
  Native.prototype.send = function (data) {
    const b = bytes(data);
    if (b && fields(b).some(([number]) => number === 11)) runs.sent = ++runs.seq;
    return send.call(this, data);
  };
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {  // added before the app's own handler: runs first
        runs.lastMessageAt = performance.now();  // the page bench's timings (benches/bench_pages_browser.py)
        const b = bytes(event.data);
        for (const [number, value] of b ? fields(b) : []) {
          if (number === 4) runs.started = ++runs.seq;
          else if (number === 6 && value === 2) runs.early = ++runs.seq;
          else if (number === 6) {
            runs.finished = ++runs.seq; runs.finishedAt = runs.lastMessageAt;
            runs.fragmentOnly = value === 3;  // FINISHED_FRAGMENT_RUN_SUCCESSFULLY: only a fragment ran
          }
        }
      });
    }
  };
})();
"""
QUIET_MS = 300  # the app's drawing still settling after its run's end message (see wait_until_rendered)
QUIET_UNTRACKED_MS = 1000  # without the run tracker: the whole wait for a requested run to start


class TrackingBrowser:
    """A Playwright browser whose new pages count the app's script runs (`RUN_TRACKER`), so that
    `wait_until_rendered` knows when the run an action started has ended instead of waiting for a quiet second."""

    def __init__(self, browser) -> None:
        self._browser = browser

    def new_context(self, **options):
        context = self._browser.new_context(**options)
        context.add_init_script(script=RUN_TRACKER)
        return context

    def new_page(self, **options):
        page = self._browser.new_page(**options)
        page.add_init_script(script=RUN_TRACKER)
        return page

    def __getattr__(self, name: str):
        return getattr(self._browser, name)


def wait_until_rendered(
    page,
    timeout_ms: int = RENDER_TIMEOUT_MS,
    *,
    sign_in: bool = True,
    landmark: str = APP_LANDMARK,
    fresh: bool = False,
) -> None:
    """Wait until Streamlit has finished running the script: the app's script state is "notRunning", the
    "running" status widget is gone, and, in a page of `TrackingBrowser`, every run the page asked for has
    started and its last run has ended (`RUN_TRACKER`), all of it for `QUIET_MS`: the app draws the end of a run
    just after its end message arrives. Without the tracker (a page of another browser), the state must hold
    for `QUIET_UNTRACKED_MS`, long enough for a requested run to have started on a loaded machine.

    Every page of the app starts with the shared header (an h1; the full-screen COPIL mode shows its screen title or
    its message instead), so its presence proves app.py ran; a bare "main" element is not enough on a cold server,
    where the status widget appears only after a while.

    `fresh`: after an action that always starts a run (a page change). The run must have been asked for after
    the previous wait of the page ended; without the tracker, a quiet period measured by an earlier call does not
    count (otherwise a call made before that run has started may return at once).
    """
    page.wait_for_selector(landmark, timeout=timeout_ms)
    if fresh:  # the quiet period counts from this call, not from an earlier wait of the same tab
        page.evaluate("window.__quietSince = undefined")
    page.wait_for_function(
        """([fresh, quiet, quietUntracked]) => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            const skeleton = document.querySelector('[data-testid="stSkeleton"]');
            const runs = window.__streamlitRuns;
            const ended = !runs || (runs.finished > Math.max(runs.sent, runs.started, runs.early)
                                    && (!fresh || runs.sent > runs.waited));
            if (state !== 'notRunning' || running || skeleton || !ended) {
                window.__quietSince = undefined;
                return false;
            }
            window.__quietSince = window.__quietSince || Date.now();
            if (Date.now() - window.__quietSince <= (runs ? quiet : quietUntracked)) return false;
            if (runs) runs.waited = runs.seq;
            return true;
        }""",
        arg=[fresh, QUIET_MS, QUIET_UNTRACKED_MS],
        timeout=timeout_ms,
        polling=100,
    )
    if sign_in and page.get_by_role("button", name="Se connecter").count():  # the sign-in page (issue 13)
        sign_in_as_administrator(page, timeout_ms)
        wait_until_rendered(page, timeout_ms, sign_in=False)


def visit(page, server: StreamlitServer, path: str, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
    """Show the app's page at the URL path `path` ("" for the home page) to a signed-in administrator.

    Through the sidebar's link when the tab shows it: the browser keeps its session (sign-in, caches) and only the
    page's script runs, as when a user clicks. Otherwise (a new tab, or the full-screen COPIL presenter, which has
    no sidebar) the address is loaded and the administrator signs in. Either way it returns once the page is drawn.
    """
    for link in page.locator('[data-testid="stSidebarNav"] a').all():
        if urlparse(link.get_attribute("href") or "").path.strip("/") != path.strip("/") or not link.is_visible():
            continue
        if urlparse(page.url).path.strip("/") == path.strip("/"):
            break  # already there: load the address again, as a test expects a fresh page
        link.click()
        # The page left stays on screen until the new page's script runs: wait for the address, then the drawing.
        page.wait_for_url(lambda url: urlparse(url).path.strip("/") == path.strip("/"), timeout=timeout_ms)
        wait_until_rendered(page, timeout_ms, fresh=True)
        return
    page.goto(f"{server.url}/{path.strip('/')}")
    wait_until_rendered(page, timeout_ms)


def wait_until_still(page, element, timeout_ms: int = RENDER_TIMEOUT_MS, quiet_ms: int = 500) -> None:
    """Wait until an element has stopped moving: an expander's opening animation, or content growing above it,
    scrolls the page for a while after the script run has ended, and a pick-list closes its open list when the
    page scrolls under it (the record forms' browser test lost its choices that way)."""
    page.wait_for_function(
        """([element, quiet]) => {
            const box = element.getBoundingClientRect();
            const main = document.querySelector('[data-testid="stMain"]');
            const where = [box.top, box.height, main ? main.scrollTop : 0].join();
            if (element.__where !== where) { element.__where = where; element.__since = Date.now(); return false; }
            return Date.now() - element.__since >= quiet;
        }""",
        arg=[element.element_handle(timeout=timeout_ms), quiet_ms],
        timeout=timeout_ms,
        polling=50,
    )


def wait_for_charts(page, timeout_ms: int = RENDER_TIMEOUT_MS) -> None:
    """Wait until every visible Plotly chart is drawn: Plotly draws after the script run ends, so a rendered page
    may still show empty chart frames (SVG maps: their communes or points are drawn; a MapLibre map: its canvas
    exists once MapLibre has started)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .filter(chart => chart.offsetParent !== null)
            .every(chart => chart.querySelector('.main-svg')
                && (!chart.querySelector('.map, .mapboxgl-map, .maplibregl-map') || chart.querySelector('canvas'))
                && (!chart.querySelector('.geo') || chart.querySelector('.geo .choroplethlocation, .geo .scatterlayer .trace')))""",
        timeout=timeout_ms,
        polling=100,
    )


# What each Plotly chart of the page holds: no template, a data revision, GeoJSON as a URL — the three things
# Plotly.react compares by identity, which made Streamlit's chart draw every figure twice (dashboard/charts/browser.py).
# Given once `n` charts have their figure (Streamlit mounts a chart's component after the run's end).
_CHARTS_AS_SENT = """(n) => {
    const charts = [...document.querySelectorAll('[data-testid="stPlotlyChart"] .js-plotly-plot')];
    return charts.filter(chart => chart._fullLayout).length >= n && charts.map(chart => ({
        template: chart.layout.template === undefined,
        revision: typeof chart.layout.datarevision === 'string',
        geojson: chart.data.every(trace => trace.geojson === undefined || typeof trace.geojson === 'string'),
    }));
}"""
DRAWN_ONCE = {"template": True, "revision": True, "geojson": True}


def charts_as_sent(page, expected: int, timeout_ms: int = RENDER_TIMEOUT_MS) -> list[dict[str, bool]]:
    """The page's Plotly charts as `_CHARTS_AS_SENT` describes them, once `expected` of them have their figure."""
    ready = page.wait_for_function(_CHARTS_AS_SENT, arg=expected, timeout=timeout_ms, polling=100)
    return ready.json_value()
