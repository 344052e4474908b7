"""Form values for record-editing tests: a small world (test geography + nomenclature) and typical cells."""

from __future__ import annotations

from dashboard.db import Database
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

VENDOME, SAINT_PONS = "41269", "34284"
BY = "Camille Martin"


def editing_world(db: Database) -> Database:
    """The test geography and the reference nomenclature (units, flow categories, questionnaire)."""
    with db.transaction() as cur:
        insert_test_territories(cur)
        load_reference_data(cur)
    return db


def company_cells(**changes: str) -> dict[str, str]:
    """A company form as typed (template headers), with `changes` applied."""
    cells = {
        "identifiant": "",
        "nom": "Menuiserie du Loir",
        "siret": "",
        "code_naf": "16.23Z",
        "famille": "fabrication",
        "effectif": "1-9",
        "code_commune": VENDOME,
        "longitude": "",
        "latitude": "",
        "zone_activites": "",
    }
    return cells | changes


def flow_cells(direction: str, category: str, quantity: str, unit: str) -> dict[str, str]:
    return {
        "identifiant": "",
        "sens": direction,
        "categorie": category,
        "description": "",
        "quantite": quantity,
        "unite": unit,
        "frequence": "yearly",
    }
