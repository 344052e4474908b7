"""Template files generated from the specs: one CSV per entity, one workbook, and their French documentation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.i18n import CODE_LABELS, fmt_number, t
from dashboard.imports.templates import LOAD_ORDER, MAX_EUR, TEMPLATES, Column, Template

WORKBOOK_NAME = "modeles.xlsx"  # the workbook of every template, one sheet each (French name: users see it)
README_NAME = "README.md"  # rendered by the code forge next to the templates


def _example_frame(template: Template) -> pd.DataFrame:
    return pd.DataFrame([{column.header: column.example for column in template.columns}])


def _allowed(column: Column) -> str:
    """Allowed values of a column in words: codes with labels, bounds, form, referenced rows, uniqueness."""
    parts = []
    if column.enum is not None:
        parts.append(", ".join(f"`{code}` ({CODE_LABELS[(column.enum, code)]})" for code in column.allowed_codes()))
    if column.minimum is not None:
        parts.append(f"≥ {fmt_number(column.minimum, 0)}")
    if column.maximum is not None and column.maximum < MAX_EUR:
        parts.append(f"≤ {fmt_number(column.maximum, 0)}")
    if column.pattern_hint:
        parts.append(f"de la forme `{column.pattern_hint}`")
    if column.reference is not None:
        parts.append(f"doit exister : {column.reference.label} (dans la base ou dans le même import)")
    if column.unique:
        parts.append("unique")
    if column.default is not None:
        parts.append(f"vide = {column.default}")
    return " ; ".join(parts)


def _kind_label(column: Column) -> str:
    return {
        "text": "texte",
        "int": "nombre entier",
        "decimal": "nombre (virgule décimale)",
        "date": "date JJ/MM/AAAA",
        "bool": "oui / non",
        "code": "code",
    }[column.kind]


# Rules that hold for every template, stated once at the top of the documentation.
GENERAL_RULES = (
    "## Règles communes",
    "",
    "- **Fichier** : CSV, colonnes séparées par des points-virgules (ou des tabulations) ; encodage UTF-8 (« CSV"
    " UTF-8 »), Windows-1252 (« CSV (séparateur : point-virgule) » d'Excel) ou UTF-16 (« Texte Unicode ») : l'encodage"
    " lu est indiqué ; ou classeur `.xlsx`. Les noms de colonnes ci-dessous peuvent être précédés d'une ligne de"
    " titre ; majuscules, accents et espaces sont tolérés (« Code commune » vaut `code_commune`), ainsi que les"
    " intitulés usuels (« Code INSEE », « Raison sociale », « N° SIRET », « Code APE »). Les autres colonnes sont"
    " ignorées et listées ; les colonnes facultatives peuvent être omises. Une ligne de total est refusée.",
    "- **Nombres** : virgule décimale et espaces entre milliers (`1 234,5`) ; points entre milliers avec une virgule"
    " décimale (`12.874,00`) ; point décimal (`1234.5`). Un nombre comme `1.500` (un point suivi de trois chiffres,"
    " sans virgule) est ambigu : il n'est lu que si les autres valeurs de la colonne montrent la convention"
    " (`12.874,00` : points entre milliers ; `2.25` : point décimal), sinon il est refusé. Une valeur en pourcentage"
    " (`12 %`, ou une cellule Excel au format Pourcentage) n'est acceptée que pour un indicateur en %, et vaut 12.",
    "- **Dates** : `JJ/MM/AAAA` (`15/03/2024`) ou `AAAA-MM-JJ` ; les cellules date d'Excel sont reconnues.",
    "- **Codes** : le code (`yearly`) ou son libellé français (`Annuel`), sans distinction de majuscules ni d'accents.",
    "- **Codes commune** : code INSEE à 5 caractères (`41269`, `2A004` ; `2a004` est lu `2A004`) ; mettez la colonne"
    " au format Texte pour garder le 0 initial (`01053`). Un code postal est refusé en nommant les communes qu'il"
    " dessert ; le code d'une ancienne commune, en nommant celle qui l'a absorbée. Un code qui est à la fois le code"
    " INSEE d'une commune et le code postal d'autres (`41100`) n'est lu que si la colonne contient aussi des codes"
    " INSEE sans ambiguïté, ou si une colonne « commune » donne le nom de la commune.",
    "- **SIRET** : 14 chiffres dont le dernier est une clé de contrôle (formule de Luhn ; règle propre à La Poste"
    " pour ses établissements) : un SIRET mal recopié est refusé.",
    "- **Cellules fusionnées** (classeur) : fusionnées sur plusieurs lignes d'une colonne, leur valeur vaut pour"
    " chaque ligne ; fusionnées sur plusieurs colonnes, elles sont refusées.",
    "- **Identifiants** : choisis par vous, uniques et stables ; les autres fichiers y font référence (une entreprise"
    " doit exister, dans la base ou dans le même classeur, avant ses diagnostics et ses flux).",
    "- **Ordre d'import d'un classeur** : " + ", ".join(f"`{entity}`" for entity in LOAD_ORDER) + ".",
    "",
)


def columns_frame(template: Template) -> pd.DataFrame:
    """The template's columns documented as a table (French headers), e.g. for the data page."""
    return pd.DataFrame(
        {
            t("data.templates.col.header"): [column.header for column in template.columns],
            t("data.templates.col.description"): [column.description for column in template.columns],
            t("data.templates.col.kind"): [_kind_label(column) for column in template.columns],
            t("data.templates.col.required"): [
                t("data.templates.yes") if column.required else t("data.templates.no") for column in template.columns
            ],
            t("data.templates.col.allowed"): [_allowed(column).replace("`", "") for column in template.columns],
        }
    )


