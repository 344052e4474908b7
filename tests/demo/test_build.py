"""The demo database: the seeds' figures exactly, deterministic, consistent, without personal data."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import duckdb
import pytest
import shapely

from dashboard.demo.build import build_demo_database


@pytest.fixture(scope="module")
def demo(demo_db_path: Path):
    con = duckdb.connect(str(demo_db_path), read_only=True)
    yield con
    con.close()


def rows(con, sql: str, params: dict | None = None) -> list[tuple]:
    return con.execute(sql, params or {}).fetchall()


def test_vendomois_reference_and_targets_exact(demo):
    values = rows(
        demo,
        "SELECT indicator_code, period_year, value_kind, value FROM indicator_value "
        "WHERE programme_id = 'eit_vendomois' ORDER BY indicator_code, period_year",
    )
    assert values == [
        ("companies_mobilised", 2019, "reference", 70),
        ("companies_mobilised", 2020, "target", 80),
        ("companies_mobilised", 2022, "target", 100),
        ("jobs_created", 2022, "target", 1),
        ("synergies", 2019, "reference", 3),
        ("synergies", 2020, "target", 12),
        ("synergies", 2022, "target", 24),
        ("workshops_meetings", 2019, "reference", 2),
        ("workshops_meetings", 2020, "target", 6),
        ("workshops_meetings", 2022, "target", 12),
    ]
    assert rows(demo, "SELECT perimeter_territory_id FROM programme WHERE programme_id = 'eit_vendomois'") == [
        ("epci:200072072",)
    ]


def test_vendomois_funding_plan_exact(demo):
    envelopes = dict(
        rows(demo, "SELECT funder_label, amount_eur FROM funding_envelope WHERE phase_label LIKE '%2018/2020%'")
    )
    assert {k: int(v) for k, v in envelopes.items()} == {
        "ADEME": 25_747,
        "CPER": 10_137,
        "Conseil régional": 12_902,
        "FEDER": 4_860,
        "LEADER": 20_000,
        "CCI": 38_321,
        "CMA": 8_505,
    }
    assert sum(envelopes.values()) == 120_472
    lines = rows(
        demo,
        "SELECT e.funder_label, l.period_label, l.amount_eur FROM funding_line l JOIN funding_envelope e USING "
        "(envelope_id) WHERE e.funder_label IN ('ADEME', 'CCI/CMA') ORDER BY e.funder_label, l.period_start",
    )
    assert [(f, p, int(a)) for f, p, a in lines] == [
        ("ADEME", "2018", 6_437),
        ("ADEME", "2019", 12_874),
        ("ADEME", "1er semestre 2020", 6_437),
        ("CCI/CMA", "2e semestre 2020", 5_000),
        ("CCI/CMA", "2021", 10_000),
        ("CCI/CMA", "1er semestre 2022", 5_000),
    ]
    phase2 = rows(demo, "SELECT sum(amount_eur) FROM funding_envelope WHERE phase_label LIKE '%2020/2022%'")[0][0]
    assert int(phase2) == 100_000  # 80 000 € to be split + 20 000 € CCI/CMA


def test_cdcmc_convention_exact(demo):
    convention = rows(
        demo,
        "SELECT territory_id, start_date::VARCHAR, end_date::VARCHAR, ceiling_eur, payment_rule FROM convention",
    )
    assert convention == [("epci:200066348", "2026-01-01", "2026-12-31", 4000, "pro_rata")]
    actions = rows(demo, "SELECT action_code, flat_amount_eur, committed_quantity FROM convention_action ORDER BY 2")
    assert [(c, int(a), q) for c, a, q in actions] == [
        ("geometiers", 500, 1),
        ("evenements", 1000, 2),
        ("accompagnement", 2500, 5),
    ]


def test_paca_programmes_and_synergies_exact(demo):
    programmes = dict(rows(demo, "SELECT programme_id, fte FROM programme WHERE programme_id <> 'eit_vendomois'"))
    assert set(programmes) == {
        "adeto", "argile_circulaire", "authentic_provence", "cavem", "ebg", "entrepreneurs_sorgues", "piicto", "club_pal"
    }  # fmt: skip
    assert programmes["adeto"] == 0.65 and programmes["piicto"] == 1.6
    figures = dict(rows(demo, "SELECT programme_id || '.' || figure_code, value FROM programme_key_figure"))
    assert figures["piicto.kilotonnes_valorised"] == 35.9
    assert figures["piicto.tco2_avoided"] == 4800
    assert figures["adeto.members"] == 260
    assert figures["entrepreneurs_sorgues.substitution_identified"] == 30
    assert figures["cavem.companies_involved"] == 530
    by_status = rows(
        demo,
        "SELECT programme_id, status, count(*) FROM synergy_current WHERE origin = 'seed' GROUP BY ALL ORDER BY ALL",
    )
    assert ("piicto", "realised", 3) in by_status and ("piicto", "in_progress", 2) in by_status
    assert ("entrepreneurs_sorgues", "identified", 5) in by_status
    impacts = rows(
        demo,
        "SELECT synergy_id, impact_kind, value, basis FROM synergy_impact WHERE synergy_id LIKE 'piicto:%' ORDER BY 1",
    )
    assert impacts == [
        ("piicto:boues_sous_couche", "tonnes", 16_000, "declared"),
        ("piicto:eau_demineralisee", "water_m3", 3_500, "declared"),
        ("piicto:hcl_local", "tco2e", 200, "declared"),
        ("piicto:hyammed", "tco2e", 2_000, "estimated"),
    ]
    perimeters = dict(rows(demo, "SELECT programme_id, perimeter_territory_id FROM programme"))
    assert perimeters["cavem"] == "epci:200035319" and perimeters["authentic_provence"] == "region:93"
    toulon_ouest = rows(
        demo, "SELECT commune_id FROM territory_commune WHERE territory_id = $t ORDER BY 1", {"t": perimeters["adeto"]}
    )
    assert toulon_ouest == [("commune:83090",), ("commune:83126",), ("commune:83129",)]


def test_seed_rows_are_real_and_generated_rows_are_flagged(demo):
    assert rows(demo, "SELECT count(*) FROM company WHERE NOT is_demo")[0][0] == 0
    assert rows(demo, "SELECT count(*) FROM company WHERE name NOT LIKE '%(démo)'")[0][0] == 0
    assert rows(demo, "SELECT count(*) FROM synergy WHERE origin = 'seed' AND is_demo")[0][0] == 0
    assert rows(demo, "SELECT value FROM meta WHERE key = 'dataset'") == [("demo",)]


def test_generated_records_are_consistent(demo):
    vendomois_2018 = rows(
        demo,
        "SELECT count(DISTINCT d.company_id), count(f.flow_id) FROM diagnostic d LEFT JOIN flow f USING (diagnostic_id) "
        "WHERE d.programme_id = 'eit_vendomois' AND year(d.diagnostic_date) = 2018",
    )
    assert vendomois_2018 == [(70, 1000)]  # seed 002: 70 companies diagnosed in 2018, about a thousand flows
    assert rows(
        demo,
        "SELECT count(*) FROM synergy s WHERE (SELECT count(*) FROM synergy_participant p "
        "WHERE p.synergy_id = s.synergy_id) < 2",
    ) == [(0,)]
    assert rows(
        demo, "SELECT count(*) FROM synergy WHERE synergy_id NOT IN (SELECT synergy_id FROM synergy_current)"
    ) == [(0,)]
    companies = rows(
        demo,
        "SELECT c.longitude, c.latitude, t.geometry::BLOB FROM company c JOIN territory t ON t.territory_id = c.commune_id",
    )
    outside = [
        (x, y) for x, y, geometry in companies if not shapely.contains_xy(shapely.from_wkb(bytes(geometry)), x, y)
    ]
    assert outside == []


SEED_PEOPLE = (
    "Christian POUJOL", "Audrey Hennebert", "Denis Chal", "Catherine Michou", "Jean-Christophe Després",
    "Cécile Tonnau", "Gaël Maillard", "Lionel CAUCHARD", "Cécilia FLORIT", "Marguerite des Gayets",
    "Laurence GAUBERT", "Benoit Duret", "Laure ROSSOGLIO", "Cyrille HUYGHUES", "Axel FRICK", "Pierre MAILLE",
    "Nathalie LANDI", "Hadrien AIZPURU", "Catherine BEZARD", "Nicolas Mat", "Angélique CARANTA", "BERETTONI",
    "Evelyne Farissier", "houzet",
)  # fmt: skip
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
PHONE = re.compile(r"\b0\d([ .,-]?\d{2}){4}\b")


def test_no_personal_data_from_the_seeds(demo):
    columns = rows(
        demo,
        "SELECT table_name, column_name FROM duckdb_columns() WHERE data_type = 'VARCHAR' "
        "AND table_name IN (SELECT table_name FROM duckdb_tables())",
    )
    found = []
    for table, column in columns:
        for (value,) in rows(demo, f'SELECT DISTINCT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL'):
            lowered = value.lower()
            if any(person.lower() in lowered for person in SEED_PEOPLE) or EMAIL.search(value) or PHONE.search(value):
                found.append((table, column, value))
    assert found == []


def _content_hash(path: Path) -> dict[str, str]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        hashes = {}
        for (table,) in rows(con, "SELECT table_name FROM duckdb_tables() ORDER BY 1"):
            frame = con.execute(f'SELECT * FROM "{table}" ORDER BY ALL').df()
            hashes[table] = hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
        return hashes
    finally:
        con.close()


def test_build_is_deterministic(demo_db_path: Path, tmp_path: Path):
    again = build_demo_database(tmp_path / "again.duckdb").path
    assert _content_hash(again) == _content_hash(demo_db_path)
