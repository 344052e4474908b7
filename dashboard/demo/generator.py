"""Fictitious company-level records consistent with the real figures of the seeds.

Real company-level data (which company, which flows) is confidential and absent from the sources, so the demo
generates it deterministically on real communes. Every row written here has is_demo = TRUE and company names
end with "(démo)". One method per data family; all randomness comes from seeded numpy Generators, and no
wall-clock value is ever stored (dates are drawn before the demo's fixed data date).
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

import duckdb
import numpy as np
import pandas as pd
import shapely

from dashboard.codes import (
    ARTISAN_FAMILIES,
    AbandonmentReason,
    DiagnosticKind,
    EventKind,
    ParticipantRole,
    SectorFamily,
    SynergyStatus,
    SynergyType,
)
from dashboard.demo.seed_figures import (
    CDCMC_CONVENTION_TERRITORY,
    PACA_PROGRAMMES,
    VENDOMOIS,
    SeedProgramme,
)
from dashboard.reference_data import QUESTIONNAIRE_ID

SEED = 20261122  # fixed: the demo must be byte-for-byte reproducible
DEMO_SOURCE = "Données de démonstration générées (fictives)"


# ------------------------------------------------------------------------------------------ companies
@dataclass(frozen=True)
class Activity:
    """A fictitious company's trade: the start of its name, its NAF code, family and usual size bands."""

    label: str
    naf_code: str
    family: SectorFamily
    sizes: tuple[str, ...]
    weight: float  # relative frequency in the general mix of a territory (0: only in a programme's own mix)


A, B, F, S_, H = (
    SectorFamily.ALIMENTATION,
    SectorFamily.BATIMENT,
    SectorFamily.FABRICATION,
    SectorFamily.SERVICES,
    SectorFamily.HORS_ARTISANAT,
)
# Weights follow the usual make-up of an EIT panel: many craft and building firms, fewer large industrial sites.
ACTIVITIES: dict[str, Activity] = {
    "menuiserie": Activity("Menuiserie", "16.23Z", F, ("1-9", "10-49"), 6),
    "boulangerie": Activity("Boulangerie", "10.71C", A, ("1-9",), 6),
    "traiteur": Activity("Traiteur", "56.21Z", A, ("1-9", "10-49"), 3),
    "maconnerie": Activity("Maçonnerie", "43.99C", B, ("1-9", "10-49"), 8),
    "electricite": Activity("Électricité générale", "43.21A", B, ("1-9",), 6),
    "plomberie": Activity("Plomberie chauffage", "43.22B", B, ("1-9",), 5),
    "garage": Activity("Garage automobile", "45.20A", S_, ("1-9",), 5),
    "coiffure": Activity("Coiffure", "96.02A", S_, ("0", "1-9"), 4),
    "nettoyage": Activity("Nettoyage", "81.21Z", S_, ("10-49",), 3),
    "imprimerie": Activity("Imprimerie", "18.12Z", F, ("10-49",), 2),
    "metallerie": Activity("Métallerie", "25.11Z", F, ("10-49", "50-249"), 3),
    "ceramique": Activity("Céramique", "23.41Z", F, ("0", "1-9"), 1),
    "savonnerie": Activity("Savonnerie", "20.41Z", F, ("1-9", "10-49"), 0),
    "restaurant": Activity("Restaurant", "56.10A", H, ("1-9",), 2),
    "negoce": Activity("Négoce de matériaux", "46.73A", H, ("10-49",), 3),
    "transports": Activity("Transports", "49.41A", H, ("10-49", "50-249"), 3),
    "logistique": Activity("Logistique", "52.10B", H, ("50-249",), 2),
    "plasturgie": Activity("Plasturgie", "22.29A", H, ("50-249", "250+"), 2),
    "agroalimentaire": Activity("Agroalimentaire", "10.89Z", H, ("50-249", "250+"), 2),
    "dechets": Activity("Traitement des déchets", "38.21Z", H, ("10-49", "50-249"), 1),
    "parfums": Activity("Parfums et arômes", "20.53Z", H, ("10-49", "50-249"), 0),
    "chimie": Activity("Chimie", "20.14Z", H, ("250+",), 0),
    "gaz_industriels": Activity("Gaz industriels", "20.11Z", H, ("50-249",), 0),
    "siderurgie": Activity("Sidérurgie", "24.10Z", H, ("250+",), 0),
    "oleiculture": Activity("Oléiculture", "01.26Z", H, ("0", "1-9"), 0),
}
GENERAL_MIX = {code: a.weight for code, a in ACTIVITIES.items() if a.weight > 0}
ARTISAN_MIX = {code: a.weight for code, a in ACTIVITIES.items() if a.weight > 0 and a.family != H}
# Programmes whose document describes a specific fabric of companies (seed 004).
PROGRAMME_MIX: dict[str, dict[str, float]] = {
    "argile_circulaire": {"ceramique": 1},  # ceramists and santon makers
    "authentic_provence": {"savonnerie": 3, "parfums": 2, "agroalimentaire": 2, "oleiculture": 2},
    # the park's sectors as listed: perfumes and flavours first, plastics, building, catering, storage...
    "ebg": {
        "parfums": 4,
        "plasturgie": 2,
        "maconnerie": 1,
        "restaurant": 1,
        "logistique": 1,
        "nettoyage": 1,
        "menuiserie": 1,
        "garage": 1,
    },
    # an industrial-port zone: chemicals, industrial gases, steel, logistics, waste treatment
    "piicto": {"chimie": 4, "gaz_industriels": 2, "siderurgie": 1, "logistique": 2, "dechets": 2},
}

