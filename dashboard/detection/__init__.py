"""Explainable synergy detection (pure core, no Streamlit).

- `detect_substitutions(companies, flows, compatibility, units, categories, radius_km=…)`: an output of one
  company that can feed an input of another within the radius (substitution.py explains the rule and score).
- `detect_mutualisations(companies, flows, categories, units, radius_km=…, min_companies=3)`: groups of
  companies with the same need or output (mutualisation.py explains the clustering).
- `detect_for_territory(db, territory_id, radius_km=…)`: both, on a territory's companies read from the
  database, dismissed and accepted proposals left out.
- `Proposal.from_row(row)`, `accept_proposal(db, proposal, territory_id=…)`, `dismiss_proposal(db, key, comment)`.

Every proposal has a stable `proposal_key`, a score in [0, 1] with its components, a title and a plain-French
explanation (categories, distance, quantities).
"""

from __future__ import annotations

from .categories import CategoryMatch, compatible_pairs
from .mutualisation import (
    DEFAULT_MIN_COMPANIES,
    MUTUALISATION_COLUMNS,
    detect_mutualisations,
    explain_mutualisation_rows,
)
from .proposals import Proposal, proposal_key
from .store import (
    DetectionInputs,
    DetectionResult,
    StaleProposalError,
    accept_proposal,
    detect_for_territory,
    detect_from_inputs,
    dismiss_proposal,
    excluded_keys,
    load_inputs,
)
from .substitution import (
    DEFAULT_MAX_RECEIVERS_PER_OUTPUT,
    SUBSTITUTION_COLUMNS,
    detect_substitutions,
    explain_substitution_rows,
)

__all__ = [
    "DEFAULT_MAX_RECEIVERS_PER_OUTPUT",
    "DEFAULT_MIN_COMPANIES",
    "MUTUALISATION_COLUMNS",
    "SUBSTITUTION_COLUMNS",
    "CategoryMatch",
    "DetectionInputs",
    "DetectionResult",
    "Proposal",
    "StaleProposalError",
    "accept_proposal",
    "compatible_pairs",
    "detect_for_territory",
    "detect_from_inputs",
    "detect_mutualisations",
    "detect_substitutions",
    "dismiss_proposal",
    "excluded_keys",
    "explain_mutualisation_rows",
    "explain_substitution_rows",
    "load_inputs",
    "proposal_key",
]
