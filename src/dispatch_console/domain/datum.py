"""WGS-84 (GPS, OpenStreetMap) <-> GCJ-02 (AMap, Tencent) <-> BD-09 (Baidu).

Positions are stored in WGS-84. Tiles from Chinese providers are drawn in GCJ-02 or BD-09, so a
WGS-84 point drawn on them lands 100-700 m off; the map converts for display and converts clicks
back. The forward GCJ-02 formulas are the public ones (Krasovsky ellipsoid); the inverse has no
closed form and is solved by fixed-point iteration to well under a metre. Outside China GCJ-02
equals WGS-84."""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Literal

Datum = Literal["wgs84", "gcj02", "bd09"]

_A = 6378245.0  # Krasovsky 1940 semi-major axis, as GCJ-02 uses
_EE = 0.00669342162296594323  # its first eccentricity squared
_X_PI = math.pi * 3000.0 / 180.0
_INVERSE_TOLERANCE_DEG = 1e-10  # about 0.01 mm
_INVERSE_MAX_STEPS = 30


def out_of_china(lat: float, lon: float) -> bool:
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _shift(lat: float, lon: float) -> tuple[float, float]:
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    d_lat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += common
    d_lat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    d_lat += (
        (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    )
    d_lon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += common
    d_lon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    d_lon += (
        (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0
    )
    rad = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(rad) ** 2
    d_lat = (d_lat * 180.0) / ((_A * (1 - _EE)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = (d_lon * 180.0) / (_A / math.sqrt(magic) * math.cos(rad) * math.pi)
    return d_lat, d_lon


def wgs84_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    if out_of_china(lat, lon):
        return lat, lon
    d_lat, d_lon = _shift(lat, lon)
    return lat + d_lat, lon + d_lon


def gcj02_to_wgs84(lat: float, lon: float) -> tuple[float, float]:
    """The WGS-84 point whose GCJ-02 image is (lat, lon)."""
    if out_of_china(lat, lon):
        return lat, lon
    return _invert(wgs84_to_gcj02, lat, lon, (lat, lon))


def _invert(
    forward: Callable[[float, float], tuple[float, float]],
    lat: float,
    lon: float,
    start: tuple[float, float],
) -> tuple[float, float]:
    """Solve forward(x) == (lat, lon) by fixed-point iteration: both shifts are small and smooth,
    so each step removes almost all of the remaining error."""
    x_lat, x_lon = start
    for _ in range(_INVERSE_MAX_STEPS):
        f_lat, f_lon = forward(x_lat, x_lon)
        e_lat, e_lon = lat - f_lat, lon - f_lon
        x_lat, x_lon = x_lat + e_lat, x_lon + e_lon
        if abs(e_lat) < _INVERSE_TOLERANCE_DEG and abs(e_lon) < _INVERSE_TOLERANCE_DEG:
            break
    return x_lat, x_lon


def gcj02_to_bd09(lat: float, lon: float) -> tuple[float, float]:
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> tuple[float, float]:
    """The published approximate inverse, refined until gcj02_to_bd09 gives the point back."""
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return _invert(gcj02_to_bd09, lat, lon, (z * math.sin(theta), z * math.cos(theta)))


def to_display(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """A stored WGS-84 position as the tiles of `datum` draw it."""
    if datum == "wgs84":
        return lat, lon
    gcj = wgs84_to_gcj02(lat, lon)
    return gcj if datum == "gcj02" else gcj02_to_bd09(*gcj)


def from_display(lat: float, lon: float, datum: Datum) -> tuple[float, float]:
    """A point clicked on tiles of `datum`, back in WGS-84."""
    if datum == "wgs84":
        return lat, lon
    gcj = (lat, lon) if datum == "gcj02" else bd09_to_gcj02(lat, lon)
    return gcj02_to_wgs84(*gcj)
