"""The command line: import (accepted / refused with every problem), export, info, templates, build-demo, French
help and errors, exit codes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pytest

from dashboard.__main__ import EXIT_LOCKED, EXIT_REFUSED, EXIT_USAGE, main
from dashboard.config import PROJECT_ROOT
from dashboard.db import Database
from tests.world.files import IMPORT_FIXTURES as FIXTURES
from tests.world.files import file_hash
from tests.world.postgres import server_install_importable
from tests.world.processes import database_held_elsewhere


@pytest.fixture
def db_path(editing_db_path: Path, tmp_path: Path) -> Path:
    """A copy of the test geography and reference tables (tests/world/files.py `new_database`, built once)."""
    path = tmp_path / "cli.duckdb"
    shutil.copyfile(editing_db_path, path)
    return path


def test_import_export_info(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--db", str(db_path), "import", "companies", str(FIXTURES / "companies_valid.csv")]) == 0
    assert "companies : 2 lignes importées." in capsys.readouterr().out
    out_file = tmp_path / "export.csv"
    # --db is accepted after the command too
    assert main(["export", "companies", str(out_file), "--db", str(db_path)]) == 0
    assert "companies : 2 lignes exportées" in capsys.readouterr().out
    lines = out_file.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("Source : Observatoire territorial EIT — données au ")
    assert lines[1].startswith("Identifiant;Nom;SIRET;Code NAF;Famille;Effectif;")
    assert lines[3] == "E-0003;Garage du Centre;;45.20A;Services;1 à 9 salariés;34284;2,7612;43,4871;ZA Sud"
    assert main(["info", "--db", str(db_path)]) == 0
    info = capsys.readouterr().out
    assert "Jeu de données : données de l'utilisateur" in info
    assert "Données au " in info
    assert "Commune" in info and "Entreprises" in info
    counts = {line.split("(")[-1].rstrip(")"): line for line in info.splitlines() if line.endswith(")")}
    assert counts["company"].split()[-2] == "2"


def test_refused_import_prints_every_problem_and_writes_nothing(db_path: Path, capsys: pytest.CaptureFixture[str]):
    before = file_hash(db_path)
    code = main(["--db", str(db_path), "import", "companies", str(FIXTURES / "companies_wrong_type.csv")])
    err = capsys.readouterr().err
    assert code == EXIT_REFUSED
    assert "Import refusé, rien n'a été enregistré. 2 problèmes à corriger" in err
    assert "companies_wrong_type.csv, ligne 3, colonne « effectif » : « dix »" in err
    assert "companies_wrong_type.csv, ligne 3, colonne « longitude » : « est »" in err
    assert file_hash(db_path) == before


def test_workbook_import_and_export(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    workbook = tmp_path / "classeur.xlsx"
    with pd.ExcelWriter(workbook) as writer:
        pd.read_csv(FIXTURES / "companies_valid.csv", sep=";", dtype=str).to_excel(
            writer, sheet_name="companies", index=False
        )
    assert main(["--db", str(db_path), "import-workbook", str(workbook)]) == 0
    exported = tmp_path / "sortie.xlsx"
    assert main(["--db", str(db_path), "export-workbook", str(exported), "--entities", "companies", "flows"]) == 0
    sheets = pd.read_excel(exported, sheet_name=None, dtype=str)
    assert list(sheets) == ["Entreprises", "Flux", "À propos"]
    assert sheets["Entreprises"]["Identifiant"].tolist() == ["E-0002", "E-0003"]
    assert sheets["Flux"].empty


def test_export_limited_to_a_territory_and_a_year(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--db", str(db_path), "import", "companies", str(FIXTURES / "companies_valid.csv")]) == 0
    out_file = tmp_path / "entreprises.csv"
    command = ["--db", str(db_path), "export", "companies", str(out_file), "--territoire", "commune:34284"]
    assert main([*command, "--annee", "2025"]) == 0
    lines = out_file.read_text(encoding="utf-8-sig").splitlines()
    assert "territoire : Saint-Pons-de-Thomières — période : " in lines[0] and "2025" in lines[0]
    assert lines[1].startswith("Identifiant;Nom;SIRET")
    assert [line.split(";")[0] for line in lines[2:]] == ["E-0003"]  # the company of that commune only
    capsys.readouterr()
    assert (
        main(["--db", str(db_path), "export", "companies", str(out_file), "--territoire", "epci:999"]) == EXIT_REFUSED
    )
    assert "territoire « epci:999 » inconnu" in capsys.readouterr().err


def test_import_files_takes_entities_from_file_names(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    companies = tmp_path / "companies.csv"
    companies.write_bytes((FIXTURES / "companies_valid.csv").read_bytes())
    organisations = tmp_path / "organisations.csv"
    organisations.write_text("identifiant;nom;type\ncma41;CMA Centre-Val de Loire;cma\n", encoding="utf-8")
    assert main(["--db", str(db_path), "import-files", str(companies), str(organisations)]) == 0
    out = capsys.readouterr().out
    assert "organisations : 1 ligne importée." in out and "companies : 2 lignes importées." in out


def test_missing_database_and_wrong_export_format_are_explained(
    db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    missing = tmp_path / "absente.duckdb"
    assert main(["--db", str(missing), "import", "companies", str(FIXTURES / "companies_valid.csv")]) == EXIT_REFUSED
    assert f"Aucune base à l'emplacement {missing}" in capsys.readouterr().err
    assert not missing.exists()  # a typo in --db does not create a database
    assert main(["--db", str(db_path), "export", "companies", str(tmp_path / "x.ods")]) == EXIT_REFUSED
    assert "choisissez un nom en .csv ou .xlsx" in capsys.readouterr().err


def test_wrong_command_line_gets_a_french_error(capsys: pytest.CaptureFixture[str]):
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "entreprises", "x.csv"])
    assert exit_info.value.code == EXIT_USAGE
    err = capsys.readouterr().err
    assert "utilisation : python -m dashboard import" in err
    assert "erreur : TYPE : valeur 'entreprises' inconnue (valeurs possibles : 'artisan_stats'" in err


def test_templates_command_writes_every_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["templates", "--directory", str(tmp_path)]) == 0
    assert (tmp_path / "companies.csv").exists() and (tmp_path / "modeles.xlsx").exists()
    assert f"fichiers de modèles écrits dans {tmp_path}" in capsys.readouterr().out


@dataclass
class FakeReport:
    row_counts: dict[str, int]


def test_build_demo_prints_progress_and_refuses_to_overwrite(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
):
    built: list[Path] = []

    def fake_build(path: Path, progress=None) -> FakeReport:
        built.append(path)
        progress(0.5, "Écriture de la géographie…")
        return FakeReport({"company": 431})

    monkeypatch.setattr("dashboard.demo.build.build_demo_database", fake_build)
    target = tmp_path / "demo.duckdb"
    assert main(["build-demo", "--db", str(target)]) == 0
    out = capsys.readouterr().out
    assert "[ 50%] Écriture de la géographie…" in out
    assert f"Base de démonstration créée : {target} (431 entreprises fictives)." in out
    target.write_bytes(b"")
    assert main(["build-demo", "--db", str(target)]) == EXIT_REFUSED
    assert "ajoutez --force" in capsys.readouterr().err
    assert main(["build-demo", "--db", str(target), "--force"]) == 0
    assert built == [target, target]


def test_locked_database_is_explained(db_path: Path, capsys: pytest.CaptureFixture[str]):
    with database_held_elsewhere(db_path):
        assert main(["--db", str(db_path), "info"]) == EXIT_LOCKED
        assert "ouverte par un autre programme (processus " in capsys.readouterr().err


def test_module_runs_as_a_program(db_path: Path):
    """`python -m dashboard` in its own process: French help, and a refused import exits with a failure."""
    run = [sys.executable, "-m", "dashboard"]
    shown = subprocess.run([*run, "--help"], capture_output=True, text=True, cwd=PROJECT_ROOT, check=True)
    assert shown.stdout.startswith("utilisation : python -m dashboard")
    assert "afficher cette aide et quitter" in shown.stdout
    refused = subprocess.run(
        [*run, "--db", str(db_path), "import", "flows", str(FIXTURES / "flows_unknown_category.csv")],
        capture_output=True,
        text=True,
        cwd=PROJECT_ROOT,
    )
    assert refused.returncode == EXIT_REFUSED
    assert "la catégorie de flux « cartons_ondules » n'existe pas" in refused.stderr
    db = Database(db_path)
    assert db.query_value("SELECT count(*) FROM flow") == 0
    db.close()


def test_import_register_builds_the_statistics(db_path: Path, capsys: pytest.CaptureFixture[str]):
    extract = PROJECT_ROOT / "tests" / "fixtures" / "register" / "etablissements_petit.csv"
    assert main(["--db", str(db_path), "import-register", str(extract)]) == 0
    assert "14 établissements artisanaux agrégés" in capsys.readouterr().out
    db = Database(db_path)
    try:
        assert db.query_value("SELECT count(*) FROM establishment") == 14
    finally:
        db.close()
    # the same extract again: refused (nothing replaced) unless --remplacer
    assert main(["--db", str(db_path), "import-register", str(extract)]) == EXIT_REFUSED
    assert "déjà dans la base" in capsys.readouterr().err
    assert main(["--db", str(db_path), "import-register", str(extract), "--remplacer"]) == 0
    assert main(["--db", str(db_path), "import-register", "absent.csv"]) == EXIT_REFUSED
    assert "n'existe pas" in capsys.readouterr().err


def test_a_shared_store_without_the_server_install_is_refused_in_french(capsys: pytest.CaptureFixture[str]):
    if server_install_importable():
        pytest.skip("the server install is present: the store would be reached, not refused")
    assert main(["--db", "postgresql://observatoire@/observatoire?host=/nonexistent", "info"]) == EXIT_REFUSED
    err = capsys.readouterr().err
    assert "pip install -r requirements-server.txt" in err
    assert "Traceback" not in err
