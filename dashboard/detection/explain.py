"""Plain-French explanations and titles of proposals, through dashboard.i18n.

Explanations are built column-wise: each distinct number is formatted once (Babel is the slow part), then
one message per row is filled in. That keeps a national run (millions of proposals) within seconds.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable

import numpy as np
import pandas as pd

from dashboard.codes import Direction
from dashboard.i18n import fmt_number, fmt_percent, label, t

from .quantities import DisplayUnits

# Matches at or above this quantity ratio are called "compatible"; below, the text says which side is short.
COMPATIBLE_RATIO = 0.5
# Member names listed in a mutualisation explanation; the rest are counted ("et 12 autres").
MAX_NAMES_LISTED = 8
# Initial letters taking the elided « d’ » (« d’Atelier Martin »); « h » is left out: aspirated or not,
# a company name cannot tell.
_ELIDING_INITIALS = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŸaeiouyàâäéèêëîïôöùûüÿ")


def of_name(name: str) -> str:
    """« de Garage Martin », « d’Atelier Dupont »."""
    key = "detection.of_name_elided" if name[:1] in _ELIDING_INITIALS else "detection.of_name"
    return t(key, name=name)


def fmt_quantity_value(value: float) -> str:
    """Three significant figures at most, no trailing zeros: 12 ; 2,5 ; 0,35."""
    magnitude = abs(value)
    decimals = 0 if magnitude >= 10 else 1 if magnitude >= 1 else 2 if magnitude >= 0.01 else 3
    rounded = round(value, decimals)
    return fmt_number(rounded, 0 if rounded == int(rounded) else decimals)


def fmt_distance(distance_km: float) -> str:
    return t("detection.distance_km", km=fmt_number(distance_km, 1))


def fmt_ratio(ratio: float) -> str:
    return fmt_percent(ratio, 1 if ratio < 0.01 else 0)


def quantity_text(base_quantity: float, unit: tuple[str, float] | None, one_off: bool) -> str:
    """« 12 t/an », « 3 t, ponctuel », « quantité non renseignée »; `unit` is (label, to_base)."""
    if unit is None or base_quantity is None or math.isnan(base_quantity):
        return t("detection.quantity.unknown")
    label_, to_base = unit
    key = "detection.quantity.one_off" if one_off else "detection.quantity.yearly"
    return t(key, quantity=fmt_quantity_value(base_quantity / to_base), unit=label_)


def _map_unique(values: Iterable[Hashable], formatter: Callable[..., str]) -> list[str]:
    """Apply `formatter` once per distinct value (tuples are unpacked as arguments)."""
    values = list(values)
    cache: dict[Hashable, str] = {}
    for value in values:
        if value not in cache:
            cache[value] = formatter(*value) if isinstance(value, tuple) else formatter(value)
    return [cache[v] for v in values]


def _quantity_column(
    base_quantity: pd.Series, category: pd.Series, dimension: pd.Series, one_off: pd.Series, units: DisplayUnits
) -> list[str]:
    keys = zip(
        base_quantity.round(9).tolist(),  # rounding makes float noise share one cache entry
        category.tolist(),
        dimension.tolist(),
        one_off.tolist(),
        strict=True,
    )
    return _map_unique(
        keys,
        lambda quantity, category_, dimension_, once: quantity_text(
            quantity, units.unit_for(category_, dimension_), once
        ),
    )


def _category_reason(match: str, output: str, input_: str, via_output: str, via_input: str) -> str:
    if match == "same":
        return t("detection.category.same")
    if match == "narrower":
        return t("detection.category.narrower", output=output, input=input_)
    return t("detection.category.table", via_output=via_output, via_input=via_input)


def _quantity_reason(ratio: float, supply_missing: bool, demand_missing: bool, supply_is_short: bool) -> str:
    if supply_missing and demand_missing:
        return t("detection.quantity_match.both_unknown")
    if supply_missing:
        return t("detection.quantity_match.supply_unknown")
    if demand_missing:
        return t("detection.quantity_match.demand_unknown")
    if ratio >= COMPATIBLE_RATIO:
        return t("detection.quantity_match.compatible", ratio=fmt_ratio(ratio))
    key = "detection.quantity_match.supply_short" if supply_is_short else "detection.quantity_match.demand_short"
    return t(key, ratio=fmt_ratio(ratio))


def explain_substitutions(frame: pd.DataFrame, units: DisplayUnits) -> tuple[list[str], list[str]]:
    """(explanations, titles) of substitution proposals (columns of `detect_substitutions`)."""
    if frame.empty:
        return [], []
    category_labels = list(zip(frame["output_label"], frame["input_label"], strict=True))
    category_reasons = _map_unique(
        zip(
            frame["category_match"],
            frame["output_label"],
            frame["input_label"],
            frame["via_output_label"],
            frame["via_input_label"],
            strict=True,
        ),
        _category_reason,
    )
    supply_base = frame["supply_base"].to_numpy(float)
    demand_base = frame["demand_base"].to_numpy(float)
    quantity_reasons = _map_unique(
        zip(
            frame["quantity_ratio"].round(4).tolist(),
            np.isnan(supply_base).tolist(),
            np.isnan(demand_base).tolist(),
            (supply_base < demand_base).tolist(),
            strict=True,
        ),
        _quantity_reason,
    )
    supply = _quantity_column(
        frame["supply_base"], frame["output_category"], frame["dimension"], frame["supply_one_off"], units
    )
    demand = _quantity_column(
        frame["demand_base"], frame["input_category"], frame["dimension"], frame["demand_one_off"], units
    )
    distances = _map_unique(frame["distance_km"].round(1).tolist(), fmt_distance)
    of_supplier = _map_unique(frame["supplier_name"].tolist(), of_name)
    of_receiver = _map_unique(frame["receiver_name"].tolist(), of_name)
    note = t("detection.location_note")
    approximate = frame["approximate_location"].tolist()
    explanations = [
        t(
            "detection.substitution.explanation",
            output=labels[0],
            supply=supply[i],
            of_supplier=of_supplier[i],
            input=labels[1],
            demand=demand[i],
            of_receiver=of_receiver[i],
            distance=distances[i],
            category_reason=category_reasons[i],
            quantity_reason=quantity_reasons[i],
            location_note=note if approximate[i] else "",
        )
        for i, labels in enumerate(category_labels)
    ]
    titles = _map_unique(
        category_labels, lambda output, input_: t("detection.substitution.title", output=output, input=input_)
    )
    return explanations, titles


def mutualisation_kind(direction: str, family: str) -> str:
    """« collecte groupée », « formation mutualisée »… from the direction and the category's family."""
    if direction == Direction.OUT.value:
        return t("detection.mutualisation.kind.out")
    return t(f"detection.mutualisation.kind.in.{family}")