# ------------------------------------------------------------------------------------------ flows
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
QUANTITY_SPREAD = 0.8  # sigma of the log-normal: quantities spread over about one order of magnitude

# ------------------------------------------------------------------------------------------ synergies
# Final stage a generated synergy reaches (if the data date leaves it time): an EIT funnel where a bit under
# half of the leads come to fruition and about one in five is dropped.
SYNERGY_FATES: tuple[tuple[SynergyStatus, float], ...] = (
    (SynergyStatus.REALISED, 0.45),
    (SynergyStatus.ABANDONED, 0.20),
    (SynergyStatus.IN_PROGRESS, 0.13),
    (SynergyStatus.IN_STUDY, 0.12),
    (SynergyStatus.IDENTIFIED, 0.10),
)
STEP_DAYS = (45, 200)  # days between two pipeline steps (drawn uniformly)
ABANDON_REASONS: tuple[AbandonmentReason, ...] = (
    AbandonmentReason.ECONOMIC,
    AbandonmentReason.VOLUME,
    AbandonmentReason.DISTANCE,
    AbandonmentReason.COMPANY_LEFT,
    AbandonmentReason.NO_INTEREST,
    AbandonmentReason.TECHNICAL,
)
MUTUALISATION_SIZE = (3, 7)  # members of a shared service (drawn in [3, 7))
# Categories whose realised synergies divert material (tonnes), and the emission factor used for them.
MATERIAL_CATEGORIES = frozenset({"carton", "palettes", "biodechets", "collecte_deee", "collecte_cartons"})
TCO2E_PER_TONNE = 0.5  # order of magnitude of avoided emissions per tonne reused (ADEME Base Empreinte)
ENERGY_CATEGORIES = frozenset({"achat_energie", "chaleur_60_90"})
TCO2E_PER_MWH = 0.06  # French electricity/gas mix, order of magnitude (ADEME Base Empreinte)

# ------------------------------------------------------------------------------------------ Vendômois
VENDOMOIS_2018_COMPANIES = 70  # seed 002: 70 companies diagnosed in 2018
VENDOMOIS_2018_FLOWS = 1000  # seed 002: "un millier de flux"
VENDOMOIS_MIN_POPULATION = 500  # activity concentrates in Vendôme's business parks and the larger communes
# New companies diagnosed each year after the 70 of 2018: companies mobilised reach 79 by the end of 2020 and
# 94 by the end of 2022, approaching the 80 and 100 targets without trivially equalling them.
VENDOMOIS_NEW_DIAGNOSED = {2019: 5, 2020: 4, 2021: 8, 2022: 7, 2023: 5, 2024: 4, 2025: 4, 2026: 3}
# Synergies identified per half-year: 3 by the sheet's date (mid-2019, the reference), 13 by the end of 2020 and
# 27 by the end of 2022, minus the abandoned ones, against the targets 12 (2020) and 24 (2022).
VENDOMOIS_SYNERGIES_IDENTIFIED = {
    (2018, 2): 2, (2019, 1): 1, (2019, 2): 4, (2020, 1): 2, (2020, 2): 4, (2021, 1): 4, (2021, 2): 3,
    (2022, 1): 4, (2022, 2): 3, (2023, 1): 2, (2023, 2): 1, (2024, 1): 2, (2024, 2): 1, (2025, 1): 2,
    (2025, 2): 1, (2026, 1): 1, (2026, 2): 1,
}  # fmt: skip
# Synergy themes of the Vendômois priorities (cycled in this order): (title, type, category)
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
JOBS_THEME = "emploi_partage"  # its first synergy is realised: the sheet's 2022 target is 1 job created
# Workshops and meetings with companies per year, and the window their dates are drawn in. 2018: the launch
# meeting (spring) and a thematic meeting; 2019: both after the sheet's date (its reference is 2); then 5 by
# the end of 2020 and 11 by the end of 2022 against the targets 6 and 12.
VENDOMOIS_EVENTS: dict[int, tuple[int, dt.date, dt.date]] = {
    2018: (1, dt.date(2018, 9, 1), dt.date(2018, 11, 30)),
    2019: (2, dt.date(2019, 7, 1), dt.date(2019, 11, 30)),
    2020: (1, dt.date(2020, 9, 1), dt.date(2020, 11, 30)),
    2021: (3, dt.date(2021, 2, 1), dt.date(2021, 11, 30)),
    2022: (3, dt.date(2022, 2, 1), dt.date(2022, 11, 30)),
    2023: (2, dt.date(2023, 2, 1), dt.date(2023, 11, 30)),
    2024: (2, dt.date(2024, 2, 1), dt.date(2024, 11, 30)),
    2025: (2, dt.date(2025, 2, 1), dt.date(2025, 11, 30)),
    2026: (2, dt.date(2026, 2, 1), dt.date(2026, 11, 30)),
}
VENDOMOIS_LAUNCH_WINDOW = (dt.date(2018, 4, 15), dt.date(2018, 6, 15))  # the sheet's "réunion de lancement"
COPIL_WINDOW = ((1, 10), (3, 31))  # yearly steering committee in the first quarter (month, day)
VENDOMOIS_REAL_COPIL_YEAR = 2019  # the sheet's own COPIL (end of January 2019) is a seed row
EVENT_THEMES = ("Cartons et palettes", "Achat groupé d'énergie", "Formations réglementaires", "Collecte des DEEE",
                "Mobilité et covoiturage", "Emplois et compétences partagés", "Biodéchets", "Chaleur fatale")  # fmt: skip
EVENT_ATTENDEES = (6, 18)  # companies attending a workshop (drawn in [6, 18))
EVENT_OTHER_ATTENDEES = (2, 8)  # partners and elected officials besides the companies

