"""Utilisateurs (administrators): accounts, roles on territories and programmes (dashboard.ui.auth)."""

from dashboard.ui.auth import users_page
from dashboard.ui.cache import get_database

users_page(get_database())
