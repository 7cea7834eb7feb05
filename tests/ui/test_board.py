"""View ▸ Live board: the numbers a supervisor watches, kept live by the change feed."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pytestqt.qtbot import QtBot

from dispatch_console.config import MapSettings
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.board.fleet_map import FleetMap
from dispatch_console.ui.main_window import MainWindow


def test_the_board_shows_the_desk_and_follows_it_live(qtbot: QtBot, backend: Services) -> None:
    sue = backend.as_actor(Actor("sue", "supervisor"))
    backend.create_ticket(TicketDraft("phone", "lift", "normal", "电梯异响"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    board = window.supervisor.live_board()
    qtbot.waitUntil(lambda: board.board is not None, timeout=5000)
    assert board.ringing.number.text() == "0" and board.unassigned.number.text() == "1"
    assert "1" in board.states.text()  # one new ticket in the bars
    backend.record_call_event("offered", "pbx-9", datetime.now(UTC), from_number="13812345678",
                              to_number="4008001234", agent_extension="8001")  # fmt: skip
    qtbot.waitUntil(lambda: board.ringing.number.text() == "1", timeout=10000)
    assert "+8613812345678" in board.ringing.detail.text()
    (ticket,) = [r.ticket for r in board.board.urgent]  # type: ignore[union-attr]
    assert ticket.number in board.urgent.text()
    board.urgent.linkActivated.emit(f"ticket:{ticket.id}")  # the supervisor clicks it
    qtbot.waitUntil(lambda: window.detail.ticket is not None
                    and window.detail.ticket.id == ticket.id, timeout=5000)  # fmt: skip
    window.runner.wait(5000)
    window.shutdown()
    assert not board.isVisible()


def test_agents_do_not_get_the_board(qtbot: QtBot, backend: Services) -> None:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    assert not window.commands["live_board"].isEnabled()


def test_a_closed_board_reads_nothing_more(qtbot: QtBot, backend: Services) -> None:
    sue = backend.as_actor(Actor("sue", "supervisor"))
    window = MainWindow(sue, sue.actor, "test")
    qtbot.addWidget(window)
    board = window.supervisor.live_board()
    assert board._every.isActive()
    board.close()
    assert not board._every.isActive() and not board._soon.isActive()
    window.runner.wait(5000)
    window.shutdown()
    assert window.supervisor.board is None


def test_the_board_draws_the_fleet_on_the_consoles_map_framed_on_all_of_them(
    qtbot: QtBot, backend: Services, mbtiles: Path
) -> None:
    dept = backend.create_department("电梯维修部", "LF")
    spots = {"北": (31.32, 121.47), "南": (31.12, 121.45), "东": (31.22, 121.62)}
    for name, (lat, lon) in spots.items():
        tech = backend.create_technician(f"{name} 师傅", "13900001111", dept.id)
        tech = backend.set_technician_status(tech.id, tech.version, "available")
        backend.report_position(tech.id, lat, lon, 10.0, datetime.now(UTC))
    sue = backend.as_actor(Actor("sue", "supervisor"))
    settings = MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url="")
    window = MainWindow(sue, sue.actor, "test", map_settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    board = window.supervisor.live_board()
    fleet = board.map
    assert isinstance(fleet, FleetMap)
    with qtbot.waitSignal(fleet.panel.applied, timeout=20000,
                          check_params_cb=lambda kind, n, _ms: kind == "fit"):  # fmt: skip
        pass
    assert page_value(qtbot, fleet, "dispatchMap.counts()")["technicians"] == 3

    def everyone_in_view() -> bool:  # without the supervisor panning; the page may still be
        view = page_value(qtbot, fleet, "dispatchMap.view()")  # settling its size under load
        return all(
            view["south"] < lat < view["north"] and view["west"] < lon < view["east"]
            for lat, lon in spots.values()
        )

    qtbot.waitUntil(everyone_in_view, timeout=5000)
    assert "<b>3</b>" in fleet.legend.text()  # three free
    window.runner.wait(5000)
    window.shutdown()


def page_value(qtbot: QtBot, fleet: FleetMap, code: str) -> Any:
    box: list[Any] = []
    fleet.panel.page.runJavaScript(f"JSON.stringify({code})", 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=5000)
    return json.loads(box[0])
