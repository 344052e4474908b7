"""The COPIL presenter in a real browser: 5 screens x 4 scopes fit 1920×1080 (and 1280×720 for screens 1-3)
with no scrolling, no two texts of a chart overlapping, every text of a chart whole; PageDown / arrow keys move.

Screenshots go to artifacts/screenshots/ (a selection is copied to docs/screenshots/ by hand after looking).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.browser.harness import SCREENSHOT_DIR, StreamlitServer, normalise, wait_until_rendered

FULL_HD = {"width": 1920, "height": 1080}
PROJECTOR = {"width": 1280, "height": 720}
PERIOD = "annee=2026&trimestre=3"
# (slug, address, words the first screen must show)
SCOPES = (
    (
        "vendomois",
        f"territoire=epci:200072072&{PERIOD}",
        "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100",
    ),
    ("piicto", f"territoire=perimetre:caban-tonkin&demarche=piicto&{PERIOD}", "PIICTO – Démarche EIT de la plateforme"),
    ("region-centre", f"territoire=region:24&{PERIOD}", "Centre-Val de Loire"),
    ("troo", f"territoire=commune:41265&{PERIOD}", "rien à présenter"),
)
SCREEN_TIMEOUT_MS = 90_000  # a cold scope builds its content and its five charts

# Every text of the screen's chart: inside the SVG's box (whole) and apart from every other text.
CHECK_JS = """() => {
  const main = document.querySelector('[data-testid="stMain"]');
  const result = {scroll: [main.scrollHeight, main.clientHeight, document.documentElement.scrollHeight],
                  overlaps: [], outside: [], cards: []};
  for (const svg of document.querySelectorAll('.copil-chart svg')) {
    const box = svg.getBoundingClientRect();
    const texts = [...svg.querySelectorAll('text')]
      .filter(t => t.textContent.trim() && getComputedStyle(t).display !== 'none')
      .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}))
      .filter(x => x.r.width > 0 && x.r.height > 0);
    for (const x of texts) {
      if (x.r.left < box.left - 1 || x.r.right > box.right + 1 || x.r.top < box.top - 1 || x.r.bottom > box.bottom + 1)
        result.outside.push(x.text);
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i].r, b = texts[j].r;
      const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
      if (w > 1 && h > 1) result.overlaps.push([texts[i].text, texts[j].text]);
    }
  }
  for (const card of document.querySelectorAll('.copil-card')) {
    const c = card.getBoundingClientRect();
    for (const part of card.children) {
      const r = part.getBoundingClientRect();
      if (r.bottom > c.bottom + 1 || r.right > c.right + 1) result.cards.push(part.textContent.slice(0, 60));
    }
  }
  return result;
}"""


@pytest.fixture(scope="module")
def presenter_context(browser) -> Iterator[object]:
    """One browser context for the four scopes' tabs: a tab of a context that has loaded the app before takes
    its scripts from the context's cache, compiled (about 0,8 s of Chromium CPU less per tab). Each test still
    opens its own tab, a new Streamlit session that signs in again: no test depends on another's state."""
    context = browser.new_context(viewport=FULL_HD)
    yield context
    context.close()


def open_presenter(context, server: StreamlitServer, query: str, viewport: dict[str, int]):
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(f"{server.url}/copil?{query}&ecran=1")
    wait_until_rendered(page)  # signs in as an administrator on the sign-in page (issue 13), then the address opens
    wait_for_screen(page, 1)
    return page


def wait_for_screen(page, index: int) -> None:
    page.get_by_text(f"Écran {index} / 5", exact=True).wait_for(timeout=SCREEN_TIMEOUT_MS)
    page.wait_for_selector(".copil h2", timeout=SCREEN_TIMEOUT_MS)
    page.wait_for_function(
        """() => !document.querySelector('[data-testid="stSkeleton"]')
              && ![...document.querySelectorAll('[data-stale="true"]')].length""",
        timeout=SCREEN_TIMEOUT_MS,
    )


def check_screen(page, name: str, viewport: dict[str, int]) -> str:
    exceptions = page.locator('[data-testid="stException"]')
    assert not exceptions.count(), exceptions.first.inner_text()[:2000]
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))
    found = page.evaluate(CHECK_JS)
    scroll_height, client_height, document_height = found["scroll"]
    assert scroll_height <= client_height and document_height <= viewport["height"], (name, found["scroll"])
    assert not found["overlaps"], (name, found["overlaps"])
    assert not found["outside"], (name, found["outside"])
    assert not found["cards"], (name, found["cards"])
    return normalise(page.inner_text('[data-testid="stMain"]'))


@pytest.mark.browser
@pytest.mark.slow
@pytest.mark.parametrize(("slug", "query", "expected"), SCOPES, ids=[s[0] for s in SCOPES])
def test_every_screen_fits_1920_and_the_first_three_1280(
    presenter_context, demo_server: StreamlitServer, slug: str, query: str, expected: str
) -> None:
    """Screens 1-5 at 1920×1080, then the same tab turned into a 1280×720 projector on its way back to screen 1,
    screens 3, 2 and 1 checked there: the screens are sized in viewport units only (dashboard/ui/copil.py), so
    resizing lays them out as a load at 1280 would, without loading and signing in again. (Going back checks the
    three screens with four screen runs; back to screen 1 and forward again took six.)"""
    page = open_presenter(presenter_context, demo_server, query, FULL_HD)
    try:
        texts = [check_screen(page, f"copil-{slug}-1-1920", FULL_HD)]
        for index, key in zip(range(2, 6), ("PageDown", "ArrowRight", "PageDown", "ArrowDown"), strict=True):
            page.locator("body").press(key)  # a presenter's clicker sends PageDown; the arrows work too
            wait_for_screen(page, index)
            texts.append(check_screen(page, f"copil-{slug}-{index}-1920", FULL_HD))
        assert expected in texts[0]

        page.set_viewport_size(PROJECTOR)
        for index in (4, 3, 2, 1):
            page.locator("body").press("PageUp")
            wait_for_screen(page, index)
            if index <= 3:
                check_screen(page, f"copil-{slug}-{index}-1280", PROJECTOR)
    finally:
        page.close()
    if slug == "troo":  # an empty scope says so in one sentence, on every screen, with no empty chart
        assert all("rien à présenter" in text for text in texts)
