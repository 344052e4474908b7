"""Record forms: one generic form (fields, editable grids, "saisi par", save), its history, restore and archive.

A page calls `record_editor(...)` with the entity, the record chosen on the page (None: a new one) and the
pick-lists of its reference fields; everything else comes from the import template of the entity, so a form
shows the fields the import knows and its values are validated by the import's own rules (dashboard.records).

Widget values live in `st.session_state` under the form's key, so a refused save leaves on screen what the
person typed, with the message under each field. A successful save reloads the form from the database; the
figures follow without any cache call (the history row changes the cache key of the territories touched).

A page runs each form in a fragment (`st.fragment`, dashboard.ui.record_sections): a field typed, a pick-list
chosen, a row added or a refused save runs the form again, not the page (`_rerun_form`); every write that
succeeds (save, restore, archive, purge) runs the whole page again (`_rerun_page`), so that its figures count
the record at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import streamlit as st
from streamlit.errors import StreamlitAPIException

from dashboard.codes import ChangeAction, RecordEntity
from dashboard.db import Database
from dashboard.i18n import fmt_date, label, t
from dashboard.imports.templates import Column, Template
from dashboard.records import lookups, store
from dashboard.records.checks import FieldProblem, as_cell
from dashboard.records.entities import SPECS, column_by_db
from dashboard.ui.auth import current_actor
from dashboard.ui.cache import cached
from dashboard.ui.lazy import is_open, lazy_expander
from dashboard.ui.page import cell_date
from dashboard.ui.text import md_escape

Choices = dict[str, str]
MIN_DATE, MAX_DATE = dt.date(1990, 1, 1), dt.date(2100, 12, 31)  # the import's year bounds
FIELDS_PER_ROW = 3
# The empty choice of a grid's pick-list: Streamlit ignores an empty default and shows missing cells as "None".
EMPTY_CHOICE = "–"
NAME_FIELDS = ("nom", "titre", "libelle")  # what names a record in messages, when the form has it
BY_KEY = "records.by.name"  # the last "saisi par" typed in the session, offered by every form


@dataclass
class FormLayout:
    """What a page shows of an entity's form: main fields (template headers) with their pick-lists, and for
    each part (template entity) the grid's columns and pick-lists. Fields not listed keep their stored value."""

    fields: tuple[str, ...]
    choices: dict[str, Choices] = field(default_factory=dict)
    parts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    part_choices: dict[str, dict[str, Choices]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)  # cells of a new record
    part_defaults: dict[str, list[dict[str, str]]] = field(default_factory=dict)  # rows of a new record
    fixed_rows: tuple[str, ...] = ()  # parts whose rows are given (a questionnaire's questions): no row added


def _rerun_form() -> None:
    """Run the form again after a step that changes nothing outside it (a row added, a refused save, a conflict):
    only its fragment when the form runs alone, the page when the page is running (Streamlit refuses a
    fragment-scoped rerun during a full run, and a form drawn outside a fragment has none)."""
    try:
        st.rerun(scope="fragment")
    except StreamlitAPIException:
        st.rerun(scope="app")


def _rerun_page() -> None:
    """Run the whole page again after a write: a fragment's rerun leaves the page's figures as they were."""
    st.rerun(scope="app")


def field_label(header: str) -> str:
    return t(f"records.field.{header}")


def _form_key(entity: RecordEntity, record_id: str | None) -> str:
    return f"rec.{entity.value}.{record_id or 'new'}"


def _date_of(cell: str) -> dt.date | None:
    try:
        return dt.datetime.strptime(cell, "%d/%m/%Y").date() if cell else None
    except ValueError:
        return None


def _widget_value(column: Column, cell: str) -> Any:
    return _date_of(cell) if column.kind == "date" and column.required else cell


def _grid_frame(template: Template, rows: list[dict[str, str]], choices: dict[str, Choices]) -> pd.DataFrame:
    headers = [c.header for c in template.columns]
    frame = pd.DataFrame([{h: row.get(h, "") for h in headers} for row in rows], columns=headers).astype(object)
    for column in template.columns:
        if column.kind == "code" or column.header in choices:  # pick-lists: the empty choice
            frame[column.header] = frame[column.header].replace("", EMPTY_CHOICE)
    return frame


