"""Messages of the indicators area: the "Objectifs et réalisations" page, the COPIL mode, data entry."""

MESSAGES: dict[str, str] = {
    # navigation
    "nav.page.objectives": "Objectifs et réalisations",
    "nav.page.copil": "Mode COPIL",
    # entry validation
    "entry.error.unknown_indicator": "L'indicateur « {code} » n'existe pas dans le catalogue.",
    "entry.error.unknown_scope": "Le territoire ou la démarche « {scope} » n'existe pas.",
    "entry.error.computed": (
        "« {indicator} » est calculé à partir des saisies : sa valeur réalisée ne se saisit pas (seuls son objectif "
        "et sa référence se saisissent)."
    ),
    "entry.error.no_value": "La valeur est vide.",
    "entry.error.below": "La valeur doit être supérieure ou égale à {value} ({unit}).",
    "entry.error.above": "La valeur doit être inférieure ou égale à {value} ({unit}).",
    "entry.error.decimals": "La valeur a trop de décimales : {decimals} au plus pour cet indicateur ({unit}).",
    "entry.error.year": "L'année doit être comprise entre {low} et {high}.",
    "entry.error.quarter": "Le trimestre doit être 1, 2, 3, 4 ou « année entière ».",
    "entry.error.yearly": "Une valeur de type {kind} porte sur l'année entière : choisissez « année entière ».",
    "entry.error.future": "La période n'a pas encore commencé : une valeur réalisée ou estimée ne peut pas être saisie.",
    "entry.error.no_source": "Indiquez la source de la valeur (document, structure, fonction de la personne).",
    "entry.error.long_source": "La source dépasse {chars} caractères : indiquez le titre du document ou la structure.",
    # statuses
    "ind.status.met": "Objectif atteint",
    "ind.status.on_track": "Dans les temps",
    "ind.status.late": "En retard",
    "ind.status.no_target": "Sans objectif",
    "ind.status.no_value": "Non renseigné",
    "ind.source.records": "saisies de l'observatoire",
}
