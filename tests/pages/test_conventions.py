"""Conventions et financements page through app.py: demo database (CDCMC 2026, Vendômois plan) and empty database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.pages import run_page

PAGE = "pages/conventions.py"
CDCMC = "epci:200066348"
NNBSP, NBSP = "\u202f", "\u00a0"  # French thousands separator, space before € and %
FUNDING_TAB = "Plans de financement"


def open_funding(at: AppTest) -> AppTest:
    """A click on the funding plans' tab: drawn only once chosen (dashboard.ui.lazy)."""
    at.session_state["conventions.tab"] = FUNDING_TAB
    return at.run()


def test_convention_amount_due_and_provenance(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": CDCMC})
    assert not at.exception
    assert not any("Aucune convention ne concerne" in info.value for info in at.info)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Plafond"] == f"4{NNBSP}000{NBSP}€"
    assert metrics["Forfaits des actions"] == f"4{NNBSP}000{NBSP}€"
    # demo records by 31/10/2026: 3 of 5 companies supported, 1 of 2 meetings, the platform access not declared
    assert metrics["Montant dû à ce jour"] == f"2{NNBSP}000{NBSP}€"
    actions = at.dataframe[0].value.set_index("Article")
    assert (
        actions.loc["Article 2", "Réalisé"] == "3" and actions.loc["Article 2", "Montant dû"] == f"1{NNBSP}500{NBSP}€"
    )
    assert actions.loc["Article 3", "Réalisé"] == "1" and actions.loc["Article 3", "Montant dû"] == f"500{NBSP}€"
    assert actions.loc["Article 2", "Provenance"] == "Calculé à partir des saisies au 31/10/2026"
    assert actions.loc["Article 1", "Provenance"].startswith("À déclarer")
    assert "Réalisations arrêtées au 31/10/2026" in "\n".join(c.value for c in at.caption)
    assert not at.get("plotly_chart")  # the convention's chart: drawn once its section is opened
    at.session_state["conventions.chart.open.cdcmc_cma34_2026"] = True  # a click on « Graphique : réalisation… »
    at.run()
    (chart, *_) = at.get("plotly_chart")
    title = json.loads(chart.proto.spec)["layout"]["title"]["text"]
    assert f"2{NNBSP}000{NBSP}€ dus sur un plafond de 4{NNBSP}000{NBSP}€" in title
    assert "Communauté de communes du Minervois au Caroux" in title


def test_funding_plan_with_envelope_notes(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE)  # default territory: the Vendômois
    assert not at.exception
    assert any("Aucune convention ne concerne" in info.value for info in at.info)  # CDCMC shown anyway
    assert not at.get("plotly_chart")[1:]  # the funding plan is not drawn before its tab is chosen
    open_funding(at)
    assert at.selectbox(key="funding.programme").value == "eit_vendomois"
    # ADEME and Conseil régional: lines 1 € above their envelope in the source, shown and kept
    warnings = [w.value for w in at.warning]
    assert len(warnings) == 2
    assert f"totalisent 25{NNBSP}748{NBSP}€ pour une enveloppe annoncée de 25{NNBSP}747{NBSP}€" in warnings[0]
    assert "« Conseil régional »" in warnings[1]
    envelopes = next(d.value for d in at.dataframe if "Part du financement" in d.value.columns)
    shares = dict(zip(envelopes["Financeur"], envelopes["Part du financement"], strict=True))
    assert shares["ADEME"] == f"11,7{NBSP}%"  # 25 747 / 220 472
    plan = next(d.value for d in at.dataframe if "1er semestre 2020" in d.value.columns)
    assert plan.loc["Total", "Total"] == f"220{NNBSP}474"  # lines as stated (envelopes: 220 472)
    assert plan.loc["CCI/CMA", "2018"] == "–"
    funding_chart = json.loads(at.get("plotly_chart")[-1].proto.spec)
    assert funding_chart["layout"]["title"]["text"].startswith("<b>Financements par année et par financeur</b>")


def test_funding_of_a_programme_without_period_lines(monkeypatch: pytest.MonkeyPatch, demo_db_path: Path) -> None:
    at = run_page(monkeypatch, demo_db_path, PAGE, {"territoire": "region:93"})
    assert not at.exception
    open_funding(at).selectbox(key="funding.programme").set_value("adeto").run()
    assert not at.exception
    assert "Pas de ventilation par période dans la source." in [c.value for c in at.caption]
    envelopes = next(d.value for d in at.dataframe if "Part du financement" in d.value.columns)
    assert envelopes["Enveloppe annoncée"].tolist() == [f"32{NNBSP}400{NBSP}€"] * 2
    assert envelopes["Total des lignes"].tolist() == ["–", "–"]
    at.session_state["conventions.tab"] = "Conventions"  # to the other tab, where the choice is not drawn
    at.run()
    assert "funding.programme" not in [box.key for box in at.selectbox]  # not run in the other tab
    assert open_funding(at).selectbox(key="funding.programme").value == "adeto"  # back: the choice is kept


def test_empty_database(monkeypatch: pytest.MonkeyPatch, empty_db_path: Path) -> None:
    at = run_page(monkeypatch, empty_db_path, PAGE)
    assert not at.exception
    assert any(info.value.startswith("Aucune donnée de convention") for info in at.info)
    open_funding(at)
    assert not at.exception
    assert any(info.value.startswith("Aucune donnée de financement") for info in at.info)
