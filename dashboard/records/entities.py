"""What an editable record is made of: a main row (an import template) and parts saved with it.

A save replaces the record's parts as a whole (a diagnostic's flows, a synergy's status events, participants
and impacts, an event's participants, a programme's key figures, a self-assessment's answers), so the history
holds the full record before and after, and a restore gives back exactly one earlier state.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashboard.codes import RecordEntity
from dashboard.imports.templates import TEMPLATES_BY_ENTITY, Column, Template

KEY_SEPARATOR = "/"  # composite keys (convention/action) in record_change.record_id


@dataclass(frozen=True)
class EntitySpec:
    entity: RecordEntity
    main: Template
    parts: tuple[Template, ...] = ()  # tables holding rows linked to the record by its (single) key column
    id_prefix: str | None = None  # new records get '<prefix>-<random>'; None: the key is typed (or not creatable)
    archivable: bool = False

    @property
    def key_columns(self) -> tuple[str, ...]:
        """Database columns of the main row's key."""
        return tuple(self.main.column(header).db_column for header in self.main.key)

    @property
    def link_column(self) -> str:
        """The column by which parts refer to the record (the main key, single-column when there are parts)."""
        assert len(self.key_columns) == 1, "parts need a single-column key"
        return self.key_columns[0]

    def record_id(self, row: dict[str, object]) -> str:
        return KEY_SEPARATOR.join(str(row[column]) for column in self.key_columns)

    def key_values(self, record_id: str) -> dict[str, str]:
        values = record_id.split(KEY_SEPARATOR, len(self.key_columns) - 1)
        return dict(zip(self.key_columns, values, strict=True))


def column_by_db(template: Template, db_column: str) -> Column | None:
    return next((column for column in template.columns if column.db_column == db_column), None)


def _t(entity: str) -> Template:
    return TEMPLATES_BY_ENTITY[entity]


SPECS: dict[RecordEntity, EntitySpec] = {
    spec.entity: spec
    for spec in (
        EntitySpec(RecordEntity.COMPANY, _t("companies"), id_prefix="E", archivable=True),
        EntitySpec(RecordEntity.DIAGNOSTIC, _t("diagnostics"), (_t("flows"),), id_prefix="D", archivable=True),
        EntitySpec(
            RecordEntity.SYNERGY,
            _t("synergies"),
            (_t("synergy_status_events"), _t("synergy_participants"), _t("synergy_impacts")),
            id_prefix="S",
            archivable=True,
        ),
        EntitySpec(RecordEntity.EVENT, _t("events"), (_t("event_participants"),), id_prefix="V", archivable=True),
        EntitySpec(RecordEntity.CONVENTION_ACTION, _t("convention_actions")),
        EntitySpec(RecordEntity.PROGRAMME, _t("programmes"), (_t("programme_key_figures"),), id_prefix="P"),
        EntitySpec(RecordEntity.SA_RESPONSE, _t("sa_responses"), (_t("sa_answers"),), id_prefix="R", archivable=True),
    )
}
