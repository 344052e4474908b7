"""A figure as it is sent to the browser's Plotly chart: drawn once, not twice.

Streamlit's Plotly chart draws a figure as soon as it is mounted, then copies the figure (a JSON round trip, to apply
its theme) and hands the copy to `Plotly.react`. `Plotly.react` compares the copy with what it drew, and a few
things compare by identity, never by value, so every chart was drawn a second time in full:
- a layout `template` (plotly.py gives every figure its default one: Streamlit's, 7 kB, in the app's process);
- data arrays, unless the layout has a `datarevision`;
- a choropleth's `geojson` object (the communes' boundaries).
On the Carte page that second draw was about a fifth of the page's time in Chromium (issue 16).

So our figures carry no template (`dashboard.charts.apply_layout` writes their whole look out), and `browser_tree`
returns a figure's JSON tree with
- `layout.datarevision`, a digest of the whole tree: the same figure has the same revision, any change a new one;
- each `geojson` object as a `data:` URL (plotly.js accepts a URL there and reads it once per tab), a string
  that compares by value. plotly.js keeps every URL it has read, and its GeoJSON, for the tab's life
  (`window.PlotlyGeoAssets`): a map should reuse one GeoJSON (its territory's) rather than a new subset per view.
The PNG export draws the same tree (kaleido's Chromium reads the data URL alike).
"""

from __future__ import annotations

import base64
import hashlib
import json
from typing import Any

import plotly.graph_objects as go
from plotly.io.json import to_json_plotly

GEOJSON_URL_PREFIX = "data:application/json;base64,"


def geojson_url(geojson: dict[str, Any]) -> str:
    """A GeoJSON object as a `data:` URL (compact JSON, base64)."""
    text = json.dumps(geojson, separators=(",", ":"), ensure_ascii=False, allow_nan=False)  # JSON.parse has no NaN
    return GEOJSON_URL_PREFIX + base64.b64encode(text.encode("utf-8")).decode("ascii")


def browser_tree(fig: go.Figure) -> dict[str, Any]:
    """`fig`'s JSON tree as Streamlit's chart draws it once: a `datarevision`, GeoJSON as URLs.

    Raises ValueError for a figure with a template (one that did not go through `apply_layout`): dropping it here
    would change how the chart looks, keeping it would draw the chart twice."""
    tree = fig.to_dict()
    if tree.get("layout", {}).get("template"):
        raise ValueError("a chart sent to the browser carries no Plotly template (dashboard.charts.apply_layout)")
    data = [
        {**trace, "geojson": geojson_url(trace["geojson"])} if isinstance(trace.get("geojson"), dict) else trace
        for trace in tree.get("data", [])
    ]
    layout = {key: value for key, value in tree.get("layout", {}).items() if key not in ("template", "datarevision")}
    digest = hashlib.blake2b(to_json_plotly({**tree, "data": data, "layout": layout}).encode("utf-8"), digest_size=12)
    return {**tree, "data": data, "layout": {**layout, "datarevision": digest.hexdigest()}}
