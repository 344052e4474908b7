"""Entering and correcting declared values, targets and references, with a kept history of changes.

An entry names an indicator, a scope (territory or programme), a year (and quarter, 0 = whole year), a kind
(target, reference, actual, estimate), a value, a source and optionally a comment. Validation collects every
problem at once, in French:
- the indicator exists; an actual value is only entered for a declared indicator (computed ones are
  recomputed from the records, never typed);
- the value lies within the catalogue's bounds (`min_value`, `max_value`) and has at most the indicator's
  decimals (the unit is the catalogue's: the form shows it, nothing is converted);
- the year lies within 1990–2100 and the quarter within 0–4; targets and references are yearly (quarter 0);
  a value (actual or estimate) is not entered for a period that has not started;
- a source is given (every value says where it comes from).

The value typed in the form is read by `read_value` with the import's number rules (dashboard.imports.numbers:
1 234,5 ; 1234.5 ; 1,5e3, never a guess) and the same limits: `1e400` is refused as « nombre hors limites »,
not taken for an empty value (a browser number field turned it into no value before the server saw it).

Saving is all-or-nothing (`Database.transaction`): the value row is inserted or updated and one history row
records when, who (when known), the previous value (None for a new value) and the new one. Saving an
unchanged value writes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import duckdb
import pandas as pd

from dashboard.auth import audit
from dashboard.auth.roles import Actor, require_edit
from dashboard.codes import Provenance, Realisation, ScopeType, ValueKind
from dashboard.db import Database
from dashboard.geography.territories import MAX_YEAR, MIN_YEAR, QUARTERS
from dashboard.i18n import fmt_number, label, t
from dashboard.imports.numbers import parse_numbers
from dashboard.indicators.values import IndicatorDef, catalogue
from dashboard.limits import MAX_ABS_NUMBER, text_problem
from dashboard.scope import Period

MAX_SOURCE_CHARS = 300  # a document title or a role, not a text
YEARLY_KINDS: tuple[ValueKind, ...] = (ValueKind.TARGET, ValueKind.REFERENCE)  # targets are set per year


@dataclass(frozen=True)
class Entry:
    indicator_code: str
    scope_type: ScopeType
    scope_id: str
    year: int
    quarter: int
    value_kind: ValueKind
    value: float
    source: str
    comment: str | None = None


@dataclass(frozen=True)
class SaveResult:
    value_id: int
    previous_value: float | None
    changed: bool


class EntryError(ValueError):
    """An entry refused by validation; `problems` are French sentences."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def read_value(text: str, definition: IndicatorDef) -> float:
    """The value typed in the entry form as a number, read as an imported cell is; NaN when nothing is typed
    (`validate` then says the value is empty).

    Raises EntryError, quoting what was typed, when it is not a number, an ambiguous 1.500, a percentage for an
    indicator not measured in %, or beyond the production limit (1e400 reads as infinity)."""
    typed = text.strip()
    if not typed:
        return float("nan")
    parsed = parse_numbers(pd.Series([typed], dtype=object))
    value = float(parsed.values.iloc[0])
    if bool(parsed.ambiguous.iloc[0]):
        raise EntryError([t("entry.error.ambiguous_dot", value=typed)])
    if bool(parsed.percent.iloc[0]) and definition.unit != "%":
        raise EntryError([t("import.error.percent_indicator", value=typed)])
    if math.isnan(value):
        raise EntryError([t("import.error.type.decimal", value=typed)])
    if abs(value) > MAX_ABS_NUMBER:
        raise EntryError([t("limits.number", value=typed, limit=fmt_number(MAX_ABS_NUMBER, 0))])
    return value


def _bound(value: float, decimals: int) -> str:
    return fmt_number(value, 0 if float(value).is_integer() else decimals)  # "0 ETP", not "0,00 ETP"


def validate(entry: Entry, definition: IndicatorDef | None, today: dt.date) -> list[str]:
    """Every problem of the entry, in French (empty when it can be saved)."""
    if definition is None:
        return [t("entry.error.unknown_indicator", code=entry.indicator_code)]
    problems: list[str] = []
    if entry.value_kind == ValueKind.ACTUAL and definition.realisation == Realisation.COMPUTED:
        problems.append(t("entry.error.computed", indicator=definition.label))
    if pd.isna(entry.value):
        problems.append(t("entry.error.no_value"))
    elif abs(entry.value) > MAX_ABS_NUMBER:  # 1e400 reads as infinity: out of range, not "empty"
        problems.append(t("limits.number", value=fmt_number(entry.value, 0), limit=fmt_number(MAX_ABS_NUMBER, 0)))
    else:
        if definition.min_value is not None and entry.value < definition.min_value:
            problems.append(
                t("entry.error.below", value=_bound(definition.min_value, definition.decimals), unit=definition.unit)
            )
        if definition.max_value is not None and entry.value > definition.max_value:
            problems.append(
                t("entry.error.above", value=_bound(definition.max_value, definition.decimals), unit=definition.unit)
            )
        if round(entry.value, definition.decimals) != entry.value:
            problems.append(t("entry.error.decimals", decimals=definition.decimals, unit=definition.unit))
    if not MIN_YEAR <= entry.year <= MAX_YEAR:
        problems.append(t("entry.error.year", low=MIN_YEAR, high=MAX_YEAR))
    elif entry.quarter not in QUARTERS:
        problems.append(t("entry.error.quarter"))
    else:
        if entry.value_kind in YEARLY_KINDS and entry.quarter != 0:
            problems.append(t("entry.error.yearly", kind=label(entry.value_kind).lower()))
        if (
            entry.value_kind in (ValueKind.ACTUAL, ValueKind.ESTIMATE)
            and Period(entry.year, entry.quarter).start > today
        ):
            problems.append(t("entry.error.future"))
    if not entry.source.strip():
        problems.append(t("entry.error.no_source"))
    elif len(entry.source) > MAX_SOURCE_CHARS:
        problems.append(t("entry.error.long_source", chars=MAX_SOURCE_CHARS))
    problem = text_problem(entry.comment, t("limits.comment_field"))
    if problem:
        problems.append(problem)
    return problems


