"""Clients for OSRM's table API and Valhalla's matrix API, behind the Router port.

One request per ranking asks for every top candidate at once. A slow, broken or unreachable
service costs at most the timeout and yields None: ranking keeps its straight-line estimate."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from typing import Any

DEFAULT_TIMEOUT_S = 2.0
Point = tuple[float, float]


class OsrmRouter:
    """`GET {base}/table/v1/driving/{lon,lat;...}?sources=...&destinations=...`"""

    def __init__(self, base_url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def minutes_to(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        if not origins:
            return []
        points = [*origins, destination]
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        sources = ";".join(str(i) for i in range(len(origins)))
        url = (
            f"{self.base_url}/table/v1/driving/{coords}"
            f"?sources={sources}&destinations={len(origins)}&annotations=duration"
        )
        data = _fetch(urllib.request.Request(url), self.timeout_s)
        if data is None or data.get("code") != "Ok":
            return None
        try:
            rows = data["durations"]
            return [float(row[0]) / 60.0 for row in rows]
        except (KeyError, IndexError, TypeError, ValueError):
            return None


class ValhallaRouter:
    """`POST {base}/sources_to_targets` with `costing: auto`."""

    def __init__(self, base_url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def minutes_to(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        if not origins:
            return []
        body = {
            "sources": [{"lat": lat, "lon": lon} for lat, lon in origins],
            "targets": [{"lat": destination[0], "lon": destination[1]}],
            "costing": "auto",
        }
        request = urllib.request.Request(
            f"{self.base_url}/sources_to_targets",
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json"},
            method="POST",
        )
        data = _fetch(request, self.timeout_s)
        if data is None:
            return None
        try:
            return [float(row[0]["time"]) / 60.0 for row in data["sources_to_targets"]]
        except (KeyError, IndexError, TypeError, ValueError):
            return None


def _fetch(request: urllib.request.Request, timeout_s: float) -> Any:
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            return json.loads(response.read())
    except (urllib.error.URLError, TimeoutError, OSError, ValueError):
        return None


def router_for(kind: str, url: str) -> OsrmRouter | ValhallaRouter | None:
    if not url:
        return None
    return ValhallaRouter(url) if kind == "valhalla" else OsrmRouter(url)
