"""The Chats dock: open chats with unread ones marked, the chat with its customer and open
tickets, a ticket made from the chat through the usual form (its transcript attached), a chat
put on an existing ticket, new lines arriving live, and a colleague's link said plainly."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from dispatch_console.chat.generic import parse_generic
from dispatch_console.domain.enums import Channel
from dispatch_console.domain.schedule import AppointmentWindow
from dispatch_console.domain.tickets import TicketDraft
from dispatch_console.ports import Actor
from dispatch_console.services import Services
from dispatch_console.storage.store import SqlStore
from dispatch_console.ui.chat.panel import ChatPanel
from dispatch_console.ui.main_window import MainWindow
from dispatch_console.ui.tasks import TaskRunner

from .schedule_desk import desk_clock, tomorrow

PHONE = "13912345678"


def deliver(backend: Services, conv_id: str, *lines: tuple[str, str, str], **contact: str) -> None:
    """What the chat system posts: (message id, author, text) lines, a minute apart."""
    bot = backend.as_actor(Actor("wecom", "chat"))
    body: dict[str, Any] = {
        "source": "wecom",
        "conversation": {"id": conv_id, "channel": "WeChat",
                         "contact": contact or {"name": "王芳", "phone": PHONE}},
        "messages": [{"id": mid, "author": who, "text": text,
                      "at": f"2026-11-27T10:{int(mid[1:]):02d}:00+08:00"}
                     for mid, who, text in lines],
    }  # fmt: skip
    bot.receive_chat(parse_generic(body, bot.now()))


@pytest.fixture
def desk_backend(store: SqlStore) -> Services:
    """The agent's services on the desk's fixed clock (schedule_desk.NOW), not today's: a
    window booked "tomorrow" is never on a holiday."""
    return Services(store.unit_of_work, store.feed, Actor("agent1", "agent"), clock=desk_clock())


@pytest.fixture
def runner(qtbot: QtBot) -> Iterator[TaskRunner]:
    tasks = TaskRunner()
    yield tasks
    tasks.wait(5000)


def _panel(qtbot: QtBot, backend: Services, runner: TaskRunner, rows: int) -> ChatPanel:
    panel = ChatPanel(backend, runner)
    qtbot.addWidget(panel)
    panel.resize(1200, 520)
    panel.show()
    panel.reload()
    qtbot.waitUntil(lambda: panel.conversations.topLevelItemCount() == rows, timeout=5000)
    return panel


def test_open_chats_show_who_is_writing_and_their_open_tickets(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    fang = backend.create_customer("王芳", [PHONE])
    open_one = backend.create_ticket(
        TicketDraft("phone", "lift", "high", "电梯异响", customer_id=fang.id)
    )
    deliver(backend, "c-1", ("m1", "customer", "电梯停在5楼不动了"), ("m2", "agent", "收到"))
    deliver(backend, "c-2", ("m3", "customer", "hello?"), name="", phone="", email="x@y.cn")
    panel = _panel(qtbot, backend, runner, 2)
    rows = panel.conversations
    assert rows.unread() == 2
    newest, older = rows.topLevelItem(0), rows.topLevelItem(1)
    assert newest is not None and older is not None
    assert (newest.text(0), newest.text(1)) == ("x@y.cn", "hello?")  # no name: the address
    assert older.text(0) == "王芳" and older.font(0).bold()

    rows.setCurrentItem(older)
    qtbot.waitUntil(lambda: panel.pane.view is not None, timeout=5000)
    pane = panel.pane
    assert "电梯停在5楼不动了" in pane.transcript.toPlainText()
    assert "王芳" in pane.who.text()
    assert pane.tickets.count() == 1 and open_one.number in pane.tickets.item(0).text()
    assert not older.font(0).bold() and rows.unread() == 1
    assert pane.create_button.isEnabled() and not pane.link_button.isEnabled()


def test_a_ticket_is_made_from_a_chat_through_the_ticket_form(
    qtbot: QtBot, desk_backend: Services
) -> None:
    backend = desk_backend
    fang = backend.create_customer("王芳", [PHONE])
    deliver(backend, "c-1", ("m1", "customer", "三楼打印机卡纸"), ("m2", "customer", "型号M404"))
    window = MainWindow(backend, backend.actor, "test", clock=backend.now)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    window.show()
    window.chat.dock.show()
    panel = window.chat.panel
    qtbot.waitUntil(lambda: panel.conversations.topLevelItemCount() == 1, timeout=5000)
    assert window.chat.dock.windowTitle().endswith("(1)")  # one chat with unread lines
    panel.conversations.setCurrentItem(panel.conversations.topLevelItem(0))
    qtbot.waitUntil(lambda: panel.pane.view is not None, timeout=5000)
    qtbot.mouseClick(panel.pane.create_button, Qt.MouseButton.LeftButton)
    form = window.chat.form
    assert form is not None and form.isVisible()
    assert form.channel.currentData() == Channel.CHAT
    assert form.description.toPlainText() == "三楼打印机卡纸\n型号M404"
    assert form.customer is not None and form.customer.id == fang.id
    assert form.contact_phone.text() == "+8613912345678"
    form.category.setText("printer")
    form.appointment.set_window(AppointmentWindow(tomorrow(14), tomorrow(16)))  # 明天下午
    form.save()
    qtbot.waitUntil(lambda: panel.pane.view is not None and panel.pane.view.ticket is not None,
                    timeout=5000)  # fmt: skip
    ticket = panel.pane.view.ticket  # type: ignore[union-attr]
    assert ticket is not None and ticket.channel is Channel.CHAT
    assert backend.get_ticket(ticket.id).appointment_starts_at == tomorrow(14)
    assert ticket.number in panel.pane.who.text() and panel.pane.open_button.isVisible()
    assert not panel.pane.create_button.isEnabled()  # one chat, one ticket
    history = backend.ticket_history(ticket.id)
    assert history.attachments[0].filename.startswith("chat-")
    qtbot.waitUntil(lambda: window.detail.ticket is not None
                    and window.detail.ticket.id == ticket.id, timeout=5000)  # fmt: skip
    window.runner.wait(5000)
    window.shutdown()


def test_a_chat_is_put_on_an_open_ticket_and_new_lines_arrive_live(
    qtbot: QtBot, backend: Services
) -> None:
    fang = backend.create_customer("王芳", [PHONE])
    ticket = backend.create_ticket(
        TicketDraft("phone", "hvac", "normal", "空调滴水", customer_id=fang.id)
    )
    deliver(backend, "c-1", ("m1", "customer", "上次报修的空调还在滴水"))
    window = MainWindow(backend, backend.actor, "test", clock=backend.now)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.model.loaded, timeout=5000):
        window.start()
    panel = window.chat.panel
    qtbot.waitUntil(lambda: panel.conversations.topLevelItemCount() == 1, timeout=5000)
    panel.conversations.setCurrentItem(panel.conversations.topLevelItem(0))
    qtbot.waitUntil(lambda: panel.pane.tickets.count() == 1, timeout=5000)
    panel.pane.tickets.setCurrentRow(0)
    assert panel.pane.link_button.isEnabled()
    panel.pane.link_button.click()
    qtbot.waitUntil(lambda: panel.pane.view is not None and panel.pane.view.ticket is not None,
                    timeout=5000)  # fmt: skip
    assert backend.ticket_history(ticket.id).chat_messages[0].body == "上次报修的空调还在滴水"

    deliver(backend, "c-1", ("m2", "customer", "师傅今天能来吗？"))  # the feed brings it
    qtbot.waitUntil(lambda: "师傅今天能来吗" in panel.pane.transcript.toPlainText(), timeout=10000)
    qtbot.waitUntil(lambda: "师傅今天能来吗" in window.detail.body.toPlainText(),
                    timeout=10000)  # fmt: skip
    window.runner.wait(5000)
    window.shutdown()


def test_a_chat_a_colleague_linked_meanwhile_says_so(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    fang = backend.create_customer("王芳", [PHONE])
    first = backend.create_ticket(TicketDraft("phone", "lift", "high", "a", customer_id=fang.id))
    backend.create_ticket(TicketDraft("phone", "lift", "high", "b", customer_id=fang.id))
    deliver(backend, "c-1", ("m1", "customer", "电梯又坏了"))
    panel = _panel(qtbot, backend, runner, 1)
    panel.conversations.setCurrentItem(panel.conversations.topLevelItem(0))
    qtbot.waitUntil(lambda: panel.pane.tickets.count() == 2, timeout=5000)
    conv = backend.list_conversations()[0]
    backend.as_actor(Actor("bob", "agent")).link_chat(conv.id, first.id)
    panel.pane.tickets.setCurrentRow(1)
    panel.pane.link_button.click()
    qtbot.waitUntil(lambda: bool(panel.pane.error.text()), timeout=5000)
    qtbot.waitUntil(lambda: panel.pane.view is not None and panel.pane.view.ticket is not None,
                    timeout=5000)  # fmt: skip
    assert first.number in panel.pane.error.text()  # "already on ticket T..."
    assert first.number in panel.pane.who.text()  # now on the colleague's ticket
    assert not panel.pane.link_button.isEnabled()


def test_a_visitors_chat_is_linked_by_typing_the_ticket_number(
    qtbot: QtBot, backend: Services, runner: TaskRunner
) -> None:
    ticket = backend.create_ticket(TicketDraft("phone", "kiosk", "normal", "屏幕黑屏"))
    deliver(backend, "c-7", ("m1", "customer", "我是前台，自助机又黑屏了"), name="", phone="",
            email="")  # fmt: skip
    panel = _panel(qtbot, backend, runner, 1)
    panel.conversations.setCurrentItem(panel.conversations.topLevelItem(0))
    qtbot.waitUntil(lambda: panel.pane.view is not None, timeout=5000)
    pane = panel.pane
    assert pane.tickets.count() == 0 and pane.ticket_number.isVisible()  # no customer, no list
    qtbot.keyClicks(pane.ticket_number, "first one")
    qtbot.keyClick(pane.ticket_number, Qt.Key.Key_Return)
    assert "T0000123" in pane.error.text()  # says what a number looks like
    pane.ticket_number.setText(ticket.number.lower())
    qtbot.keyClick(pane.ticket_number, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: pane.view is not None and pane.view.ticket is not None, timeout=5000)
    assert backend.ticket_history(ticket.id).chat_messages[0].body == "我是前台，自助机又黑屏了"
    assert not pane.ticket_number.isVisible()


def test_chat_lines_in_the_timeline_say_who_wrote_them_as_written(qapp: Any) -> None:
    from datetime import UTC, datetime

    from dispatch_console.domain.chat import Author, ChatMessage
    from dispatch_console.domain.enums import Priority, TicketStatus
    from dispatch_console.domain.tickets import Ticket
    from dispatch_console.domain.timeline import TicketHistory
    from dispatch_console.ui.tickets.timeline_text import describe

    at = datetime(2026, 11, 27, 2, 0, tzinfo=UTC)
    ticket = Ticket(1, Channel.CHAT, "kiosk", Priority.NORMAL, TicketStatus.NEW, "x", at, at,
                    contact_name="王芳")  # fmt: skip
    history = TicketHistory(ticket)
    said = ChatMessage(1, 1, "m1", Author.CUSTOMER, "", "<b>100%2</b> broken", at)
    assert describe(said, history) == "Chat · 王芳: &lt;b&gt;100%2&lt;/b&gt; broken"
    bot = ChatMessage(2, 1, "m2", Author.BOT, "", "您好", at)
    assert describe(bot, history) == "Chat · chat bot: 您好"
    odd = ChatMessage(3, 1, "m3", Author.AGENT, "Li %2", "hi", at)
    assert describe(odd, history) == "Chat · Li %2: hi"
