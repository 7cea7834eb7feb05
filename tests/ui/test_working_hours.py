"""Working hours and leave, as a supervisor enters them (File ▸ Working hours and leave…):
a department's week, a technician's own week and back, leave over planned visits warned of
by their numbers, an absence removed; an agent has no such menu entry."""

from __future__ import annotations

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from dispatch_console.domain.schedule import AbsenceKind, WeeklyHours
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.schedule.hours_dialog import WorkingHoursDialog

from .schedule_desk import Desk, make_desk, tomorrow


def dialog_of(qtbot: QtBot, desk: Desk) -> tuple[MainWindow, WorkingHoursDialog]:
    window = MainWindow(desk.backend, desk.backend.actor, "test", clock=desk.backend.now)
    qtbot.addWidget(window)
    window.show()
    assert window.commands["working_hours"].isEnabled()
    window.commands["working_hours"].trigger()
    dialog = window.findChild(WorkingHoursDialog)
    assert dialog is not None and dialog.isVisible()
    qtbot.waitUntil(lambda: dialog.technician.count() == 3, timeout=5000)
    return window, dialog


def test_a_departments_week_is_saved_with_saturday_mornings(qtbot: QtBot, store: SqlStore) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    qtbot.waitUntil(lambda: "No week set" in dialog.status.text(), timeout=5000)
    week = dialog.department_week
    QTest.mouseClick(week.worked[5], Qt.MouseButton.LeftButton)  # Saturday
    week.ends[5].setTime(week.ends[5].time().fromString("12:00", "HH:mm"))
    week.breaks[5].clear()
    dialog.region.setCurrentText("HK")
    QTest.mouseClick(dialog.save_department, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"), timeout=5000)
    saved = desk.backend.department_hours(desk.department_id)
    assert saved is not None and saved.holiday_region == "HK"
    saturday = saved.week.days[5]
    assert saturday is not None and (saturday.starts.hour, saturday.ends.hour) == (8, 12)
    assert saved.week.days[6] is None  # Sunday stays off
    window.shutdown()


def test_a_break_typed_wrong_is_said_and_nothing_saved(qtbot: QtBot, store: SqlStore) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    dialog.department_week.breaks[0].setText("lunch")
    QTest.mouseClick(dialog.save_department, Qt.MouseButton.LeftButton)
    assert dialog.status.text().startswith("Not saved:")
    assert "'lunch' is not a break such as 12:00-13:00" in dialog.status.text()
    assert desk.backend.department_hours(desk.department_id) is None
    window.shutdown()


def test_a_technician_goes_back_to_the_departments_week(qtbot: QtBot, store: SqlStore) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(dialog.own_week.isChecked, timeout=5000)  # Ann works her own week
    assert dialog.technician.currentText() == "Ann"
    QTest.keyClick(dialog.own_week, Qt.Key.Key_Space)
    QTest.mouseClick(dialog.save_technician, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Saved"), timeout=5000)
    assert dialog.status.text() == "Saved: Ann works the department's week."
    assert desk.backend.technician_hours(desk.ann) is None
    window.shutdown()


def test_leave_over_planned_visits_is_entered_and_they_are_named(
    qtbot: QtBot, store: SqlStore
) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.absence
    editor.kind.setCurrentIndex(editor.kind.findData(AbsenceKind.SICKNESS))
    editor.starts.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(0).timestamp())))
    editor.ends.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(23).timestamp())))
    QTest.keyClicks(editor.note, "flu")
    QTest.mouseClick(dialog.add_absence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Entered"), timeout=5000)
    text = dialog.status.text()
    assert text.startswith("Entered for Ann, but it overlaps 2 planned visit(s): ")
    assert all(t.number in text for t in desk.booked)
    assert text.endswith("Move them on the dispatch board.")
    qtbot.waitUntil(lambda: editor.listed.count() == 1, timeout=5000)
    assert editor.listed.item(0).text().startswith("Sick leave · ")

    editor.listed.setCurrentRow(0)
    QTest.mouseClick(dialog.remove_absence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: editor.listed.count() == 0, timeout=5000)
    assert desk.backend.list_absences(tomorrow(0), tomorrow(23), technician_id=desk.ann) == []
    window.shutdown()


def test_leave_ending_before_it_starts_is_refused_in_words_and_nothing_entered(
    qtbot: QtBot, store: SqlStore
) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.absence
    editor.starts.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(9).timestamp())))
    editor.ends.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(8).timestamp())))
    QTest.mouseClick(dialog.add_absence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not saved"), timeout=5000)
    # the field and the reason as words of the UI (translated), not the domain's "absence: ..."
    assert dialog.status.text() == "Not saved: Leave or absence: the end must be after the start"
    assert desk.backend.list_absences(tomorrow(0), tomorrow(23), technician_id=desk.ann) == []
    window.shutdown()


def test_leave_over_leave_already_entered_is_refused_naming_it(
    qtbot: QtBot, store: SqlStore
) -> None:
    desk = make_desk(store)
    first = desk.backend.add_absence(desk.ann, AbsenceKind.LEAVE, tomorrow(8), tomorrow(18))
    window, dialog = dialog_of(qtbot, desk)
    dialog.tabs.setCurrentIndex(2)
    editor = dialog.absence
    qtbot.waitUntil(lambda: editor.listed.count() == 1, timeout=5000)
    editor.kind.setCurrentIndex(editor.kind.findData(AbsenceKind.SICKNESS))
    editor.starts.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(9).timestamp())))
    editor.ends.setDateTime(QDateTime.fromSecsSinceEpoch(int(tomorrow(12).timestamp())))
    QTest.mouseClick(dialog.add_absence, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.status.text().startswith("Not saved"), timeout=5000)
    assert dialog.status.text() == (
        f"Not saved: Leave or absence: Ann already has leave {tomorrow(8):%m-%d} 08:00–18:00 "
        "overlapping it; change or remove that one instead"
    )
    listed = desk.backend.list_absences(tomorrow(0), tomorrow(23), technician_id=desk.ann)
    assert listed == [first.absence]  # nothing entered, the first kept
    assert editor.listed.count() == 1
    window.shutdown()


