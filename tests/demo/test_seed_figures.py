"""The real figures of the four source documents, exactly, in the built demo database.

Expected values are copied here from shared/seeds (not imported from dashboard.demo.seed_figures), so a typo in
the module fails these tests.
"""

from __future__ import annotations

import datetime as dt

from tests.demo.helpers import rows

D = dt.date


# ------------------------------------------------------------------------------------------ seed 002 Vendômois
def test_vendomois_programme(demo):
    assert rows(
        demo,
        "SELECT p.perimeter_territory_id, o.name, p.start_date, p.end_date, p.budget_eur, p.is_demo "
        "FROM programme p JOIN organisation o ON o.org_id = p.carrier_org_id WHERE p.programme_id = 'eit_vendomois'",
    ) == [("epci:200072072", "CCI Loir-et-Cher (CCI 41)", D(2018, 4, 1), D(2022, 6, 30), 120_472 + 100_000, False)]
    figures = dict(
        rows(demo, "SELECT figure_code, value FROM programme_key_figure WHERE programme_id = 'eit_vendomois'")
    )
    assert figures == {"agents": 5, "companies_diagnosed": 70, "flows_recorded": 1000}
    assert rows(demo, "SELECT kind FROM organisation WHERE org_id = 'cma41'") == [("cma",)]


def test_vendomois_reference_and_targets(demo):
    values = rows(
        demo,
        "SELECT indicator_code, period_year, value_kind, value, provenance, is_demo FROM indicator_value "
        "WHERE programme_id = 'eit_vendomois' ORDER BY indicator_code, period_year",
    )
    assert values == [
        ("companies_mobilised", 2019, "reference", 70, "declared", False),
        ("companies_mobilised", 2020, "target", 80, "declared", False),
        ("companies_mobilised", 2022, "target", 100, "declared", False),
        ("jobs_created", 2022, "target", 1, "declared", False),
        ("synergies", 2019, "reference", 3, "declared", False),
        ("synergies", 2020, "target", 12, "declared", False),
        ("synergies", 2022, "target", 24, "declared", False),
        ("workshops_meetings", 2019, "reference", 2, "declared", False),
        ("workshops_meetings", 2020, "target", 6, "declared", False),
        ("workshops_meetings", 2022, "target", 12, "declared", False),
    ]
    # "Sans objet": no value at all for energy impact and GHG emissions (a stored 0 would read as a target)
    assert rows(
        demo, "SELECT count(*) FROM indicator_value WHERE indicator_code IN ('energy_impact', 'ghg_avoided')"
    ) == [(0,)]
    # the indicators of the sheet are all in the catalogue
    assert rows(
        demo,
        "SELECT count(*) FROM indicator WHERE indicator_code IN ('companies_mobilised', 'synergies', "
        "'workshops_meetings', 'energy_impact', 'ghg_avoided', 'jobs_created')",
    ) == [(6,)]


# (funder label, envelope, {period label: amount}) — the plan of the sheet, line by line.
VENDOMOIS_PHASE_1 = [
    ("ADEME", 25_747, {"2018": 6_437, "2019": 12_874, "1er semestre 2020": 6_437}),
    ("CPER", 10_137, {"2018": 2_534, "2019": 5_069, "1er semestre 2020": 2_534}),
    ("Conseil régional", 12_902, {"2018": 3_226, "2019": 6_451, "1er semestre 2020": 3_226}),
    ("FEDER", 4_860, {"2018": 1_215, "2019": 2_430, "1er semestre 2020": 1_215}),
    ("LEADER", 20_000, {"2018": 5_000, "2019": 10_000, "1er semestre 2020": 5_000}),
    ("CCI", 38_321, {"2018": 9_580, "2019": 19_161, "1er semestre 2020": 9_580}),
    ("CMA", 8_505, {"2018": 2_126, "2019": 4_253, "1er semestre 2020": 2_126}),
]
VENDOMOIS_PHASE_2 = [
    (
        "Demande en cours pour prolonger l'opération et répartition des financeurs à préciser",
        80_000,
        {"2e semestre 2020": 20_000, "2021": 40_000, "1er semestre 2022": 20_000},
    ),
    ("CCI/CMA", 20_000, {"2e semestre 2020": 5_000, "2021": 10_000, "1er semestre 2022": 5_000}),
]


def _funding(demo, phase_pattern: str) -> list[tuple[str, int, dict[str, int]]]:
    envelopes = rows(
        demo,
        "SELECT envelope_id, funder_label, amount_eur FROM funding_envelope "
        "WHERE programme_id = 'eit_vendomois' AND phase_label LIKE $p ORDER BY amount_eur DESC, funder_label",
        {"p": phase_pattern},
    )
    result = []
    for envelope_id, funder, amount in envelopes:
        lines = rows(
            demo, "SELECT period_label, amount_eur FROM funding_line WHERE envelope_id = $e", {"e": envelope_id}
        )
        result.append((funder, int(amount), {label: int(value) for label, value in lines}))
    return result