def _load(fk: str, entity: RecordEntity, record_id: str | None, layout: FormLayout, db: Database) -> None:
    """Put the stored record (or a new record's defaults) into the form's session state."""
    spec = SPECS[entity]
    if record_id is None:
        cells = {c.header: layout.defaults.get(c.header, "") for c in spec.main.columns}
        part_rows = {name: list(rows) for name, rows in layout.part_defaults.items()}
        version, archived = None, False
    else:
        state = store.open_record(db, entity, record_id)
        assert state.snapshot is not None
        cells, part_rows = store.form_cells(entity, state.snapshot)
        version, archived = state.version, state.archived
    for column in spec.main.columns:
        st.session_state[f"{fk}.f.{column.header}"] = _widget_value(column, cells.get(column.header, ""))
    st.session_state[f"{fk}.cells"] = cells
    for template in spec.parts:
        _set_grid(fk, template, part_rows.get(template.entity, []), layout.part_choices.get(template.entity, {}))
    st.session_state[f"{fk}.version"] = version
    st.session_state[f"{fk}.archived"] = archived
    st.session_state.pop(f"{fk}.problems", None)
    st.session_state.pop(f"{fk}.conflict", None)


def _forget(fk: str) -> None:
    for key in [k for k in st.session_state if isinstance(k, str) and k.startswith(fk + ".")]:
        del st.session_state[key]


def _message(problem: FieldProblem) -> str:
    """The import's message names a column by its template header (« code_commune »), as a spreadsheet's column is
    named; a form names it by the field's label (« Commune »). The header is the message's last quoted name: a
    typed value quoted before it stays as typed."""
    if not problem.field or problem.field == store.BY_FIELD:
        return problem.message
    head, quoted, tail = problem.message.rpartition(f"« {problem.field} »")
    return f"{head}« {field_label(problem.field)} »{tail}" if quoted else problem.message


def _problems_for(problems: list[FieldProblem], header: str) -> list[str]:
    return [_message(p) for p in problems if p.row is None and p.field == header]


def _field(prefix: str, column: Column, choices: Choices | None, problems: list[FieldProblem]) -> None:
    """One field, from the template column: a pick-list for codes and references, a date, else typed text.

    Its widget key is `<prefix>.<header>`: `<form key>.f` for the record's own fields, the row form's prefix for
    a part's row (`_row_form`)."""
    key = f"{prefix}.{column.header}"
    text = field_label(column.header) + (" *" if column.required else "")  # the usual mark of a required field
    # An empty choice comes first even for a required field: nothing is picked for the person, and leaving it
    # empty gets the import's own "valeur obligatoire" message.
    empty = t("records.to_choose") if column.required else t("records.none")
    if column.kind == "code":
        st.selectbox(
            text,
            ["", *column.allowed_codes()],
            key=key,
            format_func=lambda code, e=column.enum: empty if code == "" else label(code, e),
            help=column.description,
        )
    elif choices is not None:
        current = st.session_state.get(key, "")
        options = {"": empty, **choices}
        if current and current not in options:  # a stored value outside the page's list stays choosable
            options[current] = current
        st.selectbox(text, list(options), key=key, format_func=options.__getitem__, help=column.description)
    elif column.kind == "date" and column.required:
        st.date_input(
            text, key=key, format="DD/MM/YYYY", min_value=MIN_DATE, max_value=MAX_DATE, help=column.description
        )
    elif column.kind == "date":  # typed, so that it can stay empty (the date picker shows an English placeholder)
        st.text_input(text, key=key, placeholder=t("records.date.placeholder"), help=column.description)
    else:
        number = column.kind in {"int", "decimal"}
        help_text = column.description + (" " + t("records.numbers.help") if number else "")
        st.text_input(text, key=key, help=help_text)
    for message in _problems_for(problems, column.header):
        st.error(md_escape(message), icon=":material/error:")  # it quotes what was typed


