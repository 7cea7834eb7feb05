"""An agent keeps working while the dispatch server is down: the note they write is kept on the
PC and shown as waiting, the new ticket they could not save comes back in the next form, and
when the server returns the note goes through once, without the agent doing anything."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import requests
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import TicketQuery
from dispatch_console.rest.client import RestBackend
from dispatch_console.rest.pending_writes import PendingWrites
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.pending_writes import PendingWritesButton
from server.processes import ServerProcess

from .conftest import SERVER_PASSWORD


@pytest.fixture
def window(
    qtbot: QtBot, server: ServerProcess, tmp_path: Path, qt_loop: object
) -> Iterator[MainWindow]:
    """A console on the server, its event stream a task on the Qt loop as in the app."""
    backend, _ = RestBackend.sign_in(server.url, "boss", SERVER_PASSWORD)
    backend.pending_writes = PendingWrites(tmp_path / "pending_writes.sqlite3")
    w = MainWindow(backend.as_backend(), backend.actor, "test", server=backend)
    qtbot.addWidget(w)
    w.show()
    with qtbot.waitSignal(w.model.loaded, timeout=10000):
        w.start()
    qtbot.waitUntil(lambda: w.detail.ticket is not None, timeout=10000)
    yield w
    w.shutdown()
    backend.close()


def test_the_agent_keeps_working_while_the_server_is_down(
    qtbot: QtBot, server: ServerProcess, window: MainWindow
) -> None:
    assert window.pending_writes is not None
    button = window.findChild(PendingWritesButton)
    assert button is not None and not button.isVisible()
    ticket_id = window.detail.ticket.id
    qtbot.waitUntil(lambda: window.connection.text() == "online", timeout=10000)
    form = window.new_ticket()  # the agent had started a ticket for a caller
    qtbot.keyClicks(form.customer_search, "Li")
    qtbot.waitUntil(lambda: form.customer_results.count() == 1, timeout=10000)
    form.customer_results.itemActivated.emit(form.customer_results.item(0))
    assert form.customer is not None and form.customer.name == "Li Lei"
    server.kill()
    qtbot.waitUntil(lambda: "offline" in window.connection.text(), timeout=10000)

    note = window.add_note()
    assert note is not None
    note.text.setPlainText("客户说下午两点后有人")
    with qtbot.waitSignal(note.kept, timeout=10000):
        note.save_button.click()
    assert not note.isVisible()  # the text is safe: the agent can move on
    assert "kept on this PC" in window.statusBar().currentMessage()
    qtbot.waitUntil(button.isVisible, timeout=10000)
    assert "1 change(s) waiting" in button.text()

    form.category.setText("lift")
    form.description.setPlainText("电梯困人")
    form.save_button.click()
    qtbot.waitUntil(lambda: "kept on this PC" in form.error.text(), timeout=10000)
    pending_writes = window.backend.pending_writes  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: pending_writes.draft("new_ticket") is not None, timeout=10000)
    form.reject()

    popped = window.new_ticket_for_call(None, CallEvent(
        "offered", "c-1", datetime.now(UTC), "inbound", "13900009999", "8001", "8001"))  # fmt: skip
    qtbot.waitUntil(popped.restored.isVisible, timeout=10000)  # offered, not filled in
    assert popped.contact_phone.text() == "13900009999" and popped.description.toPlainText() == ""
    popped.reject()
    again = window.new_ticket()  # the next form offers it back; the agent takes it
    qtbot.waitUntil(again.restored.isVisible, timeout=10000)
    again.restored.restore_button.click()
    assert again.description.toPlainText() == "电梯困人" and again.category.text() == "lift"
    assert again.customer is not None and again.customer.name == "Li Lei"

    assert window.pending_writes is not None
    with qtbot.waitSignal(window.pending_writes.delivered, timeout=20000) as delivered:
        server.start()  # nobody clicks anything: the console notices and sends the note
    assert delivered.args[0].sent == 1
    qtbot.waitUntil(lambda: not button.isVisible(), timeout=20000)
    history = window.backend.ticket_history(ticket_id)
    assert [c.body for c in history.comments] == ["客户说下午两点后有人"]

    with qtbot.waitSignal(again.created, timeout=10000) as created:
        qtbot.keyClick(again, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert created.args[0].customer_id == again.customer.id
    assert [t.ticket.id for t in window.backend.search_tickets(TicketQuery()).items].count(
        created.args[0].id
    ) == 1
    qtbot.waitUntil(lambda: pending_writes.draft("new_ticket") is None, timeout=10000)
    fresh = window.new_ticket()  # saved: nothing to offer any more
    qtbot.waitUntil(lambda: window.runner.in_flight == 0, timeout=10000)
    assert not fresh.restored.isVisible() and fresh.description.toPlainText() == ""
    fresh.reject()


def test_an_ended_session_asks_for_the_password_and_carries_on(
    qtbot: QtBot, server: ServerProcess, window: MainWindow
) -> None:
    """An administrator revokes the session (or its 12 hours run out): the agent is asked for
    their password, not thrown out, and the console carries on with a new token."""
    backend = window.backend
    assert isinstance(backend, RestBackend) and window.session is not None
    old = backend.token
    qtbot.waitUntil(lambda: window.connection.text() == "online", timeout=10000)
    ended = requests.post(
        server.url + "/api/v1/auth/logout", headers={"Authorization": f"Bearer {old}"}, timeout=10
    )
    assert ended.ok
    qtbot.waitUntil(
        lambda: window.session.dialog is not None and window.session.dialog.isVisible(),
        timeout=20000,
    )  # the event stream re-checks its token every 10 s
    dialog = window.session.dialog
    assert dialog.username.text() == "boss" and dialog.username.isReadOnly()
    dialog.password.setText("wrong")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: "Wrong" in dialog.error.text(), timeout=10000)
    dialog.password.setText(SERVER_PASSWORD)
    with qtbot.waitSignal(window.session.renewed, timeout=10000):
        dialog.ok_button.click()
    assert backend.token != old
    qtbot.waitUntil(lambda: window.connection.text() == "online", timeout=10000)
    assert backend.as_backend().get_ticket(window.detail.ticket.id).id == window.detail.ticket.id


def test_a_customers_qr_report_appears_in_the_console_at_once(
    qtbot: QtBot, server: ServerProcess, window: MainWindow
) -> None:
    """A customer scans a printer's label and reports a fault from their phone: the agent's
    queue shows the self-service ticket without anyone pressing reload."""
    desk = window.backend
    customer = desk.search_customers("Li Lei")[0]
    site = desk.create_site("Plant 1", "1 Road", lat=31.23, lon=121.47, customer_id=customer.id)
    asset = desk.create_asset(site.id, "HP LaserJet M404", "CN998877", category="printer")
    shown = window.model.rowCount()
    sent = requests.post(
        f"{server.url}/r/{asset.qr_token}", allow_redirects=False, timeout=10,
        data={"description": "每页都卡纸", "contact_name": "王芳", "contact_phone": "13812345678"},
    )  # fmt: skip
    assert sent.status_code == 303 and sent.headers["location"].startswith("/s/")
    qtbot.waitUntil(lambda: window.model.rowCount() == shown + 1, timeout=15000)
    [row] = [r for r in desk.search_tickets(TicketQuery()).items if r.ticket.asset_id == asset.id]
    assert row.ticket.channel.value == "self_service" and row.ticket.site_id == site.id
