"""Plain-French explanations and titles of proposals, through dashboard.i18n.

Explanations are built column-wise: each distinct value (quantity, distance, name…) is formatted once
(Babel is the slow part), then the message template of dashboard.i18n is filled in by concatenating columns.
That keeps a national run (millions of proposals) within seconds.
"""

from __future__ import annotations

import functools
import math
import string
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.codes import Direction
from dashboard.i18n import MESSAGES, fmt_number, fmt_percent, label, t

from .proposals import HUB_SHARE
from .quantities import DisplayUnits

# Matches at or above this quantity ratio are called "compatible"; below, the text says which side is short.
COMPATIBLE_RATIO = 0.5
# Quantities are shown to three significant figures: yearly totals are estimates (a daily flow times 250
# days), and fewer distinct values keep the formatting of millions of explanations fast.
QUANTITY_SIGNIFICANT_DIGITS = 3
# Decimals shown at most for very small quantities (0,001 t = 1 kg).
MAX_QUANTITY_DECIMALS = 6
# Formatted numbers remembered across calls: Babel takes about 0.1 ms per number, and rounded quantities,
# distances and ratios repeat a lot.
FORMAT_CACHE_SIZE = 1 << 16
# Member names listed in a mutualisation explanation; the rest are counted ("et 12 autres").
MAX_NAMES_LISTED = 8
# Initial letters taking the elided « d’ » (« d’Atelier Martin »); « h » is left out: aspirated or not,
# a company name cannot tell.
_ELIDING_INITIALS = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouyàâäéèêëîïôöùûüÿ")


def of_name(name: str) -> str:
    """« de Garage Martin », « d’Atelier Dupont »."""
    key = "detection.of_name_elided" if name[:1] in _ELIDING_INITIALS else "detection.of_name"
    return t(key, name=name)


def round_significant(values: np.ndarray, digits: int = QUANTITY_SIGNIFICANT_DIGITS) -> np.ndarray:
    """Round to `digits` significant figures (vectorised; zeros and NaN pass through)."""
    values = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        exponent = np.floor(np.log10(np.abs(values)))
    scale = np.where(np.isfinite(exponent), 10.0 ** (digits - 1 - np.nan_to_num(exponent, posinf=0, neginf=0)), 1.0)
    return np.round(values * scale) / scale


def fmt_quantity_value(value: float) -> str:
    """A quantity rounded to three significant figures, without trailing zeros: 12 ; 2,5 ; 0,35 ; 12 300."""
    return _fmt_rounded(float(f"{value:.{QUANTITY_SIGNIFICANT_DIGITS}g}"))  # rounded first: cache hits


@functools.lru_cache(maxsize=FORMAT_CACHE_SIZE)
def _fmt_rounded(rounded: float) -> str:
    decimals = 0
    while decimals < MAX_QUANTITY_DECIMALS and round(rounded, decimals) != rounded:
        decimals += 1
    return fmt_number(rounded, decimals)


@functools.lru_cache(maxsize=FORMAT_CACHE_SIZE)
def fmt_distance(distance_km: float) -> str:
    return t("detection.distance_km", km=fmt_number(distance_km, 1))


@functools.lru_cache(maxsize=FORMAT_CACHE_SIZE)
def fmt_ratio(ratio: float) -> str:
    return fmt_percent(ratio, 1 if ratio < 0.01 else 0)


def quantity_text(base_quantity: float, unit: tuple[str, float] | None, one_off: bool) -> str:
    """« 12 t/an », « 3 t, ponctuel », « quantité non renseignée »; `unit` is (label, to_base)."""
    if unit is None or base_quantity is None or math.isnan(base_quantity):
        return t("detection.quantity.unknown")
    label_, to_base = unit
    key = "detection.quantity.one_off" if one_off else "detection.quantity.yearly"
    return t(key, quantity=fmt_quantity_value(base_quantity / to_base), unit=label_)