def _scope_exists(db: Database, scope_type: ScopeType, scope_id: str) -> bool:
    table, key = ("territory", "territory_id") if scope_type == ScopeType.TERRITORY else ("programme", "programme_id")
    # table and key are the two constant pairs above
    return bool(db.query_value(f"SELECT count(*) FROM {table} WHERE {key} = $id", {"id": scope_id}))


def save_entry(
    db: Database,
    entry: Entry,
    *,
    changed_by: str | None = None,
    now: dt.datetime | None = None,
    actor: Actor | None = None,
) -> SaveResult:
    """Validate and save `entry` with its history row, all or nothing; raises EntryError with French problems.

    With a signed-in `actor`, its scope is checked (PermissionDenied) and its login is the history's author
    (instead of the free-text `changed_by`); the audit trail records the entry."""
    now = now or dt.datetime.now()
    scope = {"territory_id" if entry.scope_type == ScopeType.TERRITORY else "programme_id": entry.scope_id}
    require_edit(db, actor, **scope)
    changed_by = actor.login if actor is not None else changed_by
    definition = next((d for d in catalogue(db) if d.code == entry.indicator_code), None)
    problems = validate(entry, definition, now.date())
    if not _scope_exists(db, entry.scope_type, entry.scope_id):
        problems.append(t("entry.error.unknown_scope", scope=entry.scope_id))
    if problems:
        raise EntryError(problems)
    key = {
        "code": entry.indicator_code,
        "scope_type": entry.scope_type.value,
        "scope_id": entry.scope_id,
        "year": entry.year,
        "quarter": entry.quarter,
        "kind": entry.value_kind.value,
    }
    provenance = Provenance.ESTIMATED if entry.value_kind == ValueKind.ESTIMATE else Provenance.DECLARED
    comment = (entry.comment or "").strip() or None

    def save(cur: duckdb.DuckDBPyConnection) -> SaveResult:  # run again if another worker's transaction collides
        existing = cur.execute(
            """
            SELECT value_id, value FROM indicator_value
            WHERE indicator_code = $code AND scope_type = $scope_type AND scope_id = $scope_id
              AND period_year = $year AND period_quarter = $quarter AND value_kind = $kind
            """,
            key,
        ).fetchone()
        fields = {
            "value": float(entry.value),
            "provenance": provenance.value,
            "source": entry.source.strip(),
            "as_of": now.date(),
            "comment": comment,
        }
        if existing is None:
            territory = entry.scope_id if entry.scope_type == ScopeType.TERRITORY else None
            programme = entry.scope_id if entry.scope_type == ScopeType.PROGRAMME else None
            cur.execute(
                """
                INSERT INTO indicator_value (indicator_code, scope_type, scope_id, territory_id, programme_id,
                    period_year, period_quarter, value_kind, value, provenance, source, as_of, comment)
                VALUES ($code, $scope_type, $scope_id, $territory, $programme, $year, $quarter, $kind, $value,
                        $provenance, $source, $as_of, $comment)
                """,
                {**key, **fields, "territory": territory, "programme": programme},
            )
            # Read back by its unique key (the query above) rather than RETURNING, which the shared PostgreSQL
            # store cannot do.
            value_id = cur.execute(
                """
                SELECT value_id FROM indicator_value
                WHERE indicator_code = $code AND scope_type = $scope_type AND scope_id = $scope_id
                  AND period_year = $year AND period_quarter = $quarter AND value_kind = $kind
                """,
                key,
            ).fetchone()[0]
            previous = None
        else:
            value_id, previous = int(existing[0]), float(existing[1])
            if previous == float(entry.value):
                return SaveResult(value_id, previous, changed=False)
            cur.execute(
                """
                UPDATE indicator_value SET value = $value, provenance = $provenance, source = $source,
                       as_of = $as_of, comment = $comment
                WHERE value_id = $value_id
                """,
                {**fields, "value_id": value_id},
            )
        cur.execute(
            "INSERT INTO indicator_value_history VALUES ($id, $at, $by, $previous, $new, $comment)",
            {"id": value_id, "at": now, "by": changed_by, "previous": previous, "new": float(entry.value),
             "comment": comment},
        )  # fmt: skip
        audit.record(cur, actor, audit.AuditAction.INDICATOR_ENTRY, entity="indicator_value", record_id=str(value_id),
                     territory_id=entry.scope_id if entry.scope_type == ScopeType.TERRITORY else None,
                     detail=f"{entry.indicator_code} {entry.year} : {previous} → {float(entry.value)}")  # fmt: skip
        return SaveResult(int(value_id), previous, changed=True)

    return db.write(save)


def history(db: Database, scope_type: str, scope_id: str) -> pd.DataFrame:
    """Changes of the scope's values, latest first: changed_at, changed_by, indicator_code, label, year,
    quarter, value_kind, previous_value, new_value, comment."""
    return db.query_df(
        """
        SELECT h.changed_at, h.changed_by, v.indicator_code, i.label, v.period_year AS year,
               v.period_quarter AS quarter, v.value_kind, h.previous_value, h.new_value, h.comment
        FROM indicator_value_history h
        JOIN indicator_value v USING (value_id) JOIN indicator i USING (indicator_code)
        WHERE v.scope_type = $scope_type AND v.scope_id = $scope_id
        ORDER BY h.changed_at DESC
        """,
        {"scope_type": scope_type, "scope_id": scope_id},
    )
