"""Messages of record entry and correction (forms, history, archive, concurrent edits)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    # ---------------------------------------------------------------- core refusals
    "records.error.by_required": "indiquez votre nom dans « Saisi par » : chaque modification dit qui l'a faite.",
    "records.error.by_too_long": "« Saisi par » : {maximum} caractères au plus.",
    "records.error.database": (
        "la base a refusé l'enregistrement et rien n'a été écrit ({error}). Signalez ce cas : la vérification "
        "aurait dû le détecter."
    ),
    "records.error.gone": "cette fiche n'existe plus : elle a été supprimée entre-temps. Rien n'a été écrit.",
    "records.error.exists": "une fiche porte déjà cet identifiant. Rien n'a été écrit.",
    "records.error.no_version": "la version {version} de cette fiche n'existe pas.",
    "records.error.referenced_column.named": (
        "« {column} » ne peut pas être modifié tant que d'autres fiches se rattachent à celle-ci ({records}) : "
        "le moteur de base de données le refuse. Rien n'a été écrit ; enregistrez vos autres corrections sans ce "
        "changement."
    ),
    "records.error.referenced_column": (
        "« {column} » ne peut pas encore être modifié sur une fiche à laquelle d'autres sont rattachées "
        "(diagnostics, flux, participations) : le moteur de base de données le refuse. Rien n'a été écrit ; "
        "enregistrez vos autres corrections sans ce changement."
    ),
    "records.error.not_archivable": "ce type de fiche ne s'archive pas.",
    "records.error.purge_admin": "seul un administrateur peut purger une fiche. Rien n'a été supprimé.",
    "records.error.purge_live": (
        "seule une fiche archivée peut être purgée : archivez-la d'abord. Rien n'a été supprimé."
    ),
    "records.error.purge_referenced": (
        "purge refusée : d'autres fiches s'y rattachent encore ({records}). Retirez-la de ces fiches ou "
        "purgez-les d'abord. Rien n'a été supprimé."
    ),
    "records.purge.referrer": "{entity} {record_id}",
    "records.purge.referrer.named": "{entity} « {name} » ({record_id})",
    "records.purge.referrer.archived": ", archivée",
    "records.purge.referrer.table_one": "{count} ligne de la table {table}",
    "records.purge.referrer.table": "{count} lignes de la table {table}",
}

# Field labels by template header: a form shows these, the messages name the header as the import does.
FIELD_LABELS: dict[str, str] = {
    "identifiant": "Identifiant",
    "nom": "Nom",
    "siret": "SIRET",
    "code_naf": "Code NAF",
    "famille": "Famille",
    "effectif": "Effectif",
    "code_commune": "Commune",
    "longitude": "Longitude",
    "latitude": "Latitude",
    "zone_activites": "Zone d'activités",
    "entreprise": "Entreprise",
    "demarche": "Démarche",
    "date_diagnostic": "Date de la visite",
    "type": "Type",
    "organisme_conseiller": "Organisme du conseiller",
    "sens": "Sens",
    "categorie": "Catégorie",
    "description": "Description",
    "quantite": "Quantité",
    "unite": "Unité",
    "frequence": "Fréquence",
    "titre": "Titre",
    "territoire": "Territoire",
    "source": "Source",
    "statut": "Statut",
    "date": "Date",
    "motif_abandon": "Motif d'abandon",
    "commentaire": "Commentaire",
    "role": "Rôle",
    "impact": "Impact",
    "valeur": "Valeur",
    "nature_valeur": "Nature de la valeur",
    "date_valeur": "Date de la valeur",
    "theme": "Thème",
    "participants": "Participants",
    "entreprises_presentes": "Entreprises représentées",
    "quantite_realisee": "Quantité réalisée",
    "date_realisation": "Date de la réalisation",
    "justificatif_realisation": "Justificatif ou source",
    "libelle": "Libellé",
    "code_chiffre": "Code du chiffre",
    "porteur": "Porteur",
    "perimetre": "Périmètre",
    "date_debut": "Date de début",
    "date_fin": "Date de fin",
    "budget_eur": "Budget (€)",
    "commentaire_budget": "Précisions sur le budget",
    "etp": "ETP",
    "questionnaire": "Questionnaire",
    "date_reponse": "Date de la réponse",
    "question": "Question",
    "points": "Points",
    "code_action": "Action",
    "article": "Article",
    "montant_forfaitaire_eur": "Montant forfaitaire (€)",
    "quantite_engagee": "Quantité engagée",
    "convention": "Convention",
    "diagnostic": "Diagnostic",
    "evenement": "Événement",
    "reponse": "Réponse",
    "synergie": "Synergie",
}

MESSAGES.update({f"records.field.{header}": text for header, text in FIELD_LABELS.items()})
MESSAGES.update(
    {
        # ---------------------------------------------------------------- forms
        "records.by": "Saisi par",
        "records.by.help": (
            "Votre nom : il est enregistré dans l'historique de la fiche. Il sera remplacé par votre compte "
            "quand la connexion sera en place."
        ),
        "records.save": "Enregistrer",
        "records.saved": "Enregistré : {entity} « {record} » (identifiant {record_id}), version {version}.",
        "records.unchanged": "Aucune modification : rien n'a été enregistré.",
        "records.refused": "Rien n'a été enregistré. À corriger :",
        "records.refused.field": "**{field}** : {message}",
        "records.refused.row": "**{part}, ligne {row}, {field}** : {message}",
        "records.refused.record": "{message}",
        "records.new": "Nouvelle fiche",
        "records.grid.help": (
            "Ajoutez une ligne avec le formulaire ci-dessous (ou collez des lignes copiées d'un tableur dans le "
            "tableau) ; corrigez une cellule en cliquant dessus ; supprimez une ligne en la cochant puis avec la "
            "corbeille."
        ),
        "records.commune.search": "Rechercher une commune (nom ou code INSEE)",
        "records.commune.search.help": (
            "Sans recherche, la liste propose les communes du territoire choisi ; une recherche couvre toute la France."
        ),
        "records.none": "(aucune)",
        "records.to_choose": "(à choisir)",
        "records.date.placeholder": "JJ/MM/AAAA",
        "records.numbers.help": "Nombre écrit à la française (1 234,5) ou avec un point.",
        # ---------------------------------------------------------------- conflicts
        "records.conflict": (
            "{who} a enregistré cette fiche le {when} (version {version}) pendant que vous la modifiiez. Votre "
            "saisie n'a pas été enregistrée mais elle est conservée : comparez les deux versions ci-dessous."
        ),
        "records.conflict.archived": (
            "{who} a archivé cette fiche le {when} pendant que vous la modifiiez. Votre saisie est conservée."
        ),
        "records.conflict.col.field": "Champ",
        "records.conflict.col.theirs": "Version enregistrée",
        "records.conflict.col.mine": "Votre saisie",
        "records.conflict.reload": "Reprendre la version enregistrée",
        "records.conflict.overwrite": "Enregistrer ma saisie à la place",
        "records.conflict.parts": "lignes du tableau",
        # ---------------------------------------------------------------- history, restore, archive
        "records.history": "Historique de la fiche ({count} modifications)",
        "records.history.one": "Historique de la fiche (1 modification)",
        "records.history.none": "Aucune modification faite dans l'interface (fiche importée ou de démonstration).",
        "records.history.col.version": "Version",
        "records.history.col.action": "Action",
        "records.history.col.when": "Date",
        "records.history.col.by": "Par",
        "records.history.col.changed": "Champs modifiés",
        "records.history.when": "{date} à {time}",
        "records.restore.choose": "Version à restaurer",
        "records.restore.option": "Version {version}",
        "records.restore.option.original": "Version d'origine (avant la première modification)",
        "records.restore": "Restaurer cette version",
        "records.restore.help": "La version choisie redevient la version courante ; c'est une nouvelle version.",
        "records.archive": "Archiver la fiche",
        "records.archive.help": (
            "La fiche et ce qui en dépend sortent de tous les chiffres ; elle reste restaurable. Seul un "
            "administrateur pourra la purger."
        ),
        "records.archive.confirm": "Je confirme l'archivage",
        "records.archived": "Cette fiche est archivée : elle ne compte dans aucun chiffre.",
        "records.unarchive": "Désarchiver",
        "records.purge": "Purger définitivement",
        "records.purge.confirm": "Je confirme la suppression définitive : la fiche et ses versions seront effacées",
        "records.purge.help": (
            "Réservé aux administrateurs. La fiche, ses lignes et les valeurs de toutes ses versions sont effacées "
            "sans retour possible ; l'historique garde qui l'a purgée et quand."
        ),
        "records.purged": "Purgée définitivement : {entity} (identifiant {record_id}). Rien ne peut la restaurer.",
        "records.purged.named": (
            "Purgée définitivement : {entity} « {name} » (identifiant {record_id}). Rien ne peut la restaurer."
        ),
        "records.archived.list": "Fiches archivées ({count})",
        "records.archived.col.record": "Fiche",
        "records.archived.col.when": "Archivée le",
        "records.archived.col.by": "Par",
        "records.archived.choose": "Fiche à désarchiver",
        "records.archived.option": "{name} ({record_id})",
        "records.archived.option_dated": "{name} — {date} ({record_id})",
        # ---------------------------------------------------------------- sections on the pages
        "records.section.entry": "Saisie et corrections",
        "records.section.company": "Saisir ou corriger une entreprise",
        "records.section.diagnostic": "Saisir ou corriger un diagnostic et ses flux",
        "records.section.synergy": "Saisir ou corriger une synergie",
        "records.section.event": "Saisir ou corriger un atelier ou une réunion",
        "records.section.convention_action": "Déclarer une réalisation",
        "records.section.programme": "Saisir ou corriger une démarche et ses chiffres clés",
        "records.section.sa_response": "Répondre au questionnaire d'auto-évaluation",
        "records.choose": "Fiche",
        "records.part.flows": "Flux recensés",
        "records.part.synergy_status_events": "Statuts successifs (date ; motif obligatoire pour « Abandonnée »)",
        "records.part.synergy_participants": "Entreprises participantes et rôles",
        "records.part.synergy_impacts": "Impacts (déclarés, calculés ou estimés, avec leur source)",
        "records.part.event_participants": "Entreprises présentes",
        "records.part.programme_key_figures": "Chiffres clés publiés",
        "records.part.sa_answers": "Points par question",
        # a row at a time, under each grid (dashboard.ui.forms._row_form)
        "records.part.new.flows": "**Nouveau flux** (une ligne à la fois)",
        "records.part.new.synergy_status_events": "**Nouveau statut** (une ligne à la fois)",
        "records.part.new.synergy_participants": "**Nouvelle entreprise participante**",
        "records.part.new.synergy_impacts": "**Nouvel impact** (une ligne à la fois)",
        "records.part.new.event_participants": "**Nouvelle entreprise présente**",
        "records.part.new.programme_key_figures": "**Nouveau chiffre clé**",
        "records.part.add.flows": "Ajouter ce flux",
        "records.part.add.synergy_status_events": "Ajouter ce statut",
        "records.part.add.synergy_participants": "Ajouter cette entreprise",
        "records.part.add.synergy_impacts": "Ajouter cet impact",
        "records.part.add.event_participants": "Ajouter cette entreprise",
        "records.part.add.programme_key_figures": "Ajouter ce chiffre",
        "records.part.added": (
            "Ligne ajoutée au tableau ci-dessus. Elle sera gardée avec la fiche quand vous cliquerez sur "
            "« Enregistrer »."
        ),
        "records.sa.scores": "Scores par thème (sur 5), calculés comme sur la page",
        "records.sa.col.theme": "Thème",
        "records.sa.col.score": "Score sur 5",
        "records.sa.points": "{text} (0 à {max})",
    }
)