@dataclass(frozen=True)
class Encoded:
    """A text column stored as codes into a list of distinct texts (dictionary encoding)."""

    codes: np.ndarray
    texts: list[str]

    def to_arrow(self) -> pa.Array:
        return pa.array(self.texts, type=pa.large_string()).take(pa.array(self.codes))

    def to_series(self, index: pd.Index) -> pd.Series:
        return pd.Series(pd.array(self.to_arrow(), dtype="str"), index=index)


def _value_codes(column: pd.Series | np.ndarray) -> tuple[np.ndarray, int]:
    """Codes 0..n-1 of a column's distinct values (missing values get their own code)."""
    if isinstance(column, pd.Series) and isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(np.int64) + 1, len(column.cat.categories) + 1  # -1 (missing) -> 0
    codes, uniques = pd.factorize(np.asarray(column), use_na_sentinel=False)
    return codes.astype(np.int64), len(uniques)


def format_by_unique(columns: list[pd.Series | np.ndarray], formatter: Callable[..., str]) -> Encoded:
    """`formatter(*values)` of every row of `columns`, computed once per distinct row of values."""
    n = len(columns[0])
    group, n_groups = np.zeros(n, dtype=np.int64), 1
    for column in columns:
        codes, size = _value_codes(column)
        # Mixed radix (distinct rows, distinct keys), re-numbered densely so that it never overflows.
        group, uniques = pd.factorize(group * size + codes)
        n_groups = len(uniques)
    first_row = np.empty(n_groups, dtype=np.int64)
    first_row[group[::-1]] = np.arange(n - 1, -1, -1)  # reversed assignment: the first occurrence wins
    values = [
        np.asarray(column.iloc[first_row] if isinstance(column, pd.Series) else column[first_row], dtype=object)
        for column in columns
    ]
    return Encoded(group, [formatter(*row) for row in zip(*values, strict=True)])


def fill_message(key: str, values: dict[str, pd.Series | Encoded | str], index: pd.Index) -> pd.Series:
    """The message `key` filled in row by row from columns (or constants): the same text as `t(key, **row)`
    for every row, built by one Arrow concatenation (templates with plain {name} fields only, checked)."""
    pieces: list[pa.Array | pa.Scalar] = []
    for literal, field, spec, conversion in string.Formatter().parse(MESSAGES[key]):
        if spec or conversion:
            raise ValueError(f"message {key}: format specs are not supported here")
        if literal:
            pieces.append(pa.scalar(literal, type=pa.large_string()))
        if field is None:
            continue
        value = values[field]
        if isinstance(value, Encoded):
            pieces.append(value.to_arrow())
        elif isinstance(value, pd.Series):
            pieces.append(pa.array(value.astype("str"), type=pa.large_string()))
        else:
            pieces.append(pa.scalar(value, type=pa.large_string()))
    joined = pc.binary_join_element_wise(*pieces, pa.scalar("", type=pa.large_string()))
    return pd.Series(pd.array(joined, dtype="str"), index=index)


def _quantity_columns(
    base_quantity: pd.Series, category: pd.Series, dimension: pd.Series, one_off: pd.Series, units: DisplayUnits
) -> list[np.ndarray]:
    """(shown quantity, unit label, one-off) per row: display unit and rounding applied column-wise."""
    unit_of = format_by_unique([category, dimension], lambda c, d: units.unit_for(c, d) or ("", np.nan))
    labels = np.array([u[0] for u in unit_of.texts], dtype=object)[unit_of.codes]
    to_base = np.array([u[1] for u in unit_of.texts], dtype=float)[unit_of.codes]
    shown = round_significant(base_quantity.to_numpy(float) / to_base)
    return [shown, labels, one_off.to_numpy(bool)]


def _shown_quantity_text(quantity: float, unit_label: str, one_off: bool) -> str:
    return quantity_text(quantity, (unit_label, 1.0) if unit_label else None, one_off)


def _category_reason(match: str, output: str, input_: str, via_output: str, via_input: str) -> str:
    if match == "same":
        return t("detection.category.same")
    if match == "narrower":
        return t("detection.category.narrower", output=output, input=input_)
    return t("detection.category.table", via_output=via_output, via_input=via_input)


