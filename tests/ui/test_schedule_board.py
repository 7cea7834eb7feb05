"""The dispatch board driven as a dispatcher drives it: the mouse drags bars and list entries,
the keyboard walks the bars and places a job, and the feed replaces a day while it is open."""

from __future__ import annotations

import sys
import warnings
from dataclasses import replace
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QHelpEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QToolTip
from pytestqt.qtbot import QtBot

from dispatch_console.domain.schedule import PlannedJob
from dispatch_console.ui.schedule.board import DispatchBoard
from dispatch_console.ui.schedule.cards import BarState
from dispatch_console.ui.schedule.chooser import SlotChooser
from dispatch_console.ui.schedule.mime import ticket_mime
from dispatch_console.ui.schedule.words import BAR_COLOURS, WORKING

from .schedule_fleet import CARDS, NEAR, SINCE, at, day, loaded_board


@pytest.fixture
def board(qtbot: QtBot) -> DispatchBoard:
    b = loaded_board()
    qtbot.addWidget(b)
    b.show()
    b.canvas.scroll_to(at(0, 7).timestamp())
    qtbot.waitExposed(b)
    return b


def point(board: DispatchBoard, technician_id: int, hour: float, day_: int = 0) -> QPoint:
    canvas = board.canvas
    row = canvas.row_of_technician(technician_id)
    assert row is not None
    g = canvas.geometry_
    t = at(day_, 0).timestamp() + hour * 3600
    return QPoint(int(g.x(t)), g.y(row) + g.row_px // 2)


def drag(board: DispatchBoard, start: QPoint, end: QPoint) -> None:
    view = board.canvas.viewport()
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(10, 0))
    QTest.mouseMove(view, end)
    QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)


def test_only_my_department_by_default_and_all_on_request(board: DispatchBoard) -> None:
    assert [r.name for r in board.canvas.rows] == ["Ann", "Bob"]
    board.department.setCurrentIndex(board.department.findData(None))
    assert [r.name for r in board.canvas.rows] == ["Ann", "Bob", "Cai"]


