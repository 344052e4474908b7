"""OpenID Connect sign-in (Streamlit's `st.login`) configuration, and the signed-in e-mail mapped to roles.

Streamlit reads the identity provider from the `[auth]` section of `.streamlit/secrets.toml` (redirect_uri,
cookie_secret, and client_id / client_secret / server_metadata_url, at the top level or per named provider
`[auth.<name>]`). The roles of an e-mail come, in this order, from:
1. an account created by an administrator with that e-mail (its roles as stored);
2. the `[observatoire_roles]` section of the same secrets file, by exact e-mail or by domain ("@cma-cvl.fr"):

    [observatoire_roles]
    "marie.martin@cma-cvl.fr" = ["project_officer@epci:200072072", "copil_reader@*"]
    "@ademe.fr" = ["copil_reader@*"]

   each value a list of "<role>@<scope>" where scope is "*" (everything), a territory id or
   "programme:<programme_id>".
An e-mail matched by neither gets no access (the page says so); an unverified e-mail is never trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.auth.roles import ALL_SCOPE, Grant, Role, ScopeType
from dashboard.i18n import t

ROLES_SECTION = "observatoire_roles"
_PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")


class OidcConfigError(ValueError):
    """The [observatoire_roles] section cannot be read; the message is French."""


@dataclass(frozen=True)
class OidcConfig:
    providers: tuple[str | None, ...]  # None: the single provider of [auth]; else the names of [auth.<name>]
    rules: Mapping[str, tuple[Grant, ...]]  # e-mail or "@domain" -> grants


def parse_grant(text: str) -> Grant:
    """'project_officer@epci:200072072' -> Grant; raises OidcConfigError with a French message."""
    role_code, separator, scope = text.strip().partition("@")
    if not separator or role_code not in {r.value for r in Role}:
        raise OidcConfigError(t("auth.oidc.bad_grant", value=text, roles=", ".join(r.value for r in Role)))
    if scope == ALL_SCOPE:
        return Grant(Role(role_code))
    if role_code == Role.ADMINISTRATOR:
        raise OidcConfigError(t("auth.oidc.admin_scope", value=text))
    if scope.startswith("programme:"):
        return Grant(Role(role_code), ScopeType.PROGRAMME, scope.removeprefix("programme:"))
    if ":" not in scope:
        raise OidcConfigError(t("auth.oidc.bad_grant", value=text, roles=", ".join(r.value for r in Role)))
    return Grant(Role(role_code), ScopeType.TERRITORY, scope)


def read_config(secrets: Mapping[str, Any]) -> OidcConfig | None:
    """The identity providers and role rules of a secrets mapping (`st.secrets`), None without an [auth]."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or not auth.get("redirect_uri") or not auth.get("cookie_secret"):
        return None
    providers: list[str | None] = []
    if all(auth.get(key) for key in _PROVIDER_KEYS):
        providers.append(None)
    providers += sorted(
        name for name, value in auth.items() if isinstance(value, Mapping) and all(value.get(k) for k in _PROVIDER_KEYS)
    )
    if not providers:
        return None
    rules: dict[str, tuple[Grant, ...]] = {}
    for key, values in (secrets.get(ROLES_SECTION) or {}).items():
        if isinstance(values, str):
            values = [values]
        rules[str(key).strip().lower()] = tuple(parse_grant(str(value)) for value in values)
    return OidcConfig(tuple(providers), rules)


def grants_for_email(config: OidcConfig, email: str | None, verified: bool | None = True) -> tuple[Grant, ...]:
    """The grants the [observatoire_roles] rules give `email` (exact e-mail first, then its domain)."""
    if not email or verified is False:
        return ()
    email = email.strip().lower()
    if email in config.rules:
        return config.rules[email]
    domain = "@" + email.rpartition("@")[2]
    return config.rules.get(domain, ())
