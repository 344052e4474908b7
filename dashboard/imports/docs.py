"""Template files generated from the specs: one CSV per entity, one workbook, and their French documentation."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from dashboard.i18n import CODE_LABELS
from dashboard.imports.templates import TEMPLATES, Column, Template

WORKBOOK_NAME = "modeles.xlsx"
README_NAME = "README.md"


def _example_frame(template: Template) -> pd.DataFrame:
    return pd.DataFrame([{column.header: column.example for column in template.columns}])


def _allowed(column: Column) -> str:
    if column.enum is not None:
        return ", ".join(f"`{m.value}` ({CODE_LABELS[(column.enum, m.value)]})" for m in column.enum)
    if column.reference is not None:
        return f"un identifiant de {column.reference.label} existant"
    return ""


def _kind_label(column: Column) -> str:
    return {"text": "texte", "int": "nombre entier", "decimal": "nombre (virgule décimale)", "date": "date JJ/MM/AAAA",
            "bool": "oui / non", "code": "code"}[column.kind]  # fmt: skip


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
        "(`python -m dashboard import-workbook modeles.xlsx` pour un classeur).",
        "",
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
        lines += ["", f"Clé (chaque ligne unique) : {', '.join(f'`{h}`' for h in template.key)}.", ""]
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
