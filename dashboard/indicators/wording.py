"""The words of an indicator result (milestones, share reached, provenance): shared by the Objectifs page's
cards, the COPIL screens and the quarterly report, so that all three say the same thing."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from dashboard.codes import Provenance, ValueKind
from dashboard.i18n import fmt_date, fmt_int, fmt_number, fmt_percent, label, t, t_count
from dashboard.indicators.values import IndicatorDef, IndicatorResult, ProgressStatus

FRENCH_PLURAL_FROM = 2  # "1 emploi", "2 emplois"


def fmt_value(value: float | None, definition: IndicatorDef) -> str:
    """A value in the indicator's precision and unit word ("12,5 t/an", "44 %")."""
    if value is None or pd.isna(value):
        return t("ind.value.none")
    number = fmt_number(value, definition.decimals)
    if definition.unit == "%":
        return f"{number}\u00a0%"
    unit = definition.unit
    if abs(value) < FRENCH_PLURAL_FROM and unit.isalpha() and unit.endswith("s"):
        unit = unit[:-1]  # "1 emploi", "0 synergie": French nouns take the plural from 2 on
    return f"{number}\u00a0{unit}"


def milestones_text(result: IndicatorResult) -> str | None:
    """'Référence 2019 : 70 · Objectif 2020 : 80 · Objectif 2022 : 100', in the indicator's precision."""
    if not result.milestones:
        return None
    decimals = result.definition.decimals
    return " · ".join(
        t("ind.card.milestone", kind=t(f"ind.kind.{kind}"), year=year, value=fmt_number(value, decimals))
        for year, kind, value in result.milestones
        if kind in (ValueKind.REFERENCE.value, ValueKind.TARGET.value)
    )


def provenance_text(result: IndicatorResult) -> str:
    value = result.value
    if value is None:
        return t("ind.card.no_value")
    if value.provenance == Provenance.COMPUTED:
        text = t_count(
            "ind.card.computed", value.record_count, count=fmt_int(value.record_count), date=fmt_date(value.as_of)
        )
        if value.basis_parts:
            parts = ", ".join(
                t("ind.card.part", value=fmt_number(v, result.definition.decimals), basis=label(Provenance(b)).lower())
                for b, v in value.basis_parts.items()
            )
            text += " " + t("ind.card.parts", parts=parts)
        return text
    return t(
        "ind.card.declared",
        provenance=label(value.provenance),
        source=value.source,
        date=fmt_date(value.as_of),
    )


def card_lines(result: IndicatorResult, as_of: dt.date, *, compact: bool = False) -> list[str]:
    """Milestones, share reached, expected value, target source (not in compact mode), provenance."""
    lines = []
    milestones = milestones_text(result)
    if milestones:
        lines.append(milestones)
    if result.target is not None:
        if result.achievement is not None:
            lines.append(
                t(
                    "ind.card.achievement",
                    share=fmt_percent(result.achievement),
                    year=result.target.year,
                    target=fmt_value(result.target.value, result.definition),
                )
            )
        if result.expected is not None and result.status != ProgressStatus.MET:
            lines.append(
                t(
                    "ind.card.expected",
                    date=fmt_date(as_of),
                    value=fmt_number(result.expected, result.definition.decimals),
                )
            )
        if not compact:
            lines.append(
                t(
                    "ind.card.target_source",
                    scope=result.target.scope_name,
                    source=result.target.source,
                    date=fmt_date(result.target.as_of),
                )
            )
    lines.append(provenance_text(result))
    return lines