def _members_text(names: list[str]) -> str:
    listed = ", ".join(names[:MAX_NAMES_LISTED])
    if len(names) <= MAX_NAMES_LISTED:
        return listed
    return t("detection.mutualisation.members_more", names=listed, more=fmt_number(len(names) - MAX_NAMES_LISTED))


def explain_mutualisations(frame: pd.DataFrame, names: pd.Series, units: DisplayUnits) -> tuple[list[str], list[str]]:
    """(explanations, titles) of mutualisation proposals; `names` maps company_id to its name."""
    explanations, titles = [], []
    for row in frame.itertuples(index=False):
        kind = mutualisation_kind(row.direction, row.family)
        direction_label = label(Direction(row.direction)).lower()
        unit = units.unit_for(row.category_code, row.dimension)
        if row.known_quantity_count and unit:
            quantities = t(
                "detection.mutualisation.quantities",
                total=quantity_text(row.total_base_quantity, unit, False),
                known=fmt_number(row.known_quantity_count),
                count=fmt_number(row.member_count),
            )
        else:
            quantities = t("detection.mutualisation.quantities_unknown")
        explanations.append(
            t(
                "detection.mutualisation.explanation",
                count=fmt_number(row.member_count),
                distance=fmt_distance(row.max_distance_km),
                of_centre=of_name(names[row.centre_id]),
                what=t(f"detection.mutualisation.what.{row.direction}"),
                category=row.category_label,
                direction=direction_label,
                kind=kind,
                quantities=quantities,
                members=_members_text([names[c] for c in row.member_ids]),
                location_note=t("detection.mutualisation.location_note") if row.approximate_location else "",
            )
        )
        titles.append(
            t(
                "detection.mutualisation.title",
                kind=kind[:1].upper() + kind[1:],
                category=row.category_label,
                count=fmt_number(row.member_count),
            )
        )
    return explanations, titles
