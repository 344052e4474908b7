"""Messages of the synergy-detection area: the plain-French explanation of every proposal."""

MESSAGES: dict[str, str] = {
    # Substitution: « Carton (sortant, 12 t/an) d’Entreprise A peut alimenter … »
    "detection.substitution.explanation": (
        "{output} (sortant, {supply}) {of_supplier} peut alimenter {input} (entrant, {demand}) {of_receiver}, "
        "à {distance} : {category_reason}, {quantity_reason}{conversion_note}{location_note}{outside_note}.{alternatives}"
    ),
    "detection.conversion_note": " ; conversion : {note}",
    "detection.outside_note": " ; {name} est hors territoire (à moins du rayon de recherche de sa limite)",
    "detection.outside_territory": "hors territoire",
    "detection.outside_name": "{name} (hors territoire)",
    "detection.outside_caption": (
        "Les partenaires situés hors du territoire mais à moins du rayon de recherche sont aussi proposés, "
        "marqués « hors territoire »."
    ),
    "detection.alternatives": " Autres rapprochements possibles entre ces deux entreprises : {routes}.",
    "detection.alternative": "« {output} » vers « {input} » ({score})",
    "detection.substitution.title": "Substitution : {output} vers {input}",
    "detection.of_name": "de {name}",
    "detection.of_name_elided": "d’{name}",
    "detection.distance_km": "{km} km",
    "detection.quantity.yearly": "{quantity} {unit}/an",
    "detection.quantity.one_off": "{quantity} {unit}, ponctuel",
    "detection.quantity.unknown": "quantité non renseignée",
    "detection.category.same": "même catégorie",
    "detection.category.narrower": "« {output} » relève de « {input} »",
    "detection.category.table": "compatibilité « {via_output} → {via_input} » de la table de substitution",
    "detection.quantity_match.compatible": "l’offre couvre {ratio} du besoin",
    "detection.quantity_match.supply_short": "l’offre ne couvre que {ratio} du besoin",
    "detection.quantity_match.demand_short": (
        "l’offre couvre tout le besoin, qui n’en absorbe que {ratio} (petit besoin au regard de l’offre)"
    ),
    "detection.quantity_match.covered": "l’offre couvre tout le besoin, qui en absorbe {ratio}",
    "detection.quantity_match.not_comparable": ("quantités dans des unités non comparables, à vérifier (score réduit)"),
    "detection.quantity_match.supply_unknown": "quantité sortante non renseignée, à vérifier (score réduit)",
    "detection.quantity_match.demand_unknown": "quantité entrante non renseignée, à vérifier (score réduit)",
    "detection.quantity_match.both_unknown": "quantités non renseignées, à vérifier (score réduit)",
    "detection.location_note": " ; distance approximative (entreprise localisée au centre de sa commune)",
    # Mutualisation: « 4 entreprises, toutes à moins de 3,1 km d’Entreprise A, ont un même besoin : … »
    "detection.mutualisation.explanation": (
        "{count} entreprises, toutes à moins de {distance} {of_centre}, ont {what} : {category} ({direction}) ; "
        "piste : {kind}. {quantities} Entreprises : {members}.{location_note}"
    ),
    "detection.mutualisation.title": "Mutualisation : {kind}, {category} ({count} entreprises)",
    "detection.mutualisation.what.in": "un même besoin",
    "detection.mutualisation.what.out": "un même flux sortant",
    "detection.mutualisation.quantities": "Quantités : {total} au total, renseignées pour {known} sur {count}.",
    "detection.mutualisation.quantities_unknown": "Quantités non renseignées (score réduit).",
    "detection.mutualisation.members_more": "{names} et {more} autres",
    "detection.mutualisation.location_note": " Distances approximatives (entreprises localisées au centre de leur commune).",
    "detection.mutualisation.kind.out": "collecte groupée",
    "detection.mutualisation.kind.in.matiere": "achat groupé",
    "detection.mutualisation.kind.in.dechet": "approvisionnement groupé",
    "detection.mutualisation.kind.in.energie": "achat groupé d’énergie",
    "detection.mutualisation.kind.in.eau": "achat ou traitement groupé",
    "detection.mutualisation.kind.in.logistique": "transport mutualisé (covoiturage, tournées partagées)",
    "detection.mutualisation.kind.in.equipement": "équipement ou espace partagé",
    "detection.mutualisation.kind.in.competence": "formation mutualisée",
    "detection.mutualisation.kind.in.emploi": "emploi partagé",
    "detection.mutualisation.kind.in.service": "achat groupé de prestations",
    # Unit symbols in explanations (« 12 t/an »); a unit without one is shown by its label.
    "detection.unit.t": "t",
    "detection.unit.kg": "kg",
    "detection.unit.m3": "m³",
    "detection.unit.l": "l",
    "detection.unit.MWh": "MWh",
    "detection.unit.kWh": "kWh",
    "detection.unit.unit": "unités",
    "detection.unit.pallet": "palettes",
    "detection.unit.h": "h",
    "detection.unit.day": "jours",
    "detection.unit.fte": "ETP",
    "detection.unit.m2": "m²",
    "detection.unit.eur": "€",
    "detection.unit.km": "km",
    # Import check of a flow's unit against its category (dashboard/detection/units.py).
    "detection.unit_check.refused": (
        "unité « {value} » incompatible avec la catégorie « {category} » : unités attendues {expected}."
    ),
    # Accepting or dismissing a proposal that changed meanwhile (another tab or user): nothing is written.
    "detection.stale.accepted": (
        "cette proposition a déjà été acceptée (synergie {synergy_id}), peut-être depuis un autre onglet : "
        "rien n’a été créé. La liste a été mise à jour."
    ),
    "detection.stale.dismissed": (
        "cette proposition a été écartée entre-temps, peut-être depuis un autre onglet : rien n’a été enregistré. "
        "La liste a été mise à jour."
    ),
    "detection.stale.gone": (
        "la proposition affichée n’est plus proposée (acceptée ou écartée entre-temps, peut-être depuis un autre "
        "onglet) : rien n’a été enregistré. La liste a été mise à jour."
    ),
    # The choice list of the detection page: score, title and the companies, so that two proposals differ.
    "detection.choose.option": "{score} · {title} · {companies}",
    # Stored with an accepted proposal (synergy.description keeps the explanation).
    "detection.accepted_comment": "Proposée par la détection automatique (score {score}).",
}
