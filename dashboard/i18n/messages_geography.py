"""Messages of the geography area (reference geography loading, official files import, custom perimeters)."""

MESSAGES: dict[str, str] = {
    # progress of the reference geography build
    "geography.progress.reading": "Lecture des communes, EPCI, départements et régions…",
    "geography.progress.cleaning": "Mise en cohérence des limites communales…",
    "geography.progress.dissolving": "Calcul des contours des EPCI, départements et régions…",
    "geography.progress.simplifying": "Simplification des contours pour l'affichage…",
    "geography.progress.done": (
        "Géographie de référence prête : {communes} communes, {epci} EPCI, {departements} départements, "
        "{regions} régions."
    ),
    # official files (IGN ADMIN EXPRESS COG CARTO, INSEE COG)
    "geography.error.path_not_found": "Fichier ou dossier introuvable : {path}.",
    "geography.error.unreadable": "Impossible de lire {path} : {detail}",
    "geography.error.missing_layer": (
        "La couche « {layer} » est absente de {path}. Couches trouvées : {found}. Attendu : un fichier "
        "ADMIN EXPRESS COG CARTO de l'IGN (GeoPackage, ou dossier de fichiers Shapefile)."
    ),
    "geography.error.missing_column": (
        "La colonne « {column} » manque dans la couche « {layer} » de {path}. Colonnes présentes : {found}."
    ),
    "geography.error.no_commune": "La couche « COMMUNE » de {path} ne contient aucune commune.",
    "geography.error.duplicate_communes": "Codes commune en double dans la couche « COMMUNE » : {codes}.",
    "geography.error.unknown_departements": (
        "Des communes renvoient à des départements absents de la couche « DEPARTEMENT » : {codes}."
    ),
    "geography.error.unknown_regions": (
        "Des communes renvoient à des régions absentes de la couche « REGION » : {codes}."
    ),
    "geography.error.cog_missing_column": (
        "La colonne « {column} » manque dans le fichier des communes du COG de l'Insee {path}. "
        "Colonnes présentes : {found}."
    ),
    "geography.source.official": "IGN ADMIN EXPRESS COG CARTO ({file})",
    "geography.source.official_with_cog": "IGN ADMIN EXPRESS COG CARTO ({file}), noms du COG Insee ({cog_file})",
    # custom perimeters
    "geography.error.perimeter_bad_code": (
        "Code de périmètre invalide « {code} » : lettres sans accent, chiffres, « - », « _ » ou « . », "
        "64 caractères au plus, commençant par une lettre ou un chiffre."
    ),
    "geography.error.perimeter_empty_name": "Le nom du périmètre « {code} » est vide.",
    "geography.error.perimeter_no_commune": "Le périmètre « {code} » doit contenir au moins une commune.",
    "geography.error.perimeter_exists": "Le périmètre « {code} » existe déjà.",
    "geography.error.perimeter_unknown_communes": (
        "Le périmètre « {code} » cite des communes absentes de la base : {communes}."
    ),
}
