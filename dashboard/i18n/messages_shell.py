"""Messages of the app shell: navigation, first start, sidebar, header."""

MESSAGES: dict[str, str] = {
    "app.title": "Observatoire territorial EIT",
    "app.store_missing_install": (
        "La base partagée PostgreSQL (variable OBSERVATOIRE_DB) demande l'installation serveur, absente ici : "
        "installez-la avec « pip install -r requirements-server.txt » dans l'environnement du tableau de bord, puis "
        "relancez-le (voir docs/deployment.md, section 5)."
    ),
    "app.store_unreachable": (
        "La base partagée PostgreSQL (variable OBSERVATOIRE_DB) ne répond pas ou refuse la connexion : vérifiez que "
        "le serveur PostgreSQL tourne, l'adresse, le compte et ses droits (voir docs/deployment.md, section 5), puis "
        "rechargez la page."
    ),
    "app.store_reason": "Détail technique pour l'administrateur : {reason}",
    "app.store_interrupted": (
        "La base partagée PostgreSQL a été interrompue pendant l'enregistrement (serveur redémarré ou injoignable) "
        "et ne répond toujours pas : rien n'a été enregistré. Recommencez dans un moment ; si cela dure, prévenez "
        "l'administrateur."
    ),
    "app.store_interrupted_maybe_committed": (
        "La base partagée PostgreSQL a été interrompue au moment même de valider l'enregistrement : il a pu être "
        "enregistré ou non : vérifiez s'il apparaît (rechargez la page) avant de le refaire."
    ),
    "app.unexpected_error": (
        "Une erreur inattendue a interrompu cette page. Rechargez-la ; si l'erreur revient, l'administrateur en "
        "trouvera le détail dans le journal du serveur sous la référence {reference}."
    ),
    "app.db_locked": (
        "La base de données {path} est déjà ouverte par un autre programme{holder} : un autre tableau de bord sur la même "
        "base, ou une commande « python -m dashboard … » en cours. Un seul programme à la fois peut ouvrir ce "
        "fichier : servez plusieurs utilisateurs depuis un seul tableau de bord (voir docs/deployment.md), ou "
        "réessayez quand la commande aura terminé."
    ),
    "badge.demo": "Données de démonstration",
    "header.data_as_of": "données au {date}",
    "header.figures_as_of": "chiffres au {date}",
    "header.data_as_of_import": "données au {date} (dernier import)",
    "header.data_as_of_unknown": "date des données inconnue",
    "header.no_territory": "Aucun territoire dans la base",
    "territory.with_level": "{name} — {level}",
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
    "first_start.failed": (
        "La construction de la base de démonstration a échoué : {error}. Rechargez la page pour réessayer, "
        "ou lancez « python -m dashboard build-demo » pour voir le détail."
    ),
    # sidebar
    "sidebar.territory": "Territoire",
    "sidebar.level": "Échelle",
    "sidebar.departement_filter": "Département de la commune",
    "sidebar.commune_search": "Chercher une commune (toute la France)",
    "sidebar.commune_search_hint": "Nom ou code INSEE, par ex. La Chapelle-Vendômoise",
    "sidebar.commune_search_results": "Communes trouvées",
    "sidebar.commune_search_pick": "Choisir une commune",
    "sidebar.commune_search_none": "Aucune commune ne porte ce nom ou ce code.",
    "sidebar.territory_select": "Territoire affiché",
    "sidebar.territory_help": "Tapez quelques lettres du nom ou le code pour filtrer la liste.",
    "sidebar.period": "Période",
    "sidebar.year": "Année",
    "sidebar.quarter": "Trimestre",
    "sidebar.no_territory": (
        "La base ne contient encore aucun territoire : importez le référentiel géographique "
        "ou construisez la base de démonstration."
    ),
    "sidebar.share": "L'adresse de la page garde le territoire et la période : copiez-la pour partager cette vue.",
    # periods
    "period.year": "Année {year}",
    "period.quarter": "{quarter} {year}",
    "quarter.0": "Année entière",
    "quarter.1": "T1 (janvier–mars)",
    "quarter.2": "T2 (avril–juin)",
    "quarter.3": "T3 (juillet–septembre)",
    "quarter.4": "T4 (octobre–décembre)",
    "quarter.short.1": "1er trimestre",
    "quarter.short.2": "2e trimestre",
    "quarter.short.3": "3e trimestre",
    "quarter.short.4": "4e trimestre",
}
