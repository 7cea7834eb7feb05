"""The built-in base layer of the demo region (scripts/build_demo_basemap.py; sources and
licences in resources/map/basemap/README.md), drawn when no tile can be fetched."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from ...domain.datum import Datum, to_display
from .scheme import RESOURCES

BASEMAP = RESOURCES / "basemap" / "shanghai.geojson"
# shown on the map, as the data's licences ask: Natural Earth asks for nothing but deserves it,
# OpenStreetMap's ODbL asks for exactly this credit
ATTRIBUTION = "Natural Earth · water © OpenStreetMap contributors (ODbL)"


@cache
def basemap(datum: Datum) -> dict[str, Any]:
    """The layer as the tiles of `datum` would draw it: the file is WGS-84, and the markers on
    top of it are converted (GCJ-02 puts them 100-700 m off otherwise; Baidu more)."""
    data: dict[str, Any] = json.loads(BASEMAP.read_text("utf-8"))
    if datum != "wgs84":
        for feature in data["features"]:
            geometry = feature["geometry"]
            geometry["coordinates"] = _shifted(geometry["coordinates"], datum)
    return data


def _shifted(coordinates: Any, datum: Datum) -> Any:
    if isinstance(coordinates[0], (int, float)):  # one [lon, lat] position
        lat, lon = to_display(coordinates[1], coordinates[0], datum)
        return [round(lon, 5), round(lat, 5)]
    return [_shifted(c, datum) for c in coordinates]
