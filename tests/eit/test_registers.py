"""Registers core on the test world (tests/world/README.md §2, hand counts §6)."""

from __future__ import annotations

import pytest

from dashboard.db import Database
from dashboard.eit import registers
from dashboard.eit.registers import RegisterFilters
from dashboard.reference_data import load_reference_data
from tests.world.build import COMPANIES, MINERVOIS, VENDOMOIS


@pytest.fixture
def db(world_db: Database) -> Database:
    return world_db


def ids(frame) -> list[str]:
    return sorted(frame["company_id"])


def test_companies_of_the_territory(db: Database):
    companies = registers.companies(db, VENDOMOIS, RegisterFilters()).set_index("company_id")
    assert sorted(companies.index) == ["A", "B", "C", "E", "F"]  # D is in Saint-Pons
    assert companies.loc["A", "diagnostics"] == 2 and companies.loc["E", "diagnostics"] == 0  # dA1, dA2
    assert companies.loc["B", "flows_out"] == 2 and companies.loc["B", "flows_in"] == 0  # f4, f5
    assert companies.loc["A", "synergies"] == 2  # S1, S5
    assert companies.loc["C", "commune"] == "Saint-Ouen"
    assert ids(registers.companies(db, MINERVOIS, RegisterFilters())) == ["D"]
    assert ids(registers.companies(db, "commune:41226", RegisterFilters())) == ["C"]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (RegisterFilters(sector_families=("fabrication",)), ["B", "E"]),
        (RegisterFilters(categories=("dechet",)), ["A", "B"]),  # carton and palettes are under dechet
        (RegisterFilters(categories=("palettes",)), ["A"]),
        (RegisterFilters(categories=("dechet",), direction="in"), []),  # nobody takes in waste
        (RegisterFilters(categories=("dechet",), direction="out"), ["A", "B"]),
        (RegisterFilters(direction="in"), ["A", "C"]),  # f1, and C's undated f6
        (RegisterFilters(categories=("palettes", "energie")), ["A", "B"]),  # B's chaleur_fatale is energie
        (RegisterFilters(diagnostic_kinds=("flash",)), ["A"]),  # dA1 (dD1 is in Saint-Pons)
        (RegisterFilters(diagnostic_kinds=("complete", "biowaste")), ["A", "B"]),  # dA2, dB1
        (RegisterFilters(year=2022), ["A", "B"]),  # dA2, dB1
        (RegisterFilters(year=2022, sector_families=("fabrication",)), ["B"]),  # A is alimentation, E undiagnosed
        (RegisterFilters(search="VENDÔME"), ["A", "B", "E", "F"]),  # commune name, case-insensitive
        (RegisterFilters(search="25.11"), ["B"]),  # NAF code
        (RegisterFilters(search="beta"), ["B"]),  # name
    ],
)
def test_company_filters(db: Database, filters: RegisterFilters, expected: list[str]):
    assert ids(registers.companies(db, VENDOMOIS, filters)) == expected


def test_anonymised_companies(db: Database):
    companies = registers.companies(db, VENDOMOIS, RegisterFilters(), show_names=False).set_index("company_id")
    # numbered by id over the whole database (A 1 … F 6, D 4 in Saint-Pons): the same label in every table
    assert companies["name"].to_dict() == {
        "A": "Entreprise n° 1",
        "B": "Entreprise n° 2",
        "C": "Entreprise n° 3",
        "E": "Entreprise n° 5",
        "F": "Entreprise n° 6",
    }
    assert companies["longitude"].isna().all() and companies["siret"].isna().all()  # B's coordinates hidden
    assert registers.companies(db, VENDOMOIS, RegisterFilters(search="beta"), show_names=False).empty
    assert ids(registers.companies(db, VENDOMOIS, RegisterFilters(search="25.11"), show_names=False)) == ["B"]
    flows = registers.flows(db, VENDOMOIS, RegisterFilters(), show_names=False)
    assert not flows["company"].isin(["Alpha Cartonnage", "Beta Métal"]).any()


def test_diagnostics_and_flows_follow_the_filters(db: Database):
    assert registers.diagnostics(db, VENDOMOIS, RegisterFilters())["diagnostic_id"].tolist() == ["dB1", "dA2", "dA1"]
    assert registers.diagnostics(db, VENDOMOIS, RegisterFilters(year=2021))["diagnostic_id"].tolist() == ["dA1"]
    flows = registers.flows(db, VENDOMOIS, RegisterFilters(categories=("dechet",)))
    assert sorted(flows["flow_id"]) == ["f0", "f2", "f3", "f5"]  # A's incoming wedging is not a waste
    assert sorted(registers.flows(db, VENDOMOIS, RegisterFilters(direction="in"))["flow_id"]) == ["f1", "f6"]
    # recorded by a diagnostic of 2022 (dA2, dB1); C's undated f6 is in no year
    assert sorted(registers.flows(db, VENDOMOIS, RegisterFilters(year=2022))["flow_id"]) == ["f3", "f4", "f5"]
    assert len(registers.flows(db, VENDOMOIS, RegisterFilters())) == 7  # D's f7, f8 are outside


def test_flow_totals_annualise_mass_flows_only(db: Database):
    totals = registers.flow_totals(registers.flows(db, VENDOMOIS, RegisterFilters()))
    rows = totals.set_index(["direction", "category_code"])
    carton = rows.loc[("out", "carton")]
    # A 2 t × 12 months = 24 t and 500 kg × 52 weeks = 26 t; B 10 t yearly
    assert carton["flow_count"] == 3 and carton["companies"] == 2
    assert carton["tonnes_per_year"] == pytest.approx(60.0) and carton["mass_flows"] == 3
    assert rows.loc[("in", "emballages_calage"), "tonnes_per_year"] == pytest.approx(4.0)  # A 1 t + C 3 t
    assert rows.loc[("out", "palettes"), "tonnes_per_year"] == 0  # counted in pallets, never in tonnes
    assert rows.loc[("out", "chaleur_fatale"), "mass_flows"] == 0  # MWh
    assert totals["flow_count"].sum() == 7
    assert registers.flow_totals(registers.flows(db, VENDOMOIS, RegisterFilters(direction="in"))).shape[0] == 1
    assert registers.flow_totals(registers.flows(db, VENDOMOIS, RegisterFilters(search="nobody"))).empty


