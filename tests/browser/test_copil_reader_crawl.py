"""Signed in as lecteur COPIL on the demo, a real browser visits every page it is offered and every screen of the
Mode COPIL, downloads every file offered, and fails if a company name, a SIRET (or register identifier) or a
company's coordinates from the database appear in a page's text or in a downloaded file."""

from __future__ import annotations

import functools
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import duckdb
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.harness import RENDER_TIMEOUT_MS, VIEWPORT, StreamlitServer, normalise, wait_until_rendered

READER_BUTTON = "Entrer comme Lecteur COPIL (démo)"
NEXT_SCREEN = "Suivant"
ANY_PAGE = '[data-testid="stMain"]'  # the full-screen COPIL presenter has no page header (h1)


class Forbidden(dict[str, set[str]]):
    """The values a lecteur COPIL must never see, by kind, with one regular expression finding any of them."""

    @functools.cached_property
    def any_value(self) -> re.Pattern[str]:
        """Matches where any of the values starts: the values as a trie (`(?:4(?:7\\.79|8\\.1))`), so that a
        text is read once for all of them. The page texts and downloaded files of a crawl (about 4 MB, most of
        it PNG bytes) took about 5 s of CPU with one `in` per value (about 3 000), 0,05 s this way."""
        trie: dict[str, dict] = {}
        for value in {value for values in self.values() for value in values}:
            node = trie
            for character in value:
                node = node.setdefault(character, {})
            node[""] = {}  # a value ends here

        def pattern(node: dict[str, dict]) -> str:
            branches = [re.escape(c) + pattern(child) for c, child in sorted(node.items()) if c]
            if not branches:
                return ""
            body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
            return f"(?:{body})?" if "" in node else body

        return re.compile(pattern(trie))


def forbidden_values(db_path: Path) -> Forbidden:
    """What must never reach a lecteur COPIL: company names, SIRETs and register identifiers, coordinates (at
    the 4 decimals the company table shows, both decimal separators, and as stored)."""
    with duckdb.connect(str(db_path), read_only=True) as con:
        companies = con.execute("SELECT name, siret, longitude, latitude FROM company").fetchall()
        establishments = [r[0] for r in con.execute("SELECT establishment_id FROM establishment").fetchall()]
    coordinates = set()
    for _, _, lon, lat in companies:
        for value in (lon, lat):
            if value is not None:
                text = f"{value:.4f}"
                coordinates |= {text, text.replace(".", ","), repr(value)}
    return Forbidden(
        nom={name for name, *_ in companies},
        siret={s for _, s, _, _ in companies if s} | {e for e in establishments if re.fullmatch(r"\d{14}", e)},
        coordonnées=coordinates,
    )


def file_text(path: Path, name: str) -> str:
    """A downloaded file as text: a workbook's sheets and shared strings unzipped, other files decoded. (A PNG's
    drawn text cannot be read back; PNG charts carry the same data as the page's text, checked there.)"""
    if name.endswith(".xlsx"):
        with zipfile.ZipFile(path) as workbook:
            return "\n".join(workbook.read(member).decode("utf-8", errors="ignore") for member in workbook.namelist())
    return path.read_bytes().decode("utf-8", errors="ignore")


def leaks(text: str, forbidden: Forbidden) -> list[str]:
    """Each forbidden value found in `text`, named with its kind (listed value by value only when there is one)."""
    if not forbidden.any_value.search(text):
        return []
    return sorted(f"{kind} « {value} »" for kind, values in forbidden.items() for value in values if value in text)


