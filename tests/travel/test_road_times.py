"""Road times behind the schedule's TravelTimes, against a fake OSRM and Valhalla on real
sockets answering with the projects' own published matrices: one request per call, a cache
that spares the second, the straight-line estimate for whatever the service cannot answer,
and one log line per outage."""

from __future__ import annotations

import logging
import math
from collections.abc import Iterator

import numpy as np
import pytest

from dispatch_console.domain.schedule.travel import STRAIGHT_LINE
from dispatch_console.travel.road_times import RoadTimes
from dispatch_console.travel.routers import OsrmRouter, ValhallaRouter, router_for

from .route_service import (
    OSRM_EXAMPLE,
    OSRM_POINTS,
    VALHALLA_ANSWERS,
    VALHALLA_SOURCES,
    VALHALLA_TARGETS,
    FakeRouteService,
    route_service,
)

FRIEDRICH, TOR, PLATZ = OSRM_POINTS
SECONDS = OSRM_EXAMPLE["durations"]


@pytest.fixture
def osrm() -> Iterator[FakeRouteService]:
    with route_service("osrm") as fake:
        yield fake


@pytest.fixture
def valhalla() -> Iterator[FakeRouteService]:
    with route_service("valhalla") as fake:
        yield fake


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def column(*points: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    return np.array([p[0] for p in points]), np.array([p[1] for p in points])


def estimate(origin: tuple[float, float], site: tuple[float, float]) -> float:
    return float(STRAIGHT_LINE.to_site(*column(origin), *site)[0])


def test_many_origins_to_a_site_in_one_request_then_from_the_cache(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url))
    lat, lon = column(FRIEDRICH, TOR)
    minutes = road.to_site(lat, lon, *PLATZ)
    assert minutes.tolist() == pytest.approx([SECONDS[0][2] / 60, SECONDS[1][2] / 60])
    assert osrm.count == 1
    path = osrm.requests[0][0]
    assert path.startswith("/table/v1/driving/13.388900,52.517000;13.397600,52.529400;")
    assert path.endswith("?sources=0;1&destinations=2&annotations=duration")
    assert road.to_site(lat, lon, *PLATZ).tolist() == minutes.tolist()
    assert osrm.count == 1  # the cache answered
    assert road.known.by_road(*TOR, *PLATZ) and not road.known.by_road(*PLATZ, *TOR)


def test_from_a_site_to_many_is_one_request_the_other_way(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url))
    minutes = road.from_site(*FRIEDRICH, *column(TOR, PLATZ))
    assert minutes.tolist() == pytest.approx([SECONDS[0][1] / 60, SECONDS[0][2] / 60])
    assert osrm.count == 1 and "sources=0&destinations=1;2" in osrm.requests[0][0]


def test_a_days_legs_are_fetched_in_one_table_and_then_known(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url))
    trips = [(FRIEDRICH, TOR), (TOR, PLATZ), (FRIEDRICH, TOR)]  # a repeat is asked once
    assert road.fetch(trips) == 2
    assert osrm.count == 1
    assert road.known.to_site(*column(FRIEDRICH), *TOR).tolist() == [
        pytest.approx(SECONDS[0][1] / 60)
    ]
    assert road.fetch(trips) == 0 and osrm.count == 1  # nothing new to ask


def test_nowhere_is_never_asked_and_stays_unknown(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url))
    minutes = road.to_site(np.array([math.nan]), np.array([math.nan]), *TOR)
    assert math.isnan(minutes[0]) and osrm.count == 0
    assert road.fetch([((math.nan, math.nan), TOR)]) == 0 and osrm.count == 0


def test_valhalla_matrix_from_its_own_test_answers(valhalla: FakeRouteService) -> None:
    router = router_for("valhalla", valhalla.url)
    assert isinstance(router, ValhallaRouter)
    road = RoadTimes(router)
    lat, lon = column(*VALHALLA_SOURCES)
    minutes = road.to_site(lat, lon, *VALHALLA_TARGETS[1])
    assert minutes.tolist() == pytest.approx([row[1][0] / 60 for row in VALHALLA_ANSWERS])
    assert valhalla.count == 1
    path, body = valhalla.requests[0]
    assert path == "/sources_to_targets" and body["costing"] == "auto"
    assert len(body["sources"]) == 4 and len(body["targets"]) == 1