def test_vendomois_funding_plan_line_by_line(demo):
    expected_1 = sorted(VENDOMOIS_PHASE_1, key=lambda e: (-e[1], e[0]))
    assert _funding(demo, "%2018/2020%") == expected_1
    assert _funding(demo, "%2020/2022%") == VENDOMOIS_PHASE_2
    assert sum(amount for _, amount, _ in VENDOMOIS_PHASE_1) == 120_472  # the sheet's total
    # ADEME and Région lines add up to 1 € more than their envelope in the source: kept as stated
    lines = dict(
        rows(
            demo,
            "SELECT e.funder_label, sum(l.amount_eur) FROM funding_line l JOIN funding_envelope e USING (envelope_id) "
            "WHERE e.funder_label IN ('ADEME', 'Conseil régional') GROUP BY 1",
        )
    )
    assert {k: int(v) for k, v in lines.items()} == {"ADEME": 25_748, "Conseil régional": 12_903}
    periods = rows(
        demo,
        "SELECT DISTINCT period_label, year, period_start, period_end FROM funding_line l "
        "JOIN funding_envelope e USING (envelope_id) WHERE e.programme_id = 'eit_vendomois' ORDER BY period_start",
    )
    assert periods == [
        ("2018", 2018, D(2018, 1, 1), D(2018, 12, 31)),
        ("2019", 2019, D(2019, 1, 1), D(2019, 12, 31)),
        ("1er semestre 2020", 2020, D(2020, 1, 1), D(2020, 6, 30)),
        ("2e semestre 2020", 2020, D(2020, 7, 1), D(2020, 12, 31)),
        ("2021", 2021, D(2021, 1, 1), D(2021, 12, 31)),
        ("1er semestre 2022", 2022, D(2022, 1, 1), D(2022, 6, 30)),
    ]


def test_vendomois_copil_of_january_2019_is_real(demo):
    assert rows(
        demo, "SELECT event_kind, event_date, is_demo FROM event WHERE event_id = 'vendomois-copil-2019-01'"
    ) == [("copil", D(2019, 1, 31), False)]


# ------------------------------------------------------------------------------------------ seed 001 CDCMC
def test_cdcmc_convention_2026(demo):
    assert rows(
        demo,
        "SELECT territory_id, start_date, end_date, signed_on, ceiling_eur, payment_rule, is_demo FROM convention",
    ) == [("epci:200066348", D(2026, 1, 1), D(2026, 12, 31), D(2026, 1, 23), 4_000, "pro_rata", False)]
    parties = rows(
        demo,
        "SELECT o.name, p.role FROM convention_party p JOIN organisation o USING (org_id) ORDER BY p.role",
    )
    assert [role for _, role in parties] == ["beneficiary", "payer"]
    assert "CMAR Occitanie" in parties[0][0] and "CMA" in parties[0][0]
    assert "Minervois au Caroux" in parties[1][0]
    actions = rows(
        demo,
        "SELECT flat_amount_eur, committed_quantity, realised_quantity, label FROM convention_action "
        "ORDER BY flat_amount_eur",
    )
    assert [(int(a), q, r) for a, q, r, _ in actions] == [(500, 1, None), (1_000, 2, None), (2_500, 5, None)]
    assert "Géométiers Occitanie" in actions[0][3]
    assert "deux réunions thématiques" in actions[1][3]
    assert all(label in actions[2][3] for label in ("Éco-Défis", "Répar'Acteurs", "Zéro déchet", "énergie"))
    assert sum(int(a) for a, *_ in actions) <= 4_000


# ------------------------------------------------------------------------------------------ seed 004 PACA
# programme: (carrier org id, perimeter, start year, budget €, FTE)
PACA_PROGRAMMES = {
    "adeto": ("adeto", "perimetre:pole-toulon-ouest", 2015, 98_000, 0.65),
    "argile_circulaire": ("argile", "epci:200054807", None, 80_000, None),
    "authentic_provence": ("authentic_provence", "region:93", 2013, 25_000, None),
    "cavem": ("cavem", "epci:200035319", 2015, 85_000, 1.0),
    "ebg": ("ebg", "perimetre:bois-de-grasse", 2015, 123_525, 0.2),
    "entrepreneurs_sorgues": ("entrepreneurs_sorgues", "epci:248400319", 2018, 185_000, 1.0),
    "piicto": ("piicto", "perimetre:caban-tonkin", 2014, 250_000, 1.6),
    "club_pal": ("club_pal", "perimetre:parc-laurentin", 2015, 66_825, 1.0),
}
CUSTOM_PERIMETERS = {
    "perimetre:pole-toulon-ouest": [
        "commune:83090",
        "commune:83126",
        "commune:83129",
    ],  # Ollioules, La Seyne, Six-Fours
    "perimetre:bois-de-grasse": ["commune:06069"],  # Grasse
    "perimetre:caban-tonkin": ["commune:13039"],  # Fos-sur-Mer
    "perimetre:parc-laurentin": ["commune:06123"],  # Saint-Laurent-du-Var
}
# Every "chiffre clé" of the collection.
PACA_KEY_FIGURES = {
    "adeto": [260, 160, 7, 50, 20, 15],
    "argile_circulaire": [30, 6, 4],
    "authentic_provence": [40, 4, 10, 18, 8_000],
    "cavem": [10, 29, 6, 5, 530, 4],
    "ebg": [35, 18, 3],
    "entrepreneurs_sorgues": [90, 73, 30, 12, 2, 103],
    "piicto": [39, 16, 10, 35.9, 4_800, 23],
    "club_pal": [4, 70, 4],
}
# (réalisées, en cours, en perspective) as listed by each sheet.
PACA_SYNERGIES = {
    "adeto": (3, 3, 0),
    "argile_circulaire": (0, 4, 4),
    "authentic_provence": (2, 1, 3),
    "cavem": (8, 3, 1),
    "ebg": (2, 1, 1),
    "entrepreneurs_sorgues": (3, 3, 5),
    "piicto": (3, 2, 1),
    "club_pal": (3, 3, 1),
}
# Funders with an amount in the sheets: (programme, amount €)
PACA_FUNDING = sorted(
    [
        ("adeto", 32_400),  # ADEME
        ("adeto", 32_400),  # Région
        ("authentic_provence", 20_000),  # mécénat at the launch
        ("ebg", 98_820),  # ADEME-Région
        ("entrepreneurs_sorgues", 70_000),  # Région
        ("entrepreneurs_sorgues", 41_127),  # ADEME
        ("entrepreneurs_sorgues", 9_000),  # communauté de communes
        ("club_pal", 44_178),
    ]
)