def test_tab_goes_from_the_note_to_the_button_and_the_line_follows_the_tab(
    qtbot: QtBot, store: SqlStore
) -> None:
    desk = make_desk(store)
    window, dialog = dialog_of(qtbot, desk)
    qtbot.waitUntil(lambda: "No week set" in dialog.status.text(), timeout=5000)
    dialog.tabs.setCurrentIndex(2)
    assert dialog.status.text() == ""  # the department tab's remark stayed there
    dialog.activateWindow()
    dialog.absence.note.setFocus()
    QTest.keyClick(dialog.absence.note, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.add_absence
    QTest.keyClick(dialog.add_absence, Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.absence.listed
    window.shutdown()


def test_a_technician_without_a_week_shows_the_one_they_work(qtbot: QtBot, store: SqlStore) -> None:
    desk = make_desk(store)
    desk.backend.set_department_hours(
        desk.department_id, WeeklyHours.office(), "Asia/Shanghai", "CN"
    )
    desk.backend.set_technician_hours(desk.bob, None)
    window, dialog = dialog_of(qtbot, desk)
    dialog.tabs.setCurrentIndex(1)
    qtbot.waitUntil(dialog.own_week.isChecked, timeout=5000)  # Ann: her own week, Saturdays too
    assert dialog.technician_week.worked[5].isChecked()
    dialog.technician.setCurrentIndex(dialog.technician.findText("Bob"))
    qtbot.waitUntil(lambda: not dialog.own_week.isChecked(), timeout=5000)
    # greyed, the department's Monday to Friday: what the board plans Bob by, not Ann's week
    assert not dialog.technician_week.isEnabled()
    assert [w.isChecked() for w in dialog.technician_week.worked] == [True] * 5 + [False] * 2
    window.shutdown()


def test_agents_have_no_working_hours_entry(qtbot: QtBot, store: SqlStore) -> None:
    desk = make_desk(store, role="agent")
    window = MainWindow(desk.backend, desk.backend.actor, "test", clock=desk.backend.now)
    qtbot.addWidget(window)
    assert not window.commands["working_hours"].isEnabled()
    window.shutdown()
