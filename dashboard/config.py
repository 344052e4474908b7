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
