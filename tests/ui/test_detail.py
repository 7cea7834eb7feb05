"""The ticket detail as an agent uses it: edit, edit conflicts, notes, photos, readable history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton
from pytestqt.qtbot import QtBot

from contract.conftest import Make
from dispatch_console.domain.enums import Priority
from dispatch_console.ports import Actor
from dispatch_console.seed.story import tiny_png
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tickets.form import TicketForm


def _window(qtbot: QtBot, backend: Services) -> MainWindow:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitActive(window)  # window shortcuts (Ctrl+E, Ctrl+M) need the active window
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    return window


def _make(backend: Services, store: Any) -> Make:
    return Make(backend, lambda actor: Services(store.unit_of_work, store.feed, actor))


def test_agent_edits_a_ticket_and_only_the_changed_fields_are_saved(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    ticket, _, site = _make(backend, store).job(description="空调漏水")
    window = _window(qtbot, backend)
    assert "Plant 1" in window.detail.summary.text()  # customer and site at a glance

    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    form = window.findChildren(TicketForm)[0]
    qtbot.waitUntil(lambda: form.site.currentData() == site.id, timeout=5000)
    assert form.windowTitle() == f"Edit {ticket.number}"
    assert form.description.toPlainText() == "空调漏水"
    form.priority.setCurrentIndex(form.priority.findData(Priority.HIGH))
    form.description.setPlainText("空调漏水，滴到服务器机柜")
    assert form.changes() == {"priority": Priority.HIGH, "description": "空调漏水，滴到服务器机柜"}
    with qtbot.waitSignal(form.updated, timeout=5000):
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    saved = backend.get_ticket(ticket.id)
    assert (saved.priority, saved.description, saved.site_id) == (
        Priority.HIGH,
        "空调漏水，滴到服务器机柜",
        site.id,
    )
    assert saved.version == ticket.version + 1
    qtbot.waitUntil(lambda: window.detail.ticket.version == saved.version, timeout=5000)
    window.shutdown()


def test_saving_over_a_newer_change_shows_both_and_merges_nothing_silently(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    ticket, _, _ = _make(backend, store).job(description="old text", contact_name="张三")
    window = _window(qtbot, backend)
    form = window.edit_ticket()
    assert form is not None
    form.description.setPlainText("mine")

    other = Services(store.unit_of_work, store.feed, Actor("agent2", "agent"))
    other.update_ticket(ticket.id, ticket.version, description="theirs", contact_name="李四")

    form.save()
    qtbot.waitUntil(lambda: form.conflict is not None and form.conflict.isVisible(), timeout=5000)
    table = form.conflict.table
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in (1, 2, 3)]
        for r in range(table.rowCount())
    }
    assert rows["Fault"] == ["old text", "mine", "theirs"]
    assert rows["Contact"] == ["张三", "", "李四"]
    assert "agent2" in form.conflict.windowTitle()

    with qtbot.waitSignal(form.updated, timeout=5000):
        form.conflict.save_mine.click()
    now = backend.get_ticket(ticket.id)
    # my field written over theirs; the field only they changed keeps their value
    assert (now.description, now.contact_name) == ("mine", "李四")
    window.shutdown()


def test_discarding_mine_keeps_theirs(qtbot: QtBot, backend: Services, store: Any) -> None:
    ticket, _, _ = _make(backend, store).job(description="old text")
    window = _window(qtbot, backend)
    form = window.edit_ticket()
    assert form is not None
    form.description.setPlainText("mine")
    other = Services(store.unit_of_work, store.feed, Actor("agent2", "agent"))
    other.update_ticket(ticket.id, ticket.version, description="theirs")
    form.save()
    qtbot.waitUntil(lambda: form.conflict is not None and form.conflict.isVisible(), timeout=5000)
    form.conflict.take_theirs.click()
    qtbot.waitUntil(lambda: not form.isVisible(), timeout=5000)
    assert backend.get_ticket(ticket.id).description == "theirs"
    window.shutdown()


def test_a_note_is_saved_and_appears_in_the_timeline(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    ticket, _, _ = _make(backend, store).job()
    window = _window(qtbot, backend)
    qtbot.keyClick(window, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier)
    from dispatch_console.ui.tickets.note_dialog import NoteDialog

    dialog = window.findChildren(NoteDialog)[0]
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5000)
    dialog.save()  # empty: refused in place
    assert dialog.error.text() and dialog.isVisible()
    dialog.text.insertPlainText("客户要求下午两点后上门")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        qtbot.keyClick(dialog.text, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: "下午两点" in window.detail.body.toPlainText(), timeout=5000)
    comment = backend.ticket_history(ticket.id).comments[0]
    assert (comment.visibility.value, comment.author) == ("internal", "agent1")
    window.shutdown()


def test_photos_show_as_thumbnails_and_open_in_the_viewer(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    ticket, _, _ = _make(backend, store).job()
    first = backend.attach(ticket.id, "before.png", tiny_png(0xFF0000))
    second = backend.attach(ticket.id, "after.png", tiny_png(0x00FF00))
    backend.attach(
        ticket.id, "report.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"
    )
    window = _window(qtbot, backend)
    timeline = window.detail.body
    qtbot.waitUntil(
        lambda: timeline.has_thumbnail(first.id) and timeline.has_thumbnail(second.id),
        timeout=5000,
    )
    assert "report.pdf" in timeline.toPlainText()

    window.detail.body.attachment_clicked.emit(first.id)
    from dispatch_console.ui.tickets.photo_viewer import PhotoViewer

    viewer = window.findChildren(PhotoViewer)[0]
    qtbot.waitUntil(
        lambda: viewer.picture.pixmap() is not None and not viewer.picture.pixmap().isNull(),
        timeout=5000,
    )
    assert viewer.current.filename == "before.png" and not viewer.previous.isEnabled()
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.current.filename == "after.png" and not viewer.next.isEnabled()

    def shows_green() -> bool:
        image = viewer.picture.pixmap().toImage()
        return not image.isNull() and image.pixelColor(0, 0).green() > 200

    qtbot.waitUntil(shows_green, timeout=5000)
    viewer.close()
    window.shutdown()


def test_the_timeline_names_parts_technicians_and_callbacks(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    make = _make(backend, store)
    ticket, tech, _ = make.job()
    belt = make.part("BELT-1", "风机皮带")
    backend.set_van_stock(tech.id, belt.id, 3)
    from dispatch_console.domain.enums import TicketStatus

    t = make.ticket_in(TicketStatus.IN_PROGRESS, ticket, tech)
    make.technician_actor(tech).consume_part(t.id, belt.id, 2)
    backend.schedule_callback(
        "13812345678", datetime.now(UTC) + timedelta(hours=2), reason="resolved", ticket_id=t.id
    )
    window = _window(qtbot, backend)
    text = window.detail.body.toPlainText()
    assert "风机皮带 × 2" in text
    assert "Callback after the repair: to do" in text
    assert "Wang Wei" in window.detail.summary.text()
    buttons = {b.objectName() for b in window.detail.findChildren(QPushButton)}
    assert {"detail_edit", "detail_note"} <= buttons
    window.shutdown()


class HeldSites:
    """The backend, except that site lists take until the test lets them through."""

    def __init__(self, backend: Services) -> None:
        import threading

        self._backend = backend
        self.release = threading.Event()

    def list_sites(self, customer_id: int) -> Any:
        self.release.wait(10)
        return self._backend.list_sites(customer_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)


def test_a_quick_save_before_the_pickers_load_keeps_site_and_asset(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    make = _make(backend, store)
    ticket, _, site = make.job(description="old")
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-9", category="lift")
    ticket = backend.update_ticket(ticket.id, ticket.version, asset_id=asset.id)
    held = HeldSites(backend)
    window = _window(qtbot, held)  # type: ignore[arg-type]
    form = window.edit_ticket()
    assert form is not None
    form.description.setPlainText("new")
    try:
        with qtbot.waitSignal(form.updated, timeout=5000):
            form.save()  # the site list has not arrived yet
    finally:
        held.release.set()
    saved = backend.get_ticket(ticket.id)
    assert (saved.description, saved.site_id, saved.asset_id) == ("new", site.id, asset.id)
    window.shutdown()


class BrokenHistory:
    """The backend, except that one ticket's history cannot be read."""

    def __init__(self, backend: Services, broken: int) -> None:
        self._backend = backend
        self.broken = broken

    def ticket_history(self, ticket_id: int) -> Any:
        if ticket_id == self.broken:
            raise ConnectionError("server closed the connection unexpectedly")
        return self._backend.ticket_history(ticket_id)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._backend, name)


def test_moving_to_a_ticket_that_fails_to_load_leaves_nothing_to_act_on(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    make = _make(backend, store)
    good, _, _ = make.job()
    broken, _, _ = make.job()
    window = MainWindow(BrokenHistory(backend, broken.id), backend.actor, "test")  # type: ignore[arg-type]
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    window.queue.table.selectRow(window.model.row_of(good.id))
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    window.queue.table.selectRow(window.model.row_of(broken.id))
    qtbot.waitUntil(lambda: "could not be loaded" in window.detail.title.text(), timeout=5000)
    assert window.detail.ticket is None and not window.detail.edit_button.isEnabled()
    assert window.edit_ticket() is None  # Ctrl+E cannot edit the ticket shown before
    assert "server closed the connection" in window.detail.summary.text()
    window.shutdown()
