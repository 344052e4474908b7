"""The command line: import (accepted / refused with every problem), export, info."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.db import Database
from dashboard.reference_data import load_reference_data
from tests.factories import insert_test_territories

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "imports"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    path = tmp_path / "cli.duckdb"
    db = Database(path)
    with db.transaction() as cursor:
        insert_test_territories(cursor)
        load_reference_data(cursor)
    db.close()
    return path


def test_import_export_info(db_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]):
    assert main(["--db", str(db_path), "import", "companies", str(FIXTURES / "companies_valid.csv")]) == 0
    assert "companies : 2 ligne(s) importée(s)." in capsys.readouterr().out
    out_file = tmp_path / "export.csv"
    assert main(["--db", str(db_path), "export", "companies", str(out_file)]) == 0
    assert out_file.read_text(encoding="utf-8-sig").splitlines()[1].startswith("E-0001;Menuiserie du Loir;")
    assert main(["--db", str(db_path), "info"]) == 0
    info = capsys.readouterr().out
    assert "company" in info and "territoires de niveau commune : 4" in info


def test_refused_import_prints_every_problem_and_fails(db_path: Path, capsys: pytest.CaptureFixture[str]):
    code = main(["--db", str(db_path), "import", "companies", str(FIXTURES / "companies_wrong_type.csv")])
    err = capsys.readouterr().err
    assert code == 2
    assert "Import refusé, rien n'a été enregistré. 2 problème(s) à corriger" in err
    assert "companies_wrong_type.csv, ligne 3, colonne « effectif »" in err


def test_locked_database_is_explained(db_path: Path, capsys: pytest.CaptureFixture[str]):
    import subprocess
    import sys

    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            f"import duckdb, time; c = duckdb.connect({str(db_path)!r}); print('ok', flush=True); time.sleep(30)",
        ],
        stdout=subprocess.PIPE,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == b"ok"
        with pytest.raises(SystemExit) as exit_info:
            main(["--db", str(db_path), "info"])
        assert exit_info.value.code == 3
        assert "ouverte par un autre programme" in capsys.readouterr().err
    finally:
        holder.kill()
