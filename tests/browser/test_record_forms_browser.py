"""End to end in Chromium, on a private copy of the demo database: signed in (the demo administrator), a chargé de
mission enters a company in the Vendômois, its diagnostic with two flows, a synergy with another company moved to
« réalisée » with an impact, and a workshop with both. Then the figures of the Accueil, Objectifs / COPIL
(indicator report) and Synergies pages move by exactly what was entered, and the history of each record lists the
steps.

Rows (flows, statuses, participants, impacts) are entered with the row form under each grid (« Ajouter ce flux »):
an st.form sends its fields in one message when its button is clicked, and the grid is then redrawn from the
server's data, so the test waits on what the server holds (the grid's row count, the « Ligne ajoutée » note) and
never races a grid edit still on its way (issue 12: pasting into the grid was flaky). Every step waits for the
script run it starts to finish (`wait_until_rendered`), never for a fixed time.

The figures are read with the core functions these pages call, before the server opens the copy and after it
has closed it (DuckDB lets one process hold the file); the Accueil page is also read on screen, and so are the
cards of the page that holds the form, right after each save.

Each form runs as a fragment: every field, pick-list and row added must run the form alone, and every save the
whole page, whose cards then count the record (`_ran`, from the harness's run tracker).
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.codes import ChangeAction, RecordEntity, SynergyStatus
from dashboard.db import Database
from dashboard.eit import metrics, synergies
from dashboard.eit.metrics import Headline
from dashboard.geography.territories import Period
from dashboard.i18n import fmt_int
from dashboard.indicators import values
from dashboard.records import lookups, store
from tests.browser.harness import (
    RENDER_TIMEOUT_MS,
    SCREENSHOT_DIR,
    StreamlitServer,
    normalise,
    start_server,
    stop_server,
    wait_until_rendered,
    wait_until_still,
)

pytestmark = [pytest.mark.browser, pytest.mark.slow]

VENDOMOIS = "epci:200072072"
YEAR = dt.date.today().year  # the forms date new records today
SCREEN = {"width": 1920, "height": 1080}
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


def _navigate(page, title: str) -> None:
    """Another page through the sidebar, in the same session (the territory and the sign-in are kept; a new page
    load would start a new session)."""
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=title, exact=True).click()
    expect(page.locator('[data-testid="stMain"] h1').first).to_contain_text(title)
    wait_until_rendered(page)


def _mark(page) -> int:
    """The run tracker's count of run messages, before an action (`_ran`)."""
    return page.evaluate("window.__streamlitRuns.seq")


def _ran(page, since: int) -> str:
    """What the run the action after `since` (`_mark`) started ran: "form" (a form's fragment alone) or "page".
    Waits until a run has ended after the mark: the action's own, not the one before it."""
    page.wait_for_function("since => window.__streamlitRuns.finished > since", arg=since, polling=100)
    return "form" if page.evaluate("window.__streamlitRuns.fragmentOnly") else "page"


def _card(page, label: str) -> int:
    """The number on the page's card `label` (an st.metric), e.g. « Entreprises »."""
    name = page.locator('[data-testid="stMetricLabel"]').filter(has_text=re.compile(f"^{re.escape(label)}$"))
    value = page.locator('[data-testid="stMetric"]').filter(has=name).locator('[data-testid="stMetricValue"]')
    return int(normalise(value.inner_text()).replace(" ", ""))


def _open_form(page, title: str):
    form = page.locator('[data-testid="stExpander"]').filter(has_text=title).first
    since = _mark(page)
    form.locator("summary").first.click()
    wait_until_rendered(page)
    assert _ran(page, since) == "page"  # an entry section opens with a run of the page (dashboard.ui.lazy)
    wait_until_still(page, form)  # its opening animation over: nothing moves under the next click
    return form


def _select(page, scope, field: str, option: str, *, rerun: bool = True, settle: bool = True) -> None:
    """Pick `option` in the pick-list labelled `field` (typed first in a long list, which filters on what is typed;
    a short list cannot be typed in). `settle=False`: nothing ran since the last wait for stillness (the next
    field of a row form), so the page cannot be moving."""
    box = scope.locator('[data-testid="stSelectbox"]').filter(has=page.get_by_role("combobox", name=field, exact=True))
    box = box.first
    box.scroll_into_view_if_needed()
    if settle:
        wait_until_still(page, box)  # its list closes if the page scrolls under it (a grid above growing)
    searchable = box.locator("input:not([readonly])").count() > 0  # read before opening: opening redraws it
    since = _mark(page)  # opening the list runs nothing
    box.locator("input").first.click()
    if searchable:
        box.locator("input").first.fill(option)
    listbox = page.locator('[role="listbox"]')
    for _ in range(3):
        page.get_by_role("option", name=option).first.click()
        try:  # a choice closes the list; a list filtered while typing may be redrawn under the click, which is lost
            expect(listbox).to_have_count(0, timeout=5_000)
            break
        except AssertionError:
            continue
    else:
        raise AssertionError(f"« {option} » could not be chosen in « {field} »")
    if rerun:  # a field of the record: the choice runs the form again, not the page
        wait_until_rendered(page)
        assert _ran(page, since) == "form"
    expect(box.locator("input").first).to_have_value(re.compile(re.escape(option)))  # its label may say more


