"""Accounts, roles scoped to territories and programmes, sign-in rules and the audit trail (issue 13).

- `roles`: Role, Grant, the signed-in `Actor`, and the checks core functions call (`require_company_read`,
  `require_edit`, `require_admin`), raising `PermissionDenied` with a French message;
- `passwords`: argon2id hashing and the password rule;
- `store`: accounts, roles, sign-in with slow-down and lock-out;
- `sessions`: expiry after inactivity or a maximum age;
- `oidc`: Streamlit's OpenID Connect configuration and the e-mail -> roles mapping;
- `audit`: the audit trail written inside each write's transaction;
- `demo`: the demo database's three one-click accounts;
- `cli`: `python -m dashboard utilisateur ajouter | liste`.
"""

from dashboard.auth.roles import Action, Actor, Grant, PermissionDenied, Role, ScopeType

__all__ = ["Action", "Actor", "Grant", "PermissionDenied", "Role", "ScopeType"]
