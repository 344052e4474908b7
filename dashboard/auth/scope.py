"""Which rows of an import a chargé de mission may load: only rows inside its territories and programmes.

Each validated row is placed through the columns it has: a commune (commune_id), a company (its commune, from the
database or from the same import), a synergy (its territory), a territory (territory_id, perimeter_territory_id)
or a programme. A table with none of these columns is shared reference data (organisations, flow nomenclature,
compatibility...): only an administrator imports it. Every refused row is a located French problem, and then
nothing is written (the import is all or nothing).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from dashboard.auth.roles import Action, Actor, covers_territory, require_edit
from dashboard.db import Database
from dashboard.i18n import t
from dashboard.imports.reader import ROW, Problem, RawTable
from dashboard.imports.templates import Template

MAX_LISTED = 20  # refused rows listed per table (the rest are counted in the last one)


def require_import(db: Database, actor: Actor | None) -> None:
    """A lecteur COPIL never imports (PermissionDenied); scope is checked row by row by `import_problems`."""
    require_edit(db, actor, action=Action.IMPORT)


def _header(template: Template, db_column: str) -> str:
    return next((c.header for c in template.columns if c.db_column == db_column), db_column)


def import_problems(
    db: Database, actor: Actor | None, tables: Sequence[tuple[Template, RawTable, pd.DataFrame]]
) -> list[Problem]:
    """Rows of the validated `tables` outside the actor's scope (empty for an administrator or the command line)."""
    if actor is None or actor.is_admin or actor.everywhere:
        return []
    company_commune = dict(db.query_rows("SELECT company_id, commune_id FROM company"))
    synergy_territory = dict(db.query_rows("SELECT synergy_id, territory_id FROM synergy"))
    for template, _, typed in tables:  # rows of the same import count as known
        if template.table == "company":
            company_commune.update(zip(typed["company_id"].astype(str), typed["commune_id"].astype(str), strict=True))
        if template.table == "synergy":
            synergy_territory.update(
                zip(typed["synergy_id"].astype(str), typed["territory_id"].astype(str), strict=True)
            )
    # the actor's communes, once: rows are then checked in memory
    inside = {
        r[0]
        for r in db.query_rows(
            "SELECT DISTINCT commune_id FROM territory_commune WHERE list_contains($granted, territory_id)",
            {"granted": sorted(actor.territories)},
        )
    }
    perimeters = dict(db.query_rows("SELECT programme_id, perimeter_territory_id FROM programme"))
    allowed_territories: dict[str, bool] = {}
    problems: list[Problem] = []

    def territory_ok(territory_id: str) -> bool:
        if territory_id not in allowed_territories:
            allowed_territories[territory_id] = covers_territory(db, actor, territory_id)
        return allowed_territories[territory_id]

    for template, raw, typed in tables:
        own = {"company": "company_id", "synergy": "synergy_id"}.get(template.table)  # the row's own key
        checks = [
            c
            for c in (
                "commune_id",
                "company_id",
                "synergy_id",
                "territory_id",
                "perimeter_territory_id",
                "programme_id",
            )
            if c in typed.columns and c != own
        ]
        if not checks:
            problems.append(Problem(raw.file, None, None, t("auth.denied.admin_import_table", file=raw.file)))
            continue
        refused: list[Problem] = []
        for column in checks:
            values = typed[column].astype(object).where(typed[column].notna(), None)
            for row, value in zip(typed[ROW], values, strict=True):
                if value is None:
                    continue
                value = str(value)
                if column == "commune_id":
                    outside = value not in inside
                elif column == "company_id":
                    commune = company_commune.get(value)
                    outside = commune not in inside
                elif column == "synergy_id":
                    territory = synergy_territory.get(value)
                    outside = territory is None or not territory_ok(territory)
                elif column == "programme_id":
                    outside = value not in actor.programmes and not territory_ok(perimeters.get(value, ""))
                else:
                    outside = not territory_ok(value)
                if outside:
                    refused.append(Problem(raw.file, int(row), _header(template, column),
                                           t("auth.denied.import_row", value=value)))  # fmt: skip
        problems += refused[:MAX_LISTED]
        if len(refused) > MAX_LISTED:
            problems.append(
                Problem(raw.file, None, None, t("auth.denied.import_more", count=len(refused) - MAX_LISTED))
            )
    return problems
