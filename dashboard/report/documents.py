"""The quarterly report's files from one `ReportContent`: a PDF (A4), a ZIP of every chart as PNG with its
caption, and an XLSX of its tables.

PDF library: Typst (the `typst` package, a self-contained compiled wheel). Why: no system library to install
(WeasyPrint needs Pango/Cairo, a hurdle on the Windows PCs of chambers and EPCI), its fonts are embedded so
the PDF looks the same everywhere, it paginates tables across pages with repeated headers by itself (fpdf2
and ReportLab make us place rows by hand), and it compiles a report in about a second. The template
(`templates/rapport.typ`) holds the layout only and reads every word from a JSON file, so no user text is
ever parsed as markup. Charts are the pages' own Plotly figures rendered by kaleido (local Chromium).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import openpyxl
import plotly.graph_objects as go
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.charts.indicators import (
    STATUS_COLOURS,
    achievement_figure,
    figure_png,
    pillar_radar,
    trajectory_figure,
    wrap_title,
)
from dashboard.codes import ScopeType
from dashboard.geography.territories import period_label
from dashboard.i18n import data_as_of, fmt_date, t
from dashboard.indicators import values as ind
from dashboard.indicators.wording import card_lines, fmt_value, provenance_text
from dashboard.report.content import ReportContent
from dashboard.report.naming import file_stem
from dashboard.report.screens import chart_context
from dashboard.report.tables import Kind, ReportTable, changes_table, indicators_table

TEMPLATE = Path(__file__).parent / "templates" / "rapport.typ"
Progress = Callable[[float, str], None]
XLSX_FORMATS: dict[Kind, str] = {Kind.INT: "#,##0", Kind.NUMBER: "#,##0.0", Kind.SIGNED: "+#,##0.0;-#,##0.0;0",
                                 Kind.EUR: '#,##0 "€"', Kind.PERCENT: "0%"}  # fmt: skip
SHEET_NAME_MAX = 31  # Excel's limit
TITLE_CHARS = (80, 90)  # characters per title line (what, place) at PNG_WIDTH
PNG_WIDTH = 1000  # layout width of a report chart: its text stays legible on the 17-cm width of an A4 page


@dataclass(frozen=True)
class ReportChart:
    """A chart of the report: its French file name (without extension) and its figure."""

    stem: str
    figure: go.Figure


@dataclass(frozen=True)
class ReportFiles:
    pdf: bytes
    png_zip: bytes
    xlsx: bytes
    stem: str  # 'rapport-trimestriel_<scope>_<period>': the files' common name

    @property
    def names(self) -> dict[str, str]:
        return {"pdf": f"{self.stem}.pdf", "zip": f"{self.stem}_graphiques.zip", "xlsx": f"{self.stem}_tableaux.xlsx"}


def _silent(fraction: float, message: str) -> None:
    del fraction, message


def targeted(content: ReportContent) -> list[ind.IndicatorResult]:
    return [r for r in content.report.results if r.target is not None]


def report_charts(content: ReportContent) -> list[ReportChart]:
    """The achievement chart, each targeted indicator's trajectory, the three pillars (the Objectifs charts)."""
    report, context = content.report, chart_context(content)

    def stem(what: str) -> str:
        return file_stem(what, report.scope.name, report.period)

    charts = []
    if any(r.achievement is not None for r in report.results):
        title = t("ind.chart.achievement.title")
        charts.append(ReportChart(stem(title), achievement_figure(report.results, context, title)))
    for result in targeted(content):
        frame = content.trajectory_frame(result.definition.code)
        if frame.empty:
            continue
        figure = trajectory_figure(frame, result.definition, context, report.period.year)
        charts.append(ReportChart(stem(t("report.file.trajectory", indicator=result.definition.label)), figure))
    charts.append(ReportChart(stem(t("ind.chart.radar.title")), pillar_radar(ind.pillar_summary(report), context)))
    return charts


def render_pngs(content: ReportContent, progress: Progress = _silent) -> list[tuple[str, bytes]]:
    """Every chart as (file name, PNG with its caption)."""
    charts = report_charts(content)
    pngs = []
    for number, chart in enumerate(charts, start=1):
        progress(0.1 + 0.6 * number / max(len(charts), 1), t("report.progress.chart", number=number, total=len(charts)))
        figure = chart.figure.update_layout(title_text=wrap_title(chart.figure.layout.title.text, *TITLE_CHARS))
        pngs.append((f"{chart.stem}.png", figure_png(figure, width=PNG_WIDTH)))
    return pngs


