"""On a copy of the demo database, records entered through the form core move every figure by exactly what
was entered: Accueil (home summary), Objectifs and COPIL (indicator report), Synergies (overview)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from dashboard.codes import ChangeAction, RecordEntity, SynergyStatus
from dashboard.db import Database
from dashboard.eit import metrics, synergies
from dashboard.eit.metrics import Headline
from dashboard.geography.territories import Period
from dashboard.indicators import values
from dashboard.records import store

VENDOMOIS = "epci:200072072"
YEAR = 2026
BY = "Camille Martin"
HEADLINE_INDICATORS = {
    "companies_mobilised": 1,
    "diagnostics_done": 1,
    "flows_recorded": 2,
    "synergies": 1,
    "synergies_realised": 1,
    "tonnes_diverted": 12,
    "workshops_meetings": 1,
}


def _figures(db: Database) -> dict[str, float]:
    home = metrics.home_summary(db, VENDOMOIS, Period(YEAR, 0))
    report = values.indicator_report(db, "territory", VENDOMOIS, Period(YEAR, 0))
    overview = synergies.overview(db, VENDOMOIS, Period(YEAR, 0))
    assert report is not None
    figures = {f"home.{h.value}": float(home.figures[h].cumulative) for h in Headline}
    figures |= {
        f"report.{code}": float(report.result(code).value.value)  # type: ignore[union-attr]
        for code in HEADLINE_INDICATORS
    }
    tonnes = overview.impact_totals.set_index("impact_kind").loc["tonnes", "value"]
    figures |= {"synergies.realised": float(overview.status_counts[SynergyStatus.REALISED]), "synergies.tonnes": tonnes}
    return figures


@pytest.mark.slow
def test_entered_records_move_every_figure_by_exactly_what_was_entered(demo_db_path: Path, tmp_path: Path):
    copy = tmp_path / "demo.duckdb"
    shutil.copy2(demo_db_path, copy)
    db = Database(copy)
    partner = db.query_value(
        """
        SELECT c.company_id FROM company c JOIN diagnostic d USING (company_id)
        WHERE c.commune_id IN (SELECT commune_id FROM territory_commune WHERE territory_id = $t)
          AND d.diagnostic_date < DATE '2025-01-01'
        ORDER BY c.company_id LIMIT 1
        """,
        {"t": VENDOMOIS},
    )
    before = _figures(db)

    company = store.save(
        db,
        RecordEntity.COMPANY,
        {"nom": "Menuiserie du Loir", "famille": "fabrication", "effectif": "1-9", "code_commune": "41269"},
        by=BY,
        expected_version=None,
    )
    assert company.ok, company.problems
    flows = [
        {"sens": "out", "categorie": "palettes", "quantite": "120", "unite": "pallet", "frequence": "yearly"},
        {"sens": "in", "categorie": "carton", "quantite": "2,5", "unite": "t", "frequence": "yearly"},
    ]
    diagnostic = store.save(
        db,
        RecordEntity.DIAGNOSTIC,
        {"entreprise": company.record_id or "", "date_diagnostic": "15/10/2026", "type": "flash"},
        {"flows": flows},
        by=BY,
        expected_version=None,
    )
    assert diagnostic.ok, diagnostic.problems
    main = {
        "titre": "Palettes du Loir",
        "type": "substitution",
        "categorie": "palettes",
        "territoire": VENDOMOIS,
        "source": "Chargé de mission",
    }
    participants = [{"entreprise": company.record_id, "role": "supplier"}, {"entreprise": partner, "role": "receiver"}]
    identified = [{"statut": "identified", "date": "16/10/2026"}]
    synergy = store.save(
        db,
        RecordEntity.SYNERGY,
        main,
        {"synergy_status_events": identified, "synergy_participants": participants},
        by=BY,
        expected_version=None,
    )
    assert synergy.ok, synergy.problems
    realised = store.save(
        db,
        RecordEntity.SYNERGY,
        main | {"identifiant": synergy.record_id or ""},
        {
            "synergy_status_events": [*identified, {"statut": "realised", "date": "20/10/2026"}],
            "synergy_participants": participants,
            "synergy_impacts": [
                {
                    "impact": "tonnes",
                    "valeur": "12",
                    "nature_valeur": "declared",
                    "source": "Bon d'enlèvement",
                    "date_valeur": "20/10/2026",
                }
            ],
        },
        by="Alex Durand",
        expected_version=1,
    )
    assert realised.ok, realised.problems
    workshop = store.save(
        db,
        RecordEntity.EVENT,
        {
            "type": "workshop",
            "date": "22/10/2026",
            "titre": "Atelier palettes",
            "territoire": VENDOMOIS,
            "participants": "2",
            "entreprises_presentes": "2",
        },
        {"event_participants": [{"entreprise": company.record_id}, {"entreprise": partner}]},
        by=BY,
        expected_version=None,
    )
    assert workshop.ok, workshop.problems

    after = _figures(db)
    changes = {key: after[key] - before[key] for key in before if after[key] != before[key]}
    assert changes == {
        "home.companies_mobilised": 1,
        "home.diagnostics": 1,
        "home.flows": 2,
        "home.synergies": 1,
        "home.workshops_meetings": 1,
        **{f"report.{code}": amount for code, amount in HEADLINE_INDICATORS.items()},
        "synergies.realised": 1,
        "synergies.tonnes": 12,
    }
    steps = store.history(db, RecordEntity.SYNERGY, synergy.record_id or "")
    assert steps["action"].tolist() == [ChangeAction.EDIT, ChangeAction.CREATE]
    assert steps["changed_by"].tolist() == ["Alex Durand", BY]
    assert store.changed_fields(steps.iloc[0].before, steps.iloc[0].after) == [
        "synergy_status_events",
        "synergy_impacts",
    ]
    for entity, outcome in [
        (RecordEntity.COMPANY, company),
        (RecordEntity.DIAGNOSTIC, diagnostic),
        (RecordEntity.EVENT, workshop),
    ]:
        assert store.history(db, entity, outcome.record_id or "")["action"].tolist() == [ChangeAction.CREATE]

    # Archiving the company takes its diagnostic, flows and participations out of every figure.
    assert store.set_archived(db, RecordEntity.COMPANY, company.record_id or "", True, by=BY, expected_version=1).ok
    archived = _figures(db)
    assert archived["home.diagnostics"] == before["home.diagnostics"]
    assert archived["home.flows"] == before["home.flows"]
    assert archived["home.companies_mobilised"] == before["home.companies_mobilised"]
    db.close()
