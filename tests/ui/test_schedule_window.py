"""The dispatch board in the console's window, on a real SQLite desk: opened from the menu in
one read, a job dragged from the list booked through the use case and shown once the feed
says so, a booking another console made first refused naming it, the keyboard's chooser with
the backend's earliest slots, Enter opening the ticket, and an absence entered elsewhere
redrawing that technician's day alone."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.domain.schedule import AbsenceKind, WeeklyHours
from dispatch_console.rest.client import RestBackend
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.schedule.chooser import SlotChooser
from dispatch_console.ui.schedule.mime import ticket_mime
from dispatch_console.ui.schedule.panel import SchedulePanel
from server.processes import ServerProcess

from .conftest import SERVER_PASSWORD
from .schedule_desk import NOW, Desk, desk_on, make_desk, tomorrow


class Recording:
    """The real backend, recording each use case called with its arguments."""

    def __init__(self, inner: Any) -> None:
        self._inner = inner
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target):
            return target

        def recorded(*args: Any, **kwargs: Any) -> Any:
            with self._lock:
                self.calls.append((name, args, kwargs))
            return target(*args, **kwargs)

        return recorded

    def called(self, name: str) -> list[dict[str, Any]]:
        with self._lock:
            return [kw for n, _a, kw in self.calls if n == name]


@pytest.fixture
def desk(store: SqlStore) -> Desk:
    return make_desk(store)


@pytest.fixture
def window(qtbot: QtBot, desk: Desk) -> Iterator[tuple[MainWindow, Recording]]:
    backend = Recording(desk.backend)
    w = MainWindow(backend, desk.backend.actor, "test", clock=desk.backend.now)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.model.loaded, timeout=10000):
        w.start()
    qtbot.waitUntil(w.follower.isRunning, timeout=5000)
    yield w, backend


def opened(qtbot: QtBot, w: MainWindow) -> SchedulePanel:
    w.activateWindow()
    ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(w, Qt.Key.Key_S, ctrl_shift)  # View > Dispatch board
    panel = w.schedule
    qtbot.waitUntil(lambda: len(panel.board.canvas.rows) == 3, timeout=5000)
    panel.board.canvas.scroll_to(tomorrow(7).timestamp())
    return panel


def point(panel: SchedulePanel, technician_id: int, hour: float) -> QPoint:
    canvas = panel.board.canvas
    row = canvas.row_of_technician(technician_id)
    assert row is not None
    g = canvas.geometry_
    return QPoint(int(g.x(tomorrow(0).timestamp() + hour * 3600)), g.y(row) + g.row_px // 2)


def drop(panel: SchedulePanel, mime: QMimeData, where: QPoint) -> None:
    """What Qt's drag sends the row under the pointer (QDrag.exec runs its own loop)."""
    view = panel.board.canvas.viewport()
    action = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():  # PySide marks Qt's only QDragEnterEvent constructor
        warnings.simplefilter("ignore", DeprecationWarning)
        QApplication.sendEvent(view, QDragEnterEvent(where, action, mime, buttons, keys))
    QApplication.sendEvent(view, QDragMoveEvent(QPointF(where), action, mime, buttons, keys))
    QApplication.sendEvent(view, QDropEvent(QPointF(where), action, mime, buttons, keys))


def on_row(panel: SchedulePanel, technician_id: int) -> list[int]:
    return [b.ticket_id for b in panel.board.rows[technician_id].bars]


