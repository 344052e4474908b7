"""End to end in Chromium, on a private copy of the demo database: a chargé de mission enters a company in the
Vendômois, its diagnostic with two flows (pasted into the grid, as from a spreadsheet), a synergy with another
company moved to « réalisée » with an impact, and a workshop with both. Then the figures of the Accueil,
Objectifs / COPIL (indicator report) and Synergies pages move by exactly what was entered, and the history of
each record lists the steps.

The figures are read with the core functions these pages call, before the server opens the copy and after it
has closed it (DuckDB lets one process hold the file); the Accueil page is also read on screen.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.codes import ChangeAction, RecordEntity, SynergyStatus
from dashboard.db import Database
from dashboard.eit import metrics, synergies
from dashboard.eit.metrics import Headline
from dashboard.geography.territories import Period
from dashboard.i18n import fmt_int
from dashboard.indicators import values
from dashboard.records import store
from tests.browser.harness import (
    SCREENSHOT_DIR,
    StreamlitServer,
    normalise,
    start_server,
    stop_server,
    wait_until_rendered,
)

# Collected only with OBSERVATOIRE_FORMS_E2E=1 (tests/browser/conftest.py) until the grid interactions are reliable:
# on the loaded 2-core machine a paste into a data editor is sometimes not yet in the server's state when the save
# is clicked (2026-12-04: passed 2 of the last 6 runs). The same scenario runs deterministically through the form
# core in every run: tests/records/test_end_to_end.py.
pytestmark = [pytest.mark.browser, pytest.mark.slow]

VENDOMOIS = "epci:200072072"
YEAR = dt.date.today().year  # the forms date new records today
SCREEN = {"width": 1920, "height": 1080}
HEADER_PX, ROW_PX = 36, 35  # the data grid's header and row heights (Streamlit's defaults)
SAVED = re.compile(r"identifiant ([A-Z]-[0-9A-F]{8})\), version (\d+)")
REPORT_CODES = {
    "companies_mobilised": 1,
    "diagnostics_done": 1,
    "flows_recorded": 2,
    "synergies": 1,
    "synergies_realised": 1,
    "tonnes_diverted": 12,
    "workshops_meetings": 1,
}


def _figures(db: Database) -> dict[str, float]:
    home = metrics.home_summary(db, VENDOMOIS, Period(YEAR, 0))
    report = values.indicator_report(db, "territory", VENDOMOIS, Period(YEAR, 0))
    overview = synergies.overview(db, VENDOMOIS, Period(YEAR, 0))
    assert report is not None
    figures = {f"home.{h.value}": float(home.figures[h].cumulative) for h in Headline}
    for code in REPORT_CODES:
        value = report.result(code).value
        figures[f"report.{code}"] = 0.0 if value is None else float(value.value)
    figures["synergies.realised"] = float(overview.status_counts[SynergyStatus.REALISED])
    figures["synergies.tonnes"] = float(overview.impact_totals.set_index("impact_kind").loc["tonnes", "value"])
    return figures


@pytest.fixture
def copy_and_server(demo_db_path: Path, tmp_path: Path) -> Iterator[tuple[Path, StreamlitServer]]:
    copy = tmp_path / "demo.duckdb"
    shutil.copy2(demo_db_path, copy)
    server: StreamlitServer | None = None

    def start() -> StreamlitServer:
        nonlocal server
        server = start_server(copy, tmp_path / "streamlit.log")
        return server

    yield copy, start  # type: ignore[misc]
    if server is not None and server.process.poll() is None:
        stop_server(server)


def _open_form(page, title: str):
    form = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    form.locator("summary").first.click()
    wait_until_rendered(page)
    return form


def _select(page, form, field: str, option: str) -> None:
    box = form.locator('[data-testid="stSelectbox"]').filter(has_text=field).first
    for _ in range(3):  # as in _fill: retried when a rerun redraws the field
        box.locator("input").first.click()
        box.locator("input").first.fill(option)  # the list filters on what is typed
        try:
            page.get_by_role("option", name=option).first.click(timeout=10_000)
        except Exception:  # the list closed while a rerun redrew the field: again
            page.screenshot(path=str(SCREENSHOT_DIR / "forms-select-failed.png"))
            page.keyboard.press("Escape")
            continue
        wait_until_rendered(page)
        if option in box.inner_text() + box.locator("input").first.input_value():
            return
    raise AssertionError(f"{field}: {option!r} not chosen")


def _fill(page, form, field: str, value: str) -> None:
    box = form.get_by_label(field, exact=True)
    for _ in range(3):  # a rerun still under way on a loaded machine may redraw the field as the server had it
        box.fill(value)
        box.press("Enter")
        wait_until_rendered(page)
        if box.input_value() == value:
            return
    raise AssertionError(f"{field}: {value!r} not typed")


def _paste_rows(page, form, grid_index: int, rows: list[list[str]], *, last: list[str] | None = None) -> None:
    """Paste tab-separated rows into a grid, as from a spreadsheet (the grid adds the rows it needs).

    An empty grid: a row is added by a click on its trailing row, and the paste starts there. Otherwise it starts on
    the last row, given again as `last` (what it already holds). Retried when the grid did not take it (a rerun
    redrawing it on a loaded machine): pasting the same cells again is harmless, and blank rows are not saved."""
    grid = form.locator('[data-testid="stDataFrame"]').nth(grid_index)
    grid.scroll_into_view_if_needed()
    existing = _grid_rows(grid)
    if existing:
        assert last is not None, "give the last row's values: the paste starts on it"
        rows = [last, *rows]
    wanted = max(existing - 1, 0) + len(rows)
    for _ in range(3):
        box = grid.bounding_box()
        if existing == 0:  # a click on the trailing row adds a row and selects the next: back up to the new one
            page.mouse.click(box["x"] + 100, box["y"] + HEADER_PX + ROW_PX // 2)
            page.keyboard.press("Escape")
            page.keyboard.press("ArrowUp")
        else:
            page.mouse.click(box["x"] + 100, box["y"] + HEADER_PX + ROW_PX * (existing - 1) + ROW_PX // 2)
        page.evaluate("text => navigator.clipboard.writeText(text)", "\n".join("\t".join(r) for r in rows))
        page.keyboard.press("Control+V")
        try:
            page.wait_for_function(
                "([grid, n]) => grid.querySelectorAll('table[role=grid] tbody tr').length >= n",
                arg=[grid.element_handle(), wanted],
                timeout=10_000,
            )
        except Exception:  # the grid did not take the paste: again
            continue
        wait_until_rendered(page)
        return
    raise AssertionError(f"grid {grid_index}: the pasted rows were not taken")


def _grid_rows(grid) -> int:
    """Data rows of a grid, from its accessible table (glide-data-grid keeps one for screen readers)."""
    return grid.locator('table[role="grid"] tbody tr').count()


def _save(page, form) -> tuple[str, int]:
    form.get_by_role("button", name="Enregistrer").click()
    try:
        page.wait_for_selector(
            '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]', timeout=90_000
        )
    except Exception:
        form.screenshot(path="/tmp/i12/fail.png")
        raise
    wait_until_rendered(page)
    errors = page.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    found = SAVED.search(normalise(page.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()))
    assert found is not None
    return found.group(1), int(found.group(2))


def test_records_entered_in_the_forms_move_every_figure(browser, copy_and_server):
    copy, start = copy_and_server
    db = Database(copy)
    partner = db.query_value(
        """
        SELECT c.company_id FROM company c JOIN diagnostic d USING (company_id)
        WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $t)
          AND d.diagnostic_date < DATE '2025-01-01'
        ORDER BY c.company_id LIMIT 1
        """,
        {"t": VENDOMOIS},
    )
    before = _figures(db)
    db.close()
    server = start()
    context = browser.new_context(viewport=SCREEN, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    query = f"?territoire={VENDOMOIS}&annee={YEAR}&trimestre=0"
    try:
        page.goto(f"{server.url}/entreprises{query}")
        wait_until_rendered(page)
        form = _open_form(page, "Saisir ou corriger une entreprise")
        _fill(page, form, "Nom *", "Menuiserie du Loir")
        _fill(page, form, "Rechercher une commune (nom ou code INSEE)", "vendome")
        _select(page, form, "Commune *", "Vendôme (41269)")
        _select(page, form, "Famille *", "Fabrication")
        _select(page, form, "Effectif *", "1 à 9 salariés")
        _fill(page, form, "Saisi par *", "Camille Martin")
        company_id, _ = _save(page, form)
        form.screenshot(path=str(SCREENSHOT_DIR / "forms-company-saved.png"))

        form = _open_form(page, "Saisir ou corriger un diagnostic")
        _select(page, form, "Entreprise *", "Menuiserie du Loir")
        _select(page, form, "Type *", "Diagnostic flash")
        flows = [["out", "palettes", "chutes", "120", "pallet", "yearly"], ["in", "carton", "", "2,5", "t", "yearly"]]
        _paste_rows(page, form, 0, flows)
        _fill(page, form, "Saisi par *", "Camille Martin")
        diagnostic_id, _ = _save(page, form)
        form.screenshot(path=str(SCREENSHOT_DIR / "forms-diagnostic-saved.png"))

        page.goto(f"{server.url}/synergies{query}")
        wait_until_rendered(page)
        form = _open_form(page, "Saisir ou corriger une synergie")
        _fill(page, form, "Titre *", "Palettes du Loir")
        _select(page, form, "Type *", "Synergie de substitution")
        _fill(page, form, "Source *", "Chargé de mission CCI")
        _fill(page, form, "Saisi par *", "Camille Martin")  # a new page load is a new session
        _paste_rows(page, form, 1, [[company_id, "supplier"], [partner, "receiver"]])
        synergy_id, version = _save(page, form)
        assert version == 1
        # the new synergy is open: move it to « réalisée » with an impact
        today = dt.date.today().strftime("%d/%m/%Y")
        _paste_rows(page, form, 0, [["realised", today, "", ""]], last=["identified", today, "", ""])
        _paste_rows(page, form, 2, [["tonnes", "12", "declared", "Bon d'enlèvement", today]])
        _fill(page, form, "Saisi par *", "Camille Martin")
        _, version = _save(page, form)
        assert version == 2
        form.screenshot(path=str(SCREENSHOT_DIR / "forms-synergy-realised.png"))

        form = _open_form(page, "Saisir ou corriger un atelier")
        _select(page, form, "Type *", "Atelier")
        _fill(page, form, "Titre *", "Atelier palettes")
        _fill(page, form, "Participants", "2")
        _fill(page, form, "Entreprises représentées", "2")
        _paste_rows(page, form, 0, [[company_id], [partner]])
        _fill(page, form, "Saisi par *", "Camille Martin")
        event_id, _ = _save(page, form)

        page.goto(f"{server.url}/{query}")
        wait_until_rendered(page)
        home = normalise(page.inner_text('[data-testid="stMain"]'))
        expected_companies = fmt_int(before["home.companies_mobilised"] + 1)
        assert normalise(expected_companies) in home
    finally:
        context.close()
        stop_server(server)

    db = Database(copy)
    after = _figures(db)
    changes = {key: after[key] - before[key] for key in before if after[key] != before[key]}
    assert changes == {
        "home.companies_mobilised": 1,
        "home.diagnostics": 1,
        "home.flows": 2,
        "home.synergies": 1,
        "home.workshops_meetings": 1,
        **{f"report.{code}": amount for code, amount in REPORT_CODES.items()},
        "synergies.realised": 1,
        "synergies.tonnes": 12,
    }
    state = store.open_record(db, RecordEntity.SYNERGY, synergy_id)
    assert state.snapshot is not None
    parts = state.snapshot["parts"]
    assert [e["status"] for e in parts["synergy_status_events"]] == ["identified", "realised"]
    assert [(i["impact_kind"], i["value"], i["source"]) for i in parts["synergy_impacts"]] == [
        ("tonnes", 12.0, "Bon d'enlèvement")
    ]
    steps = store.history(db, RecordEntity.SYNERGY, synergy_id)
    assert steps["action"].tolist() == [ChangeAction.EDIT, ChangeAction.CREATE]
    assert set(steps["changed_by"]) == {"Camille Martin"}
    for entity, record_id in [
        (RecordEntity.COMPANY, company_id),
        (RecordEntity.DIAGNOSTIC, diagnostic_id),
        (RecordEntity.EVENT, event_id),
    ]:
        assert store.history(db, entity, record_id)["action"].tolist() == [ChangeAction.CREATE]
    db.close()
