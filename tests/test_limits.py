"""Production limits: numbers out of range (1e400 reads as infinity) and over-long texts are refused by name, in
imports, in the indicator entry form, in a dismissal's comment and in an account's name and e-mail, never taken for
an empty cell."""

from __future__ import annotations

import datetime as dt

import pytest

from dashboard.auth import Grant, Role
from dashboard.auth.store import AccountError, NewAccount, create_user, ensure_tables
from dashboard.codes import ScopeType, ValueKind
from dashboard.db import Database
from dashboard.detection import dismiss_proposal
from dashboard.imports import TEMPLATES_BY_ENTITY
from dashboard.imports.reader import read_csv_bytes
from dashboard.imports.validation import validate
from dashboard.indicators.entry import Entry
from dashboard.indicators.entry import validate as validate_entry
from dashboard.indicators.values import catalogue
from dashboard.limits import MAX_TEXT_CHARS, TextTooLongError
from dashboard.reference_data import load_reference_data

HEADER = "identifiant;nom;famille;effectif;code_commune;latitude;longitude;zone_activites\n"


def test_imported_numbers_out_of_range_and_long_texts_are_named(geo_db: Database):
    rows = [
        "E-1;Atelier;Fabrication;1-9;41269;1e400;1,5;ZA",  # infinite once read
        "E-2;Garage;Services;1-9;41269;47,8;-1e400;ZA",
        f"E-3;{'n' * (MAX_TEXT_CHARS + 1)};Services;1-9;41269;47,8;1,5;ZA",
        f"E-4;Forge;Services;1-9;41269;47,8;1,5;{'z' * MAX_TEXT_CHARS}",  # at the limit: accepted
    ]
    text = HEADER + "\n".join(rows) + "\n"
    _, problems = validate(TEMPLATES_BY_ENTITY["companies"], read_csv_bytes(text.encode(), "f.csv"), geo_db)
    found = [(p.row, p.column, p.message) for p in problems]
    assert [(row, column) for row, column, _ in found] == [(2, "latitude"), (3, "longitude"), (4, "nom")]
    assert found[0][2].startswith("« 1e400 » : nombre hors limites (au plus 1\u202f000")
    assert found[1][2].startswith("« -1e400 » : nombre hors limites")
    assert found[2][2] == "texte trop long pour « nom » : 5\u202f000 caractères au plus."
    assert "vide" not in " ".join(message for _, _, message in found)


def test_entry_form_refuses_an_infinite_value_and_a_long_comment(geo_db: Database):
    with geo_db.transaction() as cursor:
        load_reference_data(cursor)
    definition = next(d for d in catalogue(geo_db) if d.code == "fte_dedicated")
    entry = Entry(
        indicator_code="fte_dedicated",
        scope_type=ScopeType.TERRITORY,
        scope_id="epci:200072072",
        year=2022,
        quarter=0,
        value_kind=ValueKind.TARGET,
        value=float("1e400"),
        source="Rapport",
        comment="c" * (MAX_TEXT_CHARS + 1),
    )
    problems = validate_entry(entry, definition, dt.date(2022, 11, 30))
    assert len(problems) == 2
    assert "nombre hors limites" in problems[0] and "vide" not in problems[0]
    assert problems[1] == "texte trop long pour « commentaire » : 5\u202f000 caractères au plus."


def test_a_dismissal_comment_over_the_limit_is_refused_and_nothing_written(geo_db: Database):
    """The detection page's comment (the browser stops typing at the limit, `max_chars`; the core refuses a longer
    one sent another way): refused by name, no dismissal and no audit line; at the limit it is kept whole."""
    with pytest.raises(TextTooLongError) as refused:
        dismiss_proposal(geo_db, "piste-longue", "c" * (MAX_TEXT_CHARS + 1))
    assert str(refused.value) == "texte trop long pour « commentaire » : 5\u202f000 caractères au plus."
    assert geo_db.query_value("SELECT count(*) FROM synergy_dismissal") == 0
    assert geo_db.query_value("SELECT count(*) FROM audit_event") == 0
    dismiss_proposal(geo_db, "piste-longue", "c" * MAX_TEXT_CHARS)
    assert len(geo_db.query_value("SELECT comment FROM synergy_dismissal WHERE proposal_key = 'piste-longue'")) == (
        MAX_TEXT_CHARS
    )


def test_an_account_name_or_email_over_the_limit_is_refused_by_name(geo_db: Database):
    ensure_tables(geo_db)
    account = NewAccount("agent.long", "n" * (MAX_TEXT_CHARS + 1), (Grant(Role.ADMINISTRATOR),),
                         password="Agent-Long-2026", email="a" * MAX_TEXT_CHARS + "@exemple.fr")  # fmt: skip
    with pytest.raises(AccountError) as refused:
        create_user(geo_db, account, None)
    assert refused.value.problems == [
        "texte trop long pour « nom affiché » : 5\u202f000 caractères au plus.",
        "texte trop long pour « adresse électronique » : 5\u202f000 caractères au plus.",
    ]
    assert geo_db.query_value("SELECT count(*) FROM app_user") == 0
