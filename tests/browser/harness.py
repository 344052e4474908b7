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


CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
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
    db_path: Path | str, log_path: Path, script: str = "app.py", environment: dict[str, str] | None = None
) -> StreamlitServer:
    """`environment`: the server's environment (default this process's), OBSERVATOIRE_DB set to `db_path`."""
    port = free_port()
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
        page.get_by_label("Mot de passe").fill(BROWSER_PASSWORD)
        page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Se déconnecter").wait_for(timeout=timeout_ms)


# The shared page header (an h1), or the full-screen COPIL mode's screen title or its one-sentence message.
APP_LANDMARK = (
    '[data-testid="stMain"] h1, [data-testid="stMain"] .copil h2, [data-testid="stMain"] [data-testid="stAlert"], '
    '[data-testid="stException"]'
)


def wait_until_rendered(
    page,
    timeout_ms: int = RENDER_TIMEOUT_MS,
    *,
    sign_in: bool = True,
    landmark: str = APP_LANDMARK,
    fresh: bool = False,
) -> None:
    """Wait until Streamlit has finished running the script (the app's script state is "notRunning" and the
    "running" status widget is gone, for a second: a loaded machine can pause between the two).

    Every page of the app starts with the shared header (an h1; the full-screen COPIL mode shows its screen title or
    its message instead), so its presence proves app.py ran; a bare "main" element is not enough on a cold server,
    where the status widget appears only after a while.

    `fresh`: do not count a quiet second measured by an earlier call in the same tab. Use it after an action that
    always starts a run (a page change): otherwise a call made before that run has started may return at once.
    """
    page.wait_for_selector(landmark, timeout=timeout_ms)
    if fresh:  # the quiet second counts from this call, not from an earlier wait of the same tab
        page.evaluate("window.__quietSince = undefined")
    page.wait_for_function(
        """() => {
            const app = document.querySelector('[data-testid="stApp"]');
            const state = app && app.getAttribute('data-test-script-state');
            const running = document.querySelector('[data-testid="stStatusWidget"]');
            const skeleton = document.querySelector('[data-testid="stSkeleton"]');
            if (state !== 'notRunning' || running || skeleton) { window.__quietSince = undefined; return false; }
            window.__quietSince = window.__quietSince || Date.now();
            return Date.now() - window.__quietSince > 1000;
        }""",
        timeout=timeout_ms,
        polling=200,
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
    may still show empty chart frames (maps: their canvas exists once MapLibre has started)."""
    page.wait_for_function(
        """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')]
            .filter(chart => chart.offsetParent !== null)
            .every(chart => chart.querySelector('.main-svg')
                && (!chart.querySelector('.map, .mapboxgl-map, .maplibregl-map') || chart.querySelector('canvas')))""",
        timeout=timeout_ms,
        polling=100,
    )
