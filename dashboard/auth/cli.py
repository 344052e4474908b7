"""`python -m dashboard utilisateur ajouter | liste`: accounts from the command line (called by __main__.py).

The password is asked on the terminal (getpass: not echoed) or read from standard input when it is not a
terminal (`printf '%s\\n%s\\n' "$PW" "$PW" | python -m dashboard utilisateur ajouter ...`); it is never a command
line argument, so it never lands in the shell history or the process list.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from typing import Any

from dashboard.auth.oidc import OidcConfigError, parse_grant
from dashboard.auth.roles import Grant, Role
from dashboard.auth.store import AccountError, NewAccount, create_user, ensure_tables, users
from dashboard.db import Database
from dashboard.i18n import t

EXIT_OK, EXIT_REFUSED = 0, 1
# French role words of the command line -> stored codes
ROLE_WORDS = {"administrateur": Role.ADMINISTRATOR, "charge": Role.PROJECT_OFFICER, "copil": Role.COPIL_READER}


def parse_role(text: str) -> Grant:
    """'administrateur', 'charge@epci:200072072', 'copil@*', 'charge@programme:eit-vendomois' -> Grant."""
    word, _, scope = text.strip().partition("@")
    role = ROLE_WORDS.get(word.lower())
    if role is None:
        raise argparse.ArgumentTypeError(t("cli.user.bad_role", value=text))
    try:
        return parse_grant(f"{role.value}@{scope or '*'}")
    except OidcConfigError:
        raise argparse.ArgumentTypeError(t("cli.user.bad_role", value=text)) from None


def _read_password(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\n")


def add_user_commands(
    commands: Any,
    db_option: argparse.ArgumentParser,
    with_database: Callable[[Any, Callable[[Database], int]], int],
    say: Callable[[str], None],
    complain: Callable[[str], None],
) -> None:
    """Add `utilisateur ajouter|liste` to __main__'s sub-commands."""
    user = commands.add_parser("utilisateur", help=t("cli.help.user"), description=t("cli.help.user"))
    actions = user.add_subparsers(dest="user_command", required=True, title=t("cli.commands"), metavar="ACTION")

    def add(args: argparse.Namespace) -> int:
        password = None
        if not args.no_password:
            password = _read_password(t("cli.user.password"))
            if _read_password(t("cli.user.confirm")) != password:
                complain(t("cli.user.mismatch"))
                return EXIT_REFUSED

        def run(db: Database) -> int:
            ensure_tables(db)
            account = NewAccount(args.login, args.name, tuple(args.roles), password=password, email=args.email)
            try:
                create_user(db, account, None)
            except AccountError as error:
                complain(t("cli.user.refused"))
                for problem in error.problems:
                    complain("  - " + problem)
                return EXIT_REFUSED
            shown = users(db).set_index("login").loc[account.login.strip().lower()]
            say(t("cli.user.created", login=shown.name, roles=shown["roles"]))
            return EXIT_OK

        return with_database(args.db, run)

    def listing(args: argparse.Namespace) -> int:
        def run(db: Database) -> int:
            ensure_tables(db)
            frame = users(db)
            if frame.empty:
                say(t("cli.user.none"))
            for row in frame.itertuples():
                inactive = "" if row.is_active else t("cli.user.inactive")
                say(t("cli.user.line", login=row.login, name=row.display_name, roles=row.roles, inactive=inactive))
            return EXIT_OK

        return with_database(args.db, run)

    adding = actions.add_parser("ajouter", help=t("cli.help.user.add"), description=t("cli.help.user.add"),
                                parents=[db_option])  # fmt: skip
    adding.add_argument("login", metavar="IDENTIFIANT", help=t("cli.help.user.login"))
    adding.add_argument("--nom", dest="name", metavar="NOM", required=True, help=t("cli.help.user.name"))
    adding.add_argument("--role", dest="roles", metavar="ROLE", type=parse_role, action="append", required=True,
                        help=t("cli.help.user.role"))  # fmt: skip
    adding.add_argument("--email", metavar="ADRESSE", help=t("cli.help.user.email"))
    adding.add_argument("--sans-mot-de-passe", dest="no_password", action="store_true",
                        help=t("cli.help.user.no_password"))  # fmt: skip
    adding.set_defaults(run=add)
    listed = actions.add_parser("liste", help=t("cli.help.user.list"), description=t("cli.help.user.list"),
                                parents=[db_option])  # fmt: skip
    listed.set_defaults(run=listing)