def _grid_config(template: Template, choices: dict[str, Choices]) -> dict[str, Any]:
    """Every cell holds text (dates typed JJ/MM/AAAA, numbers the French way), as a spreadsheet's cell would,
    and new cells start empty: Streamlit shows an empty (None) cell as the English word "None"."""
    config: dict[str, Any] = {}
    for column in template.columns:
        text = field_label(column.header)
        empty = t("records.to_choose") if column.required else ""
        if column.kind == "code":
            config[column.header] = st.column_config.SelectboxColumn(
                text,
                options=[EMPTY_CHOICE, *column.allowed_codes()],
                format_func=lambda code, e=column.enum, blank=empty: blank if code == EMPTY_CHOICE else label(code, e),
                default=EMPTY_CHOICE,
                help=column.description,
            )
        elif column.header in choices:
            names = choices[column.header]
            config[column.header] = st.column_config.SelectboxColumn(
                text,
                options=[EMPTY_CHOICE, *names],
                format_func=lambda value, n=names, blank=empty: blank if value == EMPTY_CHOICE else n.get(value, value),
                default=EMPTY_CHOICE,
                help=column.description,
            )
        else:
            hint = t("records.date.placeholder") if column.kind == "date" else ""
            config[column.header] = st.column_config.TextColumn(
                f"{text} ({hint})" if hint else text, default="", help=column.description
            )
    return config


def _set_grid(fk: str, template: Template, rows: list[dict[str, str]], choices: dict[str, Choices]) -> None:
    """Give a grid new data. The grid's widget gets a new key (a generation number): a data editor's state holds
    its edits against the data it was drawn with, and they must not be applied again to the new data."""
    st.session_state[f"{fk}.g.{template.entity}"] = _grid_frame(template, rows, choices)
    generation = f"{fk}.gen.{template.entity}"
    st.session_state[generation] = st.session_state.get(generation, 0) + 1


def _grid(
    fk: str, template: Template, shown: tuple[str, ...], choices: dict[str, Choices], *, fixed: bool
) -> pd.DataFrame:
    st.markdown(f"**{t(f'records.part.{template.entity}')}**")
    slot = st.empty()  # a row added below is shown in the grid in the same run (no second run of the form)

    def draw() -> pd.DataFrame:
        return slot.data_editor(
            st.session_state[f"{fk}.g.{template.entity}"],
            key=f"{fk}.grid.{template.entity}.{st.session_state[f'{fk}.gen.{template.entity}']}",
            num_rows="fixed" if fixed else "dynamic",
            hide_index=True,
            column_order=shown,
            column_config=_grid_config(template, choices),
            width="stretch",
        )

    edited = draw()
    if not fixed:
        st.caption(t("records.grid.help"))
        row = _row_form(fk, template, shown, choices)
        if row is not None:  # the grid's current rows (with any edit made in it) and the new row, as its new data
            _set_grid(fk, template, [r for r in _grid_rows(edited) if any(r.values())] + [row], choices)
            edited = draw()  # in place of the grid drawn above, under its new key
            st.caption(t("records.part.added"))
    return edited


def _row_form(
    fk: str, template: Template, shown: tuple[str, ...], choices: dict[str, Choices]
) -> dict[str, str] | None:
    """A row at a time, under the grid: one labelled field per column (the same pick-lists), sent in one go by
    « Ajouter ce flux » (an st.form: nothing reaches the server before that click, then everything at once).

    Why beside the grid: on a tablet or a phone in a company's yard a grid's cells and pick-lists are small and
    hard to hit, a screen reader does not label them, and a grid sends an edit only when its cell is left; the
    row form has real labelled fields. The grid stays to review, correct or delete rows and to paste from a
    spreadsheet. Returns the new row's cells when the button was pressed with something typed."""
    prefix = f"{fk}.add.{template.entity}"
    with st.form(prefix, clear_on_submit=True, enter_to_submit=False):
        st.markdown(t(f"records.part.new.{template.entity}"))
        for start in range(0, len(shown), FIELDS_PER_ROW):
            headers = shown[start : start + FIELDS_PER_ROW]
            for column, header in zip(st.columns(FIELDS_PER_ROW), headers, strict=False):
                with column:
                    _field(prefix, template.column(header), choices.get(header), [])
        pressed = st.form_submit_button(t(f"records.part.add.{template.entity}"), icon=":material/add:")
    if not pressed:
        return None
    row = {header: as_cell(st.session_state.get(f"{prefix}.{header}")) for header in shown}
    return row if any(row.values()) else None


