"""The self-assessment page's views (dashboard/ui/autoevaluation.py): the progress card's French wording."""

from __future__ import annotations

import pytest

from dashboard.ui.autoevaluation import progress_text


@pytest.mark.parametrize(
    ("mean_change", "text"),
    [
        (1.5, "+1,5 point"),
        (1.94, "+1,9 point"),
        (1.95, "+2,0 points"),  # shown rounded to 2,0: the plural follows the figure as shown
        (1.96, "+2,0 points"),
        (0.0, "0,0 point"),
        (-1.2, "−1,2 point"),
        (-2.4, "−2,4 points"),
    ],
)
def test_progress_is_singular_below_two_points_as_shown(mean_change: float, text: str) -> None:
    assert progress_text(mean_change) == text
