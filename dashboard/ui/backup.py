"""The administrator's backup section of the data page: take a backup now, see the latest, download it.

The dashboard process holds the database, so it is the one that can copy it while users work
(`dashboard.backup.take_backup` reads one consistent snapshot). Restoring replaces the file: that is done with
the dashboard stopped, by `python -m dashboard restaurer` (see docs/deployment.md).
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from dashboard.backup import BackupError, archive_bytes, list_backups, read_manifest, take_backup
from dashboard.config import backup_directory, backup_interval_hours, backup_keep
from dashboard.i18n import fmt_date, fmt_int, fmt_number, t
from dashboard.ui.cache import get_database

ZIP_MIME = "application/zip"


def show_backup() -> None:
    """Subheader, what a backup is and where it goes, the button, the latest backup and its download."""
    directory, keep = backup_directory(), backup_keep()
    st.subheader(t("backup.ui.title"))
    st.caption(t("backup.ui.help", directory=directory, keep=keep))
    hours = backup_interval_hours()
    st.caption(t("backup.ui.schedule", hours=fmt_number(hours), keep=keep) if hours else t("backup.ui.no_schedule"))
    if st.button(t("backup.ui.run"), icon=":material/backup:", key="backup.run"):
        with st.spinner(t("backup.ui.running")):
            try:
                report = take_backup(get_database(), directory, keep=keep)
            except BackupError as error:
                st.error(str(error))
            else:
                st.success(
                    t(
                        "backup.ui.done",
                        folder=report.folder.name,
                        tables=len(report.manifest.tables),
                        rows=fmt_int(report.manifest.total_rows),
                    )
                )
    backups = list_backups(directory)
    if not backups:
        st.caption(t("backup.ui.none", directory=directory))
        return
    latest = backups[-1]
    created = dt.datetime.fromisoformat(read_manifest(latest).created_at)
    st.caption(t("backup.ui.latest", folder=latest.name, created=fmt_date(created), time=f"{created:%H:%M}"))
    st.download_button(
        t("backup.ui.download"),
        lambda: archive_bytes(latest),  # zipped only when clicked: the copy is as large as the database
        file_name=f"{latest.name}.zip",
        mime=ZIP_MIME,
        icon=":material/download:",
        on_click="ignore",
        key="backup.download",
    )