def _cells(fk: str, template: Template) -> dict[str, str]:
    stored: dict[str, str] = st.session_state.get(f"{fk}.cells", {})
    cells = dict(stored)
    for column in template.columns:
        key = f"{fk}.f.{column.header}"
        if key in st.session_state:
            cells[column.header] = as_cell(st.session_state[key])
    return cells


def _grid_rows(frame: pd.DataFrame) -> list[dict[str, str]]:
    return [{h: "" if v == EMPTY_CHOICE else as_cell(v) for h, v in row.items()} for row in frame.to_dict("records")]


def _show_problems(fk: str, entity: RecordEntity, problems: list[FieldProblem]) -> None:
    if not problems:
        return
    lines = []
    for p in problems:
        if p.row is not None:
            part = t(f"records.part.{p.part}")
            lines.append(
                t(
                    "records.refused.row",
                    part=part,
                    row=p.row + 1,
                    field=field_label(p.field or ""),
                    message=md_escape(_message(p)),
                )
            )
        elif p.field == store.BY_FIELD:
            lines.append(t("records.refused.field", field=t("records.by"), message=md_escape(p.message)))
        elif p.field:
            lines.append(t("records.refused.field", field=field_label(p.field), message=md_escape(_message(p))))
        else:
            lines.append(t("records.refused.record", message=md_escape(p.message)))  # messages quote typed values
    st.error(t("records.refused") + "\n\n" + "\n".join(f"- {line}" for line in lines), icon=":material/block:")


def _when(value: Any) -> str:
    stamp = pd.Timestamp(value)
    return t("records.history.when", date=fmt_date(stamp.date()), time=stamp.strftime("%H:%M"))


def _show_conflict(fk: str, entity: RecordEntity, conflict: store.Conflict, layout: FormLayout) -> str | None:
    """Both versions side by side; returns 'reload' or 'overwrite' when a button is pressed."""
    spec = SPECS[entity]
    if conflict.current is None:
        st.warning(t("records.conflict.archived", who=conflict.changed_by, when=_when(conflict.changed_at)))
        theirs: dict[str, str] = {}
        their_parts: dict[str, list[dict[str, str]]] = {}
    else:
        st.warning(
            t(
                "records.conflict",
                who=conflict.changed_by,
                when=_when(conflict.changed_at),
                version=conflict.current_version,
            ),
            icon=":material/sync_problem:",
        )
        theirs, their_parts = store.form_cells(entity, conflict.current)
    mine = conflict.submitted.get("main", {})
    rows = [
        {
            t("records.conflict.col.field"): field_label(h),
            t("records.conflict.col.theirs"): theirs.get(h, ""),
            t("records.conflict.col.mine"): mine.get(h, ""),
        }
        for h in layout.fields
        if theirs.get(h, "") != mine.get(h, "")
    ]
    for template in spec.parts:
        shown = layout.parts.get(template.entity, ())
        theirs_rows = [{h: r.get(h, "") for h in shown} for r in their_parts.get(template.entity, [])]
        mine_rows = [
            {h: r.get(h, "") for h in shown}
            for r in conflict.submitted.get("parts", {}).get(template.entity, [])
            if any(r.values())
        ]
        if theirs_rows != mine_rows:
            rows.append(
                {
                    t("records.conflict.col.field"): t(f"records.part.{template.entity}"),
                    t("records.conflict.col.theirs"): " ; ".join(", ".join(r.values()) for r in theirs_rows),
                    t("records.conflict.col.mine"): " ; ".join(", ".join(r.values()) for r in mine_rows),
                }
            )
    st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    left, right = st.columns(2)
    if left.button(t("records.conflict.reload"), key=f"{fk}.reload", icon=":material/refresh:"):
        return "reload"
    if conflict.current is not None and right.button(
        t("records.conflict.overwrite"), key=f"{fk}.overwrite", icon=":material/save:"
    ):
        return "overwrite"
    return None


def _flash(entity: RecordEntity, message: str) -> None:
    """A message shown once, in the form of this kind of record (not in the first form of the page)."""
    st.session_state[f"records.flash.{entity.value}"] = message


