"""Messages of the import system: every problem says what is wrong and what to do."""

MESSAGES: dict[str, str] = {
    "import.problem.where.cell": "{file}, ligne {row}, colonne « {column} » : {message}",
    "import.problem.where.row": "{file}, ligne {row} : {message}",
    "import.problem.where.column": "{file}, colonne « {column} » : {message}",
    "import.problem.where.file": "{file} : {message}",
    # ---------------------------------------------------------------- the file itself
    "import.error.encoding": (
        "le fichier n'est pas encodé en UTF-8 (caractère illisible à l'octet {position}, sans doute un fichier "
        "enregistré en « CSV (séparateur : point-virgule) » Windows). Dans Excel, choisissez « Enregistrer sous » "
        "puis « CSV UTF-8 (délimité par des virgules) », ou dans LibreOffice le jeu de caractères « Unicode (UTF-8) »."
    ),
    "import.error.separator": (
        "les colonnes sont séparées par {used} ; le séparateur attendu est le point-virgule (;), celui d'Excel en "
        "français. Réenregistrez le fichier avec le point-virgule comme séparateur."
    ),
    "import.separator.comma": "la virgule (,)",
    "import.separator.tab": "la tabulation",
    "import.separator.bar": "la barre verticale (|)",
    "import.error.no_header": (
        "le fichier est vide : la première ligne doit contenir les noms de colonnes du modèle, puis une ligne par "
        "enregistrement."
    ),
    "import.error.row_length": (
        "{found} valeurs pour {expected} colonnes. Un point-virgule est sans doute en trop dans un texte : "
        "mettez ce texte entre guillemets ou retirez le point-virgule."
    ),
    "import.error.unreadable_workbook": (
        "le classeur est illisible (fichier abîmé ou protégé par mot de passe). Ouvrez-le dans Excel ou LibreOffice "
        "et réenregistrez-le au format « Classeur Excel (.xlsx) »."
    ),
    "import.error.old_excel": (
        "le format .xls (Excel 97-2003) n'est pas lu. Réenregistrez le fichier au format « Classeur Excel (.xlsx) » "
        "ou « CSV UTF-8 »."
    ),
    "import.error.file_type": "les fichiers « {suffix} » ne sont pas lus : utilisez un fichier .csv ou .xlsx.",
    "import.error.missing_file": "fichier introuvable ou illisible. Vérifiez le chemin.",
    "import.error.empty": "le fichier ne contient aucune ligne de données (seulement les noms de colonnes).",
    "import.error.empty_workbook": "le classeur ne contient aucune ligne de données dans ses onglets.",
    "import.error.unknown_sheet": (
        "onglet « {sheet} » inconnu : chaque onglet doit porter le nom d'un type de données ({entities}). "
        "Renommez-le, ou supprimez-le s'il ne contient pas de données à importer."
    ),
    "import.error.file_entity": (
        "le nom du fichier ne dit pas quel type de données il contient. Importez-le seul en choisissant son type, ou "
        "nommez-le comme son modèle : {entities} (par exemple companies.csv)."
    ),
    "import.error.entity_twice": (
        "le type de données « {entity} » est aussi dans {other} : réunissez ses lignes dans un seul fichier ou onglet."
    ),
    "import.error.sheet_not_found": (
        "le classeur n'a pas d'onglet « {entity} » (onglets : {sheets}). Renommez l'onglet à importer « {entity} »."
    ),
    # ---------------------------------------------------------------- columns
    "import.error.missing_column": "colonne obligatoire « {column} » absente. Colonnes attendues : {expected}.",
    "import.error.unknown_column": (
        "colonne « {column} » inconnue (faute de frappe ?). Renommez-la ou supprimez-la. Colonnes attendues : "
        "{expected}."
    ),
    "import.error.repeated_column": "la colonne « {column} » apparaît deux fois. Gardez-en une seule.",
    "import.error.other_template": (
        "ces colonnes sont celles du modèle « {title} » ({entity}) : choisissez ce type de données, ou le bon fichier."
    ),
    "import.error.unnamed_column": (
        "la colonne n° {position} contient des valeurs mais pas de nom en ligne 1. Donnez-lui le nom d'une colonne "
        "du modèle ou supprimez-la."
    ),
    # ---------------------------------------------------------------- cells
    "import.error.required": "valeur obligatoire manquante : renseignez « {column} ».",
    "import.error.type.int": "« {value} » n'est pas un nombre entier. Écrivez par exemple 42.",
    "import.error.type.decimal": "« {value} » n'est pas un nombre. Écrivez par exemple 1 234,5 (virgule décimale).",
    "import.error.type.date": (
        "« {value} » n'est pas une date valide. Écrivez la date au format JJ/MM/AAAA, par exemple 15/03/2024."
    ),
    "import.error.type.bool": "« {value} » n'est ni « oui » ni « non ».",
    "import.error.type.code": (
        "« {value} » n'est pas une valeur autorisée pour « {column} ». Valeurs possibles (code ou libellé) : {allowed}."
    ),
    "import.error.pattern": "« {value} » n'a pas la forme attendue pour « {column} » (exemple : {example}).",
    "import.error.lost_zero": (
        "le code commune « {value} » n'a que 4 chiffres : le 0 initial a sans doute été perdu par le tableur. "
        "Écrivez « {fixed} » (format de cellule Texte)."
    ),
    "import.error.negative": "« {value} » est négatif : « {column} » doit être positif ou nul.",
    "import.error.below": "« {value} » est inférieur au minimum autorisé ({minimum}) pour « {column} ».",
    "import.error.above": "« {value} » dépasse le maximum autorisé ({maximum}) pour « {column} ».",
    "import.error.positive": "la quantité engagée doit être strictement positive.",
    # ---------------------------------------------------------------- references
    "import.error.unknown_commune": (
        "le code commune « {value} » n'existe pas dans le référentiel INSEE. Vérifiez le code (5 caractères, "
        "ex. 41269 pour Vendôme ; attention au 0 initial que les tableurs suppriment)."
    ),
    "import.error.unknown_category": (
        "la catégorie de flux « {value} » n'existe pas dans la nomenclature. Utilisez un code de la nomenclature "
        "(par exemple carton, palettes, chaleur_fatale) ou importez d'abord la nouvelle catégorie (modèle "
        "flow_categories)."
    ),
    "import.error.unknown_reference": (
        "{what} « {value} » inconnu(e) : ni dans la base, ni dans cet import. Vérifiez l'identifiant ou "
        "importez-le d'abord."
    ),
    "import.error.unknown_question": (
        "la question « {value} » n'existe pas dans ce questionnaire. Utilisez un code de question du questionnaire "
        "(par exemple E1)."
    ),
    # ---------------------------------------------------------------- keys
    "import.error.duplicate_in_file": (
        "doublon ({key}) : la même valeur apparaît déjà ligne {first} de ce fichier. Chaque ligne doit être unique : "
        "supprimez le doublon ou corrigez la valeur."
    ),
    "import.error.duplicate_in_db": (
        "doublon ({key}) : cette valeur existe déjà dans la base. Changez-la, ou retirez la ligne si elle est "
        "déjà importée."
    ),
    "import.error.perimeter_exists": (
        "le périmètre « {value} » existe déjà dans la base. Choisissez un autre code de périmètre."
    ),
    "import.error.perimeter_name": (
        "le même code de périmètre porte ici un autre nom que sur sa première ligne : donnez le même nom à toutes "
        "les lignes d'un périmètre."
    ),
    # ---------------------------------------------------------------- rules between columns
    "import.error.quantity_unit": "une quantité doit avoir une unité, et une unité une quantité.",
    "import.error.abandon_reason": (
        "le motif d'abandon est obligatoire pour le statut « Abandonnée », et seulement pour lui."
    ),
    "import.error.owner_bands": "les dirigeants par tranche d'âge doivent totaliser le nombre de dirigeants.",
    "import.error.women_owners": "le nombre de dirigeantes dépasse le nombre de dirigeants.",
    "import.error.date_order": "la date de fin est antérieure à la date de début.",
    "import.error.attendance": "plus d'entreprises représentées que de participants.",
    "import.error.own_parent": "une catégorie ne peut pas être sa propre catégorie parente.",
    "import.error.parent_cycle": (
        "les catégories parentes forment une boucle (A dans B, B dans A) : corrigez la colonne « parent »."
    ),
    "import.error.database": (
        "la base a refusé l'enregistrement et rien n'a été écrit ({error}). Signalez ce cas : la vérification "
        "aurait dû le détecter."
    ),
    "import.source.user": "Import utilisateur",
}