def _quantity_reason(
    ratio: float, supply_missing: bool, demand_missing: bool, supply_is_short: bool, comparable: bool = True
) -> str:
    if supply_missing and demand_missing:
        return t("detection.quantity_match.both_unknown")
    if supply_missing:
        return t("detection.quantity_match.supply_unknown")
    if demand_missing:
        return t("detection.quantity_match.demand_unknown")
    if not comparable:
        return t("detection.quantity_match.not_comparable")
    if supply_is_short:
        key = (
            "detection.quantity_match.compatible"
            if ratio >= COMPATIBLE_RATIO
            else "detection.quantity_match.supply_short"
        )
        return t(key, ratio=fmt_ratio(ratio))
    if ratio >= HUB_SHARE:
        return t("detection.quantity_match.covered", ratio=fmt_ratio(ratio))
    return t("detection.quantity_match.demand_short", ratio=fmt_ratio(ratio))


def _outside_note(outside: bool, supplier: str, receiver: str, supplier_outside: bool) -> str:
    if not outside:
        return ""
    return t("detection.outside_note", name=supplier if supplier_outside else receiver)


def conversion_notes(categories: pd.DataFrame, conversions: pd.DataFrame | None) -> dict[str, str]:
    """category_code -> the French note of the standard conversion applied to it (`conversions` already
    extended to descendants by units.descendants_conversions)."""
    if conversions is None or conversions.empty:
        return {}
    return dict(zip(conversions["category_code"], conversions["note"], strict=True))


def explain_substitutions(
    frame: pd.DataFrame, units: DisplayUnits, conversions: dict[str, str] | None = None
) -> tuple[pd.Series, pd.Series]:
    """(explanations, titles) of substitution proposals (columns of `detect_substitutions`); `conversions`
    maps a category to the note of the standard conversion its quantities went through."""
    if frame.empty:
        return pd.Series([], dtype="str"), pd.Series([], dtype="str")
    conversions = conversions or {}
    supply_base = frame["supply_base"].to_numpy(float)
    demand_base = frame["demand_base"].to_numpy(float)
    comparable = (frame["supply_dimension"].astype(object) == frame["demand_dimension"].astype(object)).to_numpy()
    category_reason = format_by_unique(
        [frame[c] for c in ("category_match", "output_label", "input_label", "via_output_label", "via_input_label")],
        _category_reason,
    )
    quantity_reason = format_by_unique(
        [
            frame["quantity_ratio"].round(4).to_numpy(),
            np.isnan(supply_base),
            np.isnan(demand_base),
            supply_base < demand_base,
            comparable,
        ],
        _quantity_reason,
    )
    supply = _quantity_columns(
        frame["supply_base"], frame["output_category"], frame["supply_dimension"], frame["supply_one_off"], units
    )
    demand = _quantity_columns(
        frame["demand_base"], frame["input_category"], frame["demand_dimension"], frame["demand_one_off"], units
    )
    # The conversion note of the side whose quantity was converted (the output's first).
    converted_category = np.where(
        frame["supply_converted"].to_numpy(bool),
        frame["output_category"].astype(object).to_numpy(),
        np.where(frame["demand_converted"].to_numpy(bool), frame["input_category"].astype(object).to_numpy(), None),
    )
    conversion_note = format_by_unique(
        [converted_category],
        lambda code: t("detection.conversion_note", note=conversions[code]) if code in conversions else "",
    )
    alternatives = format_by_unique(
        [frame["alternatives"].astype(object).to_numpy()],
        lambda text: t("detection.alternatives", routes=text) if text else "",
    )
    note = t("detection.location_note")
    explanations = fill_message(
        "detection.substitution.explanation",
        {
            "output": frame["output_label"],
            "supply": format_by_unique(supply, _shown_quantity_text),
            "of_supplier": format_by_unique([frame["supplier_name"]], of_name),
            "input": frame["input_label"],
            "demand": format_by_unique(demand, _shown_quantity_text),
            "of_receiver": format_by_unique([frame["receiver_name"]], of_name),
            "distance": format_by_unique([frame["distance_km"].round(1).to_numpy()], fmt_distance),
            "category_reason": category_reason,
            "quantity_reason": quantity_reason,
            "location_note": format_by_unique(
                [frame["approximate_location"].to_numpy(bool)], lambda approximate: note if approximate else ""
            ),
            "conversion_note": conversion_note,
            "outside_note": format_by_unique(
                [
                    frame["outside_territory"].to_numpy(bool),
                    frame["supplier_name"].astype(object).to_numpy(),
                    frame["receiver_name"].astype(object).to_numpy(),
                    frame["outside_supplier"].to_numpy(bool),
                ],
                _outside_note,
            ),
            "alternatives": alternatives,
        },
        frame.index,
    )
    titles = format_by_unique(
        [frame["output_label"], frame["input_label"]],
        lambda output, input_: t("detection.substitution.title", output=output, input=input_),
    )
    return explanations, titles.to_series(frame.index)


