"""Messages of the data page (import, export, database content) and the French names of the tables."""

MESSAGES: dict[str, str] = {
    "nav.page.data": "Import et export",
    "data.intro": (
        "Importez vos fichiers (modèles CSV ou classeur XLSX), téléchargez les modèles, exportez les données au même "
        "format pour les compléter et les réimporter."
    ),
    "data.section.content": "Contenu de la base",
    "data.empty": (
        "Aucune donnée dans la base. Importez le référentiel géographique et vos fichiers ci-dessous, ou construisez "
        "la base de démonstration : python -m dashboard build-demo"
    ),
    "data.dataset.demo": (
        "Base de démonstration : chiffres réels des documents sources, entreprises et flux fictifs. {as_of}."
    ),
    "data.dataset.own": "Vos données. {as_of}.",
    # data_as_of(): the date of the data, in the data page, the report cover and `python -m dashboard info`.
    "data.as_of": "Données au {date}",
    "data.as_of_unknown": "Date des données inconnue",
    "data.last_import": "Dernier import : {when}.",
    "data.level.communes": "Communes",
    "data.level.epci": "Intercommunalités",
    "data.level.perimeters": "Périmètres de démarche",
    "data.companies": "Entreprises suivies",
    "data.tables": "Nombre de lignes par table",
    "data.col.table": "Table",
    "data.col.rows": "Lignes",
    "data.col.file": "Fichier",
    "data.col.row": "Ligne",
    "data.col.column": "Colonne",
    "data.col.message": "Problème à corriger",
    "data.section.import": "Importer des données",
    "data.import.help": (
        "Tout ou rien : au moindre problème, rien n'est enregistré et la liste complète des corrections "
        "(fichier, ligne, colonne) s'affiche. CSV : séparateur point-virgule (ou tabulation), encodage UTF-8, "
        "Windows ou « Texte Unicode » d'Excel (l'encodage lu est indiqué). Un classeur peut "
        "contenir plusieurs onglets, un par type de données, nommés comme dans le classeur de modèles."
    ),
    "data.import.entity": "Type de données",
    "data.import.workbook": "Plusieurs types à la fois (classeur, ou CSV nommés comme les modèles)",
    "data.import.file": "Fichier CSV ou XLSX",
    "data.import.files": (
        "Classeurs XLSX (un onglet par type de données) ou fichiers CSV nommés comme leur modèle ou leur export (companies.csv, entreprises_….csv...) ; "
        "tous sont importés ensemble, tout ou rien"
    ),
    "data.import.run": "Vérifier et importer",
    "data.import.ok": "Import réussi : {file}. Lignes importées — {details}.",
    "data.import.refused_one": (
        "Import refusé, rien n'a été enregistré : {count} problème à corriger dans {file}. Corrigez, puis "
        "importez de nouveau."
    ),
    "data.import.refused": (
        "Import refusé, rien n'a été enregistré : {count} problèmes à corriger dans {file}. Corrigez, puis "
        "importez de nouveau."
    ),
    "data.report.grouped_one": (
        "{count} problèmes, tous de la même sorte, résumés ci-dessous (premières lignes concernées, nombre, premier "
        "cas). Le rapport complet, une ligne par problème, se télécharge sous le tableau."
    ),
    "data.report.grouped": (
        "{count} problèmes, regroupés ci-dessous en {kinds} sortes (premières lignes concernées, nombre, premier "
        "cas). Le rapport complet, une ligne par problème, se télécharge sous le tableau."
    ),
    "data.report.left_out": "… et {count} autres sortes de problèmes, dans le rapport complet.",
    "data.report.download": "Télécharger le rapport complet (CSV)",
    "data.notice.group": "{first} — {count} lignes de cette sorte : {rows}",
    "data.notice.download": "Télécharger toutes les remarques (CSV)",
    "data.notice.file_name": "remarques_import.csv",
    "data.report.file_name": "rapport_import.csv",
    "data.upload.button": "Choisir un fichier",
    "data.upload.button_several": "Choisir des fichiers",
    "data.upload.input": "choisir un fichier à importer",  # what a screen reader announces for the file input
    "data.upload.remove": "Retirer {file}",
    "data.upload.add": "Ajouter des fichiers",
    # Refusals of a chosen file by the browser, before any upload (dashboard/ui/imports.py).
    "data.upload.too_large": "Fichier trop volumineux : {size} Mo au plus. Rien n'a été envoyé.",
    "data.upload.wrong_type": "Type de fichier refusé ici : voir les types acceptés dans le cadre.",
    "data.upload.one_file": "Un seul fichier ici : retirez d'abord le fichier choisi.",
    "data.upload.unexpected": "Le fichier n'a pas pu être lu : choisissez-le à nouveau.",
    "data.upload.error": "Erreur : {message}",
    "data.upload.limit": "Glissez-déposez ici, ou choisissez ({size} Mo au plus par fichier ; {types})",
    "data.section.register": "Importer un extrait du registre des entreprises",
    "data.register.help": (
        "Un établissement par ligne (identifiant, code_naf, code_commune, date_creation, date_fermeture, "
        "tranche_effectifs, tranche_age_dirigeant, dirigeant_femme ; fichier CSV, point-virgule ; les noms du "
        "fichier national SIRENE et les intitulés usuels, comme « Code INSEE », sont reconnus). Les "
        "établissements artisanaux sont agrégés en statistiques par commune, année et famille de métiers "
        "(Observatoire de l'artisanat) et gardés pour la liste « Qui visiter ? ». Tout ou rien : un fichier "
        "refusé ne change rien."
    ),
    "data.register.file": "Extrait du registre",
    "data.register.replace": "Remplacer les statistiques et établissements déjà présents pour ces communes et années",
    "data.register.run": "Importer l'extrait",
    "data.register.ok": "Import réussi : {file}. {summary}",
    "data.section.templates": "Modèles de fichiers",
    "data.templates.help": (
        "Chaque modèle contient une ligne d'exemple à remplacer ; la signification de chaque colonne est décrite "
        "dans l'onglet « Lisez-moi » du classeur."
    ),
    "data.templates.workbook": "Télécharger le classeur de modèles (XLSX)",
    "data.templates.one": "Modèle CSV",
    "data.templates.csv": "Télécharger le modèle « {title} » (CSV)",
    "data.templates.columns": "Colonnes du modèle choisi",
    "data.templates.col.header": "Colonne",
    "data.templates.col.description": "Contenu",
    "data.templates.col.kind": "Type",
    "data.templates.col.required": "Obligatoire",
    "data.templates.col.allowed": "Valeurs possibles",
    "data.templates.yes": "oui",
    "data.templates.no": "non",
    "data.section.export": "Exporter",
    "data.export.help": "Au format du modèle : le fichier exporté peut être corrigé puis réimporté dans une autre base.",
    "data.export.entity": "Données à exporter",
    "data.export.format": "Format",
    "data.export.rows_one": "{count} ligne.",
    "data.export.rows": "{count} lignes.",
    "data.export.scoped": "Seulement les lignes du territoire affiché ({territory})",
    "data.export.dated": "Seulement les lignes datées de la période affichée ({period})",
    "data.export.run": "Télécharger « {title} »",
    # Tables without an import template (reference tables, technical tables).
    "data.table.meta": "Métadonnées de la base",
    "data.table.import_log": "Journal des imports",
    "data.table.territory": "Territoires (communes, EPCI, départements, régions, périmètres)",
    "data.table.territory_membership": "Appartenances territoriales",
    "data.table.establishment": "Établissements artisanaux (registre)",
    "data.table.unit": "Unités",
    "data.table.synergy_dismissal": "Pistes de synergie écartées",
    "data.table.indicator": "Catalogue des indicateurs",
    "data.table.indicator_value_history": "Historique des valeurs d'indicateurs",
    "data.table.sa_questionnaire": "Questionnaires d'auto-évaluation",
    "data.table.sa_theme": "Thèmes d'auto-évaluation",
    "data.table.sa_question": "Questions d'auto-évaluation",
    "data.table.sa_level": "Niveaux d'auto-évaluation",
}
