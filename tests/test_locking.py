"""The real database file's lock: every command that writes or replaces the database is refused while another
process (a dashboard) holds it, with a French message; nothing is written. Tested with a real second process."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from dashboard.__main__ import EXIT_LOCKED, main
from dashboard.config import PROJECT_ROOT
from dashboard.db import Database
from dashboard.demo.build import build_demo_database
from dashboard.locking import DatabaseFileHeldError, database_holder, hold_database_file
from tests.world.files import IMPORT_FIXTURES as FIXTURES
from tests.world.processes import database_held_elsewhere

REGISTER = PROJECT_ROOT / "tests" / "fixtures" / "register" / "etablissements_petit.csv"


def file_state(path: Path) -> tuple[str, bool]:
    """The bytes of the database file and whether a write-ahead log exists beside it."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.with_name(path.name + ".wal").exists()


@pytest.fixture
def db_path(editing_db_path: Path, tmp_path: Path) -> Path:
    """A copy of the test geography and reference tables (tests/world/files.py `new_database`, built once)."""
    path = tmp_path / "tenue.duckdb"
    shutil.copyfile(editing_db_path, path)
    return path


def test_the_holder_is_found_on_the_real_file(db_path: Path):
    assert database_holder(db_path) is None
    with hold_database_file(db_path):  # free: taken and released
        pass
    with database_held_elsewhere(db_path) as holder:
        assert database_holder(db_path) == holder.pid
        with pytest.raises(DatabaseFileHeldError) as refused, hold_database_file(db_path):
            pytest.fail("the block must not run while another process holds the file")
        assert refused.value.pid == holder.pid
    assert database_holder(db_path) is None


def test_demo_build_never_replaces_a_held_database(db_path: Path):
    before = file_state(db_path)
    with database_held_elsewhere(db_path):
        with pytest.raises(DatabaseFileHeldError):
            build_demo_database(db_path)
        assert file_state(db_path) == before
    assert not list(db_path.parent.glob("*.tmp-build*"))  # no half-built file left behind


@pytest.mark.parametrize(
    "command",
    [
        ["build-demo", "--force"],
        ["import", "companies", str(FIXTURES / "companies_valid.csv")],
        ["import-files", str(FIXTURES / "companies_valid.csv")],
        ["import-register", str(REGISTER)],
        ["restaurer", "--force", str(FIXTURES)],
    ],
    ids=lambda command: command[0],
)
def test_every_writer_is_refused_while_a_dashboard_holds_the_database(
    db_path: Path, command: list[str], capsys: pytest.CaptureFixture[str]
):
    before = file_state(db_path)
    with database_held_elsewhere(db_path) as holder:
        assert main(["--db", str(db_path), *command]) == EXIT_LOCKED
        err = capsys.readouterr().err
        assert f"est ouverte par un autre programme (processus {holder.pid}), sans doute le tableau de bord" in err
        assert "Rien n'a été écrit ni remplacé" in err
        assert file_state(db_path) == before
    db = Database(db_path)  # the holder gone, the file is whole and unchanged
    assert db.query_value("SELECT count(*) FROM company") == 0
    db.close()


@pytest.mark.parametrize(
    "command",
    [["info"], ["export", "companies", "sortie.csv"], ["sauvegarder"]],
    ids=lambda command: command[0],
)
def test_read_only_commands_explain_the_lock(
    db_path: Path, tmp_path: Path, command: list[str], capsys: pytest.CaptureFixture[str], monkeypatch
):
    monkeypatch.chdir(tmp_path)
    with database_held_elsewhere(db_path):
        assert main(["--db", str(db_path), *command]) == EXIT_LOCKED
    err = capsys.readouterr().err
    assert "aucun autre programme ne peut ouvrir ce fichier, même en lecture" in err
    assert "page « Import et export » du tableau de bord" in err
    assert not (tmp_path / "sortie.csv").exists()


def test_read_only_commands_run_beside_another_reader(db_path: Path, capsys: pytest.CaptureFixture[str]):
    """Commands that only read open the file read-only: two of them can run at once."""
    reader = Database(db_path, read_only=True)
    try:
        assert main(["--db", str(db_path), "info"]) == 0
    finally:
        reader.close()
    assert "Lignes par table" in capsys.readouterr().out
