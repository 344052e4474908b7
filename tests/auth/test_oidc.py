"""OpenID Connect: Streamlit's [auth] configuration is read and the signed-in e-mail is mapped to roles.

No local mock provider is run here: `oidc-provider-mock` exists on the registry but a full `st.login` round trip
needs a browser and a running server; these tests cover the configuration and the mapping, which is ours.
"""

from __future__ import annotations

import tomllib

import pytest

from dashboard.auth.oidc import OidcConfigError, grants_for_email, parse_grant, read_config
from dashboard.auth.roles import Grant, Role, ScopeType

SECRETS = """
[auth]
redirect_uri = "https://observatoire.example.fr/oauth2callback"
cookie_secret = "a-long-random-secret"
client_id = "observatoire"
client_secret = "s3cret"
server_metadata_url = "https://sso.cma-cvl.fr/.well-known/openid-configuration"

[auth.microsoft]
client_id = "id"
client_secret = "secret"
server_metadata_url = "https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"

[observatoire_roles]
"marie.martin@cma-cvl.fr" = ["project_officer@epci:200072072", "copil_reader@*"]
"@ademe.fr" = ["copil_reader@*"]
"direction@cma-cvl.fr" = "administrator@*"
"@cma-cvl.fr" = ["project_officer@programme:eit_vendomois"]
"""


def test_the_secrets_are_read_and_mapped_to_roles() -> None:
    config = read_config(tomllib.loads(SECRETS))
    assert config is not None
    assert config.providers == (None, "microsoft")
    assert grants_for_email(config, "Marie.Martin@CMA-CVL.fr") == (
        Grant(Role.PROJECT_OFFICER, ScopeType.TERRITORY, "epci:200072072"),
        Grant(Role.COPIL_READER),
    )
    assert grants_for_email(config, "elu@ademe.fr") == (Grant(Role.COPIL_READER),)
    assert grants_for_email(config, "direction@cma-cvl.fr") == (Grant(Role.ADMINISTRATOR),)
    # an exact e-mail wins over its domain; the domain covers the others
    assert grants_for_email(config, "paul@cma-cvl.fr") == (
        Grant(Role.PROJECT_OFFICER, ScopeType.PROGRAMME, "eit_vendomois"),
    )
    assert grants_for_email(config, "someone@elsewhere.fr") == ()
    assert grants_for_email(config, "elu@ademe.fr", verified=False) == ()  # an unverified e-mail is not trusted
    assert grants_for_email(config, None) == ()


def test_no_provider_means_local_accounts_only() -> None:
    assert read_config({}) is None
    assert read_config({"auth": {"redirect_uri": "x", "cookie_secret": "y"}}) is None  # no provider
    assert read_config({"observatoire_roles": {"@a.fr": ["copil_reader@*"]}}) is None


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("lecteur@*", "n'est pas de la forme"),
        ("administrator@epci:200072072", "porte sur * seulement"),
        ("project_officer@vendome", "n'est pas de la forme"),
    ],
)
def test_bad_role_rules_are_explained(text: str, words: str) -> None:
    with pytest.raises(OidcConfigError, match=words.replace("*", r"\*")):
        parse_grant(text)