def show_flash(entity: RecordEntity) -> None:
    message = st.session_state.pop(f"records.flash.{entity.value}", None)
    if message:
        st.success(message, icon=":material/check_circle:")


def record_editor(
    db: Database,
    entity: RecordEntity,
    record_id: str | None,
    layout: FormLayout,
    *,
    title: Callable[[str], str] | None = None,
) -> None:
    """The form of one record (None: a new one), then its history, restore and archive controls.

    A lecteur COPIL gets none of it: it may not write (the core refuses it too, dashboard.records.store)."""
    actor = current_actor()
    if actor is not None and actor.is_reader_only:
        return
    spec = SPECS[entity]
    fk = _form_key(entity, record_id)
    widget_keys = [f"{fk}.f.{h}" for h in layout.fields]
    if f"{fk}.version" not in st.session_state or not all(k in st.session_state for k in widget_keys):
        _load(fk, entity, record_id, layout, db)
    show_flash(entity)
    if st.session_state.get(f"{fk}.archived"):
        st.info(t("records.archived"), icon=":material/inventory_2:")
    problems: list[FieldProblem] = st.session_state.get(f"{fk}.problems", [])
    for start in range(0, len(layout.fields), FIELDS_PER_ROW):  # a row at a time: a message stays by its field
        row = layout.fields[start : start + FIELDS_PER_ROW]
        for column, header in zip(st.columns(FIELDS_PER_ROW), row, strict=False):
            with column:
                _field(f"{fk}.f", spec.main.column(header), layout.choices.get(header), problems)
    grids = {
        template.entity: _grid(
            fk,
            template,
            layout.parts[template.entity],
            layout.part_choices.get(template.entity, {}),
            fixed=template.entity in layout.fixed_rows,
        )
        for template in spec.parts
        if template.entity in layout.parts
    }
    _show_problems(fk, entity, problems)
    conflict: store.Conflict | None = st.session_state.get(f"{fk}.conflict")
    expected = st.session_state.get(f"{fk}.version")
    if conflict is not None:
        choice = _show_conflict(fk, entity, conflict, layout)
        if choice == "reload":
            _load(fk, entity, record_id, layout, db)
            _rerun_form()
        if choice == "overwrite":
            expected = conflict.current_version
    by_column, save_column = st.columns([3, 1], vertical_alignment="bottom")
    if actor is not None:  # signed in: the history records the account, nothing to type
        st.session_state[f"{fk}.by"] = actor.login
    else:
        if not st.session_state.get(f"{fk}.by"):  # the name typed in another form of the session
            st.session_state[f"{fk}.by"] = st.session_state.get(BY_KEY, "")
        by_column.text_input(t("records.by") + " *", key=f"{fk}.by", help=t("records.by.help"))
        if st.session_state[f"{fk}.by"]:
            st.session_state[BY_KEY] = st.session_state[f"{fk}.by"]
    pressed = save_column.button(t("records.save"), key=f"{fk}.save", type="primary", icon=":material/save:")
    if pressed or (conflict is not None and expected != st.session_state.get(f"{fk}.version")):
        parts = {name: _grid_rows(frame) for name, frame in grids.items()}
        # Parts not shown on this page are saved as stored.
        for template in spec.parts:
            if template.entity not in parts:
                parts[template.entity] = _grid_rows(st.session_state[f"{fk}.g.{template.entity}"])
        cells = _cells(fk, spec.main)
        outcome = store.save(
            db, entity, cells, parts, by=st.session_state.get(f"{fk}.by", ""), expected_version=expected, actor=actor
        )
        _after_save(fk, entity, record_id, outcome, _named(cells) or title)
    if record_id is not None:
        record_history(db, entity, record_id, fk)


def _named(cells: dict[str, str]) -> Callable[[str], str] | None:
    """The record's name in its cells, if it has one: a message names the record as people know it."""
    name = next((cells[h] for h in NAME_FIELDS if cells.get(h)), None)
    return (lambda record_id: name) if name else None


