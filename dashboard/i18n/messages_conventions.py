"""Messages of the conventions and funding page."""

MESSAGES: dict[str, str] = {
    "nav.page.conventions": "Conventions et financements",
    "conventions.none": "Aucune donnée de convention pour ce territoire. Importez vos conventions depuis la page « Import et export ».",
    "conventions.none_here": "Aucune convention ne concerne {territory} : voici toutes les conventions de la base.",
    "conventions.section": "Conventions",
    "conventions.period": "Du {start} au {end} · {territory} · {rule}",
    "conventions.parties": "Parties : {parties}",
    "conventions.due": "Montant dû à ce jour",
    "conventions.ceiling": "Plafond",
    "conventions.elapsed": "Période écoulée",
    "conventions.due_help": (
        "Chaque action est payée au prorata de sa réalisation (plafonnée à 100 %), le total au plafond de la convention."
    ),
    "conventions.col.action": "Action",
    "conventions.col.article": "Article",
    "conventions.col.committed": "Engagé",
    "conventions.col.realised": "Réalisé",
    "conventions.col.basis": "Provenance",
    "conventions.col.flat": "Forfait",
    "conventions.col.due": "Montant dû",
    "conventions.basis.declared": "Déclaré au {date}",
    "conventions.basis.computed": "Calculé à partir des saisies au {date}",
    "conventions.basis.to_declare": "À déclarer (non calculable à partir des saisies)",
    "conventions.rules": (
        "Règles de calcul : entreprises accompagnées = entreprises du territoire ayant eu un diagnostic ou une visite "
        "par l'organisme bénéficiaire pendant la période ; événements = ateliers et réunions thématiques tenus sur le "
        "territoire pendant la période ; autres actions : quantité déclarée."
    ),
    "conventions.source": "Source : {source}",
    "funding.section": "Plans de financement",
    "funding.none": "Aucune donnée de financement pour les démarches de ce territoire.",
    "funding.programme": "Démarche",
    "funding.table": "Plan de financement par financeur et par période (€)",
    "funding.col.funder": "Financeur",
    "funding.difference": (
        "Dans la source, les lignes de {funder} ({phase}) totalisent {lines} pour une enveloppe annoncée de {envelope} "
        "(écart de {difference}) : les deux montants sont conservés tels quels."
    ),
    "funding.source": "Source : {source}",
    "chart.funding.title": "Financements par année et par financeur",
    "chart.convention.title": "Réalisation de la convention : {due} dus sur un plafond de {ceiling}",
    "chart.convention.bar": "{done} / {committed} {unit} · {due} sur {flat}",
    "chart.convention.source": "convention et saisies de l'Observatoire",
}
