"""The dispatch board's department filter on a real SQLite desk: a dispatcher sees their own
department's technicians the first time (one row each), and the department they choose
afterwards (another one, or all of them) is what the board shows them from then on."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot

from dispatch_console.ports import Actor
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.schedule.panel import DEPARTMENT_KEY, SchedulePanel

from .schedule_desk import EVERY_DAY, Desk, make_desk


@pytest.fixture
def desk(store: SqlStore) -> Desk:
    """The desk's 黄浦维修组 (Ann, Bob, Cai) and a second department, 静安维修组 (Dan)."""
    made = make_desk(store)
    other = made.backend.create_department("静安维修组", "JA")
    dan = made.backend.create_technician("Dan", "13900000004", other.id, ("printer",))
    made.backend.set_technician_hours(dan.id, EVERY_DAY)
    return made


@pytest.fixture
def jingan(desk: Desk) -> int:
    return next(d.id for d in desk.backend.list_departments() if d.name == "静安维修组")


@pytest.fixture
def console(qtbot: QtBot, desk: Desk) -> Iterator[Callable[[Actor], SchedulePanel]]:
    """A console window signed in as `actor`, its dispatch board opened from the menu."""
    windows: list[MainWindow] = []

    def board_of(actor: Actor) -> SchedulePanel:
        w = MainWindow(desk.backend, actor, "test")
        qtbot.addWidget(w)
        windows.append(w)
        w.resize(1400, 900)
        w.show()
        with qtbot.waitSignal(w.model.loaded, timeout=10000):
            w.start()
        w.activateWindow()
        ctrl_shift = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        QTest.keyClick(w, Qt.Key.Key_S, ctrl_shift)  # View > Dispatch board
        panel = w.schedule
        qtbot.waitUntil(lambda: panel.board.rows != {}, timeout=5000)
        return panel

    yield board_of
    for w in windows:
        w.close()


def shown(panel: SchedulePanel) -> list[str]:
    return [r.name for r in panel.board.canvas.rows]


def choose(qtbot: QtBot, combo: QComboBox, text: str) -> None:
    """As the dispatcher does with the keyboard: the filter's first entry, then down to it."""
    combo.setFocus()
    QTest.keyClick(combo, Qt.Key.Key_Home)
    for _ in range(combo.count()):
        if combo.currentText() == text:
            return
        QTest.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == text


def test_the_board_shows_the_dispatchers_own_department_the_first_time(
    qtbot: QtBot, console: Callable[[Actor], SchedulePanel], desk: Desk, jingan: int
) -> None:
    panel = console(replace(desk.backend.actor, department_id=jingan))
    qtbot.waitUntil(lambda: shown(panel) == ["Dan"], timeout=5000)
    assert panel.board.department.currentText() == "静安维修组"
    assert not QSettings().contains(DEPARTMENT_KEY)  # a default, not a choice kept


def test_the_department_they_choose_is_shown_next_time_over_their_own(
    qtbot: QtBot, console: Callable[[Actor], SchedulePanel], desk: Desk, jingan: int
) -> None:
    me = replace(desk.backend.actor, department_id=jingan)
    first = console(me)
    qtbot.waitUntil(lambda: shown(first) == ["Dan"], timeout=5000)
    choose(qtbot, first.board.department, "黄浦维修组")
    qtbot.waitUntil(lambda: shown(first) == ["Ann", "Bob", "Cai"], timeout=5000)

    second = console(me)  # the next time they open a console
    qtbot.waitUntil(lambda: shown(second) == ["Ann", "Bob", "Cai"], timeout=5000)
    assert second.board.department.currentData() == desk.department_id

    choose(qtbot, second.board.department, "All departments")
    qtbot.waitUntil(lambda: shown(second) == ["Ann", "Bob", "Cai", "Dan"], timeout=5000)
    third = console(me)  # "all of them" is a choice too: not their own again
    qtbot.waitUntil(lambda: shown(third) == ["Ann", "Bob", "Cai", "Dan"], timeout=5000)
    assert third.board.department.currentData() is None


def test_a_dispatcher_in_no_department_sees_every_technician(
    qtbot: QtBot, console: Callable[[Actor], SchedulePanel], desk: Desk
) -> None:
    panel = console(desk.backend.actor)  # the desk's supervisor belongs to no department
    qtbot.waitUntil(lambda: shown(panel) == ["Ann", "Bob", "Cai", "Dan"], timeout=5000)
    assert panel.board.department.currentText() == "All departments"


def test_a_department_chosen_that_is_gone_gives_way_to_their_own(
    qtbot: QtBot, console: Callable[[Actor], SchedulePanel], desk: Desk, jingan: int
) -> None:
    QSettings().setValue(DEPARTMENT_KEY, 9999)  # chosen last, deleted since
    panel = console(replace(desk.backend.actor, department_id=jingan))
    qtbot.waitUntil(lambda: shown(panel) == ["Dan"], timeout=5000)
