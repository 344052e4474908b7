"""Codes stored in the database (English, stable). Their French labels live in dashboard.i18n.

Each enum mirrors a CHECK constraint of schema.sql; tests/test_codes.py keeps the two in step.
"""

from __future__ import annotations

from enum import StrEnum


class Level(StrEnum):
    COMMUNE = "commune"
    EPCI = "epci"
    DEPARTEMENT = "departement"
    REGION = "region"
    PERIMETRE = "perimetre"  # custom perimeter: business park, programme perimeter


class SectorFamily(StrEnum):
    ALIMENTATION = "alimentation"
    BATIMENT = "batiment"
    FABRICATION = "fabrication"
    SERVICES = "services"
    HORS_ARTISANAT = "hors_artisanat"  # companies only: not an artisan trade


ARTISAN_FAMILIES: tuple[SectorFamily, ...] = (
    SectorFamily.ALIMENTATION,
    SectorFamily.BATIMENT,
    SectorFamily.FABRICATION,
    SectorFamily.SERVICES,
)


class SizeBand(StrEnum):
    NONE = "0"
    MICRO = "1-9"
    SMALL = "10-49"
    MEDIUM = "50-249"
    LARGE = "250+"


class DiagnosticKind(StrEnum):
    FLASH = "flash"
    COMPLETE = "complete"
    BIOWASTE = "biowaste"
    PALLETS = "pallets"
    ENERGY = "energy"
    THEMATIC = "thematic"


class Direction(StrEnum):
    IN = "in"
    OUT = "out"


class Frequency(StrEnum):
    ONE_OFF = "one_off"
    DAILY = "daily"
    WEEKLY = "weekly"
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"
    CONTINUOUS = "continuous"


class FlowFamily(StrEnum):
    MATIERE = "matiere"
    DECHET = "dechet"
    ENERGIE = "energie"
    EAU = "eau"
    LOGISTIQUE = "logistique"
    EQUIPEMENT = "equipement"
    COMPETENCE = "competence"
    EMPLOI = "emploi"
    SERVICE = "service"


class SynergyType(StrEnum):
    SUBSTITUTION = "substitution"
    MUTUALISATION = "mutualisation"


class SynergyStatus(StrEnum):
    IDENTIFIED = "identified"
    IN_STUDY = "in_study"
    IN_PROGRESS = "in_progress"
    REALISED = "realised"
    ABANDONED = "abandoned"


# Pipeline order used by funnels and by same-day tie-breaks (schema view synergy_current).
SYNERGY_PIPELINE: tuple[SynergyStatus, ...] = (
    SynergyStatus.IDENTIFIED,
    SynergyStatus.IN_STUDY,
    SynergyStatus.IN_PROGRESS,
    SynergyStatus.REALISED,
)


class AbandonmentReason(StrEnum):
    ECONOMIC = "economic"
    TECHNICAL = "technical"
    REGULATORY = "regulatory"
    DISTANCE = "distance"
    VOLUME = "volume"
    COMPANY_LEFT = "company_left"
    NO_INTEREST = "no_interest"
    OTHER = "other"


class SynergyOrigin(StrEnum):
    SEED = "seed"
    MANUAL = "manual"
    IMPORT = "import"
    DETECTION = "detection"
    DEMO = "demo"


class ParticipantRole(StrEnum):
    SUPPLIER = "supplier"
    RECEIVER = "receiver"
    MEMBER = "member"
    COORDINATOR = "coordinator"


class ImpactKind(StrEnum):
    TONNES = "tonnes"
    TCO2E = "tco2e"
    WATER_M3 = "water_m3"
    ENERGY_MWH = "energy_mwh"
    SAVINGS_EUR = "savings_eur"
    JOBS = "jobs"


class ValueBasis(StrEnum):
    DECLARED = "declared"
    COMPUTED = "computed"
    ESTIMATED = "estimated"


class EventKind(StrEnum):
    WORKSHOP = "workshop"
    THEMATIC_MEETING = "thematic_meeting"
    COPIL = "copil"
    COTECH = "cotech"
    LAUNCH = "launch"
    OTHER = "other"


class Pillar(StrEnum):
    GOUVERNANCE = "gouvernance"
    MODELE_ECONOMIQUE = "modele_economique"
    ACTIVITES_RESULTATS = "activites_resultats"


class IndicatorDirection(StrEnum):
    HIGHER_BETTER = "higher_better"
    LOWER_BETTER = "lower_better"


class IndicatorAggregation(StrEnum):
    DISTINCT = "distinct"  # records of the scopes united, each counted once (companies never twice)
    SUM = "sum"  # declared amounts add up
    RATE = "rate"  # recomputed from the aggregated counts, never averaged
    NONE = "none"  # not meaningful across scopes (a share, a number of members)


class Realisation(StrEnum):
    COMPUTED = "computed"
    DECLARED = "declared"


class ScopeType(StrEnum):
    TERRITORY = "territory"
    PROGRAMME = "programme"


class ValueKind(StrEnum):
    REFERENCE = "reference"
    TARGET = "target"
    ACTUAL = "actual"
    ESTIMATE = "estimate"


class Provenance(StrEnum):
    DECLARED = "declared"
    COMPUTED = "computed"
    ESTIMATED = "estimated"
    IMPORTED = "imported"


class OrgKind(StrEnum):
    CCI = "cci"
    CMA = "cma"
    EPCI = "epci"
    COMMUNE = "commune"
    ASSOCIATION = "association"
    STATE = "state"
    REGION = "region"
    ADEME = "ademe"
    EU = "eu"
    COMPANY = "company"
    OTHER = "other"


class PaymentRule(StrEnum):
    PRO_RATA = "pro_rata"
    FLAT = "flat"


class PartyRole(StrEnum):
    PAYER = "payer"
    BENEFICIARY = "beneficiary"
    PARTNER = "partner"


class FundingStatus(StrEnum):
    SECURED = "secured"
    REQUESTED = "requested"
    TO_ALLOCATE = "to_allocate"


class SelfAssessmentTheme(StrEnum):
    ENERGIE = "energie"
    DECHETS = "dechets_economie_circulaire"
    EAU = "eau_agriculture_biodiversite"
    MOBILITE = "mobilite"


class EmployeesBand(StrEnum):
    """Employees band of an establishment in the register (INSEE's bands, merged above 50)."""

    NONE = "0"
    B1_2 = "1-2"
    B3_5 = "3-5"
    B6_9 = "6-9"
    B10_19 = "10-19"
    B20_49 = "20-49"
    B50_PLUS = "50+"


class OwnerAgeBand(StrEnum):
    """Age band of an establishment's owner (the artisan observatories' bands; 55+ = transmission risk)."""

    LT30 = "lt30"
    A30_44 = "30_44"
    A45_54 = "45_54"
    A55_PLUS = "55_plus"


class RecordEntity(StrEnum):
    """Records edited in the interface, with history and versions (record_change.entity)."""

    COMPANY = "company"
    DIAGNOSTIC = "diagnostic"
    SYNERGY = "synergy"
    EVENT = "event"
    CONVENTION_ACTION = "convention_action"
    PROGRAMME = "programme"
    SA_RESPONSE = "sa_response"


class ChangeAction(StrEnum):
    """What a history row records (record_change.action)."""

    CREATE = "create"
    EDIT = "edit"
    ARCHIVE = "archive"
    UNARCHIVE = "unarchive"  # an archived record brought back
    RESTORE = "restore"  # a previous version made current again (itself a new version)
    PURGE = "purge"  # an archived record deleted for good by an administrator (its snapshots erased too)
