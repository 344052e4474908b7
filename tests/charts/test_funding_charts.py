"""Funding and convention charts built from frozen plans and statuses: traces, values, titles, separators."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts import NEUTRAL_GREY, OKABE_ITO, ChartContext
from dashboard.charts.funding import COMMITTED_COLOUR, DONE_COLOUR, convention_figure, funding_by_year_figure
from dashboard.codes import PaymentRule
from dashboard.eit.conventions import ActionRealisation, ConventionStatus, RealisationBasis, RealisationRule
from dashboard.eit.funding import FundingPlan
from dashboard.i18n import PLOTLY_SEPARATORS, fmt_percent

CONTEXT = ChartContext("EIT sur le Vendômois", "01/01/2018 – 30/06/2022", "Fiche-action 3.2", dt.date(2026, 10, 31))
CONVENTION_CONTEXT = ChartContext(
    "CC du Minervois au Caroux", "01/01/2026 – 31/12/2026", "convention signée", dt.date(2026, 10, 31)
)
D = dt.date


def _plan() -> FundingPlan:
    """ADEME (secured) 2018: 30, 2019: 40; LEADER (requested) 2019: 20; 'À répartir' (to allocate) 2020: 50."""
    envelopes = pd.DataFrame(
        {
            "envelope_id": ["a", "l", "o"],
            "funder_label": ["ADEME", "LEADER", "À répartir"],
            "phase_label": ["P1", "P1", "P2"],
            "status": ["secured", "requested", "to_allocate"],
            "amount_eur": [70.0, 20.0, 50.0],
            "lines_eur": [70.0, 20.0, 50.0],
            "source": ["s"] * 3,
            "order": [0, 1, 2],
        }
    )
    lines = pd.DataFrame(
        {
            "envelope_id": ["a", "a", "l", "o"],
            "funder_label": ["ADEME", "ADEME", "LEADER", "À répartir"],
            "phase_label": ["P1", "P1", "P1", "P2"],
            "status": ["secured", "secured", "requested", "to_allocate"],
            "period_label": ["2018", "2019", "2019", "2020"],
            "year": [2018, 2019, 2019, 2020],
            "period_start": pd.to_datetime(["2018-01-01", "2019-01-01", "2019-01-01", "2020-01-01"]),
            "period_end": pd.to_datetime(["2018-12-31", "2019-12-31", "2019-12-31", "2020-12-31"]),
            "amount_eur": [30.0, 40.0, 20.0, 50.0],
        }
    )
    return FundingPlan("p", envelopes, lines)


def _action(code: str, flat: float, committed: float, realised: float | None, unit: str) -> ActionRealisation:
    basis = RealisationBasis.TO_DECLARE if realised is None else RealisationBasis.COMPUTED
    return ActionRealisation(
        code, f"Action {code}", None, unit, flat, committed, realised, basis, RealisationRule.DECLARED, D(2026, 10, 31)
    )


def _status(ceiling: float = 4000) -> ConventionStatus:
    actions = [
        _action("acces", 500, 1, None, "accès annuel"),
        _action("accompagnement", 2500, 5, 3, "entreprises"),
        _action("evenements", 1000, 2, 3, "événements"),
    ]
    return ConventionStatus(
        "c", "Convention test", "epci:1", "CC du Minervois au Caroux", D(2026, 1, 1), D(2026, 12, 31), None,
        ceiling, PaymentRule.PRO_RATA, "Convention", pd.DataFrame(columns=["name", "role"]), actions, D(2026, 10, 31),
    )  # fmt: skip


def test_funding_by_year_stacks_one_bar_trace_per_funder() -> None:
    fig = funding_by_year_figure(_plan(), CONTEXT)
    bars = [trace for trace in fig.data if trace.type == "bar"]
    assert [bar.name for bar in bars] == ["ADEME", "LEADER (demandé)", "À répartir (répartition à préciser)"]
    assert all(list(bar.x) == ["2018", "2019", "2020"] for bar in bars)
    assert [list(bar.y) for bar in bars] == [[30, 40, 0], [0, 20, 0], [0, 0, 50]]
    assert fig.layout.barmode == "stack"
    # funders in the palette's order; money not yet split between funders is hatched grey, not a funder colour
    assert [bars[0].marker.color, bars[1].marker.color] == [OKABE_ITO[0], OKABE_ITO[1]]
    assert bars[2].marker.color == NEUTRAL_GREY and bars[2].marker.pattern.shape == "/"
    assert bars[2].marker.pattern.fillmode == "overlay"  # hatch over the grey: "replace" would leave it blank
    (totals,) = [trace for trace in fig.data if trace.type == "scatter"]
    assert list(totals.y) == [30, 60, 50]
    assert list(totals.text) == ["30\u00a0€", "60\u00a0€", "50\u00a0€"]


def test_funding_title_stands_alone() -> None:
    fig = funding_by_year_figure(_plan(), CONTEXT)
    title = fig.layout.title.text
    for expected in (
        "Financements par année et par financeur",
        "EIT sur le Vendômois",
        "01/01/2018 – 30/06/2022",
        "Source : Fiche-action 3.2",
        "données au 31/10/2026",
    ):
        assert expected in title
    assert fig.layout.separators == PLOTLY_SEPARATORS
    assert fig.layout.yaxis.ticksuffix == "\u00a0€"
    assert fig.layout.legend.traceorder == "normal"  # the source's order, not Plotly's reversed stack order


def test_convention_figure_committed_vs_realised_and_amount_vs_ceiling() -> None:
    fig = convention_figure(_status(), CONVENTION_CONTEXT)
    committed, realised, due = fig.data
    assert list(committed.x) == [100, 100, 100] and committed.marker.color == COMMITTED_COLOUR
    # completion, not capped on the chart (3 of 2 events = 150 %); the amount due is capped per action
    assert list(realised.x) == pytest.approx([0, 60, 150]) and realised.marker.color == DONE_COLOUR
    assert list(realised.y) == ["Action acces", "Action accompagnement", "Action evenements"]
    assert realised.text[0] == "à déclarer / 1 accès annuel · 0\u00a0€ sur 500\u00a0€"
    assert realised.text[1] == "3 / 5 entreprises · 1\u202f500\u00a0€ sur 2\u202f500\u00a0€"
    assert realised.text[2] == "3 / 2 événements · 1\u202f000\u00a0€ sur 1\u202f000\u00a0€"
    # 0 + 1 500 + 1 000 = 2 500 € due, against the 4 000 € ceiling (a dotted line)
    assert list(due.x) == [2500] and list(due.text) == ["2\u202f500\u00a0€"]
    assert list(fig.layout.xaxis.ticktext) == ["0\u00a0%", "25\u00a0%", "50\u00a0%", "75\u00a0%", "100\u00a0%"]
    (ceiling_line,) = fig.layout.shapes
    assert ceiling_line.x0 == ceiling_line.x1 == 4000
    title = fig.layout.title.text
    assert f"2\u202f500\u00a0€ dus sur un plafond de 4\u202f000\u00a0€ ({fmt_percent(2500 / 4000)})" in title
    assert "CC du Minervois au Caroux" in title and "données au 31/10/2026" in title
    assert fig.layout.separators == PLOTLY_SEPARATORS


def test_convention_figure_shows_the_ceiling_cap() -> None:
    fig = convention_figure(_status(ceiling=2000), CONVENTION_CONTEXT)
    assert list(fig.data[2].x) == [2000]
    assert "2\u202f000\u00a0€ dus sur un plafond de 2\u202f000\u00a0€ (100\u00a0%)" in fig.layout.title.text
