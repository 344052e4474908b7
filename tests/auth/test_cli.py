"""`python -m dashboard utilisateur ajouter | liste`: the password is read from standard input, stored hashed."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from dashboard.__main__ import main
from dashboard.db import Database

PASSWORD = "Minervois-Caroux-34!"


@pytest.fixture
def db_path(world_db_file: Path) -> Path:
    return world_db_file


def _run(monkeypatch: pytest.MonkeyPatch, args: list[str], stdin: str = "") -> int:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    return main(args)


def test_add_then_list(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    code = _run(
        monkeypatch,
        ["--db", str(db_path), "utilisateur", "ajouter", "paul.durand", "--nom", "Paul Durand",
         "--role", "charge@epci:200066348", "--role", "copil"],
        f"{PASSWORD}\n{PASSWORD}\n",
    )  # fmt: skip
    out = capsys.readouterr()
    assert code == 0, out.err
    assert out.out.strip() == (
        "Utilisateur « paul.durand » créé : Chargé de mission : CC du Minervois au Caroux ; Lecteur COPIL : tous les territoires."
    )
    assert PASSWORD not in out.out + out.err
    db = Database(db_path)
    stored = db.query_value("SELECT password_hash FROM app_user WHERE login = 'paul.durand'")
    db.close()
    assert stored.startswith("$argon2id$")
    assert _run(monkeypatch, ["--db", str(db_path), "utilisateur", "liste"]) == 0
    assert "paul.durand · Paul Durand · Chargé de mission : CC du Minervois au Caroux" in capsys.readouterr().out


def test_refusals(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], db_path: Path) -> None:
    base = ["--db", str(db_path), "utilisateur", "ajouter", "paul", "--nom", "Paul", "--role"]
    assert _run(monkeypatch, [*base, "charge@epci:200066348"], f"{PASSWORD}\nautre\n") == 1
    assert "Les deux mots de passe diffèrent" in capsys.readouterr().err
    assert _run(monkeypatch, [*base, "charge@epci:999"], "court\ncourt\n") == 1
    err = capsys.readouterr().err
    assert "au moins 12 caractères" in err and "Territoire inconnu : epci:999" in err
    with pytest.raises(SystemExit) as usage:
        _run(monkeypatch, [*base, "chef@*"])
    assert usage.value.code == 2
    assert "Rôle « chef@* » refusé" in capsys.readouterr().err
