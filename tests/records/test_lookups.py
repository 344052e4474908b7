"""The record forms' pick-lists (dashboard/records/lookups.py): units named in French, never by their code."""

from __future__ import annotations

from dashboard.db import Database
from dashboard.records import lookups


def test_units_and_usual_units_of_categories_are_named_in_french_not_by_code(world_db: Database) -> None:
    units = lookups.units(world_db)
    assert units["pallet"] == "palette" and units["t"] == "tonne" and units["day"] == "jour"
    categories = lookups.categories(world_db)
    assert categories["palettes"] == "· Palettes usagées (palette)"  # under its family: one indent
    codes = set(units) - set(units.values())
    assert not [text for text in categories.values() if any(f"({code})" in text for code in codes)]
