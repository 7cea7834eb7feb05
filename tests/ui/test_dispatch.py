"""Dispatch in the main window: the ranked list, the map, assigning, live positions."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.config import MapSettings
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow

from .conftest import SITE


def js(qtbot: QtBot, window: MainWindow, code: str) -> Any:
    box: list[Any] = []
    assert window.dispatch is not None
    window.dispatch.map.page.runJavaScript(f"JSON.stringify({code})", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0])


def _world(backend: Services) -> dict[str, Any]:
    dept = backend.create_department("电梯维保组", "LIFT")
    customer = backend.create_customer("浦银商业银行", ["021 3775 5670"])
    site = backend.create_site("静安分行", "南京西路1号", *SITE, customer_id=customer.id)
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-77", category="lift")
    now = datetime.now(UTC)
    techs = {}
    for name, km in (("近 张伟", 1.0), ("远 李强", 4.0), ("休 王芳", 0.5)):
        tech = backend.create_technician(name, "13900000000", dept.id, ["lift"])
        if not name.startswith("休"):
            tech = backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, SITE[0] + km / 111.2, SITE[1], 8.0, now)
        techs[name[0]] = tech
    ticket = backend.create_ticket(
        __import__("dispatch_console.domain.tickets", fromlist=["TicketDraft"]).TicketDraft(
            "phone", "困人", "critical", "电梯困人", customer_id=customer.id, asset_id=asset.id,
            department_id=dept.id,
        )
    )  # fmt: skip
    return {"ticket": ticket, "techs": techs}


def test_the_ranked_list_the_map_and_assigning_with_the_keyboard(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    window = MainWindow(
        backend,
        backend.actor,
        "test",
        map_settings=MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""),
    )
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    assert window.dispatch is not None
    with qtbot.waitSignal(window.dispatch.map.ready, timeout=20000):
        window.start()
    candidates = window.dispatch.candidates
    qtbot.waitUntil(lambda: candidates.table.rowCount() == 2, timeout=10000)
    names = [c.name for c in candidates.candidates]
    assert names == ["近 张伟", "远 李强"]
    assert "1 off duty" in candidates.excluded.text()
    qtbot.waitUntil(
        lambda: js(qtbot, window, "dispatchMap.counts()")["technicians"] == 3, timeout=5000
    )

    # a click on a technician in the map picks them in the list
    far = world["techs"]["远"]
    js(qtbot, window, f"dispatchMap.clickTechnician({far.id}) || true")
    qtbot.waitUntil(
        lambda: candidates.selected() is not None and candidates.selected().name == "远 李强",
        timeout=5000,
    )
    # one who is off duty says why
    off = world["techs"]["休"]
    js(qtbot, window, f"dispatchMap.clickTechnician({off.id}) || true")
    qtbot.waitUntil(lambda: "off duty" in candidates.excluded.text(), timeout=5000)

    # Enter on the list assigns the highlighted technician, through the service layer
    candidates.table.setFocus()
    qtbot.keyClick(candidates.table, Qt.Key.Key_Return)
    ticket = world["ticket"]
    qtbot.waitUntil(lambda: backend.get_ticket(ticket.id).assignee_id == far.id, timeout=5000)
    qtbot.waitUntil(
        lambda: window.detail.ticket is not None and window.detail.ticket.assignee_id == far.id,
        timeout=5000,
    )
    window.shutdown()


def test_another_consoles_position_update_moves_the_marker(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    world = _world(backend)
    window = MainWindow(
        backend,
        backend.actor,
        "test",
        map_settings=MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""),
    )
    qtbot.addWidget(window)
    window.show()
    assert window.dispatch is not None
    with qtbot.waitSignal(window.dispatch.map.ready, timeout=20000):
        window.start()
    near = world["techs"]["近"]
    qtbot.waitUntil(
        lambda: js(qtbot, window, f"dispatchMap.technician({near.id})") is not None, timeout=10000
    )

    tracker = Services(store.unit_of_work, store.feed, Actor("gps", "admin"))
    tracker.report_position(near.id, 31.30, 121.55, 5.0, datetime.now(UTC))
    qtbot.waitUntil(
        lambda: js(qtbot, window, f"dispatchMap.technician({near.id})")["lat"] > 31.29,
        timeout=5000,
    )
    # and the list follows: 近 张伟 is now the farther one
    qtbot.waitUntil(
        lambda: [c.name for c in window.dispatch.candidates.candidates] == ["远 李强", "近 张伟"],
        timeout=5000,
    )
    window.shutdown()


class RiverRouter:
    """A route service's answers (the HTTP clients are tested in tests/routing): the nearer
    technician is across the river, 40 minutes away by road."""

    def __init__(self, slow_first: bool) -> None:
        self.slow_first = slow_first
        self.asked: list[int] = []

    def minutes_to(self, origins: Any, destination: Any) -> list[float]:
        self.asked.append(len(origins))
        return [40.0, 8.0] if self.slow_first else [8.0, 40.0]


def test_road_times_from_the_route_service_reorder_the_list(
    qtbot: QtBot, backend: Services, store: Any, mbtiles: Path
) -> None:
    _world(backend)
    router = RiverRouter(slow_first=True)
    window = MainWindow(
        backend,
        backend.actor,
        "test",
        map_settings=MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url=""),
        router=router,
    )
    qtbot.addWidget(window)
    window.show()
    assert window.dispatch is not None
    with qtbot.waitSignal(window.dispatch.map.ready, timeout=20000):
        window.start()
    candidates = window.dispatch.candidates
    qtbot.waitUntil(
        lambda: [c.name for c in candidates.candidates] == ["远 李强", "近 张伟"], timeout=10000
    )
    assert router.asked == [2]  # one request for the whole list
    assert all(c.eta_by_road for c in candidates.candidates)
    assert not candidates.table.item(0, 2).text().startswith("≈")
    window.shutdown()