def _after_save(
    fk: str, entity: RecordEntity, record_id: str | None, outcome: store.Outcome, title: Callable[[str], str] | None
) -> None:
    if outcome.conflict is not None:
        st.session_state[f"{fk}.conflict"] = outcome.conflict
        st.session_state.pop(f"{fk}.problems", None)
        _rerun_form()
    if outcome.problems:
        st.session_state[f"{fk}.problems"] = outcome.problems
        _rerun_form()
    if not outcome.changed:
        _flash(entity, t("records.unchanged"))
        _forget(fk)
        _rerun_form()  # nothing written: the page's figures stand
    else:
        shown = outcome.record_id or ""
        _flash(
            entity,
            t(
                "records.saved",
                entity=label(entity),
                record=title(shown) if title is not None else shown,
                record_id=shown,
                version=outcome.version,
            ),
        )
    _forget(fk)
    if record_id is None and outcome.record_id is not None:  # the new record opens, with its history
        st.session_state[f"records.open.{entity.value}"] = outcome.record_id
    _rerun_page()


def _changed_labels(entity: RecordEntity, before: Any, after: Any) -> str:
    spec = SPECS[entity]
    names = []
    for name in store.changed_fields(before, after):
        column = column_by_db(spec.main, name)
        if column is not None:
            names.append(field_label(column.header))
        elif any(p.entity == name for p in spec.parts):
            names.append(t(f"records.part.{name}"))
    return ", ".join(names)


def record_history(db: Database, entity: RecordEntity, record_id: str, fk: str) -> None:
    """The record's history (who, when, what changed), restore of a previous version, archive / unarchive."""
    changes = store.history(db, entity, record_id)
    title = t("records.history.one") if len(changes) == 1 else t("records.history", count=len(changes))
    # Keyed and tracked (dashboard.ui.lazy): it stays open when the form runs again (a plain expander closed at the
    # archive box's tick, hiding the button it enables), and nothing in it runs while it is closed.
    section = lazy_expander(title, key=f"{fk}.history", icon=":material/history:")
    if not is_open(section):
        return
    with section:
        if changes.empty:
            st.caption(t("records.history.none"))
        else:
            st.dataframe(
                pd.DataFrame(
                    {
                        t("records.history.col.version"): changes["version"],
                        t("records.history.col.action"): [label(ChangeAction(a)) for a in changes["action"]],
                        t("records.history.col.when"): [_when(v) for v in changes["changed_at"]],
                        t("records.history.col.by"): changes["changed_by"],
                        t("records.history.col.changed"): [
                            _changed_labels(entity, b, a)
                            for b, a in zip(changes["before"], changes["after"], strict=True)
                        ],
                    }
                ),
                hide_index=True,
                width="stretch",
            )
            states = store.versions(db, entity, record_id)
            current = int(changes["version"].max())
            choices = [v for v in sorted(states, reverse=True) if v != current]
            if choices:
                left, right = st.columns([3, 1], vertical_alignment="bottom")
                chosen = left.selectbox(
                    t("records.restore.choose"),
                    choices,
                    key=f"{fk}.restore.version",
                    format_func=lambda v: (
                        t("records.restore.option.original") if v == 0 else t("records.restore.option", version=v)
                    ),
                )
                if right.button(t("records.restore"), key=f"{fk}.restore", help=t("records.restore.help")):
                    outcome = store.restore(
                        db,
                        entity,
                        record_id,
                        int(chosen),
                        by=st.session_state.get(f"{fk}.by", ""),
                        expected_version=int(st.session_state.get(f"{fk}.version") or 0),
                        actor=current_actor(),
                    )
                    _after_save(fk, entity, record_id, outcome, _named(st.session_state.get(f"{fk}.cells", {})))
        if SPECS[entity].archivable:
            archived = bool(st.session_state.get(f"{fk}.archived"))
            if archived:
                pressed = st.button(t("records.unarchive"), key=f"{fk}.unarchive", icon=":material/unarchive:")
                _purge_controls(db, entity, record_id, fk)
            else:
                confirm = st.checkbox(t("records.archive.confirm"), key=f"{fk}.archive.confirm")
                pressed = st.button(
                    t("records.archive"),
                    key=f"{fk}.archive",
                    icon=":material/archive:",
                    help=t("records.archive.help"),
                    disabled=not confirm,
                )
            if pressed:
                outcome = store.set_archived(
                    db,
                    entity,
                    record_id,
                    not archived,
                    by=st.session_state.get(f"{fk}.by", ""),
                    expected_version=int(st.session_state.get(f"{fk}.version") or 0),
                    actor=current_actor(),
                )
                _after_save(fk, entity, record_id, outcome, _named(st.session_state.get(f"{fk}.cells", {})))


