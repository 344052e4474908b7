"""Role × page × action through app.py (AppTest): the sign-in gate, what each role sees on every page, refusals of
writes, expired sessions, and the demo database's one-click accounts.

The test world (tests/world/README.md §2): companies A, B, C, E, F in the Vendômois, D in the Minervois; the chargé
de mission holds the Vendômois only.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard.auth import Grant, Role, ScopeType
from dashboard.auth.sessions import IDLE_TIMEOUT, AuthSession, SignInMethod
from dashboard.auth.store import NewAccount, create_user, set_active, set_grants
from dashboard.config import DB_PATH_ENV
from dashboard.db import Database
from dashboard.ui.auth import SESSION_KEY
from dashboard.ui.cache import get_database
from tests.pages import ADMIN, account_with, run_page
from tests.world.build import COMPANIES, MINERVOIS, VENDOMOIS, build_world_db

OFFICER = (Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, VENDOMOIS),)
READER = (Grant(Role.COPIL_READER),)
COMPANY_NAMES = [name for _, name, *_ in COMPANIES]
EVERY_PAGE = [
    "pages/accueil.py",
    "pages/objectifs.py",
    "pages/copil.py",
    "pages/artisanat.py",
    "pages/programmes.py",
    "pages/conventions.py",
    "pages/autoevaluation.py",
    "pages/entreprises.py",
    "pages/synergies.py",
    "pages/carte.py",
    "pages/detection.py",
    "pages/donnees.py",
    "pages/utilisateurs.py",
    "pages/journal.py",
]


@pytest.fixture(scope="module")
def eit_db_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = build_world_db(tmp_path_factory.mktemp("auth-pages") / "eit.duckdb", data_as_of="2023-06-30")
    db = Database(path)
    try:
        create_user(db, NewAccount("admin.eit", "Admin", ADMIN, password="Admin-Vendome-2026"), None)
    finally:
        db.close()
    return path


def page_text(at: AppTest) -> str:
    """Everything the page shows: every element's content (Arrow tables as their values), sidebar included."""
    parts = []
    for frame in at.dataframe:
        parts.append(frame.value.to_string())
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is not None and node.type not in ("arrow_data_frame", "dataframe"):
            parts.append(str(proto).encode("utf-8").decode("unicode_escape", errors="ignore"))
    return "\n".join(parts)


def _nodes(node: object):  # type: ignore[no-untyped-def]
    yield node
    children = getattr(node, "children", None)
    if isinstance(children, dict):
        for child in children.values():
            yield from _nodes(child)


def _warnings(at: AppTest) -> str:
    return "\n".join(w.value for w in at.warning)


# ---------------------------------------------------------------------------------------------- sign-in gate
def test_nothing_shows_before_sign_in(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, grants=None)
    assert not at.exception
    assert [s.value for s in at.subheader] == ["Connexion"]
    assert not at.metric and not at.dataframe
    assert [b.label for b in at.button] == ["Se connecter"]  # no demo accounts: not the demo database


def test_a_local_account_signs_in_and_out(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, grants=None)
    login = account_with(Path(_db_of(at)), OFFICER)
    db = Database(_db_of(at))
    name = db.query_value("SELECT login FROM app_user WHERE user_id = $id", {"id": login})
    db.close()
    at.text_input(key="auth.login").set_value(name)
    at.text_input(key="auth.password").set_value("wrong password!")
    at.button[0].click().run()
    assert at.error[0].value == "Identifiant ou mot de passe incorrect."
    at.text_input(key="auth.password").set_value("not-used-in-tests-42")
    at.button[0].click().run()
    assert not at.exception and at.title[0].value == "Accueil"
    at.button(key="auth.sign_out").click().run()
    assert at.info[0].value == "Vous êtes déconnecté."


def _db_of(at: AppTest) -> str:
    return os.environ[DB_PATH_ENV]


def test_an_expired_session_goes_back_to_sign_in(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, "pages/entreprises.py", {"territoire": VENDOMOIS})
    assert "Alpha Cartonnage" in page_text(at)
    session: AuthSession = at.session_state[SESSION_KEY]
    stale = session.last_seen - IDLE_TIMEOUT - dt.timedelta(minutes=1)
    at.session_state[SESSION_KEY] = AuthSession(session.user_id, SignInMethod.LOCAL, stale, stale)
    at.run()
    assert not at.exception
    assert at.info[0].value == "Votre session a expiré après 30 minutes d'inactivité : reconnectez-vous."
    assert "Alpha Cartonnage" not in page_text(at)


