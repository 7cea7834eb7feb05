"""Positions on the earth (WGS-84) and distances between them."""

from __future__ import annotations

import math
from dataclasses import dataclass

from .errors import ValidationError

EARTH_RADIUS_M = 6_371_008.8
DEFAULT_GEOFENCE_M = 300.0


@dataclass(frozen=True, slots=True)
class Coordinates:
    """A WGS-84 position in decimal degrees. Construction validates the range."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        check_coordinates(self.lat, self.lon)


def check_coordinates(lat: object, lon: object, field: str = "coordinates") -> tuple[float, float]:
    try:
        flat = float(lat)  # type: ignore[arg-type]
        flon = float(lon)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValidationError(
            field, f"latitude and longitude must be numbers, got {lat!r}, {lon!r}"
        ) from None
    # NaN fails every comparison, so each range check also rejects its own NaN
    if not -90.0 <= flat <= 90.0:
        raise ValidationError(f"{field}.lat", f"latitude {lat!r} is outside -90..90")
    if not -180.0 <= flon <= 180.0:
        raise ValidationError(f"{field}.lon", f"longitude {lon!r} is outside -180..180")
    return flat, flon


def haversine_m(a: Coordinates, b: Coordinates) -> float:
    """Great-circle distance in metres; accurate to ~0.5% which is plenty for dispatch."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp = p2 - p1
    dl = math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def inside_geofence(
    distance_m: float, accuracy_m: float | None, radius_m: float = DEFAULT_GEOFENCE_M
) -> bool:
    """A fix counts as on site when its error circle touches the geofence.

    Phones report accuracy as a radius; a fix 350 m away with 100 m accuracy may well be on site,
    and flagging it would train dispatchers to ignore the flag.
    """
    # iOS reports -1 for "unknown"; a very poor fix must not excuse any distance
    slack = min(max(accuracy_m or 0.0, 0.0), radius_m)
    return distance_m <= radius_m + slack