def test_paca_programmes(demo):
    found = {
        programme_id: (carrier, perimeter, start.year if start else None, int(budget), fte)
        for programme_id, carrier, perimeter, start, budget, fte in rows(
            demo,
            "SELECT programme_id, carrier_org_id, perimeter_territory_id, start_date, budget_eur, fte FROM programme "
            "WHERE programme_id <> 'eit_vendomois'",
        )
    }
    assert found == PACA_PROGRAMMES
    for perimeter, communes in CUSTOM_PERIMETERS.items():
        members = rows(
            demo, "SELECT commune_id FROM territory_commune WHERE territory_id = $t ORDER BY 1", {"t": perimeter}
        )
        assert [m for (m,) in members] == communes, perimeter
    # approximate or annual budgets keep the document's wording
    notes = dict(rows(demo, "SELECT programme_id, budget_note FROM programme"))
    assert "Environ 80 000 €" in notes["argile_circulaire"]
    assert "annuel" in notes["authentic_provence"] and "annuel" in notes["piicto"]
    assert "92 jours" in notes["argile_circulaire"]


def test_paca_key_figures_all_present(demo):
    for programme_id, expected in PACA_KEY_FIGURES.items():
        values = rows(demo, "SELECT value FROM programme_key_figure WHERE programme_id = $p", {"p": programme_id})
        assert sorted(v for (v,) in values) == sorted(expected), programme_id
    named = dict(rows(demo, "SELECT programme_id || '.' || figure_code, value FROM programme_key_figure"))
    assert named["piicto.kilotonnes_valorised"] == 35.9 and named["piicto.tco2_avoided"] == 4_800
    assert named["adeto.members"] == 260 and named["adeto.potential_synergies"] == 160


def test_paca_synergies_by_status(demo):
    counts = rows(
        demo,
        "SELECT programme_id, status, count(*) FROM synergy_current WHERE origin = 'seed' AND programme_id <> "
        "'eit_vendomois' GROUP BY ALL",
    )
    found: dict[str, list[int]] = {p: [0, 0, 0] for p in PACA_SYNERGIES}
    position = {"realised": 0, "in_progress": 1, "identified": 2}
    for programme_id, status, count in counts:
        found[programme_id][position[status]] = count
    assert {p: tuple(c) for p, c in found.items()} == PACA_SYNERGIES
    assert rows(demo, "SELECT count(*) FROM synergy WHERE origin = 'seed' AND is_demo") == [(0,)]


def test_piicto_synergy_quantities(demo):
    impacts = rows(
        demo,
        "SELECT i.impact_kind, i.value, i.basis, c.status FROM synergy_impact i JOIN synergy_current c "
        "USING (synergy_id) WHERE c.programme_id = 'piicto' ORDER BY i.value",
    )
    assert impacts == [
        ("tco2e", 200, "declared", "realised"),  # local HCl 33 % supply
        ("tco2e", 2_000, "estimated", "in_progress"),  # HyaMMED
        ("water_m3", 3_500, "declared", "realised"),  # demineralised water surplus
        ("tonnes", 16_000, "declared", "realised"),  # decarbonation sludge into road sub-layers
    ]
    categories = dict(
        rows(demo, "SELECT category_code, count(*) FROM synergy WHERE programme_id = 'piicto' GROUP BY 1")
    )
    assert categories["boues_decarbonatation"] == 1 and categories["eau_demineralisee"] == 1
    assert categories["acide_chlorhydrique"] == 1 and categories["hydrogene"] == 1


def test_paca_funders(demo):
    found = rows(
        demo,
        "SELECT programme_id, amount_eur FROM funding_envelope WHERE programme_id <> 'eit_vendomois' ORDER BY ALL",
    )
    assert [(p, int(a)) for p, a in found] == PACA_FUNDING
