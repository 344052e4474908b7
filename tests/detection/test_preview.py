"""The detection page's data: one table of proposals, filters, map segments, accepting and reading back."""

from __future__ import annotations

import datetime as dt
import math

import pandas as pd
import pytest

from dashboard.codes import FlowFamily, SynergyType
from dashboard.db import Database
from dashboard.detection import DetectionResult, accept_proposal, dismiss_proposal
from dashboard.detection.preview import (
    KM_PER_DEGREE_LATITUDE,
    PROPOSAL_COLUMNS,
    created_synergy,
    detection_preview,
    filter_proposals,
    proposal_for_key,
    proposal_segments,
    proposals_table,
    segments_bounds,
)
from tests.detection.fixtures import (
    CATEGORIES,
    EXPECTED_SUBSTITUTIONS_10_KM,
    MUTUALISATION_COMPANIES,
    SUBSTITUTION_COMPANIES,
    SUBSTITUTION_FLOWS,
    insert_fixture,
    place,
    run_mutualisations,
    run_substitutions,
)

VENDOMOIS = "epci:200072072"


def _table():
    return proposals_table(DetectionResult(run_substitutions(), run_mutualisations()), CATEGORIES)


def test_one_table_of_both_kinds_best_first() -> None:
    table = _table()
    assert list(table.columns) == PROPOSAL_COLUMNS
    assert (table["synergy_type"] == "substitution").sum() == len(EXPECTED_SUBSTITUTIONS_10_KM)
    assert (table["synergy_type"] == "mutualisation").sum() == len(run_mutualisations())
    assert table["score"].is_monotonic_decreasing
    carton = table[table["company_ids"] == ("V01", "V02")].iloc[0]
    assert (carton["family"], carton["category_code"], carton["company_count"]) == ("dechet", "dechet_carton", 2)
    training = table[table["category_code"] == "competence_formation_reglementaire"].iloc[0]
    assert training["family"] == "competence"
    assert training["company_ids"][0] == "M01" and set(training["company_ids"]) == {"M01", "M02", "M03", "M04"}


def test_empty_detection_gives_an_empty_table() -> None:
    empty = DetectionResult(run_substitutions().iloc[0:0], run_mutualisations().iloc[0:0])
    table = proposals_table(empty, CATEGORIES)
    assert table.empty and list(table.columns) == PROPOSAL_COLUMNS


def test_filters_by_type_family_and_score() -> None:
    table = _table()
    only_mutualisations = filter_proposals(table, types=[SynergyType.MUTUALISATION])
    assert set(only_mutualisations["synergy_type"]) == {"mutualisation"}
    energy = filter_proposals(table, families=[FlowFamily.ENERGIE])
    assert set(energy["family"]) == {"energie"}
    assert set(map(tuple, energy.loc[energy["synergy_type"] == "substitution", "company_ids"])) == {
        ("V06", "V05"),
        ("V06", "V09"),
    }
    assert len(filter_proposals(table, families=[])) == len(table)  # no family chosen: all
    good = filter_proposals(table, min_score=0.8)
    assert (good["score"] >= 0.8).all() and len(good) == int((table["score"] >= 0.8).sum())
    assert filter_proposals(table, types=[]).empty


def test_segments_join_both_ends_and_stars_from_the_centre() -> None:
    table = _table()
    companies = pd.concat([SUBSTITUTION_COMPANIES, MUTUALISATION_COMPANIES], ignore_index=True)
    segments = proposal_segments(table, companies)
    pair = segments[(segments["from_id"] == "V01") & (segments["to_id"] == "V02")].iloc[0]
    assert (pair["from_lon"], pair["from_lat"]) == place("V", 0.0)
    assert (pair["to_lon"], pair["to_lat"]) == pytest.approx(place("V", 3.2))
    assert pair["from_name"] == "Cartonnerie Dupuis" and pair["to_name"] == "Emballages Martin"
    training_key = table.loc[table["category_code"] == "competence_formation_reglementaire", "proposal_key"].iloc[0]
    star = segments[segments["proposal_key"] == training_key]
    assert set(star["from_id"]) == {"M01"} and set(star["to_id"]) == {"M02", "M03", "M04"}
    assert len(proposal_segments(table, companies[companies["company_id"] != "V02"])) == len(segments) - 2


def test_segments_bounds_widen_a_short_pair() -> None:
    table = _table()
    pair = table[table["company_ids"] == ("V01", "V02")]  # 3.2 km due north
    segments = proposal_segments(pair, SUBSTITUTION_COMPANIES)
    bounds = segments_bounds(segments, min_span_km=3.0)
    (lon, lat_south), (_, lat_north) = place("V", 0.0), place("V", 3.2)
    assert (bounds.south, bounds.north) == pytest.approx((lat_south, lat_north))  # already 3.2 km tall
    width_km = (
        (bounds.east - bounds.west) * KM_PER_DEGREE_LATITUDE * math.cos(math.radians((lat_south + lat_north) / 2))
    )
    assert width_km == pytest.approx(3.0)  # widened from 0 km, centred on the pair
    assert (bounds.west + bounds.east) / 2 == pytest.approx(lon)
    assert segments_bounds(segments.iloc[0:0]) is None


def test_preview_accept_and_read_back(geo_db: Database) -> None:
    insert_fixture(geo_db, SUBSTITUTION_COMPANIES, SUBSTITUTION_FLOWS)
    preview = detection_preview(geo_db, VENDOMOIS, 10.0)
    assert preview.flow_count == 11 and len(preview.companies) == 10  # the V site's companies and flows
    key = preview.proposals.loc[preview.proposals["company_ids"] == ("V01", "V02"), "proposal_key"].iloc[0]
    proposal = proposal_for_key(preview, key)
    synergy_id = accept_proposal(geo_db, proposal, territory_id=VENDOMOIS, on=dt.date(2026, 3, 2))
    created = created_synergy(geo_db, synergy_id)
    assert created is not None and created.status == "identified"
    assert created.synergy_type == SynergyType.SUBSTITUTION
    assert created.participants == (
        ("V01", "Cartonnerie Dupuis", "supplier"),
        ("V02", "Emballages Martin", "receiver"),
    )
    other = preview.proposals["proposal_key"].iloc[-1]
    dismiss_proposal(geo_db, other, "déjà en place")
    again = detection_preview(geo_db, VENDOMOIS, 10.0)
    assert key not in set(again.proposals["proposal_key"]) and other not in set(again.proposals["proposal_key"])
    assert len(again.proposals) == len(preview.proposals) - 2
    assert created_synergy(geo_db, "SYN-NONE") is None
    with pytest.raises(KeyError):
        proposal_for_key(again, key)


def test_preview_without_flows(geo_db: Database) -> None:
    preview = detection_preview(geo_db, VENDOMOIS, 10.0)
    assert preview.flow_count == 0 and preview.proposals.empty
