"""Messages of the home area (home page and its charts)."""

MESSAGES: dict[str, str] = {
    # headline figures
    "home.kpi.companies_mobilised": "Entreprises mobilisées",
    "home.kpi.diagnostics": "Diagnostics réalisés",
    "home.kpi.flows": "Flux recensés",
    "home.kpi.synergies": "Synergies engagées",
    "home.kpi.workshops_meetings": "Ateliers et rencontres",
    "home.kpi.steering_meetings": "Réunions de pilotage",
    "home.kpi.help.companies_mobilised": (
        "Entreprises distinctes situées sur le territoire ayant eu au moins un diagnostic ou participé à au "
        "moins une synergie, depuis le premier enregistrement jusqu'à la fin de la période (cumul). "
        "« Sur la période » : entreprises mobilisées pour la première fois pendant la période."
    ),
    "home.kpi.help.diagnostics": (
        "Diagnostics de flux (flash, complets, thématiques) des entreprises du territoire, datés au plus tard "
        "de la fin de la période (cumul)."
    ),
    "home.kpi.help.flows": (
        "Flux entrants et sortants recensés auprès des entreprises du territoire, datés par leur diagnostic "
        "(cumul). Les flux saisis sans diagnostic n'ont pas de date et sont toujours comptés."
    ),
    "home.kpi.help.synergies": (
        "Synergies du territoire (rattachées au territoire ou impliquant une de ses entreprises) au statut "
        "identifiée, en étude, en cours ou réalisée à la fin de la période ; les abandonnées ne sont pas "
        "comptées. « Sur la période » : synergies identifiées pendant la période."
    ),
    "home.kpi.help.workshops_meetings": (
        "Ateliers, réunions thématiques et réunions de lancement organisés sur le territoire (cumul)."
    ),
    "home.kpi.help.steering_meetings": "COPIL et comités techniques tenus sur le territoire (cumul).",
    "home.kpi.in_period": "dont {value} sur la période",
    "home.kpi.target": "Objectif {year} : {value} ({scope}) — {share} atteint",
    "home.kpi.target_no_share": "Objectif {year} : {value} ({scope})",
    "home.kpi.reference": "Référence {year} : {value}",
    "home.kpi.no_target": "Pas d'objectif fixé pour ce territoire",
    "home.kpi.source": "Calculé à partir de {count} enregistrements ({records}), cumul au {date}",
    "home.kpi.source_one": "Calculé à partir de {count} enregistrement ({records}), cumul au {date}",
    "home.kpi.undated": "dont {count} flux sans date (saisis sans diagnostic)",
    "home.kpi.target_source": "Source de l'objectif : {source}, au {date}",
    "home.records.companies_mobilised": "diagnostics et participations à des synergies",
    "home.records.diagnostics": "diagnostics",
    "home.records.flows": "flux",
    "home.records.synergies": "synergies et leur historique de statuts",
    "home.records.workshops_meetings": "événements",
    "home.records.steering_meetings": "événements",
    # page
    "home.rule.title": "Comment ces chiffres sont-ils calculés ?",
    "home.rule.body": (
        "Les chiffres sont **cumulés** : ils comptent tous les enregistrements depuis le début jusqu'à la fin "
        "de la période choisie ({end}), parce que les objectifs des démarches sont exprimés en cumul "
        "(par exemple « 100 entreprises mobilisées en 2022 »). La mention « dont … sur la période » donne la "
        "part de la période elle-même ({start} – {end}).\n\n"
        "Ils sont **calculés à partir des enregistrements** de la base (diagnostics, flux, synergies, "
        "événements), jamais saisis à la main. Les objectifs et références viennent des indicateurs saisis "
        "pour ce territoire ou pour les démarches dont c'est le périmètre.\n\n"
        "Une entreprise est **mobilisée** dès qu'elle a eu un diagnostic ou participé à une synergie ; elle "
        "est comptée une seule fois. Une synergie est comptée avec son **statut à la fin de la période**."
    ),
    "home.section.figures": "Chiffres clés",
    "home.section.charts": "Objectifs et synergies",
    "home.section.more": "Aller plus loin",
    "home.link.programmes": "Démarches du territoire, synergies et chiffres clés",
    "home.link.conventions": "Conventions et financements",
    "home.link.data": "Importer ou exporter des données",
    "home.empty_db": (
        "La base de données ne contient encore aucune donnée. Importez vos fichiers depuis la page "
        "« Import et export », ou construisez la base de démonstration avec la commande ci-dessous."
    ),
    "home.no_records": (
        "Aucun enregistrement (entreprise, diagnostic, synergie, événement ou indicateur) pour "
        "{territory}. Choisissez un autre territoire dans le panneau de gauche, par exemple {suggestion}."
    ),
    "home.no_records_no_suggestion": (
        "Aucun enregistrement (entreprise, diagnostic, synergie, événement ou indicateur) pour {territory}. "
        "Choisissez un autre territoire dans le panneau de gauche ou importez des données."
    ),
    "home.period_in_progress": (
        "La période n'est pas terminée : les chiffres sont arrêtés à la date des données ({date})."
    ),
    "home.no_target_chart": (
        "Aucun objectif n'est fixé pour ce territoire ni pour une démarche dont c'est le périmètre : "
        "les objectifs se saisissent ou s'importent comme indicateurs (valeur de type « objectif »)."
    ),
    "home.source": "Observatoire territorial EIT, enregistrements",
    # charts
    "chart.source": "Source : {source}",
    "chart.data_as_of": "données au {date}",
    "chart.data_as_of_unknown": "date des données inconnue",
    "chart.demo": "données de démonstration (fictives)",
    "chart.no_synergy": "Aucune synergie identifiée à la fin de la période",
    "chart.no_target": "Aucun objectif fixé pour ce territoire",
    "chart.synergies.title": "Synergies par statut en fin de période",
    "chart.targets.title": "Réalisé par rapport aux objectifs",
    "chart.targets.row": "{name}<br>(objectif {year} : {target})",
    "chart.targets.bar_text": "{share} ({done})",
    "chart.targets.x": "Part de l'objectif atteinte (cumul)",
}
