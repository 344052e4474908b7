"""Commune outlines for map tests: Vendôme and Saint-Ouen as two triangles (the world's Vendômois, §1)."""

from __future__ import annotations

from dashboard.geography.shapes import Bounds, CommuneShapes

VENDOMOIS_SHAPES = CommuneShapes(
    {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "id": "commune:41269",
                "properties": {"name": "Vendôme"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[1.02, 47.75], [1.12, 47.75], [1.12, 47.83], [1.02, 47.75]]],
                },
            },
            {
                "type": "Feature",
                "id": "commune:41226",
                "properties": {"name": "Saint-Ouen"},
                "geometry": {
                    "type": "Polygon",
                    "coordinates": [[[1.05, 47.83], [1.12, 47.83], [1.12, 47.86], [1.05, 47.83]]],
                },
            },
        ],
    },
    Bounds(1.02, 47.75, 1.12, 47.86),
    {"commune:41269": "Vendôme", "commune:41226": "Saint-Ouen"},
)
