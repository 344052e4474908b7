"""Widgets of the data page's imports: a file uploader speaking French, the notices and the refusal report.

Streamlit's file_uploader has no parameter for its own texts: the button ("Upload"), the limit ("50MB per file"),
the size of an uploaded file ("208.0B"), its refusals of a chosen file ("File must be 50.0MB or smaller.", "… files
are not allowed.": in a tooltip and a screen-reader alert) and the names screen readers announce ("file upload",
"Remove …", "Add files"). A small script of ours (st.html with JavaScript, in the page itself) rewrites them in French inside
the widget's container, which carries the documented CSS class `st-key-<key>` (dots of the key become dashes),
and again whenever Streamlit redraws the widget (a MutationObserver; a text is set only when it differs, so the
observer settles). Only texts and ARIA labels change: the widget's behaviour is untouched.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

import streamlit as st
from streamlit.runtime.uploaded_file_manager import UploadedFile

from dashboard.geography.territories import Selection, period_label
from dashboard.i18n import fmt_int, t, t_count
from dashboard.imports.content import DatabaseContent
from dashboard.imports.export import ExportSource, FileFormat, export_file_name, is_dated, is_scoped
from dashboard.imports.reader import Problem, describe, problems_frame
from dashboard.imports.report import group_problems, groups_frame, report_csv, rows_text
from dashboard.scope import Period
from dashboard.ui.french_chrome import run_script
from dashboard.ui.text import md_escape

REPORT_TABLE_MAX_ROWS = 100  # a plain table up to this many lines (messages wrap and read whole); beyond, a grid
CSV_MIME = "text/csv"
NOTICES_LISTED = 10  # notices listed one by one up to this many; beyond, one line per kind and the whole list


# Rewrites the uploader's English texts and ARIA labels in French (see the module docstring); once per scope.
_FRENCH_UPLOADER_JS = r"""({scope, texts}) => {
  const done = (window.__frenchUploaders = window.__frenchUploaders || {});
  done[scope] = texts;
  if (window.__frenchUploaderObserver) { window.__frenchUploaderFix(); return; }
  const set = (element, attribute, value) => {
    if (element && element.getAttribute(attribute) !== value) element.setAttribute(attribute, value);
  };
  const text = (element, value) => { if (element && element.textContent !== value) element.textContent = value; };
  // Streamlit's refusals of a chosen file, made in the browser before any upload (its size over
  // server.maxUploadSize, a type the widget does not take, a second file where one is taken).
  const refusal = (message, words) => {
    if (/ or smaller\.$/.test(message)) return words.too_large;
    if (/ files are not allowed\.$/.test(message)) return words.wrong_type;
    if (/^Only one file is allowed\.$/.test(message)) return words.one_file;
    if (/^(Unexpected error|File size is too small)/.test(message)) return words.unexpected;
    return null;
  };
  window.__frenchUploaderFix = () => {
    const any = Object.values(window.__frenchUploaders)[0];
    // The refusal's tooltip, shown on hovering the file, is drawn outside the widget (at the end of the page).
    document.querySelectorAll('[data-testid="stTooltipErrorContent"]').forEach((tip) => {
      const french = refusal(tip.textContent, any);
      if (french) text(tip, french);
    });
    for (const [where, words] of Object.entries(window.__frenchUploaders)) {
      for (const root of document.querySelectorAll(where)) {
        root.querySelectorAll('input[type="file"]').forEach((input) => set(input, "aria-label", words.input));
        text(root.querySelector('[data-testid="stFileUploaderDropzone"] button[kind="secondary"] p'), words.button);
        text(root.querySelector('[data-testid="stFileUploaderDropzoneInstructions"] span'), words.limit);
        root.querySelectorAll('[data-testid="stFileChip"]').forEach((chip) => {
          const name = chip.querySelector('[data-testid="stFileChipName"]');
          const file = name ? name.getAttribute("title") || name.textContent : "";
          set(chip, "aria-label", file);  // without the English size
          const size = name && name.nextElementSibling;
          if (size && size.style.display !== "none") size.style.display = "none";
          set(chip.querySelector('[data-testid="stFileChipDeleteBtn"] button'), "aria-label",
              words.remove.replace("{file}", file));
          const alert = chip.querySelector('[role="alert"]');  // what a screen reader announces: "Error: …"
          const french = alert && refusal(alert.textContent.replace(/^Error: /, ""), words);
          if (french) text(alert, words.error.replace("{message}", french));
        });
        root.querySelectorAll('button[kind="borderlessIcon"]').forEach((button) => {
          set(button, "aria-label", words.add);
          button.querySelectorAll("span").forEach((span) => {
            if (span.textContent.endsWith(" icon")) set(span, "aria-hidden", "true");
          });
        });
      }
    }
  };
  window.__frenchUploaderObserver = new MutationObserver(window.__frenchUploaderFix);
  window.__frenchUploaderObserver.observe(document.body, {subtree: true, childList: true, characterData: true});
  window.__frenchUploaderFix();
}"""


def french_file_uploader(
    label: str, *, types: list[str], key: str, multiple: bool = False
) -> UploadedFile | list[UploadedFile] | None:
    """st.file_uploader whose button, size limit, file sizes and refusals of a chosen file (too large, wrong type)
    read in French (see the module docstring)."""
    scope = ".st-key-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    texts = {
        "button": t("data.upload.button_several" if multiple else "data.upload.button"),
        "limit": t(
            "data.upload.limit", size=fmt_int(st.get_option("server.maxUploadSize")), types=", ".join(types).upper()
        ),
        "input": t("data.upload.input"),
        "remove": t("data.upload.remove", file="{file}"),
        "add": t("data.upload.add"),
        "too_large": t("data.upload.too_large", size=fmt_int(st.get_option("server.maxUploadSize"))),
        "wrong_type": t("data.upload.wrong_type"),
        "one_file": t("data.upload.one_file"),
        "unexpected": t("data.upload.unexpected"),
        "error": t("data.upload.error", message="{message}"),
    }
    run_script(_FRENCH_UPLOADER_JS, {"scope": scope, "texts": texts})
    return st.file_uploader(label, type=types, accept_multiple_files=multiple, key=key)


@dataclass(frozen=True)
class ExportChoice:
    """What an export of the data page is limited to (None: every territory / every period)."""

    scope: str | None
    territory: str | None  # the territory's name, when limited to it
    period: Period | None

    def source(self, content: DatabaseContent) -> ExportSource:
        return ExportSource(
            data_as_of=content.data_as_of,
            territory=self.territory,
            period=period_label(self.period) if self.period else None,
            is_demo=content.is_demo,
        )

    def file_name(self, entity: str, file_format: FileFormat) -> str:
        return export_file_name(entity, file_format, self.territory, self.period)


def export_choice(entity: str, selection: Selection) -> ExportChoice:
    """Checkboxes (ticked by default) limiting the export to the territory and the period shown, for the entities
    placed in territories or dated."""
    territory, period = selection.territory, selection.period
    scoped = territory is not None and is_scoped(entity)
    if scoped:
        label = t("data.export.scoped", territory=md_escape(territory.name))
        scoped = st.checkbox(label, value=True, key="data.export.scoped")
    dated = period is not None and is_dated(entity)
    if dated:
        label = t("data.export.dated", period=md_escape(period_label(period)))
        dated = st.checkbox(label, value=True, key="data.export.dated")
    return ExportChoice(
        territory.territory_id if scoped else None,
        territory.name if scoped else None,
        period if dated else None,
    )


def show_notices(notices: list[Problem]) -> None:
    """What the import said besides problems (encoding read, title row skipped, columns ignored, former communes
    read as today's), as text; many notices of one kind (a former commune on 10 000 rows) grouped, whole in a file."""
    if not notices:
        return
    if len(notices) <= NOTICES_LISTED:
        st.info("  \n".join(md_escape(describe(notice)) for notice in notices), icon=":material/info:")
        return
    lines = [
        t("data.notice.group", first=describe(Problem(g.file, g.rows[0] if g.rows else None, g.column, g.example)),
          count=fmt_int(g.count), rows=rows_text(g.rows))
        for g in group_problems(notices)
    ]  # fmt: skip
    st.info("  \n".join(md_escape(line) for line in lines), icon=":material/info:")
    _list_download("data.notice", notices)


def show_refusal(file: str, problems: list[Problem]) -> None:
    """A refused import: one line per kind of problem (first rows, count, an example), capped, and the full list
    (one line per problem, located) to download."""
    st.error(t_count("data.import.refused", len(problems), count=fmt_int(len(problems)), file=md_escape(file)))
    if len(problems) <= REPORT_TABLE_MAX_ROWS:
        st.table(problems_frame(problems), hide_index=True, border="horizontal")
        return
    report, left_out = groups_frame(problems)
    kinds = len(report) + left_out
    st.caption(t_count("data.report.grouped", kinds, count=fmt_int(len(problems)), kinds=fmt_int(kinds)))
    st.dataframe(
        report,
        hide_index=True,
        width="stretch",
        column_config={report.columns[4]: st.column_config.TextColumn(width="large")},
    )
    if left_out:
        st.caption(t("data.report.left_out", count=fmt_int(left_out)))
    _list_download("data.report", problems)


def _list_download(kind: str, problems: list[Problem]) -> None:
    """The whole list (one line per problem or notice, located) as a CSV download; `kind` prefixes the texts."""
    st.download_button(
        t(f"{kind}.download"),
        lambda: report_csv(problems),
        file_name=t(f"{kind}.file_name"),
        mime=CSV_MIME,
        icon=":material/download:",
        on_click="ignore",
        # The data page may show two lists of a kind (the template import's and the register's): a key each.
        key=f"{kind}.download.{zlib.crc32(describe(problems[0]).encode())}",
    )
