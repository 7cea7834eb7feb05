"""Clients for OSRM's table API and Valhalla's matrix API, behind the Router port.

One request per ranking asks for every top candidate at once. A slow, broken or unreachable
service costs at most the timeout and yields None (logged): ranking keeps its straight-line
estimate. requests is imported by the first request, not with this module, as in rest/client.py:
the console's first window does not wait for it."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

DEFAULT_TIMEOUT_S = 2.0
Point = tuple[float, float]
log = logging.getLogger(__name__)


class _RouteService:
    """What OSRM and Valhalla clients share: where the service is, how long to wait for it."""

    def __init__(self, base_url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def minutes_to(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        return self._ask(origins, destination) if origins else []

    def _ask(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        raise NotImplementedError


class OsrmRouter(_RouteService):
    """`GET {base}/table/v1/driving/{lon,lat;...}?sources=...&destinations=...`"""

    def _ask(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        points = [*origins, destination]
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        sources = ";".join(str(i) for i in range(len(origins)))
        url = (
            f"{self.base_url}/table/v1/driving/{coords}"
            f"?sources={sources}&destinations={len(origins)}&annotations=duration"
        )
        data = _fetch("GET", url, self.timeout_s)
        if data is None:
            return None
        if not isinstance(data, dict) or data.get("code") != "Ok":
            log.warning("route service %s: no table (%.200r)", self.base_url, data)
            return None
        try:
            return [float(row[0]) / 60.0 for row in data["durations"]]
        except (KeyError, IndexError, TypeError, ValueError):
            log.warning("route service %s: unreadable table (%.200r)", self.base_url, data)
            return None


class ValhallaRouter(_RouteService):
    """`POST {base}/sources_to_targets` with `costing: auto`."""

    def _ask(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        body = {
            "sources": [{"lat": lat, "lon": lon} for lat, lon in origins],
            "targets": [{"lat": destination[0], "lon": destination[1]}],
            "costing": "auto",
        }
        data = _fetch("POST", f"{self.base_url}/sources_to_targets", self.timeout_s, body)
        if data is None:
            return None
        try:
            return [float(row[0]["time"]) / 60.0 for row in data["sources_to_targets"]]
        except (KeyError, IndexError, TypeError, ValueError):
            log.warning("route service %s: unreadable matrix (%.200r)", self.base_url, data)
            return None


def _fetch(verb: str, url: str, timeout_s: float, body: Any = None) -> Any:
    """The answer's JSON, or None (logged) when the service fails, is slow or answers nonsense."""
    import requests

    try:
        response = requests.request(verb, url, json=body, timeout=timeout_s)
        if not response.ok:
            log.warning("route service %s answered HTTP %s", url, response.status_code)
            return None
        return response.json()
    except (requests.RequestException, ValueError) as exc:  # JSONDecodeError is a ValueError
        log.warning("route service %s: %s", url, exc)
        return None


def router_for(kind: str, url: str) -> OsrmRouter | ValhallaRouter | None:
    if not url:
        return None
    return ValhallaRouter(url) if kind == "valhalla" else OsrmRouter(url)