def readme_text() -> str:
    lines = [
        "# Modèles d'import",
        "",
        "Un fichier CSV par type de données (séparateur point-virgule, encodage UTF-8, comme « CSV UTF-8 » d'Excel),",
        f"ou le classeur `{WORKBOOK_NAME}` (un onglet par type de données). Chaque modèle contient une ligne d'exemple",
        "à remplacer. L'import est « tout ou rien » : au moindre problème, rien n'est enregistré et la liste complète",
        "des corrections à faire (fichier, ligne, colonne) est affichée.",
        "",
        "Importer : page « Import et export » du tableau de bord, ou `python -m dashboard import <type> <fichier>`",
        "(`python -m dashboard import-workbook modeles.xlsx` pour un classeur ; `python -m dashboard import-files",
        "companies.csv flows.csv` pour plusieurs fichiers nommés comme leur modèle, importés ensemble, tout ou rien).",
        "Exporter au même format : page « Import et export » (limité au territoire et à la période affichés), ou",
        "`python -m dashboard export <type> <fichier.csv|fichier.xlsx> [--territoire epci:200072072] [--annee 2025]`.",
        "Un export porte des en-têtes et des libellés en français (« Date début », « Sortant »), un nom de fichier qui",
        "dit quoi, où et quand (`entreprises_ca-territoires-vendomois_2025.csv`) et sa source : première ligne du CSV",
        "(« Source : Observatoire territorial EIT — données au … — territoire : … »), onglet « À propos » du classeur.",
        "L'import relit tout cela tel quel : un export corrigé se réimporte sans retouche. Les modèles sont générés",
        "par `python -m dashboard templates` à partir de `dashboard/imports/templates.py`.",
        "",
        *GENERAL_RULES,
    ]
    for template in TEMPLATES:
        lines += [
            f"## {template.title} — `{template.entity}.csv`",
            "",
            "| Colonne | Contenu | Type | Obligatoire | Valeurs possibles |",
            "|---|---|---|---|---|",
        ]
        for column in template.columns:
            lines.append(
                f"| `{column.header}` | {column.description} | {_kind_label(column)} | {'oui' if column.required else 'non'} | {_allowed(column)} |"
            )
        lines += ["", f"Clé (chaque ligne unique) : {', '.join(f'`{h}`' for h in template.key)}."]
        for headers in template.unique_together:
            lines.append(f"Combinaison unique : {', '.join(f'`{h}`' for h in headers)}.")
        lines.append("")
    return "\n".join(lines)


def write_templates(directory: Path) -> list[Path]:
    """Write every template CSV, the workbook and the README into `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for template in TEMPLATES:
        path = directory / f"{template.entity}.csv"
        _example_frame(template).to_csv(path, sep=";", index=False, encoding="utf-8-sig")
        written.append(path)
    workbook = directory / WORKBOOK_NAME
    with pd.ExcelWriter(workbook, engine="openpyxl") as writer:
        intro = pd.DataFrame({"Lisez-moi": readme_text().splitlines()})
        intro.to_excel(writer, sheet_name="Lisez-moi", index=False)
        for template in TEMPLATES:
            _example_frame(template).to_excel(writer, sheet_name=template.entity, index=False)
    written.append(workbook)
    readme = directory / README_NAME
    readme.write_text(readme_text() + "\n", encoding="utf-8")
    written.append(readme)
    return written
