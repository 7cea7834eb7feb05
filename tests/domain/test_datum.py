"""Datum transforms against published reference pairs, and round trips across China."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dispatch_console.domain.datum import (
    from_display,
    gcj02_to_wgs84,
    to_display,
    wgs84_to_gcj02,
)
from dispatch_console.domain.geo import Coordinates, haversine_m


def distance_m(a_lat: float, a_lon: float, b_lat: float, b_lon: float) -> float:
    return haversine_m(Coordinates(a_lat, a_lon), Coordinates(b_lat, b_lon))


# (wgs lat, wgs lon, gcj lat, gcj lon): the eviltransform project's test vectors
GCJ_PAIRS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# (bd lat, bd lon, wgs lat, wgs lon): eviltransform's vectors, from Baidu's own converter, which
# the public BD-09 formula approximates to tens of metres
BD_PAIRS = [
    (29.199786, 120.019809, 29.196131605295484, 120.00877901149691),
    (29.210504, 120.036455, 29.206795749156136, 120.0253853970846),
]


@pytest.mark.parametrize(("w_lat", "w_lon", "g_lat", "g_lon"), GCJ_PAIRS)
def test_wgs84_to_gcj02_matches_the_reference(
    w_lat: float, w_lon: float, g_lat: float, g_lon: float
) -> None:
    assert distance_m(*wgs84_to_gcj02(w_lat, w_lon), g_lat, g_lon) < 0.5
    assert distance_m(*gcj02_to_wgs84(g_lat, g_lon), w_lat, w_lon) < 0.5
    assert 100 < distance_m(w_lat, w_lon, g_lat, g_lon) < 700  # why it matters


@pytest.mark.parametrize(("b_lat", "b_lon", "w_lat", "w_lon"), BD_PAIRS)
def test_bd09_matches_the_reference(b_lat: float, b_lon: float, w_lat: float, w_lon: float) -> None:
    assert distance_m(*from_display(b_lat, b_lon, "bd09"), w_lat, w_lon) < 50
    assert distance_m(*to_display(w_lat, w_lon, "bd09"), b_lat, b_lon) < 50
    assert distance_m(b_lat, b_lon, w_lat, w_lon) > 500  # uncorrected, Baidu tiles are far off


@given(
    st.floats(min_value=18.2, max_value=53.5),
    st.floats(min_value=73.7, max_value=134.7),
    st.sampled_from(["wgs84", "gcj02", "bd09"]),
)
def test_a_click_converts_back_to_the_stored_point(lat: float, lon: float, datum: str) -> None:
    shown = to_display(lat, lon, datum)  # type: ignore[arg-type]
    back = from_display(*shown, datum)  # type: ignore[arg-type]
    assert distance_m(*back, lat, lon) < 0.01


def test_outside_china_nothing_moves() -> None:
    assert wgs84_to_gcj02(48.8584, 2.2945) == (48.8584, 2.2945)  # Paris
    assert gcj02_to_wgs84(40.7128, -74.006) == (40.7128, -74.006)
