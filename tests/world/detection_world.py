"""A frozen dense world for the detection engine's equivalence tests: the project's real nomenclature,
compatibility table, units and conversions (data/reference), and companies crowded into a few kilometres so
that every rule is exercised (several routes to one receiver, the cap on leads, unknown quantities, units of
another dimension, steam in tonnes converted to MWh, implausible ratios).

Deterministic: the same seed always gives the same world (numpy's PCG64 stream is stable across versions).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from dashboard.reference_data import read_reference

SEED = 15  # issue 15
CENTRE = (1.07, 47.79)  # Vendôme: longitude, latitude
SPREAD_KM = 6.0  # companies within a few km: dense enough that the cap on leads bites
KM_PER_DEGREE = 111.195  # mean km per degree of latitude
FREQUENCIES = ["yearly", "monthly", "weekly", "daily", "one_off", "continuous"]


@dataclass(frozen=True)
class DetectionWorld:
    companies: pd.DataFrame  # company_id, name, longitude, latitude
    flows: pd.DataFrame  # flow_id, company_id, direction, category_code, quantity, unit_code, frequency
    categories: pd.DataFrame
    compatibility: pd.DataFrame
    units: pd.DataFrame
    conversions: pd.DataFrame


def detection_world(n_companies: int = 160, n_flows: int = 1_400) -> DetectionWorld:
    rng = np.random.default_rng(SEED)
    categories = read_reference("flow_categories")
    compatibility = read_reference("flow_compatibility")
    units = read_reference("units").astype({"to_base": float})
    conversions = read_reference("unit_conversions")
    lon0, lat0 = CENTRE
    north = rng.normal(0, SPREAD_KM / 2, n_companies)
    east = rng.normal(0, SPREAD_KM / 2, n_companies)
    companies = pd.DataFrame(
        {
            "company_id": [f"W{i:03d}" for i in range(n_companies)],
            "name": [f"Entreprise {i}" for i in range(n_companies)],
            "longitude": lon0 + east / (KM_PER_DEGREE * math.cos(math.radians(lat0))),
            "latitude": lat0 + north / KM_PER_DEGREE,
        }
    )
    # Categories with a compatibility rule, their families' parents and steam are drawn most: they make routes.
    ruled = pd.unique(pd.concat([compatibility["output_category"], compatibility["input_category"]]))
    parents = categories["parent_code"].dropna().unique()
    pool = np.concatenate([ruled, ruled, parents, categories["category_code"].to_numpy()])
    category = rng.choice(pool, n_flows)
    default_unit = categories.set_index("category_code")["default_unit"].reindex(category).fillna("t").to_numpy()
    unit = np.where(rng.random(n_flows) < 0.1, rng.choice(units["unit_code"].to_numpy(), n_flows), default_unit)
    unit = np.where(category == "vapeur", rng.choice(["t", "MWh"], n_flows), unit)  # the conversion
    quantity = np.round(rng.lognormal(3.0, 2.0, n_flows), 1)
    missing = rng.random(n_flows) < 0.15
    flows = pd.DataFrame(
        {
            "flow_id": [f"WF{i:04d}" for i in range(n_flows)],
            "company_id": companies["company_id"].to_numpy()[rng.integers(0, n_companies, n_flows)],
            "direction": rng.choice(["in", "out"], n_flows),
            "category_code": category,
            "quantity": np.where(missing, np.nan, quantity),
            "unit_code": pd.Series(unit, dtype=object).where(~missing),
            "frequency": rng.choice(FREQUENCIES, n_flows),
        }
    )
    return DetectionWorld(companies, flows, categories, compatibility, units, conversions)
