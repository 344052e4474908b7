"""Messages of operations: the database lock, backups and restores (CLI and the data page), production limits."""

MESSAGES: dict[str, str] = {
    # A running dashboard holds the database file's lock: no other program may open it, not even to read.
    "lock.holder_pid": " (processus {pid})",
    "lock.write": (
        "La base {path} est ouverte par un autre programme{holder}, sans doute le tableau de bord. Rien n'a été "
        "écrit ni remplacé : un seul programme à la fois peut écrire dans ce fichier, et le remplacer pendant "
        "que le tableau de bord tourne ferait perdre ce qui y est saisi. Arrêtez le tableau de bord puis relancez "
        "la commande, ou importez depuis la page « Import et export » du tableau de bord."
    ),
    "lock.read": (
        "La base {path} est ouverte par un autre programme{holder}, sans doute le tableau de bord. Tant qu'il "
        "tourne, aucun autre programme ne peut ouvrir ce fichier, même en lecture (verrou de DuckDB). Son contenu, "
        "les exports et les sauvegardes sont disponibles sur la page « Import et export » du tableau de bord ; "
        "sinon arrêtez le tableau de bord puis relancez la commande."
    ),
    # production limits (imports and entry forms)
    "limits.number": "« {value} » : nombre hors limites (au plus {limit} en valeur absolue).",
    "limits.text": "texte trop long pour « {column} » : {chars} caractères au plus.",
    "limits.comment_field": "commentaire",
    "limits.name_field": "nom affiché",
    "limits.email_field": "adresse électronique",
    # payload ceilings (maps with more companies than dashboard.charts.maps.MAX_MAP_POINTS)
    "map.hover.grouped_one": "{count} entreprise à cet endroit (carte regroupée : trop d'entreprises pour un point chacune)",
    "map.hover.grouped": "{count} entreprises à cet endroit (carte regroupée : trop d'entreprises pour un point chacune)",
    # backups (dashboard.backup)
    "backup.keep_invalid": "--garder attend un nombre de sauvegardes à conserver d'au moins 1 (reçu : {keep}).",
    "backup.store_tool": (
        "La sauvegarde de la base PostgreSQL partagée demande l'outil {tool} de PostgreSQL (paquet "
        "postgresql-client), qui a échoué ou manque : {reason}"
    ),
    "backup.store.not_empty": (
        "La base PostgreSQL {url} n'est pas vide : une sauvegarde se restaure dans une base vide (createdb), "
        "jamais par-dessus des données que des tableaux de bord utilisent peut-être."
    ),
    "backup.store.kind_file": (
        "{path} est la sauvegarde d'un fichier DuckDB : elle se restaure dans un fichier "
        "(--db chemin/observatoire.duckdb), pas dans une base PostgreSQL."
    ),
    "backup.store.kind_store": (
        "{path} est la sauvegarde d'une base PostgreSQL partagée : elle se restaure dans une base PostgreSQL "
        "vide (--db postgresql://…)."
    ),
    "backup.write_failed": "Impossible d'écrire la sauvegarde dans {path} : {reason}.",
    "backup.verify_failed": (
        "La copie {path} ne relit pas exactement les données copiées : sauvegarde abandonnée, rien n'a été gardé."
    ),
    "backup.cycle": "La table {table} contient une hiérarchie circulaire : sauvegarde impossible.",
    "backup.not_a_backup": (
        "{path} n'est pas une sauvegarde de l'observatoire (un dossier « sauvegarde-… » avec manifeste.json et "
        "observatoire.duckdb, ou son archive .zip)."
    ),
    "backup.bad_manifest": "Le manifeste {path} est illisible : sauvegarde inutilisable.",
    "backup.format_version": (
        "Sauvegarde au format {version}, inconnu de cette version du tableau de bord (format attendu : {expected})."
    ),
    "backup.damaged": (
        "La sauvegarde {path} ne correspond pas à son manifeste (nombre de lignes ou somme de contrôle) : elle est "
        "abîmée. Rien n'a été restauré."
    ),
    "backup.target_exists": (
        "La base {path} existe déjà : ajoutez --force pour la remplacer par la sauvegarde (l'actuelle est gardée à "
        "côté, en « .avant-restauration »)."
    ),
    # CLI (dashboard.backup_cli)
    "cli.help.backup": (
        "sauvegarder toute la base (toutes les tables, manifeste avec nombres de lignes et sommes de contrôle) ; "
        "le tableau de bord doit être arrêté, sinon utilisez son bouton ou ses sauvegardes programmées"
    ),
    "cli.help.backup_dir": "dossier des sauvegardes (par défaut : $OBSERVATOIRE_SAUVEGARDES ou data/sauvegardes)",
    "cli.help.keep": "ne garder que les N sauvegardes les plus récentes de ce dossier",
    "cli.help.restore": "restaurer une sauvegarde (dossier ou .zip) comme base, toutes les tables vérifiées",
    "cli.help.restore_source": "dossier « sauvegarde-… » ou son archive .zip",
    "cli.help.restore_force": "remplacer la base existante (gardée à côté en « .avant-restauration »)",
    "cli.backup.done": "Sauvegarde écrite : {folder} ({tables} tables, {rows} lignes, sommes de contrôle vérifiées).",
    "cli.backup.removed": "Ancienne sauvegarde supprimée (conservation de {keep}) : {folder}",
    "cli.restore.other_schema": (
        "La sauvegarde vient d'une autre version du schéma ({version}) : la base sera mise à jour à sa première "
        "ouverture par le tableau de bord (tables et vues ajoutées, données inchangées)."
    ),
    "cli.restore.done": (
        "Base restaurée : {path} depuis la sauvegarde du {created} ({tables} tables, {rows} lignes, "
        "sommes de contrôle identiques)."
    ),
    # data page (dashboard.ui.backup)
    "backup.ui.title": "Sauvegarde",
    "backup.ui.help": (
        "Copie complète et cohérente de la base (toutes les tables), prise sans arrêter le tableau de bord, "
        "écrite sur le serveur dans {directory} ({keep} gardées). À restaurer tableau de bord arrêté avec "
        "« python -m dashboard restaurer ». "
    ),
    "backup.ui.run": "Sauvegarder maintenant",
    "backup.ui.running": "Sauvegarde en cours…",
    "backup.ui.done": "Sauvegarde écrite : {folder} ({tables} tables, {rows} lignes, sommes de contrôle vérifiées).",
    "backup.ui.download": "Télécharger la sauvegarde (.zip)",
    "backup.ui.none": "Aucune sauvegarde dans {directory}.",
    "backup.ui.latest": "Dernière sauvegarde : {folder}, du {created} à {time} (UTC).",
    "backup.ui.schedule": "Sauvegardes programmées : toutes les {hours} h, {keep} gardées.",
    "backup.ui.no_schedule": (
        "Pas de sauvegarde programmée (variable OBSERVATOIRE_SAUVEGARDE_HEURES non définie, voir docs/deployment.md)."
    ),
}
