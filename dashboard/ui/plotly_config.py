"""Plotly display options shared by every page (one place, so every chart exports the same way)."""

from __future__ import annotations

# Modebar export at twice the screen resolution (sharp PNGs for the quarterly report). Pages draw with
# theme=None, so the figure is shown exactly as built and the screen and the exported PNG match.
PLOTLY_CONFIG: dict[str, object] = {"displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}}
# Maps are explored with the mouse wheel.
MAP_PLOTLY_CONFIG: dict[str, object] = {**PLOTLY_CONFIG, "scrollZoom": True}