def test_dragging_a_bar_to_a_free_slot_on_another_row_requests_it(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    # grab T-101 (Ann, 09:00-10:00) by its middle, let go at 10:30 on Bob's row
    with qtbot.waitSignal(board.placement_requested) as placed:
        drag(board, point(board, 1, 9.5), point(board, 2, 10.5))
    assert placed.args == [101, 2, at(0, 10)]
    assert board.message.text() == "T-101 rescheduled: Bob at 03-02 10:00"


def test_dropping_onto_another_job_is_refused_naming_it_and_its_time(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    with qtbot.assertNotEmitted(board.placement_requested):
        drag(board, point(board, 1, 9.5), point(board, 1, 14.5))
    assert board.message.text() == "Refused: Overlaps T-102 (03-02 14:00–15:30)"
    # and nothing moved: T-101 still where it was
    assert board.canvas.bar_at(point(board, 1, 9.5)) is not None


def test_a_drop_on_leave_says_so(board: DispatchBoard, qtbot: QtBot) -> None:
    with qtbot.assertNotEmitted(board.placement_requested):
        drag(board, point(board, 1, 9.5), point(board, 2, 10.5, day_=1))
    assert "They are on leave then (03-03 00:00–03-04 00:00)" in board.message.text()


def _drop(board: DispatchBoard, mime: QMimeData, where: QPoint) -> QDropEvent:
    """What Qt's drag sends the widget under the pointer (QDrag.exec runs a loop of its own,
    driven by the platform, that a test cannot step through)."""
    view = board.canvas.viewport()
    action = Qt.DropAction.CopyAction | Qt.DropAction.MoveAction  # what a list offers
    buttons, keys = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    with warnings.catch_warnings():  # PySide marks Qt's only QDragEnterEvent constructor
        warnings.simplefilter("ignore", DeprecationWarning)
        enter = QDragEnterEvent(where, action, mime, buttons, keys)
    QApplication.sendEvent(view, enter)
    assert enter.isAccepted()
    QApplication.sendEvent(view, QDragMoveEvent(QPointF(where), action, mime, buttons, keys))
    drop = QDropEvent(
        QPointF(where), action, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(view, drop)
    return drop


def test_a_job_from_the_list_dropped_on_a_row_is_requested(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    assert board.unscheduled.ticket_ids() == [201]
    mime = board.unscheduled.mimeData([board.unscheduled.item(0)])
    with qtbot.waitSignal(board.placement_requested) as placed:
        drop = _drop(board, mime, point(board, 2, 11))
    assert drop.isAccepted()
    assert drop.dropAction() == Qt.DropAction.CopyAction  # the list keeps it until booked
    assert placed.args == [201, 2, at(0, 11)]
    assert board.unscheduled.ticket_ids() == [201]


def test_a_job_from_the_list_needing_a_skill_is_refused_in_words(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    board.department.setCurrentIndex(board.department.findData(None))
    with qtbot.assertNotEmitted(board.placement_requested):
        _drop(board, ticket_mime(201), point(board, 3, 11))
    assert board.message.text() == "Refused: Lacks the skill: printer"


def test_keyboard_walks_the_bars_and_enter_opens(board: DispatchBoard, qtbot: QtBot) -> None:
    canvas = board.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == 101
    assert "Planned 03-02 09:00–10:00" in board.detail.text()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert canvas.selected == 102
    QTest.keyClick(canvas, Qt.Key.Key_Down)  # Bob has no job: stays
    assert canvas.selected == 102
    board.replace_day(
        day(2, [PlannedJob(201, at(0, 9), 60, *NEAR), PlannedJob(202, at(0, 15), 60, *NEAR)])
    )
    QTest.keyClick(canvas, Qt.Key.Key_Down)  # to Bob's job nearest in time: 15:00, not 09:00
    assert canvas.selected == 202
    QTest.keyClick(canvas, Qt.Key.Key_Up)
    assert canvas.selected == 102
    with qtbot.waitSignal(board.open_ticket) as opened:
        QTest.keyClick(canvas, Qt.Key.Key_Return)
    assert opened.args == [102]


def test_the_selected_job_moved_by_the_feed_is_read_out_at_its_new_time(
    board: DispatchBoard,
) -> None:
    canvas = board.canvas
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Right)
    assert "Planned 03-02 09:00–10:00" in board.detail.text()
    # rescheduled (here or on another console): the feed brings Ann's day with it at 11:00
    board.replace_day(day(1, [PlannedJob(101, at(0, 11), 60, *NEAR)]))
    assert canvas.selected == 101
    assert "Planned 03-02 11:00–12:00" in board.detail.text()


def test_dispatch_shortcut_offers_the_earliest_slots_first_and_books_the_choice(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    board.unscheduled.setFocus()
    board.unscheduled.setCurrentRow(0)
    QTest.keyClick(board.unscheduled, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    chooser = board.findChild(SlotChooser)
    assert chooser is not None and chooser.isVisible()
    first = chooser.slots.item(0).text()
    assert first.startswith("Bob · 03-02 09:00"), first  # Ann is busy with T-101 until 10:00
    assert chooser.reason.text() == "Free: no conflict"
    chooser.start.setDateTime(chooser.start.dateTime().addSecs(5 * 3600))  # 14:00: lunch? no
    chooser.technician.setCurrentIndex(chooser.technician.findData(1))  # Ann at 14:00: T-102
    ok = chooser.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()
    assert chooser.reason.text().startswith("Overlaps T-102")
    chooser.slots.setCurrentRow(0)
    with qtbot.waitSignal(board.placement_requested) as placed:
        QTest.keyClick(chooser.slots, Qt.Key.Key_Return)
    assert placed.args == [201, 2, at(0, 9)]


def _colour_at(board: DispatchBoard, where: QPoint) -> str:
    """The colour near the top of a bar there, above its text."""
    top = QPoint(where.x(), board.canvas.geometry_.y(board.canvas.geometry_.row_at(where.y())) + 7)
    return board.canvas.viewport().grab().toImage().pixelColor(top).name()


def test_a_day_replaced_live_changes_that_row_alone(board: DispatchBoard) -> None:
    bob_before = board.canvas.rows[1]
    new_bar = point(board, 1, 11.5)
    assert _colour_at(board, new_bar) == WORKING.name()
    ann = day(1, [PlannedJob(101, at(0, 9), 60, *NEAR), PlannedJob(201, at(0, 11), 60, *NEAR)])
    board.replace_day(ann, [CARDS[201]])
    assert board.canvas.bar_at(new_bar) is not None
    assert _colour_at(board, new_bar) == BAR_COLOURS[BarState.ON_TIME].name()  # painted anew
    assert board.canvas.bar_at(point(board, 1, 14.5)) is None  # T-102 left Ann's day
    assert board.unscheduled.ticket_ids() == []  # T-201 is scheduled now
    assert board.canvas.rows[1] is bob_before
    # the slot finder follows: Ann is busy at 11:00 now
    slot = board.schedule.earliest_slots(
        CARDS[102].visit(SINCE, SINCE + timedelta(days=1)), at(0, 8)
    ).slot(1)
    assert slot is not None and slot.arrives_at != at(0, 11)
    board.remove_job(101)
    assert board.canvas.bar_at(point(board, 1, 9.5)) is None


def test_scrolling_does_not_use_up_references_to_none(board: DispatchBoard) -> None:
    """PySide6 6.12 on Python 3.11 drops a reference to None per void call; hundreds of
    frames must leave None's count where it was (from 3.12 None is immortal: nothing to see)."""
    view = board.canvas.viewport()
    view.repaint()
    before = sys.getrefcount(None)
    for _ in range(300):
        view.repaint()  # this call itself is one void call: one reference each
    lost = before - sys.getrefcount(None)
    assert lost <= 2 * 300, f"{lost} references to None lost in 300 frames"


def test_showing_more_days_asks_for_them(board: DispatchBoard, qtbot: QtBot) -> None:
    with qtbot.waitSignal(board.horizon_changed) as asked:
        board.days.setValue(5)
    assert asked.args == [SINCE, SINCE + timedelta(days=5)]
    assert board.canvas.geometry_.days == 5
    board.days.setValue(9)
    assert board.days.value() == 7  # a week at most


def test_hovering_a_bar_shows_its_window_and_deadline(board: DispatchBoard) -> None:
    board.replace_day(day(2, [PlannedJob(201, at(0, 10), 60, *NEAR)]), [CARDS[201]])
    where = point(board, 2, 10.5)
    view = board.canvas.viewport()
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, where, view.mapToGlobal(where)))
    assert QToolTip.isVisible()
    assert QToolTip.text().splitlines() == [
        "T-201 Xuhui School",
        "Planned 03-02 10:00–11:00 (On time)",
        "Travel 3 min before it (straight-line estimate)",
        "Appointment 03-02 09:00–17:00",
    ]
    QToolTip.hideText()


def test_a_warning_is_shown_and_the_drop_still_requested(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    late = replace(CARDS[201], arrival_due_at=at(0, 10))  # the SLA wants them there by 10:00
    board.add_unscheduled(late)
    with qtbot.waitSignal(board.placement_requested) as placed:
        _drop(board, ticket_mime(201), point(board, 2, 11))
    assert placed.args == [201, 2, at(0, 11)]
    assert board.message.text() == (
        "T-201 to Bob at 03-02 11:00 · "
        "Warning: Arrives after the SLA's arrival deadline (03-02 10:00)"
    )


def test_the_chooser_says_how_late_in_hours_and_a_warning_in_amber(
    board: DispatchBoard,
) -> None:
    board.add_unscheduled(replace(CARDS[201], arrival_due_at=at(0, 7, 35)))
    chooser = board.choose_place(201)
    assert chooser is not None
    first = chooser.slots.item(0).text()
    assert first == "Bob · 03-02 09:00 · 1h 25m after the SLA deadline", first
    assert chooser.reason.text() == "Arrives after the SLA's arrival deadline (03-02 07:35)"
    assert chooser.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    assert BAR_COLOURS[BarState.AT_RISK].name() in chooser.reason.styleSheet()
    chooser.reject()


def test_a_drag_held_at_the_right_edge_scrolls_on(board: DispatchBoard, qtbot: QtBot) -> None:
    view = board.canvas.viewport()
    hours = board.canvas.horizontalScrollBar()
    start, was = point(board, 1, 9.5), hours.value()
    edge = QPoint(view.width() - 5, start.y())
    QTest.mousePress(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    QTest.mouseMove(view, start + QPoint(10, 0))
    QTest.mouseMove(view, edge)
    qtbot.waitUntil(lambda: hours.value() > was + 64)
    QTest.keyClick(board.canvas, Qt.Key.Key_Escape)  # let go of nothing
    stopped = hours.value()
    with qtbot.assertNotEmitted(board.placement_requested):
        QTest.mouseRelease(view, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, edge)
    assert hours.value() == stopped


def test_painting_ahead_stops_when_the_tile_cache_is_full(
    board: DispatchBoard, qtbot: QtBot
) -> None:
    canvas = board.canvas
    canvas.tiles.clear()
    canvas.tiles.budget = 1  # nothing fits: what is on screen is still painted, nothing ahead
    canvas.viewport().repaint()
    qtbot.waitUntil(lambda: not canvas._prefetching.isActive())
    assert len(canvas.tiles) == 1  # the last tile painted for the frame; the rest dropped


def test_ctrl_and_the_wheel_zoom_around_the_pointer(board: DispatchBoard) -> None:
    canvas, view = board.canvas, board.canvas.viewport()
    where = point(board, 1, 11)
    before, hour_px = canvas.geometry_.t(where.x()), canvas.geometry_.hour_px
    wheel = QWheelEvent(
        QPointF(where),
        QPointF(view.mapToGlobal(where)),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view, wheel)
    assert canvas.geometry_.hour_px == hour_px * 1.25
    assert abs(canvas.geometry_.t(where.x()) - before) < 120  # the same time under the pointer
