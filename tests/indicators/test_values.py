"""Indicators on the test world (tests/world/README.md: its records and hand counts; catalogue loaded)."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.codes import IndicatorDirection, Provenance, Realisation, ScopeType, SynergyStatus, ValueKind
from dashboard.db import Database
from dashboard.eit import metrics
from dashboard.indicators import values as ind
from dashboard.indicators.entry import Entry, EntryError, history, save_entry, validate
from dashboard.indicators.values import ProgressStatus
from dashboard.scope import Period
from tests.world.build import MINERVOIS, VENDOME, VENDOMOIS, D

# Hand counts for the Vendômois at the end of 2022 (tests/world/README.md).
VENDOMOIS_2022: dict[str, float] = {
    "companies_mobilised": 4,  # A (diagnostic 2021), C (S1 2021), B (S5 2022-01-10), E (S6 2022-02-01)
    "diagnostics_done": 3,  # dA1, dA2, dB1
    "flows_recorded": 7,  # A 4 + B 2 + C's undated one
    # S1 realised, S5 in study, S6 realised, S7 in progress (S2 abandoned; S3 not before 2023; S4 elsewhere)
    "synergies": 4,
    "synergies_identified": 0,
    "synergies_in_study": 1,  # S5
    "synergies_in_progress": 1,  # S7 (since 03/10/2022)
    "synergies_realised": 2,  # S1, S6
    "synergies_abandoned": 1,  # S2
    "operational_synergies": 1,  # S1 links A and C; S6 has one company only; S7 (B, E) is not realised
    "companies_in_synergies": 4,  # A, C (S1), B (S5, S7), E (S6, S7)
    "synergy_success_rate": 40,  # 2 realised of 5 identified (S1, S2, S5, S6, S7)
    "workshops_meetings": 2,  # E1, E2 (E5 is 2023, E4 in the Minervois)
    "steering_meetings": 1,  # E3
    "event_attendance": 16,  # 10 + 6
    "companies_at_events": 3,  # A, B, C
    "tonnes_diverted": 12.5,  # S1 (S2 abandoned)
    "ghg_avoided": 3,
    "energy_impact": 50,  # S6
    "water_saved": 0,
    "savings_eur": 2000,
    "jobs_created": 1,
}


@pytest.fixture
def db(world_db: Database) -> Database:
    """The test world, read-only (tests/conftest.py): a test that writes takes `writable_world_db`."""
    return world_db


def test_catalogue_is_complete_and_every_computed_indicator_has_a_rule(db: Database) -> None:
    definitions = ind.catalogue(db)
    assert 25 <= len(definitions) <= 35
    assert {d.pillar for d in definitions} == set(ind.Pillar)
    computed = {d.code for d in definitions if d.realisation == Realisation.COMPUTED}
    assert computed == ind.COMPUTED_CODES
    assert all(d.rule for d in definitions if d.realisation == Realisation.COMPUTED)
    # the Vendômois action sheet's indicators (seed 002)
    sheet = {"companies_mobilised", "synergies", "workshops_meetings", "energy_impact", "ghg_avoided", "jobs_created"}
    assert sheet <= {d.code for d in definitions}
    assert {d.code for d in definitions if d.direction == IndicatorDirection.LOWER_BETTER} == {
        "synergies_abandoned",
        "waste_landfilled",
    }


def test_every_computed_indicator_equals_its_hand_count(db: Database) -> None:
    values = ind.computed_values(db, VENDOMOIS, Period(2022), D(2022, 11, 30))
    assert {code: v.value for code, v in values.items()} == pytest.approx(VENDOMOIS_2022)
    assert values["companies_mobilised"].in_period == 2  # B and E first mobilised in 2022
    assert values["tonnes_diverted"].basis_parts == {"declared": 12.5}
    assert values["savings_eur"].basis_parts == {"estimated": 2000}
    assert all(v.provenance == Provenance.COMPUTED for v in values.values())


def test_minervois_and_an_earlier_period(db: Database) -> None:
    minervois = ind.computed_values(db, MINERVOIS, Period(2022), D(2022, 12, 31))
    assert minervois["companies_mobilised"].value == 1  # D
    assert minervois["synergies_in_progress"].value == 1  # S4 (S3 identified in 2023)
    assert minervois["companies_in_synergies"].value == 1
    assert minervois["event_attendance"].value == 8
    early = ind.computed_values(db, VENDOMOIS, Period(2021), D(2021, 12, 31))
    assert early["companies_mobilised"].value == 2  # A, C
    assert early["synergies_realised"].value == 0 and early["tonnes_diverted"].value == 0  # S1 realised in 2022


def test_values_match_the_home_page_functions(db: Database) -> None:
    summary = metrics.home_summary(db, VENDOMOIS, Period(2022))
    values = ind.computed_values(db, VENDOMOIS, Period(2022), D(2022, 12, 31))
    assert values["companies_mobilised"].value == summary.figures[metrics.Headline.COMPANIES_MOBILISED].cumulative
    assert values["synergies"].value == summary.figures[metrics.Headline.SYNERGIES].cumulative
    assert values["steering_meetings"].value == summary.steering_meetings.cumulative


def test_records_behind_each_value_count_to_the_value(db: Database) -> None:
    for code in ind.COMPUTED_CODES:
        records = ind.records_behind(db, VENDOMOIS, Period(2022), code)
        assert ind._value_from_records(code, records) == pytest.approx(VENDOMOIS_2022[code]), code
    companies = ind.records_behind(db, VENDOMOIS, Period(2022), "companies_mobilised")
    assert companies["company_name"].str.fullmatch(r"#\d").all()  # pseudonyms by default
    named = ind.records_behind(db, VENDOMOIS, Period(2022), "companies_mobilised", show_names=True)
    # A, B, E and C (README.md §2)
    assert sorted(named["company_name"]) == ["Alpha Cartonnage", "Beta Métal", "Epsilon Bois", "Gamma Plomberie"]


@pytest.mark.parametrize(
    ("direction", "value", "target", "reference", "expected"),
    [
        (IndicatorDirection.HIGHER_BETTER, 4, 6, None, 4 / 6),
        (IndicatorDirection.HIGHER_BETTER, 3, 0, None, 1.0),  # a zero target is reached by any value
        (IndicatorDirection.LOWER_BETTER, 800, 600, 1000, 0.5),  # half of the planned reduction
        (IndicatorDirection.LOWER_BETTER, 1100, 600, 1000, 0.0),  # worse than the reference
        (IndicatorDirection.LOWER_BETTER, 80, 100, None, 1.25),  # better than the target
        (IndicatorDirection.LOWER_BETTER, 125, 100, None, 0.8),
        (IndicatorDirection.LOWER_BETTER, 0, 0, None, 1.0),  # zero target reached by zero only
        (IndicatorDirection.LOWER_BETTER, 3, 0, None, 0.0),
        (IndicatorDirection.LOWER_BETTER, 3, 0, 10, 0.7),
        (IndicatorDirection.HIGHER_BETTER, None, 6, None, None),
    ],
)
def test_achievement_rules(
    direction: IndicatorDirection, value: float | None, target: float, reference: float | None, expected: float | None
) -> None:
    share = ind.achievement(direction, value, target, reference)
    assert share == (None if expected is None else pytest.approx(expected))


def test_report_statuses_on_the_fixture(db: Database) -> None:
    report = ind.indicator_report(db, "territory", VENDOMOIS, Period(2022))
    assert report is not None and report.as_of == D(2022, 11, 30)  # the data date, inside the period
    companies = report.result("companies_mobilised")
    assert (
        companies.target is not None
        and companies.target.value == 6
        and companies.target.scope_name == ("Démarche EIT test")
    )
    assert companies.achievement == pytest.approx(4 / 6)
    # line from 3 (31/12/2020) to 6 (31/12/2022): at 30/11/2022 it is 3 + 3 × 699 / 730
    assert companies.expected == pytest.approx(3 + 3 * 699 / 730)
    assert companies.status == ProgressStatus.LATE
    waste = report.result("waste_landfilled")
    assert waste.value is not None and waste.value.provenance == Provenance.DECLARED and waste.value.value == 800
    assert waste.achievement == pytest.approx(0.5) and waste.status == ProgressStatus.LATE
    abandoned = report.result("synergies_abandoned")  # lower is better, zero target, one abandoned
    assert abandoned.achievement == 0.0 and abandoned.status == ProgressStatus.LATE
    jobs = report.result("jobs_created")  # higher is better, zero target
    assert jobs.achievement == 1.0 and jobs.status == ProgressStatus.MET
    assert report.result("fte_dedicated").value.value == 1.5  # type: ignore[union-attr]
    # nothing declared: the year's COPIL meetings are counted from the events (E3, 20/01/2022), no target
    copil = report.result("copil_meetings")
    assert copil.value is not None and copil.value.value == 1 and copil.value.provenance == Provenance.COMPUTED
    assert copil.status == ProgressStatus.NO_TARGET
    assert report.result("copil_partners").status == ProgressStatus.NO_VALUE
    assert report.result("diagnostics_done").status == ProgressStatus.NO_TARGET


def test_on_track_when_ahead_of_the_trajectory(db: Database) -> None:
    report = ind.indicator_report(db, "programme", "p1", Period(2021))
    assert (
        report is not None and report.scope.key == "programme:p1" and report.scope.perimeter_territory_id == VENDOMOIS
    )
    companies = report.result("companies_mobilised")
    # end of 2021: 2 companies, target 2022 = 6, expected on the line 3 → 6: 4.5 → late
    assert companies.value is not None and companies.value.value == 2
    assert companies.expected == pytest.approx(3 + 3 * 365 / 730) and companies.status == ProgressStatus.LATE
    points = ind.planned_points(ind.target_rows(ind.stored_values(db, report.scope), "companies_mobilised"))
    assert ind.expected_at(points, D(2019, 6, 30)) is None  # before the reference: nothing expected
    assert ind.progress_status(IndicatorDirection.HIGHER_BETTER, 5, 5 / 6, 4.5) == ProgressStatus.ON_TRACK
    assert ind.progress_status(IndicatorDirection.LOWER_BETTER, 700, 0.75, 800) == ProgressStatus.ON_TRACK


def test_trajectory_interpolates_between_reference_and_targets(db: Database) -> None:
    frame = ind.trajectory(db, "programme", "p1", "companies_mobilised", 2022).set_index("year")
    assert frame.loc[2019, "planned"] == 2 and frame.loc[2019, "planned_kind"] == "reference"
    assert frame.loc[2020, "planned"] == 3 and frame.loc[2020, "planned_kind"] == "target"
    assert frame.loc[2021, "planned"] == pytest.approx(4.5) and frame.loc[2021, "planned_kind"] == "interpolated"
    assert frame.loc[2022, "planned"] == 6 and frame.loc[2022, "planned_kind"] == "target"
    assert frame.loc[2021, "realised"] == 2 and frame.loc[2022, "realised"] == 4


def test_trajectory_without_reference_starts_from_zero(writable_world_db: Database) -> None:
    with writable_world_db.transaction() as cur:
        cur.execute(
            "INSERT INTO indicator_value (indicator_code, scope_type, scope_id, programme_id, period_year, value_kind,"
            " value, provenance, source, as_of) VALUES ('diagnostics_done', 'programme', 'p1', 'p1', 2024, 'target', "
            "10, 'declared', 'test', DATE '2022-01-01')"
        )  # P1 has no other diagnostics value
    points = ind.planned_points(
        ind.target_rows(
            ind.stored_values(writable_world_db, ind.get_scope(writable_world_db, ScopeType.PROGRAMME, "p1")),
            "diagnostics_done",
        )
    )  # type: ignore[arg-type]
    assert points[0][:2] == (D(2024, 1, 1), 0.0)
    assert ind.expected_at(points, D(2024, 7, 1)) == pytest.approx(10 * 182 / 365)


def test_aggregation_counts_companies_once_and_recomputes_rates(db: Database) -> None:
    both = ind.aggregate(db, (("territory", VENDOMOIS), ("territory", VENDOME)), Period(2022))
    # Vendôme (A, B, E) lies inside the Vendômois (A, B, C, E): 4, not 7
    assert both["companies_mobilised"] == 4 and both["synergies"] == 4 and both["flows_recorded"] == 7  # S1 S5 S6 S7
    two = ind.aggregate(db, (("territory", VENDOMOIS), ("territory", MINERVOIS)), Period(2022))
    assert two["companies_mobilised"] == 5 and two["workshops_meetings"] == 3 and two["event_attendance"] == 24
    # 2 realised of the 6 synergies (Vendômois 5 + S4): 33 %, not the mean of 40 % and 0 %
    assert two["synergy_success_rate"] == pytest.approx(100 * 2 / 6)
    assert two["fte_dedicated"] is None  # declared for the Vendômois only: no sum with a missing value
    programme_and_territory = ind.aggregate(db, (("programme", "p1"), ("territory", VENDOMOIS)), Period(2022))
    assert programme_and_territory["companies_mobilised"] == 4  # same perimeter: nothing double-counted
    assert programme_and_territory["fte_dedicated"] is None  # the programme has no declared value of its own


def test_pillar_summary(db: Database) -> None:
    report = ind.indicator_report(db, "territory", VENDOMOIS, Period(2022))
    assert report is not None
    summary = ind.pillar_summary(report).set_index("pillar")
    # activités: companies 4/6, flows 7/14, synergies 4/2 capped at 1, waste 0,5, abandoned 0, jobs 1 → mean of
    # the capped shares
    assert summary.loc["activites_resultats", "with_target"] == 6
    assert summary.loc["activites_resultats", "achievement"] == pytest.approx((4 / 6 + 0.5 + 1 + 0.5 + 0 + 1) / 6)
    assert summary.loc["gouvernance", "achievement"] is None or summary.loc["gouvernance", "with_target"] == 0


# ---------------------------------------------------------------------------------------------- entry
def _entry(**changes: object) -> Entry:
    base = {
        "indicator_code": "fte_dedicated",
        "scope_type": ScopeType.TERRITORY,
        "scope_id": VENDOMOIS,
        "year": 2022,
        "quarter": 0,
        "value_kind": ValueKind.ACTUAL,
        "value": 2.5,
        "source": "Rapport d'activité 2022",
    }
    return Entry(**{**base, **changes})  # type: ignore[arg-type]


def test_entry_validation_messages(db: Database) -> None:
    definitions = {d.code: d for d in ind.catalogue(db)}
    today = D(2022, 11, 30)
    assert validate(_entry(), definitions["fte_dedicated"], today) == []
    problems = validate(_entry(value=-1.0, source=" "), definitions["fte_dedicated"], today)
    assert problems == [
        "La valeur doit être supérieure ou égale à 0 (ETP).",
        "Indiquez la source de la valeur (document, structure, fonction de la personne).",
    ]
    assert validate(_entry(value=1.234), definitions["fte_dedicated"], today) == [
        "La valeur a trop de décimales : 2 au plus pour cet indicateur (ETP)."
    ]
    assert validate(
        _entry(value=120.0, indicator_code="private_funding_share"), definitions["private_funding_share"], today
    ) == ["La valeur doit être inférieure ou égale à 100 (%)."]
    computed = validate(_entry(indicator_code="synergies", value=3.0), definitions["synergies"], today)
    assert computed[0].startswith("« Synergies (hors abandonnées) » est calculé")
    assert (
        validate(
            _entry(indicator_code="synergies", value_kind=ValueKind.TARGET, value=3.0), definitions["synergies"], today
        )
        == []
    )
    assert validate(_entry(value_kind=ValueKind.TARGET, quarter=2), definitions["fte_dedicated"], today) == [
        "Une valeur de type objectif porte sur l'année entière : choisissez « année entière »."
    ]
    assert validate(_entry(year=2023), definitions["fte_dedicated"], today) == [
        "La période n'a pas encore commencé : une valeur réalisée ou estimée ne peut pas être saisie."
    ]
    assert validate(_entry(year=1980), definitions["fte_dedicated"], today) == [
        "L'année doit être comprise entre 1990 et 2100."
    ]


def test_entry_keeps_a_history_and_writes_nothing_when_refused(writable_world_db: Database) -> None:
    first = dt.datetime(2022, 11, 1, 10, 0)
    created = save_entry(
        writable_world_db, _entry(indicator_code="copil_meetings", value=2.0), changed_by="animatrice", now=first
    )
    assert created.changed and created.previous_value is None
    updated = save_entry(
        writable_world_db, _entry(indicator_code="copil_meetings", value=3.0), now=first + dt.timedelta(days=1)
    )
    assert updated.value_id == created.value_id and updated.previous_value == 2.0
    unchanged = save_entry(
        writable_world_db, _entry(indicator_code="copil_meetings", value=3.0), now=first + dt.timedelta(days=2)
    )
    assert not unchanged.changed
    changes = history(writable_world_db, "territory", VENDOMOIS)
    assert changes[["changed_by", "previous_value", "new_value"]].astype(object).where(
        changes.notna(), None
    ).values.tolist() == [
        [None, 2.0, 3.0],
        ["animatrice", None, 2.0],
    ]
    report = ind.indicator_report(writable_world_db, "territory", VENDOMOIS, Period(2022))
    assert report is not None and report.result("copil_meetings").value.value == 3.0  # type: ignore[union-attr]

    before = writable_world_db.query_value("SELECT count(*) FROM indicator_value")
    with pytest.raises(EntryError) as refused:
        save_entry(writable_world_db, _entry(scope_id="epci:999999999"))
    assert refused.value.problems == ["Le territoire ou la démarche « epci:999999999 » n'existe pas."]
    assert writable_world_db.query_value("SELECT count(*) FROM indicator_value") == before
    assert writable_world_db.query_value("SELECT count(*) FROM indicator_value_history") == 2


# ------------------------------------------------------------------ same numbers as the synergies page
AGREEMENT_SCOPES = ("epci:200072072", "region:93", "departement:41")  # Vendômois, PACA, Loir-et-Cher


@pytest.mark.parametrize("territory_id", AGREEMENT_SCOPES)
@pytest.mark.parametrize("year", [2020, 2022, 2026])
def test_targets_page_synergy_figures_equal_the_synergies_page(demo_db_path, territory_id: str, year: int) -> None:
    """The indicators of the targets page and the funnel and impacts of the synergies page agree on the demo."""
    from dashboard.eit import synergies

    db = Database(demo_db_path, read_only=True)
    try:
        period = Period(year)
        values = ind.computed_values(db, territory_id, period, period.end)
        current = synergies.funnel(db, territory_id, period).current_counts()
        for code, status in ind.STATUS_INDICATORS.items():
            assert values[code].value == current[status], (code, territory_id, year)
        engaged = sum(n for s, n in current.items() if s != SynergyStatus.ABANDONED)
        assert values["synergies"].value == engaged
        totals = metrics.impact_totals(metrics.synergy_impacts(db, territory_id, period)).set_index("impact_kind")
        for code, kind in ind.IMPACT_INDICATORS.items():
            assert values[code].value == pytest.approx(totals.loc[kind.value, "value"])
        assert current[SynergyStatus.REALISED] > 0 or year == 2020
    finally:
        db.close()
