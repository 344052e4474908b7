"""The schema's constraints fire, and writes are all-or-nothing."""

from __future__ import annotations

import duckdb
import pytest

from dashboard.db import Database


def test_schema_applies_twice(tmp_path):
    path = tmp_path / "x.duckdb"
    Database(path).close()
    db = Database(path)  # IF NOT EXISTS everywhere: reopening is harmless
    assert db.query_value("SELECT count(*) FROM territory") == 0
    db.close()


def test_a_file_made_before_an_action_code_was_added_gets_it_and_keeps_its_history(tmp_path):
    path = tmp_path / "x.duckdb"
    Database(path).close()
    old = duckdb.connect(str(path))  # record_change as an earlier schema made it: no 'purge' action
    old.execute("DROP TABLE record_change")
    old.execute(
        "CREATE TABLE record_change (change_id INTEGER PRIMARY KEY DEFAULT nextval('record_change_seq'), "
        "entity VARCHAR NOT NULL, record_id VARCHAR NOT NULL, version INTEGER NOT NULL, "
        "action VARCHAR NOT NULL CHECK (action IN ('create', 'edit')), changed_at TIMESTAMP NOT NULL, "
        "changed_by VARCHAR NOT NULL, before_json JSON, after_json JSON, territory_ids JSON NOT NULL, "
        "UNIQUE (entity, record_id, version))"
    )
    old.execute(
        "INSERT INTO record_change VALUES (7, 'company', 'E-1', 1, 'create', now(), 'Camille', NULL, '{}', '[]')"
    )
    old.execute("UPDATE meta SET value = 'ancien' WHERE key = 'schema_version'")
    old.close()
    db = Database(path)
    assert db.query_rows("SELECT change_id, record_id, changed_by FROM record_change") == [(7, "E-1", "Camille")]
    with db.transaction() as cur:
        cur.execute(
            "INSERT INTO record_change (entity, record_id, version, action, changed_at, changed_by, territory_ids) "
            "VALUES ('company', 'E-1', 2, 'purge', now(), 'admin', '[]')"
        )
    db.close()


def test_transaction_rolls_back_everything(geo_db: Database):
    with pytest.raises(duckdb.ConstraintException), geo_db.transaction() as cur:
        cur.execute("INSERT INTO organisation VALUES ('cci41', 'CCI 41', 'cci')")
        cur.execute("INSERT INTO organisation VALUES ('cci41', 'doublon', 'cci')")
    assert geo_db.query_value("SELECT count(*) FROM organisation") == 0


@pytest.mark.parametrize(
    "sql",
    [
        # unknown level
        "INSERT INTO territory (territory_id, level, code, name, source) VALUES ('canton:1', 'canton', '1', 'x', 't')",
        # id not derived from level and code
        "INSERT INTO territory (territory_id, level, code, name, source) VALUES ('commune:1', 'commune', '2', 'x', 't')",
        # company on an unknown commune (foreign key)
        "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
        "VALUES ('c1', 'A', 'batiment', '1-9', 'commune:99999')",
        # malformed SIRET
        "INSERT INTO company (company_id, name, siret, sector_family, size_band, commune_id) "
        "VALUES ('c1', 'A', '123', 'batiment', '1-9', 'commune:41269')",
        # negative flow quantity
        "INSERT INTO flow_category (category_code, label, family) VALUES ('carton', 'Carton', 'matiere');"
        "INSERT INTO unit VALUES ('t', 'tonne', 'mass', 1);"
        "INSERT INTO company (company_id, name, sector_family, size_band, commune_id) "
        "VALUES ('c1', 'A', 'batiment', '1-9', 'commune:41269');"
        "INSERT INTO flow (flow_id, company_id, direction, category_code, quantity, unit_code, frequency) "
        "VALUES ('f1', 'c1', 'out', 'carton', -1, 't', 'yearly')",
        # abandoned synergy without a reason
        "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source) "
        "VALUES ('s1', 'x', 'substitution', 'commune:41269', 'manual', 't');"
        "INSERT INTO synergy_status_event (synergy_id, status, event_date) VALUES ('s1', 'abandoned', DATE '2024-01-01')",
        # owners by age band must add up
        "INSERT INTO artisan_stat VALUES ('commune:41269', 2024, 'batiment', 10, 1, 1, 5, 10, 1, 1, 1, 1, 2, 't', TRUE)",
        # indicator value whose scope columns disagree
        "INSERT INTO indicator (indicator_code, label, unit, decimals, pillar, direction, realisation, mandatory, "
        "definition, rule) VALUES ('x', 'X', 'nb', 0, 'gouvernance', 'higher_better', 'declared', TRUE, 'd', NULL);"
        "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, period_year, value_kind, "
        "value, provenance, source, as_of) VALUES ('x', 'territory', 'commune:41269', NULL, 2024, 'target', 1, "
        "'declared', 's', DATE '2024-01-01')",
        # convention ending before it starts
        "INSERT INTO convention VALUES ('c', 't', 'commune:41269', NULL, DATE '2026-12-31', DATE '2026-01-01', NULL, "
        "4000, 'pro_rata', 's', FALSE)",
    ],
    ids=[
        "level",
        "territory_id",
        "fk_commune",
        "siret",
        "negative_quantity",
        "abandon_reason",
        "owner_bands",
        "indicator_scope",
        "convention_dates",
    ],
)
def test_constraints_fire(geo_db: Database, sql: str):
    with pytest.raises(duckdb.Error), geo_db.transaction() as cur:
        for statement in sql.split(";"):
            cur.execute(statement)


def test_indicator_value_unique_per_scope_period_kind(geo_db: Database):
    with geo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO indicator (indicator_code, label, unit, decimals, pillar, direction, realisation, mandatory, "
            "definition, rule) VALUES ('x', 'X', 'nb', 0, 'gouvernance', 'higher_better', 'declared', "
            "TRUE, 'd', NULL)"
        )
    insert = (
        "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, period_year, "
        "value_kind, value, provenance, source, as_of) VALUES ('x', 'territory', 'epci:200072072', "
        "'epci:200072072', 2022, 'target', $v, 'declared', 's', DATE '2019-06-26')"
    )
    with geo_db.transaction() as cur:
        cur.execute(insert, {"v": 100})
    with pytest.raises(duckdb.ConstraintException), geo_db.transaction() as cur:
        cur.execute(insert, {"v": 101})


def test_synergy_current_takes_latest_status(geo_db: Database):
    with geo_db.transaction() as cur:
        cur.execute(
            "INSERT INTO synergy (synergy_id, title, synergy_type, territory_id, origin, source) "
            "VALUES ('s1', 'Palettes', 'substitution', 'commune:41269', 'manual', 't')"
        )
        cur.execute(
            "INSERT INTO synergy_status_event (synergy_id, status, event_date) VALUES "
            "('s1', 'identified', DATE '2024-01-10'), ('s1', 'in_study', DATE '2024-03-01'), "
            "('s1', 'in_progress', DATE '2024-03-01')"
        )
    row = geo_db.query_rows("SELECT status, status_date, identified_date FROM synergy_current")[0]
    assert row[0] == "in_progress"
    assert str(row[1]) == "2024-03-01" and str(row[2]) == "2024-01-10"


def test_territory_commune_view_flattens(geo_db: Database):
    communes = geo_db.query_df(
        "SELECT commune_id FROM territory_commune WHERE territory_id = $t ORDER BY 1", {"t": "region:24"}
    )
    assert communes.commune_id.tolist() == ["commune:41226", "commune:41269"]
    assert geo_db.query_value("SELECT count(*) FROM territory_commune WHERE territory_id = 'commune:41269'") == 1
