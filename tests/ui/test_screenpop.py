"""Screen-pop: an offer to my extension shows the caller and their open tickets at once; a new
ticket from the pop-up is prefilled and the call is linked to it; calls are recorded."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from dispatch_console.domain.call_events import CallEvent
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.ui.main_window import MainWindow

from .conftest import open_tickets


def _window(qtbot: QtBot, backend: Services) -> MainWindow:
    window = MainWindow(backend, backend.actor, "test", extension="8001")
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    return window


def offer(number: str, extension: str = "8001", call_id: str = "c1") -> CallEvent:
    return CallEvent(
        "offered", call_id, datetime.now(UTC), "inbound", number, "4008001234", extension
    )


def test_an_offer_to_my_extension_pops_the_caller_with_open_tickets(
    qtbot: QtBot, backend: Services
) -> None:
    ids = open_tickets(backend, 2)  # a customer with 13812345678
    window = _window(qtbot, backend)
    with qtbot.waitSignal(window.calls.popped, timeout=5000) as popped:
        window.calls.on_event(offer("138 1234 5678"))
    popup = window.calls.popups["c1"]
    assert popup.isVisible() and not popup.isModal()
    assert "客户 2" in popup.caller.text()
    assert popup.tickets.count() == 2
    assert popped.args[0] < 500  # ms from the offer to the caller on screen (bench: the p95)

    # someone else's extension rings: no pop-up here, but the call is still recorded
    window.calls.on_event(offer("13812345678", extension="8002", call_id="c2"))
    assert "c2" not in window.calls.popups
    qtbot.waitUntil(lambda: {c.call_id for c in backend.list_calls()} == {"c1", "c2"}, timeout=5000)

    # Enter opens the highlighted ticket
    with qtbot.waitSignal(window.calls.open_ticket, timeout=5000) as opened:
        popup.open_button.click()
    assert opened.args[0] in ids
    window.shutdown()


def test_a_missed_call_says_so_and_becomes_a_callback(qtbot: QtBot, backend: Services) -> None:
    open_tickets(backend, 1)
    window = _window(qtbot, backend)
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("13812345678"))
    window.calls.on_event(
        CallEvent(
            "ended",
            "c1",
            datetime.now(UTC),
            "inbound",
            "13812345678",
            "4008001234",
            "8001",
            "no answer",
        )
    )
    assert "Missed" in window.calls.popups["c1"].state.text()
    qtbot.waitUntil(lambda: len(backend.list_callbacks()) == 1, timeout=5000)
    window.shutdown()


def test_an_unknown_caller_gets_a_new_ticket_prefilled_and_linked_to_the_call(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    window = _window(qtbot, backend)
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("139 0000 1111"))
    popup = window.calls.popups["c1"]
    assert "not a known customer" in popup.caller.text()
    popup.new_button.click()
    from dispatch_console.ui.tickets.form import TicketForm

    form = window.findChildren(TicketForm)[-1]
    assert form.contact_phone.text() == "139 0000 1111"
    assert form.channel.currentData() == "phone"  # a StrEnum
    form.category.setText("lift")
    form.description.insertPlainText("电梯异响")
    with qtbot.waitSignal(form.created, timeout=5000) as saved:
        form.save()
    ticket = saved.args[0]
    qtbot.waitUntil(
        lambda: next(c for c in backend.list_calls() if c.call_id == "c1").ticket_id == ticket.id,
        timeout=5000,
    )
    window.shutdown()


def test_calls_from_the_pbx_connection_pop_up_and_its_status_shows(
    qtbot: QtBot, backend: Services, qt_loop: object
) -> None:
    """A live AMI connection (a fake Asterisk on a real socket), an asyncio task on the Qt loop,
    feeding the console."""
    from dispatch_console.telephony.sources import source_for_settings
    from dispatch_console.ui.calls.pbx import PbxConnection
    from telephony.peers import FakeAmi, Script
    from telephony.test_ami import call

    open_tickets(backend, 1)  # the caller 13812345678 is a customer
    window = _window(qtbot, backend)
    window.calls.extension = "1001"  # the fake PBX rings PJSIP/1001
    peer = FakeAmi([Script([call()])])
    pbx = PbxConnection(source_for_settings("ami", "127.0.0.1", peer.port, "console", "s3cret"))
    pbx.call.connect(window.calls.on_event)
    pbx.status.connect(window.show_telephony_status)
    try:
        with qtbot.waitSignal(window.calls.popped, timeout=10000):
            pbx.start()
        assert window.telephony_state.text() == "☎ PBX connected"
        assert "Asterisk Call Manager/7.0.3" in window.telephony_state.toolTip()
        popup = window.calls.popups["asterisk-1740666060.311"]
        qtbot.waitUntil(lambda: popup.state.text() == "Call ended", timeout=5000)
        pbx.stop()  # cancelling the task closes the socket: no thread to wait for
        qtbot.waitUntil(lambda: not pbx.source.connected, timeout=3000)
    finally:
        pbx.stop()
        peer.close()
    window.shutdown()


@pytest.mark.parametrize(
    ("state", "text", "shown"),
    [
        ("silent", "no answer from the PBX: nothing for 30 s; reconnecting",
         "☎ PBX stopped answering, reconnecting"),
        ("refused", "login refused: Authentication failed; check the user and secret",
         "☎ PBX login refused: Authentication failed"),
        ("unreachable", "cannot reach pbx:5038: Connection refused; retrying in 4 s",
         "☎ PBX unreachable, retrying: Connection refused"),
    ],
)  # fmt: skip
def test_the_status_bar_says_what_the_connection_is_doing(
    qtbot: QtBot, backend: Services, state: str, text: str, shown: str
) -> None:
    from dispatch_console.telephony.status import Status

    window = _window(qtbot, backend)
    detail = text.split(": ", 1)[1].split(";", maxsplit=1)[0]
    window.show_telephony_status(Status(state, text, detail))  # type: ignore[arg-type]
    assert window.telephony_state.text() == shown
    assert window.telephony_state.toolTip() == text  # the PBX's own words for the curious
    window.shutdown()


def test_click_to_dial_goes_through_the_pbx_and_the_call_is_linked(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 1)
    dialled: list[tuple[str, str]] = []

    def dialer(extension: str, number: str) -> str:
        dialled.append((extension, number))
        return "dial-1"

    window = MainWindow(backend, backend.actor, "test", extension="8001", dialer=dialer)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    ticket = window.detail.ticket
    assert window.detail.call_button.isEnabled()
    with qtbot.waitSignal(window.dialing.called, timeout=5000):
        window.detail.call_button.click()
    assert dialled == [("8001", "13812345678")]  # as the dialplan expects: national digits
    call = next(c for c in backend.list_calls() if c.call_id == "dial-1")
    assert (call.direction.value, call.ticket_id, call.to_number) == (
        "outbound",
        ticket.id,
        "+8613812345678",
    )
    assert window.dial_from_link("+86 138 0000 1111") == "dial-1"  # a tel: link from a browser
    assert dialled[-1] == ("8001", "13800001111")
    qtbot.waitUntil(lambda: window.runner.in_flight == 0, timeout=5000)
    window.shutdown()


def test_a_tel_link_is_never_handed_back_to_the_tel_handler(
    qtbot: QtBot, backend: Services, monkeypatch: Any
) -> None:
    """The console may be the PC's tel: handler: with no PBX line it says so instead of opening
    the tel: link again (which would start it again, for ever)."""
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    open_tickets(backend, 1)
    window = _window(qtbot, backend)
    assert window.dial_from_link("13812345678") == ""
    assert opened == [] and "no PBX line" in window.statusBar().currentMessage()
    window.shutdown()


def test_without_a_pbx_the_number_goes_to_the_softphone_as_a_tel_url(
    qtbot: QtBot, backend: Services, monkeypatch: Any
) -> None:
    from PySide6.QtGui import QDesktopServices

    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toString()))
    open_tickets(backend, 1)
    window = _window(qtbot, backend)
    qtbot.waitUntil(lambda: window.detail.ticket is not None, timeout=5000)
    with qtbot.waitSignal(window.dialing.called, timeout=5000):
        window.call_customer()
    assert opened == ["tel:+8613812345678"]
    window.dialing.url_scheme = "sip"  # Settings > Telephony > Dial with
    with qtbot.waitSignal(window.dialing.called, timeout=5000):
        window.call_customer()
    assert opened[-1] == "sip:+8613812345678"
    assert [c.direction.value for c in backend.list_calls()] == ["outbound", "outbound"]
    window.shutdown()


def test_the_call_log_lists_calls_live_and_filters_missed_ones(
    qtbot: QtBot, backend: Services, store: Any
) -> None:
    from dispatch_console.ports import Actor

    window = _window(qtbot, backend)
    pbx = Services(store.unit_of_work, store.feed, Actor("pbx", "admin"))
    now = datetime.now(UTC)
    pbx.record_call_event("offered", "a1", now, from_number="13812345678", agent_extension="8001")
    pbx.record_call_event("answered", "a1", now, agent_extension="8001")
    pbx.record_call_event("ended", "a1", now)
    pbx.record_call_event("offered", "m1", now, from_number="13900001111")
    pbx.record_call_event("ended", "m1", now, cause="no answer")
    log = window.call_log
    qtbot.waitUntil(lambda: log.table.rowCount() == 2, timeout=5000)  # from the change feed
    assert [log.table.item(r, 3).text() for r in range(2)] == ["missed", "answered"]
    assert log.table.item(0, 2).text() == "139 0000 1111"
    log.missed_only.setChecked(True)
    qtbot.waitUntil(lambda: log.table.rowCount() == 1, timeout=5000)
    with qtbot.waitSignal(log.call_back, timeout=5000) as again:
        log.table.itemActivated.emit(log.table.item(0, 0))
    assert again.args[0].call_id == "m1"
    window.shutdown()


def test_the_pop_up_shows_the_callers_equipment_and_callbacks_and_takes_a_note(
    qtbot: QtBot, backend: Services
) -> None:
    from datetime import timedelta

    from dispatch_console.domain.tickets import TicketDraft
    from dispatch_console.ui.tickets.note_dialog import NoteDialog

    customer = backend.create_customer("静安分行", ["021 3775 5670"])
    site = backend.create_site("静安分行", "南京西路1号", 31.23, 121.47, customer_id=customer.id)
    asset = backend.create_asset(site.id, "OTIS GeN2", "SN-77", category="lift")
    ticket = backend.create_ticket(
        TicketDraft("phone", "lift", "high", "电梯异响", customer_id=customer.id, asset_id=asset.id)
    )
    backend.schedule_callback(
        "021 3775 5670", datetime.now(UTC) + timedelta(hours=2), ticket_id=ticket.id
    )
    window = _window(qtbot, backend)
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("02137755670"))
    popup = window.calls.popups["c1"]
    assert "OTIS GeN2 · SN-77" in popup.assets.text()
    assert "callback" in popup.assets.text()
    popup.note_button.click()
    qtbot.waitUntil(lambda: bool(window.findChildren(NoteDialog)), timeout=5000)
    assert window.findChildren(NoteDialog)[0].windowTitle().endswith(ticket.number)
    window.shutdown()


def test_only_inbound_calls_for_me_pop_and_a_colleague_taking_it_is_shown(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 1)
    window = _window(qtbot, backend)
    outbound = CallEvent(
        "offered", "o1", datetime.now(UTC), "outbound", "8001", "13812345678", "8001"
    )
    window.calls.on_event(outbound)
    assert "o1" not in window.calls.popups  # my own outgoing call is no incoming call
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("13812345678", call_id="g1"))
    window.calls.on_event(
        CallEvent("answered", "g1", datetime.now(UTC), "inbound", "13812345678", "", "8002")
    )
    assert window.calls.popups["g1"].state.text() == "Taken by extension 8002"

    window.calls.extension = None  # an agent with no extension set: no pop for the centre's calls
    window.calls.on_event(offer("13812345678", extension="8003", call_id="g2"))
    assert "g2" not in window.calls.popups
    window.shutdown()


class _Tray:
    """Stands in for the system tray, which the offscreen platform does not have."""

    def __init__(self) -> None:
        self.messages: list[tuple[str, str]] = []

    def showMessage(self, title: str, text: str) -> None:  # noqa: N802 (Qt's name)
        self.messages.append((title, text))


def test_the_tray_names_the_caller_for_an_agent_whose_console_is_behind(
    qtbot: QtBot, backend: Services
) -> None:
    open_tickets(backend, 2)
    window = _window(qtbot, backend)
    tray = _Tray()
    window.calls.tray = tray  # type: ignore[assignment]
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("13812345678"))
    qtbot.waitUntil(lambda: len(tray.messages) == 1, timeout=5000)
    title, text = tray.messages[0]
    assert "13812345678" in title.replace(" ", "")
    assert "客户 2" in text and "2 open ticket" in text
    with qtbot.waitSignal(window.calls.popped, timeout=5000):
        window.calls.on_event(offer("13700000000", call_id="c9"))
    qtbot.waitUntil(lambda: len(tray.messages) == 2, timeout=5000)
    assert tray.messages[1][1] == "Unknown caller"
    window.shutdown()


def test_with_calls_from_the_server_the_console_pops_what_the_log_says_rings_here(
    qtbot: QtBot, backend: Services
) -> None:
    from dispatch_console.config import ConsoleSettings

    open_tickets(backend, 1)
    settings = ConsoleSettings().model_copy(deep=True)
    settings.telephony.kind = "server"
    window = MainWindow(backend, backend.actor, "test", extension="8001", settings=settings)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    server = backend.as_actor(Actor("pbx", "pbx"))  # what the server records from the PBX
    with qtbot.waitSignal(window.calls.popped, timeout=10000):
        server.record_call_event(
            "offered", "srv-1", datetime.now(UTC), from_number="13812345678",
            agent_extension="8001",
        )  # fmt: skip
    popup = window.calls.popups["srv-1"]
    assert "客户 1" in popup.caller.text()
    server.record_call_event("offered", "srv-2", datetime.now(UTC), agent_extension="8002")
    server.record_call_event("ended", "srv-1", datetime.now(UTC))
    qtbot.waitUntil(lambda: "Missed" in popup.state.text(), timeout=10000)
    assert "srv-2" not in window.calls.popups  # a colleague's extension
    assert len(backend.list_calls()) == 2  # nothing recorded twice by the console
    window.shutdown()
