"""Messages of the self-assessment page (ASSETT-style questionnaires, seed 003)."""

MESSAGES: dict[str, str] = {
    "nav.page.self_assessment": "Auto-évaluation des acteurs",
    "sa.empty_db": (
        "Aucune donnée dans la base. Importez vos données depuis la page « Import et export », ou construisez la "
        "base de démonstration :"
    ),
    "sa.none": (
        "Aucune donnée d'auto-évaluation pour {territory} au {date} : aucun acteur du territoire n'a encore "
        "répondu au questionnaire. Les réponses s'importent depuis la page « Import et export »."
    ),
    "sa.intro": (
        "Chaque acteur (entreprise, association) remplit périodiquement le questionnaire et obtient un score sur 5 "
        "par thème et en moyenne. Le territoire n'en voit que l'agrégat : la dernière réponse de chaque acteur au "
        "{date}, jamais les réponses d'un acteur."
    ),
    "sa.questionnaire": "Questionnaire",
    "sa.questionnaire.option": "{title} (version {version}) · {responses} réponses",
    "sa.kpi.respondents": "Acteurs répondants",
    "sa.kpi.respondents.help": "Acteurs du territoire ayant répondu au moins une fois au questionnaire.",
    "sa.kpi.responses": "{count} réponses au total",
    "sa.kpi.average": "Score moyen",
    "sa.kpi.average.help": (
        "Moyenne, sur les acteurs, de leur score moyen (moyenne de leurs scores par thème) à leur dernière réponse."
    ),
    "sa.kpi.score": "{score}/5",
    "sa.kpi.level": "{level}",
    "sa.kpi.progress": "Progression des acteurs",
    "sa.kpi.progress.help": (
        "Évolution du score moyen entre la première et la dernière réponse des acteurs qui ont répondu au moins "
        "deux fois."
    ),
    "sa.kpi.progress.value_one": "{change} point",
    "sa.kpi.progress.value": "{change} points",
    "sa.kpi.progress.count": "sur {count} acteurs ayant répondu au moins deux fois",
    "sa.kpi.masked": "s",
    "sa.masked": "Moins de {minimum} acteurs : résultat masqué pour préserver la confidentialité des réponses.",
    "sa.progress_masked": (
        "Moins de {minimum} acteurs ont répondu deux fois : la progression n'est pas affichée (confidentialité)."
    ),
    "sa.section.charts": "Scores par thème",
    "sa.section.levels": "Niveaux atteints",
    "sa.section.yearly": "Évolution par année",
    "sa.section.table": "Détail par thème",
    "sa.col.theme": "Thème",
    "sa.col.latest": "Score moyen (dernière réponse)",
    "sa.col.first": "Première réponse (acteurs suivis)",
    "sa.col.latest_repeat": "Dernière réponse (acteurs suivis)",
    "sa.col.change": "Évolution",
    "sa.table.caption": (
        "Score d'un thème = 5 × points obtenus / points possibles sur les questions du thème. « Acteurs suivis » : "
        "les {count} acteurs ayant répondu au moins deux fois. « s » : moins de {minimum} acteurs, masqué."
    ),
    "sa.levels.caption": "Niveaux : {levels}.",
    "sa.level.band": "{label} à partir de {min}/5",
    "sa.source": "questionnaires d'auto-évaluation des acteurs (dispositif ASSETT)",
    "sa.chart.radar.title": "Score moyen par thème (sur 5)",
    "sa.chart.first": "Première réponse ({count} acteurs suivis)",
    "sa.chart.latest": "Dernière réponse ({count} acteurs)",
    "sa.chart.levels.title": "Acteurs par niveau atteint",
    "sa.chart.yearly.title": "Score moyen par thème des réponses de chaque année",
    "sa.chart.yearly.axis": "Score sur 5",
    "sa.chart.yearly.hover": "%{x} : %{y:.1f}/5 (%{customdata} répondants)",
}
