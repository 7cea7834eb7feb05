"""View ▸ Live board: the numbers a supervisor watches, kept live by the change feed."""

from __future__ import annotations

from datetime import UTC, datetime

from pytestqt.qtbot import QtBot

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
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
