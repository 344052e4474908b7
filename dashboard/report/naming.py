"""French file names that say what, where and when: `synergies-entonnoir_ca-territoires-vendomois_2026-T3.png`."""

from __future__ import annotations

import re
import unicodedata

from dashboard.eit.programmes import short_name
from dashboard.scope import WHOLE_YEAR, Period

# Long official prefixes shortened the way people write them (file names stay readable).
PREFIXES: tuple[tuple[str, str], ...] = (
    ("Communauté d'agglomération", "CA"),
    ("Communauté de communes", "CC"),
    ("Communauté urbaine", "CU"),
)
MAX_PART = 48  # characters kept of each part of a name


def slug(text: str) -> str:
    """'Territoires Vendômois' -> 'territoires-vendomois' (ASCII, lower case, hyphens)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:MAX_PART].strip("-")


def scope_slug(name: str) -> str:
    for long, short in PREFIXES:
        if name.startswith(long):
            name = short + name[len(long) :]
    return slug(short_name(name))


def period_slug(period: Period | None) -> str:
    if period is None:
        return ""
    return str(period.year) if period.quarter == WHOLE_YEAR else f"{period.year}-T{period.quarter}"


def file_stem(what: str, scope_name: str, period: Period | None) -> str:
    """'<what>_<territory or programme>_<period>', each part a slug."""
    return "_".join(part for part in (slug(what), scope_slug(scope_name), period_slug(period)) if part)