def _fill(page, scope, field: str, value: str, *, rerun: bool = True) -> None:
    box = scope.get_by_label(field, exact=True).first  # the record's field comes before a row form's namesake
    since = _mark(page)
    box.fill(value)
    if rerun:  # a field of the record: Enter sends it and runs the form again, not the page
        box.press("Enter")
        wait_until_rendered(page)
        assert _ran(page, since) == "form"
    expect(box).to_have_value(value)


# The row forms under the grids: their title and button. Found by title: an open pick-list hides the rest of the
# page from role queries (aria-hidden), so a locator through the button's role would stop resolving.
ROW_FORMS = {
    "flows": ("Nouveau flux", "Ajouter ce flux"),
    "status": ("Nouveau statut", "Ajouter ce statut"),
    "participants": ("Nouvelle entreprise participante", "Ajouter cette entreprise"),
    "impacts": ("Nouvel impact", "Ajouter cet impact"),
    "present": ("Nouvelle entreprise présente", "Ajouter cette entreprise"),
}


def _add_row(page, form, part: str, grid_index: int, rows: int, fields: dict[str, str]) -> None:
    """Fill a row form (pick-lists by their label, the rest typed), click its button, and wait until the grid
    above it, redrawn from the server's data, has `rows` rows."""
    title, button = ROW_FORMS[part]
    row_form = form.locator('[data-testid="stForm"]').filter(has_text=title).first
    settle = True  # the row form's fields send nothing before its button: only its first pick-list waits
    for field, value in fields.items():
        if row_form.get_by_role(
            "combobox", name=field, exact=True
        ).count():  # "Valeur *" is not "Nature de la valeur *"
            _select(page, row_form, field, value, rerun=False, settle=settle)
            settle = False
        else:
            _fill(page, row_form, field, value, rerun=False)
    since = _mark(page)
    row_form.get_by_role("button", name=button).click()
    wait_until_rendered(page)
    assert _ran(page, since) == "form"
    grid = form.locator('[data-testid="stDataFrame"]').nth(grid_index)
    expect(grid.locator('table[role="grid"] tbody tr')).to_have_count(rows)
    expect(form.get_by_text("Ligne ajoutée au tableau ci-dessus")).to_be_visible()


def _shot(page, element, name: str) -> None:
    """The screen (1920×1080) with `element` at its top: what a person sees there (a picture of the whole form
    would be taller than the screen, and Chromium leaves what is off screen blank)."""
    element.first.evaluate("e => e.scrollIntoView({block: 'start'})")
    wait_until_still(page, element.first)
    page.screenshot(path=str(SCREENSHOT_DIR / f"{name}.png"))


