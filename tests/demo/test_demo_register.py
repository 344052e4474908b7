"""The demo's establishment register: flagged, within the data date, and giving back the demo's artisan_stat
through the register path (dashboard.artisanat.register.aggregate_establishments)."""

from __future__ import annotations

import pandas as pd

from dashboard.artisanat.register import aggregate_establishments, naf_family
from dashboard.demo.build import DEMO_AS_OF
from dashboard.demo.generator import ARTISAN_YEARS, REGISTER_TERRITORIES, REGISTER_TRADES
from tests.demo.helpers import rows

COUNTS = ["establishments", "creations", "closures"]
OWNERS = ["owners_total", "owners_lt30", "owners_30_44", "owners_45_54", "owners_55_plus", "owners_women"]


def test_register_is_flagged_and_dated_before_the_data_date(demo):
    total, flagged, latest_creation, latest_closure, ids = rows(
        demo,
        "SELECT count(*), count(*) FILTER (WHERE is_demo), max(creation_date), max(closure_date), "
        "count(*) FILTER (WHERE establishment_id LIKE 'DEMO-%') FROM establishment",
    )[0]
    assert total > 10_000 and flagged == total == ids  # never a SIRET: a fictitious number cannot be a real one
    assert latest_creation <= DEMO_AS_OF and latest_closure <= DEMO_AS_OF


def test_register_covers_the_register_territories_only(demo):
    outside = rows(
        demo,
        "SELECT count(*) FROM establishment WHERE commune_id NOT IN "
        "(SELECT commune_id FROM territory_commune WHERE list_contains($t, territory_id))",
        {"t": list(REGISTER_TERRITORIES)},
    )
    assert outside == [(0,)]


def test_trades_belong_to_their_family():
    for family, trades in REGISTER_TRADES.items():
        for code in trades:
            assert naf_family(code) == family, code


def test_register_gives_back_the_demo_statistics(demo):
    establishments = demo.execute("SELECT * FROM establishment").df()
    for column in ("creation_date", "closure_date"):
        establishments[column] = pd.to_datetime(establishments[column])
    built = aggregate_establishments(establishments, list(ARTISAN_YEARS))
    stored = demo.execute(
        "SELECT * FROM artisan_stat WHERE commune_id IN (SELECT DISTINCT commune_id FROM establishment)"
    ).df()
    both = stored.merge(built, on=["commune_id", "year", "sector_family"], how="left", suffixes=("", "_built"))
    both = both.fillna({f"{c}_built": 0 for c in COUNTS + OWNERS})  # a group without any establishment: zeros
    for column in COUNTS:
        assert (both[column] == both[f"{column}_built"]).all(), column
    last = both[both["year"] == max(ARTISAN_YEARS)]
    for column in OWNERS:  # the register knows the owners of the last year only
        assert (last[column] == last[f"{column}_built"]).all(), column
    # employees are estimated from bands: near the stored figure, not equal
    ratio = built["employees"].sum() / stored["employees"].sum()
    assert 0.8 < ratio < 1.2
