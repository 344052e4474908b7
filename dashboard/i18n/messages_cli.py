"""Messages of the command line (`python -m dashboard`)."""

MESSAGES: dict[str, str] = {
    "cli.description": "Observatoire territorial EIT : base de démonstration, import, export et contenu de la base.",
    "cli.help.db": "chemin de la base DuckDB (par défaut : $OBSERVATOIRE_DB ou data/observatoire.duckdb)",
    "cli.help.build_demo": "construire la base de démonstration",
    "cli.help.force": "remplacer la base si elle existe déjà",
    "cli.help.import": "importer un fichier CSV ou XLSX d'un type de données (tout ou rien)",
    "cli.help.import_workbook": "importer un classeur XLSX, un onglet par type de données (tout ou rien)",
    "cli.help.export": "exporter un type de données en CSV ou XLSX (au format du modèle)",
    "cli.help.info": "afficher le contenu de la base",
    "cli.help.templates": "régénérer les modèles d'import (CSV, XLSX et documentation)",
    "cli.help.entity": "type de données",
    "cli.help.file": "fichier",
    "cli.help.directory": "dossier de destination",
    "cli.locked": (
        "La base {path} est ouverte par un autre programme (sans doute le tableau de bord). Arrêtez-le ou "
        "importez depuis la page « Import et export » du tableau de bord."
    ),
    "cli.demo.exists": "La base {path} existe déjà : ajoutez --force pour la remplacer.",
    "cli.demo.done": "Base de démonstration créée : {path} ({companies} entreprises fictives).",
    "cli.import.rejected": "Import refusé, rien n'a été enregistré. {count} problème(s) à corriger :",
    "cli.import.done": "{entity} : {count} ligne(s) importée(s).",
    "cli.export.done": "{count} ligne(s) de {entity} exportée(s) dans {file}.",
    "cli.info.missing": "Aucune base à l'emplacement {path}. Construisez la démonstration : python -m dashboard build-demo",
    "cli.info.header": "Base : {path}",
    "cli.info.dataset": "Jeu de données : {dataset} · données au {as_of}",
    "cli.info.territories": "  territoires de niveau {level} : {count}",
    "cli.templates.done": "{count} fichiers de modèles écrits dans {directory}.",
}
