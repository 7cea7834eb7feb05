"""Route services over real HTTP on loopback: OSRM's table API, Valhalla's matrix, failures."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from dispatch_console.travel.routers import OsrmRouter, ValhallaRouter, router_for

Reply = Callable[[BaseHTTPRequestHandler, bytes], tuple[int, Any]]


@pytest.fixture
def server() -> Iterator[Callable[[Reply], tuple[str, list[str]]]]:
    servers: list[ThreadingHTTPServer] = []

    def start(reply: Reply) -> tuple[str, list[str]]:
        seen: list[str] = []

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                seen.append(self.path if not body else self.path + " " + body.decode())
                status, payload = reply(self, body)
                data = payload if isinstance(payload, bytes) else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *args: Any) -> None:
                pass

        httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        servers.append(httpd)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{httpd.server_address[1]}", seen

    yield start
    for s in servers:
        s.shutdown()
        s.server_close()


def test_osrm_table_asks_once_for_all_origins_in_lon_lat_order(server: Any) -> None:
    url, seen = server(lambda h, b: (200, {"code": "Ok", "durations": [[600.0], [1500.0]]}))
    router = OsrmRouter(url)
    assert router.minutes_to([(31.1, 121.4), (31.3, 121.6)], (31.2, 121.5)) == [10.0, 25.0]
    assert seen == [
        "/table/v1/driving/121.400000,31.100000;121.600000,31.300000;121.500000,31.200000"
        "?sources=0;1&destinations=2&annotations=duration"
    ]


def test_valhalla_matrix(server: Any) -> None:
    answer = {"sources_to_targets": [[{"time": 300, "distance": 2.1}], [{"time": 900}]]}
    url, seen = server(lambda h, b: (200, answer))
    router = router_for("valhalla", url)
    assert isinstance(router, ValhallaRouter)
    assert router.minutes_to([(31.1, 121.4), (31.3, 121.6)], (31.2, 121.5)) == [5.0, 15.0]
    body = json.loads(seen[0].split(" ", 1)[1])
    assert body["targets"] == [{"lat": 31.2, "lon": 121.5}] and body["costing"] == "auto"


@pytest.mark.parametrize(
    "reply",
    [
        lambda h, b: (500, {"message": "boom"}),
        lambda h, b: (200, b"<html>not json</html>"),
        lambda h, b: (200, {"code": "NoRoute", "message": "Impossible route"}),
        lambda h, b: (200, {"code": "Ok", "durations": [[None]]}),
    ],
)
def test_a_broken_answer_means_no_road_times_and_says_so_in_the_log(
    server: Any, reply: Reply, caplog: pytest.LogCaptureFixture
) -> None:
    url, _ = server(reply)
    assert OsrmRouter(url).minutes_to([(31.1, 121.4)], (31.2, 121.5)) is None
    assert [r.levelname for r in caplog.records] == ["WARNING"]
    assert url in caplog.records[0].getMessage()


def test_a_slow_service_costs_at_most_the_timeout(server: Any) -> None:
    def slow(h: BaseHTTPRequestHandler, b: bytes) -> tuple[int, Any]:
        time.sleep(1.5)
        return 200, {"code": "Ok", "durations": [[60.0]]}

    url, _ = server(slow)
    started = time.monotonic()
    assert OsrmRouter(url, timeout_s=0.3).minutes_to([(31.1, 121.4)], (31.2, 121.5)) is None
    assert time.monotonic() - started < 1.0


def test_an_unreachable_service_means_no_road_times(caplog: pytest.LogCaptureFixture) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    router = ValhallaRouter(f"http://127.0.0.1:{port}")
    assert router.minutes_to([(31.1, 121.4)], (31.2, 121.5)) is None
    assert "sources_to_targets" in caplog.text


def test_nothing_configured_means_no_router() -> None:
    assert router_for("osrm", "") is None
