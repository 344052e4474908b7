"""Tables of the artisan observatory for the screen and for export (CSV, XLSX), with statistical secrecy.

A hidden cell is SECRET_MARK ("s") in every output, as in published French business statistics: the true value
is never written, not even in a hidden column or a number format. Headers are French. In exports, ratios are
percentages (header "… (%)") rounded to RATIO_DECIMALS, densities to DENSITY_DECIMALS, counts are integers; XLSX
keeps them as numbers so that the sheet can be computed on, CSV writes them the French way (12,5) with ';'.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from dashboard.artisanat.formatting import DENSITY_DECIMALS, RATIO_DECIMALS, measure_label, shown_text
from dashboard.artisanat.secrecy import SECRET_MARK
from dashboard.artisanat.statistics import RATIOS, Indicator, Masked
from dashboard.i18n import fmt_int
from dashboard.imports.export import ExportSource, FileFormat, to_bytes

PERCENT = ("relative_1y", *RATIOS)  # exported as percentages


def export_header(measure: str) -> str:
    return measure_label(measure) + (" (%)" if measure in PERCENT else "")


def screen_table(masked: Masked, measures: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
    """Text cells for st.dataframe: the label columns (column -> French header), then each measure formatted."""
    values, mask = masked.values, masked.mask
    out = pd.DataFrame(
        {
            # numbers among the labels (population) in French too: "16 569"
            header: values[column].map(fmt_int).to_numpy()
            if pd.api.types.is_numeric_dtype(values[column])
            else values[column].astype(object).to_numpy()
            for column, header in labels.items()
        }
    )
    for measure in measures:
        out[measure_label(measure)] = [
            shown_text(measure, None if pd.isna(v) else float(v), bool(h))
            for v, h in zip(values[measure], mask[measure], strict=True)
        ]
    return out


def _export_value(measure: str, value: float) -> float | int | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if measure in PERCENT:
        return round(float(value) * 100, RATIO_DECIMALS)
    if measure == Indicator.DENSITY:
        return round(float(value), DENSITY_DECIMALS)
    return round(float(value))


def export_table(masked: Masked, measures: Sequence[str], labels: Mapping[str, str]) -> pd.DataFrame:
    """Typed cells for a file: numbers, SECRET_MARK where hidden, empty where there is no value."""
    values, mask = masked.values, masked.mask
    out = pd.DataFrame({header: values[column].astype(object).to_numpy() for column, header in labels.items()})
    for measure in measures:
        out[export_header(measure)] = pd.Series(
            [
                SECRET_MARK if h else _export_value(measure, v)
                for v, h in zip(values[measure], mask[measure], strict=True)
            ],
            dtype=object,
        )
    return out


def _csv_cell(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, float):
        return (str(value) if value != int(value) else str(int(value))).replace(".", ",")
    return "" if value is None else value


def table_bytes(frame: pd.DataFrame, file_format: FileFormat, sheet: str, source: ExportSource | None = None) -> bytes:
    """The table as CSV (French decimals, ';', UTF-8 with BOM) or as a one-sheet XLSX workbook, with `source`
    (territory, period, data date) inside when given."""
    if file_format == "csv":
        return to_bytes({sheet: frame.map(_csv_cell)}, "csv", source)
    return to_bytes({sheet[:31]: frame}, "xlsx", source)  # Excel limits sheet names to 31 characters
