"""The entry sections the pages call in one line each: which fields and pick-lists each record's form shows.

Each section is an expander with a record picker ("Nouvelle fiche" or an existing record of the territory),
the form (dashboard.ui.forms.record_editor), the record's history and, for archivable records, the archived
ones to bring back. A closed section is not run (dashboard.ui.lazy): its pick-lists (every commune, every
perimeter) and grids cost every page load although most visits never open them.

An open section runs its form in a fragment (`st.fragment`): a field typed or chosen, a row added, a record
picked runs that form again, not the page's figures and charts (the page took 0,4–1,5 s a field; the form alone
a fraction of it). A successful save runs the whole page, so that its figures count the record
(dashboard.ui.forms `_rerun_page`).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from dashboard.codes import RecordEntity, SynergyStatus
from dashboard.db import Database
from dashboard.i18n import fmt_number, t
from dashboard.records import lookups
from dashboard.records.checks import as_cell
from dashboard.ui.cache import cached
from dashboard.ui.forms import FormLayout, archived_list, commune_choices, record_editor, record_picker
from dashboard.ui.lazy import entry_section
from dashboard.ui.locked import unexpected_errors_explained


def _in_section(entity: str, icon: str, form: Callable[..., None], *args: Any, key: str | None = None) -> None:
    """The lazy entry section `records.section.<entity>` (dashboard.ui.lazy) holding `form`, a fragment."""
    section = entry_section(t(f"records.section.{entity}"), key=key or f"records.section.{entity}", icon=icon)
    if section is not None:
        with section:
            form(*args)


def _fragment(form: Callable[..., None]) -> Callable[..., None]:
    """`form` as a fragment whose errors are explained in French as a page's are: app.py's guard
    (dashboard.ui.locked) surrounds the page's run, not a fragment's run alone."""

    @functools.wraps(form)  # a fragment is known by its function's name and its place
    def guarded(*args: Any) -> None:
        with unexpected_errors_explained():
            form(*args)

    return st.fragment(guarded)


def _entry_form(entity: str, icon: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """A page's entry section for `entity`: the decorated function draws the form, run as a fragment inside
    the section (`_in_section`)."""

    def wrap(form: Callable[..., None]) -> Callable[..., None]:
        fragment = _fragment(form)

        @functools.wraps(form)
        def section(*args: Any) -> None:
            _in_section(entity, icon, fragment, *args)

        return section

    return wrap


def _pick(db: Database, entity: RecordEntity, names: dict[str, str], key: str) -> str | None:
    archived = archived_list(db, entity)
    return archived or record_picker(entity, names, key=key)


@_entry_form("company", ":material/domain_add:")
def company_section(db: Database, territory_id: str) -> None:
    names = cached(lookups.companies, territory_id)
    record_id = _pick(db, RecordEntity.COMPANY, names, "records.pick.company")
    communes = commune_choices(db, territory_id, key=f"records.commune.search.{record_id or 'new'}")
    layout = FormLayout(
        fields=(
            "nom",
            "siret",
            "code_naf",
            "famille",
            "effectif",
            "code_commune",
            "zone_activites",
            "longitude",
            "latitude",
        ),
        choices={"code_commune": communes},
    )
    record_editor(db, RecordEntity.COMPANY, record_id, layout, title=lambda r: names.get(r, r))


@_entry_form("diagnostic", ":material/assignment_add:")
def diagnostic_section(db: Database, territory_id: str) -> None:
    names = cached(lookups.diagnostics, territory_id)
    record_id = _pick(db, RecordEntity.DIAGNOSTIC, names, "records.pick.diagnostic")
    layout = FormLayout(
        fields=("entreprise", "date_diagnostic", "type", "demarche", "organisme_conseiller"),
        choices={
            "entreprise": cached(lookups.companies, territory_id),
            "demarche": cached(lookups.programmes),
            "organisme_conseiller": cached(lookups.organisations),
        },
        parts={"flows": ("sens", "categorie", "description", "quantite", "unite", "frequence")},
        part_choices={"flows": {"categorie": cached(lookups.categories), "unite": cached(lookups.units)}},
        defaults={"date_diagnostic": as_cell(dt.date.today())},
    )
    record_editor(db, RecordEntity.DIAGNOSTIC, record_id, layout)


@_entry_form("synergy", ":material/share:")
def synergy_section(db: Database, territory_id: str) -> None:
    names = cached(lookups.synergies, territory_id)
    record_id = _pick(db, RecordEntity.SYNERGY, names, "records.pick.synergy")
    companies = cached(lookups.companies, territory_id)
    layout = FormLayout(
        fields=("titre", "type", "categorie", "territoire", "demarche", "source", "description"),
        choices={
            "categorie": cached(lookups.categories),
            "territoire": cached(lookups.territories, territory_id),
            "demarche": cached(lookups.programmes),
        },
        parts={
            "synergy_status_events": ("statut", "date", "motif_abandon", "commentaire"),
            "synergy_participants": ("entreprise", "role"),
            "synergy_impacts": ("impact", "valeur", "nature_valeur", "source", "date_valeur"),
        },
        part_choices={"synergy_participants": {"entreprise": companies}},
        defaults={"territoire": territory_id},
        part_defaults={
            "synergy_status_events": [{"statut": SynergyStatus.IDENTIFIED.value, "date": as_cell(dt.date.today())}]
        },
    )
    record_editor(db, RecordEntity.SYNERGY, record_id, layout, title=lambda r: names.get(r, r))


@_entry_form("event", ":material/groups:")
def event_section(db: Database, territory_id: str) -> None:
    names = cached(lookups.events, territory_id)
    record_id = _pick(db, RecordEntity.EVENT, names, "records.pick.event")
    layout = FormLayout(
        fields=(
            "type",
            "date",
            "titre",
            "theme",
            "territoire",
            "demarche",
            "participants",
            "entreprises_presentes",
        ),
        choices={"territoire": cached(lookups.territories, territory_id), "demarche": cached(lookups.programmes)},
        parts={"event_participants": ("entreprise",)},
        part_choices={"event_participants": {"entreprise": cached(lookups.companies, territory_id)}},
        defaults={"territoire": territory_id, "date": as_cell(dt.date.today())},
    )
    record_editor(db, RecordEntity.EVENT, record_id, layout, title=lambda r: names.get(r, r))


def realisation_section(db: Database, convention_id: str) -> None:
    """Declare what was done for an action of a convention (quantity, date, evidence)."""
    _in_section(
        "convention_action",
        ":material/task_alt:",
        _realisation_form,
        db,
        convention_id,
        key=f"records.section.convention_action.{convention_id}",
    )


@_fragment
def _realisation_form(db: Database, convention_id: str) -> None:
    names = cached(lookups.convention_actions, convention_id)
    if not names:
        return
    record_id = st.selectbox(
        t("records.field.code_action"),
        list(names),
        format_func=names.__getitem__,
        key=f"records.pick.{convention_id}",
    )
    layout = FormLayout(fields=("quantite_realisee", "date_realisation", "justificatif_realisation"))
    record_editor(db, RecordEntity.CONVENTION_ACTION, record_id, layout, title=lambda r: names.get(r, r))


@_entry_form("programme", ":material/flag:")
def programme_section(db: Database) -> None:
    names = cached(lookups.programmes)
    record_id = record_picker(RecordEntity.PROGRAMME, names, key="records.pick.programme")
    layout = FormLayout(
        fields=(
            "nom",
            "porteur",
            "perimetre",
            "date_debut",
            "date_fin",
            "budget_eur",
            "etp",
            "source",
            "description",
        ),
        choices={"porteur": cached(lookups.organisations), "perimetre": cached(lookups.perimeters)},
        parts={"programme_key_figures": ("code_chiffre", "libelle", "valeur", "unite", "source")},
    )
    record_editor(db, RecordEntity.PROGRAMME, record_id, layout, title=lambda r: names.get(r, r))


@_entry_form("sa_response", ":material/checklist:")
def self_assessment_section(db: Database, territory_id: str, questionnaire_id: str) -> None:
    """An actor answers the questionnaire: points per question, scores per theme /5 as on the page."""
    names = cached(lookups.sa_responses, territory_id, questionnaire_id)
    record_id = _pick(db, RecordEntity.SA_RESPONSE, names, "records.pick.sa")
    questions = cached(lookups.questions, questionnaire_id)
    texts = {code: t("records.sa.points", text=f"{code} – {text}", max=points) for code, _, text, points in questions}
    layout = FormLayout(
        fields=("entreprise", "date_reponse"),
        choices={"entreprise": cached(lookups.companies, territory_id)},
        parts={"sa_answers": ("question", "points")},
        part_choices={"sa_answers": {"question": texts}},
        defaults={"questionnaire": questionnaire_id, "date_reponse": as_cell(dt.date.today())},
        part_defaults={"sa_answers": [{"question": code, "points": ""} for code, _, _, _ in questions]},
        fixed_rows=("sa_answers",),
    )
    record_editor(db, RecordEntity.SA_RESPONSE, record_id, layout, title=lambda r: names.get(r, r))
    if record_id is not None:
        scores = cached(lookups.response_scores, record_id)
        if not scores.empty:
            st.markdown(f"**{t('records.sa.scores')}**")
            st.dataframe(
                pd.DataFrame(
                    {
                        t("records.sa.col.theme"): scores["label"],
                        t("records.sa.col.score"): scores["score"].map(lambda v: fmt_number(v, 1)),
                    }
                ),
                hide_index=True,
            )


def registers_entry(db: Database, territory_id: str) -> None:
    """Entreprises et diagnostics: enter or correct a company, a diagnostic and its flows."""
    st.subheader(t("records.section.entry"))
    company_section(db, territory_id)
    diagnostic_section(db, territory_id)


def synergies_entry(db: Database, territory_id: str) -> None:
    """Synergies: enter or correct a synergy, a workshop or meeting."""
    st.subheader(t("records.section.entry"))
    synergy_section(db, territory_id)
    event_section(db, territory_id)
