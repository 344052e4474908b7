"""Fictitious company-level records consistent with the real figures of the seeds.

Real company-level data (which company, which flows) is confidential and absent from the sources, so the demo
generates it deterministically on real communes. Every row written here has is_demo = TRUE and company names
end with "(démo)". One function per data family; all randomness comes from one seeded Generator.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from dashboard.codes import ARTISAN_FAMILIES, SynergyStatus, SynergyType
from dashboard.demo.seed_figures import PACA_PROGRAMMES, VENDOMOIS
from dashboard.reference_data import QUESTIONNAIRE_ID

SEED = 20261122  # fixed: the demo must be byte-for-byte reproducible
DEMO_SOURCE = "Données de démonstration générées (fictives)"
ARTISAN_REGIONS = ("region:24", "region:76", "region:93")  # Centre-Val de Loire, Occitanie, PACA: the seeds' regions
ARTISAN_YEARS = range(2018, 2027)  # 2018-2026, as the foundation issue asks
# Artisan establishments per 10 000 inhabitants by family (about 190 in all, the national order of magnitude).
DENSITY_PER_10K = {"alimentation": 24.0, "batiment": 78.0, "fabrication": 26.0, "services": 62.0}
CREATION_RATE = 0.10  # yearly registrations / establishments (order of magnitude of artisan demography)
CLOSURE_RATE = 0.08  # yearly radiations / establishments
EMPLOYEES_PER_ESTABLISHMENT = {"alimentation": 2.8, "batiment": 1.9, "fabrication": 2.4, "services": 1.1}
OWNER_AGE_SHARES = (0.10, 0.35, 0.27, 0.28)  # <30, 30-44, 45-54, 55+ (transmission risk ~28 %)
WOMEN_SHARE = {"alimentation": 0.30, "batiment": 0.07, "fabrication": 0.32, "services": 0.45}

# Activities of fictitious companies: (name, NAF code, sector family, usual size bands)
ACTIVITIES: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("Menuiserie", "16.23Z", "fabrication", ("1-9", "10-49")),
    ("Boulangerie", "10.71C", "alimentation", ("1-9",)),
    ("Traiteur", "56.21Z", "alimentation", ("1-9", "10-49")),
    ("Maçonnerie", "43.99C", "batiment", ("1-9", "10-49")),
    ("Électricité générale", "43.21A", "batiment", ("1-9",)),
    ("Plomberie chauffage", "43.22B", "batiment", ("1-9",)),
    ("Garage automobile", "45.20A", "services", ("1-9",)),
    ("Imprimerie", "18.12Z", "fabrication", ("10-49",)),
    ("Métallerie", "25.11Z", "fabrication", ("10-49", "50-249")),
    ("Plasturgie", "22.29A", "hors_artisanat", ("50-249", "250+")),
    ("Transports", "49.41A", "hors_artisanat", ("10-49", "50-249")),
    ("Logistique", "52.10B", "hors_artisanat", ("50-249",)),
    ("Agroalimentaire", "10.89Z", "hors_artisanat", ("50-249", "250+")),
    ("Chimie", "20.14Z", "hors_artisanat", ("250+",)),
    ("Négoce de matériaux", "46.73A", "hors_artisanat", ("10-49",)),
    ("Coiffure", "96.02A", "services", ("0", "1-9")),
    ("Nettoyage", "81.21Z", "services", ("10-49",)),
    ("Céramique", "23.41Z", "fabrication", ("0", "1-9")),
    ("Savonnerie", "20.41Z", "fabrication", ("1-9", "10-49")),
    ("Parfums et arômes", "20.53Z", "hors_artisanat", ("50-249",)),
)
# Flow categories diagnostics record most (Vendômois priorities first), with direction and weight.
FLOW_MIX: tuple[tuple[str, str, float], ...] = (
    ("carton", "out", 12),
    ("palettes", "out", 10),
    ("palettes_neuves", "in", 5),
    ("emballages_calage", "in", 5),
    ("formation_reglementaire", "in", 8),
    ("achat_energie", "in", 7),
    ("electricite", "in", 6),
    ("deee", "out", 6),
    ("collecte_deee", "in", 3),
    ("recrutement", "in", 4),
    ("emploi_partage", "in", 2),
    ("covoiturage", "in", 5),
    ("biodechets", "out", 4),
    ("bois_dechet", "out", 4),
    ("bois", "in", 2),
    ("plastiques_dechet", "out", 4),
    ("metaux_dechet", "out", 3),
    ("chaleur_60_90", "out", 2),
    ("besoin_chaleur", "in", 2),
    ("dechets_dangereux", "out", 3),
    ("eau_process", "in", 2),
    ("transport_marchandises", "in", 2),
    ("partage_equipement", "in", 2),
)
# Typical yearly quantity (in the category's default unit) of a flow: median of a log-normal draw.
TYPICAL_QUANTITY = {
    "t": 8.0,
    "pallet": 300.0,
    "MWh": 120.0,
    "m3": 900.0,
    "h": 35.0,
    "fte": 0.5,
    "unit": 2.0,
    "eur": 5000.0,
    "km": 4000.0,
    "m2": 200.0,
    "day": 5.0,
}

# Vendômois: new companies diagnosed each year after the 70 of 2018 (companies mobilised approach, but do not
# trivially equal, the 80 (2020) and 100 (2022) targets).
VENDOMOIS_NEW_DIAGNOSED = {2019: 5, 2020: 4, 2021: 8, 2022: 7, 2023: 5, 2024: 4, 2025: 4, 2026: 3}
VENDOMOIS_2018_COMPANIES = 70  # seed 002: 70 companies diagnosed in 2018
VENDOMOIS_2018_FLOWS = 1000  # seed 002: "un millier de flux"
# Vendômois synergies identified per half-year: 3 by mid-2019 (the reference), targets 12 (2020) and 24 (2022).
VENDOMOIS_SYNERGIES_IDENTIFIED = {
    (2018, 2): 2, (2019, 1): 1, (2019, 2): 4, (2020, 1): 2, (2020, 2): 3, (2021, 1): 3, (2021, 2): 3,
    (2022, 1): 3, (2022, 2): 2, (2023, 1): 2, (2023, 2): 1, (2024, 1): 2, (2024, 2): 1, (2025, 1): 2,
    (2025, 2): 1, (2026, 1): 1, (2026, 2): 1,
}  # fmt: skip
# Synergy themes of the Vendômois priorities: (title, type, category)
VENDOMOIS_THEMES: tuple[tuple[str, SynergyType, str], ...] = (
    ("Réemploi de cartons en calage", SynergyType.SUBSTITUTION, "carton"),
    ("Réemploi de palettes", SynergyType.SUBSTITUTION, "palettes"),
    ("Formation réglementaire mutualisée", SynergyType.MUTUALISATION, "formation_reglementaire"),
    ("Achat groupé d'énergie", SynergyType.MUTUALISATION, "achat_energie"),
    ("Collecte groupée de DEEE", SynergyType.MUTUALISATION, "collecte_deee"),
    ("Emploi partagé", SynergyType.MUTUALISATION, "emploi_partage"),
    ("Covoiturage inter-entreprises", SynergyType.MUTUALISATION, "covoiturage"),
    ("Valorisation des biodéchets", SynergyType.SUBSTITUTION, "biodechets"),
    ("Chaleur fatale vers un besoin de chaleur", SynergyType.SUBSTITUTION, "chaleur_60_90"),
    ("Collecte groupée de cartons", SynergyType.MUTUALISATION, "collecte_cartons"),
)
ABANDON_REASONS = ("economic", "volume", "distance", "company_left", "no_interest", "technical")
# Vendômois workshops and meetings per year: 2 by 2019 (reference), targets 6 (2020) and 12 (2022).
VENDOMOIS_EVENTS_PER_YEAR = {2018: 2, 2019: 2, 2020: 1, 2021: 3, 2022: 3, 2023: 2, 2024: 2, 2025: 2, 2026: 2}
EVENT_THEMES = ("Cartons et palettes", "Achat groupé d'énergie", "Formations réglementaires", "Collecte des DEEE",
                "Mobilité et covoiturage", "Emplois et compétences partagés", "Biodéchets", "Chaleur fatale")  # fmt: skip


@dataclass
class GeneratedCompanies:
    """Companies written so far, to pick participants from."""

    frame: pd.DataFrame  # company_id, commune_id, programme_id


class DemoGenerator:
    """Writes the fictitious records, in a fixed order, from one seeded generator."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, as_of: dt.date) -> None:
        self.cursor = cursor
        self.as_of = as_of
        self.rng = np.random.default_rng(SEED)
        self.companies: list[dict[str, object]] = []
        self.diagnostics: list[dict[str, object]] = []
        self.flows: list[dict[str, object]] = []
        self.synergies: list[dict[str, object]] = []
        self.status_events: list[dict[str, object]] = []
        self.participants: list[dict[str, object]] = []
        self.impacts: list[dict[str, object]] = []
        self.events: list[dict[str, object]] = []
        self.event_participants: list[dict[str, object]] = []
        self.communes = self._read_communes()
        self.category_units = dict(cursor.execute("SELECT category_code, default_unit FROM flow_category").fetchall())

    # ------------------------------------------------------------------ helpers
    def _read_communes(self) -> pd.DataFrame:
        frame = self.cursor.execute(
            "SELECT territory_id, population, geometry::BLOB AS geometry FROM territory WHERE level = 'commune'"
        ).df()
        return frame.set_index("territory_id")

    def communes_of(self, territory_id: str) -> pd.DataFrame:
        ids = [r[0] for r in self.cursor.execute(
            "SELECT commune_id FROM territory_commune WHERE territory_id = $t ORDER BY commune_id", {"t": territory_id}
        ).fetchall()]  # fmt: skip
        return self.communes.loc[ids]

    def random_date(self, start: dt.date, end: dt.date) -> dt.date:
        end = min(end, self.as_of)
        span = (end - start).days
        return start + dt.timedelta(days=int(self.rng.integers(0, max(span, 0) + 1)))

    def point_in(self, commune_id: str) -> tuple[float, float]:
        geometry = self.communes.at[commune_id, "geometry"]
        shape = shapely.from_wkb(bytes(geometry))  # DuckDB returns bytearray, which shapely reads as ints
        minx, miny, maxx, maxy = shape.bounds
        for _ in range(200):  # rejection sampling; communes are compact enough to succeed quickly
            x, y = self.rng.uniform(minx, maxx), self.rng.uniform(miny, maxy)
            if shapely.contains_xy(shape, x, y):
                return round(float(x), 6), round(float(y), 6)
        point = shape.point_on_surface()
        return round(point.x, 6), round(point.y, 6)

    def add_company(self, commune_pool: pd.DataFrame, business_park: str | None = None) -> str:
        weights = commune_pool["population"].fillna(1).astype(float).to_numpy() + 1.0
        commune_id = str(commune_pool.index[self.rng.choice(len(commune_pool), p=weights / weights.sum())])
        name, naf, family, sizes = ACTIVITIES[int(self.rng.integers(0, len(ACTIVITIES)))]
        number = len(self.companies) + 1
        longitude, latitude = self.point_in(commune_id)
        company_id = f"demo-e{number:04d}"
        self.companies.append(
            {
                "company_id": company_id,
                "name": f"{name} {number:03d} (démo)",
                "naf_code": naf,
                "sector_family": family,
                "size_band": sizes[int(self.rng.integers(0, len(sizes)))],
                "commune_id": commune_id,
                "longitude": longitude,
                "latitude": latitude,
                "business_park": business_park,
            }
        )
        return company_id

    def add_diagnostic(
        self, company_id: str, programme_id: str | None, date: dt.date, kind: str, advisor: str | None
    ) -> str:
        diagnostic_id = f"demo-d{len(self.diagnostics) + 1:05d}"
        self.diagnostics.append(
            {"diagnostic_id": diagnostic_id, "company_id": company_id, "programme_id": programme_id,
             "diagnostic_date": date, "kind": kind, "advisor_org_id": advisor}
        )  # fmt: skip
        return diagnostic_id

    def add_flows(self, company_id: str, diagnostic_id: str, count: int) -> None:
        weights = np.array([w for _, _, w in FLOW_MIX])
        picks = self.rng.choice(len(FLOW_MIX), size=count, p=weights / weights.sum())
        for pick in picks:
            category, direction, _ = FLOW_MIX[int(pick)]
            unit = self.category_units.get(category)
            quantity = None
            if unit is not None:
                quantity = round(float(TYPICAL_QUANTITY[unit] * self.rng.lognormal(0.0, 0.8)), 1)
            self.flows.append(
                {"flow_id": f"demo-f{len(self.flows) + 1:06d}", "company_id": company_id, "diagnostic_id": diagnostic_id,
                 "direction": direction, "category_code": category, "description": None, "quantity": quantity,
                 "unit_code": unit if quantity is not None else None, "frequency": "yearly"}
            )  # fmt: skip

    def add_synergy(
        self,
        title: str,
        synergy_type: SynergyType,
        category: str,
        programme_id: str | None,
        territory_id: str,
        identified: dt.date,
        members: list[str],
    ) -> str:
        synergy_id = f"demo-s{len(self.synergies) + 1:04d}"
        self.synergies.append(
            {"synergy_id": synergy_id, "title": title, "synergy_type": synergy_type.value, "category_code": category,
             "programme_id": programme_id, "territory_id": territory_id, "description": None, "origin": "demo",
             "source": DEMO_SOURCE}
        )  # fmt: skip
        if synergy_type == SynergyType.SUBSTITUTION:
            roles = ["supplier", "receiver"] + ["receiver"] * (len(members) - 2)
        else:
            roles = ["coordinator"] + ["member"] * (len(members) - 1)
        self.participants += [
            {"synergy_id": synergy_id, "company_id": c, "role": r} for c, r in zip(members, roles, strict=True)
        ]
        self._status_history(synergy_id, identified)
        return synergy_id

    def _status_history(self, synergy_id: str, identified: dt.date) -> None:
        """identified → in study → in progress → realised, each step a few months later; some abandoned."""
        events = [(SynergyStatus.IDENTIFIED, identified, None)]
        date = identified
        abandon_at = int(self.rng.integers(1, 4)) if self.rng.random() < 0.2 else None
        for step, status in enumerate((SynergyStatus.IN_STUDY, SynergyStatus.IN_PROGRESS, SynergyStatus.REALISED), 1):
            date = date + dt.timedelta(days=int(self.rng.integers(45, 200)))
            if date > self.as_of:
                break
            if abandon_at == step:
                reason = ABANDON_REASONS[int(self.rng.integers(0, len(ABANDON_REASONS)))]
                events.append((SynergyStatus.ABANDONED, date, reason))
                break
            events.append((status, date, None))
        self.status_events += [
            {"synergy_id": synergy_id, "status": s.value, "event_date": d, "abandonment_reason": r, "comment": None}
            for s, d, r in events
        ]

    # ------------------------------------------------------------------ families
    def vendomois(self) -> None:
        territory = VENDOMOIS.territory_id
        assert territory is not None
        pool = self.communes_of(territory)
        # Activity concentrates in Vendôme's business parks and the larger communes around.
        pool = pool[pool["population"].fillna(0) >= 500]
        company_ids: list[str] = []
        flows_left = VENDOMOIS_2018_FLOWS
        for index in range(VENDOMOIS_2018_COMPANIES):
            company_id = self.add_company(pool)
            company_ids.append(company_id)
            advisor = "cci41" if index % 3 else "cma41"
            date = self.random_date(dt.date(2018, 4, 1), dt.date(2018, 12, 20))
            diagnostic = self.add_diagnostic(company_id, VENDOMOIS.programme_id, date, "complete", advisor)
            count = flows_left // (VENDOMOIS_2018_COMPANIES - index)  # exactly 1 000 flows in all
            flows_left -= count
            self.add_flows(company_id, diagnostic, count)
        for year, count in VENDOMOIS_NEW_DIAGNOSED.items():
            for _ in range(count):
                company_id = self.add_company(pool)
                company_ids.append(company_id)
                start = dt.date(year, 7, 1) if year == 2019 else dt.date(year, 1, 15)
                date = self.random_date(start, dt.date(year, 12, 15))
                kind = ("flash", "complete", "energy")[int(self.rng.integers(0, 3))]
                diagnostic = self.add_diagnostic(company_id, VENDOMOIS.programme_id, date, kind, "cci41")
                self.add_flows(company_id, diagnostic, int(self.rng.integers(6, 14)))
        diagnosed_by: dict[str, dt.date] = {d["company_id"]: d["diagnostic_date"] for d in self.diagnostics}  # type: ignore[misc]
        theme_index = 0
        for (year, half), count in VENDOMOIS_SYNERGIES_IDENTIFIED.items():
            for _ in range(count):
                start = dt.date(year, 1, 1) if half == 1 else dt.date(year, 7, 1)
                end = dt.date(year, 6, 15) if half == 1 else dt.date(year, 12, 15)
                identified = self.random_date(start, end)
                title, synergy_type, category = VENDOMOIS_THEMES[theme_index % len(VENDOMOIS_THEMES)]
                theme_index += 1
                eligible = [c for c in company_ids if diagnosed_by[c] <= identified]
                size = 2 if synergy_type == SynergyType.SUBSTITUTION else int(self.rng.integers(3, 7))
                members = [str(c) for c in self.rng.choice(eligible, size=size, replace=False)]
                synergy_id = self.add_synergy(
                    title, synergy_type, category, VENDOMOIS.programme_id, territory, identified, members
                )
                self._impacts_if_realised(synergy_id, category)
        self._events(territory, VENDOMOIS.programme_id, VENDOMOIS_EVENTS_PER_YEAR, company_ids)

    def _impacts_if_realised(self, synergy_id: str, category: str) -> None:
        if not any(e["synergy_id"] == synergy_id and e["status"] == "realised" for e in self.status_events):
            return
        as_of = max(e["event_date"] for e in self.status_events if e["synergy_id"] == synergy_id)  # type: ignore[type-var]
        values: list[tuple[str, float, str]] = [
            ("savings_eur", round(float(self.rng.uniform(800, 12_000)), -2), "estimated")
        ]
        if category in {"carton", "palettes", "biodechets", "collecte_deee", "collecte_cartons"}:
            tonnes = round(float(self.rng.uniform(2, 40)), 1)
            values += [("tonnes", tonnes, "declared"), ("tco2e", round(tonnes * 0.5, 1), "computed")]
        elif category in {"achat_energie", "chaleur_60_90"}:
            mwh = round(float(self.rng.uniform(50, 600)))
            values += [("energy_mwh", mwh, "declared"), ("tco2e", round(mwh * 0.06, 1), "computed")]
        elif category == "emploi_partage":
            values.append(("jobs", 1.0, "declared"))
        elif category == "covoiturage":
            values.append(("tco2e", round(float(self.rng.uniform(3, 15)), 1), "estimated"))
        self.impacts += [
            {"synergy_id": synergy_id, "impact_kind": k, "value": v, "basis": b, "source": DEMO_SOURCE, "as_of": as_of}
            for k, v, b in values
        ]

    def _events(
        self, territory_id: str, programme_id: str | None, per_year: dict[int, int], companies: list[str]
    ) -> None:
        for year, count in per_year.items():
            for index in range(count):
                kind = (
                    "launch" if (year == min(per_year) and index == 0) else ("workshop", "thematic_meeting")[index % 2]
                )
                self._event(
                    territory_id,
                    programme_id,
                    kind,
                    self.random_date(dt.date(year, 2, 1), dt.date(year, 11, 30)),
                    companies,
                )
            copil_date = self.random_date(dt.date(year, 1, 10), dt.date(year, 3, 31))
            if copil_date < self.as_of:
                self._event(territory_id, programme_id, "copil", copil_date, [])

    def _event(
        self, territory_id: str, programme_id: str | None, kind: str, date: dt.date, companies: list[str]
    ) -> None:
        event_id = f"demo-v{len(self.events) + 1:04d}"
        theme = EVENT_THEMES[int(self.rng.integers(0, len(EVENT_THEMES)))]
        attendees: list[str] = []
        if companies and kind != "copil":
            size = min(len(companies), int(self.rng.integers(6, 18)))
            attendees = [str(c) for c in self.rng.choice(companies, size=size, replace=False)]
        titles = {"launch": "Réunion de lancement", "workshop": "Atelier", "thematic_meeting": "Réunion thématique",
                  "copil": "Comité de pilotage"}  # fmt: skip
        self.events.append(
            {"event_id": event_id, "event_kind": kind, "event_date": date,
             "title": f"{titles[kind]} – {theme}" if kind != "copil" else titles[kind],
             "theme": theme if kind != "copil" else None, "territory_id": territory_id, "programme_id": programme_id,
             "attendance_total": len(attendees) + int(self.rng.integers(2, 8)),
             "attendance_companies": len(attendees)}
        )  # fmt: skip
        self.event_participants += [{"event_id": event_id, "company_id": c} for c in attendees]

    def cdcmc(self) -> None:
        """Activity behind the (real) CDCMC 2026 convention: companies supported, thematic meetings (pro rata)."""
        territory = "epci:200066348"
        pool = self.communes_of(territory)
        companies = [self.add_company(pool) for _ in range(14)]
        for company_id in companies[:3]:  # 3 of the 5 committed companies supported by the demo's data date
            date = self.random_date(dt.date(2026, 2, 1), dt.date(2026, 10, 15))
            self.add_diagnostic(company_id, None, date, "energy", "cmar_occitanie")
        for company_id in companies[3:7]:  # earlier years of the 2024-2026 partnership
            date = self.random_date(dt.date(2024, 3, 1), dt.date(2025, 11, 30))
            self.add_diagnostic(company_id, None, date, "flash", "cmar_occitanie")
        self._event(territory, None, "thematic_meeting", dt.date(2026, 5, 19), companies)  # 1 of the 2 events so far

    def paca(self) -> None:
        """Companies, diagnostics and participants behind the PACA programmes' seed figures and synergies."""
        for programme in PACA_PROGRAMMES:
            territory = self.cursor.execute(
                "SELECT perimeter_territory_id FROM programme WHERE programme_id = $p", {"p": programme.programme_id}
            ).fetchone()[0]
            pool = self.communes_of(territory)
            diagnostics = sum(int(f.value) for f in programme.key_figures if f.code.startswith("diagnostics"))
            park = None if programme.perimeter is None else programme.perimeter[1]
            companies = [self.add_company(pool, park) for _ in range(max(diagnostics, 8))]
            start = programme.start or dt.date(2016, 1, 1)
            for company_id in companies[:diagnostics]:
                date = self.random_date(start, programme.as_of)
                diagnostic = self.add_diagnostic(company_id, programme.programme_id, date, "flash", programme.carrier)
                self.add_flows(company_id, diagnostic, int(self.rng.integers(3, 7)))
            for synergy in programme.synergies:
                size = 2 if synergy.synergy_type == SynergyType.SUBSTITUTION else int(self.rng.integers(3, 6))
                members = [str(c) for c in self.rng.choice(companies, size=size, replace=False)]
                roles = ["supplier", "receiver"] + ["receiver"] * (size - 2)
                if synergy.synergy_type == SynergyType.MUTUALISATION:
                    roles = ["coordinator"] + ["member"] * (size - 1)
                self.participants += [
                    {"synergy_id": f"{programme.programme_id}:{synergy.code}", "company_id": c, "role": r}
                    for c, r in zip(members, roles, strict=True)
                ]

    def write(self) -> None:
        """Insert everything generated so far (is_demo = TRUE)."""
        for table, rows in (
            ("company", self.companies),
            ("diagnostic", self.diagnostics),
            ("flow", self.flows),
            ("synergy", self.synergies),
            ("synergy_status_event", self.status_events),
            ("synergy_participant", self.participants),
            ("synergy_impact", self.impacts),
            ("event", self.events),
            ("event_participant", self.event_participants),
        ):
            frame = pd.DataFrame(rows)
            if table in {"company", "diagnostic", "flow", "synergy", "event"}:
                frame["is_demo"] = True
            _insert(self.cursor, table, frame)


