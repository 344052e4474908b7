"""The quarterly report of the demo's Vendômois: PDF pages rendered with pdftoppm (kept in artifacts/report/
to look at), its text holding the seed milestones and the Objectifs page's realised values, the PNG bundle's
French file names, the XLSX's sheets; the CLI writes the three files."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest
from pypdf import PdfReader

from dashboard.__main__ import main
from dashboard.config import PROJECT_ROOT
from dashboard.db import Database
from dashboard.indicators.wording import fmt_value
from dashboard.report.content import report_content
from dashboard.report.documents import build_report
from tests.pages import run_page

VENDOMOIS = "epci:200072072"
PAGES_DIR = PROJECT_ROOT / "artifacts" / "report"
MILESTONES = (
    "Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100",
    "Référence 2019 : 3 · Objectif 2020 : 12 · Objectif 2022 : 24",
    "Référence 2019 : 2 · Objectif 2020 : 6 · Objectif 2022 : 12",
)


def plain(text: str) -> str:
    """PDF text with every run of spaces (no-break ones included) folded into one space."""
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.mark.slow
def test_vendomois_report_pdf_zip_xlsx(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path, tmp_path: Path) -> None:
    db = Database(demo_db_path, read_only=True)
    try:
        content = report_content(db, "territory", VENDOMOIS, 2026, 3)
    finally:
        db.close()
    assert content is not None
    files = build_report(content, generated=dt.date(2026, 12, 4))

    # the pages, rendered to PNG as a reader sees them
    pdf_path = tmp_path / files.names["pdf"]
    pdf_path.write_bytes(files.pdf)
    shutil.rmtree(PAGES_DIR, ignore_errors=True)
    PAGES_DIR.mkdir(parents=True)
    subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf_path), str(PAGES_DIR / "page")], check=True)
    pages = sorted(PAGES_DIR.glob("page-*.png"))
    reader = PdfReader(io.BytesIO(files.pdf))
    assert len(pages) == len(reader.pages) >= 5
    assert reader.pages[0].mediabox.width == pytest.approx(595.3, abs=1)  # A4 portrait, in points

    text = plain(" ".join(page.extract_text() for page in reader.pages))
    cover = plain(reader.pages[0].extract_text())
    assert "Rapport trimestriel" in cover and "Communauté d'agglomération Territoires Vendômois" in cover
    assert "3e trimestre 2026" in cover and "Données au 31/10/2026" in cover and "démonstration" in cover
    for line in MILESTONES:
        assert line in text
    for title in ("Ce qui a changé depuis la période précédente", "Entonnoir des synergies", "Profil de l'artisanat",
                  "Plan de financement : EIT sur le Vendômois", "Annexe : sources et provenance des chiffres"):  # fmt: skip
        assert title in text

    # the same realised values as the Objectifs page for the same scope and quarter
    at = run_page(monkeypatch, demo_db_path, "pages/objectifs.py", {"territoire": VENDOMOIS, "annee": "2026",
                                                                      "trimestre": "3"})  # fmt: skip
    assert not at.exception
    on_page = {metric.label: metric.value for metric in at.metric}
    targeted = [r for r in content.report.results if r.target is not None]
    assert len(targeted) >= 4
    for result in targeted:
        shown = fmt_value(None if result.value is None else result.value.value, result.definition)
        assert on_page[result.definition.label] == shown
        assert plain(f"{result.definition.label} ") in text and plain(shown) in text

    with zipfile.ZipFile(io.BytesIO(files.png_zip)) as bundle:
        names = bundle.namelist()
        assert "objectifs-part-atteinte_ca-territoires-vendomois_2026-T3.png" in names
        assert all(n.endswith("_ca-territoires-vendomois_2026-T3.png") for n in names)
        assert all(bundle.read(n).startswith(b"\x89PNG") for n in names)
    book = openpyxl.load_workbook(io.BytesIO(files.xlsx))
    assert {"indicateurs", "evolutions", "entonnoir", "impacts", "artisanat"} <= set(book.sheetnames)
    sheet = book["indicateurs"]
    assert sheet["A1"].value == "Indicateurs : réalisé, objectif et statut"


@pytest.mark.slow
def test_cli_writes_the_three_files(demo_db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "demo.duckdb"
    shutil.copy2(demo_db_path, copy)
    code = main(["--db", str(copy), "rapport", "--demarche", "piicto", "--annee", "2026", "--trimestre", "3",
                 "--sortie", str(tmp_path / "sortie"), "--figer", "COPIL de décembre"])  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0, out
    written = sorted(p.name for p in (tmp_path / "sortie").iterdir())
    assert written == ["rapport-trimestriel_piicto_2026-T3.pdf", "rapport-trimestriel_piicto_2026-T3_graphiques.zip",
                       "rapport-trimestriel_piicto_2026-T3_tableaux.xlsx"]  # fmt: skip
    assert "Chiffres figés sous le nom « COPIL de décembre » (n° 1)" in out
    assert main(["--db", str(copy), "rapport", "--territoire", "epci:200072072", "--annee", "2026",
                 "--instantane", "99", "--sortie", str(tmp_path)]) == 1  # fmt: skip
    assert "Aucun jeu de chiffres figés n° 99" in capsys.readouterr().out
    assert main(["--db", str(copy), "rapport", "--demarche", "piicto", "--annee", "2026", "--instantane", "1",
                 "--sortie", str(tmp_path / "fige")]) == 0  # fmt: skip
    assert len(list((tmp_path / "fige").iterdir())) == 3