def png_zip(pngs: list[tuple[str, bytes]]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in pngs:
            archive.writestr(name, data)
    return buffer.getvalue()


def all_tables(content: ReportContent) -> list[ReportTable]:
    return [indicators_table(content.report), changes_table(content.report, content.previous), *content.tables]


def xlsx_bytes(content: ReportContent) -> bytes:
    """One sheet per table, numbers as numbers (French display formats), a first sheet saying what and when."""
    book = openpyxl.Workbook()
    about = book.active
    about.title = t("report.xlsx.about")[:SHEET_NAME_MAX]
    for line in cover_lines(content):
        about.append([line])
    for table in all_tables(content):
        sheet = book.create_sheet(table.key[:SHEET_NAME_MAX])
        sheet.append([table.title])
        sheet["A1"].font = Font(bold=True)
        sheet.append(list(table.columns))
        for row in table.rows:
            sheet.append(list(row))
        for column, kind in enumerate(table.kinds, start=1):
            if kind in XLSX_FORMATS:
                for (cell,) in sheet.iter_rows(min_row=3, min_col=column, max_col=column):
                    cell.number_format = XLSX_FORMATS[kind]
            sheet.column_dimensions[get_column_letter(column)].width = 18 if column > 1 else 44
        if table.note:
            sheet.append([])
            sheet.append([table.note])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def cover_lines(content: ReportContent) -> list[str]:
    report = content.report
    kind = t("report.cover.programme" if report.scope.scope_type == ScopeType.PROGRAMME else "report.cover.territory")
    lines = [f"{kind} : {report.scope.name}", t("report.cover.period", period=period_label(report.period))]
    lines.append(data_as_of(report.data_as_of))
    if report.as_of < report.period.end:
        lines.append(t("copil.values_at", date=fmt_date(report.as_of)))
    return lines


def _table_item(table: ReportTable) -> dict[str, object]:
    return {"type": "table", "title": table.title, "columns": list(table.columns), "rows": table.text_rows(),
            "note": table.note}  # fmt: skip


def _indicator_item(result: ind.IndicatorResult, as_of: dt.date) -> dict[str, object]:
    value = None if result.value is None else result.value.value
    return {
        "type": "indicator",
        "title": result.definition.label,
        "value": fmt_value(value, result.definition),
        "status": t(f"ind.status.{result.status.value}"),
        "colour": STATUS_COLOURS[result.status],
        "lines": card_lines(result, as_of),
    }


def report_data(content: ReportContent, images: dict[str, str], generated: dt.date, snapshot: str | None) -> dict:
    """What the Typst template lays out: the cover, then the sections (every word already French)."""
    report = content.report
    tables = {table.key: table for table in content.tables}
    charts = report_charts(content)
    image_of = {chart.stem: images.get(f"{chart.stem}.png") for chart in charts}

    def image(stem_part: str) -> list[dict[str, object]]:
        return [{"type": "image", "file": f} for s, f in image_of.items() if f and s.startswith(stem_part)]

    from dashboard.report.naming import slug

    funding = [_table_item(table) for table in content.tables if table.key.startswith("financements")]
    trajectory_items: list[dict[str, object]] = []
    for result in targeted(content):
        trajectory_items.append(_indicator_item(result, report.as_of))
        trajectory_items += image(slug(t("report.file.trajectory", indicator=result.definition.label)))
    appendix = [
        f"{r.definition.label} : {provenance_text(r)}" for r in report.results if r.value is not None
    ] + sorted({t("report.appendix.target", scope=r.target.scope_name, source=r.target.source,
                  date=fmt_date(r.target.as_of)) for r in targeted(content) if r.target is not None})  # fmt: skip
    note = t("report.cover.generated", date=fmt_date(generated))
    if snapshot:
        note += " · " + snapshot
    return {
        "title": t("report.title"),
        "footer": f"{report.scope.name} · {period_label(report.period)}"
        + (f" · {t('badge.demo')}" if content.is_demo else ""),
        "cover": {
            "kicker": t("report.cover.kicker"),
            "title": t("report.title"),
            "lines": cover_lines(content),
            "demo": t("report.cover.demo") if content.is_demo else None,
            "note": note,
        },
        "sections": [
            {"title": t("report.section.targets"), "paragraphs": [t("report.section.targets.intro")],
             "items": [*image(slug(t("ind.chart.achievement.title"))), *trajectory_items]},
            {"title": t("report.section.changes"), "paragraphs": [],
             "items": [_table_item(changes_table(report, content.previous)), _table_item(indicators_table(report))]},
            {"title": t("report.section.synergies"), "paragraphs": [],
             "items": [_table_item(tables["entonnoir"]), _table_item(tables["impacts"])]},
            {"title": t("report.section.animation"), "paragraphs": [] if funding else [t("report.table.funding.none")],
             "items": [_table_item(tables["evenements"]), _table_item(tables["conventions"]), *funding]},
            {"title": t("report.section.artisan"), "paragraphs": [], "items": [_table_item(tables["artisanat"])]},
            {"title": t("report.section.pillars"), "paragraphs": [], "items": image(slug(t("ind.chart.radar.title")))},
            {"title": t("report.section.appendix"), "paragraphs": appendix, "items": []},
        ],
    }  # fmt: skip


def pdf_bytes(
    content: ReportContent, pngs: list[tuple[str, bytes]], *, generated: dt.date, snapshot: str | None = None
) -> bytes:
    """The A4 report compiled by Typst in a temporary folder holding the template, its data and the PNGs."""
    import typst  # imported when a report is made: keeps the app's start fast

    with tempfile.TemporaryDirectory(prefix="rapport-") as folder:
        root = Path(folder)
        images = {}
        for number, (name, data) in enumerate(pngs):
            file = f"graphique-{number}.png"
            (root / file).write_bytes(data)
            images[name] = file
        data = report_data(content, images, generated, snapshot)
        (root / "data.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        (root / "rapport.typ").write_text(TEMPLATE.read_text(encoding="utf-8"), encoding="utf-8")
        return bytes(typst.compile(str(root / "rapport.typ"), root=str(root)))


def build_report(
    content: ReportContent,
    progress: Progress = _silent,
    *,
    generated: dt.date | None = None,
    snapshot: str | None = None,
) -> ReportFiles:
    """The three files of the quarterly report (progress reported from 0 to 1 with a French message)."""
    report = content.report
    progress(0.05, t("report.progress.start"))
    pngs = render_pngs(content, progress)
    progress(0.75, t("report.progress.pdf"))
    pdf = pdf_bytes(content, pngs, generated=generated or dt.date.today(), snapshot=snapshot)
    progress(0.9, t("report.progress.xlsx"))
    files = ReportFiles(pdf, png_zip(pngs), xlsx_bytes(content), file_stem(t("report.title"), report.scope.name,
                                                                             report.period))  # fmt: skip
    progress(1.0, t("report.progress.done"))
    return files
