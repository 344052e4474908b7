"""The sidebar never shows Streamlit's automatic listing of the pages/ folder (raw file names, English "View more").

Streamlit runs a new server process's first script run as an old-style multipage app over pages/ (until a script
calls st.navigation): without `client.showSidebarNavigation = false` that run lists `accueil`, `objectifs`, … in
the sidebar from the first paint until app.py declares its own navigation. It happens to the first visitor of every
freshly started worker, e.g. a user moved to another worker when theirs stopped (docs/deployment.md §5.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from dashboard.config import PROJECT_ROOT
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    SCREENSHOT_DIR,
    StreamlitServer,
    add_browser_administrator,
    sign_in_as_administrator,
    start_server,
    stop_server,
    wait_until_rendered,
)

# Every text the sidebar navigation ever shows, recorded from the first paint on (before any Streamlit script runs):
# links, section headers and the "View more/less" button, the icon ligature name dropped (last line only).
RECORD_NAVIGATION_TEXTS = """
window.__navigationTexts = [];
new MutationObserver(() => {
  const shown = document.querySelectorAll(
    '[data-testid="stSidebarNav"] a, [data-testid="stSidebarNav"] button, [data-testid="stNavSectionHeader"]'
  );
  for (const element of shown) {
    const lines = (element.innerText || '').split('\\n').map((line) => line.trim()).filter(Boolean);
    const text = lines.length ? lines[lines.length - 1] : '';
    if (text && !window.__navigationTexts.includes(text)) window.__navigationTexts.push(text);
  }
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
RAW_NAMES = {"app", *(path.stem for path in (PROJECT_ROOT / "pages").glob("*.py"))}


@pytest.fixture
def fresh_server(world_db_file: Path, tmp_path: Path) -> Iterator[StreamlitServer]:
    """A server process no browser has opened yet: its first session is the one that showed the raw listing."""
    db_path = world_db_file  # a copy of the test world built once per run
    add_browser_administrator(db_path)
    server = start_server(db_path, tmp_path / "streamlit.log")
    yield server
    stop_server(server)


def open_as_first_visitor(page, server: StreamlitServer, path: str) -> None:
    """Open `path` in a new tab, the sidebar's texts recorded from the first paint on, up to the sign-in page."""
    page.add_init_script(RECORD_NAVIGATION_TEXTS)
    page.goto(f"{server.url}/{path}")
    page.get_by_label("Identifiant").wait_for(timeout=RENDER_TIMEOUT_MS)
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"navigation_first_visit_{path or 'home'}_sign_in.png"))


def sign_in_and_check_the_navigation(page, path: str) -> None:
    """Sign in from the first visit's sign-in page: the linked page opens in the app's shell, and the sidebar never
    showed a raw file name or an English label, only the app's own navigation."""
    sign_in_as_administrator(page)
    title = "Journal des actions" if path else "Accueil"  # the page of the address, in the app's shell
    page.get_by_role("heading", name=title, level=1).wait_for(timeout=RENDER_TIMEOUT_MS)
    page.get_by_test_id("stSidebarNav").get_by_text("Journal des actions").wait_for(timeout=RENDER_TIMEOUT_MS)
    wait_until_rendered(page, sign_in=False)  # the screenshot shows the page, not the sign-in form fading out
    page.screenshot(path=str(SCREENSHOT_DIR / f"navigation_first_visit_{path or 'home'}_signed_in.png"))
    seen = page.evaluate("window.__navigationTexts")
    raw = sorted(text for text in seen if text in RAW_NAMES)
    english = sorted(text for text in seen if text.startswith("View"))
    assert not raw and not english, f"raw page files {raw} / English labels {english} shown in the sidebar: {seen}"
    # The app's own navigation is drawn in the sidebar (the configuration option must not hide it too).
    assert {"Vue d'ensemble", "Accueil", "Import et export", "Journal des actions"} <= set(seen), seen


