"""Roles, the signed-in `Actor` and what each role may do: the one place where permissions are decided.

Three roles (stored codes mirror schema.sql's user_role CHECK):
- administrator: everything (users, imports, edits anywhere, every company-level read);
- project_officer (chargé de mission): reads company-level data, edits and imports inside the territories and
  programmes it holds a role on, and nowhere else;
- copil_reader (lecteur COPIL): aggregates only, never a company name, SIRET, coordinate, company table, map
  point or export.

Core functions that return company-level data or write take an `actor` and call `require_*` below before
touching the database, so the rule holds whatever the page shows or hides. `actor=None` is the trusted
in-process caller (command line, demo build, tests of the core): the dashboard always passes the signed-in actor.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from dashboard.db import Database
from dashboard.i18n import t


class Role(StrEnum):
    ADMINISTRATOR = "administrator"
    PROJECT_OFFICER = "project_officer"
    COPIL_READER = "copil_reader"


class ScopeType(StrEnum):
    ALL = "all"
    TERRITORY = "territory"
    PROGRAMME = "programme"


ALL_SCOPE = "*"


class Action(StrEnum):
    """What a core function is about to do."""

    READ_COMPANIES = "read_companies"  # names, SIRET, coordinates, company-level tables, map points, exports
    EDIT = "edit"  # record edits, synergy proposals, indicator entries, hand-over
    IMPORT = "import"
    MANAGE_USERS = "manage_users"
    READ_AUDIT = "read_audit"


@dataclass(frozen=True)
class Grant:
    role: Role
    scope_type: ScopeType = ScopeType.ALL
    scope_id: str = ALL_SCOPE

    def __post_init__(self) -> None:
        if (self.scope_type == ScopeType.ALL) != (self.scope_id == ALL_SCOPE):
            raise ValueError(f"scope {self.scope_type}:{self.scope_id}")


@dataclass(frozen=True)
class Actor:
    """Who is acting: hashable and small, so that cached reads are keyed on it (one cache entry per actor).

    `territories` are the territory ids the project-officer roles cover, programmes resolved to their
    perimeter when the actor was loaded (dashboard.auth.store.load_actor).
    """

    user_id: str
    login: str
    display_name: str
    roles: frozenset[Role]
    territories: frozenset[str] = frozenset()
    programmes: frozenset[str] = frozenset()
    everywhere: bool = False  # a project_officer role on scope 'all'

    @property
    def is_admin(self) -> bool:
        return Role.ADMINISTRATOR in self.roles

    @property
    def is_reader_only(self) -> bool:
        """Aggregates only: no administrator nor project-officer role."""
        return not (self.roles & {Role.ADMINISTRATOR, Role.PROJECT_OFFICER})

    @property
    def main_role(self) -> Role:
        for role in Role:  # the strongest first
            if role in self.roles:
                return role
        return Role.COPIL_READER

    def label(self) -> str:
        return t("auth.actor.label", name=self.display_name, role=t(f"auth.role.{self.main_role.value}"))


class PermissionDenied(PermissionError):
    """The actor may not do this; the message is French and says why (shown as is by the dashboard)."""


def actor_from_grants(
    user_id: str, login: str, display_name: str, grants: Iterable[Grant], perimeters: dict[str, str] | None = None
) -> Actor:
    """An Actor from its grants; `perimeters` maps each granted programme to its perimeter territory."""
    grants = list(grants)
    territories = {g.scope_id for g in grants if g.role == Role.PROJECT_OFFICER and g.scope_type == ScopeType.TERRITORY}
    programmes = {g.scope_id for g in grants if g.role == Role.PROJECT_OFFICER and g.scope_type == ScopeType.PROGRAMME}
    territories |= {perimeters[p] for p in programmes if perimeters and p in perimeters}
    return Actor(
        user_id=user_id,
        login=login,
        display_name=display_name,
        roles=frozenset(g.role for g in grants),
        territories=frozenset(territories),
        programmes=frozenset(programmes),
        everywhere=any(g.role == Role.PROJECT_OFFICER and g.scope_type == ScopeType.ALL for g in grants),
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------- decisions
PROGRAMME_PREFIX = "programme:"  # a programme's scope key (dashboard.scope): its own records


def covers_territory(db: Database, actor: Actor, territory_id: str) -> bool:
    """The actor's project-officer territories hold every commune of `territory_id` (or the territory itself);
    a programme scope key ('programme:<id>') is covered when it is one of the actor's programmes or its perimeter
    is covered."""
    if actor.is_admin or actor.everywhere:
        return True
    if Role.PROJECT_OFFICER not in actor.roles:
        return False
    if territory_id.startswith(PROGRAMME_PREFIX):
        programme_id = territory_id.removeprefix(PROGRAMME_PREFIX)
        if programme_id in actor.programmes:
            return True
        perimeter = db.query_value(
            "SELECT perimeter_territory_id FROM programme WHERE programme_id = $id", {"id": programme_id}
        )
        return perimeter is not None and covers_territory(db, actor, perimeter)
    if not actor.territories:
        return False
    if territory_id in actor.territories:
        return True
    granted = sorted(actor.territories)
    # Inside when it has communes and none of them is outside the granted territories' communes.
    row = db.query_rows(
        """
        SELECT count(*) AS communes,
               count(*) FILTER (WHERE commune_id NOT IN (
                   SELECT commune_id FROM territory_commune WHERE list_contains($granted, territory_id))) AS outside
        FROM territory_commune WHERE territory_id = $territory
        """,
        {"granted": granted, "territory": territory_id},
    )[0]
    return row[0] > 0 and row[1] == 0


def communes_outside(db: Database, actor: Actor, commune_ids: Iterable[str]) -> list[str]:
    """The communes among `commune_ids` that the actor may not edit (sorted, distinct)."""
    wanted = sorted({str(c) for c in commune_ids})
    if actor.is_admin or actor.everywhere or not wanted:
        return []
    if Role.PROJECT_OFFICER not in actor.roles:
        return wanted
    inside = {
        r[0]
        for r in db.query_rows(
            "SELECT DISTINCT commune_id FROM territory_commune "
            "WHERE list_contains($granted, territory_id) AND list_contains($wanted, commune_id)",
            {"granted": sorted(actor.territories), "wanted": wanted},
        )
    }
    return [c for c in wanted if c not in inside]


def _territory_name(db: Database, territory_id: str) -> str:
    if territory_id.startswith(PROGRAMME_PREFIX):
        name = db.query_value(
            "SELECT name FROM programme WHERE programme_id = $id", {"id": territory_id.removeprefix(PROGRAMME_PREFIX)}
        )
        return name or territory_id
    return db.query_value("SELECT name FROM territory WHERE territory_id = $id", {"id": territory_id}) or territory_id


def require_company_read(db: Database, actor: Actor | None, territory_id: str | None) -> None:
    """Company-level data of `territory_id` (None: of the whole database) may be shown to the actor."""
    if actor is None or actor.is_admin or actor.everywhere:
        return
    if actor.is_reader_only:
        raise PermissionDenied(t("auth.denied.reader"))
    if territory_id is None or not covers_territory(db, actor, territory_id):
        where = t("auth.denied.whole_database") if territory_id is None else _territory_name(db, territory_id)
        raise PermissionDenied(t("auth.denied.outside_read", territory=where))


def require_edit(
    db: Database,
    actor: Actor | None,
    *,
    territory_id: str | None = None,
    programme_id: str | None = None,
    commune_ids: Iterable[str] = (),
    action: Action = Action.EDIT,
) -> None:
    """The actor may write in `territory_id`, in `programme_id` (one of its programmes, or a perimeter inside its
    territories) and in each of `commune_ids` (the communes of the records touched)."""
    if actor is None or actor.is_admin:
        return
    if actor.is_reader_only:
        raise PermissionDenied(t(f"auth.denied.reader_{action.value}"))
    if programme_id is not None and not actor.everywhere and programme_id not in actor.programmes:
        perimeter = db.query_value(
            "SELECT perimeter_territory_id FROM programme WHERE programme_id = $id", {"id": programme_id}
        )
        if perimeter is None or not covers_territory(db, actor, perimeter):
            name = db.query_value("SELECT name FROM programme WHERE programme_id = $id", {"id": programme_id})
            raise PermissionDenied(t("auth.denied.outside_edit", territory=name or programme_id))
    if territory_id is not None and not covers_territory(db, actor, territory_id):
        raise PermissionDenied(t("auth.denied.outside_edit", territory=_territory_name(db, territory_id)))
    outside = communes_outside(db, actor, commune_ids)
    if outside:
        names = ", ".join(_territory_name(db, c) for c in outside[:5]) + (" …" if len(outside) > 5 else "")
        raise PermissionDenied(t("auth.denied.outside_edit", territory=names))  # fmt: skip


def require_admin(actor: Actor | None, action: Action = Action.MANAGE_USERS) -> None:
    if actor is not None and not actor.is_admin:
        raise PermissionDenied(t(f"auth.denied.admin_{action.value}"))


def may_read_companies(db: Database, actor: Actor | None, territory_id: str | None) -> bool:
    """`require_company_read` as a yes/no, for pages choosing what to draw."""
    try:
        require_company_read(db, actor, territory_id)
    except PermissionDenied:
        return False
    return True
