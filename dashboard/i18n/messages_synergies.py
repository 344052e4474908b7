"""Messages of the "Entreprises et synergies" section: registers (companies, diagnostics, flows, company sheet),
flow nomenclature and compatibility table, synergies (list, detail, funnel, types per year, impacts)."""

MESSAGES: dict[str, str] = {
    "nav.section.companies": "Entreprises et synergies",
    "nav.page.companies": "Entreprises et diagnostics",
    "nav.page.synergies": "Synergies",
    "registers.anonymous_prefix": "Entreprise n° ",
}
