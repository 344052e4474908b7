"""Pick-lists of the forms: what a reference field may hold, with the French text shown for each choice.

Each function returns {stored value: shown text} in display order. References are typed in forms as the
import expects them (a commune's INSEE code, a company's identifier), so the form's values go through the
import's validation unchanged.
"""

from __future__ import annotations

import pandas as pd

from dashboard.codes import Level
from dashboard.db import Database
from dashboard.i18n import label

Choices = dict[str, str]
SEARCH_LIMIT = 50  # communes listed for a name search (France has about 35 000)


def communes(db: Database, territory_id: str, search: str = "") -> Choices:
    """INSEE code -> 'Vendôme (41269)': the territory's communes, or communes of France whose name contains
    `search` (accents and case ignored), the territory's first."""
    rows = db.query_rows(
        """
        SELECT t.code, t.name || ' (' || t.code || ')'
        FROM territory t
        WHERE t.level = 'commune'
          AND CASE WHEN $search = '' THEN t.territory_id IN (SELECT commune_id FROM territory_commune
                                                            WHERE territory_id = $territory_id)
                   ELSE strip_accents(lower(t.name)) LIKE '%' || strip_accents(lower($search)) || '%'
                        OR t.code = $search END
        ORDER BY t.territory_id NOT IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory_id),
                 length(t.name), t.name
        LIMIT $limit
        """,
        {"territory_id": territory_id, "search": search.strip(), "limit": SEARCH_LIMIT if search.strip() else 10_000},
    )
    return dict(rows)


def commune_name(db: Database, code: str) -> str | None:
    return db.query_value(
        "SELECT name || ' (' || code || ')' FROM territory WHERE territory_id = 'commune:' || $code", {"code": code}
    )


def companies(db: Database, territory_id: str) -> Choices:
    """Company id -> 'Name (Commune)': the live companies located in the territory."""
    rows = db.query_rows(
        """
        SELECT c.company_id, c.name || ' (' || t.name || ')'
        FROM company c JOIN territory t ON t.territory_id = c.commune_id
        WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory_id)
        ORDER BY c.name, c.company_id
        """,
        {"territory_id": territory_id},
    )
    return dict(rows)


def territories(db: Database, territory_id: str) -> Choices:
    """Territory id -> name: the territory itself, then its intercommunalities and communes."""
    rows = db.query_rows(
        """
        SELECT t.territory_id, t.name || CASE WHEN t.level = 'commune' THEN ' (' || t.code || ')' ELSE '' END
        FROM territory t
        WHERE t.territory_id = $territory_id
           OR t.territory_id IN (SELECT member_id FROM territory_membership WHERE container_id = $territory_id)
        ORDER BY t.territory_id <> $territory_id, list_position(['region', 'departement', 'epci', 'perimetre',
                 'commune'], t.level), t.name
        """,
        {"territory_id": territory_id},
    )
    return dict(rows)


def programmes(db: Database) -> Choices:
    return dict(db.query_rows("SELECT programme_id, name FROM programme ORDER BY name"))


def organisations(db: Database) -> Choices:
    return dict(db.query_rows("SELECT org_id, name FROM organisation ORDER BY name"))


def categories(db: Database) -> Choices:
    """Category code -> 'Label (its usual unit's French name)', e.g. 'Palettes usagées (palette)', in nomenclature
    order with the tree's indent. Units are named, never shown by code: some codes are English words ('pallet')."""
    rows = db.query_rows(
        """
        WITH RECURSIVE tree(category_code, path, depth) AS (
            SELECT category_code, [category_code], 0 FROM flow_category WHERE parent_code IS NULL
            UNION ALL
            SELECT c.category_code, list_append(tree.path, c.category_code), tree.depth + 1
            FROM flow_category c JOIN tree ON c.parent_code = tree.category_code
            WHERE tree.depth < 32
        )
        SELECT c.category_code,
               repeat('· ', tree.depth) || c.label || coalesce(' (' || u.label || ')', '')
        FROM tree JOIN flow_category c USING (category_code) LEFT JOIN unit u ON u.unit_code = c.default_unit
        ORDER BY c.family, tree.path
        """
    )
    return dict(rows)


def units(db: Database) -> Choices:
    """Unit code -> its French name ('palette', 'tonne'): some codes are English words ('pallet', 'day')."""
    return dict(db.query_rows("SELECT unit_code, label FROM unit ORDER BY dimension, to_base"))


