"""A window closed while its call is in flight: the answer arrives later and is dropped, with no
"Internal C++ object already deleted" and no Qt warning (both fail these tests). Each backend
call under test blocks on a gate the test opens only once the window is gone."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMainWindow, QWidget
from pytestqt.qtbot import QtBot
from shiboken6 import isValid

from dispatch_console.config import ConsoleSettings, MapSettings, Secrets, save_settings
from dispatch_console.domain.call_events import CallEvent
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.services import Services
from dispatch_console.ui import tasks
from dispatch_console.ui.callbacks.panel import CallbacksPanel
from dispatch_console.ui.calls.controller import CallController
from dispatch_console.ui.calls.popup import ScreenPop
from dispatch_console.ui.chat.panel import ChatPanel
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.map.dock import build_map_dock
from dispatch_console.ui.settings.dialog import SettingsDialog
from dispatch_console.ui.settings.probes import Outcome, Probes
from dispatch_console.ui.tasks import Latest, TaskRunner
from dispatch_console.ui.tickets.form import TicketForm

from .conftest import SITE, _tile_png, open_tickets

GONE = "receiver is gone"


class Held:
    """The backend, except that the named calls wait at a gate until the test opens it."""

    def __init__(self, inner: Any, *names: str) -> None:
        self._inner = inner
        self._names = set(names)
        self.entered = threading.Event()
        self.gate = threading.Event()

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if name not in self._names:
            return attr

        def held(*args: Any, **kwargs: Any) -> Any:
            self.entered.set()
            assert self.gate.wait(10), "the test never opened the gate"
            return attr(*args, **kwargs)

        return held


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    """The main window's runner: it outlives the dialogs closed under it."""
    runner = TaskRunner()
    yield runner
    runner.wait(5000)


@pytest.fixture(autouse=True)
def _debug(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger=tasks.__name__)


def close_in_flight(qtbot: QtBot, held: Held, window: QObject, start: Callable[[], None]) -> None:
    """Start the call, close (delete) the window while the call waits, then let it answer and
    wait until the answer has come back to the GUI thread."""
    start()
    qtbot.waitUntil(held.entered.is_set, timeout=5000)
    if isinstance(window, QWidget):
        window.close()
    window.deleteLater()
    qtbot.waitUntil(lambda: not isValid(window), timeout=5000)
    held.gate.set()
    qtbot.waitUntil(lambda: tasks.outstanding() == 0, timeout=10_000)


def dropped(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if GONE in r.getMessage()]


