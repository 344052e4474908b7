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
    "records.error.referenced_column": (
        "« {column} » ne peut pas encore être modifié sur une fiche à laquelle d'autres sont rattachées "
        "(diagnostics, flux, participations) : le moteur de base de données le refuse. Rien n'a été écrit ; "
        "enregistrez vos autres corrections sans ce changement."
    ),
    "records.error.not_archivable": "ce type de fiche ne s'archive pas.",
}
