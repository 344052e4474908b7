"""Every figure shown on more than one page is the same everywhere, for a grid of scopes × periods (demo database).

Pages and outputs compared, through the core functions they call: Accueil (`metrics.home_summary`), Objectifs
and Mode COPIL (`indicators.values.indicator_report`), Synergies (`synergies.overview`), Carte (the per-commune
figures `maps.commune_figures`, which add up to the territory), Démarches (`programmes.programme_detail`), and
the indicators' drill-down (`records_behind`, what the exports list), and the artisan observatory's profile and
"Qui visiter ?" list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.artisanat import statistics as artisanat
from dashboard.artisanat import targeting
from dashboard.codes import SynergyStatus
from dashboard.db import Database
from dashboard.eit import maps, metrics, programmes, synergies
from dashboard.eit.metrics import Headline
from dashboard.indicators import values as ind
from dashboard.scope import Period, programme_scope

pytestmark = pytest.mark.slow

VENDOMOIS = "epci:200072072"
PIICTO_PERIMETER = "perimetre:caban-tonkin"
LOIR_ET_CHER = "departement:41"
PACA = "region:93"
TROO = "commune:41265"  # a commune of the Vendômois with no record
TERRITORIES = (VENDOMOIS, PIICTO_PERIMETER, LOIR_ET_CHER, PACA, TROO)
PERIODS = (Period(2022), Period(2026, 2), Period(2026))
# Headline figure of the home page -> indicator of the catalogue computed by the same rule.
HOME_TO_INDICATOR = {
    Headline.COMPANIES_MOBILISED: "companies_mobilised",
    Headline.DIAGNOSTICS: "diagnostics_done",
    Headline.FLOWS: "flows_recorded",
    Headline.SYNERGIES: "synergies",
    Headline.WORKSHOPS_MEETINGS: "workshops_meetings",
}
STATUS_TO_INDICATOR = {status: code for code, status in ind.STATUS_INDICATORS.items()}


@pytest.fixture(scope="module")
def demo(demo_db_path: Path) -> Iterator[Database]:
    db = Database(demo_db_path, read_only=True)
    yield db
    db.close()


def _value(report: ind.IndicatorReport, code: str) -> float:
    value = report.result(code).value
    assert value is not None, code
    return value.value


@pytest.mark.parametrize("period", PERIODS, ids=lambda p: f"{p.year}-T{p.quarter}")
@pytest.mark.parametrize("territory", TERRITORIES)
def test_territory_figures_agree_across_pages(demo: Database, territory: str, period: Period) -> None:
    home = metrics.home_summary(demo, territory, period)
    report = ind.indicator_report(demo, "territory", territory, period)
    overview = synergies.overview(demo, territory, period)
    assert report is not None
    # Accueil = Objectifs / COPIL
    for headline, code in HOME_TO_INDICATOR.items():
        assert home.figures[headline].cumulative == _value(report, code), (headline, code)
    assert home.steering_meetings.cumulative == _value(report, "steering_meetings")
    # Accueil = Synergies = Objectifs, status by status
    assert overview.headline.cumulative == home.figures[Headline.SYNERGIES].cumulative
    for status in SynergyStatus:
        assert (
            overview.status_counts[status]
            == home.synergies_by_status[status]
            == _value(report, STATUS_TO_INDICATOR[status])
        ), status
    # Synergies' impacts = Objectifs' impact indicators
    totals = overview.impact_totals.set_index("impact_kind")["value"]
    for code, kind in ind.IMPACT_INDICATORS.items():
        assert totals[kind.value] == pytest.approx(_value(report, code)), code
    # Carte: the communes add up to the territory
    communes = maps.commune_figures(demo, territory, period)
    assert communes["companies_mobilised"].sum() == home.figures[Headline.COMPANIES_MOBILISED].cumulative
    assert communes["diagnostics"].sum() == home.figures[Headline.DIAGNOSTICS].cumulative
    assert communes["flows"].sum() == home.figures[Headline.FLOWS].cumulative
    # Drill-down (what the exports list) = the value
    for code in ("companies_mobilised", "diagnostics_done", "synergies", "workshops_meetings"):
        assert len(ind.records_behind(demo, territory, period, code)) == _value(report, code), code


def test_the_empty_commune_shows_zero_everywhere(demo: Database) -> None:
    home = metrics.home_summary(demo, TROO, Period(2026))
    assert not home.has_records
    assert all(figure.cumulative == 0 for figure in home.figures.values())


@pytest.mark.parametrize("programme_id", ["piicto", "authentic_provence", "argile_circulaire", "eit_vendomois"])
def test_a_programme_is_counted_by_its_own_records(demo: Database, programme_id: str) -> None:
    """Objectifs › Comparaison › Les démarches = the Démarches page: a programme's synergies are its own."""
    detail = programmes.programme_detail(demo, programme_id)
    assert detail is not None
    current = detail.synergies[detail.synergies["status"] != SynergyStatus.ABANDONED.value]
    report = ind.indicator_report(demo, "programme", programme_id, Period(2026))
    assert report is not None and report.scope.key == programme_scope(programme_id)
    assert _value(report, "synergies") == len(current)
    compared = ind.comparison(demo, (("programme", programme_id),), "synergies", Period(2026))
    assert compared["value"].tolist() == [len(current)]


def test_paca_programmes_match_the_demarches_page(demo: Database) -> None:
    """The figures of the issue: Authentic Provence 6 and L'Argile circulaire 8 synergies, not their perimeter's."""
    scopes = (("programme", "authentic_provence"), ("programme", "argile_circulaire"))
    compared = ind.comparison(demo, scopes, "synergies", Period(2026)).set_index("scope_id")["value"]
    assert compared.to_dict() == {"authentic_provence": 6, "argile_circulaire": 8}


def test_declared_key_figures_feed_a_programmes_indicators(demo: Database) -> None:
    piicto = ind.indicator_report(demo, "programme", "piicto", Period(2026))
    argile = ind.indicator_report(demo, "programme", "argile_circulaire", Period(2026))
    assert piicto is not None and argile is not None
    assert _value(piicto, "budget_eur") == 250_000 and _value(piicto, "fte_dedicated") == 1.6  # as on Démarches
    assert _value(argile, "workshops_meetings") == 6  # published, no event record of its own


def test_copil_meetings_come_from_the_events_when_not_declared(demo: Database) -> None:
    report = ind.indicator_report(demo, "territory", VENDOMOIS, Period(2026))
    assert report is not None
    copil_2026 = demo.query_value(
        "SELECT count(*) FROM event WHERE event_kind = 'copil' AND year(event_date) = 2026"
        " AND event_id IN (SELECT event_id FROM scope_events($scope))",
        {"scope": VENDOMOIS},
    )
    assert copil_2026 > 0 and _value(report, "copil_meetings") == copil_2026


@pytest.mark.parametrize("territory", [VENDOMOIS, LOIR_ET_CHER])
def test_who_to_visit_and_the_artisan_profile_count_the_same_stock(demo: Database, territory: str) -> None:
    """The profile's establishments (stock on 1 January) = the register's open establishments on that day."""
    key = artisanat.key_figures(demo, territory, 2026)
    # the stock "on 1 January" is taken at the start of the day: what is open at the end of 31 December
    listed = targeting.candidates(demo, targeting.Criteria(territory, dt.date(2025, 12, 31)))
    assert key.current.loc[artisanat.TOTAL, artisanat.Figure.ESTABLISHMENTS] == len(listed)
