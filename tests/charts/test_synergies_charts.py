"""Charts of the synergies and registers pages: figure data, and titles that stand alone in a screenshot."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from dashboard.charts import TITLE_LINE_PX, TITLE_PAD_BOTTOM, TITLE_TOP_PX, ChartContext
from dashboard.charts.synergies import (
    SANKEY_MAX_CATEGORIES,
    flow_sankey_figure,
    funnel_figure,
    impact_basis_figure,
    types_per_year_figure,
)
from dashboard.db import Database
from dashboard.eit.registers import RegisterFilters, flow_totals, flows
from dashboard.eit.synergies import funnel, types_per_year
from dashboard.i18n import PLOTLY_SEPARATORS
from dashboard.scope import Period
from tests.world.build import VENDOMOIS

CONTEXT = ChartContext("CA Territoires Vendômois", "Année 2022", "synergies suivies", dt.date(2022, 11, 30), True)


@pytest.fixture
def db(world_db: Database) -> Database:
    """The test world (tests/world/README.md §2, hand counts §6)."""
    return world_db


def _title(fig: object) -> str:
    return fig.layout.title.text  # type: ignore[attr-defined]


def test_funnel_figure_shows_reached_counts_and_conversions(db: Database):
    fig = funnel_figure(funnel(db, VENDOMOIS, Period(2022)), CONTEXT)
    trace = fig.data[0]
    assert list(trace.x) == [5, 4, 3, 2]  # S1 S2 S5 S6 S7; S1 S5 S6 S7; S1 S6 S7; S1 S6
    assert list(trace.y) == ["Identifiée", "En étude", "En cours", "Réalisée"]
    assert trace.text[1] == "4 (80\u00a0% de l'étape précédente)"
    assert trace.text[2] == "3 (75\u00a0% de l'étape précédente)"  # S7 is in progress
    assert fig.layout.separators == PLOTLY_SEPARATORS
    for part in ("Entonnoir", "CA Territoires Vendômois", "Année 2022", "Source : synergies suivies", "30/11/2022"):
        assert part in _title(fig)
    assert "Abandonnées en fin de période : 1" in fig.layout.annotations[0].text  # S2


def test_empty_figures_say_so(db: Database):
    assert "Aucune synergie" in funnel_figure(funnel(db, VENDOMOIS, Period(2020)), CONTEXT).layout.annotations[0].text
    assert (
        "Aucun flux"
        in flow_sankey_figure(flow_totals(pd.DataFrame()), "flow_count", CONTEXT).layout.annotations[0].text
    )


def test_types_per_year_figure_stacks_both_types(db: Database):
    fig = types_per_year_figure(types_per_year(db, VENDOMOIS, Period(2022)), "identified", CONTEXT)
    assert [trace.name for trace in fig.data] == ["Synergie de substitution", "Synergie de mutualisation"]
    assert list(fig.data[0].y) == [1, 2] and list(fig.data[1].y) == [0, 2]  # 2021 S1; 2022 S2 S6 | S5 S7
    assert fig.layout.barmode == "stack"


def test_impact_basis_figure_has_one_row_per_impact_with_a_value():
    totals = pd.DataFrame(
        [
            {"impact_kind": "tonnes", "value": 200.0, "synergy_count": 2, "declared": 120.0, "computed": 0.0,
             "estimated": 80.0},
            {"impact_kind": "jobs", "value": 0.0, "synergy_count": 0, "declared": 0.0, "computed": 0.0,
             "estimated": 0.0},
        ]
    )  # fmt: skip
    fig = impact_basis_figure(totals, CONTEXT)
    assert [trace.name for trace in fig.data] == ["Déclaré", "Calculé", "Estimé"]
    assert list(fig.data[0].y) == ["Tonnes par an"]
    assert fig.data[0].x[0] == pytest.approx(60) and fig.data[2].x[0] == pytest.approx(40)


def test_sankey_goes_from_incoming_to_outgoing_categories(db: Database):
    totals = flow_totals(flows(db, VENDOMOIS, RegisterFilters()))
    fig = flow_sankey_figure(totals, "flow_count", CONTEXT)
    sankey = fig.data[0]
    labels = list(sankey.node.label)
    centre = list(sankey.node.customdata).index("Entreprises diagnostiquées")
    assert labels[centre] == ""  # named by an annotation above it, not beside it
    assert any(a.text == "<b>Entreprises diagnostiquées</b>" for a in fig.layout.annotations)
    assert labels[:centre] == ["Emballages et calage (2)"]  # one incoming category: A's f1, C's f6
    assert sorted(labels[centre + 1 :]) == ["Cartons et papiers (3)", "Chaleur fatale (1)", "Palettes usagées (1)"]
    assert sum(sankey.link.value) == 7  # every flow of the Vendômois once
    assert all(target == centre for source, target in zip(sankey.link.source, sankey.link.target, strict=True)
               if source < centre)  # fmt: skip
    tonnes = flow_sankey_figure(totals, "tonnes_per_year", CONTEXT).data[0]
    assert sorted(tonnes.node.label) == ["", "Cartons et papiers (60)", "Emballages et calage (4)"]  # no pallets, MWh
    assert sum(tonnes.link.value) == pytest.approx(64)  # 1 + 3 t in, 24 + 26 + 10 t out


def test_sankey_merges_the_smallest_categories():
    rows = pd.DataFrame(
        {
            "direction": "out",
            "category_code": [f"c{i}" for i in range(15)],
            "category": [f"Catégorie {i:02d}" for i in range(15)],
            "family": "dechet",
            "flow_count": list(range(15, 0, -1)),
        }
    )
    labels = list(flow_sankey_figure(rows, "flow_count", CONTEXT).data[0].node.label)
    assert len(labels) == 1 + SANKEY_MAX_CATEGORIES  # centre + the kept categories + "others"
    assert labels[-1] == "6 autres catégories (21)"  # 6 + 5 + 4 + 3 + 2 + 1


def test_sankey_cuts_long_labels_but_not_their_hover():
    name = "Déchets d'équipements électriques et électroniques (DEEE)"
    rows = pd.DataFrame({"direction": ["out"], "category_code": ["deee"], "category": [name], "family": ["dechet"],
                         "flow_count": [87]})  # fmt: skip
    node = flow_sankey_figure(rows, "flow_count", CONTEXT).data[0].node
    assert node.label[-1] == "Déchets d'équipements électriques… (87)"
    assert node.customdata[-1] == f"{name} (87)"


def test_sankey_title_has_a_fixed_room_above_the_centre_label():
    """Plotly lays a Sankey out before measuring its title: with automargin the PNG export (one draw) put the
    title over the top nodes. The room is the title's lines, and the centre node's label under them."""
    rows = pd.DataFrame({"direction": ["in", "out"], "category_code": ["a", "b"], "category": ["A", "B"],
                         "family": ["dechet", "dechet"], "flow_count": [3, 4]})  # fmt: skip
    fig = flow_sankey_figure(rows, "flow_count", CONTEXT)
    lines = fig.layout.title.text.count("<br>") + 1
    assert fig.layout.title.automargin is False and fig.layout.title.yref == "container"
    assert fig.layout.margin.t == TITLE_TOP_PX + lines * TITLE_LINE_PX + TITLE_PAD_BOTTOM
