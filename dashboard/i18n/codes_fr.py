"""French labels of the stored codes (dashboard.codes)."""

from __future__ import annotations

from enum import StrEnum

from dashboard import codes as c

# (member, label) pairs. Codes of different enums may share a value ("epci", "other", "computed"...), so
# labels are keyed by (enum class, value), never by the bare value.
_LABEL_PAIRS: list[tuple[StrEnum, str]] = [
    (c.Level.COMMUNE, "Commune"),
    (c.Level.EPCI, "Intercommunalité (EPCI)"),
    (c.Level.DEPARTEMENT, "Département"),
    (c.Level.REGION, "Région"),
    (c.Level.PERIMETRE, "Périmètre de démarche"),
    (c.SectorFamily.ALIMENTATION, "Alimentation"),
    (c.SectorFamily.BATIMENT, "Bâtiment"),
    (c.SectorFamily.FABRICATION, "Fabrication"),
    (c.SectorFamily.SERVICES, "Services"),
    (c.SectorFamily.HORS_ARTISANAT, "Hors artisanat"),
    (c.SizeBand.NONE, "0 salarié"),
    (c.SizeBand.MICRO, "1 à 9 salariés"),
    (c.SizeBand.SMALL, "10 à 49 salariés"),
    (c.SizeBand.MEDIUM, "50 à 249 salariés"),
    (c.SizeBand.LARGE, "250 salariés ou plus"),
    (c.DiagnosticKind.FLASH, "Diagnostic flash"),
    (c.DiagnosticKind.COMPLETE, "Diagnostic complet"),
    (c.DiagnosticKind.BIOWASTE, "Diagnostic biodéchets"),
    (c.DiagnosticKind.PALLETS, "Diagnostic palettes"),
    (c.DiagnosticKind.ENERGY, "Visite énergie"),
    (c.DiagnosticKind.THEMATIC, "Diagnostic thématique"),
    (c.Direction.IN, "Entrant"),
    (c.Direction.OUT, "Sortant"),
    (c.Frequency.ONE_OFF, "Ponctuel"),
    (c.Frequency.DAILY, "Quotidien"),
    (c.Frequency.WEEKLY, "Hebdomadaire"),
    (c.Frequency.MONTHLY, "Mensuel"),
    (c.Frequency.QUARTERLY, "Trimestriel"),
    (c.Frequency.YEARLY, "Annuel"),
    (c.Frequency.CONTINUOUS, "Continu"),
    (c.FlowFamily.MATIERE, "Matières"),
    (c.FlowFamily.DECHET, "Déchets"),
    (c.FlowFamily.ENERGIE, "Énergie"),
    (c.FlowFamily.EAU, "Eau"),
    (c.FlowFamily.LOGISTIQUE, "Logistique"),
    (c.FlowFamily.EQUIPEMENT, "Équipements et espaces"),
    (c.FlowFamily.COMPETENCE, "Compétences et formation"),
    (c.FlowFamily.EMPLOI, "Emplois"),
    (c.FlowFamily.SERVICE, "Services"),
    (c.SynergyType.SUBSTITUTION, "Synergie de substitution"),
    (c.SynergyType.MUTUALISATION, "Synergie de mutualisation"),
    (c.SynergyStatus.IDENTIFIED, "Identifiée"),
    (c.SynergyStatus.IN_STUDY, "En étude"),
    (c.SynergyStatus.IN_PROGRESS, "En cours"),
    (c.SynergyStatus.REALISED, "Réalisée"),
    (c.SynergyStatus.ABANDONED, "Abandonnée"),
    (c.AbandonmentReason.ECONOMIC, "Non rentable"),
    (c.AbandonmentReason.TECHNICAL, "Obstacle technique"),
    (c.AbandonmentReason.REGULATORY, "Obstacle réglementaire"),
    (c.AbandonmentReason.DISTANCE, "Distance trop grande"),
    (c.AbandonmentReason.VOLUME, "Volumes insuffisants"),
    (c.AbandonmentReason.COMPANY_LEFT, "Entreprise partie ou fermée"),
    (c.AbandonmentReason.NO_INTEREST, "Manque d'intérêt"),
    (c.AbandonmentReason.OTHER, "Autre raison"),
    (c.SynergyOrigin.SEED, "Document source"),
    (c.SynergyOrigin.MANUAL, "Saisie"),
    (c.SynergyOrigin.IMPORT, "Import"),
    (c.SynergyOrigin.DETECTION, "Détection automatique"),
    (c.SynergyOrigin.DEMO, "Données de démonstration"),
    (c.ParticipantRole.SUPPLIER, "Fournisseur du flux"),
    (c.ParticipantRole.RECEIVER, "Receveur du flux"),
    (c.ParticipantRole.MEMBER, "Membre"),
    (c.ParticipantRole.COORDINATOR, "Coordinateur"),
    (c.ImpactKind.TONNES, "Tonnes valorisées ou évitées par an"),
    (c.ImpactKind.TCO2E, "tCO2e évitées par an"),
    (c.ImpactKind.WATER_M3, "m³ d'eau économisés ou valorisés par an"),
    (c.ImpactKind.ENERGY_MWH, "MWh économisés ou valorisés par an"),
    (c.ImpactKind.SAVINGS_EUR, "Économies (€ par an)"),
    (c.ImpactKind.JOBS, "Emplois créés"),
    (c.ValueBasis.DECLARED, "Déclaré"),
    (c.ValueBasis.COMPUTED, "Calculé"),
    (c.ValueBasis.ESTIMATED, "Estimé"),
    (c.EventKind.WORKSHOP, "Atelier"),
    (c.EventKind.THEMATIC_MEETING, "Réunion thématique"),
    (c.EventKind.COPIL, "COPIL"),
    (c.EventKind.COTECH, "Comité technique"),
    (c.EventKind.LAUNCH, "Réunion de lancement"),
    (c.EventKind.OTHER, "Autre événement"),
    (c.Pillar.GOUVERNANCE, "Gouvernance"),
    (c.Pillar.MODELE_ECONOMIQUE, "Modèle économique"),
    (c.Pillar.ACTIVITES_RESULTATS, "Activités et résultats"),
    (c.IndicatorDirection.HIGHER_BETTER, "Plus haut = mieux"),
    (c.IndicatorDirection.LOWER_BETTER, "Plus bas = mieux"),
    (c.Realisation.COMPUTED, "Calculé à partir des saisies"),
    (c.Realisation.DECLARED, "Déclaré"),
    (c.ScopeType.TERRITORY, "Territoire"),
    (c.ScopeType.PROGRAMME, "Démarche"),
    (c.ValueKind.REFERENCE, "Référence"),
    (c.ValueKind.TARGET, "Objectif"),
    (c.ValueKind.ACTUAL, "Réalisé"),
    (c.ValueKind.ESTIMATE, "Estimation"),
    (c.Provenance.DECLARED, "Déclaré"),
    (c.Provenance.COMPUTED, "Calculé"),
    (c.Provenance.ESTIMATED, "Estimé"),
    (c.Provenance.IMPORTED, "Importé"),
    (c.OrgKind.CCI, "Chambre de commerce et d'industrie"),
    (c.OrgKind.CMA, "Chambre de métiers et de l'artisanat"),
    (c.OrgKind.EPCI, "Intercommunalité"),
    (c.OrgKind.COMMUNE, "Commune"),
    (c.OrgKind.ASSOCIATION, "Association"),
    (c.OrgKind.STATE, "État"),
    (c.OrgKind.REGION, "Région"),
    (c.OrgKind.ADEME, "ADEME"),
    (c.OrgKind.EU, "Union européenne"),
    (c.OrgKind.COMPANY, "Entreprise"),
    (c.OrgKind.OTHER, "Autre"),
    (c.PaymentRule.PRO_RATA, "Au prorata des réalisations"),
    (c.PaymentRule.FLAT, "Forfaitaire"),
    (c.PartyRole.PAYER, "Financeur"),
    (c.PartyRole.BENEFICIARY, "Bénéficiaire"),
    (c.PartyRole.PARTNER, "Partenaire"),
    (c.FundingStatus.SECURED, "Acquis"),
    (c.FundingStatus.REQUESTED, "Demandé"),
    (c.FundingStatus.TO_ALLOCATE, "Répartition à préciser"),
    (c.SelfAssessmentTheme.ENERGIE, "Énergie"),
    (c.SelfAssessmentTheme.DECHETS, "Déchets et économie circulaire"),
    (c.SelfAssessmentTheme.EAU, "Eau, agriculture, biodiversité"),
    (c.SelfAssessmentTheme.MOBILITE, "Mobilité"),
]

CODE_LABELS: dict[tuple[type[StrEnum], str], str] = {(type(m), m.value): text for m, text in _LABEL_PAIRS}


def label(code: StrEnum | str, enum: type[StrEnum] | None = None) -> str:
    """French label of a code; pass `enum` when `code` is a plain string read from the database."""
    if enum is None:
        if not isinstance(code, StrEnum):
            raise TypeError(f"label({code!r}) needs the enum of a plain string code")
        enum = type(code)
    member = enum(code)  # ValueError on a code the enum does not know
    return CODE_LABELS[(enum, member.value)]  # KeyError on a code without a label: tests/test_i18n.py


def options(enum: type[StrEnum]) -> dict[str, str]:
    """{code: French label} for a select box, in declaration order."""
    return {member.value: CODE_LABELS[(enum, member.value)] for member in enum}
