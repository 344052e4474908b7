"""Programmes: list by territory, sheet, and comparison on a small frozen fixture counted by hand.

Fixture (test geography: Vendômois EPCI = Vendôme 41269 + Saint-Ouen 41226; Minervois EPCI = Saint-Pons 34284 +
Courniou 34099):
- "ven" (perimeter: the Vendômois EPCI), budget 1 000 €, 0,5 FTE, one funder; key figures actors_engaged 10,
  diagnostics_complete 3 + diagnostics_biowaste 2, kilotonnes_valorised 1,5, agents 4 (left out);
  synergies S1 realised (impacts 12 t declared, 3 tCO2e estimated), S2 identified then in study, S3 abandoned.
- "cou" (perimeter: a custom perimeter made of Courniou), no budget, no FTE; key figures members 40,
  substitution_identified 3 + mutualisation_identified 2, potential_synergies 99 (a later alternative: unused),
  synergies_2019 4, tco2_avoided 7.
- "stou" (perimeter: the commune of Saint-Ouen), no key figure.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.codes import SynergyStatus
from dashboard.db import Database
from dashboard.demo.seed_figures import PACA_PROGRAMMES, VENDOMOIS
from dashboard.eit import programmes
from dashboard.eit.programmes import (
    KEY_FIGURE_MAPPING,
    LEFT_OUT_FIGURES,
    ComparisonRow,
    figure_text,
    mapped_value,
    short_name,
    short_source,
)

D = dt.date


@pytest.fixture
def programme_db(geo_db: Database) -> Database:
    with geo_db.transaction() as cur:
        cur.executemany(
            "INSERT INTO organisation VALUES (?, ?, ?)",
            [("cci", "CCI test", "cci"), ("asso", "Association test", "association"), ("ademe", "ADEME", "ademe")],
        )
        cur.execute(
            "INSERT INTO territory (territory_id, level, code, name, source) "
            "VALUES ('perimetre:zone-cou', 'perimetre', 'zone-cou', 'Zone de Courniou', 'test')"
        )
        cur.execute("INSERT INTO territory_membership VALUES ('commune:34099', 'perimetre:zone-cou')")
        cur.executemany(
            "INSERT INTO programme (programme_id, name, carrier_org_id, perimeter_territory_id, start_date, end_date,"
            " budget_eur, budget_note, fte, description, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                ("ven", "Vendômois test – une démarche", "cci", "epci:200072072", D(2018, 4, 1), D(2022, 6, 30),
                 1000, "budget total", 0.5, "Description", "Fiche Vendômois"),
                ("cou", "Courniou test", "asso", "perimetre:zone-cou", None, None, None, None, None, None,
                 "Recueil test"),
                ("stou", "Saint-Ouen test", "cci", "commune:41226", D(2020, 1, 1), None, 50, None, 1.0, None,
                 "Fiche Saint-Ouen"),
            ],
        )  # fmt: skip
        cur.executemany(
            "INSERT INTO programme_key_figure VALUES (?, ?, ?, ?, ?, ?)",
            [
                ("ven", "actors_engaged", "Acteurs engagés", 10, "acteurs", "Fiche Vendômois"),
                ("ven", "diagnostics_complete", "Diagnostics complets", 3, "diagnostics", "Fiche Vendômois"),
                ("ven", "diagnostics_biowaste", "Diagnostics biodéchets", 2, "diagnostics", "Fiche Vendômois"),
                ("ven", "kilotonnes_valorised", "Kilotonnes valorisées", 1.5, "kt/an", "Fiche Vendômois"),
                ("ven", "agents", "Agents", 4, "agents", "Fiche Vendômois"),
                ("cou", "members", "Adhérents", 40, "adhérents", "Recueil test"),
                ("cou", "substitution_identified", "Substitutions identifiées", 3, "synergies", "Recueil test"),
                ("cou", "mutualisation_identified", "Mutualisations identifiées", 2, "synergies", "Recueil test"),
                ("cou", "potential_synergies", "Synergies potentielles", 99, "synergies", "Recueil test"),
                ("cou", "synergies_2019", "Synergies mises en œuvre en 2019", 4, "synergies", "Recueil test"),
                ("cou", "tco2_avoided", "Tonnes de CO2 évitées", 7, "tCO2/an", "Recueil test"),
            ],
        )
        cur.execute(
            "INSERT INTO funding_envelope VALUES ('e1', 'ven', 'ademe', 'ADEME', 'Phase 1', 600, 'secured', 'Fiche')"
        )
        cur.executemany(
            "INSERT INTO synergy (synergy_id, title, synergy_type, programme_id, territory_id, origin, source) "
            "VALUES (?, ?, ?, 'ven', 'epci:200072072', 'seed', 'Fiche Vendômois')",
            [
                ("S1", "Cartons", "substitution"),
                ("S2", "Achat groupé", "mutualisation"),
                ("S3", "Palettes", "substitution"),
            ],
        )
        cur.executemany(
            "INSERT INTO synergy_status_event (synergy_id, status, event_date, abandonment_reason) VALUES (?, ?, ?, ?)",
            [
                ("S1", "identified", D(2019, 1, 1), None),
                ("S1", "realised", D(2020, 1, 1), None),
                ("S2", "identified", D(2019, 1, 1), None),
                ("S2", "in_study", D(2019, 6, 1), None),
                ("S3", "identified", D(2019, 1, 1), None),
                ("S3", "abandoned", D(2019, 9, 1), "distance"),
            ],
        )
        cur.executemany(
            "INSERT INTO synergy_impact VALUES ('S1', ?, ?, ?, 'Fiche Vendômois', DATE '2020-01-01')",
            [("tco2e", 3, "estimated"), ("tonnes", 12, "declared")],
        )
    return geo_db


@pytest.mark.parametrize(
    ("territory_id", "expected"),
    [
        ("epci:200072072", {"ven", "stou"}),  # Saint-Ouen is a commune of the Vendômois EPCI
        ("commune:41269", {"ven"}),  # Vendôme: only the EPCI-wide programme covers it
        ("commune:41226", {"ven", "stou"}),
        ("epci:200066348", {"cou"}),  # the Courniou perimeter lies in the Minervois EPCI
        ("commune:34284", set()),  # Saint-Pons: no programme
        ("region:24", {"ven", "stou"}),
        (None, {"ven", "cou", "stou"}),
    ],
)
def test_programmes_whose_perimeter_meets_the_territory(
    programme_db: Database, territory_id: str | None, expected: set[str]
) -> None:
    listed = programmes.programmes_for_territory(programme_db, territory_id)
    assert set(listed["programme_id"]) == expected


def test_programme_sheet(programme_db: Database) -> None:
    detail = programmes.programme_detail(programme_db, "ven")
    assert detail is not None
    assert (detail.carrier, detail.perimeter, detail.perimeter_level) == (
        "CCI test",
        "CA Territoires Vendômois",
        "epci",
    )
    assert (detail.start, detail.end) == (D(2018, 4, 1), D(2022, 6, 30))
    assert (detail.budget_eur, detail.budget_note, detail.fte) == (1000.0, "budget total", 0.5)
    assert detail.funders[["funder_label", "amount_eur", "status"]].values.tolist() == [["ADEME", 600.0, "secured"]]
    assert detail.key_figures["figure_code"].tolist()[:2] == ["actors_engaged", "diagnostics_complete"]
    # current status = latest dated event; realised first, abandoned last
    assert detail.synergy_counts() == {
        SynergyStatus.REALISED: 1,
        SynergyStatus.IN_STUDY: 1,
        SynergyStatus.ABANDONED: 1,
    }
    assert detail.synergies["synergy_id"].tolist() == ["S1", "S2", "S3"]
    # impacts in the schema's order (tonnes before tCO2e), with their basis
    assert detail.impacts[["impact_kind", "value", "basis"]].values.tolist() == [
        ["tonnes", 12.0, "declared"],
        ["tco2e", 3.0, "estimated"],
    ]


def test_programme_sheet_without_optional_fields(programme_db: Database) -> None:
    detail = programmes.programme_detail(programme_db, "cou")
    assert detail is not None
    assert (detail.start, detail.end, detail.budget_eur, detail.budget_note, detail.fte) == (None,) * 5
    assert detail.funders.empty and detail.synergies.empty and detail.synergy_counts() == {}
    assert programmes.programme_detail(programme_db, "missing") is None


def test_comparison_maps_each_wording_onto_its_row(programme_db: Database) -> None:
    comparison = programmes.comparison(programme_db)
    # programmes without key figures are not compared by default
    assert comparison.values.columns.tolist() == ["cou", "ven"]
    assert comparison.values.index.tolist() == [row.value for row in ComparisonRow]
    ven, cou = comparison.values["ven"], comparison.values["cou"]
    assert ven["actors"] == 10 and cou["actors"] == 40  # actors_engaged / members
    assert ven["diagnostics"] == 5  # 3 complete + 2 biowaste
    assert cou["synergies_identified"] == 5  # 3 substitution + 2 mutualisation; potential_synergies (99) unused
    assert cou["synergies_realised"] == 4  # synergies_2019
    assert ven["tonnes"] == 1500  # 1,5 kt
    assert cou["tco2"] == 7
    assert ven["budget_eur"] == 1000 and ven["fte"] == 0.5
    # not published: NaN, never 0
    for row, programme in [
        ("diagnostics", "cou"),
        ("synergies_identified", "ven"),
        ("synergies_realised", "ven"),
        ("tonnes", "cou"),
        ("tco2", "ven"),
        ("budget_eur", "cou"),
        ("fte", "cou"),
    ]:
        assert pd.isna(comparison.values.loc[row, programme]), (row, programme)
    assert comparison.origins.loc["diagnostics", "ven"] == (
        "Diagnostics complets (3 diagnostics) + Diagnostics biodéchets (2 diagnostics)"
    )
    assert comparison.origins.loc["tonnes", "ven"] == "Kilotonnes valorisées (1,5 kt/an)"
    assert comparison.origins.loc["budget_eur", "ven"] == "budget total"
    assert comparison.origins.loc["tonnes", "cou"] == ""
    assert comparison.sources == ["Fiche Vendômois", "Recueil test"]
    assert comparison.names == {"cou": "Courniou test", "ven": "Vendômois test – une démarche"}


def test_comparison_of_chosen_programmes(programme_db: Database) -> None:
    comparison = programmes.comparison(programme_db, ("stou", "ven"))
    assert comparison.values.columns.tolist() == ["stou", "ven"]
    assert comparison.values["stou"].drop(["budget_eur", "fte"]).isna().all()
    assert comparison.values.loc["budget_eur", "stou"] == 50


def test_first_published_alternative_wins() -> None:
    published = {"b": ("B", 2.0), "c": ("C", 3.0), "d": ("D", 4.0)}
    assert mapped_value(published, (("a",), ("b", "c"), ("d",))) == (5.0, ["b", "c"])
    assert mapped_value(published, (("x",),)) == (None, [])
    assert mapped_value({"kilotonnes_valorised": ("kt", 35.9)}, (("kilotonnes_valorised",),))[0] == pytest.approx(
        35_900
    )


def test_french_codes_of_imported_figures_are_mapped() -> None:
    # the import template's example code (data/templates/programme_key_figures.csv)
    realised = KEY_FIGURE_MAPPING[ComparisonRow.SYNERGIES_REALISED]
    assert mapped_value({"synergies_realisees": ("Synergies réalisées", 3.0)}, realised) == (
        3.0,
        ["synergies_realisees"],
    )


def test_every_seed_figure_is_mapped_or_left_out_on_purpose() -> None:
    mapped = {code for alternatives in KEY_FIGURE_MAPPING.values() for codes in alternatives for code in codes}
    assert not mapped & LEFT_OUT_FIGURES
    seed_codes = {figure.code for programme in (VENDOMOIS, *PACA_PROGRAMMES) for figure in programme.key_figures}
    assert seed_codes <= mapped | LEFT_OUT_FIGURES, seed_codes - mapped - LEFT_OUT_FIGURES


def test_names_and_figures_as_published() -> None:
    assert short_name("PIICTO – Démarche EIT de la plateforme") == "PIICTO"
    assert short_name("EIT sur le Vendômois") == "EIT sur le Vendômois"
    assert short_source("CTE Pays Vendômois, fiche-action n°3.2 (26/06/2019)") == "CTE Pays Vendômois"
    assert short_source("Recueil test") == "Recueil test"
    assert [figure_text(v) for v in (35.9, 4800, 0.65, 1.0)] == ["35,9", "4\u202f800", "0,65", "1"]
