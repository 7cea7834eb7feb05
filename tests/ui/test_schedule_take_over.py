"""A job a technician has in hand (accepted, on the way) on the dispatch board: the list says
whose it is; dropping it on someone else asks first, naming who loses it and in what state,
"No" by default; only "Yes" takes it (the use case's take_over), and a console that did not
know is refused by the use case, then shows who has it and asks the next time."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from dispatch_console.domain.enums import TicketStatus
from dispatch_console.domain.tickets import Ticket
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.schedule.mime import ticket_mime
from dispatch_console.ui.schedule.panel import SchedulePanel
from dispatch_console.ui.schedule.unscheduled import TICKET_ROLE

from .schedule_desk import Desk, tomorrow
from .test_schedule_window import Recording, desk, drop, on_row, opened, point, window

__all__ = ["desk", "window"]  # the fixtures, shared with the board's window tests


def on_the_way(desk: Desk) -> Ticket:
    """Ann accepted the loose job and set off (no visit planned: it waits in the list)."""
    b, t = desk.backend, desk.loose
    t = b.assign(t.id, t.version, desk.ann)
    t = b.transition(t.id, t.version, TicketStatus.ACCEPTED)
    return b.transition(t.id, t.version, TicketStatus.EN_ROUTE)


def listed(panel: SchedulePanel, ticket_id: int) -> str:
    items = panel.board.unscheduled
    rows = (items.item(r) for r in range(items.count()))
    return next(item.text() for item in rows if item.data(TICKET_ROLE) == ticket_id)


def question(qtbot: QtBot, panel: SchedulePanel) -> QMessageBox:
    qtbot.waitUntil(lambda: panel.findChild(QMessageBox, "take_over_question") is not None)
    box = panel.findChild(QMessageBox, "take_over_question")
    assert box is not None
    qtbot.waitUntil(box.isVisible)
    return box


def test_the_list_says_who_has_it_and_moving_it_asks_no_by_default(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    ticket = on_the_way(desk)
    panel = opened(qtbot, w)
    qtbot.waitUntil(lambda: ticket.id in panel.board.unscheduled.ticket_ids(), timeout=5000)
    assert listed(panel, ticket.id).endswith("⚑ Ann is on the way to this job")

    drop(panel, ticket_mime(ticket.id), point(panel, desk.bob, 10.5))
    box = question(qtbot, panel)
    assert box.text() == (
        f"Ann is on the way to this job ({ticket.number}). Take it from Ann and give it to Bob?"
    )
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.No)
    QTest.keyClick(box, Qt.Key.Key_Return)  # Enter: the default, No
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Not moved"), timeout=5000)
    assert panel.board.message.text() == f"Not moved: {ticket.number} stays with Ann."
    qtbot.waitUntil(lambda: panel.findChild(QMessageBox, "take_over_question") is None)
    assert backend.called("place_visit") == []
    kept = desk.backend.get_ticket(ticket.id)
    assert (kept.status, kept.assignee_id) == (TicketStatus.EN_ROUTE, desk.ann)

    drop(panel, ticket_mime(ticket.id), point(panel, desk.bob, 10.5))
    box = question(qtbot, panel)
    box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: ticket.id in on_row(panel, desk.bob), timeout=5000)
    assert [kw.get("take_over") for kw in backend.called("place_visit")] == [True]
    taken = desk.backend.get_ticket(ticket.id)
    assert (taken.status, taken.assignee_id) == (TicketStatus.ASSIGNED, desk.bob)
    assert taken.planned_start_at == tomorrow(10, 30)


def test_a_console_that_did_not_know_is_refused_then_asks(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    w.follower.stop()  # this console has not heard that Ann set off
    ticket = on_the_way(desk)
    panel.versions[ticket.id] = ticket.version  # and yet holds the current version
    drop(panel, ticket_mime(ticket.id), point(panel, desk.bob, 10.5))
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Not booked"), timeout=5000)
    assert panel.board.message.text() == (
        f"Not booked: Taking the job over: Ann has {ticket.number} in hand (On the way); "
        "confirm taking it from them on the dispatch board"
    )
    kept = desk.backend.get_ticket(ticket.id)
    assert (kept.status, kept.assignee_id) == (TicketStatus.EN_ROUTE, desk.ann)
    # its row was read again: the list says who has it, and the next drop asks
    qtbot.waitUntil(lambda: "Ann is on the way" in listed(panel, ticket.id), timeout=5000)
    drop(panel, ticket_mime(ticket.id), point(panel, desk.bob, 10.5))
    question(qtbot, panel).button(QMessageBox.StandardButton.No).click()
