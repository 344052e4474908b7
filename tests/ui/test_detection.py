"""The detection page's proposals table: what the screen lists and what the download holds."""

from __future__ import annotations

import csv
import io

import pandas as pd

from dashboard.artisanat.tables import table_bytes
from dashboard.imports.export import ExportSource
from dashboard.ui.detection import LISTED, proposals_frame

NAMES = {"c1": "Négoce 001", "c2": "Plomberie 002", "c3": "Menuiserie 003"}


def proposals(count: int) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "score": [0.9 - i / 10_000 for i in range(count)],
            "title": [f"Piste {i}" for i in range(count)],
            "company_ids": [("c1", "c2") if i % 2 else ("c1", "c2", "c3") for i in range(count)],
            "synergy_type": ["substitution" if i % 2 else "mutualisation" for i in range(count)],
            "distance_km": [1.25 + i for i in range(count)],
            "explanation": [f"Explication {i}" for i in range(count)],
        }
    )


def test_the_frame_names_companies_in_french_columns() -> None:
    frame = proposals_frame(proposals(2), NAMES)
    assert list(frame.columns) == ["Score", "Piste", "Entreprises", "Distance", "Explication"]
    assert frame["Entreprises"].tolist() == ["Négoce 001, Plomberie 002, Menuiserie 003", "Négoce 001 → Plomberie 002"]
    assert frame["Score"].iloc[0].replace("\u202f", " ").replace("\u00a0", " ") == "90 %"


def test_the_download_holds_every_proposal_beyond_the_listed_ones() -> None:
    shown = proposals(LISTED + 37)
    data = table_bytes(proposals_frame(shown, NAMES), "csv", "pistes-de-synergies", ExportSource(territory="Vendômois"))
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][0].startswith("Source : Observatoire territorial EIT") and "Vendômois" in rows[0][0]
    assert rows[1] == ["Score", "Piste", "Entreprises", "Distance", "Explication"]
    assert len(rows) - 2 == LISTED + 37
    assert rows[-1][1] == f"Piste {LISTED + 36}"
