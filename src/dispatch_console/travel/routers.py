"""Clients for OSRM's table API and Valhalla's matrix API, behind the Router port.

One request per ranking asks for every top candidate at once. A slow, broken or unreachable
service costs at most the timeout and yields None (logged): ranking keeps its straight-line
estimate. `table` is the general form (many sources to many destinations, one request) that
the dispatch board's road times use (`travel/road_times.py`); it raises `RouteServiceError`
instead of logging, so that its caller can say so once per outage rather than once per call.
requests is imported by the first request, not with this module, as in rest/client.py: the
console's first window does not wait for it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ..ports import RoadTravel

DEFAULT_TIMEOUT_S = 2.0
Point = tuple[float, float]
Table = list[list[float | None]]  # minutes, [source][destination]; None: no road found
log = logging.getLogger(__name__)


class RouteServiceError(Exception):
    """The service did not answer with a usable table (down, slow, an HTTP error, nonsense)."""


class _RouteService:
    """What OSRM and Valhalla clients share: where the service is, how long to wait for it."""

    def __init__(self, base_url: str, timeout_s: float = DEFAULT_TIMEOUT_S) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout_s = timeout_s

    def minutes_to(self, origins: Sequence[Point], destination: Point) -> list[float] | None:
        if not origins:
            return []
        try:
            table = self.table(origins, [destination])
        except RouteServiceError as exc:
            log.warning("route service %s: %s", self.base_url, exc)
            return None
        column = [row[0] for row in table]
        if any(m is None for m in column):  # ranking compares all or none
            log.warning("route service %s: no road for some of %d origins", self.base_url,
                        len(origins))  # fmt: skip
            return None
        return [m for m in column if m is not None]

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Table:
        """Driving minutes from every source to every destination, in one request."""
        if not sources or not destinations:
            return [[] for _ in sources]
        return self._ask(sources, destinations)

    def _ask(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Table:
        raise NotImplementedError


class OsrmRouter(_RouteService):
    """`GET {base}/table/v1/driving/{lon,lat;...}?sources=...&destinations=...`"""

    def _ask(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Table:
        points: dict[Point, int] = {}  # a point asked for both ways is sent once
        for p in (*sources, *destinations):
            points.setdefault(p, len(points))
        coords = ";".join(f"{lon:.6f},{lat:.6f}" for lat, lon in points)
        url = (
            f"{self.base_url}/table/v1/driving/{coords}"
            f"?sources={';'.join(str(points[p]) for p in sources)}"
            f"&destinations={';'.join(str(points[p]) for p in destinations)}"
            "&annotations=duration"
        )
        data = _fetch("GET", url, self.timeout_s)
        if not isinstance(data, dict) or data.get("code") != "Ok":
            raise RouteServiceError(f"no table ({_short(data)})")
        return _matrix(data.get("durations"), sources, destinations, lambda cell: cell)


class ValhallaRouter(_RouteService):
    """`POST {base}/sources_to_targets` with `costing: auto`."""

    def _ask(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Table:
        body = {
            "sources": [{"lat": lat, "lon": lon} for lat, lon in sources],
            "targets": [{"lat": lat, "lon": lon} for lat, lon in destinations],
            "costing": "auto",
        }
        data = _fetch("POST", f"{self.base_url}/sources_to_targets", self.timeout_s, body)
        if not isinstance(data, dict):
            raise RouteServiceError(f"no matrix ({_short(data)})")
        return _matrix(
            data.get("sources_to_targets"),
            sources,
            destinations,
            lambda cell: cell.get("time") if isinstance(cell, dict) else cell,
        )


def _matrix(
    rows: Any,
    sources: Sequence[Point],
    destinations: Sequence[Point],
    seconds: Callable[[Any], Any],
) -> Table:
    """Seconds per cell to minutes, checking the shape: a short or ragged answer is refused
    whole rather than read into the wrong pairs."""
    if not isinstance(rows, list) or len(rows) != len(sources):
        raise RouteServiceError(f"unreadable table ({_short(rows)})")
    out: Table = []
    for row in rows:
        if not isinstance(row, list) or len(row) != len(destinations):
            raise RouteServiceError(f"unreadable table row ({_short(row)})")
        cells: list[float | None] = []
        for cell in row:
            value = seconds(cell)
            if value is None:
                cells.append(None)  # no road between them: the caller estimates
            elif isinstance(value, int | float) and not isinstance(value, bool) and value >= 0:
                cells.append(float(value) / 60.0)
            else:
                raise RouteServiceError(f"unreadable duration ({_short(cell)})")
        out.append(cells)
    return out


def _short(data: Any) -> str:
    return f"{data!r:.200}"


def _fetch(verb: str, url: str, timeout_s: float, body: Any = None) -> Any:
    """The answer's JSON; RouteServiceError when the service fails, is slow or answers nonsense."""
    import requests

    try:
        response = requests.request(verb, url, json=body, timeout=timeout_s)
        if not response.ok:
            raise RouteServiceError(f"{url} answered HTTP {response.status_code}")
        return response.json()
    except (requests.RequestException, ValueError) as exc:  # JSONDecodeError is a ValueError
        raise RouteServiceError(f"{url}: {exc}") from exc


def router_for(
    kind: str, url: str, timeout_s: float = DEFAULT_TIMEOUT_S
) -> OsrmRouter | ValhallaRouter | None:
    if not url:
        return None
    return ValhallaRouter(url, timeout_s) if kind == "valhalla" else OsrmRouter(url, timeout_s)


def road_times_for(kind: str, url: str) -> RoadTravel | None:
    """The dispatch board's road times, or None when no route service is configured. The
    module (and numpy with it) is imported here, when the board is first made."""
    from .road_times import BOARD_TIMEOUT_S, RoadTimes

    router = router_for(kind, url, BOARD_TIMEOUT_S)
    return None if router is None else RoadTimes(router)
