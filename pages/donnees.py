"""Données : import of the templates with a full validation report, exports, and what the database holds."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from dashboard.config import TEMPLATES_DIR
from dashboard.i18n import fmt_int, t
from dashboard.imports import TEMPLATES, TEMPLATES_BY_ENTITY, import_path
from dashboard.imports.docs import WORKBOOK_NAME
from dashboard.imports.export import database_summary, export_bytes
from dashboard.ui.cache import cached, get_database, invalidate_data_cache

WORKBOOK_CHOICE = "__classeur__"  # the multi-sheet workbook, beside the single entities
TITLES = {template.entity: template.title for template in TEMPLATES}

db = get_database()
summary = cached(database_summary)
territories = dict(db.query_rows("SELECT level, count(*) FROM territory GROUP BY level"))

st.subheader(t("data.section.content"))
if summary["rows"].sum() == 0:
    st.info(t("data.empty"))
else:
    cols = st.columns(4)
    for column, (level, key) in zip(
        cols,
        [("commune", "data.level.communes"), ("epci", "data.level.epci"), ("perimetre", "data.level.perimeters")],
        strict=False,
    ):
        column.metric(t(key), fmt_int(territories.get(level, 0)))
    cols[3].metric(t("data.companies"), fmt_int(int(summary.loc[summary["table"] == "company", "rows"].sum())))
    with st.expander(t("data.tables")):
        st.dataframe(
            summary.assign(rows=summary["rows"].map(fmt_int)).rename(
                columns={"table": t("data.col.table"), "rows": t("data.col.rows")}
            ),
            hide_index=True,
            width="stretch",
        )

st.subheader(t("data.section.import"))
st.caption(t("data.import.help"))
choice = st.selectbox(
    t("data.import.entity"),
    [WORKBOOK_CHOICE, *TITLES],
    format_func=lambda entity: t("data.import.workbook") if entity == WORKBOOK_CHOICE else TITLES[entity],
    key="data.import.entity",
)
upload = st.file_uploader(t("data.import.file"), type=["csv", "xlsx"], key="data.import.file")
if upload is not None and st.button(t("data.import.run"), type="primary"):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / upload.name
        path.write_bytes(upload.getvalue())
        result = import_path(db, path, None if choice == WORKBOOK_CHOICE else choice, name=upload.name)
    if result.ok:
        invalidate_data_cache()
        st.success(
            t("data.import.ok", details=", ".join(f"{TITLES[e]} : {fmt_int(n)}" for e, n in result.rows.items()))
        )
    else:
        st.error(t("data.import.refused", count=len(result.problems)))
        report = pd.DataFrame(
            [(p.file, "" if p.row is None else p.row, p.column or "", p.message) for p in result.problems],
            columns=[t("data.col.file"), t("data.col.row"), t("data.col.column"), t("data.col.message")],
        )
        st.dataframe(report, hide_index=True, width="stretch")

st.subheader(t("data.section.templates"))
st.caption(t("data.templates.help"))
st.download_button(
    t("data.templates.workbook"),
    (TEMPLATES_DIR / WORKBOOK_NAME).read_bytes(),
    file_name=WORKBOOK_NAME,
    icon=":material/download:",
)
template_entity = st.selectbox(
    t("data.templates.one"), list(TITLES), format_func=TITLES.get, key="data.templates.entity"
)
st.download_button(
    t("data.templates.csv", title=TITLES[template_entity]),
    (TEMPLATES_DIR / f"{template_entity}.csv").read_bytes(),
    file_name=f"{template_entity}.csv",
    mime="text/csv",
    icon=":material/download:",
)

st.subheader(t("data.section.export"))
left, right = st.columns(2)
export_entity = left.selectbox(t("data.export.entity"), list(TITLES), format_func=TITLES.get, key="data.export.entity")
file_format = right.radio(t("data.export.format"), ["csv", "xlsx"], horizontal=True, key="data.export.format")
template = TEMPLATES_BY_ENTITY[export_entity]
st.download_button(
    t("data.export.run", title=template.title),
    export_bytes(db, export_entity, file_format),
    file_name=f"{export_entity}.{file_format}",
    icon=":material/file_download:",
)