# ------------------------------------------------------------------------------------------ CDCMC 2026
CDCMC_COMPANIES = 14  # artisans of the EPCI known to the CMA
# Supports of the 2026 convention done by the data date: 2 energy visits and 1 label (of the 5 committed).
CDCMC_SUPPORTS_2026: tuple[DiagnosticKind, ...] = (
    DiagnosticKind.ENERGY,
    DiagnosticKind.ENERGY,
    DiagnosticKind.THEMATIC,
)
CDCMC_EARLIER_SUPPORTS = 4  # supports of the 2024 and 2025 conventions of the same partnership
# Thematic meetings held by the data date (1 of the 2 committed): date and one of the convention's themes.
CDCMC_MEETINGS_2026: tuple[tuple[dt.date, str], ...] = ((dt.date(2026, 5, 19), "Transmission/reprise"),)

# ------------------------------------------------------------------------------------------ PACA
# Diagnostic key figures of seed 004 and the kind of diagnostic each one counts.
DIAGNOSTIC_FIGURES = {
    "diagnostics": DiagnosticKind.FLASH,
    "diagnostics_biowaste": DiagnosticKind.BIOWASTE,
    "diagnostics_pallets": DiagnosticKind.PALLETS,
    "diagnostics_complete": DiagnosticKind.COMPLETE,
}
PACA_MIN_COMPANIES = 8  # enough members for the synergies of programmes that state no diagnostics
PACA_FLOWS_PER_DIAGNOSTIC = (3, 7)
PACA_DEFAULT_START = dt.date(2016, 1, 1)  # programmes whose document gives no launch date
# "Plusieurs industriels impliqués" (PIICTO's HCl supply): one supplier and three receivers are shown.
PACA_PARTICIPANTS_OVERRIDE = {"piicto:hcl_local": 4}

# ------------------------------------------------------------------------------------------ artisans
ARTISAN_REGIONS = ("region:24", "region:76", "region:93")  # Centre-Val de Loire, Occitanie, PACA: the seeds' regions
ARTISAN_YEARS = range(2018, 2027)  # 2018-2026
# Artisan establishments per 10 000 inhabitants by family (about 190 in all, the national order of magnitude).
DENSITY_PER_10K = {"alimentation": 24.0, "batiment": 78.0, "fabrication": 26.0, "services": 62.0}
CREATION_RATE = 0.10  # yearly registrations / establishments (order of magnitude of artisan demography)
CLOSURE_RATE = 0.08  # yearly radiations / establishments
EMPLOYEES_PER_ESTABLISHMENT = {"alimentation": 2.8, "batiment": 1.9, "fabrication": 2.4, "services": 1.1}
OWNER_AGE_SHARES = (0.10, 0.35, 0.27, 0.28)  # <30, 30-44, 45-54, 55+ (transmission risk ~28 %)
WOMEN_SHARE = {"alimentation": 0.30, "batiment": 0.07, "fabrication": 0.32, "services": 0.45}

# ------------------------------------------------------------------------------------------ self-assessment
SELF_ASSESSMENT_VENDOMOIS = 40  # Vendômois companies that answered (the CDCMC's all did)
# Windows of the two rounds of answers; the second is better on average (progress over time).
SELF_ASSESSMENT_ROUNDS = ((dt.date(2024, 2, 1), dt.date(2024, 5, 31)), (dt.date(2025, 9, 1), dt.date(2025, 11, 30)))
SELF_ASSESSMENT_LEVEL = (0.15, 0.6)  # share of the points a company earns in its first round
SELF_ASSESSMENT_PROGRESS = 0.12  # added share in the second round


def point_in_geometry(rng: np.random.Generator, geometry_wkb: bytes) -> tuple[float, float]:
    """A random point inside a commune (rejection sampling in its bounding box), rounded to about 10 cm."""
    shape = shapely.from_wkb(bytes(geometry_wkb))  # DuckDB returns bytearray, which shapely reads as ints
    minx, miny, maxx, maxy = shape.bounds
    for _ in range(200):  # communes are compact: a hit comes within a few draws
        x, y = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
        if shapely.contains_xy(shape, round(float(x), 6), round(float(y), 6)):
            return round(float(x), 6), round(float(y), 6)
    point = shape.point_on_surface()
    return round(point.x, 6), round(point.y, 6)


