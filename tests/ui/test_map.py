"""The map page in a real QtWebEngine page: the bridge both ways, datums, offline mode."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.config import MapSettings
from dispatch_console.domain.datum import to_display
from dispatch_console.domain.enums import TechnicianStatus
from dispatch_console.domain.ranking import FleetMember, TicketPin
from dispatch_console.ui.map.panel import MapPanel

from .conftest import SITE

NOW = datetime.now(UTC)


@pytest.fixture
def panel(qtbot: QtBot, mbtiles: Path) -> Iterator[MapPanel]:
    p = MapPanel(MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""))
    qtbot.addWidget(p)
    p.resize(800, 600)
    p.show()
    with qtbot.waitSignal(p.ready, timeout=20000):
        pass
    yield p


def js(qtbot: QtBot, panel: MapPanel, code: str) -> Any:
    """Evaluate in the page; the value comes back through JSON."""
    box: list[Any] = []
    panel.page.runJavaScript(f"JSON.stringify({code})", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0])


def member(id: int, lat: float, lon: float, **kw: Any) -> FleetMember:
    return FleetMember(
        id=id,
        name=kw.pop("name", f"tech{id}"),
        department_id=1,
        skills=("lift",),
        status=kw.pop("status", TechnicianStatus.AVAILABLE),
        max_open_jobs=5,
        lat=lat,
        lon=lon,
        position_at=kw.pop("position_at", NOW),
    )


def test_positions_sent_from_python_move_markers_in_the_page(qtbot: QtBot, panel: MapPanel) -> None:
    with qtbot.waitSignal(panel.applied, timeout=5000) as drawn:
        panel.show_technicians(
            [
                member(1, 31.23, 121.47, name="郭宁"),
                member(2, 31.24, 121.48, position_at=NOW - timedelta(hours=2)),
            ],
            NOW,
        )
    assert drawn.args[:2] == ["technicians", 2]
    first = js(qtbot, panel, "dispatchMap.technician(1)")
    assert first["lat"] == pytest.approx(31.23) and first["fill"] == "#2e7d32"
    assert js(qtbot, panel, "dispatchMap.technician(2)")["fill"] == "#bdbdbd"  # stale: grey

    with qtbot.waitSignal(panel.applied, timeout=5000) as moved:
        panel.move_technicians([(1, 31.25, 121.50, None)])
    assert moved.args[:2] == ["positions", 1]
    now_at = js(qtbot, panel, "dispatchMap.technician(1)")
    assert (now_at["lat"], now_at["lon"]) == pytest.approx((31.25, 121.50))
    # a fresh fix turns a grey marker back to its status colour
    with qtbot.waitSignal(panel.applied, timeout=5000):
        panel.move_technicians([(2, 31.24, 121.48, None)])
    assert js(qtbot, panel, "dispatchMap.technician(2)")["fill"] == "#2e7d32"


def test_clicks_in_the_page_reach_python(qtbot: QtBot, panel: MapPanel) -> None:
    with qtbot.waitSignal(panel.applied, timeout=5000):
        panel.show_technicians([member(7, 31.23, 121.47)], NOW)
    with qtbot.waitSignal(panel.applied, timeout=5000):
        panel.show_tickets([TicketPin(42, "电梯困人", 31.22, 121.46, "critical", "at_risk")])
    with qtbot.waitSignal(panel.technician_clicked, timeout=5000) as clicked:
        js(qtbot, panel, "dispatchMap.clickTechnician(7) || true")
    assert clicked.args == [7]
    with qtbot.waitSignal(panel.ticket_clicked, timeout=5000) as clicked:
        js(qtbot, panel, "dispatchMap.clickTicket(42) || true")
    assert clicked.args == [42]


def test_gcj02_tiles_show_converted_positions_and_clicks_come_back_in_wgs84(
    qtbot: QtBot, mbtiles: Path
) -> None:
    p = MapPanel(MapSettings(mbtiles_path=str(mbtiles), offline=True, datum="gcj02", tile_url=""))
    qtbot.addWidget(p)
    with qtbot.waitSignal(p.ready, timeout=20000):
        p.show()
    with qtbot.waitSignal(p.applied, timeout=5000):
        p.show_technicians([member(1, *SITE)], NOW)
    shown = js(qtbot, p, "dispatchMap.technician(1)")
    expected = to_display(*SITE, "gcj02")
    assert (shown["lat"], shown["lon"]) == pytest.approx(expected)
    assert (shown["lat"], shown["lon"]) != pytest.approx(SITE, abs=1e-3)  # hundreds of metres
    with qtbot.waitSignal(p.map_clicked, timeout=5000) as clicked:
        js(qtbot, p, f"dispatchMap.clickMap({expected[0]}, {expected[1]}) || true")
    assert clicked.args == pytest.approx(list(SITE), abs=1e-7)


def test_offline_mode_makes_no_request_to_another_host(qtbot: QtBot, mbtiles: Path) -> None:
    osm = MapSettings(offline=True)  # OSM tiles configured, but offline: every request blocked
    p = MapPanel(osm)
    qtbot.addWidget(p)
    p.resize(600, 400)
    with qtbot.waitSignal(p.ready, timeout=20000):
        p.show()
    qtbot.waitUntil(lambda: p.guard.blocked > 0, timeout=10000)
    assert all("tile.openstreetmap.org" in url for url in p.guard.external)
    assert p.guard.blocked == len(p.guard.external)

    local = MapPanel(MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""))
    qtbot.addWidget(local)
    local.resize(600, 400)
    with qtbot.waitSignal(local.ready, timeout=20000):
        local.show()
    qtbot.waitUntil(lambda: local.content.tiles_served > 0, timeout=10000)
    assert local.guard.external == []  # page, Leaflet, plugins and tiles: all from dcmap:


def test_messages_before_ready_are_queued_and_delivered_in_order(qtbot: QtBot) -> None:
    from dispatch_console.ui.map.bridge import MapBridge

    bridge = MapBridge()
    delivered: list[str] = []
    bridge.toPage.connect(delivered.append)
    bridge.send("technicians", items=[])
    bridge.send("positions", items=[{"id": 1}])
    assert delivered == []
    with qtbot.waitSignal(bridge.ready, timeout=1000):
        bridge.fromPage('{"type": "ready"}')
    assert [json.loads(m)["type"] for m in delivered] == ["technicians", "positions"]
    bridge.send("select", site=None)
    assert json.loads(delivered[-1]) == {"type": "select", "site": None}
    bridge.fromPage("not json")  # a page bug must not break the console
    bridge.fromPage('["not", "an", "object"]')


def test_baidu_tiles_are_drawn_in_baidus_own_projection_and_tile_numbering(qtbot: QtBot) -> None:
    # offline: the guard blocks (and records) every tile request, so the URLs can be checked
    baidu = MapSettings(
        tile_url="https://maponline1.bdimg.com/tile/?qt=vtile&x={x}&y={y}&z={z}&styles=pl",
        datum="bd09",
        offline=True,
    )
    p = MapPanel(baidu)
    qtbot.addWidget(p)
    p.resize(600, 400)
    with qtbot.waitSignal(p.ready, timeout=20000):
        p.show()
    the_map = "window[JSON.parse(document.getElementById('dispatch-config').textContent).map]"
    # a published BD-09 -> BD09MC pair (Canton Tower): Baidu's own figures, to about a metre
    point = js(qtbot, p, f"{the_map}.project(L.latLng(23.112097, 113.331110), 18)")
    assert (point["x"], -point["y"]) == pytest.approx((12616098.73, 2628657.09), abs=2.0)
    back = js(qtbot, p, f"{the_map}.unproject(L.point({point['x']}, {point['y']}), 18)")
    # Leaflet unprojects iteratively, to millimetres
    assert (back["lat"], back["lng"]) == pytest.approx((23.112097, 113.331110), abs=1e-7)
    # Baidu numbers tiles from the BD09MC origin, rows counting up: at zoom 12 a tile is
    # 256 * 2^6 units, 12616098 / 16384 = 770 ...
    url = js(
        qtbot,
        p,
        f"(function (m) {{ let u; m.eachLayer(function (l) {{ if (l.getTileUrl) u = l; }});"
        f" const t = m.project(L.latLng(23.112097, 113.331110), 12).divideBy(256).floor();"
        f" t.z = 12; return u.getTileUrl(t); }})({the_map})",
    )
    assert "x=770&y=160&z=12" in url
    # ... and the tiles the page asked for are Baidu's, around the map's centre
    qtbot.waitUntil(lambda: p.guard.blocked > 0, timeout=10000)
    assert all("bdimg.com" in u and "&z=12" in u for u in p.guard.external)
    assert any("x=825&y=222&" in u for u in p.guard.external), p.guard.external[:4]


HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


def test_names_and_categories_reach_the_map_as_text_never_as_markup(
    qtbot: QtBot, panel: MapPanel
) -> None:
    """Issue 22: an agent can name a technician or a ticket category; before, Leaflet put them
    into tooltips as HTML and the script ran beside the bridge that assigns jobs."""
    with qtbot.waitSignal(panel.applied, timeout=5000):
        panel.show_technicians([member(7, 31.23, 121.47, name=HOSTILE)], NOW)
    with qtbot.waitSignal(panel.applied, timeout=5000):
        panel.show_tickets([TicketPin(42, HOSTILE, 31.22, 121.46, "critical", "at_risk")])
    tech = js(qtbot, panel, "dispatchMap.tooltip('technician', 7)")
    ticket = js(qtbot, panel, "dispatchMap.tooltip('ticket', 42)")
    assert tech["text"].startswith(HOSTILE)  # shown as the characters typed
    assert ticket["text"] == f"T0000042 · {HOSTILE}"
    assert "<img" not in tech["html"] and "&lt;img" in tech["html"]
    assert js(qtbot, panel, "window.pwned === undefined")


@pytest.mark.qt_log_ignore("Refused to execute inline")  # the policy saying no: expected here
def test_the_page_runs_only_its_own_scripts(qtbot: QtBot, panel: MapPanel) -> None:
    """The Content-Security-Policy: a script that found its way into the page does not run,
    an inline handler does not either; the page's own scripts (Leaflet, the bridge) do."""
    injected = (
        "(function () { const s = document.createElement('script');"
        " s.textContent = 'window.inline = 1'; document.body.appendChild(s);"
        " const i = document.createElement('img'); i.setAttribute('onerror', 'window.handler = 1');"
        " i.src = 'dcmap:///nowhere.png'; document.body.appendChild(i); return true; })()"
    )
    assert js(qtbot, panel, injected)
    with qtbot.waitSignal(panel.applied, timeout=5000):  # a round trip: the img has failed
        panel.show_technicians([member(1, 31.23, 121.47)], NOW)
    assert js(qtbot, panel, "[window.inline === undefined, window.handler === undefined]") == [
        True,
        True,
    ]
    assert js(qtbot, panel, "typeof L === 'object' && typeof dispatchMap === 'object'")