def _save(page, form) -> tuple[str, int]:
    """« Enregistrer », then the outcome said in this form (not in another form of the page)."""
    since = _mark(page)
    form.get_by_role("button", name="Enregistrer").click()
    outcome = '[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentError"]'
    form.locator(outcome).first.wait_for()
    wait_until_rendered(page)
    assert _ran(page, since) == "page"  # the page's figures count the record at once
    errors = form.locator('[data-testid="stAlertContentError"]')
    assert errors.count() == 0, errors.first.inner_text()
    found = SAVED.search(normalise(form.locator('[data-testid="stAlertContentSuccess"]').first.inner_text()))
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
    partner_name = lookups.companies(db, VENDOMOIS)[partner]
    before = _figures(db)
    db.close()
    server = start()
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    page.set_default_timeout(RENDER_TIMEOUT_MS)  # clicks wait for a loaded machine as the page waits do
    query = f"?territoire={VENDOMOIS}&annee={YEAR}&trimestre=0"
    company_name = "Menuiserie du Loir (Vendôme)"
    try:
        page.goto(f"{server.url}/entreprises{query}")
        wait_until_rendered(page)  # signs in as the demo administrator first
        cards = ("Entreprises", "Diagnostics", "Flux entrants", "Flux sortants")
        shown = {label: _card(page, label) for label in cards}
        form = _open_form(page, "Saisir ou corriger une entreprise")
        _fill(page, form, "Nom *", "Menuiserie du Loir")
        _fill(page, form, "Rechercher une commune (nom ou code INSEE)", "vendome")
        _select(page, form, "Commune *", "Vendôme (41269)")
        _select(page, form, "Famille *", "Fabrication")
        _select(page, form, "Effectif *", "1 à 9 salariés")
        company_id, _ = _save(page, form)
        assert _card(page, "Entreprises") == shown["Entreprises"] + 1
        _shot(page, form.locator('[data-testid="stAlertContentSuccess"]'), "forms-company-saved")

        form = _open_form(page, "Saisir ou corriger un diagnostic")
        _select(page, form, "Entreprise *", company_name)
        _select(page, form, "Type *", "Diagnostic flash")
        _add_row(
            page,
            form,
            "flows",
            0,
            1,
            {
                "Sens *": "Sortant",
                "Catégorie *": "Palettes usagées",
                "Description": "chutes",
                "Quantité": "120",
                "Unité": "palette",
                "Fréquence *": "Annuel",
            },
        )
        _shot(page, form.get_by_text("Flux recensés"), "forms-diagnostic-row-added")
        fields = {"Sens *": "Entrant", "Catégorie *": "Cartons et papiers", "Quantité": "2,5"}
        _add_row(page, form, "flows", 0, 2, fields | {"Unité": "tonne", "Fréquence *": "Annuel"})
        diagnostic_id, _ = _save(page, form)
        assert {label: _card(page, label) - shown[label] for label in cards} == dict.fromkeys(cards, 1)
        _shot(page, form.locator('[data-testid="stAlertContentSuccess"]'), "forms-diagnostic-saved")

        _navigate(page, "Synergies")
        realised = _card(page, "Synergies réalisées")
        form = _open_form(page, "Saisir ou corriger une synergie")
        _fill(page, form, "Titre *", "Palettes du Loir")
        _select(page, form, "Type *", "Synergie de substitution")
        _fill(page, form, "Source *", "Chargé de mission CCI")
        _add_row(page, form, "participants", 1, 1, {"Entreprise *": company_name, "Rôle *": "Fournisseur du flux"})
        _add_row(page, form, "participants", 1, 2, {"Entreprise *": partner_name, "Rôle *": "Receveur du flux"})
        synergy_id, version = _save(page, form)
        assert version == 1
        # the new synergy is open: move it to « réalisée » with an impact (their dates default to today)
        _add_row(page, form, "status", 0, 2, {"Statut *": "Réalisée"})
        impact = {
            "Impact *": "Tonnes valorisées ou évitées par an",
            "Valeur *": "12",
            "Nature de la valeur *": "Déclaré",
        }
        _add_row(page, form, "impacts", 2, 1, impact | {"Source *": "Bon d'enlèvement"})
        _shot(page, form.get_by_text("Statuts successifs"), "forms-synergy-rows-added")
        _, version = _save(page, form)
        assert version == 2
        assert _card(page, "Synergies réalisées") == realised + 1
        history = form.locator('[data-testid="stExpander"]').filter(has_text="Historique de la fiche").first
        since = _mark(page)
        history.locator("summary").first.click()
        wait_until_rendered(page)
        assert _ran(page, since) == "form"  # its table is read when it opens (dashboard.ui.lazy), by the form alone
        _shot(page, history, "forms-synergy-history")

        form = _open_form(page, "Saisir ou corriger un atelier")
        _select(page, form, "Type *", "Atelier")
        _fill(page, form, "Titre *", "Atelier palettes")
        _fill(page, form, "Participants", "2")
        _fill(page, form, "Entreprises représentées", "2")
        _add_row(page, form, "present", 0, 1, {"Entreprise *": company_name})
        _add_row(page, form, "present", 0, 2, {"Entreprise *": partner_name})
        event_id, _ = _save(page, form)
        _shot(page, form.locator('[data-testid="stAlertContentSuccess"]'), "forms-event-saved")

        _navigate(page, "Accueil")
        home = normalise(page.inner_text('[data-testid="stMain"]'))
        expected_companies = fmt_int(before["home.companies_mobilised"] + 1)
        assert normalise(expected_companies) in home
    except Exception:  # what the page showed, for the CI artefacts
        page.screenshot(path=str(SCREENSHOT_DIR / "forms-failure.png"), full_page=True)
        raise
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
    assert set(steps["changed_by"]) == {"demo.admin"}  # the signed-in account, not a typed name
    for entity, record_id in [
        (RecordEntity.COMPANY, company_id),
        (RecordEntity.DIAGNOSTIC, diagnostic_id),
        (RecordEntity.EVENT, event_id),
    ]:
        assert store.history(db, entity, record_id)["action"].tolist() == [ChangeAction.CREATE]
    db.close()
