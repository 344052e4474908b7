"""Sign-in gate, sign-in page, first-start administrator, and the administrator's users and audit pages.

app.py calls `require_sign_in(db)` before anything else: it returns the signed-in `Actor`, or draws the sign-in
page (or, on a real database without any administrator, the form creating the first one) and stops the run.
Pages read the actor with `current_actor()` and pass it to the core functions, which decide (dashboard.auth.roles).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pandas as pd
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from dashboard.auth import audit, oidc, roles, sessions, store
from dashboard.auth import demo as demo_accounts
from dashboard.auth.audit import AuditAction, AuditFilters
from dashboard.auth.roles import Actor, Grant, PermissionDenied, Role, ScopeType
from dashboard.auth.sessions import AuthSession, SignInMethod
from dashboard.codes import Level
from dashboard.config import PROJECT_ROOT
from dashboard.db import Database
from dashboard.i18n import MESSAGES, fmt_date, fmt_int, label, t
from dashboard.imports.export import ExportSource, to_bytes
from dashboard.imports.templates import TEMPLATES_BY_ENTITY
from dashboard.ui.cache import cached_until_write, get_database
from dashboard.ui.french_chrome import dataframe_or_sentence
from dashboard.ui.text import md_escape

_LOGGER = logging.getLogger(__name__)

SESSION_KEY = "auth.session"  # AuthSession of this browser session (held by the server, never by the browser)
ACTOR_KEY = "auth.actor"  # the Actor loaded for this run
FLASH_KEY = "auth.flash"  # a message for the next sign-in page (expired session, signed out)
SIGNED_IN_HERE_KEY = "auth.signed_in_here"  # this server session has had a signed-in actor (kept after sign-out)
SIGN_OUT_KEY = "auth.sign_out"  # the sidebar's sign-out button: drawn for signed-in sessions only
# This server session began in a tab signed in with another worker: told once seen, until someone signs in here.
SERVER_CHANGED_KEY = "auth.server_changed"
# The sidebar's territory and period widgets (keys "sidebar.level", …): app.py draws them after the sign-in only.
# Their state survives a page change in the tab, unlike a button's.
SIGNED_IN_WIDGET_PREFIX = "sidebar."
NEXT_KEY = "auth.next"  # the page the address asked for before sign-in (a shared link), opened after it

# Pages that are company-level by nature: not offered to a lecteur COPIL (the core refuses them anyway).
COMPANY_PAGES = frozenset({"pages/entreprises.py", "pages/detection.py", "pages/donnees.py"})
ADMIN_PAGES = (("pages/utilisateurs.py", "nav.page.users", ":material/group:"),
               ("pages/journal.py", "nav.page.audit", ":material/history:"))  # fmt: skip

_PREPARED: set[str] = set()  # database paths whose account tables and demo accounts were checked


def current_actor() -> Actor | None:
    """The signed-in actor of this run (None only outside app.py's gate)."""
    actor = st.session_state.get(ACTOR_KEY)
    return actor if isinstance(actor, Actor) else None


def _prepare(db: Database) -> None:
    if db.path in _PREPARED:
        return
    store.ensure_tables(db)
    demo_accounts.ensure_demo_accounts(db)
    _PREPARED.add(db.path)


def _secrets() -> Mapping[str, Any]:
    try:
        return {key: st.secrets[key] for key in st.secrets}
    except (FileNotFoundError, KeyError, st.errors.StreamlitSecretNotFoundError):
        return {}


def _oidc_config() -> oidc.OidcConfig | None:
    try:
        return oidc.read_config(_secrets())
    except oidc.OidcConfigError as error:
        st.error(t("auth.sign_in.oidc_config_error", error=str(error)))
        return None


def _start_session(actor: Actor, method: SignInMethod) -> None:
    st.session_state[SESSION_KEY] = sessions.start(actor.user_id, method, audit.now())
    st.session_state[ACTOR_KEY] = actor
    st.session_state.pop(FLASH_KEY, None)


def sign_out(db: Database, reason: str = "user") -> None:
    session = st.session_state.pop(SESSION_KEY, None)
    actor = st.session_state.pop(ACTOR_KEY, None)
    if isinstance(actor, Actor):
        store.record_sign_out(db, actor, reason)
    if isinstance(session, AuthSession) and session.method == SignInMethod.OIDC and st.user.is_logged_in:
        st.logout()  # forget the identity provider's cookie too, or the next run would sign in again


def _session_actor(db: Database) -> Actor | None:
    session = st.session_state.get(SESSION_KEY)
    if not isinstance(session, AuthSession):
        return None
    now = audit.now()
    expired = sessions.expiry(session, now)
    if expired is not None:
        st.session_state[FLASH_KEY] = t(f"auth.sign_in.expired.{expired.value}")
        sign_out(db, expired.value)
        return None
    # Roles as stored now: a removed role ends at the next click. Read again after any write (account and role
    # changes are writes), not at every click: three queries before anything of the page could be sent.
    if db is get_database():
        actor = cached_until_write(store.load_actor, session.user_id)
    else:  # another database than the app's (the cache holds the app's)
        actor = store.load_actor(db, session.user_id)
    if actor is None:
        st.session_state.pop(SESSION_KEY, None)
        st.session_state.pop(ACTOR_KEY, None)
        return None
    st.session_state[SESSION_KEY] = sessions.touch(session, now)
    st.session_state[ACTOR_KEY] = actor
    return actor


def _oidc_actor(db: Database, config: oidc.OidcConfig) -> Actor | None:
    """The actor of the identity provider's signed-in user (creating its account from the role rules)."""
    email = str(st.user.get("email") or "").strip().lower()
    if st.user.get("email_verified") is False:
        st.warning(t("auth.sign_in.oidc_unverified"))
        return None
    user_id = store.user_id_for_email(db, email) if email else None
    if user_id is None:
        grants = oidc.grants_for_email(config, email)
        if not grants:
            st.warning(t("auth.sign_in.oidc_no_role", email=email or "?"))
            return None
        login = "".join(c if c.isalnum() or c in "._@-" else "-" for c in email)[:64]
        name = str(st.user.get("name") or email)
        user_id = store.create_user(db, store.NewAccount(login, name, grants, email=email), None)
    actor = store.load_actor(db, user_id)
    if actor is not None:
        store.record_sign_in(db, actor, SignInMethod.OIDC.value)
    return actor


def require_sign_in(db: Database) -> Actor:
    """The signed-in actor; otherwise draw the sign-in (or first-start) page and stop the run."""
    _prepare(db)
    actor = _session_actor(db)
    config = _oidc_config()
    if actor is None and config is not None and st.user.is_logged_in:
        actor = _oidc_actor(db, config)
        if actor is not None:
            _start_session(actor, SignInMethod.OIDC)
    if actor is not None:
        st.session_state[SIGNED_IN_HERE_KEY] = True
        _identity_in_sidebar(db, actor)
        return actor
    _remember_requested_page()
    # Declaring a hidden one-page navigation keeps Streamlit from listing the raw pages/ files.
    # The app's pages are declared too (hidden, never run here), so that a shared link such as /carte?territoire=...
    # keeps its address through sign-in instead of Streamlit's English "Page not found".
    app_pages = [st.Page(path, visibility="hidden") for path in sorted(PROJECT_ROOT.glob("pages/*.py"))]
    sign_in_page = st.Page(_sign_in_placeholder, title=t("auth.sign_in.title"), default=True)
    st.navigation([sign_in_page, *app_pages], position="hidden")
    st.title(t("app.title"))
    if not demo_accounts.is_demo_database(db) and not store.has_administrator(db):
        _first_start_form(db)
    else:
        _sign_in_page(db, config)
    st.stop()
    raise AssertionError("st.stop() ends the run")  # for type checkers


def _signed_in_on_another_worker() -> bool:
    """True when this browser tab was signed in with another server process (its worker stopped or restarted).

    Sign-ins live in a worker's memory: the worker the tab reconnects to starts an empty session. The tab still
    sends the state of the widgets it was showing, among them the sidebar's, which only signed-in pages draw.
    A genuine first visit or a new tab has no widget state, and a sign-out or an expiry in this session is known
    here (SIGNED_IN_HERE_KEY): neither shows the message. Streamlit has no public reader of the state a tab sends
    for a widget this run has not drawn (st.session_state sees it only once drawn): the session's internal widget
    state is read, checked by tests/browser/test_navigation_browser.py against the pinned Streamlit version.
    """
    if st.session_state.get(SIGNED_IN_HERE_KEY):
        return False
    # Only the run that first reaches the new worker carries the old page's widget state: a second click made while
    # that run was slow (a cold worker), or any later rerun of the sign-in page, would otherwise lose the message.
    if st.session_state.get(SERVER_CHANGED_KEY):
        return True
    context = get_script_run_ctx()
    if context is None:
        return False
    sent = context.session_state._state._new_widget_state  # ids "$$ID-<hash>-<key>" for keyed widgets
    keys = [
        widget_id.split("-", 2)[2] for widget_id in sent if widget_id.startswith("$$ID-") and widget_id.count("-") >= 2
    ]
    changed = any(key == SIGN_OUT_KEY or key.startswith(SIGNED_IN_WIDGET_PREFIX) for key in keys)
    if changed:
        st.session_state[SERVER_CHANGED_KEY] = True
    return changed


def _sign_in_placeholder() -> None:
    """Never run: a successful sign-in reruns into the real navigation."""


def _identity_in_sidebar(db: Database, actor: Actor) -> None:
    with st.sidebar:
        st.markdown(
            t("auth.signed_in_as", name=md_escape(actor.display_name), role=t(f"auth.role.{actor.main_role.value}"))
        )
        if st.button(t("auth.sign_out"), key=SIGN_OUT_KEY, icon=":material/logout:"):
            sign_out(db)
            st.session_state[FLASH_KEY] = t("auth.sign_in.signed_out")
            st.rerun()


def _sign_in_page(db: Database, config: oidc.OidcConfig | None) -> None:
    st.subheader(t("auth.sign_in.title"))
    flash = st.session_state.get(FLASH_KEY)
    if flash:
        st.info(flash)
    elif _signed_in_on_another_worker():
        st.info(t("auth.sign_in.server_changed"))
    if demo_accounts.is_demo_database(db):
        with st.container(border=True):
            st.markdown(f"**{t('auth.demo.title')}**")
            st.caption(t("auth.demo.intro"))
            columns = st.columns(len(demo_accounts.DEMO_ACCOUNTS))
            for column, account in zip(columns, demo_accounts.DEMO_ACCOUNTS, strict=True):
                role = account.grants[0].role
                with column:
                    name = t(account.name_key)
                    if st.button(t("auth.demo.button", name=name), key=f"auth.demo.{account.login}",
                                 type="primary", width="stretch"):  # fmt: skip
                        _start_session(demo_accounts.sign_in_demo(db, account.login), SignInMethod.DEMO)
                        st.rerun()
                    st.caption(t(f"auth.role.{role.value}.help"))
    if config is not None:
        for provider in config.providers:
            text = t("auth.sign_in.oidc") if provider is None else t("auth.sign_in.oidc_named", provider=provider)
            if st.button(text, key=f"auth.oidc.{provider}", icon=":material/badge:"):
                st.login(provider)
        if st.user.is_logged_in and st.button(t("auth.sign_in.oidc_logout"), key="auth.oidc.logout"):
            st.logout()
        st.caption(t("auth.sign_in.oidc_or"))
    else:
        st.caption(t("auth.sign_in.intro"))
    with st.form("auth.sign_in", border=True, width=480):
        login = st.text_input(t("auth.sign_in.login"), key="auth.login")
        password = st.text_input(t("auth.sign_in.password"), type="password", key="auth.password")
        submitted = st.form_submit_button(t("auth.sign_in.submit"), type="primary")
    if submitted:
        result = store.sign_in(db, login, password)
        if result.actor is not None:
            _start_session(result.actor, SignInMethod.LOCAL)
            st.rerun()
        st.error(result.message(audit.now()))


def _first_start_form(db: Database) -> None:
    st.subheader(t("auth.first_start.title"))
    st.info(t("auth.first_start.intro"))
    with st.form("auth.first_start", border=True, width=560):
        login = st.text_input(t("auth.sign_in.login"), key="auth.first.login")
        name = st.text_input(t("auth.first_start.name"), key="auth.first.name")
        email = st.text_input(t("auth.first_start.email"), key="auth.first.email")
        password = st.text_input(t("auth.sign_in.password"), type="password", key="auth.first.password")
        confirm = st.text_input(t("auth.first_start.confirm"), type="password", key="auth.first.confirm")
        submitted = st.form_submit_button(t("auth.first_start.submit"), type="primary")
    if not submitted:
        return
    if password != confirm:
        st.error(t("auth.first_start.mismatch"))
        return
    if store.has_administrator(db):  # another browser was quicker: never a second "first" administrator
        st.rerun()
    account = store.NewAccount(login, name, store.everything(), password=password, email=email or None)
    try:
        store.create_user(db, account, None)
    except store.AccountError as error:
        for problem in error.problems:
            st.error(problem)
        return
    st.session_state[FLASH_KEY] = t("auth.first_start.done")
    st.rerun()


# ---------------------------------------------------------------------------------------------- navigation
def page_allowed(path: str) -> bool:
    """Whether the signed-in role is offered the page at `path` (the core still checks every read and write):
    no company-level page for a lecteur COPIL, the administration pages for administrators only."""
    actor = current_actor()
    if actor is None:
        return True  # outside the gate (tests of a page helper): nothing to hide
    if path in {admin_path for admin_path, _, _ in ADMIN_PAGES}:
        return actor.is_admin
    return not (actor.is_reader_only and path in COMPANY_PAGES)


def _remember_requested_page() -> None:
    """The page of the address (a shared link such as /carte?territoire=...): the sign-in page replaces the path
    by '/', so it is kept to be opened once signed in (the query parameters stay in the address)."""
    if NEXT_KEY in st.session_state:
        return
    stem = urlsplit(st.context.url or "").path.strip("/").rpartition("/")[2]
    target = f"pages/{stem}.py"
    st.session_state[NEXT_KEY] = target if stem and (PROJECT_ROOT / target).is_file() else None


def guard_page(page: Any) -> None:
    """Just signed in from a shared link: open its page. A page the role is not offered, opened by its address:
    refused before it runs (PermissionDenied)."""
    from dashboard.ui.navigation import is_registered  # navigation imports this module

    requested = st.session_state.pop(NEXT_KEY, None)
    source = getattr(page, "_page", None)
    if not isinstance(source, Path):
        return
    path = source.resolve().relative_to(PROJECT_ROOT).as_posix() if source.is_absolute() else source.as_posix()
    if requested and requested != path and is_registered(requested):
        st.switch_page(requested)
    if page_allowed(path):
        return
    admin_only = path in {admin_path for admin_path, _, _ in ADMIN_PAGES}
    raise PermissionDenied(t("auth.denied.admin_manage_users" if admin_only else "auth.denied.reader"))


def show_denied(denied: PermissionDenied) -> None:
    """What a page shows when a core function refused the actor (instead of a traceback)."""
    st.warning(str(denied), icon=":material/lock:")


@contextmanager
def refused_shown() -> Iterator[None]:
    """`with refused_shown(): ...`: a part of a page the core may refuse; the refusal is shown, the page goes on."""
    try:
        yield
    except PermissionDenied as denied:
        show_denied(denied)


def may_read_companies(territory_id: str | None) -> bool:
    """Whether the signed-in actor may see company-level data of `territory_id` (pages choose what to draw)."""
    return roles.may_read_companies(get_database(), current_actor(), territory_id)


# ---------------------------------------------------------------------------------------------- administration
def _require_admin_page() -> Actor:
    actor = current_actor()
    if actor is None:  # /journal or /utilisateurs as a new process's first request: run through app.py's sign-in
        from dashboard.ui.sidebar import rerun_through_app_shell

        rerun_through_app_shell()
    if actor is None or not actor.is_admin:
        show_denied(PermissionDenied(t("auth.denied.admin_manage_users")))
        st.stop()
    return actor


def _territory_options(db: Database) -> dict[str, str]:
    frame = db.query_df("SELECT territory_id, name, level FROM territory WHERE level <> 'commune' ORDER BY level, name")
    return {row.territory_id: f"{row.name} ({label(Level(row.level))})" for row in frame.itertuples()}


def _programme_options(db: Database) -> dict[str, str]:
    return dict(db.query_rows("SELECT programme_id, name FROM programme ORDER BY name"))


def users_page(db: Database) -> None:
    """The administrator's users page: list, add, change roles, disable, unlock, new password."""
    actor = _require_admin_page()
    st.caption(t("auth.users.intro"))
    listed = store.users(db)
    method = [
        t("auth.users.method.demo") if demo else t("auth.users.method.password") if has else t("auth.users.method.oidc")
        for demo, has in zip(listed["is_demo"], listed["has_password"], strict=True)
    ]
    st.dataframe(
        pd.DataFrame(
            {
                t("auth.users.col.login"): listed["login"],
                t("auth.users.col.name"): listed["display_name"],
                t("auth.users.col.email"): listed["email"].fillna("–"),
                t("auth.users.col.method"): method,
                t("auth.users.col.roles"): listed["roles"],
                t("auth.users.col.active"): listed["is_active"],
            }
        ),
        hide_index=True,
        width="stretch",
    )
    territories = _territory_options(db)
    programmes = _programme_options(db)
    with st.expander(t("auth.users.add"), icon=":material/person_add:"):
        with st.form("auth.users.add", border=False):
            columns = st.columns(2)
            login = columns[0].text_input(t("auth.sign_in.login"), key="auth.users.login")
            name = columns[1].text_input(t("auth.first_start.name"), key="auth.users.name")
            email = columns[0].text_input(t("auth.first_start.email"), key="auth.users.email")
            password = columns[1].text_input(t("auth.sign_in.password"), type="password", key="auth.users.password",
                                             help=t("auth.users.password_hint"))  # fmt: skip
            grants = _grant_inputs("auth.users.new", territories, programmes)
            submitted = st.form_submit_button(t("auth.users.add"), type="primary")
        if submitted:
            account = store.NewAccount(login, name, tuple(grants), password=password or None, email=email or None)
            _apply(lambda: store.create_user(db, account, actor), t("auth.users.created", login=login.strip().lower()))
    if listed.empty:
        return
    with st.expander(t("auth.users.manage"), icon=":material/manage_accounts:"):
        names = dict(zip(listed["user_id"], listed["login"] + " · " + listed["display_name"], strict=True))
        chosen = st.selectbox(
            t("auth.users.choose"), list(names), format_func=names.__getitem__, key="auth.users.chosen"
        )
        row = listed.set_index("user_id").loc[chosen]
        with st.form("auth.users.roles", border=False):
            grants = _grant_inputs(f"auth.users.edit.{chosen}", territories, programmes)
            if st.form_submit_button(t("auth.users.roles_save")):
                _apply(lambda: store.set_grants(db, chosen, grants, actor), t("auth.users.saved"))
        columns = st.columns(3)
        toggle = t("auth.users.disable") if row["is_active"] else t("auth.users.enable")
        if columns[0].button(toggle, key="auth.users.toggle"):
            _apply(lambda: store.set_active(db, chosen, not bool(row["is_active"]), actor), t("auth.users.saved"))
        if columns[1].button(t("auth.users.unlock"), key="auth.users.unlock"):
            _apply(lambda: store.unlock(db, str(row["login"]), actor), t("auth.users.saved"))
        new_password = columns[2].text_input(
            t("auth.users.new_password"), type="password", key="auth.users.new_password"
        )
        if columns[2].button(t("auth.users.set_password"), key="auth.users.set_password") and new_password:
            _apply(lambda: store.set_password(db, chosen, new_password, actor), t("auth.users.saved"))


def _grant_inputs(key: str, territories: dict[str, str], programmes: dict[str, str]) -> list[Grant]:
    role = st.radio(
        t("auth.users.role"), [r.value for r in Role], format_func=lambda code: t(f"auth.role.{code}"),
        horizontal=True, key=f"{key}.role",
    )  # fmt: skip
    everywhere = st.checkbox(t("auth.users.all_territories"), key=f"{key}.all")
    chosen_territories = st.multiselect(t("auth.users.territories"), list(territories),
                                        format_func=territories.__getitem__, key=f"{key}.territories")  # fmt: skip
    chosen_programmes = st.multiselect(t("auth.users.programmes"), list(programmes),
                                       format_func=programmes.__getitem__, key=f"{key}.programmes")  # fmt: skip
    if role == Role.ADMINISTRATOR or everywhere:
        return [Grant(Role(role))]
    return [Grant(Role(role), ScopeType.TERRITORY, territory) for territory in chosen_territories] + [
        Grant(Role(role), ScopeType.PROGRAMME, programme) for programme in chosen_programmes
    ]


def _apply(change: Any, done: str) -> None:
    try:
        change()
    except store.AccountError as error:
        for problem in error.problems:
            st.error(problem)
    except PermissionDenied as denied:
        show_denied(denied)
    else:
        st.success(done)


def audit_page(db: Database) -> None:
    """The administrator's audit trail: filter, read, download as CSV."""
    actor = _require_admin_page()
    st.caption(t("auth.audit.intro"))
    every = audit.events(db, actor)
    columns = st.columns([2, 2, 1.6, 1.6, 2.2])  # the dates' fields show « 05/12/2026 » whole on a 1366 px screen
    labels = sorted(set(every["user_label"]))
    user = columns[0].selectbox(t("auth.audit.filter.user"), [None, *labels],
                                format_func=lambda v: t("auth.audit.filter.all") if v is None else v, key="audit.user")  # fmt: skip
    action = columns[1].selectbox(
        t("auth.audit.filter.action"), [None, *[a.value for a in AuditAction]],
        format_func=lambda v: t("auth.audit.filter.all") if v is None else t(f"auth.audit.action.{v}"), key="audit.action",
    )  # fmt: skip
    # dated from the first event to today (an empty date field would show an English "yyyy" placeholder)
    first = every["occurred_at"].min().date() if not every.empty else dt.date.today()
    since = columns[2].date_input(t("auth.audit.filter.since"), value=first, format="DD/MM/YYYY", key="audit.since")
    until = columns[3].date_input(t("auth.audit.filter.until"), value="today", format="DD/MM/YYYY", key="audit.until")
    search = columns[4].text_input(t("auth.audit.filter.search"), key="audit.search")
    frame = audit.events(db, actor, AuditFilters(user, action, since, until, search))
    st.caption(t("auth.audit.count", count=fmt_int(len(frame))))
    if frame.empty:
        st.info(t("auth.audit.none"))
        return
    shown = audit_table(frame)
    st.dataframe(shown, hide_index=True, width="stretch")
    # The export's rules: no cell a formula (details quote what users typed), the period and date inside the file.
    source = ExportSource(data_as_of=dt.date.today(), period=f"{fmt_date(since)} – {fmt_date(until)}")
    st.download_button(t("auth.audit.download"), to_bytes({"journal": shown}, "csv", source),
                       file_name="journal_des_actions.csv", mime="text/csv", key="audit.download")  # fmt: skip
    changes = audit.record_changes(db, actor, AuditFilters(user, None, since, until, search))
    if changes is not None:
        st.subheader(t("auth.audit.changes"))
        dataframe_or_sentence(
            pd.DataFrame(
                {
                    t("auth.audit.col.when"): [_when(v) for v in changes["occurred_at"]],
                    t("auth.audit.col.user"): changes["user_label"],
                    t("auth.audit.col.action"): changes["action"].map(lambda v: _label_or_code("auth.audit.change", v)),
                    t("auth.audit.col.entity"): changes["entity"].map(lambda v: _label_or_code("auth.audit.entity", v)),
                    t("auth.audit.col.record"): changes["record_id"],
                    t("auth.audit.col.version"): changes["version"],
                }
            ),
            t("auth.audit.changes_none"),
            hide_index=True,
            width="stretch",
        )


def audit_table(frame: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            t("auth.audit.col.when"): [_when(v) for v in frame["occurred_at"]],
            t("auth.audit.col.user"): frame["user_label"],
            t("auth.audit.col.action"): [t(f"auth.audit.action.{v}") for v in frame["action"]],
            t("auth.audit.col.entity"): frame["entity"].map(lambda v: _label_or_code("auth.audit.entity", v)),
            t("auth.audit.col.record"): frame["record_id"].fillna(""),
            t("auth.audit.col.territory"): frame["territory"].fillna(""),
            t("auth.audit.col.detail"): frame["detail"].fillna(""),
        }
    )


def _label_or_code(prefix: str, code: object) -> str:
    """The French word of a stored code (an import entity, a table, a change kind); the code itself if unknown."""
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    key = f"{prefix}.{code}"
    if key in MESSAGES:
        return t(key)
    template = TEMPLATES_BY_ENTITY.get(str(code))
    return template.title if template is not None else str(code)


def _when(value: object) -> str:
    if isinstance(value, pd.Timestamp):
        value = value.to_pydatetime()
    return value.strftime("%d/%m/%Y %H:%M:%S") if isinstance(value, dt.datetime) else ""
