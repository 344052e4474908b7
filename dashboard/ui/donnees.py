"""Sections of the Données page: what the database holds, imports with their full validation report, templates,
exports (the page itself only lays them out)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dashboard.auth import PermissionDenied
from dashboard.config import TEMPLATES_DIR
from dashboard.i18n import data_as_of, fmt_date, fmt_int, t, t_count
from dashboard.imports import TEMPLATES, TEMPLATES_BY_ENTITY, ImportResult, import_files
from dashboard.imports.content import database_content
from dashboard.imports.docs import WORKBOOK_NAME, columns_frame
from dashboard.imports.export import (
    FILE_FORMATS,
    export_bytes,
    require_export,
    scoped_row_count,
    template_file_name,
)
from dashboard.ui.auth import current_actor, show_denied
from dashboard.ui.cache import cached, get_database, invalidate_data_cache
from dashboard.ui.imports import export_choice, french_file_uploader, show_notices, show_refusal
from dashboard.ui.lazy import is_open, lazy_expander
from dashboard.ui.sidebar import current_selection
from dashboard.ui.text import md_escape

WORKBOOK_CHOICE = "__classeur__"  # the multi-sheet workbook, beside the single entities
RESULT_KEY = "data.import.result"  # the last import's outcome survives the reruns of other widgets
REGISTER_RESULT_KEY = "data.register.result"  # the same for the register extract
TITLES = {template.entity: template.title for template in TEMPLATES}  # French names of the entities in choices
# Content types of the downloads, so that browsers offer to open them with a spreadsheet.
MIME = {"csv": "text/csv", "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
# The two reference tables sit in lazy expanders (dashboard.ui.lazy): the browser draws a closed expander's
# content all the same, and each table is a data grid to build on every load of the page.
TABLES_KEY = "data.tables.open"
COLUMNS_KEY = "data.templates.columns.open"


@dataclass(frozen=True)
class ShownResult:
    file: str
    result: ImportResult


def show_content() -> None:
    content = cached(database_content)
    st.subheader(t("data.section.content"))
    if content.is_empty:
        st.info(t("data.empty"))
        return
    as_of = data_as_of(content.data_as_of)
    st.caption(t("data.dataset.demo" if content.is_demo else "data.dataset.own", as_of=as_of))
    columns = st.columns(4)
    columns[0].metric(t("data.level.communes"), fmt_int(content.territories["commune"]))
    columns[1].metric(t("data.level.epci"), fmt_int(content.territories["epci"]))
    columns[2].metric(t("data.level.perimeters"), fmt_int(content.territories["perimetre"]))
    columns[3].metric(t("data.companies"), fmt_int(content.rows("company")))
    if content.last_import is not None:
        st.caption(t("data.last_import", when=fmt_date(content.last_import.date())))
    section = lazy_expander(t("data.tables"), key=TABLES_KEY)
    if is_open(section):
        with section:
            tables = content.tables.assign(rows=content.tables["rows"].map(fmt_int))[["title", "rows"]]
            st.dataframe(
                tables.rename(columns={"title": t("data.col.table"), "rows": t("data.col.rows")}),
                hide_index=True,
                width="stretch",
            )


def show_import() -> None:
    st.subheader(t("data.section.import"))
    st.caption(t("data.import.help"))
    choice = st.selectbox(
        t("data.import.entity"),
        [WORKBOOK_CHOICE, *TITLES],
        format_func=lambda entity: t("data.import.workbook") if entity == WORKBOOK_CHOICE else TITLES[entity],
        key="data.import.entity",
    )
    several = choice == WORKBOOK_CHOICE
    uploads = french_file_uploader(
        t("data.import.files" if several else "data.import.file"),
        types=["csv", "xlsx"],
        multiple=several,
        key=f"data.import.file.{'set' if several else 'one'}",
    )
    uploads = [] if uploads is None else uploads if isinstance(uploads, list) else [uploads]
    if uploads and st.button(t("data.import.run"), type="primary", key="data.import.run"):
        names = [upload.name for upload in uploads]
        with tempfile.TemporaryDirectory() as tmp:
            paths = [Path(tmp) / f"{index}-{Path(upload.name).name}" for index, upload in enumerate(uploads)]
            for path, upload in zip(paths, uploads, strict=True):
                path.write_bytes(upload.getvalue())
            entity = None if several else choice
            result = import_files(get_database(), paths, entity=entity, names=names, actor=current_actor())
        st.session_state[RESULT_KEY] = ShownResult(", ".join(names), result)
        if result.ok:  # run again: the header and the content above were drawn before the import
            invalidate_data_cache()
            st.rerun()
    shown: ShownResult | None = st.session_state.get(RESULT_KEY)
    if shown is None:
        return
    if shown.result.ok:
        details = ", ".join(f"{TITLES[entity]} : {fmt_int(n)}" for entity, n in shown.result.rows.items())
        st.success(t("data.import.ok", file=md_escape(shown.file), details=details))
    else:
        show_refusal(shown.file, shown.result.problems)
    show_notices(shown.result.notices)


def show_register_import() -> None:
    st.subheader(t("data.section.register"))
    st.caption(t("data.register.help"))
    upload = french_file_uploader(t("data.register.file"), types=["csv"], key="data.register.file")
    replace = st.checkbox(t("data.register.replace"), key="data.register.replace")
    if upload is not None and st.button(t("data.register.run"), type="primary", key="data.register.run"):
        from dashboard.artisanat.register import import_register_bytes  # imported when used: a heavy module

        result = import_register_bytes(
            get_database(), upload.getvalue(), upload.name, replace=replace, actor=current_actor()
        )
        st.session_state[REGISTER_RESULT_KEY] = (upload.name, result)
        if result.ok:  # run again: the header and the content above were drawn before the import
            invalidate_data_cache()
            st.rerun()
    shown = st.session_state.get(REGISTER_RESULT_KEY)
    if shown is None:
        return
    file, result = shown
    if result.ok:
        st.success(t("data.register.ok", file=md_escape(file), summary=result.summary()))
    else:
        show_refusal(file, result.problems)
    show_notices(result.notices)


def show_templates() -> None:
    st.subheader(t("data.section.templates"))
    st.caption(t("data.templates.help"))
    # The files are read when clicked: a button holding its bytes is fetched whole by the browser at every load of
    # the page (Streamlit checks that its address answers), and registered again by the server at every run.
    st.download_button(
        t("data.templates.workbook"),
        (TEMPLATES_DIR / WORKBOOK_NAME).read_bytes,
        file_name=WORKBOOK_NAME,
        mime=MIME["xlsx"],
        icon=":material/download:",
        on_click="ignore",
    )
    entity = st.selectbox(t("data.templates.one"), list(TITLES), format_func=TITLES.get, key="data.templates.entity")
    st.download_button(
        t("data.templates.csv", title=TITLES[entity]),
        (TEMPLATES_DIR / f"{entity}.csv").read_bytes,
        file_name=template_file_name(entity),
        mime=MIME["csv"],
        icon=":material/download:",
        on_click="ignore",
    )
    # A fixed label: the expander's identity is its label, and choosing another template must not close it.
    section = lazy_expander(t("data.templates.columns"), key=COLUMNS_KEY)
    if is_open(section):
        with section:
            st.dataframe(columns_frame(TEMPLATES_BY_ENTITY[entity]), hide_index=True, width="stretch")


def show_export() -> None:
    st.subheader(t("data.section.export"))
    st.caption(t("data.export.help"))
    left, right = st.columns(2)
    entity = left.selectbox(t("data.export.entity"), list(TITLES), format_func=TITLES.get, key="data.export.entity")
    file_format = right.radio(
        t("data.export.format"), FILE_FORMATS, format_func=str.upper, horizontal=True, key="data.export.format"
    )
    template = TEMPLATES_BY_ENTITY[entity]
    choice = export_choice(entity, current_selection())
    scope, period, source = choice.scope, choice.period, choice.source(cached(database_content))
    db = get_database()
    actor = current_actor()
    try:
        require_export(db, actor, [entity], scope)  # checked before the button, so that a refusal is said, not logged
    except PermissionDenied as denied:
        show_denied(denied)
        return
    rows = cached(scoped_row_count, entity, scope, period)  # a count query at every load of the page before
    st.caption(t_count("data.export.rows", rows, count=fmt_int(rows)))
    st.download_button(
        t("data.export.run", title=template.title),
        # Built only when clicked: a national table takes seconds to write.
        lambda: export_bytes(db, entity, file_format, scope=scope, period=period, source=source, actor=actor),
        file_name=choice.file_name(entity, file_format),
        mime=MIME[file_format],
        icon=":material/file_download:",
        on_click="ignore",
    )
