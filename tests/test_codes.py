"""The code lists of dashboard/codes.py (and the few domain enums kept beside their module) are those of schema.sql's
CHECK constraints, read from the schema itself."""

from __future__ import annotations

import enum
import inspect
import re

from dashboard import codes
from dashboard.auth.audit import AuditAction
from dashboard.auth.roles import Role
from dashboard.auth.roles import ScopeType as GrantScope
from dashboard.codes import ARTISAN_FAMILIES
from dashboard.db import SCHEMA_SQL
from dashboard.indicators.values import ProgressStatus

# CHECK lists that are a part of an enum, or have no enum: each says why.
SUBSETS: dict[tuple[str, str], frozenset[str]] = {
    # artisan statistics and establishments: the four artisan families, never a non-artisan company
    ("establishment", "sector_family"): frozenset(f.value for f in ARTISAN_FAMILIES),
    ("artisan_stat", "sector_family"): frozenset(f.value for f in ARTISAN_FAMILIES),
}
NO_ENUM = {("unit", "dimension")}  # unit dimensions live in the units reference table (data/reference), not in code
# Enums that live with their domain module rather than in codes.py, each the code list of one CHECK.
DOMAIN_ENUMS: tuple[type[enum.Enum], ...] = (ProgressStatus, Role, GrantScope, AuditAction)


def _check_lists() -> dict[tuple[str, str], frozenset[str]]:
    lists: dict[tuple[str, str], frozenset[str]] = {}
    for table, body in re.findall(r"CREATE TABLE IF NOT EXISTS (\w+) \((.*?)\n\);", SCHEMA_SQL, re.S):
        body = re.sub(r"--[^\n]*", "", body)
        for column, values in re.findall(r"(\w+)\s+IN\s*\(\s*('[^()]*)\)", body, re.S):
            lists[(table, column)] = frozenset(re.findall(r"'([^']*)'", values))
    return lists


def _enums() -> dict[str, frozenset[str]]:
    found = {
        name: frozenset(member.value for member in cls)
        for name, cls in inspect.getmembers(codes, inspect.isclass)
        if issubclass(cls, enum.Enum) and cls.__module__ == codes.__name__
    }
    return found | {f"{cls.__module__}.{cls.__name__}": frozenset(m.value for m in cls) for cls in DOMAIN_ENUMS}


def test_every_check_list_is_a_code_enum() -> None:
    enums = _enums()
    lists = _check_lists()
    assert len(lists) > 25  # the parser found the schema's lists
    for where, values in lists.items():
        if where in NO_ENUM:
            continue
        if where in SUBSETS:
            assert values == SUBSETS[where], where
            continue
        assert values in enums.values(), f"{where}: {sorted(values)} is no enum of dashboard/codes.py"


def test_every_code_enum_is_a_check_list() -> None:
    lists = set(_check_lists().values())
    for name, values in _enums().items():
        assert values in lists, f"{name} mirrors no CHECK list of schema.sql"
