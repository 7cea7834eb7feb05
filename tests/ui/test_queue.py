"""The queue model and window against a real SQLite backend, on the offscreen platform."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor, TicketQuery
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tasks import TaskRunner
from dispatch_console.ui.tickets.queue_model import COLUMNS, PAGE, TicketQueueModel

from .conftest import open_tickets


def test_queue_fetches_page_by_page_as_the_view_asks(qtbot: QtBot, backend: Services) -> None:
    open_tickets(backend, PAGE + 30)
    runner = TaskRunner()
    model = TicketQueueModel(backend, runner, parent=runner)
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.set_query(TicketQuery(sort="newest"))
    assert model.rowCount() == PAGE
    assert model.canFetchMore()
    with qtbot.waitSignal(model.loaded, timeout=5000):
        model.fetchMore()
    assert model.rowCount() == PAGE + 30
    assert not model.canFetchMore()
    numbers = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert len(set(numbers)) == PAGE + 30  # no ticket twice across pages
    assert runner.wait()


def test_quick_filter_to_dispatch_shows_only_unassigned(qtbot: QtBot, backend: Services) -> None:
    ids = open_tickets(backend, 3)
    dept = backend.create_department("Printers", "PRN")
    tech = backend.create_technician("李雷", "13900001111", dept.id, ["printer"])
    ticket = backend.get_ticket(ids[0])
    backend.assign(ticket.id, ticket.version, tech.id)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    assert window.model.rowCount() == 3
    button = window.queue.findChild(QPushButton, "quick_unassigned")
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        button.click()
    assert window.model.rowCount() == 2
    assert all(window.model.data(window.model.index(r, 6)) == "" for r in range(2))
    window.shutdown()


def test_another_agents_ticket_appears_without_refresh(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    open_tickets(backend, 2)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(window.follower.isRunning, timeout=5000)
    other = Services(store.unit_of_work, store.feed, backend.actor)
    open_tickets(other, 1)  # a second writer, as another console would be
    qtbot.waitUntil(lambda: window.model.rowCount() == 3, timeout=3000)
    window.shutdown()


class SlowBackend:
    """Every call takes `delay` seconds on the worker thread, as a distant server might."""

    def __init__(self, inner: Services, delay: float) -> None:
        self._inner = inner
        self._delay = delay

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target):
            return target

        def slow(*args: Any, **kwargs: Any) -> Any:
            time.sleep(self._delay)  # the backend is slow; the GUI thread must not notice
            return target(*args, **kwargs)

        return slow


def test_a_slow_backend_never_freezes_the_window(qtbot: QtBot, backend: Services) -> None:
    from PySide6.QtCore import QElapsedTimer, QTimer

    open_tickets(backend, 5)
    window = MainWindow(SlowBackend(backend, 2.0), backend.actor, "test")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    clock, gaps = QElapsedTimer(), []
    clock.start()
    last = [clock.elapsed()]

    def tick() -> None:
        now = clock.elapsed()
        gaps.append(now - last[0])
        last[0] = now

    heartbeat = QTimer(interval=10)
    heartbeat.timeout.connect(tick)
    heartbeat.start()
    with qtbot.waitSignal(window.model.loaded, timeout=10000):
        window.start()
    heartbeat.stop()
    assert window.model.rowCount() == 5
    assert clock.elapsed() >= 2000  # the load really took the backend's two seconds
    assert max(gaps) < 100, f"the GUI thread stalled for {max(gaps)} ms"
    window.shutdown()


def test_chinese_ui_uses_service_desk_words(
    qtbot: QtBot, backend: Services, tmp_path: Path
) -> None:
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    from dispatch_console.ui.i18n import install_translations

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translators = install_translations(app, "zh_CN", cache=tmp_path)  # .qm built from the .ts
    try:
        assert len(translators) == 2  # Qt's own strings and ours
        open_tickets(backend, 1)
        window = MainWindow(backend, backend.actor, "test")
        qtbot.addWidget(window)
        with qtbot.waitSignal(window.model.loaded, timeout=5000):
            window.start()
        assert window.windowTitle() == "派单工作台"
        assert window.queue.findChild(QPushButton, "quick_unassigned").text() == "待派单"
        header = window.model.headerData(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.DisplayRole)
        assert header == "工单号"
        menus = [a.text() for a in window.menuBar().actions()]
        assert menus == ["文件(&F)", "工单(&T)", "回访(&B)", "视图(&V)", "帮助(&H)"]
        assert window.commands["dispatch"].text() == "派单(&D)…"
        from dispatch_console.domain.errors import ValidationError
        from dispatch_console.ui.errors import error_text

        refused = ValidationError(
            "contact_phone", "'12345' is not a valid number for region CN; check the digits"
        )
        assert error_text(refused).startswith("联系电话：'12345' 不是")
        assert window.model.data(window.model.index(0, 2)) == "新建"
        window.shutdown()
    finally:
        for t in translators:
            app.removeTranslator(t)


def test_actions_follow_the_state_and_a_stale_edit_opens_the_conflict_dialog(
    qtbot: QtBot, backend: Services, store: Any, monkeypatch: Any
) -> None:
    ids = open_tickets(backend, 1)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    buttons = {b.objectName() for b in window.detail.action_bar.findChildren(QPushButton)}
    # a new ticket can be dispatched, held or cancelled, and nothing else
    assert buttons == {"action_assigned", "action_on_hold", "action_cancelled"}

    # another agent puts the ticket on hold meanwhile; our stale "cancel" must not overwrite it
    other = Services(store.unit_of_work, store.feed, backend.actor)
    current = other.get_ticket(ids[0])
    other.transition(current.id, current.version, "on_hold", "customer away")
    from PySide6.QtWidgets import QInputDialog

    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("duplicate", True))
    window.detail.action_bar.findChild(QPushButton, "action_cancelled").click()
    qtbot.waitUntil(lambda: getattr(window.lifecycle, "conflict", None) is not None, timeout=5000)
    dialog = window.lifecycle.conflict
    assert dialog.isVisible()
    rows = {
        dialog.table.item(r, 0).text(): (
            dialog.table.item(r, 2).text(),
            dialog.table.item(r, 3).text(),
        )
        for r in range(dialog.table.rowCount())
    }
    assert rows["Status"] == ("Cancelled", "On hold")  # both sides shown: ours and theirs
    assert backend.get_ticket(ids[0]).status.value == "on_hold"  # nothing overwritten yet
    dialog.back.click()  # "leave it": theirs stays
    qtbot.waitUntil(
        lambda: window.detail.ticket is not None and window.detail.ticket.status.value == "on_hold",
        timeout=5000,
    )
    assert backend.get_ticket(ids[0]).status.value == "on_hold"
    window.shutdown()


def test_clicking_a_header_sorts_on_the_server(qtbot: QtBot, backend: Services) -> None:
    from PySide6.QtCore import Qt

    ids = open_tickets(backend, 3)
    urgent = backend.get_ticket(ids[1])
    backend.update_ticket(urgent.id, urgent.version, priority="critical")
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.queue.table.sortByColumn(1, Qt.SortOrder.AscendingOrder)  # priority
    assert window.model.query.sort == "priority"
    assert window.model.row_at(0).ticket.id == urgent.id
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.queue.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)  # newest first
    assert [window.model.row_at(r).ticket.id for r in range(3)] == sorted(ids, reverse=True)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.queue.table.sortByColumn(1, Qt.SortOrder.DescendingOrder)  # lowest priority first
    assert window.model.query.sort == "priority_low"
    assert window.model.row_at(2).ticket.id == urgent.id
    header = window.queue.table.horizontalHeader()
    window.queue.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # status: not sortable
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (
        1,
        Qt.SortOrder.DescendingOrder,
    )  # the arrow stays where the rows are really sorted
    assert window.model.query.sort == "priority_low"
    window.shutdown()


class DeadBackend:
    """A backend whose server went away: every call fails."""

    def __init__(self, inner: Services) -> None:
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        target = getattr(self._inner, name)
        if not callable(target):
            return target

        def dead(*_args: Any, **_kwargs: Any) -> Any:
            raise ConnectionError("server unreachable")

        return dead


def test_a_dead_backend_shows_offline_and_keeps_the_window_alive(
    qtbot: QtBot, backend: Services
) -> None:
    window = MainWindow(DeadBackend(backend), backend.actor, "test")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model.load_failed, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: "offline" in window.connection.text(), timeout=5000)
    assert "server unreachable" in window.statusBar().currentMessage()
    window.shutdown()


def test_every_step_is_in_the_ticket_menu_and_tab_leaves_the_queue(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 2)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    menu = window.commands["status_menu"].menu()
    assert (
        [a.text() for a in menu.actions()]
        == [t for _, t in window.detail.action_bar.steps()]
        == ["Dispatch…", "Hold…", "Cancel ticket…"]
    )
    assert not window.queue.table.tabKeyNavigation()
    shortcuts = {name: a.shortcut().toString() for name, a in window.commands.items()}
    assert shortcuts["next"] == "Ctrl+Down" and shortcuts["dispatch"] == "Ctrl+D"
    # a ticket that cannot be dispatched says so instead of doing nothing
    ticket = window.detail.ticket
    assert ticket is not None
    backend.transition(ticket.id, ticket.version, "cancelled", "duplicate")
    window.reload()
    qtbot.waitUntil(
        lambda: (
            window.detail.ticket is not None and window.detail.ticket.status.value == "cancelled"
        ),
        timeout=5000,
    )
    window.dispatch_selected()
    assert "cannot be dispatched" in window.statusBar().currentMessage()
    window.shutdown()


def test_an_escalated_ticket_carries_a_flag_saying_how_far_it_went(
    qtbot: QtBot, store: SqlStore
) -> None:
    class Then:
        def now(self) -> datetime:
            return datetime.now(UTC) - timedelta(hours=3)  # its response deadline has passed

    agent = Services(store.unit_of_work, store.feed, Actor("alice", "agent"), clock=Then())
    late = agent.create_ticket(TicketDraft("phone", "lift", "normal", "电梯停运"))
    me = Services(store.unit_of_work, store.feed, Actor("alice", "agent"))
    fresh = me.create_ticket(TicketDraft("phone", "printer", "normal", "卡纸"))
    window = MainWindow(me, me.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    model, sla = window.model, COLUMNS.index("sla")

    def cell(ticket_id: int, role: Qt.ItemDataRole) -> Any:
        row = model.row_of(ticket_id)
        return None if row is None else model.data(model.index(row, sla), role)

    assert cell(late.id, Qt.ItemDataRole.DecorationRole) is None
    me.as_actor(Actor("sla-watch", "supervisor")).escalate_due()  # what the server does
    qtbot.waitUntil(
        lambda: cell(late.id, Qt.ItemDataRole.DecorationRole) is not None, timeout=10000
    )
    assert "missed" in cell(late.id, Qt.ItemDataRole.ToolTipRole)
    assert cell(fresh.id, Qt.ItemDataRole.DecorationRole) is None
    button = window.findChild(QPushButton, "quick_escalated")
    assert button is not None
    with qtbot.waitSignal(model.loaded, timeout=5000):
        button.click()  # the supervisor's list: only what has escalated
    assert [model.row_at(r).ticket.id for r in range(model.rowCount())] == [late.id]
    window.runner.wait(5000)
    window.shutdown()
