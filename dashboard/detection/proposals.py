"""What a detection proposes: stable keys, score weights, and the `Proposal` a page accepts or dismisses."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.codes import Direction, ParticipantRole, SynergyType

# Version prefix of the hashed text: changing the key recipe must not collide with remembered keys.
KEY_VERSION = "v1"
# Hex digits kept from SHA-256: 128 bits, no realistic collision, short enough to read in a table.
KEY_HEX_DIGITS = 32

# Distance at which the distance component halves (km): the scale of a local collection round. The
# component does not depend on the search radius, so that widening the radius never re-scores a lead.
HALF_SCORE_DISTANCE_KM = 10.0
# Quantity component when a quantity is missing or in units that cannot be compared: below a plausible match,
# above a poor one.
MISSING_QUANTITY_SCORE = 0.3
# A need absorbing at least this share of a supply scores fully on quantities: one large supplier feeding
# several smaller needs is the usual pattern of a real symbiosis (Kalundborg's power station feeds steam to
# three users and heat to a town; ArcelorMittal Dunkerque's heat feeds two networks).
HUB_SHARE = 0.1
# Smaller-to-larger ratio of the yearly quantities below which a pair is dropped as implausible (150 000 MWh
# of heat offered to a 300 MWh need, ratio 0,002): no pipe or round is built for 0,5 % of a flow.
PLAUSIBLE_RATIO_FLOOR = 0.005
# Substitution score = weighted sum of its components (weights sum to 1): distance and volumes decide
# whether a transfer pays, the category path says how sure the technical fit is.
SUBSTITUTION_WEIGHTS: Mapping[str, float] = {"score_distance": 0.4, "score_quantity": 0.4, "score_category": 0.2}
# Mutualisation score: compact groups, larger groups, and groups whose volumes are known rank first.
MUTUALISATION_WEIGHTS: Mapping[str, float] = {"score_distance": 0.4, "score_size": 0.3, "score_quantity": 0.3}


def proposal_key(
    synergy_type: SynergyType,
    categories: Sequence[str],
    companies: Sequence[str],
) -> str:
    """Stable key of a proposal: hash of its type, categories and companies.

    Substitution: categories (output, input) and companies (supplier, receiver) in that order, since the
    direction of the transfer matters. Mutualisation: categories (direction, category) and the member ids,
    sorted. The same facts always give the same key, whatever the run, radius or data order.
    """
    if synergy_type == SynergyType.SUBSTITUTION:
        output_category, input_category = categories
        supplier, receiver = companies
        text = f"{KEY_VERSION}|substitution|out={output_category}|in={input_category}|{supplier}>{receiver}"
    else:
        direction, category = categories
        text = f"{KEY_VERSION}|mutualisation|{direction}={category}|" + ",".join(sorted(companies))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:KEY_HEX_DIGITS]


def substitution_keys(
    output_categories: np.ndarray, input_categories: np.ndarray, suppliers: np.ndarray, receivers: np.ndarray
) -> np.ndarray:
    """`proposal_key` of many substitutions at once (same keys; the texts are joined column-wise by Arrow)."""
    if len(suppliers) == 0:
        return np.array([], dtype=object)
    texts = pc.binary_join_element_wise(
        f"{KEY_VERSION}|substitution|out=",
        pa.array(output_categories, type=pa.string()),
        "|in=",
        pa.array(input_categories, type=pa.string()),
        "|",
        pa.array(suppliers, type=pa.string()),
        ">",
        pa.array(receivers, type=pa.string()),
        "",
    )
    return np.array(
        [hashlib.sha256(text).hexdigest()[:KEY_HEX_DIGITS] for text in pc.cast(texts, pa.binary()).to_pylist()],
        dtype=object,
    )


def quantity_score(supply: np.ndarray, demand: np.ndarray) -> np.ndarray:
    """Quantity component in [0, 1] from yearly quantities in one dimension (NaN where either is unknown).

    It rewards a need well covered: sqrt(share of the need the supply covers) × sqrt(share of the supply the
    need absorbs, counted in full from HUB_SHARE). Equal quantities, or a supply up to ten times the need,
    score 1; a supply covering a quarter of the need 0,5; a need absorbing 1 % of the supply 0,32.
    """
    with np.errstate(invalid="ignore", divide="ignore"):
        smaller = np.minimum(supply, demand)
        cover = np.where(demand > 0, smaller / demand, np.where(supply > 0, 1.0, np.nan))
        absorb = np.where(supply > 0, smaller / supply, np.nan)
        return np.sqrt(cover) * np.sqrt(np.minimum(1.0, absorb / HUB_SHARE))


def distance_score(distance_km: Any) -> Any:
    """1 at 0 km, 0.5 at HALF_SCORE_DISTANCE_KM, decreasing smoothly (scalars or arrays)."""
    return 1.0 / (1.0 + distance_km / HALF_SCORE_DISTANCE_KM)


@dataclass(frozen=True)
class Proposal:
    """One proposal, as a page hands it to `accept_proposal`.

    `participants` lists (company_id, role): supplier then receiver for a substitution, members (the centre
    company first) for a mutualisation. `category_code` is the output category of a substitution (the flow
    that moves) or the shared category of a mutualisation.
    """

    proposal_key: str
    synergy_type: SynergyType
    category_code: str
    participants: tuple[tuple[str, ParticipantRole], ...]
    score: float
    title: str
    explanation: str
    input_category_code: str | None = None
    direction: Direction | None = None  # mutualisation: a shared need (in) or a shared output (out)

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | pd.Series) -> Proposal:
        """Build from a row of `detect_substitutions` or `detect_mutualisations`."""
        synergy_type = SynergyType(row["synergy_type"])
        if synergy_type == SynergyType.SUBSTITUTION:
            participants = (
                (str(row["supplier_id"]), ParticipantRole.SUPPLIER),
                (str(row["receiver_id"]), ParticipantRole.RECEIVER),
            )
            return cls(
                proposal_key=str(row["proposal_key"]),
                synergy_type=synergy_type,
                category_code=str(row["output_category"]),
                input_category_code=str(row["input_category"]),
                participants=participants,
                score=float(row["score"]),
                title=str(row["title"]),
                explanation=str(row["explanation"]),
            )
        return cls(
            proposal_key=str(row["proposal_key"]),
            synergy_type=synergy_type,
            category_code=str(row["category_code"]),
            direction=Direction(row["direction"]),
            participants=tuple((str(c), ParticipantRole.MEMBER) for c in row["member_ids"]),
            score=float(row["score"]),
            title=str(row["title"]),
            explanation=str(row["explanation"]),
        )
