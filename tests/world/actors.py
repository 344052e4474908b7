"""One actor per role for the tests of dashboard.auth: the chargé de mission holds the Vendômois only
(the test world, README.md §2: companies A, B, C, E, F in the Vendômois, D in the Minervois)."""

from __future__ import annotations

from dashboard.auth.roles import Actor, Grant, Role, ScopeType, actor_from_grants
from tests.world.build import VENDOMOIS

ADMIN = actor_from_grants("u-admin", "admin", "Administratrice", [Grant(Role.ADMINISTRATOR)])
OFFICER = actor_from_grants(
    "u-officer", "charge", "Chargé Vendômois", [Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, VENDOMOIS)]
)
READER = actor_from_grants("u-reader", "copil", "Lecteur COPIL", [Grant(Role.COPIL_READER)])
ACTORS: dict[str, Actor] = {"administrator": ADMIN, "project_officer": OFFICER, "copil_reader": READER}
