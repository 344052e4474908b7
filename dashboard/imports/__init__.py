"""Import (CSV/XLSX templates, validation reporting every problem, all-or-nothing load) and export."""

from dashboard.imports.export import export_entity
from dashboard.imports.loader import ImportResult, import_path
from dashboard.imports.reader import Problem
from dashboard.imports.templates import TEMPLATES, TEMPLATES_BY_ENTITY

__all__ = ["TEMPLATES", "TEMPLATES_BY_ENTITY", "ImportResult", "Problem", "export_entity", "import_path"]
