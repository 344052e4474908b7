"""Self-assessment responses of a few actors of the Vendômois (tests/world/README.md §6)."""

from __future__ import annotations

import datetime as dt

from dashboard.db import Database
from dashboard.reference_data import QUESTIONNAIRE_ID, load_reference_data
from tests.world.build import VENDOMOIS

__all__ = ["ACTORS", "END_2025", "ENERGY", "VENDOMOIS", "insert_self_assessments"]

END_2025 = dt.date(2025, 12, 31)
ENERGY = "energie"

# (company, commune, [(date, energy points, other points)])
ACTORS = [
    ("A", "41269", [(dt.date(2024, 3, 1), 2, 2), (dt.date(2025, 10, 1), 4, 2)]),
    ("B", "41269", [(dt.date(2024, 4, 1), 0, 0)]),
    ("C", "41269", [(dt.date(2024, 5, 1), 1, 1), (dt.date(2025, 9, 15), 3, 3)]),
    ("D", "41226", [(dt.date(2025, 10, 10), 4, 4)]),
    ("F", "41269", [(dt.date(2024, 6, 1), 2, 2), (dt.date(2025, 11, 1), 2, 2)]),
    ("E", "34284", [(dt.date(2025, 1, 1), 4, 4)]),
]


def insert_self_assessments(geo_db: Database) -> Database:
    """The fixture's questionnaire, actors and responses, on the test geography."""
    with geo_db.transaction() as cur:
        load_reference_data(cur)
        questions = cur.execute(
            "SELECT question_code, theme_code FROM sa_question WHERE questionnaire_id = $q", {"q": QUESTIONNAIRE_ID}
        ).fetchall()
        for company, commune, responses in ACTORS:
            cur.execute(
                "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
                "VALUES ($id, $name, 'fabrication', '1-9', $commune)",
                {"id": company, "name": f"Entreprise {company}", "commune": f"commune:{commune}"},
            )
            for index, (submitted, energy_points, other_points) in enumerate(responses):
                response_id = f"{company}{index}"
                cur.execute(
                    "INSERT INTO sa_response VALUES ($id, $q, $company, $date, FALSE)",
                    {"id": response_id, "q": QUESTIONNAIRE_ID, "company": company, "date": submitted},
                )
                for code, theme in questions:
                    cur.execute(
                        "INSERT INTO sa_answer VALUES ($id, $q, $code, $points)",
                        {
                            "id": response_id,
                            "q": QUESTIONNAIRE_ID,
                            "code": code,
                            "points": energy_points if theme == ENERGY else other_points,
                        },
                    )
    return geo_db
