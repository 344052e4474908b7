"""Messages of the demo database build."""

MESSAGES: dict[str, str] = {
    "demo.progress.geography": "Lecture du référentiel géographique (communes, intercommunalités, départements, régions)…",
    "demo.progress.write_geography": "Enregistrement des territoires et de leurs contours…",
    "demo.progress.reference": "Chargement des nomenclatures (flux, unités, indicateurs, auto-évaluation)…",
    "demo.progress.seeds": "Chargement des chiffres réels des documents sources (Vendômois, CDCMC, recueil PACA)…",
    "demo.progress.records": "Génération des entreprises, diagnostics, flux, synergies et événements de démonstration…",
    "demo.progress.artisans": "Génération des statistiques de l'artisanat par commune (2018–2026)…",
    "demo.progress.finish": "Finalisation de la base…",
    "demo.progress.done": "Base de démonstration prête.",
}