def test_company_sheet(db: Database):
    sheet = registers.company_sheet(db, VENDOMOIS, "A")
    assert sheet is not None
    assert sheet.company["name"] == "Alpha Cartonnage"
    assert sheet.diagnostics["diagnostic_id"].tolist() == ["dA2", "dA1"]  # latest first
    assert sorted(sheet.flows["flow_id"]) == ["f0", "f1", "f2", "f3"]
    synergy_rows = sheet.synergies.set_index("synergy_id")
    assert list(synergy_rows.index) == ["S1", "S5"]  # by identification date
    assert synergy_rows.loc["S1", "role"] == "supplier" and synergy_rows.loc["S1", "partners"] == "Gamma Plomberie"
    assert synergy_rows.loc["S5", "partners"] == "Beta Métal"
    c_rows = registers.company_sheet(db, VENDOMOIS, "C").synergies.set_index("synergy_id")
    assert c_rows.loc["S3", "partners"] == "Beta Métal, Delta Conserverie"  # every other participant, by id
    assert synergy_rows.loc["S5", "status"] == "realised"  # current status (11/04/2023), whatever the period
    e_rows = registers.company_sheet(db, VENDOMOIS, "E").synergies.set_index("synergy_id")
    assert list(e_rows.index) == ["S6", "S7"] and pd_isna(e_rows.loc["S6", "partners"])  # E alone in S6
    assert e_rows.loc["S7", "partners"] == "Beta Métal" and e_rows.loc["S7", "status"] == "in_progress"
    anonymous = registers.company_sheet(db, VENDOMOIS, "A", show_names=False)
    assert anonymous is not None and anonymous.company["name"] == "Entreprise n° 1"
    assert anonymous.synergies.set_index("synergy_id").loc["S1", "partners"] == "Entreprise n° 3"
    assert registers.company_sheet(db, VENDOMOIS, "D") is None  # not a Vendômois company


def pd_isna(value: object) -> bool:
    return value is None or value != value  # NaN is not equal to itself


def test_filter_options_and_campaigns(db: Database):
    options = registers.filter_options(db, VENDOMOIS)
    assert options["sectors"] == ["alimentation", "batiment", "fabrication", "services"]
    # categories used, with their ancestors so that a whole family can be picked
    assert options["categories"] == [
        "carton", "chaleur_fatale", "dechet", "emballages_calage", "energie", "matiere", "palettes",
    ]  # fmt: skip
    assert options["kinds"] == ["biowaste", "complete", "flash"]
    assert options["years"] == [2021, 2022]
    per_year = registers.diagnosed_per_year(db, VENDOMOIS)
    assert per_year.values.tolist() == [[2021, 1, 1], [2022, 2, 2]]  # A (dA1); A and B (dA2, dB1)


def test_nomenclature_and_compatibility_of_the_reference_data(empty_db: Database):
    with empty_db.transaction() as cur:
        load_reference_data(cur)
    tree = registers.nomenclature(empty_db)
    assert len(tree) == empty_db.query_value("SELECT count(*) FROM flow_category")
    position = {code: i for i, code in enumerate(tree["category_code"])}
    for code, parent in zip(tree["category_code"], tree["parent_code"], strict=True):
        if isinstance(parent, str):
            assert position[parent] < position[code]  # each category after its parent
    assert tree["category_code"].iloc[0] == "matiere"  # families in the FlowFamily order
    depth = tree.set_index("category_code")["depth"]
    assert depth["dechet"] == 0 and depth["carton"] == 1 and depth["archives_papier"] == 2
    table = registers.compatibility(empty_db).set_index(["output_category", "input_category"])
    assert table.loc[("boues_decarbonatation", "sous_couche_routiere"), "input_label"].startswith("Sous-couche")
    assert len(table) == empty_db.query_value("SELECT count(*) FROM flow_compatibility")


def test_no_company_name_leaves_the_core_when_names_are_hidden(db: Database):
    """COPIL mode calls these functions with show_names=False: no name may appear in any text cell."""
    from dashboard.eit import synergies

    names = [name for _, name, *_ in COMPANIES]
    frames = [
        registers.companies(db, VENDOMOIS, RegisterFilters(), show_names=False),
        registers.diagnostics(db, VENDOMOIS, RegisterFilters(), show_names=False),
        registers.flows(db, VENDOMOIS, RegisterFilters(), show_names=False),
    ]
    for company_id in ("A", "B", "C", "E", "F"):
        sheet = registers.company_sheet(db, VENDOMOIS, company_id, show_names=False)
        assert sheet is not None
        frames += [sheet.company.to_frame().T, sheet.diagnostics, sheet.flows, sheet.synergies]
    for synergy_id in ("S1", "S2", "S3", "S4", "S5", "S6", "S7"):
        detail = synergies.synergy_detail(db, synergy_id, show_names=False)
        assert detail is not None
        frames += [detail.synergy.to_frame().T, detail.participants, detail.history, detail.impacts]
    cells = " | ".join(str(value) for frame in frames for value in frame.astype(str).to_numpy().ravel())
    assert not [name for name in names if name in cells]
    assert "Entreprise n° 1" in cells  # the anonymous labels are there instead
