"""Caption lines of a headline card: part in the period, target, reference, provenance."""

from __future__ import annotations

import datetime as dt

from dashboard.codes import ScopeType, ValueKind
from dashboard.eit.metrics import Headline, HeadlineFigure, TargetValue
from dashboard.ui.kpi import STEERING_KEY, caption_lines

AS_OF = dt.date(2022, 12, 31)


def _value(kind: ValueKind, year: int, value: float) -> TargetValue:
    return TargetValue(
        "companies_mobilised",
        kind,
        year,
        value,
        ScopeType.PROGRAMME,
        "EIT Vendômois",
        "Fiche-action 3.2",
        dt.date(2019, 6, 26),
    )


def test_caption_with_target_and_reference() -> None:
    figure = HeadlineFigure(
        Headline.COMPANIES_MOBILISED,
        1_082,
        12,
        1_500,
        target=_value(ValueKind.TARGET, 2022, 1_000),
        reference=_value(ValueKind.REFERENCE, 2019, 70),
    )
    assert caption_lines(figure, AS_OF) == [
        "dont 12 sur la période",
        "Objectif 2022 : 1\u202f000 (EIT Vendômois) — 108\u00a0% atteint",
        "Référence 2019 : 70",
        "Calculé à partir de 1\u202f500 enregistrements (diagnostics et participations à des synergies), cumul au 31/12/2022",
        "Source de l'objectif : Fiche-action 3.2, au 26/06/2019",
    ]


def test_caption_without_target_and_with_undated_flows() -> None:
    lines = caption_lines(HeadlineFigure(Headline.FLOWS, 7, 3, 7, undated=1), AS_OF)
    assert lines[1] == "Pas d'objectif fixé pour ce territoire"
    assert lines[-1] == "dont 1 flux sans date (saisis sans diagnostic)"


def test_caption_of_steering_meetings_never_mentions_targets() -> None:
    lines = caption_lines(HeadlineFigure(Headline.WORKSHOPS_MEETINGS, 1, 1, 1), AS_OF, key=STEERING_KEY)
    assert lines == ["dont 1 sur la période", "Calculé à partir de 1 enregistrement (événements), cumul au 31/12/2022"]
