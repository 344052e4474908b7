"""Messages of the data page (import, export, database content)."""

MESSAGES: dict[str, str] = {
    "nav.page.data": "Import et export",
    "data.section.content": "Contenu de la base",
    "data.empty": (
        "Aucune donnée dans la base. Importez le référentiel géographique et vos fichiers ci-dessous, ou construisez "
        "la base de démonstration : python -m dashboard build-demo"
    ),
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
        "(fichier, ligne, colonne) s'affiche. CSV : séparateur point-virgule, encodage UTF-8."
    ),
    "data.import.entity": "Type de données",
    "data.import.workbook": "Classeur complet (un onglet par type de données)",
    "data.import.file": "Fichier CSV ou XLSX",
    "data.import.run": "Vérifier et importer",
    "data.import.ok": "Import réussi. Lignes importées — {details}.",
    "data.import.refused": "Import refusé, rien n'a été enregistré : {count} problème(s) à corriger.",
    "data.section.templates": "Modèles de fichiers",
    "data.templates.help": "Chaque modèle contient une ligne d'exemple ; la signification de chaque colonne est décrite dans l'onglet « Lisez-moi » du classeur.",
    "data.templates.workbook": "Télécharger le classeur de modèles (XLSX)",
    "data.templates.one": "Modèle CSV",
    "data.templates.csv": "Télécharger le modèle « {title} » (CSV)",
    "data.section.export": "Exporter",
    "data.export.entity": "Données à exporter",
    "data.export.format": "Format",
    "data.export.run": "Télécharger « {title} »",
}
