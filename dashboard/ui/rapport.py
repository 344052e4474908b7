"""The "Rapport trimestriel" page: produce the report (PDF, PNG bundle, XLSX) live or from frozen figures,
freeze the figures at a COPIL ("Figer les chiffres"), and read what changed "depuis le dernier COPIL"."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.geography.territories import Selection, period_label
from dashboard.i18n import fmt_date, fmt_number, fmt_signed, t
from dashboard.report import content as rc
from dashboard.report import snapshots
from dashboard.report.documents import ReportFiles, build_report
from dashboard.scope import Period
from dashboard.ui.cache import cached, get_database

FILES_KEY = "rapport.files"
LIVE = 0  # snapshot choice: the live figures


def _snapshot_label(info: snapshots.SnapshotInfo) -> str:
    return t("report.page.snapshot_option", name=info.name, date=fmt_date(info.copil_date),
             period=period_label(Period(info.year, info.quarter)))  # fmt: skip


def deltas_table(before: rc.ReportContent, after: rc.ReportContent) -> pd.DataFrame:
    """The deltas in French for the screen."""
    frame = snapshots.deltas(before.report, after.report)
    decimals = {r.definition.code: r.definition.decimals for r in after.report.results}
    return pd.DataFrame(
        {
            t("report.col.indicator"): frame["label"],
            t("report.page.col.before"): [fmt_number(v, decimals[c]) if pd.notna(v) else "–"
                                          for v, c in zip(frame["before"], frame["code"], strict=True)],
            t("report.page.col.after"): [fmt_number(v, decimals[c]) if pd.notna(v) else "–"
                                         for v, c in zip(frame["after"], frame["code"], strict=True)],
            t("report.col.delta"): [fmt_signed(v, decimals[c]) if pd.notna(v) else "–"
                                    for v, c in zip(frame["delta"], frame["code"], strict=True)],
            t("report.col.unit"): frame["unit"],
        }
    )  # fmt: skip


def _produce(content: rc.ReportContent, snapshot: str | None) -> ReportFiles:
    bar = st.progress(0.0, text=t("report.progress.start"))
    files = build_report(content, lambda fraction, message: bar.progress(fraction, text=message), snapshot=snapshot)
    bar.empty()
    return files


def render_rapport(selection: Selection) -> None:
    if selection.territory is None or selection.period is None:
        st.info(t("obj.empty_db"))
        return
    db = get_database()
    period = selection.period
    options = cached(rc.scope_options, selection.territory.territory_id)
    names = {f"{kind.value}|{sid}": name for kind, sid, name in options}
    choice = st.selectbox(t("report.page.scope"), list(names), format_func=lambda k: names[k], key="rapport.scope")
    scope_type, _, scope_id = choice.partition("|")
    frozen = snapshots.list_snapshots(db, scope_type, scope_id)
    by_id = {info.snapshot_id: info for info in frozen}
    source = st.selectbox(
        t("report.page.source"), [LIVE, *by_id], key="rapport.source",
        format_func=lambda i: t("report.page.live", period=period_label(period)) if i == LIVE
        else _snapshot_label(by_id[i]),
    )  # fmt: skip
    if source == LIVE:
        content = cached(rc.report_content, scope_type, scope_id, period.year, period.quarter)
        note = None
    else:
        content = cached(snapshots.load_snapshot, source)
        note = t("report.page.frozen_note", name=by_id[source].name, date=fmt_date(by_id[source].copil_date))
        st.info(note + " " + t("report.page.frozen_same"))
        st.page_link("pages/copil.py", label=t("report.page.present"), icon=":material/co_present:",
                     query_params={**selection.to_params(), "instantane": str(source)})  # fmt: skip
    if content is None:
        st.info(t("obj.empty_db"))
        return

    st.subheader(t("report.page.produce"))
    if st.button(t("report.page.produce_button"), type="primary", icon=":material/picture_as_pdf:"):
        st.session_state[FILES_KEY] = (choice, source, period, _produce(content, note))
    made = st.session_state.get(FILES_KEY)
    if made and made[:3] == (choice, source, period):
        files: ReportFiles = made[3]
        columns = st.columns(3)
        for column, (kind, mime, label_key) in zip(columns, (
            ("pdf", "application/pdf", "report.page.download_pdf"),
            ("zip", "application/zip", "report.page.download_zip"),
            ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "report.page.download_xlsx"),
        ), strict=True):  # fmt: skip
            with column:
                st.download_button(t(label_key), {"pdf": files.pdf, "zip": files.png_zip, "xlsx": files.xlsx}[kind],
                                   file_name=files.names[kind], mime=mime, icon=":material/download:",
                                   key=f"rapport.download.{kind}")  # fmt: skip

    st.subheader(t("report.page.changes"))
    if not frozen:
        st.caption(t("report.page.no_snapshot"))
    else:
        ids = [LIVE, *by_id]
        left, right = st.columns(2)
        with left:
            old = st.selectbox(t("report.page.compare_from"), list(by_id), format_func=lambda i: _snapshot_label(by_id[i]),
                               key="rapport.compare.from")  # fmt: skip
        with right:
            new = st.selectbox(
                t("report.page.compare_to"), ids, key="rapport.compare.to",
                format_func=lambda i: t("report.page.live", period=period_label(period)) if i == LIVE
                else _snapshot_label(by_id[i]),
            )  # fmt: skip
        before = cached(snapshots.load_snapshot, old)
        after = content if new == source else (
            cached(rc.report_content, scope_type, scope_id, period.year, period.quarter) if new == LIVE
            else cached(snapshots.load_snapshot, new))  # fmt: skip
        if before is not None and after is not None:
            st.dataframe(deltas_table(before, after), hide_index=True, width="stretch")

    st.subheader(t("report.page.freeze"))
    with st.form("rapport.freeze", border=True):
        name = st.text_input(t("report.page.freeze_name"), value=t("report.page.freeze_default",
                                                                    date=fmt_date(dt.date.today())))  # fmt: skip
        copil_date = st.date_input(t("report.page.freeze_date"), value=dt.date.today(), format="DD/MM/YYYY")
        if st.form_submit_button(t("report.page.freeze_button"), icon=":material/lock:"):
            live = cached(rc.report_content, scope_type, scope_id, period.year, period.quarter)
            try:
                number = snapshots.freeze(db, live, name, copil_date, dt.datetime.now())
            except snapshots.SnapshotError as error:
                st.error(str(error))
            else:
                st.success(t("cli.report.frozen", name=name.strip(), id=number))
    if frozen:
        with st.expander(t("report.page.delete")):
            doomed = st.selectbox(t("report.page.delete_which"), list(by_id), key="rapport.delete.which",
                                  format_func=lambda i: _snapshot_label(by_id[i]))  # fmt: skip
            sure = st.checkbox(t("report.page.delete_confirm"), key="rapport.delete.sure")
            if st.button(t("report.page.delete_button"), disabled=not sure, key="rapport.delete.button"):
                snapshots.delete_snapshot(db, doomed)
                st.rerun()
