"""Import (CSV/XLSX templates, validation reporting every problem, all-or-nothing load) and export.

from dashboard.imports import import_file, import_workbook, export_entity

result = import_file(db, "companies", Path("entreprises.csv"))
if not result.ok:
    for problem in result.problems:  # Problem(file, row, column, message), message in French
        print(describe(problem))
"""

from dashboard.imports.export import export_bytes, export_entity, export_workbook
from dashboard.imports.loader import ImportResult, import_file, import_files, import_path, import_workbook
from dashboard.imports.reader import Problem, describe
from dashboard.imports.templates import LOAD_ORDER, TEMPLATES, TEMPLATES_BY_ENTITY, Column, Template

__all__ = [
    "LOAD_ORDER",
    "TEMPLATES",
    "TEMPLATES_BY_ENTITY",
    "Column",
    "ImportResult",
    "Problem",
    "Template",
    "describe",
    "export_bytes",
    "export_entity",
    "export_workbook",
    "import_file",
    "import_files",
    "import_path",
    "import_workbook",
]