def test_a_malformed_message_from_the_page_is_dropped_not_raised(
    qtbot: QtBot, panel: MapPanel
) -> None:
    for bad in ('{"type": "ticket_clicked"}', '{"type": "ticket_clicked", "id": "x"}',
                '{"type": "map_clicked", "lat": null}', "[1, 2]", "not json"):  # fmt: skip
        panel.bridge.fromPage(bad)
    with qtbot.waitSignal(panel.ticket_clicked, timeout=5000) as clicked:
        panel.bridge.fromPage('{"type": "ticket_clicked", "id": 5}')
    assert clicked.args == [5]


@pytest.fixture
def unused_port() -> int:
    """A loopback port nobody listens on (bound, read, released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port


def test_a_tile_server_that_does_not_answer_is_named_and_the_outline_map_drawn(
    qtbot: QtBot, unused_port: int
) -> None:
    """Nothing listens on the port: every tile fails, the page says so in words and draws the
    built-in outline of Shanghai (land and districts) with its attribution, not a grey square."""
    p = MapPanel(MapSettings(tile_url=f"http://127.0.0.1:{unused_port}/{{z}}/{{x}}/{{y}}.png"))
    qtbot.addWidget(p)
    p.resize(800, 600)
    with qtbot.waitSignal(p.ready, timeout=20000):
        p.show()
    with qtbot.waitSignal(
        p.applied, timeout=15000, check_params_cb=lambda kind, *_: kind == "basemap"
    ) as drawn:
        pass
    assert drawn.args[1] >= 10  # the land and a name for each district
    assert p.tiles_down
    shown = js(qtbot, p, "dispatchMap.offline()")
    assert shown["notice"] == (
        "Map tiles from 127.0.0.1 cannot be fetched. Showing the built-in outline map."
    )
    assert "Natural Earth" in shown["attribution"]
    assert shown["tiles"]["loaded"] == 0 and shown["tiles"]["errors"] >= 2
    names = js(
        qtbot, p, "Array.from(document.querySelectorAll('.dispatch-district'), e => e.textContent)"
    )
    assert "黄浦区" in names


def test_tiles_that_load_leave_no_notice(qtbot: QtBot, panel: MapPanel) -> None:
    qtbot.waitUntil(lambda: js(qtbot, panel, "dispatchMap.offline()")["tiles"]["loaded"] > 0)
    shown = js(qtbot, panel, "dispatchMap.offline()")
    assert shown["notice"] is None and shown["layers"] == 0
    assert not panel.tiles_down