def test_a_removed_role_or_disabled_account_ends_at_the_next_click(
    monkeypatch: pytest.MonkeyPatch, eit_db_path: Path
) -> None:
    """The signed-in user's roles are read once per write, not at every click (dashboard.ui.cache
    `cached_until_write`): a change made meanwhile is still seen by the very next run."""
    at = run_page(monkeypatch, eit_db_path, "pages/entreprises.py", {"territoire": VENDOMOIS}, grants=OFFICER)
    at.run()  # a second run, served from the cache
    assert "Alpha Cartonnage" in page_text(at)
    user_id = at.session_state[SESSION_KEY].user_id
    app_db = get_database()  # the running app's connection, as the Utilisateurs page writes
    try:
        set_grants(app_db, user_id, READER, None)
        at.run()
        assert not at.exception
        assert "Alpha Cartonnage" not in page_text(at)  # a lecteur COPIL sees no company
        assert "Lecteur COPIL" in "\n".join(m.value for m in at.sidebar.markdown)
        set_active(app_db, user_id, False, None)
        at.run()
        assert [s.value for s in at.subheader] == ["Connexion"]
    finally:  # the module's other tests share this account: a failure here must not fail them too
        set_active(app_db, user_id, True, None)
        set_grants(app_db, user_id, OFFICER, None)


def test_first_start_on_a_real_database_asks_for_the_administrator(
    monkeypatch: pytest.MonkeyPatch, world_db_file: Path
) -> None:
    path = world_db_file  # no demo mark: a real database
    at = run_page(monkeypatch, path, grants=None, copy=False)
    assert at.subheader[0].value == "Premier démarrage : créez le compte administrateur"
    at.text_input(key="auth.first.login").set_value("claire.admin")
    at.text_input(key="auth.first.name").set_value("Claire")
    at.text_input(key="auth.first.password").set_value("Claire-Vendome-2026")
    at.text_input(key="auth.first.confirm").set_value("Claire-Vendome-2026")
    at.button[0].click().run()
    assert at.info[0].value == "Compte administrateur créé : connectez-vous."
    at.text_input(key="auth.login").set_value("claire.admin")
    at.text_input(key="auth.password").set_value("Claire-Vendome-2026")
    at.button[0].click().run()
    assert at.title[0].value == "Accueil"
    at.switch_page("pages/utilisateurs.py").run()
    assert list(at.dataframe[0].value["Identifiant"]) == ["claire.admin"]


# ---------------------------------------------------------------------------------------------- role x page
@pytest.mark.parametrize("page", EVERY_PAGE)
def test_copil_reader_sees_no_company_on_any_page(
    monkeypatch: pytest.MonkeyPatch, eit_db_path: Path, page: str
) -> None:
    at = run_page(monkeypatch, eit_db_path, page, {"territoire": VENDOMOIS, "annee": "2022"}, grants=READER)
    assert not at.exception
    text = page_text(at)
    shown = [name for name in COMPANY_NAMES if name in text]
    assert shown == [], f"{page} shows {shown}"
    assert "Entreprise n°" not in text  # not even pseudonymised company rows


@pytest.mark.parametrize(
    ("page", "refusal"),
    [
        ("pages/entreprises.py", "lecteur COPIL"),
        ("pages/detection.py", "lecteur COPIL"),
        ("pages/donnees.py", "lecteur COPIL"),
        ("pages/carte.py", "seuls les chiffres par commune"),
        ("pages/utilisateurs.py", "Seul un administrateur"),
        ("pages/journal.py", "Seul un administrateur"),
    ],
)
def test_copil_reader_is_told_why(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path, page: str, refusal: str) -> None:
    at = run_page(monkeypatch, eit_db_path, page, {"territoire": VENDOMOIS, "annee": "2022"}, grants=READER)
    assert refusal in _warnings(at)