def test_no_road_for_one_pair_estimates_that_pair_alone_and_remembers_it(
    osrm: FakeRouteService, caplog: pytest.LogCaptureFixture
) -> None:
    osrm.no_road = {(1, 2)}  # Torstraße to the Platz: null, as OSRM answers an unroutable pair
    road = RoadTimes(OsrmRouter(osrm.url))
    with caplog.at_level(logging.INFO, "dispatch_console.travel"):
        minutes = road.to_site(*column(FRIEDRICH, TOR), *PLATZ)
    assert minutes.tolist() == pytest.approx([SECONDS[0][2] / 60, estimate(TOR, PLATZ)])
    assert not road.known.by_road(*TOR, *PLATZ)
    assert "no road for 1 of 2 trips" in caplog.text
    road.to_site(*column(TOR), *PLATZ)
    assert osrm.count == 1  # the service said so once: not asked again


@pytest.mark.parametrize("mode", ["500", "garbage", "slow"])
def test_a_failing_service_means_the_estimate_without_an_exception_and_one_log_line(
    osrm: FakeRouteService, mode: str, caplog: pytest.LogCaptureFixture
) -> None:
    osrm.mode, osrm.delay_s = mode, 1.0
    clock = Clock()
    road = RoadTimes(OsrmRouter(osrm.url, timeout_s=0.3), clock=clock, retry_after_s=30)
    lat, lon = column(FRIEDRICH, TOR)
    expected = [estimate(FRIEDRICH, PLATZ), estimate(TOR, PLATZ)]
    with caplog.at_level(logging.DEBUG, "dispatch_console.travel"):
        assert road.to_site(lat, lon, *PLATZ).tolist() == pytest.approx(expected)
        assert road.fetch([(FRIEDRICH, TOR), (TOR, PLATZ)]) == 0  # not asked: failing just now
        assert road.to_site(lat, lon, *PLATZ).tolist() == pytest.approx(expected)
        assert osrm.count == 1
        clock.now += 31  # retried after a while: still failing, still one warning
        road.to_site(lat, lon, *PLATZ)
        assert osrm.count == 2
    warnings = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1
    assert osrm.url in warnings[0].getMessage()
    assert "straight-line estimates until it answers" in warnings[0].getMessage()
    assert not road.known.by_road(*TOR, *PLATZ)


def test_a_service_back_after_an_outage_is_used_again_and_says_so(
    osrm: FakeRouteService, caplog: pytest.LogCaptureFixture
) -> None:
    osrm.mode = "500"
    clock = Clock()
    road = RoadTimes(OsrmRouter(osrm.url), clock=clock)
    with caplog.at_level(logging.INFO, "dispatch_console.travel"):
        road.to_site(*column(TOR), *PLATZ)
        osrm.mode = "ok"
        clock.now += 60
        minutes = road.to_site(*column(TOR), *PLATZ)
    assert minutes.tolist() == [pytest.approx(SECONDS[1][2] / 60)]
    assert [r.levelname for r in caplog.records] == ["WARNING", "INFO"]
    assert "answering again" in caplog.records[1].getMessage()


def test_an_unreachable_service_means_the_estimate(caplog: pytest.LogCaptureFixture) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    road = RoadTimes(ValhallaRouter(f"http://127.0.0.1:{port}"))
    assert road.fetch([(TOR, PLATZ)]) == 0
    assert road.known.to_site(*column(TOR), *PLATZ).tolist() == [estimate(TOR, PLATZ)]
    assert len(caplog.records) == 1 and "sources_to_targets" in caplog.text


def test_a_point_the_service_cannot_place_is_estimated(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url))
    shanghai = (31.2304, 121.4737)  # not on the fixture's map: OSRM answers NoSegment
    assert road.to_site(*column(shanghai), *TOR).tolist() == [estimate(shanghai, TOR)]


def test_big_boards_are_asked_in_bounded_tables(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url), most_points=2)
    assert road.fetch([(FRIEDRICH, TOR), (TOR, PLATZ), (PLATZ, FRIEDRICH)]) == 3
    assert osrm.count == 2
    for path, _ in osrm.requests:
        query = path.split("?", 1)[1]
        sources, destinations = (part.split("=")[1].split(";") for part in query.split("&")[:2])
        assert len(sources) <= 2 and len(destinations) <= 2


def test_the_cache_is_bounded_and_forgets_the_oldest(osrm: FakeRouteService) -> None:
    road = RoadTimes(OsrmRouter(osrm.url), cache_trips=2)
    road.fetch([(FRIEDRICH, TOR)])  # one table: F→T alone
    road.fetch([(TOR, PLATZ)])
    road.fetch([(PLATZ, FRIEDRICH)])
    assert osrm.count == 3
    assert not road.known.by_road(*FRIEDRICH, *TOR)  # the oldest went
    assert road.known.by_road(*PLATZ, *FRIEDRICH)
