"""A caller the PBX sends in local form (62345678 for a desk in Shanghai) pops as a number, and
two keystrokes file it on an existing customer: Ctrl+L opens the customer search focused, a few
letters and Enter add the number; the pop-up then shows the customer and their open tickets."""

from __future__ import annotations

from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from dispatch_console.config import ConsoleSettings, TelephonySettings
from dispatch_console.domain.call_events import CallEvent
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.services import Services
from dispatch_console.ui.calls.popup import ScreenPop
from dispatch_console.ui.main_window import MainWindow

SHANGHAI_DESK = ConsoleSettings(telephony=TelephonySettings(kind="softphone", area_code="021"))


def _window(qtbot: QtBot, backend: Services) -> MainWindow:
    window = MainWindow(backend, backend.actor, "test", extension="8001", settings=SHANGHAI_DESK)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    return window


def ime_type(field: QLineEdit, text: str) -> None:
    """What a Chinese input method does: it commits the characters the agent picked."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(field, event)


def _pop(qtbot: QtBot, window: MainWindow, number: str) -> ScreenPop:
    offer = CallEvent("offered", "c1", datetime.now(UTC), "inbound", number, "4008001234", "8001")
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer)
    popup = window.calls.popups["c1"]
    popup.activateWindow()
    return popup


def test_an_unknown_local_caller_is_added_to_a_customer_in_two_keystrokes(
    qtbot: QtBot, backend: Services
) -> None:
    customer = backend.create_customer("上海申达物业", ["13812345678"])
    ticket = backend.create_ticket(
        TicketDraft("phone", "lift", "normal", "电梯异响", customer_id=customer.id)
    )
    window = _window(qtbot, backend)
    popup = _pop(qtbot, window, "62345678")  # 021 6234 5678, sent without its area code
    assert "021 6234 5678" in popup.caller.text() and "not a known customer" in popup.caller.text()
    assert popup.attach_button.isVisible() and "Ctrl+L" in popup.attach_button.text()
    assert popup.attach is not None and not popup.attach.isVisible()
    # recorded with the console's area code (the backend has none)
    qtbot.waitUntil(lambda: [c.from_number for c in backend.list_calls()] == ["+862162345678"])

    qtbot.keyClick(popup, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    search = popup.attach.query
    assert popup.attach.isVisible()
    qtbot.waitUntil(search.hasFocus, timeout=5000)
    assert "021 6234 5678" in popup.attach.prompt.text()
    ime_type(search, "上海申达")
    qtbot.waitUntil(lambda: popup.attach.found.count() == 1, timeout=5000)
    qtbot.keyClick(search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: bool(popup.match and popup.match.customers), timeout=5000)

    numbers = [p.number for p in backend.get_customer(customer.id).phones]
    assert numbers == ["+8613812345678", "+862162345678"]
    assert "上海申达物业" in popup.caller.text()
    assert popup.tickets.count() == 1 and ticket.number in popup.tickets.item(0).text()
    assert not popup.attach.isVisible() and not popup.attach_button.isVisible()
    assert popup.open_button.isEnabled()
    window.shutdown()


def test_enter_before_the_search_answers_and_a_number_someone_else_has(
    qtbot: QtBot, backend: Services
) -> None:
    """Typed fast: Enter still adds to the first customer found. A number that meanwhile became
    another customer's is refused in words naming them, and nothing is changed."""
    wang = backend.create_customer("王芳", ["13900001111"])
    window = _window(qtbot, backend)
    popup = _pop(qtbot, window, "9 013812345678")  # outside line + 0 + mobile
    assert popup.attach is not None
    backend.create_customer("李雷", ["13812345678"])  # a colleague files it first
    popup.attach_button.click()
    ime_type(popup.attach.query, "王")
    qtbot.keyClick(popup.attach.query, Qt.Key.Key_Return)  # the look-up has not answered yet
    qtbot.waitUntil(lambda: "李雷" in popup.attach.message.text(), timeout=5000)
    assert "already the number of" in popup.attach.message.text()
    assert [p.number for p in backend.get_customer(wang.id).phones] == ["+8613900001111"]
    assert popup.attach.isVisible() and popup.attach.query.isEnabled()
    # Esc leaves the search, not the pop-up
    qtbot.keyClick(popup.attach.query, Qt.Key.Key_Escape)
    assert not popup.attach.isVisible() and popup.isVisible()
    window.shutdown()


def test_an_extension_calling_cannot_be_filed_on_a_customer(
    qtbot: QtBot, backend: Services
) -> None:
    window = _window(qtbot, backend)
    popup = _pop(qtbot, window, "8002")
    assert not popup.attach_button.isVisible()
    qtbot.keyClick(popup, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert popup.attach is not None and not popup.attach.isVisible()
    window.shutdown()


def test_the_telephony_page_saves_the_desks_area_code(qtbot: QtBot) -> None:
    from dispatch_console.app import probes
    from dispatch_console.config import Secrets, load_settings, save_settings
    from dispatch_console.ui.settings.dialog import SettingsDialog

    dialog = SettingsDialog(ConsoleSettings(), probes.probes(), Secrets(), save_settings)
    qtbot.addWidget(dialog)
    page = dialog.telephony
    page.kind.setCurrentIndex(page.kind.findData("softphone"))
    assert page.trunk_prefixes.text().startswith("9, 17951")  # the Chinese defaults
    page.area_code.setText("099")
    dialog.save()
    assert dialog.tabs.currentWidget() is page
    assert "099 is not an area code" in page.error.text()
    assert "c62828" in page.area_code.styleSheet()
    page.area_code.setText("021")
    page.trunk_prefixes.setText("9, 17951, 12593")
    with qtbot.waitSignal(dialog.saved, timeout=5000):
        dialog.save()
    saved = load_settings()
    assert (saved.telephony.area_code, saved.telephony.trunk_prefixes) == (
        "021",
        ["9", "17951", "12593"],
    )