def _insert(cursor: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    # Table names are constants of this module, never user input.
    cursor.register("_demo_frame", frame)
    try:
        columns = ", ".join(frame.columns)
        cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _demo_frame")
    finally:
        cursor.unregister("_demo_frame")


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
        self.communes = cursor.execute(
            "SELECT territory_id, population, geometry::BLOB AS geometry FROM territory WHERE level = 'commune'"
        ).df().set_index("territory_id")  # fmt: skip
        self.category_units = dict(cursor.execute("SELECT category_code, default_unit FROM flow_category").fetchall())

    # ------------------------------------------------------------------ helpers
    def communes_of(self, territory_id: str) -> pd.DataFrame:
        ids = [r[0] for r in self.cursor.execute(
            "SELECT commune_id FROM territory_commune WHERE territory_id = $t ORDER BY commune_id", {"t": territory_id}
        ).fetchall()]  # fmt: skip
        return self.communes.loc[ids]

    def random_date(self, start: dt.date, end: dt.date) -> dt.date:
        """A date in [start, end], never after the data date."""
        end = min(end, self.as_of)
        span = (end - start).days
        return start + dt.timedelta(days=int(self.rng.integers(0, max(span, 0) + 1)))

    def pick(self, weights: dict[str, float]) -> str:
        codes = list(weights)
        p = np.array([weights[c] for c in codes], dtype=float)
        return codes[int(self.rng.choice(len(codes), p=p / p.sum()))]

    def add_company(self, commune_pool: pd.DataFrame, mix: dict[str, float], business_park: str | None = None) -> str:
        weights = commune_pool["population"].fillna(0).astype(float).to_numpy() + 1.0  # firms follow population
        commune_id = str(commune_pool.index[self.rng.choice(len(commune_pool), p=weights / weights.sum())])
        activity = ACTIVITIES[self.pick(mix)]
        number = len(self.companies) + 1
        longitude, latitude = point_in_geometry(self.rng, self.communes.at[commune_id, "geometry"])
        company_id = f"demo-e{number:04d}"
        self.companies.append(
            {
                "company_id": company_id,
                "name": f"{activity.label} {number:03d} (démo)",
                "naf_code": activity.naf_code,
                "sector_family": activity.family.value,
                "size_band": activity.sizes[int(self.rng.integers(0, len(activity.sizes)))],
                "commune_id": commune_id,
                "longitude": longitude,
                "latitude": latitude,
                "business_park": business_park,
            }
        )
        return company_id

    def add_diagnostic(
        self, company_id: str, programme_id: str | None, date: dt.date, kind: DiagnosticKind, advisor: str | None
    ) -> str:
        diagnostic_id = f"demo-d{len(self.diagnostics) + 1:05d}"
        self.diagnostics.append(
            {"diagnostic_id": diagnostic_id, "company_id": company_id, "programme_id": programme_id,
             "diagnostic_date": date, "kind": kind.value, "advisor_org_id": advisor}
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
                quantity = round(float(TYPICAL_QUANTITY[unit] * self.rng.lognormal(0.0, QUANTITY_SPREAD)), 1)
            self.flows.append(
                {"flow_id": f"demo-f{len(self.flows) + 1:06d}", "company_id": company_id, "diagnostic_id": diagnostic_id,
                 "direction": direction, "category_code": category, "description": None, "quantity": quantity,
                 "unit_code": unit if quantity is not None else None, "frequency": "yearly"}
            )  # fmt: skip

    def add_participants(self, synergy_id: str, synergy_type: SynergyType, members: list[str]) -> None:
        """Substitution: the first member supplies, the others receive; mutualisation: the first coordinates."""
        if synergy_type == SynergyType.SUBSTITUTION:
            roles = [ParticipantRole.SUPPLIER] + [ParticipantRole.RECEIVER] * (len(members) - 1)
        else:
            roles = [ParticipantRole.COORDINATOR] + [ParticipantRole.MEMBER] * (len(members) - 1)
        self.participants += [
            {"synergy_id": synergy_id, "company_id": c, "role": r.value} for c, r in zip(members, roles, strict=True)
        ]

    def draw_members(self, candidates: list[str], synergy_type: SynergyType, size: int | None = None) -> list[str]:
        if size is None:
            size = 2 if synergy_type == SynergyType.SUBSTITUTION else int(self.rng.integers(*MUTUALISATION_SIZE))
        return [str(c) for c in self.rng.choice(candidates, size=min(size, len(candidates)), replace=False)]

    def add_synergy(
        self,
        title: str,
        synergy_type: SynergyType,
        category: str,
        programme_id: str | None,
        territory_id: str,
        identified: dt.date,
        members: list[str],
        fate: SynergyStatus | None = None,
    ) -> str:
        synergy_id = f"demo-s{len(self.synergies) + 1:04d}"
        self.synergies.append(
            {"synergy_id": synergy_id, "title": title, "synergy_type": synergy_type.value, "category_code": category,
             "programme_id": programme_id, "territory_id": territory_id, "description": None, "origin": "demo",
             "source": DEMO_SOURCE}
        )  # fmt: skip
        self.add_participants(synergy_id, synergy_type, members)
        self._status_history(synergy_id, identified, fate)
        return synergy_id

    def _draw_fate(self) -> SynergyStatus:
        statuses = [s for s, _ in SYNERGY_FATES]
        p = np.array([w for _, w in SYNERGY_FATES])
        return statuses[int(self.rng.choice(len(statuses), p=p / p.sum()))]

    def _status_history(self, synergy_id: str, identified: dt.date, fate: SynergyStatus | None) -> None:
        """identified → in study → in progress → realised, a few months apart, up to the drawn final stage.

        An abandoned synergy is dropped after one of the first three stages, with a reason. Steps that would
        fall after the data date are not taken: a recent synergy is simply less advanced.
        """
        fate = fate or self._draw_fate()
        steps = [SynergyStatus.IN_STUDY, SynergyStatus.IN_PROGRESS, SynergyStatus.REALISED]
        if fate == SynergyStatus.ABANDONED:
            steps = [*steps[: int(self.rng.integers(0, 3))], SynergyStatus.ABANDONED]
        elif fate != SynergyStatus.IDENTIFIED:
            steps = steps[: steps.index(fate) + 1]
        else:
            steps = []
        events: list[tuple[SynergyStatus, dt.date, AbandonmentReason | None]] = [
            (SynergyStatus.IDENTIFIED, identified, None)
        ]
        date = identified
        for status in steps:
            date = date + dt.timedelta(days=int(self.rng.integers(*STEP_DAYS)))
            if date > self.as_of:
                break
            reason = None
            if status == SynergyStatus.ABANDONED:
                reason = ABANDON_REASONS[int(self.rng.integers(0, len(ABANDON_REASONS)))]
            events.append((status, date, reason))
        self.status_events += [
            {"synergy_id": synergy_id, "status": s.value, "event_date": d,
             "abandonment_reason": r.value if r else None, "comment": None}
            for s, d, r in events
        ]  # fmt: skip

    def _impacts_if_realised(self, synergy_id: str, category: str) -> None:
        realised = [
            e["event_date"]
            for e in self.status_events
            if e["synergy_id"] == synergy_id and e["status"] == SynergyStatus.REALISED.value
        ]
        if not realised:
            return
        values: list[tuple[str, float, str]] = [
            ("savings_eur", round(float(self.rng.uniform(800, 12_000)), -2), "estimated")
        ]
        if category in MATERIAL_CATEGORIES:
            tonnes = round(float(self.rng.uniform(2, 40)), 1)
            values += [("tonnes", tonnes, "declared"), ("tco2e", round(tonnes * TCO2E_PER_TONNE, 1), "computed")]
        elif category in ENERGY_CATEGORIES:
            mwh = round(float(self.rng.uniform(50, 600)))
            values += [("energy_mwh", mwh, "declared"), ("tco2e", round(mwh * TCO2E_PER_MWH, 1), "computed")]
        elif category == JOBS_THEME:
            values.append(("jobs", 1.0, "declared"))
        elif category == "covoiturage":
            values.append(("tco2e", round(float(self.rng.uniform(3, 15)), 1), "estimated"))
        self.impacts += [
            {"synergy_id": synergy_id, "impact_kind": k, "value": v, "basis": b, "source": DEMO_SOURCE,
             "as_of": realised[0]}
            for k, v, b in values
        ]  # fmt: skip

    def _event(
        self,
        territory_id: str,
        programme_id: str | None,
        kind: EventKind,
        date: dt.date,
        companies: list[str],
        theme: str | None = None,
    ) -> None:
        event_id = f"demo-v{len(self.events) + 1:04d}"
        attendees: list[str] = []
        if kind == EventKind.COPIL:
            theme = None
        else:
            theme = theme or EVENT_THEMES[int(self.rng.integers(0, len(EVENT_THEMES)))]
            size = min(len(companies), int(self.rng.integers(*EVENT_ATTENDEES)))
            attendees = [str(c) for c in self.rng.choice(companies, size=size, replace=False)]
        titles = {EventKind.LAUNCH: "Réunion de lancement", EventKind.WORKSHOP: "Atelier",
                  EventKind.THEMATIC_MEETING: "Réunion thématique", EventKind.COPIL: "Comité de pilotage"}  # fmt: skip
        self.events.append(
            {"event_id": event_id, "event_kind": kind.value, "event_date": date,
             "title": f"{titles[kind]} – {theme}" if theme else titles[kind],
             "theme": theme, "territory_id": territory_id, "programme_id": programme_id,
             "attendance_total": len(attendees) + int(self.rng.integers(*EVENT_OTHER_ATTENDEES)),
             "attendance_companies": len(attendees)}
        )  # fmt: skip
        self.event_participants += [{"event_id": event_id, "company_id": c} for c in attendees]

    # ------------------------------------------------------------------ Vendômois (seed 002)
    def vendomois(self) -> None:
        """70 companies diagnosed in 2018 with 1 000 flows, new companies each year, synergies, events."""
        territory = VENDOMOIS.territory_id
        assert territory is not None
        pool = self.communes_of(territory)
        pool = pool[pool["population"].fillna(0) >= VENDOMOIS_MIN_POPULATION]
        diagnosed_on: dict[str, dt.date] = {}
        flows_left = VENDOMOIS_2018_FLOWS
        for index in range(VENDOMOIS_2018_COMPANIES):
            company_id = self.add_company(pool, GENERAL_MIX)
            advisor = "cma41" if index % 3 == 0 else "cci41"  # the CMA took about a third of the visits
            date = self.random_date(dt.date(2018, 4, 1), dt.date(2018, 12, 20))
            diagnostic = self.add_diagnostic(company_id, VENDOMOIS.programme_id, date, DiagnosticKind.COMPLETE, advisor)
            count = flows_left // (VENDOMOIS_2018_COMPANIES - index)  # exactly 1 000 flows in all
            flows_left -= count
            self.add_flows(company_id, diagnostic, count)
            diagnosed_on[company_id] = date
        kinds = (DiagnosticKind.FLASH, DiagnosticKind.COMPLETE, DiagnosticKind.ENERGY)
        for year, count in VENDOMOIS_NEW_DIAGNOSED.items():
            for _ in range(count):
                company_id = self.add_company(pool, GENERAL_MIX)
                start = dt.date(2019, 7, 1) if year == 2019 else dt.date(year, 1, 15)  # after the sheet's date
                date = self.random_date(start, dt.date(year, 12, 15))
                kind = kinds[int(self.rng.integers(0, len(kinds)))]
                diagnostic = self.add_diagnostic(company_id, VENDOMOIS.programme_id, date, kind, "cci41")
                self.add_flows(company_id, diagnostic, int(self.rng.integers(6, 14)))
                diagnosed_on[company_id] = date
        self._vendomois_synergies(territory, diagnosed_on)
        self._vendomois_events(territory, diagnosed_on)

    def _vendomois_synergies(self, territory: str, diagnosed_on: dict[str, dt.date]) -> None:
        theme_index = 0
        jobs_forced = False
        for (year, half), count in VENDOMOIS_SYNERGIES_IDENTIFIED.items():
            for _ in range(count):
                start = dt.date(year, 1, 1) if half == 1 else dt.date(year, 7, 1)
                end = dt.date(year, 6, 15) if half == 1 else dt.date(year, 12, 15)
                identified = self.random_date(start, end)
                title, synergy_type, category = VENDOMOIS_THEMES[theme_index % len(VENDOMOIS_THEMES)]
                theme_index += 1
                fate = None
                if category == JOBS_THEME and not jobs_forced:
                    fate, jobs_forced = SynergyStatus.REALISED, True
                eligible = [c for c, d in diagnosed_on.items() if d <= identified]
                members = self.draw_members(eligible, synergy_type)
                synergy_id = self.add_synergy(
                    title, synergy_type, category, VENDOMOIS.programme_id, territory, identified, members, fate
                )
                self._impacts_if_realised(synergy_id, category)

    def _vendomois_events(self, territory: str, diagnosed_on: dict[str, dt.date]) -> None:
        """Launch, workshops and thematic meetings with companies known by the end of their year, yearly COPIL."""
        programme = VENDOMOIS.programme_id
        start_of_programme = VENDOMOIS.start or VENDOMOIS_LAUNCH_WINDOW[0]

        def known_by(year: int) -> list[str]:
            return [c for c, d in diagnosed_on.items() if d.year <= year]

        launch = self.random_date(*VENDOMOIS_LAUNCH_WINDOW)
        self._event(territory, programme, EventKind.LAUNCH, launch, known_by(launch.year))
        for year, (count, start, end) in VENDOMOIS_EVENTS.items():
            if start <= self.as_of:  # random_date stops at the data date: no event is in the future
                for index in range(count):
                    kind = (EventKind.THEMATIC_MEETING, EventKind.WORKSHOP)[index % 2]
                    self._event(territory, programme, kind, self.random_date(start, end), known_by(year))
            (m1, d1), (m2, d2) = COPIL_WINDOW
            copil_start = max(dt.date(year, m1, d1), start_of_programme)
            copil_end = max(dt.date(year, m2, d2), copil_start + dt.timedelta(days=60))
            if year != VENDOMOIS_REAL_COPIL_YEAR and copil_start <= self.as_of:
                self._event(territory, programme, EventKind.COPIL, self.random_date(copil_start, copil_end), [])

    # ------------------------------------------------------------------ CDCMC convention 2026 (seed 001)
    def cdcmc(self) -> None:
        """Activity behind the real 2026 convention: supports and thematic meetings, part-way through the year."""
        territory = CDCMC_CONVENTION_TERRITORY
        pool = self.communes_of(territory)
        companies = [self.add_company(pool, ARTISAN_MIX) for _ in range(CDCMC_COMPANIES)]
        for company_id, kind in zip(companies, CDCMC_SUPPORTS_2026, strict=False):
            date = self.random_date(dt.date(2026, 2, 1), dt.date(2026, 10, 15))
            self.add_diagnostic(company_id, None, date, kind, "cmar_occitanie")
        earlier = companies[len(CDCMC_SUPPORTS_2026) : len(CDCMC_SUPPORTS_2026) + CDCMC_EARLIER_SUPPORTS]
        for company_id in earlier:
            date = self.random_date(dt.date(2024, 3, 1), dt.date(2025, 11, 30))
            self.add_diagnostic(company_id, None, date, DiagnosticKind.FLASH, "cmar_occitanie")
        for date, theme in CDCMC_MEETINGS_2026:
            self._event(territory, None, EventKind.THEMATIC_MEETING, date, companies, theme)

    # ------------------------------------------------------------------ PACA collection (seed 004)
    def paca(self) -> None:
        """Companies, diagnostics (as many as the key figures) and participants of the seed synergies."""
        for programme in PACA_PROGRAMMES:
            self._paca_programme(programme)

    def _paca_programme(self, programme: SeedProgramme) -> None:
        territory = self.cursor.execute(
            "SELECT perimeter_territory_id FROM programme WHERE programme_id = $p", {"p": programme.programme_id}
        ).fetchone()[0]
        pool = self.communes_of(territory)
        mix = PROGRAMME_MIX.get(programme.programme_id, GENERAL_MIX)
        park = None if programme.perimeter is None else programme.perimeter[1]
        diagnostics = [
            kind
            for figure in programme.key_figures
            if (kind := DIAGNOSTIC_FIGURES.get(figure.code)) is not None
            for _ in range(int(figure.value))
        ]
        companies = [self.add_company(pool, mix, park) for _ in range(max(len(diagnostics), PACA_MIN_COMPANIES))]
        start = programme.start or PACA_DEFAULT_START
        for company_id, kind in zip(companies, diagnostics, strict=False):
            date = self.random_date(start, programme.as_of)
            diagnostic = self.add_diagnostic(company_id, programme.programme_id, date, kind, programme.carrier)
            self.add_flows(company_id, diagnostic, int(self.rng.integers(*PACA_FLOWS_PER_DIAGNOSTIC)))
        for synergy in programme.synergies:
            synergy_id = f"{programme.programme_id}:{synergy.code}"
            size = PACA_PARTICIPANTS_OVERRIDE.get(synergy_id, synergy.participants)
            members = self.draw_members(companies, synergy.synergy_type, size)
            self.add_participants(synergy_id, synergy.synergy_type, members)

    # ------------------------------------------------------------------ writing
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


# ------------------------------------------------------------------------------------------ artisan statistics
def generate_artisan_stats(
    cursor: duckdb.DuckDBPyConnection, rng: np.random.Generator, regions: tuple[str, ...] = ARTISAN_REGIONS
) -> int:
    """Artisan statistics per commune × year × family for the communes of `regions`, vectorised over communes.

    Establishments start from a Poisson draw around the national density, then evolve each year by
    creations (binomial at CREATION_RATE) and closures (binomial at CLOSURE_RATE); owners are split by age
    band (multinomial) and sex (binomial).
    """
    communes = cursor.execute(
        """
        SELECT DISTINCT c.commune_id, coalesce(t.population, 0) AS population
        FROM territory_commune c JOIN territory t ON t.territory_id = c.commune_id
        WHERE list_contains($regions, c.territory_id) ORDER BY c.commune_id
        """,
        {"regions": list(regions)},
    ).df()
    population = communes["population"].to_numpy(dtype=float)
    frames = []
    for family in (f.value for f in ARTISAN_FAMILIES):
        establishments = rng.poisson(population / 10_000 * DENSITY_PER_10K[family])
        for year in ARTISAN_YEARS:
            creations = rng.binomial(np.maximum(establishments, 1), CREATION_RATE)
            closures = rng.binomial(establishments, CLOSURE_RATE)
            bands = rng.multinomial(establishments, OWNER_AGE_SHARES).reshape(-1, len(OWNER_AGE_SHARES))
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
                        "owners_total": establishments,  # one owner per establishment, as the CMA counts them
                        "owners_lt30": bands[:, 0],
                        "owners_30_44": bands[:, 1],
                        "owners_45_54": bands[:, 2],
                        "owners_55_plus": bands[:, 3],
                        "owners_women": rng.binomial(establishments, WOMEN_SHARE[family]),
                        "source": DEMO_SOURCE,
                        "is_demo": True,
                    }
                )
            )
            establishments = np.maximum(establishments + creations - closures, 0)
    stats = pd.concat(frames, ignore_index=True)
    _insert(cursor, "artisan_stat", stats)
    return len(stats)