def test_the_board_opens_from_its_shortcut_in_one_read(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    assert not w.schedule_dock.isVisible()
    assert backend.called("schedule_board") == []  # nothing read until it is shown
    panel = opened(qtbot, w)
    assert w.schedule_dock.isVisible()
    assert w.schedule_dock.windowTitle() == "Dispatch board"
    assert [r.name for r in panel.board.canvas.rows] == ["Ann", "Bob", "Cai"]
    assert on_row(panel, desk.ann) == [t.id for t in desk.booked]
    assert panel.board.unscheduled.ticket_ids() == [desk.waiting.id, desk.loose.id]
    assert len(backend.called("schedule_board")) == 1
    assert panel.board.department.findText("黄浦维修组") >= 0  # the queue's departments, no read


def test_the_department_chosen_is_shown_next_time(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    combo = panel.board.department
    assert combo.currentData() is None  # all of them, the first time
    combo.setCurrentIndex(combo.findData(desk.department_id))
    combo.activated.emit(combo.currentIndex())  # as a click on it does
    again = SchedulePanel(w.backend, w.runner, "Asia/Shanghai", now=w.clock)
    qtbot.addWidget(again)
    again.set_departments(w.backend.list_departments())
    assert again.board.department.currentData() == desk.department_id


def test_a_job_dropped_from_the_list_is_booked_and_shown_when_the_feed_says_so(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    panel = opened(qtbot, w)
    mime = panel.board.unscheduled.mimeData([panel.board.unscheduled.item(0)])
    drop(panel, mime, point(panel, desk.bob, 10.5))
    qtbot.waitUntil(lambda: desk.waiting.id in on_row(panel, desk.bob), timeout=5000)
    number = desk.waiting.number
    assert panel.board.message.text().startswith(f"Booked: {number} for Bob at ")
    assert panel.board.unscheduled.ticket_ids() == [desk.loose.id]
    ticket = desk.backend.get_ticket(desk.waiting.id)
    assert (ticket.assignee_id, ticket.planned_start_at) == (desk.bob, tomorrow(10, 30))
    # the feed's refresh read Bob's day alone, not the board
    reads = backend.called("schedule_board")
    assert len(reads) == 2 and reads[1]["technician_id"] == desk.bob


def test_a_slot_another_console_took_first_is_refused_naming_its_booking(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    w.follower.stop()  # this console has not heard of the other's booking yet
    loose = desk.loose
    desk.backend.place_visit(loose.id, loose.version, desk.bob, tomorrow(10))
    drop(panel, ticket_mime(desk.waiting.id), point(panel, desk.bob, 10.25))
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Not booked"), timeout=5000)
    assert panel.board.message.text() == (
        f"Not booked: {desk.waiting.number}: Overlaps {loose.number} "
        f"({tomorrow(10):%m-%d %H:%M}–11:00)"
    )
    # and the board reads Bob's day again at once: the other booking is shown
    qtbot.waitUntil(lambda: loose.id in on_row(panel, desk.bob), timeout=5000)
    assert desk.backend.get_ticket(desk.waiting.id).planned_start_at is None  # nothing lost


def test_a_stale_ticket_is_refused_in_words_and_can_be_placed_again(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    w.follower.stop()
    waiting = desk.waiting
    desk.backend.update_ticket(waiting.id, waiting.version, priority="high")
    drop(panel, ticket_mime(waiting.id), point(panel, desk.bob, 10.5))
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Not booked"), timeout=5000)
    assert panel.board.message.text().startswith(
        f"Not booked: {waiting.number} was changed by lead since the board showed it"
    )
    # its row was read again: the next try is on the new version and is booked
    qtbot.waitUntil(lambda: panel.versions[waiting.id] == waiting.version + 1, timeout=5000)
    drop(panel, ticket_mime(waiting.id), point(panel, desk.bob, 10.5))
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Booked"), timeout=5000)
    assert desk.backend.get_ticket(waiting.id).planned_start_at == tomorrow(10, 30)


def test_a_visit_unplanned_elsewhere_leaves_the_day_for_the_list(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    first = desk.booked[0]
    desk.backend.unplan_visit(first.id, first.version)
    qtbot.waitUntil(lambda: first.id in panel.board.unscheduled.ticket_ids(), timeout=5000)
    assert on_row(panel, desk.ann) == [desk.booked[1].id]


def test_ctrl_d_offers_the_backends_earliest_slots_and_enter_books_the_first(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    panel = opened(qtbot, w)
    unscheduled = panel.board.unscheduled
    unscheduled.setFocus()
    unscheduled.setCurrentRow(0)
    QTest.keyClick(unscheduled, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    chooser = panel.board.findChild(SlotChooser)
    assert chooser is not None and chooser.isVisible()
    qtbot.waitUntil(lambda: len(backend.called("earliest_slots")) == 1, timeout=5000)
    qtbot.waitUntil(lambda: w.runner.in_flight == 0, timeout=5000)
    first = chooser.slots.item(0).text()
    # the window opens at 09:00 tomorrow; Ann is at her first job then: Bob or Cai
    assert first.split(" · ")[0] in ("Bob", "Cai")
    assert first.endswith(f"{tomorrow(9):%m-%d} 09:00"), first
    with qtbot.waitSignal(panel.board.placement_requested):
        QTest.keyClick(chooser.slots, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: desk.backend.get_ticket(desk.waiting.id).planned_start_at == tomorrow(9),
        timeout=5000,
    )


def test_enter_on_a_bar_opens_its_ticket(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, _backend = window
    panel = opened(qtbot, w)
    canvas = panel.board.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == desk.booked[0].id
    QTest.keyClick(canvas, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: w.detail.ticket is not None and w.detail.ticket.id == desk.booked[0].id,
        timeout=5000,
    )


def test_an_absence_entered_elsewhere_redraws_that_technicians_day_alone(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    panel = opened(qtbot, w)
    desk.backend.add_absence(desk.cai, AbsenceKind.TRAINING, tomorrow(8), tomorrow(12), "安全培训")
    qtbot.waitUntil(lambda: bool(panel.board.rows[desk.cai].day.absences), timeout=5000)
    reads = backend.called("schedule_board")
    assert [r.get("technician_id") for r in reads] == [None, desk.cai]
    assert panel.board.judge(desk.loose.id, desk.cai, tomorrow(9).timestamp()) == (
        False,
        f"They are training then ({tomorrow(8):%m-%d %H:%M}–12:00)",
    )


def test_a_departments_new_hours_read_the_whole_board_again(
    qtbot: QtBot, window: tuple[MainWindow, Recording], desk: Desk
) -> None:
    w, backend = window
    panel = opened(qtbot, w)
    desk.backend.set_department_hours(desk.department_id, WeeklyHours.office())
    qtbot.waitUntil(lambda: len(backend.called("schedule_board")) == 2, timeout=5000)
    assert backend.called("schedule_board")[1].get("technician_id") is None
    qtbot.waitUntil(lambda: w.runner.in_flight == 0, timeout=5000)
    assert [r.name for r in panel.board.canvas.rows] == ["Ann", "Bob", "Cai"]


def test_through_a_server_a_refusal_comes_as_its_conflicts_and_days_follow_the_stream(
    qtbot: QtBot, fixed_server: ServerProcess, qt_loop: object
) -> None:
    server = fixed_server
    rest, _ = RestBackend.sign_in(server.url, "boss", SERVER_PASSWORD)
    desk = desk_on(rest.as_backend())
    backend = Recording(rest.as_backend())
    w = MainWindow(backend, rest.actor, "test", server=rest, clock=lambda: NOW)  # type: ignore[arg-type]
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    with qtbot.waitSignal(w.model.loaded, timeout=10000):
        w.start()
    qtbot.waitUntil(lambda: w.connection.text() == "online", timeout=10000)
    panel = opened(qtbot, w)
    # another desk books Bob at 10:00 first, while this console's stream is away
    w.follower.stop()
    other, _ = RestBackend.sign_in(server.url, "boss", SERVER_PASSWORD)
    loose = desk.loose
    other.place_visit(loose.id, loose.version, desk.bob, tomorrow(10))
    drop(panel, ticket_mime(desk.waiting.id), point(panel, desk.bob, 10.25))
    qtbot.waitUntil(lambda: panel.board.message.text().startswith("Not booked"), timeout=10000)
    assert f"Overlaps {loose.number}" in panel.board.message.text()  # the 409's conflicts
    qtbot.waitUntil(lambda: loose.id in on_row(panel, desk.bob), timeout=10000)
    w.follower.start()  # resumes from the last event it saw
    # a booking that fits goes through the server and comes back by its stream
    drop(panel, ticket_mime(desk.waiting.id), point(panel, desk.cai, 14.5))
    qtbot.waitUntil(lambda: desk.waiting.id in on_row(panel, desk.cai), timeout=10000)
    assert panel.board.unscheduled.ticket_ids() == []
    w.shutdown()
    other.close()
    rest.close()
