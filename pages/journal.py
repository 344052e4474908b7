"""Journal des actions (administrators): who did what and when, filterable and exportable (dashboard.ui.auth)."""

from dashboard.ui.auth import audit_page
from dashboard.ui.cache import get_database

audit_page(get_database())
