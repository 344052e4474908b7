"""Messages of the import system: every problem says what is wrong and what to do."""

MESSAGES: dict[str, str] = {
    "import.problem.where.cell": "{file}, ligne {row}, colonne « {column} » : {message}",
    "import.problem.where.row": "{file}, ligne {row} : {message}",
    "import.problem.where.file": "{file} : {message}",
    "import.error.encoding": (
        "le fichier n'est pas encodé en UTF-8 (caractère illisible à l'octet {position}, sans doute un fichier "
        "enregistré en « CSV (séparateur : point-virgule) » Windows). Dans Excel, choisissez « Enregistrer sous » "
        "puis « CSV UTF-8 (délimité par des virgules) », ou dans LibreOffice le jeu de caractères « Unicode (UTF-8) »."
    ),
    "import.error.separator": (
        "les colonnes sont séparées par {used} ; le séparateur attendu est le point-virgule (;), celui d'Excel en "
        "français. Réenregistrez le fichier avec le point-virgule comme séparateur."
    ),
    "import.error.missing_column": "colonne obligatoire « {column} » absente. Colonnes attendues : {expected}.",
    "import.error.unknown_column": (
        "colonne « {column} » inconnue (faute de frappe ?). Colonnes attendues : {expected}."
    ),
    "import.error.required": "valeur obligatoire manquante : renseignez « {column} ».",
    "import.error.type.text": "valeur « {value} » illisible.",
    "import.error.type.int": "« {value} » n'est pas un nombre entier. Écrivez par exemple 42.",
    "import.error.type.decimal": "« {value} » n'est pas un nombre. Écrivez par exemple 1 234,5 (virgule décimale).",
    "import.error.type.date": "« {value} » n'est pas une date valide. Écrivez la date au format JJ/MM/AAAA, par exemple 15/03/2024.",
    "import.error.type.bool": "« {value} » n'est ni « oui » ni « non ».",
    "import.error.type.code": "« {value} » n'est pas une valeur autorisée pour « {column} ». Valeurs possibles : {allowed}.",
    "import.error.pattern": "« {value} » n'a pas la forme attendue pour « {column} » (exemple : {example}).",
    "import.error.negative": "« {value} » est négatif : « {column} » doit être positif ou nul.",
    "import.error.below": "« {value} » est inférieur au minimum autorisé ({minimum}) pour « {column} ».",
    "import.error.above": "« {value} » dépasse le maximum autorisé ({maximum}) pour « {column} ».",
    "import.error.positive": "la quantité engagée doit être strictement positive.",
    "import.error.unknown_commune": (
        "le code commune « {value} » n'existe pas dans le référentiel INSEE de la base. Vérifiez le code "
        "(5 caractères, par exemple 41269 pour Vendôme ; attention au 0 initial perdu par Excel)."
    ),
    "import.error.unknown_category": (
        "la catégorie de flux « {value} » n'existe pas dans la nomenclature. Utilisez un code de la nomenclature "
        "(par exemple carton, palettes, chaleur_fatale) ou importez d'abord la nouvelle catégorie."
    ),
    "import.error.unknown_reference": (
        "{what} « {value} » inconnu(e) : ni dans la base, ni plus haut dans cet import. Vérifiez l'identifiant ou "
        "importez-le d'abord."
    ),
    "import.error.duplicate_in_file": "la clé « {key} » apparaît déjà ligne {first} de ce fichier : chaque ligne doit être unique.",
    "import.error.duplicate_in_db": (
        "la clé « {key} » existe déjà dans la base. Changez l'identifiant, ou retirez la ligne si elle est déjà importée."
    ),
    "import.error.duplicate_value": "« {value} » apparaît plusieurs fois dans la colonne « {column} », qui doit être unique.",
    "import.error.duplicate_value_db": "« {value} » est déjà utilisé dans la base pour « {column} », qui doit être unique.",
    "import.error.quantity_unit": "une quantité doit avoir une unité, et une unité une quantité.",
    "import.error.abandon_reason": "le motif d'abandon est obligatoire pour le statut « Abandonnée », et seulement pour lui.",
    "import.error.owner_bands": "les dirigeants par tranche d'âge doivent totaliser le nombre de dirigeants.",
    "import.error.women_owners": "le nombre de dirigeantes dépasse le nombre de dirigeants.",
    "import.error.date_order": "la date de fin est antérieure à la date de début.",
    "import.error.attendance": "plus d'entreprises représentées que de participants.",
    "import.error.empty": "le fichier ne contient aucune ligne de données.",
    "import.error.unknown_entity": "type de données « {entity} » inconnu. Types possibles : {entities}.",
    "import.source.user": "Import utilisateur",
}
