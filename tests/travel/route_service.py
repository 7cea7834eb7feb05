"""A fake OSRM or Valhalla on a real loopback socket, speaking their wire formats and answering
from matrices the projects themselves publish, for any subset and order of those points (as
the real services do). It can also fail the ways real ones fail: HTTP 500, a body that is not
JSON, an answer slower than the client's timeout, an unknown point.

Fixtures (the numbers are the projects'; only the subsetting is ours):

- OSRM: Project-OSRM/osrm-backend, docs/http.md at 65acbae8089fc1426dc55d4e4058fa67dc6a662d,
  "Table service" > "Example Response": three points in Berlin (the example request's
  coordinates), `durations` in seconds, `sources`/`destinations` waypoints with their hints.
- Valhalla: valhalla/valhalla, test/matrix.cc at 051cbaf93ae9ecc1a8e705e68e0ed017e0714b7b:
  `test_request`'s four sources and four targets in Utrecht and `matrix_answers` (row by row,
  {time s, distance m}); the body's shape (`sources_to_targets` rows of from_index, to_index,
  time, distance in km, and `units`) as docs/docs/api/matrix/api-reference.md describes it. The
  error body is the one the bindings' test expects for a point off the map (error_code 171,
  HTTP 400, test/bindings/python/test_actor.py).
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

# --- Project-OSRM/osrm-backend docs/http.md, Table service, Example Response -----------------
# (lat, lon) of the example request `13.388860,52.517037;13.397634,52.529407;13.428555,52.523219`
OSRM_POINTS = [(52.517037, 13.388860), (52.529407, 13.397634), (52.523219, 13.428555)]
OSRM_EXAMPLE: dict[str, Any] = {
    "sources": [
        {
            "location": [13.3888, 52.517033],
            "hint": "PAMAgEVJAoAUAAAAIAAAAAcAAAAAAAAArss0Qa7LNEHiVIRA4lSEQAoAAAAQAAAABAAAAAAAAADMAAAAAEzMAKlYIQM8TMwArVghAwEA3wps52D3",  # noqa: E501
            "name": "Friedrichstraße",
        },
        {
            "location": [13.397631, 52.529432],
            "hint": "WIQBgL6mAoAEAAAABgAAAAAAAAA7AAAAhU6PQHvHj0IAAAAAQbyYQgQAAAAGAAAAAAAAADsAAADMAAAAf27MABiJIQOCbswA_4ghAwAAXwVs52D3",  # noqa: E501
            "name": "Torstraße",
        },
        {
            "location": [13.428554, 52.523239],
            "hint": "7UcAgP___38fAAAAUQAAACYAAABTAAAAhSQKQrXq5kKRbiZCWJo_Qx8AAABRAAAAJgAAAFMAAADMAAAASufMAOdwIQNL58wA03AhAwMAvxBs52D3",  # noqa: E501
            "name": "Platz der Vereinten Nationen",
        },
    ],
    "durations": [[0, 192.6, 382.8], [199, 0, 283.9], [344.7, 222.3, 0]],
    "code": "Ok",
}

# --- valhalla/valhalla test/matrix.cc: test_request and matrix_answers ({time, dist}) --------
VALHALLA_SOURCES = [(52.106337, 5.101728), (52.111276, 5.089717), (52.103105, 5.081005),
                    (52.103948, 5.06813)]  # fmt: skip
VALHALLA_TARGETS = [(52.106126, 5.101497), (52.100469, 5.087099), (52.103105, 5.081005),
                    (52.094273, 5.075254)]  # fmt: skip
VALHALLA_ANSWERS = [
    [(28, 28), (2027, 1837), (2403, 2213), (4163, 3838)],
    [(1519, 1398), (1808, 1638), (2061, 1951), (3944, 3639)],
    [(2311, 2111), (701, 641), (0, 0), (2821, 2626)],
    [(5562, 5177), (3952, 3707), (4367, 4107), (1825, 1680)],
]
# test/bindings/python/test_actor.py: a point the graph cannot place
VALHALLA_NO_EDGES = {
    "error_code": 171,
    "error": "No suitable edges near location",
    "status_code": 400,
    "status": "Bad Request",
}

NEAR = 2e-4  # degrees: the client rounds to 1e-4 before asking


def _index(points: list[tuple[float, float]], lat: float, lon: float) -> int | None:
    for i, (a, b) in enumerate(points):
        if abs(a - lat) <= NEAR and abs(b - lon) <= NEAR:
            return i
    return None


class FakeRouteService:
    """`mode`: "ok", "500", "garbage", "slow" (sleeps `delay_s`, then answers), "hold" (waits
    for `release` before answering). `requests` holds each request's path and body."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self.mode = "ok"
        self.delay_s = 1.0
        self.no_road: set[tuple[int, int]] = set()  # (source, destination) answered null
        self.release = threading.Event()
        self.requests: list[tuple[str, Any]] = []
        self._lock = threading.Lock()
        self.url = ""

    @property
    def count(self) -> int:
        with self._lock:
            return len(self.requests)

    def answer(self, path: str, body: Any) -> tuple[int, bytes]:
        with self._lock:
            self.requests.append((path, body))
        if self.mode == "slow":
            time.sleep(self.delay_s)
        elif self.mode == "hold":
            self.release.wait(10)
        if self.mode == "500":
            return 500, b'{"message": "Internal Server Error"}'
        if self.mode == "garbage":
            return 200, b"<html><body>502 Bad Gateway</body></html>"
        status, data = self._osrm(path) if self.kind == "osrm" else self._valhalla(body)
        return status, json.dumps(data).encode()

    def _osrm(self, path: str) -> tuple[int, Any]:
        parts = urlsplit(path)
        coords = parts.path.rsplit("/", 1)[-1].split(";")
        query = {k: v[0] for k, v in parse_qs(parts.query).items()}
        found = []
        for n, pair in enumerate(coords):
            lon, lat = (float(x) for x in pair.split(","))
            i = _index(OSRM_POINTS, lat, lon)
            if i is None:
                message = f"Could not find a matching segment for coordinate {n}"
                return 400, {"code": "NoSegment", "message": message}
            found.append(i)
        every = ";".join(str(i) for i in range(len(found)))
        sources = [found[int(k)] for k in query.get("sources", every).split(";")]
        targets = [found[int(k)] for k in query.get("destinations", every).split(";")]
        durations = [
            [None if (s, t) in self.no_road else OSRM_EXAMPLE["durations"][s][t] for t in targets]
            for s in sources
        ]
        return 200, {
            "code": "Ok",
            "durations": durations,
            "sources": [OSRM_EXAMPLE["sources"][s] for s in sources],
            "destinations": [OSRM_EXAMPLE["sources"][t] for t in targets],
        }

    def _valhalla(self, body: Any) -> tuple[int, Any]:
        sources = [_index(VALHALLA_SOURCES, p["lat"], p["lon"]) for p in body["sources"]]
        targets = [_index(VALHALLA_TARGETS, p["lat"], p["lon"]) for p in body["targets"]]
        if None in sources or None in targets:
            return 400, VALHALLA_NO_EDGES
        rows = []
        for si, s in enumerate(sources):
            row = []
            for ti, t in enumerate(targets):
                assert s is not None and t is not None
                seconds, metres = VALHALLA_ANSWERS[s][t]
                unroutable = (s, t) in self.no_road
                row.append(
                    {
                        "from_index": si,
                        "to_index": ti,
                        "time": None if unroutable else seconds,
                        "distance": None if unroutable else metres / 1000,
                    }
                )
            rows.append(row)
        return 200, {"sources_to_targets": rows, "units": "kilometers"}


@contextmanager
def route_service(kind: str) -> Iterator[FakeRouteService]:
    """The fake listening on 127.0.0.1, an ephemeral port; `url` is its base."""
    fake = FakeRouteService(kind)

    class Handler(BaseHTTPRequestHandler):
        def _answer(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, data = fake.answer(self.path, json.loads(raw) if raw else None)
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up waiting (the timeout tests): nobody to answer

        do_GET = do_POST = _answer  # noqa: N815

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    fake.url = f"http://127.0.0.1:{httpd.server_address[1]}"
    try:
        yield fake
    finally:
        fake.release.set()
        httpd.shutdown()
        httpd.server_close()