# ------------------------------------------------------------------------------------------ self-assessment
def generate_self_assessments(cursor: duckdb.DuckDBPyConnection, rng: np.random.Generator) -> int:
    """Two dated self-assessments per responding company (Vendômois and CDCMC), the second better on average."""
    companies = [r[0] for r in cursor.execute(
        """
        (SELECT c.company_id FROM company c JOIN territory_commune t ON t.commune_id = c.commune_id
         WHERE t.territory_id = $vendomois AND c.is_demo ORDER BY c.company_id LIMIT $n)
        UNION ALL
        (SELECT c.company_id FROM company c JOIN territory_commune t ON t.commune_id = c.commune_id
         WHERE t.territory_id = $cdcmc AND c.is_demo ORDER BY c.company_id)
        """,
        {"vendomois": VENDOMOIS.territory_id, "cdcmc": CDCMC_CONVENTION_TERRITORY, "n": SELF_ASSESSMENT_VENDOMOIS},
    ).fetchall()]  # fmt: skip
    questions = cursor.execute(
        "SELECT question_code, max_points FROM sa_question WHERE questionnaire_id = $q ORDER BY question_code",
        {"q": QUESTIONNAIRE_ID},
    ).fetchall()
    responses, answers = [], []
    for index, company_id in enumerate(companies):
        base = rng.uniform(*SELF_ASSESSMENT_LEVEL)
        for round_index, (start, end) in enumerate(SELF_ASSESSMENT_ROUNDS):
            response_id = f"demo-r{index + 1:03d}-{round_index + 1}"
            submitted = start + dt.timedelta(days=int(rng.integers(0, (end - start).days + 1)))
            responses.append({"response_id": response_id, "questionnaire_id": QUESTIONNAIRE_ID, "company_id": company_id,
                              "submitted_on": submitted, "is_demo": True})  # fmt: skip
            level = min(base + SELF_ASSESSMENT_PROGRESS * round_index, 1.0)
            for code, max_points in questions:
                answers.append({"response_id": response_id, "questionnaire_id": QUESTIONNAIRE_ID, "question_code": code,
                                "points": int(rng.binomial(max_points, level))})  # fmt: skip
    _insert(cursor, "sa_response", pd.DataFrame(responses))
    _insert(cursor, "sa_answer", pd.DataFrame(answers))
    return len(responses)