# --- the helper itself ----------------------------------------------------------------------------
def test_answers_reach_a_live_receiver_and_are_dropped_for_a_deleted_one(
    qtbot: QtBot, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    gate = threading.Event()
    alive, gone = QObject(), QObject()
    got: list[object] = []

    def slow() -> str:
        assert gate.wait(10)
        return "answer"

    def broken() -> str:
        assert gate.wait(10)
        raise ValueError("refused")

    runner.run(slow, got.append, got.append, receiver=alive)
    runner.run(slow, got.append, got.append, receiver=gone)
    runner.run(broken, got.append, got.append, receiver=gone)
    Latest(runner, gone).run(slow, got.append, got.append)
    gone.deleteLater()
    qtbot.waitUntil(lambda: not isValid(gone), timeout=5000)
    gate.set()
    qtbot.waitUntil(lambda: runner.in_flight == 0, timeout=5000)
    assert got == ["answer"]
    assert len(dropped(caplog)) == 3
    assert any("refused" in m for m in dropped(caplog))  # what was lost is in the log


def test_an_error_with_nobody_to_handle_it_still_reaches_the_status_bar(
    qtbot: QtBot, runner: TaskRunner
) -> None:
    owner = QObject()

    def broken() -> None:
        raise ValueError("refused")

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.run(broken, lambda _r: None, receiver=owner)
    assert str(failed.args[0]) == "refused"


# --- each window closed while its call is in flight -----------------------------------------------
def test_closing_the_screen_pop_before_the_caller_is_found(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    open_tickets(backend, 1)
    held = Held(backend, "lookup_caller")
    host = QWidget()
    qtbot.addWidget(host)
    calls = CallController(held, runner, "8001", host)
    offer = CallEvent(
        "offered", "c1", datetime.now(UTC), "inbound", "13812345678", "4008001234", "8001"
    )
    close_in_flight(qtbot, held, _popup(calls, offer), lambda: None)
    assert "c1" not in calls.popups
    assert dropped(caplog)


def test_closing_the_screen_pop_while_it_looks_for_whom_to_add_the_number_to(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    backend.create_customer("上海申达物业", ["13812345678"])
    held = Held(backend, "search_customers")
    host = QWidget()
    qtbot.addWidget(host)
    calls = CallController(held, runner, "8001", host)
    offer = CallEvent(
        "offered", "c1", datetime.now(UTC), "inbound", "13900001111", "4008001234", "8001"
    )
    with qtbot.waitSignal(calls.popped, timeout=5000):
        popup = _popup(calls, offer)
    popup.attach_button.click()

    def search() -> None:
        assert popup.attach is not None
        qtbot.keyClicks(popup.attach.query, "138")

    close_in_flight(qtbot, held, popup, search)
    assert dropped(caplog)


def _popup(calls: CallController, offer: CallEvent) -> ScreenPop:
    calls.on_event(offer)
    return calls.popups[offer.call_id]


def test_closing_the_ticket_form_while_it_looks_up_customers(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    open_tickets(backend, 1)
    held = Held(backend, "search_customers")
    form = TicketForm(held, runner)
    form.show()
    close_in_flight(qtbot, held, form, lambda: qtbot.keyClicks(form.customer_search, "138"))
    assert dropped(caplog)


def test_closing_the_ticket_form_while_it_reads_the_callers_sites(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    customer = backend.create_customer("王芳", ["139 1234 5678"])
    backend.create_site("住宅", "漕溪北路88号", *SITE, customer_id=customer.id)
    held = Held(backend, "list_sites")
    form = TicketForm(held, runner)
    form.show()
    match = backend.lookup_caller("13912345678")
    close_in_flight(qtbot, held, form, lambda: form.prefill_caller(match, "139 1234 5678"))
    assert dropped(caplog)


def test_closing_the_detail_panel_while_the_ticket_is_read(
    qtbot: QtBot, backend: Services, caplog: pytest.LogCaptureFixture
) -> None:
    (ticket_id,) = open_tickets(backend, 1)
    held = Held(backend, "ticket_history")
    window = MainWindow(held, backend.actor, "test")
    qtbot.addWidget(window)
    close_in_flight(qtbot, held, window.detail, lambda: window.open_ticket(ticket_id))
    assert dropped(caplog)
    window.shutdown()


def test_closing_the_callbacks_panel_while_the_queue_is_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    held = Held(backend, "callback_queue")
    panel = CallbacksPanel(held, runner, "agent1", lambda _n, _t: None, "CN")
    panel.show()
    close_in_flight(qtbot, held, panel, panel.reload)
    assert dropped(caplog)


def test_closing_the_chat_pane_while_the_conversations_are_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    held = Held(backend, "list_conversations")
    panel = ChatPanel(held, runner)
    panel.show()
    close_in_flight(qtbot, held, panel, panel.reload)
    assert dropped(caplog)


def test_closing_the_dispatch_panel_while_the_job_is_ranked(
    qtbot: QtBot,
    backend: Services,
    runner: TaskRunner,
    mbtiles: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    customer = backend.create_customer("浦银商业银行", ["021 3775 5670"])
    site = backend.create_site("静安分行", "南京西路1号", *SITE, customer_id=customer.id)
    ticket = backend.create_ticket(
        TicketDraft("phone", "lift", "critical", "电梯困人", customer_id=customer.id,
                    site_id=site.id)
    )  # fmt: skip
    held = Held(backend, "dispatch_job")
    host = QMainWindow()
    qtbot.addWidget(host)
    settings = MapSettings(mbtiles_path=str(mbtiles), offline=True, tile_url="")
    dock, controller = build_map_dock(host, held, runner, settings, "Map")
    host.show()
    with qtbot.waitSignal(controller.map.ready, timeout=20000):
        controller.map.load()  # the window loads it once its queue shows
    close_in_flight(qtbot, held, dock, lambda: controller.select_ticket(ticket))
    assert dropped(caplog)


def test_closing_settings_while_test_connection_runs(
    qtbot: QtBot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The dialog owns its runner: closing it must neither wait for the test nor crash after."""
    entered, gate = threading.Event(), threading.Event()

    def database(_url: str) -> Outcome:
        entered.set()
        assert gate.wait(10)
        return Outcome(True, "reachable")

    def unused(*_args: object) -> Outcome:
        raise AssertionError("not called")

    held = Held(None)
    held.entered, held.gate = entered, gate
    probes = Probes(database=database, setup_database=unused, telephony=unused)
    dialog = SettingsDialog(ConsoleSettings(), probes, Secrets(), save_settings)
    dialog.show()
    page = dialog.connection
    page.kind.setCurrentIndex(page.kind.findData("sqlite"))
    page.sqlite_path.setText(str(tmp_path / "team.sqlite3"))
    close_in_flight(qtbot, held, dialog, page.test_button.click)
    assert dropped(caplog)


# --- the other dialogs, each closed while its first call is in flight -----------------------------
def test_closing_the_live_board_while_it_is_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.board.window import BoardWindow

    held = Held(backend, "live_board")
    board = BoardWindow(held, runner, "Asia/Shanghai")
    board.show()
    close_in_flight(qtbot, held, board, board.reload)
    assert dropped(caplog)


def test_closing_the_dispatch_board_while_its_days_are_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.schedule.panel import SchedulePanel

    held = Held(backend, "schedule_board")
    panel = SchedulePanel(held, runner, "Asia/Shanghai")  # type: ignore[arg-type]
    panel.show()
    close_in_flight(qtbot, held, panel, lambda: None)  # showing it started the read
    assert dropped(caplog)


def test_closing_working_hours_while_a_departments_week_is_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.schedule.hours_dialog import WorkingHoursDialog

    backend.create_department("North", "N")
    held = Held(backend, "department_hours")
    dialog = WorkingHoursDialog(held, runner, "Asia/Shanghai")  # type: ignore[arg-type]
    dialog.show()
    close_in_flight(qtbot, held, dialog, dialog.load)  # the departments, then the first's week
    assert dropped(caplog)


def test_closing_the_callback_review_while_its_pickers_are_filled(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.callbacks.review import ReviewDialog

    held = Held(backend, "list_technicians")
    dialog = ReviewDialog(held, runner)
    dialog.show()
    close_in_flight(qtbot, held, dialog, dialog.start)
    assert dropped(caplog)


def test_closing_the_routing_rules_while_they_are_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.routing.dialog import RoutingRulesDialog

    held = Held(backend, "list_departments")
    dialog = RoutingRulesDialog(held, runner)
    dialog.show()
    close_in_flight(qtbot, held, dialog, dialog.load)
    assert dropped(caplog)


def test_closing_the_label_printer_while_it_looks_up_customers(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.labels.dialog import LabelsDialog

    backend.create_customer("上海申达物业", ["13812345678"])
    held = Held(backend, "search_customers")
    dialog = LabelsDialog(held, runner, "https://service.example.com")
    dialog.show()
    close_in_flight(qtbot, held, dialog, lambda: qtbot.keyClicks(dialog.search, "138"))
    assert dropped(caplog)


def test_closing_my_contacts_while_they_are_read(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.contact_dialog import ContactDialog

    held = Held(backend, "list_users")
    dialog = ContactDialog(held, runner, backend.actor.name)
    dialog.show()
    close_in_flight(qtbot, held, dialog, dialog.load)
    assert dropped(caplog)


def test_closing_the_password_dialog_while_the_change_is_made(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.password_dialog import PasswordDialog

    held = Held(backend, "change_password")
    dialog = PasswordDialog(held, runner, backend.actor.name)
    dialog.show()
    dialog.current.setText("whatever it was 1")
    dialog.new.setText("correct horse 42")
    dialog.repeat.setText("correct horse 42")
    close_in_flight(qtbot, held, dialog, dialog.submit)
    assert dropped(caplog)


def test_closing_the_note_dialog_while_the_note_is_saved(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.tickets.note_dialog import NoteDialog

    (ticket_id,) = open_tickets(backend, 1)
    held = Held(backend, "add_comment")
    dialog = NoteDialog(held, runner, backend.get_ticket(ticket_id))
    dialog.show()
    dialog.text.setPlainText("the customer will be in after 14:00")
    close_in_flight(qtbot, held, dialog, dialog.save)
    assert dropped(caplog)


def test_closing_the_callback_request_while_it_is_scheduled(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.callbacks.request import CallbackRequestDialog

    (ticket_id,) = open_tickets(backend, 1)
    held = Held(backend, "schedule_callback")
    dialog = CallbackRequestDialog(held, runner, backend.get_ticket(ticket_id), "13812345678")
    dialog.show()
    close_in_flight(qtbot, held, dialog, dialog.save)
    assert dropped(caplog)


def test_closing_the_photo_viewer_while_the_photo_loads(
    qtbot: QtBot, backend: Services, runner: TaskRunner, caplog: pytest.LogCaptureFixture
) -> None:
    from dispatch_console.ui.tickets.photo_viewer import PhotoViewer

    (ticket_id,) = open_tickets(backend, 1)
    photo = backend.attach(ticket_id, "lift.png", _tile_png("#888888"), "image/png")
    held = Held(backend, "attachment_data")
    viewer = PhotoViewer(held, runner, [photo], 0)  # it reads the photo at once
    close_in_flight(qtbot, held, viewer, viewer.show)
    assert dropped(caplog)


def test_closing_the_sign_in_while_the_password_is_checked(
    qtbot: QtBot, backend: Services, caplog: pytest.LogCaptureFixture
) -> None:
    """The dialog owns its runner, as Settings does."""
    from dispatch_console.ui.login import LoginDialog

    held = Held(backend, "authenticate")
    dialog = LoginDialog(held, "test", "boss")
    dialog.show()
    dialog.password.setText("correct horse 1")
    close_in_flight(qtbot, held, dialog, dialog.ok_button.click)
    assert dropped(caplog)
