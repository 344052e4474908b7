"""Paths and settings, overridable by environment variables so tests and CI can point elsewhere."""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
TEMPLATES_DIR = DATA_DIR / "templates"

# The demo database lives in data/ but is built, never committed (it is reproducible from code + packages).
DEFAULT_DB_PATH = DATA_DIR / "observatoire.duckdb"
DB_PATH_ENV = "OBSERVATOIRE_DB"


def database_path() -> Path:
    """The database the app and the CLI use: $OBSERVATOIRE_DB, else data/observatoire.duckdb."""
    return Path(os.environ.get(DB_PATH_ENV, DEFAULT_DB_PATH))


# Backups (dashboard.backup): the folder, and the dashboard's scheduled copies (off unless the interval is set).
BACKUP_DIR_ENV = "OBSERVATOIRE_SAUVEGARDES"
BACKUP_HOURS_ENV = "OBSERVATOIRE_SAUVEGARDE_HEURES"
BACKUP_KEEP_ENV = "OBSERVATOIRE_SAUVEGARDE_GARDER"
DEFAULT_BACKUP_KEEP = 14


def backup_directory(db_path: Path | None = None) -> Path:
    """Where backups go: $OBSERVATOIRE_SAUVEGARDES, else a `sauvegardes` folder beside the database file (for the
    shared PostgreSQL store, data/sauvegardes)."""
    configured = os.environ.get(BACKUP_DIR_ENV)
    if configured:
        return Path(configured)
    location = str(db_path or database_path())
    if location.startswith(("postgresql:", "postgres:")):  # the shared store has no folder: data/sauvegardes
        return DATA_DIR / "sauvegardes"
    return Path(location).parent / "sauvegardes"


def backup_keep() -> int:
    """How many backups the retention keeps: $OBSERVATOIRE_SAUVEGARDE_GARDER (at least 1), else 14."""
    return max(int(os.environ.get(BACKUP_KEEP_ENV, DEFAULT_BACKUP_KEEP)), 1)


def backup_interval_hours() -> float | None:
    """Hours between the dashboard's scheduled backups ($OBSERVATOIRE_SAUVEGARDE_HEURES), None when off."""
    configured = os.environ.get(BACKUP_HOURS_ENV, "").strip()
    hours = float(configured.replace(",", ".")) if configured else 0.0
    return hours if hours > 0 else None
