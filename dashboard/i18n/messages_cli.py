"""Messages of the command line (`python -m dashboard`)."""

MESSAGES: dict[str, str] = {
    "cli.description": "Observatoire territorial EIT : base de démonstration, import, export et contenu de la base.",
    "cli.usage": "utilisation : ",
    "cli.positionals": "arguments",
    "cli.options": "options",
    "cli.commands": "commandes",
    "cli.error": "{prog} : erreur : {message}",
    "cli.argparse.invalid_choice": "{arg} : valeur {value} inconnue (valeurs possibles : {choices})",
    "cli.argparse.required": "arguments obligatoires manquants : {args}",
    "cli.argparse.unrecognized": "arguments non reconnus : {args}",
    "cli.argparse.expected_one": "{arg} attend une valeur",
    "cli.help.help": "afficher cette aide et quitter",
    "cli.help.db": "chemin de la base DuckDB (par défaut : $OBSERVATOIRE_DB ou data/observatoire.duckdb)",
    "cli.help.build_demo": "construire la base de démonstration (données réelles des documents sources et entreprises fictives)",
    "cli.help.force": "remplacer la base si elle existe déjà",
    "cli.help.import": "importer un fichier CSV ou XLSX d'un type de données (tout ou rien)",
    "cli.help.import_workbook": "importer un classeur XLSX, un onglet par type de données (tout ou rien, tous onglets confondus)",
    "cli.help.import_files": (
        "importer plusieurs fichiers ensemble, tout ou rien : classeurs (un onglet par type) et fichiers CSV nommés "
        "comme leur modèle (companies.csv, flows.csv...)"
    ),
    "cli.help.files": "fichiers .xlsx ou .csv",
    "cli.help.export": "exporter un type de données en CSV ou XLSX, au format du modèle (réimportable)",
    "cli.help.export_workbook": "exporter plusieurs types de données dans un classeur XLSX, un onglet par type (réimportable)",
    "cli.help.info": "afficher le contenu de la base",
    "cli.help.templates": "régénérer les modèles d'import (CSV, XLSX et documentation)",
    "cli.help.entity": "type de données : {entities}",
    "cli.help.entities": "types de données à exporter (par défaut : tous)",
    "cli.export.unknown_territory": (
        "territoire « {territory} » inconnu dans la base : écrivez niveau:code, par exemple commune:41269 (code "
        "INSEE), epci:200072072 (SIREN), departement:41 ou region:24."
    ),
    "cli.help.territory": (
        "limiter aux lignes d'un territoire, niveau:code (epci:200072072, commune:41269...) ; par défaut : toutes"
    ),
    "cli.help.year": "limiter les lignes datées (diagnostics, événements, statistiques...) à cette année",
    "cli.help.quarter": "avec --annee : limiter les lignes datées à ce trimestre (1 à 4)",
    "cli.help.file": "fichier .csv (séparateur point-virgule, UTF-8) ou .xlsx",
    "cli.help.export_file": "fichier à écrire, .csv ou .xlsx",
    "cli.help.workbook": "classeur .xlsx",
    "cli.help.directory": "dossier de destination",
    "cli.db.missing": (
        "Aucune base à l'emplacement {path}. Construisez la démonstration (python -m dashboard build-demo) "
        "ou indiquez la base avec --db."
    ),
    "cli.demo.exists": "La base {path} existe déjà : ajoutez --force pour la remplacer.",
    "cli.demo.store_not_empty": (
        "La base PostgreSQL {path} contient déjà des données : la démonstration ne se charge que dans une base "
        "vide (rien n'est remplacé sous les tableaux de bord qui l'utilisent). Créez une base vide "
        "(createdb) et indiquez-la dans OBSERVATOIRE_DB."
    ),
    "cli.demo.done": "Base de démonstration créée : {path} ({companies} entreprises fictives).",
    "cli.import.rejected_one": "Import refusé, rien n'a été enregistré. {count} problème à corriger :",
    "cli.import.rejected": "Import refusé, rien n'a été enregistré. {count} problèmes à corriger :",
    "cli.import.done_one": "{entity} : {count} ligne importée.",
    "cli.import.done": "{entity} : {count} lignes importées.",
    "cli.export.done_one": "{entity} : {count} ligne exportée dans {file}.",
    "cli.export.done": "{entity} : {count} lignes exportées dans {file}.",
    "cli.export.format": "Format de fichier non pris en charge pour {file} : choisissez un nom en .csv ou .xlsx.",
    "cli.export.workbook_format": "Un classeur s'écrit en .xlsx : {file} n'a pas cette extension.",
    "cli.export.failed": "Impossible d'écrire {file} : {reason}.",
    "cli.info.header": "Base : {path}",
    "cli.info.demo": "Jeu de données : démonstration (chiffres réels des documents sources, entreprises fictives)",
    "cli.info.own_data": "Jeu de données : données de l'utilisateur",
    "cli.info.territories": "Territoires par niveau :",
    "cli.info.tables": "Lignes par table :",
    "cli.templates.done": "{count} fichiers de modèles écrits dans {directory}.",
}
