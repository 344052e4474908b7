"""Conventions et financements: amount due pro rata of what was done, and funding plans by funder and year."""

from __future__ import annotations

from dashboard.eit import metrics
from dashboard.ui.cache import cached
from dashboard.ui.conventions import show_page
from dashboard.ui.sidebar import current_selection

selection = current_selection()
dataset = cached(metrics.dataset_info)
territory = selection.territory
territory_id = None if territory is None else territory.territory_id
territory_name = None if territory is None else territory.name
show_page(territory_id, territory_name, dataset.data_as_of)
