"""Messages of the map page ("Carte") and of the synergy-detection page, and their navigation labels."""

MESSAGES: dict[str, str] = {
    # navigation (the section is shared with the registers and synergies pages)
    "nav.page.map": "Carte",
    "nav.page.detection": "Détection de synergies",
    # map builders
    "map.companies.title": "Entreprises et synergies",
    "map.choropleth.title": "{measure} par commune",
    "map.proposals.title": "Pistes de synergies proposées",
    "map.proposals.selected_title": "Piste sélectionnée",
    "map.legend.communes": "Communes",
    "map.legend.links": "Synergies (statut en fin de période)",
    "map.legend.status": "{status} ({count})",
    "map.legend.sectors": "Entreprises par famille de secteur",
    "map.legend.flow_families": "Entreprises par famille de flux principale",
    "map.legend.group": "{name} ({count})",
    "map.legend.no_flow": "Aucun flux enregistré",
    "map.legend.companies": "Entreprises du territoire ({count})",
    "map.legend.proposals.substitution": "Substitutions ({count})",
    "map.legend.proposals.mutualisation": "Mutualisations ({count})",
    "map.legend.selected": "Piste sélectionnée",
    "map.hover.company": "Entreprise",
    "map.hover.sector_commune": "{sector} · {commune}",
    "map.hover.flows": "{count} flux enregistré · famille principale : {family}",
    "map.hover.flows_plural": "{count} flux enregistrés · famille principale : {family}",
    "map.hover.no_flow": "aucun flux enregistré",
    "map.hover.approximate": "position approximative (centre de la commune)",
    "map.hover.type_status": "{type} · {status}",
    "map.hover.between": "{a} → {b}",
    "map.hover.commune_value": "<b>{commune}</b><br>{value} : {measure}",
    "map.hover.score": "score {score}",
    "map.measure.companies_mobilised": "Entreprises mobilisées",
    "map.measure.diagnostics": "Diagnostics réalisés",
    "map.measure.flows": "Flux enregistrés",
    "map.measure.companies": "Entreprises enregistrées",
    # map page
    "map.source": "registre des entreprises, diagnostics et synergies de l'observatoire ; limites : {boundaries}",
    "map.source.boundaries_unknown": "limites communales de la base",
    "map.empty_db": (
        "Aucune donnée à cartographier : la base ne contient encore aucune entreprise. "
        "Importez vos entreprises et diagnostics (page Données), ou construisez la base de démonstration :"
    ),
    "map.no_company": (
        "Aucune entreprise enregistrée dans les communes de {territory} : rien à placer sur la carte. "
        "Choisissez un autre territoire dans la barre latérale."
    ),
    "map.no_boundary": "Les limites communales de ce territoire manquent dans la base : la carte est dessinée sans elles.",
    "map.section.companies": "Entreprises et synergies",
    "map.section.choropleth": "Chiffres par commune",
    "map.colour_by": "Couleur des entreprises",
    "map.colour_by.sector": "Famille de secteur",
    "map.colour_by.flow_family": "Famille de flux principale",
    "map.colour_by.help": (
        "La famille de flux principale d'une entreprise est celle de la plupart de ses flux enregistrés "
        "(à égalité, l'ordre de la nomenclature)."
    ),
    "map.family_filter": "Entreprises ayant des flux de la famille",
    "map.family_filter.placeholder": "Toutes les entreprises",
    "map.show_links": "Tracer les synergies",
    "map.show_names": "Noms au survol",
    "map.show_names.help": "À désactiver avant de partager l'écran (comité de pilotage).",
    "map.count.companies": "{count} entreprises sur la carte",
    "map.count.companies_one": "{count} entreprise sur la carte",
    "map.count.approximate": "dont {count} placées au centre de leur commune (coordonnées manquantes)",
    "map.count.links": "{drawn} synergies tracées en fin de période",
    "map.count.links_not_drawn": "{count} non tracées (moins de deux entreprises localisées)",
    "map.companies.caption": (
        "Chaque point est une entreprise d'une commune du territoire ; chaque trait relie les entreprises d'une "
        "même synergie (fournisseur → receveur pour une substitution ; membres autour du coordinateur ou de "
        "l'entreprise centrale pour une mutualisation), coloré par le statut de la synergie au {date}. "
        "Survolez un point ou un trait pour le détail."
    ),
    "map.measure": "Chiffre affiché",
    "map.choropleth.caption": (
        "Cumul au {date}, règles de la page d'accueil : une entreprise est mobilisée dès son premier diagnostic "
        "ou sa première synergie ; les flux sans diagnostic sont toujours comptés. Total du territoire : "
        "{total} {measure}."
    ),
    "map.table": "Tableau par commune",
    "map.col.commune": "Commune",
    # detection page
    "detect.empty_db": (
        "Aucune donnée : aucun flux à comparer. La détection rapproche les flux sortants et entrants relevés "
        "lors des diagnostics ; importez des entreprises et leurs flux (page Données), ou construisez la base "
        "de démonstration :"
    ),
    "detect.no_flow": (
        "Aucun flux enregistré pour les entreprises de {territory} : aucun flux à comparer. Choisissez un "
        "autre territoire, ou importez les flux de vos diagnostics (page Données)."
    ),
    "detect.intro": (
        "La détection rapproche les flux des {companies} entreprises localisées de {territory} ({flows} flux) : "
        "un flux sortant qui peut alimenter le besoin d'une autre entreprise dans le rayon (substitution), ou "
        "plusieurs entreprises proches ayant le même besoin ou le même flux sortant (mutualisation). Les pistes "
        "déjà acceptées ou écartées ne sont plus proposées."
    ),
    "detect.radius": "Rayon de recherche (km)",
    "detect.radius.help": "Distance à vol d'oiseau maximale entre deux entreprises d'une même piste.",
    "detect.min_score": "Score minimal",
    "detect.min_score.help": "Le score (0 à 100 %) combine la distance, les quantités et la compatibilité des catégories.",
    "detect.min_companies": "Taille minimale d'un groupe (mutualisation)",
    "detect.type.substitution": "Substitutions",
    "detect.type.mutualisation": "Mutualisations",
    "detect.families": "Familles de flux",
    "detect.families.placeholder": "Toutes les familles",
    "detect.count": "{shown} pistes affichées sur {total} proposées ({subs} substitutions, {muts} mutualisations)",
    "detect.none": "Aucune piste ne correspond à ces réglages : élargissez le rayon, baissez le score minimal ou retirez un filtre.",
    "detect.map.caption": (
        "Carte : les {count} meilleures pistes affichées (traits : substitution, du fournisseur au receveur ; "
        "étoiles : mutualisation, autour de l'entreprise centrale) ; la piste sélectionnée en noir."
    ),
    "detect.map.period": "tous les flux enregistrés, rayon de {radius} km",
    "detect.section.table": "Pistes proposées",
    "detect.tab.list": "Liste des pistes",
    "detect.tab.map": "Carte des pistes",
    "detect.zoom.open": "Carte zoomée sur la piste sélectionnée",
    "detect.col.score": "Score",
    "detect.col.type": "Type",
    "detect.col.title": "Piste",
    "detect.col.companies": "Entreprises",
    "detect.col.distance": "Distance",
    "detect.col.explanation": "Explication",
    "detect.table.caption": "Score : 40 % distance, 40 % quantités, 20 % compatibilité des catégories (substitution) ; 40 % distance, 30 % taille du groupe, 30 % quantités connues (mutualisation).",
    "detect.table.listed": (
        "Les {listed} pistes les mieux notées sont listées ici et dans le choix ci-dessous, sur {total} affichées : "
        "relevez le score minimal ou choisissez des familles pour en voir d'autres, ou téléchargez-les toutes."
    ),
    "detect.table.download": "Télécharger les {total} pistes affichées (CSV)",
    "detect.table.sheet": "pistes-de-synergies",
    "detect.section.decide": "Décider d'une piste",
    "detect.choose": "Piste",
    "detect.choose.option": "{score} · {title}",
    "detect.participants": "Entreprises concernées : {names}",
    "detect.accept": "Accepter : créer la synergie identifiée",
    "detect.accept.help": "Crée une synergie au statut « identifiée », datée d'aujourd'hui, avec ses entreprises participantes.",
    "detect.dismiss.comment": "Commentaire (facultatif)",
    "detect.dismiss.comment.placeholder": "Pourquoi écarter cette piste ? (déjà en place, entreprise partie…)",
    "detect.dismiss": "Écarter cette piste",
    "detect.dismiss.help": "La piste est mémorisée et ne sera plus proposée.",
    "detect.accepted": "Synergie créée : « {title} » ({type}, statut {status}), entreprises : {participants}.",
    "detect.dismissed": "Piste écartée : « {title} ». Elle ne sera plus proposée.",
    "detect.error": "Impossible d'enregistrer : {error}",
    "detect.link.synergies": "Voir les synergies",
    "detect.source": "flux des diagnostics de l'observatoire, table de compatibilité des substitutions",
    "map.participant": "{name} ({role})",
}
