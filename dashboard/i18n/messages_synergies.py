"""Messages of the "Entreprises et synergies" section: registers (companies, diagnostics, flows, company sheet),
flow nomenclature and compatibility table, Sankey of flows, synergies (funnel, types per year, impacts, list,
detail)."""

MESSAGES: dict[str, str] = {
    "nav.section.companies": "Entreprises et synergies",
    "nav.page.companies": "Entreprises et diagnostics",
    "nav.page.synergies": "Synergies",
    # ------------------------------------------------------------------ registers
    "registers.anonymous_prefix": "Entreprise n° ",
    "registers.empty_db": (
        "Aucune donnée d'entreprise dans la base. Importez vos entreprises, diagnostics et flux (modèles CSV ou "
        "classeur XLSX) depuis la page « Import et export », ou construisez la base de démonstration."
    ),
    "registers.none_here": (
        "Aucune donnée d'entreprise localisée sur {territory}. Choisissez un autre territoire dans le panneau "
        "latéral, ou importez les entreprises de ce territoire."
    ),
    "registers.intro": (
        "Registre complet des entreprises situées sur le territoire, de leurs diagnostics et de leurs flux, "
        "données au {date}, quelle que soit la période choisie ; le filtre « Année » retient une campagne de "
        "diagnostics. Source : diagnostics de flux saisis ou importés."
    ),
    "registers.date_unknown": "date inconnue",
    "registers.campaigns": "**Première campagne : {count} entreprises diagnostiquées en {year}**",
    "registers.campaigns_one": "**Première campagne : {count} entreprise diagnostiquée en {year}**",
    "registers.campaign": "{year} : {count}",
    "registers.filter.sector": "Famille de secteur",
    "registers.filter.category": "Catégorie de flux",
    "registers.filter.category.help": (
        "Une catégorie retient aussi ses sous-catégories : « Déchets et coproduits » retient les cartons, les "
        "palettes usagées…"
    ),
    "registers.filter.direction": "Sens du flux",
    "registers.filter.all": "Tous",
    "registers.filter.any": "Aucun filtre",
    "registers.filter.kind": "Type de diagnostic",
    "registers.filter.year": "Année de diagnostic",
    "registers.filter.all_years": "Toutes",
    "registers.filter.search": "Rechercher",
    "registers.filter.search.hint": "nom, code NAF ou commune",
    "registers.filter.none": "Aucune donnée ne correspond à ces filtres.",
    "registers.kpi.companies": "Entreprises",
    "registers.kpi.diagnostics": "Diagnostics",
    "registers.kpi.flows_in": "Flux entrants",
    "registers.kpi.flows_out": "Flux sortants",
    "registers.kpi.caption": (
        "Selon les filtres choisis, sur {total} entreprises du territoire. Les flux sont ceux des catégories, du "
        "sens et de l'année filtrés."
    ),
    "registers.tab.companies": "Entreprises",
    "registers.tab.diagnostics": "Diagnostics",
    "registers.tab.flows": "Flux",
    "registers.col.name": "Entreprise",
    "registers.col.sector": "Famille de secteur",
    "registers.col.naf": "Code NAF",
    "registers.col.size": "Effectif",
    "registers.col.commune": "Commune",
    "registers.col.diagnostics": "Diagnostics",
    "registers.col.last_diagnostic": "Dernier diagnostic",
    "registers.col.flows_in": "Flux entrants",
    "registers.col.flows_out": "Flux sortants",
    "registers.col.synergies": "Synergies",
    "registers.col.coordinates": "Latitude ; longitude",
    "registers.col.date": "Date du diagnostic",
    "registers.col.kind": "Type",
    "registers.col.programme": "Démarche",
    "registers.col.advisor": "Conseiller",
    "registers.col.flows": "Flux relevés",
    "registers.col.direction": "Sens",
    "registers.col.category": "Catégorie",
    "registers.col.family": "Famille",
    "registers.col.description": "Description",
    "registers.col.quantity": "Quantité",
    "registers.col.unit": "Unité",
    "registers.col.frequency": "Fréquence",
    "registers.section.reference": "Nomenclature et compatibilités",
    "registers.reference.intro": (
        "La nomenclature hiérarchique des flux (avec le chapitre de la liste européenne des déchets) et la table de "
        "compatibilité de substitution utilisée par la détection de synergies : quel flux sortant peut alimenter "
        "quel besoin. Pour les modifier, téléchargez-les, complétez le fichier et réimportez-le depuis la page "
        "« Import et export » (modèles « Nomenclature des flux » et « Compatibilités de substitution »)."
    ),
    "registers.reference.nomenclature": "Nomenclature des flux ({count} catégories)",
    "registers.reference.compatibility": "Compatibilités de substitution ({count} règles)",
    "registers.reference.col.label": "Catégorie",
    "registers.reference.col.code": "Code",
    "registers.reference.col.unit": "Unité usuelle",
    "registers.reference.col.ewc": "Chapitre liste des déchets",
    "registers.reference.col.output": "Flux sortant",
    "registers.reference.col.input": "Peut alimenter",
    "registers.reference.col.note": "Précision",
    "registers.reference.col.source": "Source",
    "registers.reference.download.nomenclature": "Télécharger la nomenclature (CSV à réimporter)",
    "registers.reference.download.compatibility": "Télécharger les compatibilités (CSV à réimporter)",
    "registers.reference.import": "Importer une nomenclature ou des compatibilités modifiées",
    "registers.section.sankey": "Flux du territoire par catégorie",
    "registers.sankey.measure": "Mesure",
    "registers.sankey.measure.flow_count": "Nombre de flux",
    "registers.sankey.measure.tonnes_per_year": "Tonnes par an (flux en masse)",
    "registers.sankey.caption.count": (
        "À gauche, ce qui entre dans les entreprises (besoins) ; à droite, ce qui en sort (gisements). Largeur = "
        "nombre de flux relevés, selon les filtres ; au-delà de 10 catégories par côté, les plus petites sont "
        "regroupées."
    ),
    "registers.sankey.caption.tonnes": (
        "Tonnes par an des {mass} flux exprimés en masse (sur {total} flux filtrés), annualisés selon leur "
        "fréquence ; les flux en MWh, m³, heures ou unités ne sont jamais additionnés aux tonnes."
    ),
    "registers.sankey.period": "registre au {date}",
    "registers.all": "registre complet",
    "registers.source": "diagnostics de flux des entreprises",
    "registers.section.sheet": "Fiche entreprise",
    "registers.sheet.choose": "Entreprise",
    "registers.sheet.sector": "**Secteur** : {sector} (NAF {naf})",
    "registers.sheet.size": "**Effectif** : {size}",
    "registers.sheet.commune": "**Commune** : {commune}",
    "registers.sheet.park": "**Zone d'activités** : {park}",
    "registers.sheet.siret": "**SIRET** : {siret}",
    "registers.sheet.demo": ":orange-badge[Données de démonstration] entreprise fictive",
    "registers.sheet.diagnostics": "Diagnostics ({count})",
    "registers.sheet.flows": "Flux ({count})",
    "registers.sheet.synergies": "Synergies ({count})",
    "registers.sheet.none": "Aucun enregistrement.",
    "registers.sheet.col.role": "Rôle",
    "registers.sheet.col.partners": "Autres participants",
    "registers.sheet.synergies.caption": "Statut actuel de chaque synergie (dernier statut daté).",
    "registers.sheet.link.synergies": "Voir les synergies du territoire",
    # ------------------------------------------------------------------ Sankey
    "flows.sankey.title.flow_count": "Flux entrants et sortants par catégorie (nombre de flux)",
    "flows.sankey.title.tonnes_per_year": "Flux entrants et sortants par catégorie (tonnes par an)",
    "flows.sankey.none": "Aucun flux à représenter",
    "flows.sankey.centre": "Entreprises diagnostiquées",
    "flows.sankey.other": "{count} autres catégories",
    "flows.sankey.left": "Entrants (besoins)",
    "flows.sankey.right": "Sortants (gisements)",
    # ------------------------------------------------------------------ synergies
    "synergies.empty_db": (
        "Aucune donnée de synergie dans la base. Importez vos synergies (participants, statuts datés, impacts) depuis "
        "la page « Import et export », ou construisez la base de démonstration."
    ),
    "synergies.none_here": (
        "Aucune donnée de synergie pour {territory} au {date}. Choisissez un autre territoire ou une autre année "
        "dans le panneau latéral."
    ),
    "synergies.source": "synergies suivies (statuts datés, impacts déclarés, calculés ou estimés)",
    "synergies.kpi.engaged": "Synergies engagées",
    "synergies.kpi.engaged.help": (
        "Synergies non abandonnées en fin de période (identifiées, en étude, en cours ou réalisées) : le même "
        "chiffre que sur l'accueil et la page des objectifs."
    ),
    "synergies.kpi.engaged.caption": "dont {count} identifiées sur la période",
    "synergies.kpi.engaged.caption_one": "dont {count} identifiée sur la période",
    "synergies.kpi.realised": "Synergies réalisées",
    "synergies.kpi.realised.caption": "statut « réalisée » au {date}",
    "synergies.kpi.conversion": "Taux de réalisation",
    "synergies.kpi.conversion.caption": "{realised} synergies passées par « réalisée » sur {total} identifiées",
    "synergies.kpi.delay": "Délai médian de réalisation",
    "synergies.kpi.delay.caption": "soit {months} mois, de l'identification à la réalisation ({count} synergies)",
    "synergies.kpi.delay.none": "aucune synergie réalisée à la fin de la période",
    "synergies.days": "{days} jours",
    "synergies.section.funnel": "Entonnoir des synergies",
    "synergies.funnel.summary": "**{total} synergies identifiées au {date}**, étape la plus avancée atteinte par chacune :",
    "synergies.funnel.col.stage": "Étape",
    "synergies.funnel.col.reached": "Ont atteint l'étape",
    "synergies.funnel.col.current": "Y sont encore",
    "synergies.funnel.col.conversion": "Passage à l'étape suivante",
    "synergies.funnel.count": "{name} : {count}",
    "synergies.funnel.abandoned": "**Abandonnées : {count}** ({reasons})",
    "synergies.funnel.abandoned_stage": "Dernière étape atteinte avant l'abandon : {stages}.",
    "synergies.funnel.no_abandoned": "Aucune synergie abandonnée à la fin de la période.",
    "synergies.funnel.delay": (
        "Délai de l'identification à la réalisation : médiane {median} jours (de {low} à {high} jours, "
        "{count} synergies réalisées)."
    ),
    "synergies.rule.title": "Règles de calcul de l'entonnoir",
    "synergies.rule.body": (
        "- Seuls comptent les statuts datés au plus tard le {date} ; une synergie identifiée après n'est pas comptée.\n"
        "- **Ont atteint l'étape** : synergies qui ont un statut daté de cette étape ou d'une étape plus avancée "
        "(une synergie enregistrée directement « en cours » est passée par l'étude). Ce cumul « a déjà atteint » "
        "inclut les synergies abandonnées ensuite.\n"
        "- **Y sont encore** : statut actuel (le dernier statut daté), celui que comptent l'accueil et la page des "
        "objectifs.\n"
        "- **Passage à l'étape suivante** = synergies ayant atteint l'étape suivante ÷ synergies ayant atteint "
        "cette étape.\n"
        "- **Abandonnées** : synergies dont le statut actuel est « abandonnée », par motif déclaré et par dernière "
        "étape atteinte.\n"
        "- **Délai de réalisation** : médiane des jours entre le premier statut (identification) et le premier "
        "statut « réalisée »."
    ),
    "synergies.chart.funnel.title": "Entonnoir des synergies (étape la plus avancée atteinte)",
    "synergies.chart.funnel.text": "{count} ({rate} de l'étape précédente)",
    "synergies.chart.funnel.note": "Abandonnées en fin de période : {abandoned} (comptées à l'étape atteinte)",
    "synergies.chart.none": "Aucune synergie identifiée à la fin de la période",
    "synergies.section.per_year": "Substitution et mutualisation par année",
    "synergies.per_year.measure": "Compter les synergies",
    "synergies.per_year.measure.identified": "identifiées dans l'année",
    "synergies.per_year.measure.realised": "réalisées dans l'année",
    "synergies.per_year.caption": (
        "Total jusqu'à la fin de la période : {substitution} de substitution, {mutualisation} de mutualisation. "
        "Année du premier statut (identification) ou du premier statut « réalisée »."
    ),
    "synergies.chart.per_year.identified": "Synergies identifiées par année et par type",
    "synergies.chart.per_year.realised": "Synergies réalisées par année et par type",
    "synergies.section.impacts": "Impacts des synergies réalisées",
    "synergies.impacts.none": "Aucun impact renseigné pour les synergies réalisées au {date}.",
    "synergies.impacts.col.kind": "Impact",
    "synergies.impacts.col.total": "Total",
    "synergies.impacts.col.synergies": "Synergies",
    "synergies.impacts.col.basis": "Dont",
    "synergies.impacts.col.value": "Valeur",
    "synergies.impacts.col.flag": "Nature",
    "synergies.impacts.col.source": "Source",
    "synergies.impacts.col.as_of": "Au",
    "synergies.impacts.part": "{basis} : {value}",
    "synergies.impacts.caption": (
        "Impacts annuels des synergies au statut « réalisée » le {date}, additionnés par nature : déclarés par les "
        "entreprises ou la démarche, calculés, ou estimés. Mêmes totaux que la page des objectifs."
    ),
    "synergies.impacts.detail": "Détail des impacts, synergie par synergie",
    "synergies.chart.basis.title": "Nature des impacts :<br>part déclarée, calculée, estimée",
    "synergies.chart.no_impact": "Aucun impact renseigné",
    "synergies.impact.short.tonnes": "Tonnes par an",
    "synergies.impact.short.tco2e": "tCO2e par an",
    "synergies.impact.short.water_m3": "m³ d'eau par an",
    "synergies.impact.short.energy_mwh": "MWh par an",
    "synergies.impact.short.savings_eur": "€ par an",
    "synergies.impact.short.jobs": "Emplois",
    "synergies.section.list": "Liste des synergies",
    "synergies.filter.status": "Statut en fin de période",
    "synergies.filter.type": "Type",
    "synergies.filter.search": "Rechercher (intitulé, catégorie)",
    "synergies.list.count": "{shown} synergies affichées sur {total}.",
    "synergies.list.count_one": "{shown} synergie affichée sur {total}.",
    "synergies.list.empty": "Aucune synergie ne correspond à ces filtres.",
    "synergies.col.title": "Synergie",
    "synergies.col.type": "Type",
    "synergies.col.category": "Catégorie de flux",
    "synergies.col.status": "Statut",
    "synergies.col.since": "Depuis le",
    "synergies.col.identified": "Identifiée le",
    "synergies.col.participants": "Entreprises",
    "synergies.col.programme": "Démarche",
    "synergies.col.origin": "Origine",
    "synergies.section.detail": "Fiche d'une synergie",
    "synergies.detail.choose": "Synergie",
    "synergies.detail.option": "{title} (identifiée le {date})",
    "synergies.detail.type": "**Type** : {value}",
    "synergies.detail.category": "**Catégorie de flux** : {value}",
    "synergies.detail.territory": "**Territoire** : {value}",
    "synergies.detail.programme": "**Démarche** : {value}",
    "synergies.detail.source": "**Source** : {value}",
    "synergies.detail.participants": "Participants ({count})",
    "synergies.detail.no_participants": "Aucun participant enregistré.",
    "synergies.detail.col.company": "Entreprise",
    "synergies.detail.col.role": "Rôle",
    "synergies.detail.col.sector": "Famille de secteur",
    "synergies.detail.col.commune": "Commune",
    "synergies.detail.history": "Historique des statuts",
    "synergies.detail.no_history": "Aucun changement de statut enregistré.",
    "synergies.detail.col.date": "Date",
    "synergies.detail.col.status": "Statut",
    "synergies.detail.col.reason": "Motif d'abandon",
    "synergies.detail.col.comment": "Commentaire",
    "synergies.detail.after_period": " (après la période)",
    "synergies.detail.impacts": "Impacts par an",
    "synergies.detail.no_impacts": "Aucun impact renseigné pour cette synergie.",
    "synergies.detail.impacts.caption": (
        "Valeurs de la synergie, comptées dans les totaux tant qu'elle est au statut « réalisée »."
    ),
}
