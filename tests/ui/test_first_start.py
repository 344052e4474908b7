"""First start: a missing database is built with visible progress; an existing empty one is never rebuilt."""

from __future__ import annotations

import sys
import types
from collections.abc import Callable
from pathlib import Path

import pytest

from dashboard.db import Database, set_meta
from tests.pages import run_page
from tests.world.build import insert_world

Progress = Callable[[float, str], None]


def _fake_builder(monkeypatch: pytest.MonkeyPatch, calls: list[tuple[float, str]], *, fail: bool = False) -> None:
    """Stand-in for dashboard.demo.build: records progress calls, writes the small dataset."""

    def build_demo_database(path: Path, progress: Progress | None = None) -> None:
        assert progress is not None
        progress(0.1, "Communes…")
        if fail:
            raise RuntimeError("source manquante")
        db = Database(path)
        with db.transaction() as cur:
            insert_world(cur)
            set_meta(cur, "dataset", "demo")
        db.close()
        progress(0.9, "Synergies…")

    def record(path: Path, progress: Progress | None = None) -> None:
        def spy(fraction: float, message: str) -> None:
            calls.append((fraction, message))
            assert progress is not None
            progress(fraction, message)

        build_demo_database(path, spy)

    module = types.ModuleType("dashboard.demo.build")
    module.build_demo_database = record  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "dashboard.demo.build", module)


def test_a_missing_database_is_built_then_the_home_page_shows(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    calls: list[tuple[float, str]] = []
    _fake_builder(monkeypatch, calls)
    path = tmp_path / "sub" / "new.duckdb"
    at = run_page(monkeypatch, path, copy=False)
    assert not at.exception
    assert calls == [(0.1, "Communes…"), (0.9, "Synergies…")]
    assert path.exists()
    assert at.title[0].value == "Accueil"  # after the build the app reran into the home page
    assert any(m.label == "Entreprises mobilisées" for m in at.metric)


def test_a_failed_build_is_explained(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _fake_builder(monkeypatch, [], fail=True)
    path = tmp_path / "broken.duckdb"
    at = run_page(monkeypatch, path, copy=False)
    assert not at.exception
    assert "La construction de la base de démonstration a échoué : source manquante" in at.error[0].value
    assert not path.exists()


def test_an_existing_empty_database_is_not_rebuilt(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    calls: list[tuple[float, str]] = []
    _fake_builder(monkeypatch, calls)
    at = run_page(monkeypatch, empty_db_path)
    assert not at.exception
    assert calls == []
    assert "aucune donnée" in at.info[0].value
