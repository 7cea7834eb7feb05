"""Road times behind the schedule's `TravelTimes`: minutes from the configured OSRM or Valhalla
service where it answers, the straight-line estimate for every trip it cannot answer.

- Batched: one table request per call (many origins to one site, one site to many
  destinations), and `fetch` asks for a whole board's trips in a few square tables.
- Cached by coordinates rounded to about 10 m, bounded (least recently used goes first):
  consecutive jobs and a board read again repeat the same trips.
- A failing service (down, slow, an HTTP error, nonsense) is logged once when it starts failing
  and once when it answers again, not per call; for `RETRY_AFTER_S` after a failure it is not
  asked at all, so an outage costs one timeout, not one per call. Nothing here raises.
- `known` never touches the network: what the GUI thread draws with."""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

import numpy as np

from ..domain.schedule.travel import STRAIGHT_LINE, Floats, TravelTimes
from .routers import Point, RouteServiceError, Table

BOARD_TIMEOUT_S = 1.5  # the board shows the estimate meanwhile; a slow service only delays the road
RETRY_AFTER_S = 30.0
CACHE_TRIPS = 50_000  # ~100 bytes each
MOST_POINTS = 50  # per side of one table: under OSRM's default max-table-size (100) and
# Valhalla's default 2,500 location pairs for auto
DIGITS = 4  # 1e-4 degrees: about 11 m
NO_ROAD = math.nan  # cached: the service found no road between them (the estimate stands)
log = logging.getLogger(__name__)

Key = tuple[float, float, float, float]


class TableService(Protocol):
    """What `travel/routers.py`'s clients offer."""

    base_url: str

    def table(self, sources: Sequence[Point], destinations: Sequence[Point]) -> Table: ...


def _key(lat: float, lon: float, site_lat: float, site_lon: float) -> Key:
    return (
        round(lat, DIGITS),
        round(lon, DIGITS),
        round(site_lat, DIGITS),
        round(site_lon, DIGITS),
    )


def _point(lat: float, lon: float) -> Point:
    return round(lat, DIGITS), round(lon, DIGITS)


