"""Messages of the conventions and funding page."""

MESSAGES: dict[str, str] = {
    "nav.page.conventions": "Conventions et financements",
    "conventions.section": "Conventions",
    "conventions.none": (
        "Aucune donnée de convention dans la base. Importez vos conventions et leurs actions depuis la page "
        "« Import et export »."
    ),
    "conventions.none_here": "Aucune convention ne concerne {territory} : voici toutes les conventions de la base.",
    "conventions.as_of_unknown": (
        "Date des données inconnue : les réalisations sont calculées jusqu'à aujourd'hui ({date})."
    ),
    "conventions.period": "Du {start} au {end} · {territory} · {rule}",
    "conventions.signed": "signée le {date}",
    "conventions.parties": "Parties : {parties}",
    "conventions.party": "{name} ({role})",
    "conventions.due": "Montant dû à ce jour",
    "conventions.as_of": "Réalisations arrêtées au {date} (date des données, au plus tard la fin de la convention).",
    "conventions.due_help": (
        "Chaque action est payée au prorata de sa réalisation : forfait × réalisé / engagé, au plus le forfait ; "
        "le total est plafonné au plafond de la convention."
    ),
    "conventions.ceiling": "Plafond",
    "conventions.committed_total": "Forfaits des actions",
    "conventions.elapsed": "Période écoulée au {date}",
    "conventions.capped": (
        "Les actions totalisent {total}, au-delà du plafond de {ceiling} : le montant dû est ramené au plafond."
    ),
    "conventions.col.article": "Article",
    "conventions.col.action": "Action",
    "conventions.col.committed": "Engagé",
    "conventions.col.realised": "Réalisé",
    "conventions.col.completion": "Réalisation",
    "conventions.col.basis": "Provenance",
    "conventions.col.flat": "Forfait",
    "conventions.col.due": "Montant dû",
    "conventions.basis.declared": "Déclaré au {date}",
    "conventions.basis.declared_undated": "Déclaré (date non indiquée)",
    "conventions.basis.computed": "Calculé à partir des saisies au {date}",
    "conventions.basis.to_declare": "À déclarer : non calculable à partir des saisies",
    "conventions.rules.title": "Règles de calcul des réalisations",
    "conventions.chart.section": "Graphique : réalisation de chaque action, montant dû et plafond",
    "conventions.rule.companies_supported": (
        "entreprises distinctes du territoire ayant eu une visite énergie ou un accompagnement à un label "
        "(diagnostic thématique) par l'organisme bénéficiaire entre le {start} et le {end}"
    ),
    "conventions.rule.events_held": (
        "ateliers et réunions thématiques tenus sur le territoire (ou l'une de ses communes) entre le {start} et le "
        "{end} ; les comités de pilotage ne comptent pas"
    ),
    "conventions.rule.declared": "quantité à déclarer (non calculable à partir des saisies)",
    "conventions.rule.line": "**{action}** : {rule}.",
    "conventions.rules.override": "Une quantité réalisée déclarée (import) remplace toujours le calcul.",
    "conventions.source": "Source : {source}",
    "funding.section": "Plans de financement",
    "funding.none": "Aucune donnée de financement pour les démarches de la base.",
    "funding.none_here": (
        "Aucune démarche de {territory} n'a de plan de financement dans la base : voici ceux des autres démarches."
    ),
    "funding.programme": "Démarche",
    "funding.envelopes": "Enveloppes par financeur, telles que la source les annonce",
    "funding.col.funder": "Financeur",
    "funding.col.phase": "Phase",
    "funding.col.status": "Statut",
    "funding.col.envelope": "Enveloppe annoncée",
    "funding.col.lines": "Total des lignes",
    "funding.col.share": "Part du financement",
    "funding.col.year": "Année",
    "funding.col.amount": "Montant des lignes",
    "funding.total": "Total",
    "funding.no_lines": "Pas de ventilation par période dans la source.",
    "funding.table": "Plan de financement par financeur et par période (€)",
    "funding.by_year": "Total par année (€)",
    "funding.by_phase": "Total par phase (€)",
    "funding.difference": (
        "Dans la source, les lignes du financeur « {funder} » ({phase}) totalisent {lines} pour une enveloppe annoncée de "
        "{envelope} (écart de {difference}) : les deux montants sont conservés tels quels."
    ),
    "funding.share_help": "Part de chaque financeur dans le total des enveloppes annoncées ({total}).",
    "funding.source": "Source : {source} · montants déclarés par la source, non recalculés",
    "chart.funding.title": "Financements par année et par financeur",
    "chart.funding.period": "{start} – {end}",
    "chart.convention.title": "Convention : {due} dus sur un plafond de {ceiling} ({share})",
    "chart.convention.realisation": "Réalisation de chaque action (100 % = engagement)",
    "chart.convention.amounts": "Montant dû et plafond",
    "chart.convention.committed": "Engagé",
    "chart.convention.realised": "Réalisé",
    "chart.convention.to_declare": "à déclarer",
    "chart.convention.bar": "{done} / {committed} {unit} · {due} sur {flat}",
    "chart.convention.due_label": "Montant dû",
    "chart.convention.ceiling": "Plafond {ceiling}",
    "chart.convention.source": "convention signée et saisies de l'Observatoire",
}