# ------------------------------------------------------------------------------------------ establishment register
# Where the demo has an establishment-level register (the "who to visit" lists): the Vendômois' department, the
# CDCMC convention's EPCI and the business parks of seed 004 (custom perimeters). Elsewhere only aggregates exist.
REGISTER_TERRITORIES: tuple[str, ...] = (
    "departement:41",
    CDCMC_CONVENTION_TERRITORY,
    "perimetre:pole-toulon-ouest",
    "perimetre:bois-de-grasse",
    "perimetre:caban-tonkin",
    "perimetre:parc-laurentin",
)
# Usual artisan trades of each family (NAF rév. 2) and their relative frequency in the demo register.
REGISTER_TRADES: dict[str, dict[str, float]] = {
    "alimentation": {"10.71C": 35, "10.71D": 10, "10.13B": 10, "47.22Z": 15, "56.10C": 15, "56.21Z": 10, "11.05Z": 5},
    "batiment": {"43.99C": 25, "43.21A": 18, "43.22B": 15, "43.32A": 12, "43.34Z": 15, "43.91B": 8, "41.20A": 7},
    "fabrication": {
        "16.23Z": 15,
        "31.09B": 10,
        "25.11Z": 15,
        "25.62B": 12,
        "18.12Z": 10,
        "23.41Z": 5,
        "32.12Z": 8,
        "14.13Z": 10,
        "33.12Z": 15,
    },
    "services": {"96.02A": 35, "96.02B": 15, "45.20A": 20, "81.30Z": 10, "49.32Z": 10, "95.23Z": 5, "74.20Z": 5},
}
REGISTER_BANDS = ("0", "1-2", "3-5", "6-9", "10-19", "20-49")  # employees bands drawn (50+ is rare in crafts)
REGISTER_BAND_SHARES = (0.62, 0.19, 0.10, 0.05, 0.03, 0.01)  # most employ nobody; mean near the stored one
REGISTER_OLDEST = dt.date(1985, 1, 1)  # creation dates of the first year's stock are drawn from here on
REGISTER_ID_PREFIX = "DEMO-"  # not a SIRET: a fictitious register number can never be mistaken for a real one


