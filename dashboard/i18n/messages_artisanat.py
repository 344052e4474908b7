"""Messages of the artisan observatory: measures and their definitions, statistical secrecy, register import."""

MESSAGES: dict[str, str] = {
    "artisanat.france": "France",
    "artisanat.family.total": "Ensemble de l'artisanat",
    # measures (dashboard.artisanat.Figure and Indicator)
    "artisanat.measure.establishments": "Établissements",
    "artisanat.measure.creations": "Immatriculations",
    "artisanat.measure.closures": "Radiations",
    "artisanat.measure.employees": "Salariés (estimation)",
    "artisanat.measure.owners_total": "Dirigeants (âge connu)",
    "artisanat.measure.owners_lt30": "Dirigeants de moins de 30 ans",
    "artisanat.measure.owners_30_44": "Dirigeants de 30 à 44 ans",
    "artisanat.measure.owners_45_54": "Dirigeants de 45 à 54 ans",
    "artisanat.measure.owners_55_plus": "Dirigeants de 55 ans ou plus",
    "artisanat.measure.owners_women": "Dirigeantes",
    "artisanat.measure.net_balance": "Solde immatriculations − radiations",
    "artisanat.measure.density": "Densité artisanale (pour 10 000 habitants)",
    "artisanat.measure.creation_rate": "Taux d'immatriculation",
    "artisanat.measure.closure_rate": "Taux de radiation",
    "artisanat.measure.share_55_plus": "Part des dirigeants de 55 ans ou plus",
    "artisanat.measure.share_women": "Part de femmes parmi les dirigeants",
    "artisanat.measure.change_1y": "Évolution sur un an (établissements)",
    "artisanat.measure.relative_1y": "Évolution sur un an (%)",
    # definitions (help texts: every figure says how it is computed)
    "artisanat.help.establishments": "Établissements artisanaux actifs au 1er janvier de l'année.",
    "artisanat.help.creations": "Établissements immatriculés pendant l'année (du 1er janvier au 31 décembre).",
    "artisanat.help.closures": "Établissements radiés pendant l'année (du 1er janvier au 31 décembre).",
    "artisanat.help.employees": (
        "Salariés des établissements actifs au 1er janvier, estimés à partir des tranches d'effectif du registre "
        "(centre de chaque tranche)."
    ),
    "artisanat.help.net_balance": "Immatriculations moins radiations de l'année.",
    "artisanat.help.density": (
        "Établissements au 1er janvier pour 10 000 habitants (population municipale des communes du territoire)."
    ),
    "artisanat.help.creation_rate": (
        "Immatriculations de l'année rapportées aux établissements actifs au 1er janvier de la même année."
    ),
    "artisanat.help.closure_rate": (
        "Radiations de l'année rapportées aux établissements actifs au 1er janvier de la même année."
    ),
    "artisanat.help.share_55_plus": (
        "Dirigeants de 55 ans ou plus parmi les dirigeants dont l'âge est connu : indicateur du risque de "
        "transmission dans les dix ans."
    ),
    "artisanat.help.share_women": "Femmes parmi les dirigeants dont l'âge est connu.",
    # statistical secrecy
    "artisanat.secret.note": (
        "« s » : secret statistique. Un chiffre portant sur 1 à {last} établissements n'est pas affiché, ni les "
        "chiffres qui permettraient de le retrouver par différence avec un total."
    ),
    # register extract (establishment level) -> aggregates
    "artisanat.register.source": "Registre des entreprises, extrait « {file} »",
    "artisanat.register.error.missing_column": "colonne obligatoire « {column} » absente. Colonnes attendues : {expected}.",
    "artisanat.register.error.unknown_column": (
        "colonne « {column} » inconnue (faute de frappe ?). Renommez-la ou supprimez-la. Colonnes attendues : "
        "{expected}."
    ),
    "artisanat.register.error.empty": "le fichier ne contient aucun établissement (seulement les noms de colonnes).",
    "artisanat.register.error.required": "valeur obligatoire manquante : renseignez « {column} ».",
    "artisanat.register.error.duplicate_id": (
        "l'identifiant « {value} » figure déjà plus haut dans le fichier : chaque établissement ne doit apparaître "
        "qu'une fois."
    ),
    "artisanat.register.error.date": (
        "« {value} » n'est pas une date valide. Écrivez la date au format JJ/MM/AAAA (ou AAAA-MM-JJ, comme le "
        "fichier national), par exemple 15/03/2024."
    ),
    "artisanat.register.error.commune_form": (
        "« {value} » n'est pas un code commune INSEE (5 caractères, par exemple 41269 ; attention au 0 initial que "
        "les tableurs suppriment)."
    ),
    "artisanat.register.error.unknown_commune": (
        "le code commune « {value} » n'existe pas dans le référentiel géographique de la base. Vérifiez le code, "
        "ou retirez de l'extrait les établissements situés hors du territoire couvert."
    ),
    "artisanat.register.error.band": (
        "« {value} » n'est pas une tranche d'effectif salarié. Valeurs possibles : {allowed} ; ou les codes INSEE "
        "NN, 00, 01, 02, 03, 11, 12, 21 à 53."
    ),
    "artisanat.register.error.bool": "« {value} » n'est ni « oui » ni « non ».",
    "artisanat.register.error.naf": (
        "« {value} » n'est pas un code NAF (forme attendue : deux chiffres, point, deux chiffres et une lettre, "
        "par exemple 10.71C)."
    ),
    "artisanat.register.error.closure_before_creation": (
        "la date de fermeture ({closure}) est antérieure à la date de création ({creation})."
    ),
    "artisanat.register.error.owner_band": "« {value} » n'est pas une tranche d'âge de dirigeant. Valeurs possibles : {allowed}.",
    "artisanat.register.error.no_artisan": (
        "aucun établissement de l'extrait n'a un code NAF des métiers de l'artisanat : il n'y a rien à agréger."
    ),
    "artisanat.register.error.no_year": (
        "aucune année entre {first} et {last} à calculer : vérifiez les dates de l'extrait ou les années demandées."
    ),
    "artisanat.register.error.existing_stats": (
        "la base contient déjà des statistiques de l'artisanat pour {count} combinaisons commune × année × famille "
        "de cet extrait (par exemple {example}). Choisissez de les remplacer, ou retirez ces années de l'import."
    ),
    "artisanat.register.error.existing_establishments": (
        "{count} établissements de cet extrait sont déjà dans la base (par exemple {example}). Choisissez de les "
        "remplacer, ou retirez-les de l'extrait."
    ),
    "artisanat.register.error.more": "… et {count} autres problèmes non listés : corrigez d'abord ceux-ci.",
    "artisanat.register.summary": (
        "{kept} établissements artisanaux agrégés en {rows} lignes (commune × année × famille, {first}–{last}) ; "
        "{dropped} établissements hors artisanat écartés."
    ),
}