@pytest.mark.browser
@pytest.mark.slow
def test_copil_reader_never_sees_company_data(
    browser, demo_server: StreamlitServer, demo_db_path: Path, tmp_path: Path
) -> None:
    forbidden = forbidden_values(demo_db_path)
    assert forbidden["nom"] and forbidden["coordonnées"]
    some_company = sorted(forbidden["nom"])[0]
    assert leaks(f"… {some_company} …", forbidden) == [f"nom « {some_company} »"]  # the detector itself works
    page = browser.new_page(viewport=VIEWPORT, accept_downloads=True)
    page.set_default_timeout(RENDER_TIMEOUT_MS)  # clicks wait for a loaded machine as the page waits do
    try:
        page.goto(demo_server.url)
        page.get_by_role("button", name=READER_BUTTON).click(timeout=RENDER_TIMEOUT_MS)
        wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE)
        links = page.locator('[data-testid="stSidebarNav"] a')
        titles = [
            normalise(links.nth(i).inner_text()).splitlines()[-1].strip() for i in range(links.count())
        ]  # icon name first
        assert "Entreprises et diagnostics" not in " ".join(titles)  # company pages are not offered
        visited, found = [], {}

        def inspect(where: str) -> None:
            """The text shown and every file offered by the visible download buttons, expanders opened."""
            opened = False
            for summary in page.locator('[data-testid="stMain"] [data-testid="stExpander"] summary').all():
                if summary.is_visible() and summary.get_attribute("aria-expanded") != "true":
                    summary.click()
                    opened = True
            if opened:  # a lazy section is drawn by the run its opening starts (dashboard/ui/lazy.py)
                wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE)
            text = page.inner_text('[data-testid="stMain"]') + page.inner_text('[data-testid="stSidebar"]')
            found[where] = leaks(text, forbidden)
            for number in range(len(visible_download_buttons())):
                content, name = download(number)
                found[f"{where} : {name}"] = leaks(content, forbidden)
                (tmp_path / f"{len(found)}-{number}-{name}").write_text(content, encoding="utf-8")

        def visible_download_buttons() -> list:  # type: ignore[type-arg]
            return [b for b in page.locator('[data-testid="stDownloadButton"] button').all() if b.is_visible()]

        def download(number: int) -> tuple[str, str]:
            """The file the `number`-th visible download button gives. A click reruns the script, which redraws the
            buttons and may cancel a transfer: the button is looked up again after each rerun."""
            for _ in range(3):
                wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE)
                try:
                    with page.expect_download(timeout=RENDER_TIMEOUT_MS) as download_info:
                        visible_download_buttons()[number].click(timeout=15_000)
                except PlaywrightTimeoutError:  # detached by a rerun: look it up again
                    continue
                if download_info.value.failure() is None:
                    name = download_info.value.suggested_filename
                    return file_text(Path(download_info.value.path()), name), name
            raise AssertionError(f"download {number + 1} failed on this page")

        def open_tab(number: int) -> None:
            """Click the `number`-th tab of the main area. A rerun still drawing the page (after a download's click)
            may replace the tab element while Playwright clicks it: the tab is looked up again once the page is
            rendered, as the downloads are."""
            for _ in range(3):
                wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE)
                try:
                    page.locator('[data-testid="stMain"] [role="tab"]').nth(number).click(timeout=15_000)
                except PlaywrightTimeoutError:
                    continue
                wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE)
                return
            raise AssertionError(f"tab {number + 1} could not be opened on this page")

        # the full-screen COPIL presenter hides the sidebar: visited last
        order = sorted(range(len(titles)), key=lambda i: titles[i] == "Mode COPIL")
        for index in order:
            title = titles[index]
            link = page.locator('[data-testid="stSidebarNav"] a').nth(index)
            path = urlparse(link.get_attribute("href") or "").path
            link.click()
            # The main area of the page left is still on screen until the new page runs: wait for the address,
            # then for the new page (the COPIL presenter: its « Suivant » button, since it has no page header).
            page.wait_for_url(lambda url, path=path: urlparse(url).path == path, timeout=RENDER_TIMEOUT_MS)
            wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE, fresh=True)
            if title == "Mode COPIL":
                page.get_by_role("button", name=NEXT_SCREEN).wait_for(timeout=RENDER_TIMEOUT_MS)
            screens = 1
            while True:
                tabs = page.locator('[data-testid="stMain"] [role="tab"]')
                if tabs.count():
                    for number in range(tabs.count()):
                        open_tab(number)
                        inspect(f"{title} (écran {screens}, onglet {number + 1})")
                else:
                    inspect(f"{title} (écran {screens})")
                next_screen = page.get_by_role("button", name=NEXT_SCREEN)
                if next_screen.count() == 0 or next_screen.is_disabled():
                    break
                next_screen.click()
                screens += 1
                # the screen's own counter: a quiet moment before the new screen's run starts proves nothing
                page.get_by_text(f"Écran {screens} / ", exact=False).first.wait_for(timeout=RENDER_TIMEOUT_MS)
                wait_until_rendered(page, sign_in=False, landmark=ANY_PAGE, fresh=True)
            visited.append((title, screens))
        assert {title for title, _ in visited} >= {"Accueil", "Mode COPIL", "Carte", "Synergies"}
        assert dict(visited)["Mode COPIL"] >= 5, visited  # every COPIL screen
        assert {where: what for where, what in found.items() if what} == {}
    finally:
        page.close()
