"""Messages of the artisan observatory: measures and their definitions, statistical secrecy, register import."""

MESSAGES: dict[str, str] = {
    "artisanat.france": "France",
    "artisanat.family.total": "Ensemble de l'artisanat",
    # measures (dashboard.artisanat.statistics.Figure and Indicator)
    "artisanat.measure.establishments": "Établissements",
    "artisanat.measure.creations": "Immatriculations",
    "artisanat.measure.closures": "Radiations",
    "artisanat.measure.employees": "Salariés (estimation)",
    "artisanat.measure.owners_total": "Dirigeants (âge connu)",
    "artisanat.measure.owners_lt30": "Dirigeants de moins de 30 ans",
    "artisanat.measure.owners_30_44": "Dirigeants de 30 à 44 ans",
    "artisanat.measure.owners_45_54": "Dirigeants de 45 à 54 ans",
    "artisanat.measure.owners_55_plus": "Dirigeants de 55 ans ou plus",
    "artisanat.measure.owners_women": "Dirigeantes",
    "artisanat.measure.net_balance": "Solde immatriculations − radiations",
    "artisanat.measure.density": "Densité artisanale (pour 10 000 habitants)",
    "artisanat.measure.creation_rate": "Taux d'immatriculation",
    "artisanat.measure.closure_rate": "Taux de radiation",
    "artisanat.measure.share_55_plus": "Part des dirigeants de 55 ans ou plus",
    "artisanat.measure.share_women": "Part de femmes parmi les dirigeants",
    "artisanat.measure.change_1y": "Évolution sur un an (établissements)",
    "artisanat.measure.relative_1y": "Évolution sur un an (%)",
    # definitions (help texts: every figure says how it is computed)
    "artisanat.help.establishments": "Établissements artisanaux actifs au 1er janvier de l'année.",
    "artisanat.help.creations": "Établissements immatriculés pendant l'année (du 1er janvier au 31 décembre).",
    "artisanat.help.closures": "Établissements radiés pendant l'année (du 1er janvier au 31 décembre).",
    "artisanat.help.employees": (
        "Salariés des établissements actifs au 1er janvier, estimés à partir des tranches d'effectif du registre "
        "(centre de chaque tranche)."
    ),
    "artisanat.help.net_balance": "Immatriculations moins radiations de l'année.",
    "artisanat.help.density": (
        "Établissements au 1er janvier pour 10 000 habitants (population municipale des communes du territoire)."
    ),
    "artisanat.help.creation_rate": (
        "Immatriculations de l'année rapportées aux établissements actifs au 1er janvier de la même année."
    ),
    "artisanat.help.closure_rate": (
        "Radiations de l'année rapportées aux établissements actifs au 1er janvier de la même année."
    ),
    "artisanat.help.share_55_plus": (
        "Dirigeants de 55 ans ou plus parmi les dirigeants dont l'âge est connu : indicateur du risque de "
        "transmission dans les dix ans."
    ),
    "artisanat.help.share_women": "Femmes parmi les dirigeants dont l'âge est connu.",
    # statistical secrecy
    "artisanat.secret.note": (
        "« s » : secret statistique. Un chiffre portant sur 1 à {last} établissements n'est pas affiché, ni les "
        "chiffres qui permettraient de le retrouver par différence avec un total."
    ),
    # navigation (app.py)
    "nav.section.observatory": "Observatoire",
    "nav.page.artisanat": "Observatoire de l'artisanat",
    # charts (dashboard/charts/artisanat.py)
    "artisanat.chart.no_data": "Aucune donnée de l'artisanat pour ce choix",
    "artisanat.chart.secret_count_one": "« s » : {count} valeur masquée par le secret statistique",
    "artisanat.chart.secret_count": "« s » : {count} valeurs masquées par le secret statistique",
    "artisanat.chart.families.title": "{measure} par famille, {year}",
    "artisanat.chart.series.title": "{measure} : évolution par famille",
    "artisanat.chart.map.title": "{measure} par commune, {year}",
    "artisanat.chart.map.secret": "« s » : secret statistique",
    "artisanat.chart.map.no_value": "« – » : sans valeur",
    "artisanat.chart.comparison.title": "{measure} ({family}) : comparaison des territoires",
    "artisanat.chart.ranking.title": "{measure} : les {top} premières communes, {year}",
    # page (pages/artisanat.py)
    "artisanat.page.empty_db": (
        "Aucune donnée de l'artisanat : la base est vide. Importez les statistiques de la CMA (modèle "
        "« artisan_stats ») ou un extrait du registre des entreprises depuis la page Import et export (ou avec "
        "« python -m dashboard import-register FICHIER »), ou construisez la base de démonstration :"
    ),
    "artisanat.page.no_stats": (
        "Aucune donnée de l'artisanat pour {territory}. Choisissez un autre territoire dans le menu latéral, ou "
        "importez les statistiques de ce territoire."
    ),
    "artisanat.page.intro": (
        "Statistiques de l'artisanat par commune, année et famille de métiers ({source}). Les établissements "
        "sont comptés au 1er janvier ; immatriculations et radiations pendant l'année."
    ),
    "artisanat.page.year_note": (
        "Pas de statistiques de l'artisanat pour {wanted} : l'observatoire affiche {shown}, dernière année "
        "disponible avant celle-ci."
    ),
    "artisanat.page.year_note_after": (
        "Pas de statistiques de l'artisanat pour {wanted} : l'observatoire affiche {shown}, première année disponible."
    ),
    "artisanat.page.measure": "Indicateur",
    "artisanat.page.family": "Famille de métiers",
    "artisanat.page.threshold": "Seuil du secret statistique",
    "artisanat.page.threshold.help": (
        "Un chiffre portant sur moins d'établissements que ce seuil est masqué (« s »), ainsi que les chiffres "
        "qui permettraient de le retrouver par différence. 3 est la règle usuelle des statistiques d'entreprises ; "
        "1 n'en masque aucun (usage interne seulement)."
    ),
    "artisanat.page.secret.none": "Seuil 1 : aucun chiffre n'est masqué. Ne pas diffuser ces tableaux.",
    "artisanat.page.secret.threshold": "Seuil appliqué : {threshold} établissements.",
    "artisanat.page.tab.profile": "Profil du territoire",
    "artisanat.page.tab.families": "Familles de métiers",
    "artisanat.page.tab.series": "Évolution",
    "artisanat.page.tab.map": "Carte des communes",
    "artisanat.page.tab.comparison": "Comparaison",
    "artisanat.page.tab.ranking": "Classement des communes",
    "artisanat.page.tab.targeting": "Qui visiter ?",
    "artisanat.page.kpi.change": "Sur un an : {one} · sur cinq ans : {five}",
    "artisanat.page.kpi.change_relative": "{change} ({relative})",
    "artisanat.page.kpi.no_change": "–",
    "artisanat.page.kpi.label.density": "Densité pour 10 000 hab.",
    "artisanat.page.kpi.points": "{change}\u00a0pt",
    "artisanat.page.families.section": "Répartition par famille de métiers",
    "artisanat.page.series.section": "Évolution",
    "artisanat.page.table.family": "Famille",
    "artisanat.page.table.year": "Année",
    "artisanat.page.table.commune": "Commune",
    "artisanat.page.table.code": "Code INSEE",
    "artisanat.page.table.territory": "Territoire",
    "artisanat.page.table.rank": "Rang",
    "artisanat.page.table.population": "Population",
    "artisanat.page.series.table": "Tableau de la série",
    "artisanat.page.map.caption": (
        "{count} communes. Les communes en gris clair ont un chiffre masqué par le secret statistique (« s ») ; "
        "en blanc, une commune sans valeur (par exemple sans établissement pour un taux). Survolez une commune "
        "pour lire sa valeur."
    ),
    "artisanat.page.map.table": "Tableau des communes",
    "artisanat.page.comparison.references": "Territoires de référence",
    "artisanat.page.comparison.help": (
        "Le département, la région et la France (quand toutes les régions ont des statistiques) du territoire."
    ),
    "artisanat.page.comparison.none": "Aucun territoire de référence avec des statistiques de l'artisanat.",
    "artisanat.page.ranking.caption": (
        "Les communes dont la valeur est masquée (« s ») ne sont pas classées : leur rang permettrait d'encadrer "
        "le chiffre masqué."
    ),
    "artisanat.page.download.csv": "Télécharger (CSV)",
    "artisanat.page.download.xlsx": "Télécharger (XLSX)",
    "artisanat.page.source": "{sources}",
    "artisanat.page.period.series": "{first}–{last}",
    # who to visit (dashboard/artisanat/targeting.py)
    "targeting.placeholder": "Choisir…",
    "targeting.intro": (
        "Établissements artisanaux du registre qui répondent aux critères choisis, actifs au {date}, pour préparer "
        "des visites et des diagnostics de flux."
    ),
    "targeting.no_register": (
        "Aucune donnée d'établissement : la liste « Qui visiter ? » se construit à partir d'un extrait du "
        "registre des entreprises (un établissement par ligne : identifiant, code NAF, commune, dates de création "
        "et de fermeture, tranche d'effectif, âge du dirigeant) : importez-le depuis la page Import et export, ou "
        "avec « python -m dashboard import-register FICHIER »."
    ),
    "targeting.no_register_here": (
        "Le registre des établissements ne couvre pas {territory}. Choisissez un autre périmètre (la liste couvre "
        "les territoires dont un extrait du registre a été importé)."
    ),
    "targeting.perimeter": "Périmètre",
    "targeting.perimeter.help": (
        "Le territoire choisi dans le menu latéral, ou une zone d'activités ou un périmètre de démarche."
    ),
    "targeting.families": "Familles de métiers (toutes si vide)",
    "targeting.reusable": "Secteurs à flux valorisables connus",
    "targeting.reusable.help": (
        "Métiers qui produisent habituellement des flux que les démarches d'EIT savent valoriser (biodéchets, "
        "cartons, palettes, bois, métaux, inertes, DEEE, chaleur…), d'après la table de correspondance NAF → "
        "flux de data/reference/naf_flows.csv."
    ),
    "targeting.categories": "Flux recherchés (tous si vide)",
    "targeting.owners_55": "Dirigeant de 55 ans ou plus (transmission)",
    "targeting.recent": "Créations récentes",
    "targeting.recent_years": "Créés depuis (années)",
    "targeting.count": "{count} établissements correspondent aux critères.",
    "targeting.count_one": "{count} établissement correspond aux critères.",
    "targeting.count_vs_profile": (
        "Établissements ouverts au {date} selon le registre ; le profil compte le stock au 1er janvier {year} "
        "({stock}) : l'écart vient des immatriculations et radiations depuis."
    ),
    "targeting.none": "Aucun établissement ne correspond à ces critères.",
    "targeting.sectors": "Par métier",
    "targeting.show_list": "Afficher la liste des établissements (usage interne, pas en COPIL)",
    "targeting.show_list.help": (
        "La liste nomme des établissements : elle sert à préparer les visites et ne doit pas être projetée en "
        "comité de pilotage."
    ),
    "targeting.list.caption": (
        "Sélectionnez des lignes pour ne transmettre que celles-ci ; sans sélection, toute la liste est transmise."
    ),
    "targeting.handover": "Transmettre au registre des diagnostics ({count})",
    "targeting.handover.help": (
        "Ajoute les établissements au tableau des entreprises comme entreprises à diagnostiquer (en une seule "
        "opération ; celles déjà présentes ne sont pas ajoutées une seconde fois)."
    ),
    "targeting.handover.done": "{added} entreprises ajoutées au registre des diagnostics ; {skipped} déjà présentes.",
    "targeting.handover.log": "Liste « Qui visiter ? » de l'observatoire de l'artisanat",
    "targeting.download.template": "Télécharger au format du modèle « companies.csv »",
    "targeting.download.template.help": (
        "Le fichier a exactement les colonnes du modèle d'import des entreprises : il peut être complété (nom, "
        "coordonnées) puis importé depuis la page Import et export."
    ),
    "targeting.reason.flows": "flux valorisables connus",
    "targeting.reason.owner_55": "dirigeant de 55 ans ou plus",
    "targeting.reason.recent": "création récente",
    "targeting.company_name": "{sector} – {commune} ({id})",
    "targeting.company_name_demo": "{name} (démo)",
    "targeting.col.id": "Identifiant",
    "targeting.col.naf": "Code NAF",
    "targeting.col.sector": "Métier",
    "targeting.col.family": "Famille",
    "targeting.col.commune": "Commune",
    "targeting.col.created": "Création",
    "targeting.col.employees": "Effectif salarié",
    "targeting.col.owner_age": "Âge du dirigeant",
    "targeting.col.flows": "Flux valorisables connus",
    "targeting.col.reasons": "Pourquoi",
    "targeting.col.handed_over": "Déjà au registre des diagnostics",
    "targeting.col.establishments": "Établissements",
    "targeting.col.owners_55": "Dont dirigeant de 55 ans ou plus",
    # command line: python -m dashboard import-register (dashboard/__main__.py)
    "cli.help.import_register": (
        "importer un extrait du registre des entreprises (un établissement par ligne) : statistiques de "
        "l'artisanat par commune, année et famille, et liste des établissements (tout ou rien)"
    ),
    "cli.help.register_file": (
        "fichier .csv (point-virgule, UTF-8) : identifiant, code_naf, code_commune, date_creation, "
        "date_fermeture, tranche_effectifs, tranche_age_dirigeant, dirigeant_femme"
    ),
    "cli.help.register_replace": (
        "remplacer les statistiques et établissements déjà présents pour les communes et années de l'extrait"
    ),
    "cli.register.missing": "Le fichier {file} n'existe pas.",
    # register extract (establishment level) -> aggregates
    "artisanat.register.source": "Registre des entreprises, extrait « {file} »",
    "artisanat.register.error.missing_column": "colonne obligatoire « {column} » absente. Colonnes attendues : {expected}.",
    "artisanat.register.error.unknown_column": (
        "colonne « {column} » inconnue (faute de frappe ?). Renommez-la ou supprimez-la. Colonnes attendues : "
        "{expected}."
    ),
    "artisanat.register.error.empty": "le fichier ne contient aucun établissement (seulement les noms de colonnes).",
    "artisanat.register.error.required": "valeur obligatoire manquante : renseignez « {column} ».",
    "artisanat.register.error.duplicate_id": (
        "l'identifiant « {value} » figure déjà plus haut dans le fichier : chaque établissement ne doit apparaître "
        "qu'une fois."
    ),
    "artisanat.register.error.date": (
        "« {value} » n'est pas une date valide. Écrivez la date au format JJ/MM/AAAA (ou AAAA-MM-JJ, comme le "
        "fichier national), par exemple 15/03/2024."
    ),
    "artisanat.register.error.commune_form": (
        "« {value} » n'est pas un code commune INSEE (5 caractères, par exemple 41269 ; attention au 0 initial que "
        "les tableurs suppriment)."
    ),
    "artisanat.register.error.unknown_commune": (
        "le code commune « {value} » n'existe pas dans le référentiel géographique de la base. Vérifiez le code, "
        "ou retirez de l'extrait les établissements situés hors du territoire couvert."
    ),
    "artisanat.register.error.band": (
        "« {value} » n'est pas une tranche d'effectif salarié. Valeurs possibles : {allowed} ; ou les codes INSEE "
        "NN, 00, 01, 02, 03, 11, 12, 21 à 53."
    ),
    "artisanat.register.error.bool": "« {value} » n'est ni « oui » ni « non ».",
    "artisanat.register.error.naf": (
        "« {value} » n'est pas un code NAF (forme attendue : deux chiffres, point, deux chiffres et une lettre, "
        "par exemple 10.71C)."
    ),
    "artisanat.register.error.closure_before_creation": (
        "la date de fermeture ({closure}) est antérieure à la date de création ({creation})."
    ),
    "artisanat.register.error.owner_band": "« {value} » n'est pas une tranche d'âge de dirigeant. Valeurs possibles : {allowed}.",
    "artisanat.register.error.no_artisan": (
        "aucun établissement de l'extrait n'a un code NAF des métiers de l'artisanat : il n'y a rien à agréger."
    ),
    "artisanat.register.error.no_year": (
        "aucune année entre {first} et {last} à calculer : vérifiez les dates de l'extrait ou les années demandées."
    ),
    "artisanat.register.error.existing_stats": (
        "la base contient déjà des statistiques de l'artisanat pour {count} combinaisons commune × année × famille "
        "de cet extrait (par exemple {example}). Choisissez de les remplacer, ou retirez ces années de l'import."
    ),
    "artisanat.register.error.existing_establishments": (
        "{count} établissements de cet extrait sont déjà dans la base (par exemple {example}). Choisissez de les "
        "remplacer, ou retirez-les de l'extrait."
    ),
    "artisanat.register.summary": (
        "{kept} établissements artisanaux agrégés en {rows} lignes (commune × année × famille, {first}–{last}) ; "
        "{dropped} établissements hors artisanat écartés."
    ),
}