def test_project_officer_sees_companies_in_its_territory_only(
    monkeypatch: pytest.MonkeyPatch, eit_db_path: Path
) -> None:
    inside = run_page(monkeypatch, eit_db_path, "pages/entreprises.py", {"territoire": VENDOMOIS}, grants=OFFICER)
    assert "Alpha Cartonnage" in page_text(inside)
    outside = run_page(monkeypatch, eit_db_path, "pages/entreprises.py", {"territoire": MINERVOIS}, grants=OFFICER)
    assert "hors de vos territoires" in _warnings(outside)
    assert "Delta Conserverie" not in page_text(outside)  # D, in Saint-Pons
    carte = run_page(monkeypatch, eit_db_path, "pages/carte.py", {"territoire": MINERVOIS}, grants=OFFICER)
    assert "Delta Conserverie" not in page_text(carte) and "seuls les chiffres par commune" in _warnings(carte)
    admin_only = run_page(monkeypatch, eit_db_path, "pages/utilisateurs.py", grants=OFFICER)
    assert "Seul un administrateur" in _warnings(admin_only)


def test_administrator_sees_everything(monkeypatch: pytest.MonkeyPatch, eit_db_path: Path) -> None:
    at = run_page(monkeypatch, eit_db_path, "pages/entreprises.py", {"territoire": MINERVOIS}, grants=ADMIN)
    assert "Delta Conserverie" in page_text(at)
    users = run_page(monkeypatch, eit_db_path, "pages/utilisateurs.py", grants=ADMIN)
    assert not users.exception and users.dataframe
    journal = run_page(monkeypatch, eit_db_path, "pages/journal.py", grants=ADMIN)
    assert not journal.exception and "Connexion" not in _warnings(journal)


def test_the_journal_says_in_french_that_no_record_change_matches(
    monkeypatch: pytest.MonkeyPatch, eit_db_path: Path
) -> None:
    """Streamlit draws an empty table reading "empty": the journal writes a sentence instead (no record was edited
    in the test world)."""
    journal = run_page(monkeypatch, eit_db_path, "pages/journal.py", grants=ADMIN)
    assert not journal.exception
    assert "Aucune modification d'enregistrement ne correspond à ces filtres." in [c.value for c in journal.caption]
    assert all("Version" not in frame.value.columns for frame in journal.dataframe)


# ---------------------------------------------------------------------------------------------- actions
def _save_indicator(at: AppTest) -> AppTest:
    at.text_input(key="obj.entry.value").input("3")
    at.text_input(key="obj.entry.source").set_value("Compte rendu du COPIL")
    next(b for b in at.button if b.label == "Enregistrer").click().run()
    return at


@pytest.mark.parametrize(
    ("grants", "territory", "allowed"),
    [(ADMIN, MINERVOIS, True), (OFFICER, VENDOMOIS, True), (OFFICER, MINERVOIS, False), (READER, VENDOMOIS, False)],
    ids=["admin", "officer-inside", "officer-outside", "reader"],
)
def test_indicator_entry_by_role(
    monkeypatch: pytest.MonkeyPatch, world_db_file: Path, grants: tuple[Grant, ...], territory: str, allowed: bool
) -> None:
    path = world_db_file
    at = run_page(monkeypatch, path, "pages/objectifs.py", {"territoire": territory, "annee": "2022"}, copy=False,
                  grants=grants)  # fmt: skip
    at.session_state["obj.entry.open"] = True  # a click on the entry section (dashboard.ui.lazy)
    at.run()
    if not any(b.label == "Enregistrer" for b in at.button):
        pytest.skip("no entry form on this page state")
    _save_indicator(at)
    db = Database(path)
    # the entry's own row (the world holds 13 values from « Fiche test », README.md §2)
    saved = db.query_value("SELECT count(*) FROM indicator_value WHERE source = 'Compte rendu du COPIL'")
    authors = db.query_rows("SELECT changed_by FROM indicator_value_history")
    db.close()
    if allowed:
        assert saved == 1 and authors[0][0].startswith("test.")  # the signed-in login, not a free text
    else:
        assert saved == 0
        assert "hors de vos territoires" in _warnings(at) or "lecteur COPIL" in _warnings(at)


# ---------------------------------------------------------------------------------------------- demo database
@pytest.mark.slow
def test_demo_lists_one_account_per_role(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, grants=None)
    labels = [b.label for b in at.button]
    assert labels[:3] == [
        "Entrer comme Administrateur (démo)",
        "Entrer comme Chargée de mission Vendômois (démo)",
        "Entrer comme Lecteur COPIL (démo)",
    ]
    for index, role in enumerate(("Administrateur", "Chargé de mission", "Lecteur COPIL")):
        at = run_page(monkeypatch, demo_db_path, grants=None)
        at.button[index].click().run()
        assert not at.exception and at.title[0].value == "Accueil"
        assert role in "\n".join(m.value for m in at.sidebar.markdown)
