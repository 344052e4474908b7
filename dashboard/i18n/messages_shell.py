"""Messages of the app shell: navigation, first start, sidebar, header."""

MESSAGES: dict[str, str] = {
    "app.title": "Observatoire territorial EIT",
    "badge.demo": "Données de démonstration",
    "header.data_as_of": "données au {date}",
    # navigation
    "nav.section.overview": "Vue d'ensemble",
    "nav.section.programmes": "Démarches",
    "nav.section.data": "Données",
    "nav.page.home": "Accueil",
    # first start
    "first_start.intro": (
        "Première ouverture : aucune base de données n'existe encore ({path}). "
        "Construction de la base de démonstration (environ une minute)…"
    ),
    "first_start.starting": "Préparation de la base de démonstration…",
    "first_start.done": "Base de démonstration prête.",
    "first_start.failed": "La construction de la base de démonstration a échoué : {error}",
}
