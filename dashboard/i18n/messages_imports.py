"""Messages of the import system: every problem says what is wrong and what to do."""

MESSAGES: dict[str, str] = {
    "import.problem.where.cell": "{file}, ligne {row}, colonne « {column} » : {message}",
    "import.problem.where.row": "{file}, ligne {row} : {message}",
    "import.problem.where.column": "{file}, colonne « {column} » : {message}",
    "import.problem.where.file": "{file} : {message}",
    # ---------------------------------------------------------------- the file itself
    "import.encoding.utf8": "fichier lu en UTF-8.",
    "import.encoding.utf16": "fichier lu en UTF-16 (enregistrement « Texte Unicode » d'Excel).",
    "import.encoding.cp1252": (
        "fichier lu en Windows-1252 (enregistrement « CSV (séparateur : point-virgule) » d'Excel) : vérifiez que "
        "les accents s'affichent correctement dans les données importées."
    ),
    "import.error.kind.zip": (
        "ce fichier n'est pas un CSV mais un classeur (Excel .xlsx ou LibreOffice .ods) renommé en .csv. "
        "Importez-le avec son extension d'origine (.xlsx), ou ouvrez-le et enregistrez-le au format CSV."
    ),
    "import.error.kind.pdf": (
        "ce fichier est un document PDF, pas un tableau : exportez les données au format CSV ou XLSX depuis le "
        "logiciel qui les contient."
    ),
    "import.error.kind.ole": (
        "ce fichier est un ancien document Office (Excel 97-2003 .xls ou Word .doc) : ouvrez-le et enregistrez-le "
        "au format « Classeur Excel (.xlsx) » ou « CSV UTF-8 »."
    ),
    "import.error.kind.image": "ce fichier est une image, pas un tableau : importez un fichier CSV ou XLSX.",
    "import.error.kind.binary": (
        "ce fichier n'est pas un fichier texte (il contient des octets qu'aucun tableur n'écrit dans un CSV) : "
        "vérifiez qu'il s'agit du bon fichier, ou réenregistrez le tableau au format CSV ou XLSX."
    ),
    "import.notice.title_row": (
        "la ligne {row} est prise comme ligne des noms de colonnes ; ce qui la précède (« {title} ») est un titre, "
        "ignoré."
    ),
    "import.error.total_row": (
        "cette ligne est une ligne de total (« {value} ») : supprimez-la. Le tableau de bord calcule les totaux "
        "lui-même ; une ligne de total serait comptée comme un enregistrement de plus."
    ),
    "import.error.merged_columns": (
        "les cellules {cells} sont fusionnées sur plusieurs colonnes : on ne sait pas à quelle colonne appartient "
        "la valeur. Défusionnez-les (Accueil > Fusionner et centrer) et remplissez chaque colonne."
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
        "nommez-le comme son modèle : {entities} (par exemple companies.csv), ou gardez le nom donné à l'export (entreprises_….csv)."
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
        "colonne « {column} » inconnue : est-ce « {close} » mal orthographiée ? Renommez-la « {close} » (ou "
        "supprimez-la si elle ne doit pas être importée)."
    ),
    "import.error.header_below": (
        "les noms de colonnes du modèle sont sur la ligne {row}, pas sur la première ligne lue : supprimez les lignes "
        "au-dessus d'elle (titre, date, commentaire), puis importez de nouveau."
    ),
    "import.notice.ignored_columns": (
        "colonnes ignorées, car absentes du modèle : {columns}. Colonnes lues : {expected}."
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
    "import.error.ambiguous_dot": (
        "« {value} » est ambigu : le point peut séparer les milliers (1.500 = 1 500) ou les décimales "
        "(1.500 = 1,5), et les autres valeurs de la colonne ne permettent pas de trancher. Écrivez 1500 ou 1 500 "
        "pour mille cinq cents, 1,5 pour un et demi (virgule décimale)."
    ),
    "import.error.percent_here": (
        "« {value} » est un pourcentage, mais « {column} » n'est pas en % : écrivez la valeur elle-même, sans le "
        "signe % (dans le tableur, format de cellule Nombre et non Pourcentage)."
    ),
    "import.error.percent_indicator": (
        "« {value} » est un pourcentage, mais cet indicateur ne se mesure pas en % : écrivez la valeur dans "
        "l'unité de l'indicateur, sans le signe %."
    ),
    "import.error.siret_check": (
        "le SIRET « {value} » est faux : sa clé de contrôle (dernier chiffre) ne correspond pas aux 13 autres. "
        "Un chiffre a sans doute été mal recopié : vérifiez-le sur l'annuaire des entreprises (annuaire-entreprises"
        ".data.gouv.fr)."
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
    "import.error.postcode": (
        "« {value} » est un code postal, pas un code commune INSEE. Communes de ce code postal : {communes}. "
        "Écrivez le code INSEE de la commune (entre parenthèses)."
    ),
    "import.error.postcode_or_insee": (
        "« {value} » est le code INSEE de {commune}, mais aussi le code postal d'autres communes : {communes}. "
        "Rien ne dit ici lequel des deux est voulu. Pour une commune de ce code postal, écrivez son code INSEE "
        "(entre parenthèses) ; pour {commune}, ajoutez une colonne « commune » portant son nom, qui confirme le code."
    ),
    "import.error.former_commune": (
        "« {value} » est le code {former}, aujourd'hui rattachée à {commune} (code INSEE {code}) : les "
        "chiffres d'une ancienne commune ne sont pas ceux de la commune d'aujourd'hui, rien n'est deviné. "
        "Écrivez {code} si ces chiffres valent pour {commune}."
    ),
    "import.former.named": "de l'ancienne commune {name}",  # {former} of the two messages around
    "import.former.unnamed": "d'une ancienne commune",  # the COG history gives the code, not the name
    "import.notice.former_commune": (
        "« {value} » est le code {former}, aujourd'hui rattachée à {commune} : enregistré sous le code de "
        "{commune} ({code}), d'après l'historique des communes de l'INSEE (Code officiel géographique)."
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
    # ---------------------------------------------------------------- the report of a refused import
    "import.report.more_rows": "{rows} … ({count} lignes)",
    "import.report.col.rows": "Lignes",
    "import.report.col.count": "Nombre",
    "import.report.col.example": "Problème à corriger (premier cas)",
    # ---------------------------------------------------------------- register extract (dashboard/artisanat/register.py)
    "import.register.future_date": (
        "« {value} » est postérieure à la date du jour ({today}) : sans doute une faute de frappe. Corrigez la date ; "
        "gardée, elle décalerait les années calculées jusqu'à cette date."
    ),
}