def _purge_controls(db: Database, entity: RecordEntity, record_id: str, fk: str) -> None:
    """An administrator's « Purger définitivement », behind a confirmation box (the core refuses anyone else)."""
    actor = current_actor()
    if actor is None or not actor.is_admin:
        return
    confirm = st.checkbox(t("records.purge.confirm"), key=f"{fk}.purge.confirm")
    st.button(
        t("records.purge"),
        key=f"{fk}.purge",
        icon=":material/delete_forever:",
        help=t("records.purge.help"),
        disabled=not confirm,
        on_click=_purge,  # a callback: it may reset the archived-record pick-list before it is drawn again
        args=(db, entity, record_id, fk),
    )


def _purge(db: Database, entity: RecordEntity, record_id: str, fk: str) -> None:
    outcome = store.purge(
        db, entity, record_id, expected_version=int(st.session_state.get(f"{fk}.version") or 0), actor=current_actor()
    )
    if outcome.conflict is not None:
        st.session_state[f"{fk}.conflict"] = outcome.conflict
    elif outcome.problems:
        st.session_state[f"{fk}.problems"] = outcome.problems
    else:
        named = _named(st.session_state.get(f"{fk}.cells", {}))  # read before the form forgets its cells
        _forget(fk)
        st.session_state.pop(f"records.archived.{entity.value}", None)
        if named is not None:
            _flash(entity, t("records.purged.named", entity=label(entity), name=named(record_id), record_id=record_id))
        else:
            _flash(entity, t("records.purged", entity=label(entity), record_id=record_id))
        _rerun_page()  # from a callback: the page runs once, after it (Streamlit 1.67)


def archived_list(db: Database, entity: RecordEntity) -> str | None:
    """Archived records of a kind, to open one (and bring it back); returns the chosen record id."""
    del db  # read through the cache (an archive or a restore writes a history row: a new cache key)
    frame = cached(store.archived_records, entity)
    if frame.empty:
        return None
    with st.expander(t("records.archived.list", count=len(frame)), icon=":material/inventory_2:"):
        options = ["", *frame["record_id"]]
        shown = {
            record_id: _archived_label(record_id, name, day)
            for record_id, name, day in zip(frame["record_id"], frame["name"], frame["day"], strict=True)
        }
        return (
            st.selectbox(
                t("records.archived.choose"),
                options,
                key=f"records.archived.{entity.value}",
                format_func=lambda r: t("records.none") if r == "" else shown[r],
            )
            or None
        )


def _archived_label(record_id: str, name: object, day: object) -> str:
    """« Name — 22/11/2026 (E-…) »: an archived record named as people know it, its id kept to tell twins apart."""
    if name is None or pd.isna(name):
        return record_id
    when = cell_date(day)
    if when is None:
        return t("records.archived.option", name=name, record_id=record_id)
    return t("records.archived.option_dated", name=name, date=fmt_date(when), record_id=record_id)


def record_picker(entity: RecordEntity, names: Choices, *, key: str) -> str | None:
    """'Nouvelle fiche' or one of `names`; returns the chosen record id (None: new)."""
    options = ["", *names]
    opened = st.session_state.pop(f"records.open.{entity.value}", None)
    if opened in options:  # just created: shown before the widget exists, as Streamlit requires
        st.session_state[key] = opened
    chosen = st.selectbox(
        t("records.choose"),
        options,
        key=key,
        format_func=lambda r: t("records.new") if r == "" else names[r],
    )
    return chosen or None


def commune_choices(db: Database, territory_id: str, key: str) -> Choices:
    """The commune pick-list with its name search above it."""
    search = st.text_input(t("records.commune.search"), key=key, help=t("records.commune.search.help"))
    del db
    return cached(lookups.communes, territory_id, search)
