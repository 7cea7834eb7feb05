"""Travel times between sites: the straight-line estimate ranking uses, or road times from a
route service behind the same two calls."""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

from ..candidates import RankingPolicy
from ..ranking import distances_km

Floats = npt.NDArray[np.float64]


class TravelTimes(Protocol):
    """Minutes of driving, NaN where unknown (a technician with no position). Road times
    arrive through an adapter that falls back to the estimate when the service fails."""

    def to_site(self, lat: Floats, lon: Floats, site_lat: float, site_lon: float) -> Floats:
        """From each origin to the site."""
        ...

    def from_site(self, site_lat: float, site_lon: float, lat: Floats, lon: Floats) -> Floats:
        """From the site to each destination."""
        ...


class StraightLine:
    """Great-circle distance times the road factor, at city speed: ranking's estimate."""

    def __init__(self, policy: RankingPolicy | None = None) -> None:
        policy = policy or RankingPolicy()
        self.minutes_per_km = policy.road_factor / policy.speed_kmh * 60.0

    def to_site(self, lat: Floats, lon: Floats, site_lat: float, site_lon: float) -> Floats:
        result: Floats = distances_km(lat, lon, site_lat, site_lon) * self.minutes_per_km
        return result

    def from_site(self, site_lat: float, site_lon: float, lat: Floats, lon: Floats) -> Floats:
        return self.to_site(lat, lon, site_lat, site_lon)  # the estimate is symmetric


STRAIGHT_LINE = StraightLine()


def travel_seconds(minutes: Floats) -> Floats:
    """Travel is planned in whole minutes, rounded up (and NaN stays NaN: unknown)."""
    result: Floats = np.ceil(minutes) * 60.0
    return result
