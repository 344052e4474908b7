"""Declarative import templates: one per entity a user maintains in a spreadsheet.

Headers are French (users see them); each column maps to a database column with a type, bounds and, for
codes and references, what it must match. Validation, loading, export and the template files are all
derived from these specs, so they never drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

from dashboard import codes as c

Kind = Literal["text", "int", "decimal", "date", "bool", "code"]  # how a cell is read (validation.py)


@dataclass(frozen=True)
class Reference:
    """A value that must exist in `table.column` (after adding `prefix`), or in the same import."""

    table: str
    column: str
    prefix: str = ""  # e.g. 'commune:' so that users type the INSEE code only
    label: str = ""  # French name of what is referred to, for messages


@dataclass(frozen=True)
class Column:
    header: str  # French header in the file
    db_column: str
    kind: Kind
    description: str  # French, for the template documentation
    required: bool = True
    enum: type[StrEnum] | None = None
    minimum: float | None = None
    maximum: float | None = None
    pattern: str | None = None  # regular expression the text must match entirely
    pattern_hint: str = ""  # French example of the expected form
    reference: Reference | None = None
    example: str = ""
    unique: bool = False  # must be unique in the file and in the database (besides the key)
    choices: tuple[str, ...] | None = None  # a subset of `enum` when the table accepts fewer codes
    default: object = None  # stored when the cell is empty (the schema's DEFAULT, made explicit for key checks)
    # A number written as a percentage (12 %, or an Excel cell formatted as a percentage, holding 0.12) is read
    # as the number in front of the sign (12) where this is True, and refused elsewhere: no silent 0.12.
    percent: bool = False
    check: Literal["siret"] | None = None  # check digits verified after the pattern (dashboard.imports.identifiers)

    def allowed_codes(self) -> tuple[str, ...]:
        """Codes this column accepts: `choices`, else every member of `enum`."""
        if self.choices is not None:
            return self.choices
        return tuple(member.value for member in self.enum) if self.enum is not None else ()


@dataclass(frozen=True)
class Template:
    entity: str  # English identifier used by the CLI and as sheet name
    table: str
    title: str  # French title
    columns: tuple[Column, ...]
    key: tuple[str, ...]  # headers forming the primary key
    extra: dict[str, object] = field(default_factory=dict)  # constant db columns (e.g. is_demo = FALSE)
    unique_together: tuple[tuple[str, ...], ...] = ()  # other UNIQUE constraints of the table, as headers
    after: tuple[str, ...] = ()  # entities this one refers to outside `Column.reference` (load them first)

    def column(self, header: str) -> Column:
        return next(col for col in self.columns if col.header == header)


# What columns refer to; users type a commune's INSEE code alone, the database stores "commune:<code>".
COMMUNE = Reference("territory", "territory_id", "commune:", "commune (code INSEE)")
TERRITORY = Reference("territory", "territory_id", "", "territoire")
COMPANY = Reference("company", "company_id", "", "entreprise")
PROGRAMME = Reference("programme", "programme_id", "", "démarche")
ORGANISATION = Reference("organisation", "org_id", "", "organisation")
CATEGORY = Reference("flow_category", "category_code", "", "catégorie de flux")
UNIT = Reference("unit", "unit_code", "", "unité")
SYNERGY = Reference("synergy", "synergy_id", "", "synergie")
DIAGNOSTIC = Reference("diagnostic", "diagnostic_id", "", "diagnostic")
EVENT = Reference("event", "event_id", "", "événement")
INDICATOR = Reference("indicator", "indicator_code", "", "indicateur")
CONVENTION = Reference("convention", "convention_id", "", "convention")
ENVELOPE = Reference("funding_envelope", "envelope_id", "", "enveloppe de financement")
QUESTIONNAIRE = Reference("sa_questionnaire", "questionnaire_id", "", "questionnaire")
RESPONSE = Reference("sa_response", "response_id", "", "réponse au questionnaire")

SIRET = r"[0-9]{14}"  # the schema's CHECK on company.siret
NAF = r"[0-9]{2}\.[0-9]{2}[A-Z]"  # the schema's CHECK on company.naf_code
INSEE = r"[0-9][0-9AB][0-9]{3}"  # commune codes: 5 characters, Corsica's 2A/2B included
# Same rule as dashboard.geography.store (a perimeter code becomes part of a territory id and of a URL).
PERIMETER_CODE = r"[A-Za-z0-9][A-Za-z0-9_.\-]{0,63}"
MAX_EUR = 999_999_999_999.99  # DECIMAL(14, 2) of the schema's amounts
YEAR_MIN, YEAR_MAX = 1990, 2100  # the schema's bounds on years


def _id(header: str, db_column: str, what: str, example: str) -> Column:
    return Column(
        header,
        db_column,
        "text",
        f"Identifiant unique {what} (choisi par vous, stable dans le temps).",
        example=example,
    )


# Declaration order is the documentation's order; loading follows LOAD_ORDER below.
TEMPLATES: tuple[Template, ...] = (
    Template(
        "organisations",
        "organisation",
        "Organisations (porteurs, financeurs, parties aux conventions)",
        (
            _id("identifiant", "org_id", "de l'organisation", "cci41"),
            Column("nom", "name", "text", "Nom de l'organisation.", example="CCI Loir-et-Cher"),
            Column("type", "kind", "code", "Type d'organisation.", enum=c.OrgKind, example="cci"),
        ),
        key=("identifiant",),
    ),
    Template(
        "perimeters",
        "territory",
        "Périmètres personnalisés (zones d'activités, périmètres de démarche)",
        (
            Column(
                "code_perimetre",
                "code",
                "text",
                "Code court du périmètre (lettres, chiffres, tirets, points ou soulignés ; 64 caractères au plus).",
                pattern=PERIMETER_CODE,
                pattern_hint="zi-nord",
                example="zi-nord",
            ),
            Column("nom_perimetre", "name", "text", "Nom du périmètre.", example="Zone industrielle Nord"),
            Column(
                "code_commune",
                "commune_id",
                "text",
                "Code INSEE d'une commune du périmètre (une ligne par commune).",
                pattern=INSEE,
                pattern_hint="41269",
                reference=COMMUNE,
                example="41269",
            ),
        ),
        key=("code_perimetre", "code_commune"),
    ),
    Template(
        "programmes",
        "programme",
        "Démarches (programmes EIT ou d'observatoire)",
        (
            _id("identifiant", "programme_id", "de la démarche", "eit_vendomois"),
            Column("nom", "name", "text", "Nom de la démarche.", example="EIT sur le Vendômois"),
            Column(
                "porteur",
                "carrier_org_id",
                "text",
                "Identifiant de l'organisation porteuse.",
                reference=ORGANISATION,
                example="cci41",
            ),
            Column(
                "perimetre",
                "perimeter_territory_id",
                "text",
                "Territoire couvert, niveau:code : commune:41269 (code INSEE), epci:200072072 (SIREN), departement:41, "
                "region:24 ou perimetre:zi-nord.",
                reference=TERRITORY,
                example="epci:200072072",
            ),
            Column(
                "date_debut", "start_date", "date", "Date de début (JJ/MM/AAAA).", required=False, example="01/04/2018"
            ),
            Column("date_fin", "end_date", "date", "Date de fin (JJ/MM/AAAA).", required=False, example="30/06/2022"),
            Column(
                "budget_eur",
                "budget_eur",
                "decimal",
                "Budget en euros.",
                required=False,
                minimum=0,
                maximum=MAX_EUR,
                example="220 472",
            ),
            Column("commentaire_budget", "budget_note", "text", "Précisions sur le budget.", required=False),
            Column(
                "etp", "fte", "decimal", "Équivalents temps plein consacrés.", required=False, minimum=0, example="1,5"
            ),
            Column("description", "description", "text", "Description courte.", required=False),
            Column("source", "source", "text", "Document source.", example="Fiche-action CTE 3.2"),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "programme_key_figures",
        "programme_key_figure",
        "Chiffres clés publiés par les démarches",
        (
            Column(
                "demarche",
                "programme_id",
                "text",
                "Identifiant de la démarche.",
                reference=PROGRAMME,
                example="eit_vendomois",
            ),
            Column(
                "code_chiffre",
                "figure_code",
                "text",
                "Code du chiffre clé (stable, sans espace).",
                pattern=r"[a-z0-9_]+",
                pattern_hint="synergies_realisees",
                example="synergies_realisees",
            ),
            Column("libelle", "label", "text", "Libellé tel que publié.", example="Synergies réalisées"),
            Column("valeur", "value", "decimal", "Valeur (positive).", minimum=0, example="3"),
            Column("unite", "unit", "text", "Unité.", example="synergies"),
            Column("source", "source", "text", "Document source.", example="Plaquette 2022"),
        ),
        key=("demarche", "code_chiffre"),
    ),
    Template(
        "companies",
        "company",
        "Entreprises",
        (
            _id("identifiant", "company_id", "de l'entreprise", "E-0001"),
            Column("nom", "name", "text", "Raison sociale ou enseigne.", example="Menuiserie du Loir"),
            Column(
                "siret",
                "siret",
                "text",
                "SIRET (14 chiffres), facultatif.",
                required=False,
                pattern=SIRET,
                pattern_hint="12345678200010",
                unique=True,
                check="siret",
            ),
            Column(
                "code_naf",
                "naf_code",
                "text",
                "Code NAF rév. 2 (ex. 16.23Z), facultatif.",
                required=False,
                pattern=NAF,
                pattern_hint="16.23Z",
                example="16.23Z",
            ),
            Column(
                "famille",
                "sector_family",
                "code",
                "Famille de l'artisanat ou « Hors artisanat ».",
                enum=c.SectorFamily,
                example="fabrication",
            ),
            Column("effectif", "size_band", "code", "Tranche d'effectif salarié.", enum=c.SizeBand, example="1-9"),
            Column(
                "code_commune",
                "commune_id",
                "text",
                "Code INSEE de la commune d'implantation.",
                pattern=INSEE,
                pattern_hint="41269",
                reference=COMMUNE,
                example="41269",
            ),
            Column(
                "longitude",
                "longitude",
                "decimal",
                "Longitude (WGS84), facultative.",
                required=False,
                minimum=-180,
                maximum=180,
                example="1,0662",
            ),
            Column(
                "latitude",
                "latitude",
                "decimal",
                "Latitude (WGS84), facultative.",
                required=False,
                minimum=-90,
                maximum=90,
                example="47,7930",
            ),
            Column("zone_activites", "business_park", "text", "Zone d'activités, facultative.", required=False),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "diagnostics",
        "diagnostic",
        "Diagnostics (visites d'entreprises)",
        (
            _id("identifiant", "diagnostic_id", "du diagnostic", "D-2024-001"),
            Column(
                "entreprise",
                "company_id",
                "text",
                "Identifiant de l'entreprise visitée.",
                reference=COMPANY,
                example="E-0001",
            ),
            Column(
                "demarche",
                "programme_id",
                "text",
                "Identifiant de la démarche, facultatif.",
                required=False,
                reference=PROGRAMME,
            ),
            Column(
                "date_diagnostic", "diagnostic_date", "date", "Date de la visite (JJ/MM/AAAA).", example="15/03/2024"
            ),
            Column("type", "kind", "code", "Type de diagnostic.", enum=c.DiagnosticKind, example="flash"),
            Column(
                "organisme_conseiller",
                "advisor_org_id",
                "text",
                "Identifiant de l'organisme du conseiller, facultatif.",
                required=False,
                reference=ORGANISATION,
            ),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "flows",
        "flow",
        "Flux entrants et sortants",
        (
            _id("identifiant", "flow_id", "du flux", "F-0001"),
            Column(
                "entreprise", "company_id", "text", "Identifiant de l'entreprise.", reference=COMPANY, example="E-0001"
            ),
            Column(
                "diagnostic",
                "diagnostic_id",
                "text",
                "Identifiant du diagnostic qui a recensé le flux, facultatif.",
                required=False,
                reference=DIAGNOSTIC,
                example="D-2024-001",
            ),
            Column(
                "sens",
                "direction",
                "code",
                "Entrant (besoin) ou sortant (coproduit, déchet).",
                enum=c.Direction,
                example="out",
            ),
            Column(
                "categorie",
                "category_code",
                "text",
                "Code de la catégorie de flux (voir la nomenclature).",
                reference=CATEGORY,
                example="carton",
            ),
            Column("description", "description", "text", "Description libre.", required=False),
            Column(
                "quantite",
                "quantity",
                "decimal",
                "Quantité par période (positive), facultative.",
                required=False,
                minimum=0,
                example="12,5",
            ),
            Column(
                "unite",
                "unit_code",
                "text",
                "Unité de la quantité (t, m3, MWh...), obligatoire avec une quantité.",
                required=False,
                reference=UNIT,
                example="t",
            ),
            Column("frequence", "frequency", "code", "Fréquence du flux.", enum=c.Frequency, example="yearly"),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "synergies",
        "synergy",
        "Synergies",
        (
            _id("identifiant", "synergy_id", "de la synergie", "S-001"),
            Column("titre", "title", "text", "Titre court.", example="Réemploi de palettes"),
            Column(
                "type",
                "synergy_type",
                "code",
                "Substitution ou mutualisation.",
                enum=c.SynergyType,
                example="substitution",
            ),
            Column(
                "categorie",
                "category_code",
                "text",
                "Catégorie de flux principale, facultative.",
                required=False,
                reference=CATEGORY,
                example="palettes",
            ),
            Column(
                "demarche",
                "programme_id",
                "text",
                "Identifiant de la démarche, facultatif.",
                required=False,
                reference=PROGRAMME,
            ),
            Column(
                "territoire",
                "territory_id",
                "text",
                "Territoire où elle a lieu, niveau:code (commune:41269, epci:200072072...).",
                reference=TERRITORY,
                example="commune:41269",
            ),
            Column("description", "description", "text", "Description.", required=False),
            Column("source", "source", "text", "Source de l'information.", example="Chargé de mission CCI"),
        ),
        key=("identifiant",),
        extra={"is_demo": False, "origin": "import"},
    ),
    Template(
        "synergy_participants",
        "synergy_participant",
        "Participants aux synergies",
        (
            Column("synergie", "synergy_id", "text", "Identifiant de la synergie.", reference=SYNERGY, example="S-001"),
            Column(
                "entreprise", "company_id", "text", "Identifiant de l'entreprise.", reference=COMPANY, example="E-0001"
            ),
            Column("role", "role", "code", "Rôle dans la synergie.", enum=c.ParticipantRole, example="supplier"),
        ),
        key=("synergie", "entreprise", "role"),
    ),
    Template(
        "synergy_status_events",
        "synergy_status_event",
        "Historique des statuts des synergies",
        (
            Column("synergie", "synergy_id", "text", "Identifiant de la synergie.", reference=SYNERGY, example="S-001"),
            Column(
                "statut", "status", "code", "Statut atteint à cette date.", enum=c.SynergyStatus, example="identified"
            ),
            Column("date", "event_date", "date", "Date du changement de statut (JJ/MM/AAAA).", example="10/01/2024"),
            Column(
                "motif_abandon",
                "abandonment_reason",
                "code",
                "Motif, obligatoire si le statut est « Abandonnée ».",
                required=False,
                enum=c.AbandonmentReason,
            ),
            Column("commentaire", "comment", "text", "Commentaire.", required=False),
        ),
        key=("synergie", "statut", "date"),
    ),
    Template(
        "synergy_impacts",
        "synergy_impact",
        "Impacts des synergies",
        (
            Column("synergie", "synergy_id", "text", "Identifiant de la synergie.", reference=SYNERGY, example="S-001"),
            Column("impact", "impact_kind", "code", "Nature de l'impact.", enum=c.ImpactKind, example="tonnes"),
            Column("valeur", "value", "decimal", "Valeur annuelle (positive).", minimum=0, example="16 000"),
            Column(
                "nature_valeur",
                "basis",
                "code",
                "Déclarée, calculée ou estimée.",
                enum=c.ValueBasis,
                example="declared",
            ),
            Column("source", "source", "text", "Source de la valeur.", example="Bilan annuel 2024"),
            Column("date_valeur", "as_of", "date", "Date de la valeur (JJ/MM/AAAA).", example="31/12/2024"),
        ),
        key=("synergie", "impact"),
    ),
    Template(
        "events",
        "event",
        "Ateliers, réunions et COPIL",
        (
            _id("identifiant", "event_id", "de l'événement", "V-2024-01"),
            Column("type", "event_kind", "code", "Type d'événement.", enum=c.EventKind, example="workshop"),
            Column("date", "event_date", "date", "Date (JJ/MM/AAAA).", example="19/05/2026"),
            Column("titre", "title", "text", "Titre.", example="Atelier palettes"),
            Column("theme", "theme", "text", "Thème.", required=False),
            Column(
                "territoire",
                "territory_id",
                "text",
                "Territoire, niveau:code (commune:41269, epci:200072072...).",
                reference=TERRITORY,
                example="epci:200066348",
            ),
            Column(
                "demarche",
                "programme_id",
                "text",
                "Identifiant de la démarche, facultatif.",
                required=False,
                reference=PROGRAMME,
            ),
            Column(
                "participants",
                "attendance_total",
                "int",
                "Nombre de participants.",
                required=False,
                minimum=0,
                example="24",
            ),
            Column(
                "entreprises_presentes",
                "attendance_companies",
                "int",
                "Nombre d'entreprises représentées.",
                required=False,
                minimum=0,
                example="15",
            ),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "event_participants",
        "event_participant",
        "Entreprises présentes aux événements",
        (
            Column(
                "evenement", "event_id", "text", "Identifiant de l'événement.", reference=EVENT, example="V-2024-01"
            ),
            Column(
                "entreprise", "company_id", "text", "Identifiant de l'entreprise.", reference=COMPANY, example="E-0001"
            ),
        ),
        key=("evenement", "entreprise"),
    ),
    Template(
        "indicator_values",
        "indicator_value",
        "Valeurs d'indicateurs (objectifs, références, valeurs déclarées)",
        (
            Column(
                "indicateur",
                "indicator_code",
                "text",
                "Code de l'indicateur (voir le catalogue).",
                reference=INDICATOR,
                example="companies_mobilised",
            ),
            Column(
                "type_perimetre", "scope_type", "code", "Territoire ou démarche.", enum=c.ScopeType, example="programme"
            ),
            Column(
                "perimetre",
                "scope_id",
                "text",
                "Territoire, niveau:code (epci:200072072...), ou identifiant de la démarche.",
                example="eit_vendomois",
            ),
            Column("annee", "period_year", "int", "Année.", minimum=YEAR_MIN, maximum=YEAR_MAX, example="2022"),
            Column(
                "trimestre",
                "period_quarter",
                "int",
                "Trimestre (1 à 4), vide ou 0 pour l'année entière.",
                required=False,
                minimum=0,
                maximum=4,
                default=0,
                example="0",
            ),
            Column(
                "nature",
                "value_kind",
                "code",
                "Référence, objectif, réalisé ou estimation.",
                enum=c.ValueKind,
                example="target",
            ),
            Column(
                "valeur",
                "value",
                "decimal",
                "Valeur, dans l'unité de l'indicateur (pour un indicateur en %, 12 ou 12 % pour 12 %).",
                example="100",
                percent=True,
            ),
            Column(
                "provenance",
                "provenance",
                "code",
                "Déclaré, calculé, estimé ou importé.",
                enum=c.Provenance,
                example="declared",
            ),
            Column("source", "source", "text", "Source.", example="Fiche-action CTE 3.2"),
            Column("date_valeur", "as_of", "date", "Date de la valeur (JJ/MM/AAAA).", example="26/06/2019"),
            Column("commentaire", "comment", "text", "Commentaire.", required=False),
        ),
        key=("indicateur", "type_perimetre", "perimetre", "annee", "trimestre", "nature"),
        extra={"is_demo": False},
        after=("perimeters", "programmes"),
    ),
    Template(
        "artisan_stats",
        "artisan_stat",
        "Statistiques de l'artisanat (commune × année × famille)",
        (
            Column(
                "code_commune",
                "commune_id",
                "text",
                "Code INSEE de la commune.",
                pattern=INSEE,
                pattern_hint="41269",
                reference=COMMUNE,
                example="41269",
            ),
            Column("annee", "year", "int", "Année.", minimum=YEAR_MIN, maximum=YEAR_MAX, example="2025"),
            Column(
                "famille",
                "sector_family",
                "code",
                "Famille de l'artisanat.",
                enum=c.SectorFamily,
                choices=tuple(family.value for family in c.ARTISAN_FAMILIES),
                example="batiment",
            ),
            Column("etablissements", "establishments", "int", "Nombre d'établissements.", minimum=0, example="42"),
            Column("immatriculations", "creations", "int", "Créations dans l'année.", minimum=0, example="5"),
            Column("radiations", "closures", "int", "Radiations dans l'année.", minimum=0, example="3"),
            Column("salaries", "employees", "int", "Salariés.", minimum=0, example="80"),
            Column("dirigeants", "owners_total", "int", "Nombre de dirigeants.", minimum=0, example="42"),
            Column(
                "dirigeants_moins_30", "owners_lt30", "int", "Dirigeants de moins de 30 ans.", minimum=0, example="4"
            ),
            Column("dirigeants_30_44", "owners_30_44", "int", "Dirigeants de 30 à 44 ans.", minimum=0, example="15"),
            Column("dirigeants_45_54", "owners_45_54", "int", "Dirigeants de 45 à 54 ans.", minimum=0, example="11"),
            Column(
                "dirigeants_55_plus", "owners_55_plus", "int", "Dirigeants de 55 ans ou plus.", minimum=0, example="12"
            ),
            Column("dirigeantes", "owners_women", "int", "Dirigeantes (femmes).", minimum=0, example="9"),
            Column("source", "source", "text", "Source des chiffres.", example="CMA, Géométiers"),
        ),
        key=("code_commune", "annee", "famille"),
        extra={"is_demo": False},
    ),
    Template(
        "conventions",
        "convention",
        "Conventions",
        (
            _id("identifiant", "convention_id", "de la convention", "cdcmc_cma34_2026"),
            Column("titre", "title", "text", "Titre.", example="Convention d'exécution 2026"),
            Column(
                "territoire",
                "territory_id",
                "text",
                "Territoire concerné.",
                reference=TERRITORY,
                example="epci:200066348",
            ),
            Column("demarche", "programme_id", "text", "Démarche, facultative.", required=False, reference=PROGRAMME),
            Column("date_debut", "start_date", "date", "Début (JJ/MM/AAAA).", example="01/01/2026"),
            Column("date_fin", "end_date", "date", "Fin (JJ/MM/AAAA).", example="31/12/2026"),
            Column("date_signature", "signed_on", "date", "Date de signature.", required=False, example="23/01/2026"),
            Column(
                "plafond_eur", "ceiling_eur", "decimal", "Montant maximum.", minimum=0, maximum=MAX_EUR, example="4 000"
            ),
            Column(
                "regle_paiement",
                "payment_rule",
                "code",
                "Au prorata des réalisations ou forfaitaire.",
                enum=c.PaymentRule,
                example="pro_rata",
            ),
            Column("source", "source", "text", "Document source.", example="Convention signée"),
        ),
        key=("identifiant",),
        extra={"is_demo": False},
    ),
    Template(
        "convention_parties",
        "convention_party",
        "Parties aux conventions",
        (
            Column(
                "convention",
                "convention_id",
                "text",
                "Identifiant de la convention.",
                reference=CONVENTION,
                example="cdcmc_cma34_2026",
            ),
            Column(
                "organisation",
                "org_id",
                "text",
                "Identifiant de l'organisation signataire.",
                reference=ORGANISATION,
                example="cci41",
            ),
            Column("role", "role", "code", "Rôle dans la convention.", enum=c.PartyRole, example="payer"),
        ),
        key=("convention", "organisation"),
    ),
    Template(
        "convention_actions",
        "convention_action",
        "Actions des conventions",
        (
            Column(
                "convention",
                "convention_id",
                "text",
                "Identifiant de la convention.",
                reference=CONVENTION,
                example="cdcmc_cma34_2026",
            ),
            Column("code_action", "action_code", "text", "Code de l'action.", example="accompagnement"),
            Column("libelle", "label", "text", "Libellé.", example="Accompagnement de 5 entreprises"),
            Column("article", "article", "text", "Article de la convention.", required=False, example="Article 2"),
            Column(
                "montant_forfaitaire_eur",
                "flat_amount_eur",
                "decimal",
                "Montant forfaitaire.",
                minimum=0,
                maximum=MAX_EUR,
                example="2 500",
            ),
            Column(
                "quantite_engagee",
                "committed_quantity",
                "decimal",
                "Quantité engagée (strictement positive).",
                minimum=0,
                example="5",
            ),
            Column("unite", "quantity_unit", "text", "Unité de la quantité.", example="entreprises"),
            Column(
                "quantite_realisee",
                "realised_quantity",
                "decimal",
                "Quantité réalisée déclarée, facultative.",
                required=False,
                minimum=0,
            ),
            Column("date_realisation", "realised_as_of", "date", "Date de la quantité réalisée.", required=False),
            Column(
                "justificatif_realisation",
                "realisation_source",
                "text",
                "Justificatif ou source de la quantité réalisée (compte rendu, liste, facture), facultatif.",
                required=False,
            ),
        ),
        key=("convention", "code_action"),
    ),
    Template(
        "funding_envelopes",
        "funding_envelope",
        "Enveloppes de financement",
        (
            _id("identifiant", "envelope_id", "de l'enveloppe", "vend_cci"),
            Column(
                "demarche", "programme_id", "text", "Démarche financée.", reference=PROGRAMME, example="eit_vendomois"
            ),
            Column(
                "financeur",
                "funder_org_id",
                "text",
                "Identifiant du financeur, vide si la répartition est à préciser.",
                required=False,
                reference=ORGANISATION,
                example="cci41",
            ),
            Column(
                "libelle_financeur", "funder_label", "text", "Financeur tel qu'écrit dans la source.", example="CCI"
            ),
            Column("phase", "phase_label", "text", "Phase.", example="Expérimentation 2018/2020"),
            Column(
                "montant_eur",
                "amount_eur",
                "decimal",
                "Montant de l'enveloppe.",
                minimum=0,
                maximum=MAX_EUR,
                example="25 747",
            ),
            Column(
                "statut", "status", "code", "Acquis, demandé ou à répartir.", enum=c.FundingStatus, example="secured"
            ),
            Column("source", "source", "text", "Document source.", example="Plan de financement"),
        ),
        key=("identifiant",),
    ),
    Template(
        "funding_lines",
        "funding_line",
        "Lignes de financement par période",
        (
            Column(
                "enveloppe",
                "envelope_id",
                "text",
                "Identifiant de l'enveloppe.",
                reference=ENVELOPE,
                example="vend_cci",
            ),
            Column(
                "periode",
                "period_label",
                "text",
                "Période telle qu'écrite (2018, 1er semestre 2020...).",
                example="2018",
            ),
            Column("annee", "year", "int", "Année de la période.", minimum=YEAR_MIN, maximum=YEAR_MAX, example="2018"),
            Column("date_debut", "period_start", "date", "Début de la période.", example="01/01/2018"),
            Column("date_fin", "period_end", "date", "Fin de la période.", example="31/12/2018"),
            Column("montant_eur", "amount_eur", "decimal", "Montant.", minimum=0, maximum=MAX_EUR, example="6 437"),
        ),
        key=("enveloppe", "periode"),
    ),
    Template(
        "flow_categories",
        "flow_category",
        "Nomenclature des flux",
        (
            Column(
                "code",
                "category_code",
                "text",
                "Code de la catégorie.",
                pattern=r"[a-z0-9_]+",
                pattern_hint="carton_ondule",
                example="carton_ondule",
            ),
            Column(
                "parent",
                "parent_code",
                "text",
                "Catégorie parente, facultative.",
                required=False,
                reference=CATEGORY,
                example="carton",
            ),
            Column("libelle", "label", "text", "Libellé.", example="Carton ondulé"),
            Column("famille", "family", "code", "Famille de flux.", enum=c.FlowFamily, example="dechet"),
            Column(
                "unite_usuelle",
                "default_unit",
                "text",
                "Unité usuelle, facultative.",
                required=False,
                reference=UNIT,
                example="t",
            ),
            Column(
                "chapitre_liste_dechets",
                "ewc_chapter",
                "text",
                "Chapitre de la liste européenne des déchets (2 chiffres).",
                required=False,
                pattern=r"[0-9]{2}",
                pattern_hint="15",
                example="15",
            ),
        ),
        key=("code",),
    ),
    Template(
        "flow_compatibility",
        "flow_compatibility",
        "Compatibilités de substitution entre catégories",
        (
            Column(
                "categorie_sortante",
                "output_category",
                "text",
                "Catégorie du flux sortant.",
                reference=CATEGORY,
                example="carton_ondule",
            ),
            Column(
                "categorie_entrante",
                "input_category",
                "text",
                "Catégorie du besoin qu'il peut remplacer.",
                reference=CATEGORY,
                example="emballages_calage",
            ),
            Column("note", "note", "text", "Précision.", required=False),
            Column("source", "source", "text", "Source de la règle.", example="Retour d'expérience"),
        ),
        key=("categorie_sortante", "categorie_entrante"),
    ),
    Template(
        "sa_responses",
        "sa_response",
        "Auto-évaluations (réponses)",
        (
            _id("identifiant", "response_id", "de la réponse", "R-2025-001"),
            Column(
                "questionnaire",
                "questionnaire_id",
                "text",
                "Identifiant du questionnaire.",
                reference=QUESTIONNAIRE,
                example="assett-observatoire-v1",
            ),
            Column(
                "entreprise",
                "company_id",
                "text",
                "Identifiant de l'entreprise ou de l'acteur.",
                reference=COMPANY,
                example="E-0001",
            ),
            Column("date_reponse", "submitted_on", "date", "Date de la réponse.", example="15/09/2025"),
        ),
        key=("identifiant",),
        unique_together=(("entreprise", "questionnaire", "date_reponse"),),
        extra={"is_demo": False},
    ),
    Template(
        "sa_answers",
        "sa_answer",
        "Auto-évaluations (points par question)",
        (
            Column(
                "reponse", "response_id", "text", "Identifiant de la réponse.", reference=RESPONSE, example="R-2025-001"
            ),
            Column(
                "questionnaire",
                "questionnaire_id",
                "text",
                "Identifiant du questionnaire.",
                reference=QUESTIONNAIRE,
                example="assett-observatoire-v1",
            ),
            Column("question", "question_code", "text", "Code de la question.", example="E1"),
            Column("points", "points", "int", "Points obtenus.", minimum=0, example="3"),
        ),
        key=("reponse", "question"),
    ),
)

# The CLI and the sheet names use the entity names.
TEMPLATES_BY_ENTITY: dict[str, Template] = {template.entity: template for template in TEMPLATES}


def _load_order(templates: tuple[Template, ...]) -> tuple[str, ...]:
    """Entities in an order where every one comes after those it refers to (declaration order otherwise)."""
    provider = {template.table: template.entity for template in templates}
    needs = {
        template.entity: {
            provider[column.reference.table]
            for column in template.columns
            if column.reference is not None and provider.get(column.reference.table, template.entity) != template.entity
        }
        | set(template.after)
        for template in templates
    }
    order: list[str] = []
    while len(order) < len(templates):
        ready = [t.entity for t in templates if t.entity not in order and needs[t.entity] <= set(order)]
        if not ready:
            raise ValueError(f"circular references between templates: {sorted(set(needs) - set(order))}")
        order.append(ready[0])
    return tuple(order)


# Multi-sheet workbooks are validated and written in this order, so a sheet may refer to rows of earlier ones.
LOAD_ORDER: tuple[str, ...] = _load_order(TEMPLATES)
