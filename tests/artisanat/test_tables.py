"""Artisan tables as files: a label that looks like a formula stays text in CSV and XLSX."""

from __future__ import annotations

import io

import openpyxl
import pandas as pd

from dashboard.artisanat.tables import table_bytes


def test_table_files_hold_no_formula():
    frame = pd.DataFrame({"Commune": ['=HYPERLINK("http://x.invalid")', "Vendôme"], "Établissements": [12.0, -3.0]})
    csv_text = table_bytes(frame, "csv", "communes").decode("utf-8-sig")
    assert csv_text.splitlines()[1:] == ['"\'=HYPERLINK(""http://x.invalid"")";12', "Vendôme;-3"]
    sheet = openpyxl.load_workbook(io.BytesIO(table_bytes(frame, "xlsx", "communes"))).active
    assert sheet["A2"].data_type == "s" and sheet["A2"].value.startswith("=HYPERLINK")
    assert sheet["B3"].value == -3  # numbers stay numbers
