"""Plotly display options shared by every page (one place, so every chart exports the same way)."""

from __future__ import annotations

# Modebar export at twice the screen resolution (sharp PNGs for the quarterly report). Pages draw with
# theme=None, so the figure is shown exactly as built and the screen and the exported PNG match.
# The modebar is hidden: its tooltips are English ("Download plot as a PNG"); every chart has its own French
# "Télécharger en PNG" with its caption instead (dashboard/ui/charts.py). Plotly's tips are English too ("Double-click
# to zoom back out" after a zoom, "Double-click on legend to isolate one trace" at a legend click) and Streamlit
# loads no other language for Plotly: they are turned off.
PLOTLY_CONFIG: dict[str, object] = {
    "displaylogo": False,
    "displayModeBar": False,
    "showTips": False,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}
# Maps are explored with the mouse wheel.
MAP_PLOTLY_CONFIG: dict[str, object] = {**PLOTLY_CONFIG, "scrollZoom": True}
