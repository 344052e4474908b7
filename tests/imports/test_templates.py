"""The template specs agree with the schema: columns exist, every NOT NULL column is filled, references load first."""

from __future__ import annotations

import pytest

from dashboard.db import Database
from dashboard.imports import LOAD_ORDER, TEMPLATES, TEMPLATES_BY_ENTITY, Template

# The perimeters template is written through dashboard.geography.add_perimeter, not column by column.
COLUMN_MAPPED = [template for template in TEMPLATES if template.entity != "perimeters"]


def _columns(empty_db: Database, table: str) -> dict[str, tuple[bool, bool]]:
    """column -> (nullable, has a default)"""
    rows = empty_db.query_rows(
        "SELECT column_name, is_nullable = 'YES', column_default IS NOT NULL FROM information_schema.columns "
        "WHERE table_name = $table",
        {"table": table},
    )
    return {name: (nullable, has_default) for name, nullable, has_default in rows}


@pytest.mark.parametrize("template", COLUMN_MAPPED, ids=[t.entity for t in COLUMN_MAPPED])
def test_template_columns_exist_and_fill_every_mandatory_column(empty_db: Database, template: Template):
    schema = _columns(empty_db, template.table)
    mapped = {column.db_column for column in template.columns} | set(template.extra)
    assert mapped <= set(schema), mapped - set(schema)
    mandatory = {name for name, (nullable, has_default) in schema.items() if not nullable and not has_default}
    derived = {"territory_id", "programme_id"} if template.entity == "indicator_values" else set()  # from scope_id
    assert mandatory <= mapped | derived, mandatory - mapped
    for column in template.columns:
        if column.db_column in mandatory:
            assert column.required or column.default is not None, column.header


def test_keys_and_unique_combinations_name_template_columns():
    for template in TEMPLATES:
        headers = {column.header for column in template.columns}
        assert len(headers) == len(template.columns), template.entity
        for group in (template.key, *template.unique_together):
            assert set(group) <= headers, (template.entity, group)


def test_every_template_loads_after_what_it_refers_to():
    provider = {template.table: template.entity for template in TEMPLATES}
    assert sorted(LOAD_ORDER) == sorted(TEMPLATES_BY_ENTITY)
    for template in TEMPLATES:
        position = LOAD_ORDER.index(template.entity)
        for column in template.columns:
            if column.reference is None or column.reference.table == template.table:
                continue
            source = provider.get(column.reference.table)
            if source is not None:
                assert LOAD_ORDER.index(source) < position, (template.entity, column.header, source)


def test_code_columns_accept_only_codes_of_their_enum():
    for template in TEMPLATES:
        for column in template.columns:
            if column.kind == "code":
                assert column.enum is not None, column.header
                assert set(column.allowed_codes()) <= {member.value for member in column.enum}
                assert column.example == "" or column.example in column.allowed_codes()