def perimeters(db: Database) -> Choices:
    """Territory id -> 'name (level)' for what a programme may cover: every territory but communes."""
    rows = db.query_rows(
        """
        SELECT territory_id, level, name FROM territory WHERE level <> 'commune'
        ORDER BY list_position(['perimetre', 'epci', 'departement', 'region'], level), name
        """
    )
    return {territory_id: f"{name} ({label(Level(level)).lower()})" for territory_id, level, name in rows}


def questions(db: Database, questionnaire_id: str) -> list[tuple[str, str, str, int]]:
    """(question_code, theme_code, text, max_points) of a questionnaire, in code order."""
    return [
        (str(code), str(theme), str(text), int(points))
        for code, theme, text, points in db.query_rows(
            "SELECT question_code, theme_code, text, max_points FROM sa_question WHERE questionnaire_id = $q "
            "ORDER BY theme_code, question_code",
            {"q": questionnaire_id},
        )
    ]


def diagnostics(db: Database, territory_id: str) -> Choices:
    """Diagnostic id -> 'Company – 15/03/2024 (flash)' for the territory's companies, newest first."""
    rows = db.query_rows(
        """
        SELECT d.diagnostic_id, c.name || ' – ' || strftime(d.diagnostic_date, '%d/%m/%Y') || ' – ' || d.diagnostic_id
        FROM diagnostic d JOIN company c USING (company_id)
        WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory_id)
        ORDER BY d.diagnostic_date DESC, c.name
        """,
        {"territory_id": territory_id},
    )
    return dict(rows)


def synergies(db: Database, territory_id: str) -> Choices:
    """Synergy id -> title (id) for synergies attached to the territory or its members, or with a local company."""
    rows = db.query_rows(
        """
        SELECT s.synergy_id, s.title || ' (' || s.synergy_id || ')'
        FROM synergy s
        WHERE s.territory_id = $territory_id
           OR s.territory_id IN (SELECT member_id FROM territory_membership WHERE container_id = $territory_id)
           OR s.synergy_id IN (SELECT p.synergy_id FROM synergy_participant p JOIN company c USING (company_id)
                               WHERE c.commune_id IN (SELECT commune_id FROM territory_commune
                                                      WHERE territory_id = $territory_id))
        ORDER BY s.title, s.synergy_id
        """,
        {"territory_id": territory_id},
    )
    return dict(rows)


def events(db: Database, territory_id: str) -> Choices:
    """Event id -> 'title – 19/05/2026' for events attached to the territory or its members, newest first."""
    rows = db.query_rows(
        """
        SELECT e.event_id, e.title || ' – ' || strftime(e.event_date, '%d/%m/%Y')
        FROM event e
        WHERE e.territory_id = $territory_id
           OR e.territory_id IN (SELECT member_id FROM territory_membership WHERE container_id = $territory_id)
        ORDER BY e.event_date DESC, e.title
        """,
        {"territory_id": territory_id},
    )
    return dict(rows)


def convention_actions(db: Database, convention_id: str) -> Choices:
    """'convention/action' record ids -> action label, in the convention's order."""
    rows = db.query_rows(
        """
        SELECT convention_id || '/' || action_code, label FROM convention_action
        WHERE convention_id = $convention_id ORDER BY article NULLS LAST, action_code
        """,
        {"convention_id": convention_id},
    )
    return dict(rows)


def sa_responses(db: Database, territory_id: str, questionnaire_id: str) -> Choices:
    """Response id -> 'Company – 15/09/2025' for the territory's companies, newest first."""
    rows = db.query_rows(
        """
        SELECT r.response_id, c.name || ' – ' || strftime(r.submitted_on, '%d/%m/%Y')
        FROM sa_response r JOIN company c USING (company_id)
        WHERE r.questionnaire_id = $questionnaire_id
          AND c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $territory_id)
        ORDER BY r.submitted_on DESC, c.name
        """,
        {"territory_id": territory_id, "questionnaire_id": questionnaire_id},
    )
    return dict(rows)


def response_scores(db: Database, response_id: str) -> pd.DataFrame:
    """A response's score per theme out of 5 (the view `sa_theme_score`, as on the page): label, score."""
    return db.query_df(
        """
        SELECT th.label, s.score FROM sa_theme_score s
        JOIN sa_theme th ON th.questionnaire_id = s.questionnaire_id AND th.theme_code = s.theme_code
        WHERE s.response_id = $id ORDER BY s.theme_code
        """,
        {"id": response_id},
    )
