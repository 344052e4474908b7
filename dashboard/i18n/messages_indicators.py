"""Messages of the indicators area: the "Objectifs et réalisations" page, the COPIL mode, data entry."""

MESSAGES: dict[str, str] = {
    # navigation
    "nav.page.objectives": "Objectifs et réalisations",
    "nav.page.copil": "Mode COPIL",
    "home.link.objectives": "Objectifs et réalisations : tous les indicateurs, trajectoires et saisie",
    # entry validation
    "entry.error.unknown_indicator": "L'indicateur « {code} » n'existe pas dans le catalogue.",
    "entry.error.unknown_scope": "Le territoire ou la démarche « {scope} » n'existe pas.",
    "entry.error.computed": (
        "« {indicator} » est calculé à partir des saisies : sa valeur réalisée ne se saisit pas (seuls son objectif "
        "et sa référence se saisissent)."
    ),
    "entry.error.no_value": "La valeur est vide.",
    "entry.error.ambiguous_dot": (
        "« {value} » est ambigu : le point peut séparer les milliers (1.500 = 1 500) ou les décimales (1.500 = 1,5). "
        "Écrivez 1500 ou 1 500 pour mille cinq cents, 1,5 pour un et demi (virgule décimale)."
    ),
    "entry.error.below": "La valeur doit être supérieure ou égale à {value} ({unit}).",
    "entry.error.above": "La valeur doit être inférieure ou égale à {value} ({unit}).",
    "entry.error.decimals": "La valeur a trop de décimales : {decimals} au plus pour cet indicateur ({unit}).",
    "entry.error.year": "L'année doit être comprise entre {low} et {high}.",
    "entry.error.quarter": "Le trimestre doit être 1, 2, 3, 4 ou « année entière ».",
    "entry.error.yearly": "Une valeur de type {kind} porte sur l'année entière : choisissez « année entière ».",
    "entry.error.future": "La période n'a pas encore commencé : une valeur réalisée ou estimée ne peut pas être saisie.",
    "entry.error.no_source": "Indiquez la source de la valeur (document, structure, fonction de la personne).",
    "entry.error.long_source": "La source dépasse {chars} caractères : indiquez le titre du document ou la structure.",
    # statuses
    "ind.status.met": "Objectif atteint",
    "ind.status.on_track": "Dans les temps",
    "ind.status.late": "En retard",
    "ind.status.no_target": "Sans objectif",
    "ind.status.no_value": "Non renseigné",
    "ind.source.records": "saisies de l'observatoire",
    "ind.value.none": "non renseigné",
    "ind.kind.reference": "Référence",
    "ind.kind.target": "Objectif",
    # cards
    "ind.card.milestone": "{kind} {year} : {value}",
    "ind.card.no_value": "Pas de valeur pour cette période",
    "ind.card.computed": "Calculé à partir de {count} enregistrements, au {date}",
    "ind.card.computed_one": "Calculé à partir de {count} enregistrement, au {date}",
    "ind.card.part": "{basis} : {value}",
    "ind.card.parts": "(dont {parts})",
    "ind.card.declared": "{provenance} · source : {source} · au {date}",
    "ind.card.achievement": "{share} de l'objectif {year} ({target})",
    "ind.card.expected": "Attendu au {date} sur la trajectoire : {value}",
    "ind.card.target_source": "Objectif : {scope} — {source}, {date}",
    "ind.png.download": "Télécharger en PNG (avec sa légende)",
    # page
    "obj.chart_source": "saisies de l'observatoire (valeurs calculées) ; valeurs et objectifs déclarés avec leur source",
    "obj.empty_db": "La base ne contient encore aucune donnée : importez des données ou créez la base de démonstration.",
    "obj.scope": "Périmètre des objectifs",
    "obj.scope.territory": "Territoire : {name}",
    "obj.scope.programme": "Démarche : {name}",
    "obj.scope.help": (
        "Un territoire compte ses propres objectifs et ceux des démarches dont il est le périmètre. Une démarche "
        "compte ses propres objectifs ; ses réalisations sont celles de son territoire de périmètre."
    ),
    "obj.as_of": "Valeurs au {date} (période en cours : les données s'arrêtent à cette date).",
    "obj.no_records": (
        "Aucune réalisation ni objectif pour {name} sur cette période : choisissez un autre territoire ou saisissez "
        "des objectifs ci-dessous."
    ),
    "obj.section.cards": "Objectifs suivis",
    "obj.section.cards_none": "Indicateurs obligatoires",
    "obj.no_target_cards": "Aucun objectif n'est fixé pour ce périmètre : voici les indicateurs obligatoires.",
    "obj.section.trajectory": "Trajectoire",
    "obj.trajectory.indicator": "Indicateur",
    "obj.section.table": "Tous les indicateurs, par pilier",
    "obj.section.drill": "Ce qu'il y a derrière un chiffre",
    "obj.drill.indicator": "Indicateur calculé",
    "obj.drill.names": "Afficher les noms des entreprises (information confidentielle, jamais en mode COPIL)",
    "obj.drill.count_one": "{count} enregistrement derrière la valeur {value} ({indicator}), au {date}.",
    "obj.drill.count": "{count} enregistrements derrière la valeur {value} ({indicator}), au {date}.",
    "obj.drill.empty": "Aucun enregistrement derrière cette valeur pour la période.",
    "obj.drill.pseudonyms": "Les entreprises sont désignées par un numéro (#1, #2…) : cochez la case pour voir leurs noms.",
    "obj.section.compare": "Comparaison",
    "obj.compare.what": "Comparer",
    "obj.compare.programmes": "Les démarches",
    "obj.compare.epci": "Les intercommunalités du département",
    "obj.compare.indicator": "Indicateur comparé",
    "obj.compare.total": "Ensemble sans double compte : {value}",
    "obj.compare.total_none": "Pas de total pour cet indicateur (non agrégeable ou valeur manquante).",
    "obj.compare.none": "Rien à comparer pour ce territoire.",
    "obj.section.radar": "Les trois piliers",
    "obj.radar.note": (
        "Pour chaque pilier : part moyenne des objectifs atteinte (chaque indicateur plafonné à 100 %) et part des "
        "indicateurs du pilier qui ont une valeur pour la période."
    ),
    "obj.rule.title": "Comment ces chiffres sont calculés",
    "obj.rule.body": (
        "- **Calculés** : recalculés à chaque affichage à partir des saisies (jamais une copie figée), en cumul "
        "depuis le premier enregistrement jusqu'au {end} ; les impacts sont ceux des synergies réalisées à cette "
        "date, par an.\n"
        "- **Déclarés** : valeurs saisies pour l'année {year}, avec leur source et leur date.\n"
        "- **Part atteinte** : réalisé ÷ objectif (objectif nul : atteint) ; pour un indicateur « plus bas = mieux », "
        "part de la baisse prévue réalisée depuis la référence.\n"
        "- **Dans les temps / en retard** : la trajectoire va en ligne droite de la référence (31/12) à chaque "
        "objectif (31/12) ; sans référence, elle part de 0 au 1er janvier de l'année du premier objectif. Au "
        "{as_of}, un réalisé au moins égal à la valeur attendue sur cette droite est dans les temps."
    ),
    "obj.col.indicator": "Indicateur",
    "obj.col.pillar": "Pilier",
    "obj.col.with_target": "Indicateurs avec objectif",
    "obj.col.filled": "Indicateurs renseignés",
    "obj.col.mandatory": "Obligatoire",
    "obj.col.realisation": "Mode",
    "obj.col.value": "Réalisé",
    "obj.col.target": "Objectif",
    "obj.col.share": "Atteint",
    "obj.col.gap": "Écart",
    "obj.col.status": "Statut",
    "obj.col.provenance": "Provenance",
    "obj.col.direction": "Sens",
    "obj.yes": "oui",
    "obj.no": "non",
    "obj.target_cell": "{value} ({year})",
    # drill-down columns
    "obj.rec.company_name": "Entreprise",
    "obj.rec.commune": "Commune",
    "obj.rec.first_on": "Mobilisée le",
    "obj.rec.diagnostics": "Diagnostics",
    "obj.rec.synergies": "Synergies",
    "obj.rec.diagnostic_date": "Date du diagnostic",
    "obj.rec.kind": "Type",
    "obj.rec.direction": "Sens",
    "obj.rec.category": "Catégorie",
    "obj.rec.quantity": "Quantité",
    "obj.rec.unit_code": "Unité",
    "obj.rec.title": "Intitulé",
    "obj.rec.synergy_type": "Type",
    "obj.rec.status": "Statut à la fin de la période",
    "obj.rec.identified_on": "Identifiée le",
    "obj.rec.companies": "Entreprises",
    "obj.rec.event_date": "Date",
    "obj.rec.event_kind": "Type",
    "obj.rec.attendance_total": "Participants",
    "obj.rec.attendance_companies": "Dont entreprises",
    "obj.rec.events": "Participations",
    "obj.rec.impact_kind": "Impact",
    "obj.rec.value": "Valeur par an",
    "obj.rec.basis": "Nature",
    "obj.rec.source": "Source",
    "obj.rec.as_of": "Au",
    # entry
    "obj.section.entry": "Saisir ou corriger une valeur",
    "obj.entry.intro": (
        "Objectifs, références, valeurs déclarées ou estimées de **{scope}**. Chaque enregistrement garde "
        "l'historique des modifications (date, auteur s'il est indiqué, valeur précédente)."
    ),
    "obj.entry.indicator": "Indicateur",
    "obj.entry.kind": "Nature de la valeur",
    "obj.entry.year": "Année",
    "obj.entry.quarter": "Période de l'année",
    "obj.entry.value": "Valeur ({unit})",
    "obj.entry.value.placeholder": "par exemple 1 234,5",
    "obj.entry.value.help": "Un nombre à la française (1 234,5) ; le point décimal (1234.5) est aussi compris.",
    "obj.entry.source": "Source (document, structure, fonction)",
    "obj.entry.comment": "Commentaire (facultatif)",
    "obj.entry.author": "Saisi par (facultatif)",
    "obj.entry.submit": "Enregistrer",
    "obj.entry.saved_new": "Valeur enregistrée : {indicator}, {kind} {year} = {value}.",
    "obj.entry.saved_changed": "Valeur corrigée : {indicator}, {kind} {year} = {value} (précédente : {previous}).",
    "obj.entry.unchanged": "Valeur inchangée : rien n'a été enregistré.",
    "obj.entry.refused": "La valeur n'a pas été enregistrée :",
    "obj.entry.history": "Historique des modifications",
    "obj.entry.history_empty": "Aucune modification enregistrée pour ce périmètre.",
    "obj.hist.changed_at": "Date",
    "obj.hist.changed_by": "Auteur",
    "obj.hist.label": "Indicateur",
    "obj.hist.year": "Année",
    "obj.hist.value_kind": "Nature",
    "obj.hist.previous_value": "Valeur précédente",
    "obj.hist.new_value": "Nouvelle valeur",
    "obj.hist.comment": "Commentaire",
    "obj.hist.unknown_author": "non indiqué",
    "obj.copil_link": "Présenter en COPIL",
    # COPIL mode
    "copil.previous": "Précédent",
    "copil.next": "Suivant",
    "copil.position": "Écran {index} / {total}",
    "copil.screen.overview": "Où en sont nos objectifs ?",
    "copil.screen.activites": "Activités et résultats : entreprises et synergies",
    "copil.screen.impacts": "Impacts des synergies réalisées",
    "copil.screen.gouvernance": "Gouvernance et animation",
    "copil.screen.modele": "Modèle économique et vue des trois piliers",
    "copil.values_at": "valeurs au {date}",
    "copil.leave": "Quitter",
    "copil.where": "{name} ({period})",
    "copil.empty_scope": "Aucune donnée ni aucun objectif n'est enregistré pour {where} : il n'y a rien à présenter.",
    "copil.no_targets": "Aucun objectif n'est fixé pour {where} : les écrans suivants présentent les réalisations.",
    "copil.empty_screen": "Aucun indicateur du groupe « {group} » n'a de valeur ni d'objectif pour {where}.",
    "copil.target_sources": "Sources des objectifs : {sources}",
    "copil.footer": "Aucune donnée nominative d'entreprise n'est affichée.",
    # charts
    "ind.chart.no_data": "Aucune valeur pour cet indicateur",
    "ind.chart.no_target": "Aucun objectif fixé pour ce périmètre",
    "ind.chart.kind.reference": "Référence",
    "ind.chart.kind.target": "Objectif",
    "ind.chart.kind.interpolated": "interpolé",
    "ind.chart.trajectory.title": "{indicator} ({unit}) : trajectoire et réalisé",
    "ind.chart.trajectory.planned": "Trajectoire cible (pointillés ; cercles vides = années interpolées)",
    "ind.chart.trajectory.realised": "Réalisé",
    "ind.chart.trajectory.current": "Période affichée ({year})",
    "obj.trajectory.note": (
        "Réalisé : recalculé au 31/12 de chaque année à partir des saisies (valeurs déclarées pour les indicateurs "
        "déclarés). Trajectoire : droite entre la référence et les objectifs."
    ),
    "ind.chart.achievement.title": "Objectifs : part atteinte",
    "ind.chart.achievement.row": "{name}<br>objectif {year} : {target}",
    "ind.chart.achievement.text": "{share} ({value}) · {status}",
    "ind.chart.achievement.short": "{share}",
    "ind.chart.achievement.row_status": "{name}<br>objectif {year} : {target}<br><b>{status}</b>",
    "ind.chart.achievement.x": "Part de l'objectif atteinte",
    "ind.chart.comparison.title": "{indicator} : comparaison",
    "ind.chart.comparison.target": "Objectif",
    "ind.chart.radar.title": "Les trois piliers ELIPSE",
    "ind.chart.radar.achieved": "Part moyenne des objectifs atteinte (plafonnée à 100 %)",
    "ind.chart.radar.filled": "Part des indicateurs renseignés",
}