@pytest.mark.browser
@pytest.mark.slow
def test_first_visitor_of_a_new_worker_by_a_shared_link_never_sees_the_raw_page_list(
    browser, fresh_server: StreamlitServer
):
    """A shared link as the process's first request: Streamlit then runs pages/journal.py alone (no app.py, no
    sign-in): the page must send it through app.py (sign-in, then the linked page), never stay blank. (The first
    visitor of the home page is the first step of the next test, which needs a new worker too.)"""
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_as_first_visitor(page, fresh_server, "journal")
        sign_in_and_check_the_navigation(page, "journal")
    finally:
        page.close()


SERVER_CHANGED = "Votre session a été interrompue côté serveur"


@pytest.mark.browser
@pytest.mark.slow
def test_a_tab_moved_to_a_new_worker_is_told_why_it_must_sign_in_again(browser, world_db_file: Path, tmp_path: Path):
    """The worker under a signed-in tab stops and a new process takes its address (a restart, or nginx sending the
    tab to another worker): the sign-in page says why. Never on a first visit, a new tab or after a sign-out.

    Its first step is the first visitor of a new worker's home page: never the raw page list in the sidebar (see
    the module's docstring), checked here rather than on a server of its own (a server start and a sign-in less)."""
    db_path = world_db_file  # a copy of the test world built once per run
    add_browser_administrator(db_path)
    server = start_server(db_path, tmp_path / "first.log")
    page = browser.new_page(viewport={"width": 1920, "height": 1080})
    try:
        open_as_first_visitor(page, server, "")
        assert not page.get_by_text(SERVER_CHANGED).count()  # a first visit
        sign_in_and_check_the_navigation(page, "")
        page.get_by_role("button", name="Se déconnecter").click()
        page.get_by_label("Identifiant").wait_for(timeout=RENDER_TIMEOUT_MS)
        assert not page.get_by_text(SERVER_CHANGED).count()  # a sign-out in this session
        sign_in_as_administrator(page)

        stop_server(server)
        port = int(server.url.rsplit(":", 1)[1])
        server = start_server(db_path, tmp_path / "second.log", port=port)
        # The tab reconnects by itself; its next action (here a page change) runs on the new process, which has no
        # session: the sign-in page. A click before the reconnection is lost: it is repeated until the page shows.
        link = page.get_by_test_id("stSidebarNav").get_by_role("link", name="Journal des actions")
        for _attempt in range(20):
            if page.get_by_label("Identifiant").count():
                break
            try:
                if link.count():
                    # Bounded: while the tab is disconnected the links are disabled (their container takes the click)
                    link.click(timeout=3_000)
                page.get_by_label("Identifiant").wait_for(timeout=3_000)
            except PlaywrightTimeoutError:
                continue
        expect(page.get_by_text(SERVER_CHANGED)).to_be_visible(timeout=RENDER_TIMEOUT_MS)
        page.screenshot(path=str(SCREENSHOT_DIR / "navigation_worker_changed_sign_in.png"))
        # A later run of the sign-in page (here a failed attempt) no longer carries the old page's widgets: the
        # message stays until someone signs in.
        page.get_by_label("Identifiant").fill("navigateur.admin")
        page.get_by_label("Mot de passe", exact=True).fill("pas-le-bon")
        page.get_by_role("button", name="Se connecter").click()
        expect(page.get_by_text("Identifiant ou mot de passe incorrect.")).to_be_visible(timeout=RENDER_TIMEOUT_MS)
        expect(page.get_by_text(SERVER_CHANGED)).to_be_visible()
        sign_in_as_administrator(page)
        expect(page.get_by_text(SERVER_CHANGED)).to_have_count(0)

        new_tab = browser.new_page(viewport={"width": 1920, "height": 1080})
        new_tab.goto(server.url)
        new_tab.get_by_label("Identifiant").wait_for(timeout=RENDER_TIMEOUT_MS)
        assert not new_tab.get_by_text(SERVER_CHANGED).count()  # another tab of the same browser: a first visit
        new_tab.close()
    finally:
        page.close()
        stop_server(server)