def _dates_in(rng: np.random.Generator, start: dt.date, end: dt.date, count: int) -> list[dt.date]:
    """`count` random dates from `start` to `end` included."""
    days = rng.integers(0, (end - start).days + 1, size=count)
    return [start + dt.timedelta(days=int(d)) for d in days]


def _add_establishments(
    rng: np.random.Generator,
    columns: dict[str, list[object]],
    active: list[int],
    created: list[dt.date],
    group_key: tuple[str, str, str],
) -> None:
    """Append establishments created on `created` to `columns` (and their rows to `active`)."""
    commune_id, family, code = group_key
    trades = REGISTER_TRADES[family]
    weights = np.array(list(trades.values())) / sum(trades.values())
    for day, naf_code in zip(created, rng.choice(list(trades), size=len(created), p=weights), strict=True):
        active.append(len(columns["establishment_id"]))
        columns["establishment_id"].append(f"{REGISTER_ID_PREFIX}{code}-{len(columns['establishment_id']) + 1:06d}")
        columns["naf_code"].append(str(naf_code))
        columns["sector_family"].append(family)
        columns["commune_id"].append(commune_id)
        columns["creation_date"].append(day)
        columns["closure_date"].append(None)


def generate_demo_register(
    cursor: duckdb.DuckDBPyConnection,
    rng: np.random.Generator,
    as_of: dt.date,
    territories: tuple[str, ...] = REGISTER_TERRITORIES,
) -> int:
    """Fictitious establishments (flagged is_demo) that reproduce the demo's artisan_stat exactly in `territories`.

    For each commune × family: the first year's stock is created before that year; each year, the closures of
    artisan_stat are drawn among the establishments active on 1 January and its creations are added, so that the
    register path (dashboard.artisanat.register.aggregate_establishments) gives back the stored establishments, creations
    and closures of every year, and the owners' age bands and women of the last year (the owners of the stock on
    1 January). Dates after `as_of` (the data date) are not used. Employees bands are drawn per establishment:
    their estimate is near, not equal to, the stored employees.
    """
    stats = cursor.execute(
        """
        SELECT s.*, t.code FROM artisan_stat s JOIN territory t ON t.territory_id = s.commune_id
        WHERE s.commune_id IN (SELECT commune_id FROM territory_commune WHERE list_contains($territories, territory_id))
        ORDER BY s.commune_id, s.sector_family, s.year
        """,
        {"territories": list(territories)},
    ).df()
    if stats.empty:
        return 0
    last_year = int(stats["year"].max())
    columns: dict[str, list[object]] = {k: [] for k in ("establishment_id", "naf_code", "sector_family", "commune_id",
                                                      "creation_date", "closure_date")}  # fmt: skip
    owners: list[tuple[int, str | None, bool | None]] = []  # (row, age band, woman) of the last stock
    # plain Python records, grouped in the query's order: pandas per-group access would dominate the build
    records = stats.to_dict("records")
    for (commune_id, family), rows in itertools.groupby(records, key=lambda r: (r["commune_id"], r["sector_family"])):
        group = list(rows)
        first = group[0]
        active: list[int] = []  # rows of the establishments active now
        key = (str(commune_id), str(family), str(first["code"]))
        oldest = _dates_in(rng, REGISTER_OLDEST, dt.date(int(first["year"]) - 1, 12, 31), int(first["establishments"]))
        _add_establishments(rng, columns, active, oldest, key)
        for row in group:
            year = int(row["year"])
            year_end = min(dt.date(year, 12, 31), as_of)
            if year == last_year:  # owners of the stock on 1 January of the last year, exactly as stored
                bands = (["lt30"] * int(row["owners_lt30"]) + ["30_44"] * int(row["owners_30_44"])
                         + ["45_54"] * int(row["owners_45_54"]) + ["55_plus"] * int(row["owners_55_plus"]))  # fmt: skip
                bands += [None] * (len(active) - len(bands))
                order = rng.permutation(len(active))
                women = set(rng.choice(len(active), size=int(row["owners_women"]), replace=False).tolist())
                for position, index in enumerate(order):
                    band = bands[position]
                    owners.append((active[index], band, None if band is None else index in women))
            closures = int(row["closures"])
            closing = rng.choice(len(active), size=closures, replace=False) if closures else []
            closed = {active[i] for i in closing}
            for index, day in zip(
                sorted(closed), _dates_in(rng, dt.date(year, 1, 1), year_end, len(closed)), strict=True
            ):
                columns["closure_date"][index] = day
            active[:] = [a for a in active if a not in closed]
            created = sorted(_dates_in(rng, dt.date(year, 1, 1), year_end, int(row["creations"])))
            _add_establishments(rng, columns, active, created, key)
    frame = pd.DataFrame(columns)
    frame["employees_band"] = rng.choice(REGISTER_BANDS, size=len(frame), p=REGISTER_BAND_SHARES)
    owner_bands: list[str | None] = [None] * len(frame)
    owner_women: list[bool | None] = [None] * len(frame)
    for index, band, woman in owners:
        owner_bands[index], owner_women[index] = band, woman
    frame["owner_age_band"] = pd.Series(owner_bands, dtype=object)
    frame["owner_is_woman"] = pd.Series(owner_women, dtype=object)
    frame["is_demo"] = True
    _insert(cursor, "establishment", frame)
    return len(frame)