def _insert(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # Table names are constants of this module, never user input.
    cursor.register("_demo_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _demo_frame")
    finally:
        cursor.unregister("_demo_frame")


def generate_artisan_stats(cursor: duckdb.DuckDBPyConnection, rng: np.random.Generator) -> int:
    """Artisan statistics per commune × year × family for the seeds' regions, vectorised."""
    communes = cursor.execute(
        """
        SELECT DISTINCT c.commune_id, coalesce(t.population, 0) AS population
        FROM territory_commune c JOIN territory t ON t.territory_id = c.commune_id
        WHERE list_contains($regions, c.territory_id) ORDER BY c.commune_id
        """,
        {"regions": list(ARTISAN_REGIONS)},
    ).df()
    frames = []
    for family in (f.value for f in ARTISAN_FAMILIES):
        establishments = rng.poisson(communes["population"].to_numpy() / 10_000 * DENSITY_PER_10K[family])
        for year in ARTISAN_YEARS:
            creations = rng.binomial(np.maximum(establishments, 1), CREATION_RATE)
            closures = rng.binomial(establishments, CLOSURE_RATE)
            owners = establishments
            bands = (
                np.stack([rng.multinomial(n, OWNER_AGE_SHARES) for n in owners])
                if len(owners)
                else np.zeros((0, 4), int)
            )
            frames.append(
                pd.DataFrame(
                    {
                        "commune_id": communes["commune_id"],
                        "year": year,
                        "sector_family": family,
                        "establishments": establishments,
                        "creations": creations,
                        "closures": closures,
                        "employees": rng.poisson(establishments * EMPLOYEES_PER_ESTABLISHMENT[family]),
                        "owners_total": owners,
                        "owners_lt30": bands[:, 0],
                        "owners_30_44": bands[:, 1],
                        "owners_45_54": bands[:, 2],
                        "owners_55_plus": bands[:, 3],
                        "owners_women": rng.binomial(owners, WOMEN_SHARE[family]),
                        "source": DEMO_SOURCE,
                        "is_demo": True,
                    }
                )
            )
            establishments = np.maximum(establishments + creations - closures, 0)
    stats = pd.concat(frames, ignore_index=True)
    _insert(cursor, "artisan_stat", stats)
    return len(stats)


def generate_self_assessments(cursor: duckdb.DuckDBPyConnection, rng: np.random.Generator) -> int:
    """Two dated self-assessments for some Vendômois demo companies, the second better on average."""
    companies = [r[0] for r in cursor.execute(
        "SELECT company_id FROM company c JOIN territory_commune t ON t.commune_id = c.commune_id "
        "WHERE t.territory_id = 'epci:200072072' AND c.is_demo ORDER BY company_id LIMIT 40"
    ).fetchall()]  # fmt: skip
    questions = cursor.execute(
        "SELECT question_code, max_points FROM sa_question WHERE questionnaire_id = $q ORDER BY question_code",
        {"q": QUESTIONNAIRE_ID},
    ).fetchall()
    responses, answers = [], []
    for index, company_id in enumerate(companies):
        base = rng.uniform(0.15, 0.6)
        for round_index, submitted in enumerate((dt.date(2024, 3, 15), dt.date(2025, 9, 15))):
            response_id = f"demo-r{index + 1:03d}-{round_index + 1}"
            responses.append({"response_id": response_id, "questionnaire_id": QUESTIONNAIRE_ID, "company_id": company_id,
                              "submitted_on": submitted, "is_demo": True})  # fmt: skip
            level = min(base + 0.12 * round_index, 1.0)
            for code, max_points in questions:
                points = int(rng.binomial(max_points, level))
                answers.append({"response_id": response_id, "questionnaire_id": QUESTIONNAIRE_ID, "question_code": code,
                                "points": points})  # fmt: skip
    _insert(cursor, "sa_response", pd.DataFrame(responses))
    _insert(cursor, "sa_answer", pd.DataFrame(answers))
    return len(responses)
