"""Distances and geofences: what decides whether a technician counts as on site."""

from __future__ import annotations

import math

import pytest

from dispatch_console.domain.errors import ValidationError
from dispatch_console.domain.geo import (
    DEFAULT_GEOFENCE_M,
    EARTH_RADIUS_M,
    Coordinates,
    check_coordinates,
    haversine_m,
    inside_geofence,
)

PEOPLES_SQUARE = Coordinates(31.2304, 121.4737)
LUJIAZUI = Coordinates(31.2397, 121.4998)  # Oriental Pearl Tower
HONGQIAO_AIRPORT = Coordinates(31.1979, 121.3363)
LONDON = Coordinates(51.5074, -0.1278)
PARIS = Coordinates(48.8566, 2.3522)


def test_peoples_square_to_lujiazui_is_under_three_km() -> None:
    assert 2_500 <= haversine_m(PEOPLES_SQUARE, LUJIAZUI) <= 3_000


def test_peoples_square_to_hongqiao_is_about_13_5_km() -> None:
    assert haversine_m(PEOPLES_SQUARE, HONGQIAO_AIRPORT) == pytest.approx(13_600, rel=0.03)


def test_london_to_paris() -> None:
    assert haversine_m(LONDON, PARIS) == pytest.approx(343_500, rel=0.01)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    assert haversine_m(PEOPLES_SQUARE, LUJIAZUI) == pytest.approx(
        haversine_m(LUJIAZUI, PEOPLES_SQUARE)
    )
    assert haversine_m(LUJIAZUI, LUJIAZUI) == 0.0


def test_quarter_meridian_and_antipodes() -> None:
    quarter = haversine_m(Coordinates(0, 0), Coordinates(90, 0))
    assert quarter == pytest.approx(math.pi / 2 * EARTH_RADIUS_M)
    half = haversine_m(Coordinates(0, 0), Coordinates(0, 180))
    assert half == pytest.approx(math.pi * EARTH_RADIUS_M)


def test_crossing_the_antimeridian_is_short() -> None:
    assert haversine_m(Coordinates(0, 179.999), Coordinates(0, -179.999)) < 250


def test_one_degree_of_latitude_is_about_111_km() -> None:
    assert haversine_m(Coordinates(30, 121), Coordinates(31, 121)) == pytest.approx(
        111_195, rel=0.001
    )


@pytest.mark.parametrize(("lat", "lon"), [(90, 180), (-90, -180), (0, 0), ("31.23", "121.47")])
def test_coordinates_in_range_are_accepted(lat: object, lon: object) -> None:
    assert check_coordinates(lat, lon) == (float(lat), float(lon))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("lat", "lon", "bad_field"),
    [
        (90.0001, 0, "lat"),
        (-91, 0, "lat"),
        (0, 180.0001, "lon"),
        (0, -181, "lon"),
        (math.nan, 0, "lat"),
        (0, math.nan, "lon"),
        (math.inf, 0, "lat"),
        (0, -math.inf, "lon"),
        # swapped lat/lon is the most common data-entry mistake in China (lon > 90)
        (121.47, 31.23, "lat"),
    ],
)
def test_out_of_range_and_nan_coordinates_are_rejected_naming_the_axis(
    lat: float, lon: float, bad_field: str
) -> None:
    with pytest.raises(ValidationError) as info:
        check_coordinates(lat, lon, field="site")
    assert info.value.field == f"site.{bad_field}"


@pytest.mark.parametrize(("lat", "lon"), [(None, 0), ("north", 0), (0, [1])])
def test_non_numbers_are_rejected(lat: object, lon: object) -> None:
    with pytest.raises(ValidationError) as info:
        check_coordinates(lat, lon)
    assert info.value.field == "coordinates"
    assert "must be numbers" in str(info.value)


def test_coordinates_validate_on_construction() -> None:
    with pytest.raises(ValidationError):
        Coordinates(100, 0)
    with pytest.raises(ValidationError):
        Coordinates(0, math.nan)


def test_geofence_without_accuracy_is_the_plain_radius() -> None:
    assert inside_geofence(DEFAULT_GEOFENCE_M, None)
    assert not inside_geofence(DEFAULT_GEOFENCE_M + 0.1, None)
    assert inside_geofence(0, None)


def test_geofence_allows_the_accuracy_circle_to_touch_it() -> None:
    # 350 m away, but the fix is only good to 100 m: it may well be on site
    assert inside_geofence(350, 100)
    assert inside_geofence(400, 100)
    assert not inside_geofence(400.1, 100)


def test_poor_accuracy_slack_is_capped_at_the_radius() -> None:
    # a fix good only to 5 km must not excuse 5 km
    assert inside_geofence(600, 5_000)
    assert not inside_geofence(600.1, 5_000)
    assert not inside_geofence(4_000, 5_000)


def test_custom_radius() -> None:
    assert inside_geofence(150, 50, radius_m=100)
    assert not inside_geofence(201, 5_000, radius_m=100)


def test_zero_accuracy_gives_no_slack() -> None:
    assert not inside_geofence(301, 0.0)