def mutualisation_kind(direction: str, family: str) -> str:
    """« collecte groupée », « formation mutualisée »… from the direction and the category's family."""
    if direction == Direction.OUT.value:
        return t("detection.mutualisation.kind.out")
    return t(f"detection.mutualisation.kind.in.{family}")


@functools.lru_cache(maxsize=FORMAT_CACHE_SIZE)
def fmt_count(value: int) -> str:
    return fmt_number(value)


def _members_text(listed_names: list[str], member_count: int) -> str:
    """The first MAX_NAMES_LISTED names, then how many others."""
    listed = ", ".join(listed_names[:MAX_NAMES_LISTED])
    if member_count <= MAX_NAMES_LISTED:
        return listed
    return t("detection.mutualisation.members_more", names=listed, more=fmt_count(member_count - MAX_NAMES_LISTED))


def explain_mutualisations(frame: pd.DataFrame, names: pd.Series, units: DisplayUnits) -> tuple[pd.Series, pd.Series]:
    """(explanations, titles) of mutualisation proposals; `names` maps company_id to its name."""
    name_of = names.to_dict()
    explanations, titles = [], []
    outside_of = frame["outside_member_ids"] if "outside_member_ids" in frame else pd.Series([()] * len(frame))
    for row, outside in zip(frame.itertuples(index=False), outside_of, strict=True):

        def shown(company_id: str, outside: tuple[str, ...] = outside) -> str:
            """The member's name, « (hors territoire) » for a neighbour across the boundary."""
            name = name_of[company_id]
            return t("detection.outside_name", name=name) if company_id in outside else name

        kind = mutualisation_kind(row.direction, row.family)
        unit = units.unit_for(row.category_code, row.dimension)
        count = fmt_count(int(row.member_count))
        if row.known_quantity_count and unit:
            quantities = t(
                "detection.mutualisation.quantities",
                total=quantity_text(row.total_base_quantity, unit, False),
                known=fmt_count(int(row.known_quantity_count)),
                count=count,
            )
        else:
            quantities = t("detection.mutualisation.quantities_unknown")
        explanations.append(
            t(
                "detection.mutualisation.explanation",
                count=count,
                distance=fmt_distance(round(row.max_distance_km, 1)),
                of_centre=of_name(shown(row.centre_id)),
                what=t(f"detection.mutualisation.what.{row.direction}"),
                category=row.category_label,
                direction=label(Direction(row.direction)).lower(),
                kind=kind,
                quantities=quantities,
                members=_members_text([shown(c) for c in row.member_ids[:MAX_NAMES_LISTED]], int(row.member_count)),
                location_note=t("detection.mutualisation.location_note") if row.approximate_location else "",
            )
        )
        titles.append(
            t(
                "detection.mutualisation.title",
                kind=kind[:1].upper() + kind[1:],
                category=row.category_label,
                count=count,
            )
        )
    return pd.Series(explanations, index=frame.index, dtype="str"), pd.Series(titles, index=frame.index, dtype="str")