class _Cache:
    """Thread-safe: pool threads fill it while the GUI thread reads it."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._minutes: OrderedDict[Key, float] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Key) -> float | None:
        with self._lock:
            value = self._minutes.get(key)
            if value is not None:
                self._minutes.move_to_end(key)
            return value

    def put_table(
        self, sources: Sequence[Point], destinations: Sequence[Point], table: Table
    ) -> None:
        with self._lock:
            for (lat, lon), row in zip(sources, table, strict=True):
                for (site_lat, site_lon), minutes in zip(destinations, row, strict=True):
                    key = (lat, lon, site_lat, site_lon)
                    self._minutes[key] = NO_ROAD if minutes is None else minutes
                    self._minutes.move_to_end(key)
            while len(self._minutes) > self._size:
                self._minutes.popitem(last=False)

    def __len__(self) -> int:
        return len(self._minutes)


class KnownRoadTimes:
    """Road minutes already fetched, else the estimate: a `TravelTimes` that never waits."""

    def __init__(self, cache: _Cache, fallback: TravelTimes) -> None:
        self._cache = cache
        self._fallback = fallback

    def road_minutes(self, lat: float, lon: float, site_lat: float, site_lon: float) -> float:
        """NaN unless the service gave a road time for this trip."""
        if math.isnan(lat) or math.isnan(lon):
            return math.nan
        found = self._cache.get(_key(lat, lon, site_lat, site_lon))
        return math.nan if found is None else found

    def by_road(self, lat: float, lon: float, site_lat: float, site_lon: float) -> bool:
        return not math.isnan(self.road_minutes(lat, lon, site_lat, site_lon))

    def to_site(self, lat: Floats, lon: Floats, site_lat: float, site_lon: float) -> Floats:
        out = np.array(self._fallback.to_site(lat, lon, site_lat, site_lon), dtype=np.float64)
        for i, (a, b) in enumerate(zip(lat.tolist(), lon.tolist(), strict=True)):
            road = self.road_minutes(a, b, site_lat, site_lon)
            if not math.isnan(road):
                out[i] = road
        return out

    def from_site(self, site_lat: float, site_lon: float, lat: Floats, lon: Floats) -> Floats:
        out = np.array(self._fallback.from_site(site_lat, site_lon, lat, lon), dtype=np.float64)
        for i, (a, b) in enumerate(zip(lat.tolist(), lon.tolist(), strict=True)):
            road = self.road_minutes(site_lat, site_lon, a, b)
            if not math.isnan(road):
                out[i] = road
        return out


class RoadTimes:
    """`TravelTimes` by road: `to_site`/`from_site` ask the service for what is not cached (one
    request per call; for pool threads and servers, never the GUI thread); `fetch` fills the
    cache for many trips at once; `known` reads the cache only."""

    def __init__(
        self,
        service: TableService,
        *,
        fallback: TravelTimes = STRAIGHT_LINE,
        cache_trips: int = CACHE_TRIPS,
        retry_after_s: float = RETRY_AFTER_S,
        most_points: int = MOST_POINTS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.service = service
        self._cache = _Cache(cache_trips)
        self.known = KnownRoadTimes(self._cache, fallback)
        self._retry_after_s = retry_after_s
        self._most_points = most_points
        self._clock = clock
        self._state = threading.Lock()
        self._failing_since: float | None = None  # set while the service is failing
        self._next_try = -math.inf

    # --- TravelTimes -------------------------------------------------------------------------
    def to_site(self, lat: Floats, lon: Floats, site_lat: float, site_lon: float) -> Floats:
        site = _point(site_lat, site_lon)
        missing = self._unknown(lat, lon, lambda p: _key(*p, *site))
        if missing:
            self._ask(missing, [site])
        return self.known.to_site(lat, lon, site_lat, site_lon)

    def from_site(self, site_lat: float, site_lon: float, lat: Floats, lon: Floats) -> Floats:
        site = _point(site_lat, site_lon)
        missing = self._unknown(lat, lon, lambda p: _key(*site, *p))
        if missing:
            self._ask([site], missing)
        return self.known.from_site(site_lat, site_lon, lat, lon)

    def _unknown(self, lat: Floats, lon: Floats, key: Callable[[Point], Key]) -> list[Point]:
        """The points (once each) whose trip is neither cached nor nowhere (NaN)."""
        out: dict[Point, None] = {}
        for a, b in zip(lat.tolist(), lon.tolist(), strict=True):
            if math.isnan(a) or math.isnan(b):
                continue
            p = _point(a, b)
            if p not in out and self._cache.get(key(p)) is None:
                out[p] = None
        return list(out)

    # --- many trips at once ------------------------------------------------------------------
    def fetch(self, trips: Iterable[tuple[Point, Point]]) -> int:
        """Asks for every trip not yet known, in square-ish tables of at most `most_points`
        sources and as many destinations (a day's legs share their points: A→B, B→C ...).
        Returns how many of the trips asked for came back by road."""
        wanted: dict[Key, tuple[Point, Point]] = {}
        for (a, b), (c, d) in trips:
            if any(math.isnan(v) for v in (a, b, c, d)):
                continue
            key = _key(a, b, c, d)
            if key not in wanted and self._cache.get(key) is None:
                wanted[key] = ((key[0], key[1]), (key[2], key[3]))
        got = 0
        for sources, destinations in self._chunks(list(wanted.values())):
            if not self._ask(sources, destinations):
                break  # failing: the rest keep their estimates (logged once)
        for key in wanted:
            found = self._cache.get(key)
            got += found is not None and not math.isnan(found)
        return got

    def _chunks(
        self, trips: list[tuple[Point, Point]]
    ) -> Iterable[tuple[list[Point], list[Point]]]:
        sources: dict[Point, None] = {}
        destinations: dict[Point, None] = {}
        for origin, site in trips:
            grows = (origin not in sources) + (site not in destinations)
            if grows and max(len(sources), len(destinations)) >= self._most_points:
                yield list(sources), list(destinations)
                sources, destinations = {}, {}
            sources.setdefault(origin)
            destinations.setdefault(site)
        if sources:
            yield list(sources), list(destinations)

    # --- asking, and saying so once -----------------------------------------------------------
    def _ask(self, sources: list[Point], destinations: list[Point]) -> bool:
        with self._state:
            if self._clock() < self._next_try:
                return False  # failing a moment ago: not asked again yet
        try:
            table = self.service.table(sources, destinations)
        except RouteServiceError as exc:
            self._failed(str(exc))
            return False
        except Exception:  # a bug here must not take the board down with it
            log.exception("road times from %s: unexpected failure", self.service.base_url)
            self._failed("unexpected failure")
            return False
        self._cache.put_table(sources, destinations, table)
        self._answered(table)
        return True

    def _failed(self, reason: str) -> None:
        with self._state:
            first = self._failing_since is None
            now = self._clock()
            if first:
                self._failing_since = now
            self._next_try = now + self._retry_after_s
        if first:
            log.warning(
                "road times from %s unavailable (%s): straight-line estimates until it answers",
                self.service.base_url, reason,
            )  # fmt: skip
        else:
            log.debug("road times from %s still unavailable: %s", self.service.base_url, reason)

    def _answered(self, table: Table) -> None:
        with self._state:
            was_failing = self._failing_since is not None
            self._failing_since = None
            self._next_try = -math.inf
        if was_failing:
            log.info("road times from %s: answering again", self.service.base_url)
        unroutable = sum(cell is None for row in table for cell in row)
        if unroutable:
            log.info(
                "road times from %s: no road for %d of %d trips; estimated instead",
                self.service.base_url, unroutable, sum(len(row) for row in table),
            )  # fmt: skip
