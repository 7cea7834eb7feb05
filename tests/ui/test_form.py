"""The new-ticket form, driven with the keyboard as an agent would."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from dispatch_console.ports import TicketQuery
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow


def _world(backend: Services) -> tuple[int, int]:
    customer = backend.create_customer("王芳", ["139 1234 5678"])
    site = backend.create_site(
        "王芳 住宅", "上海市徐汇区漕溪北路88号", 31.19, 121.43, customer_id=customer.id
    )
    asset = backend.create_asset(
        site.id, "HP M404", "SN-42", category="printer", warranty_ends_on=date(2030, 1, 1)
    )
    return customer.id, asset.id


def test_agent_finds_caller_by_phone_and_saves_with_ctrl_enter(
    qtbot: QtBot, backend: Services
) -> None:
    customer_id, asset_id = _world(backend)
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    form = window.new_ticket()
    qtbot.keyClicks(form.customer_search, "13912345678")
    qtbot.waitUntil(lambda: form.customer_results.count() == 1, timeout=5000)
    form.customer_results.itemActivated.emit(form.customer_results.item(0))
    qtbot.waitUntil(lambda: form.asset.count() == 2, timeout=5000)  # "(no asset)" + the printer
    form.asset.setCurrentIndex(1)
    qtbot.keyClicks(form.category, "printer")
    form.description.insertPlainText("卡纸，无法打印")  # QTest types ASCII only
    with qtbot.waitSignal(form.created, timeout=5000) as saved:
        qtbot.keyClick(form, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    ticket = saved.args[0]
    assert ticket.customer_id == customer_id and ticket.asset_id == asset_id
    assert ticket.contact_phone == "+8613912345678"  # taken from the customer, in E.164
    qtbot.waitUntil(lambda: window.model.row_of(ticket.id) is not None, timeout=5000)
    window.shutdown()


def test_invalid_contact_phone_is_marked_and_nothing_is_saved(
    qtbot: QtBot, backend: Services
) -> None:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    form = window.new_ticket()
    qtbot.keyClicks(form.category, "lift")
    form.description.insertPlainText("电梯困人")
    qtbot.keyClicks(form.contact_phone, "12345")
    form.save()
    qtbot.waitUntil(lambda: bool(form.error.text()), timeout=5000)
    assert "Contact phone" in form.error.text() and "Nothing was saved" in form.error.text()
    assert "c62828" in form.contact_phone.styleSheet()
    assert form.isVisible()  # the agent's typing is still there to correct
    assert form.description.toPlainText() == "电梯困人"
    assert backend.search_tickets(TicketQuery()).items == []
    window.shutdown()


def test_tab_walks_the_form_top_to_bottom(qtbot: QtBot, backend: Services) -> None:
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    form = window.new_ticket()
    expected = [
        "customer_search",
        "site",
        "asset",
        "asset_code",
        "category",
        "priority",
        "channel",
        "appointment_booked",  # its date and times are skipped until a visit is booked
        "description",
        "contact_name",
        "contact_phone",
    ]
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form, timeout=5000)
    form.customer_search.setFocus()
    seen = []
    for _ in expected:
        widget = QApplication.focusWidget()
        seen.append(widget.objectName())
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    assert seen == expected
    assert form.description.tabChangesFocus()
    window.shutdown()


def test_a_ticket_already_open_on_the_site_is_shown_before_a_second_is_made(
    qtbot: QtBot, backend: Services
) -> None:
    from dispatch_console.domain.tickets import TicketDraft

    customer_id, asset_id = _world(backend)
    first = backend.create_ticket(
        TicketDraft(
            "phone", "printer", "normal", "卡纸", customer_id=customer_id, asset_id=asset_id
        )
    )
    window = MainWindow(backend, backend.actor, "test")
    qtbot.addWidget(window)
    form = window.new_ticket()
    form.customer_search.setText("139 1234 5678")
    form._look_up_customers()
    qtbot.waitUntil(lambda: form.customer_results.count() == 1, timeout=5000)
    form.customer_results.itemActivated.emit(form.customer_results.item(0))
    qtbot.waitUntil(form.duplicate.isVisible, timeout=5000)
    assert first.number in form.duplicate.text()
    window.shutdown()
